"""At the smallest window (1024x640): no text under the map-mode buttons, no status over the stance
buttons, the legend folded rather than over a third of the map, the curtain's button whole, and a
button whose text is cut carries it in full as a tooltip."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.ui.flow import Match
from game.ui.scenes.curtain import CurtainScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


@pytest.fixture
def small(make_app):
    from conftest import UiDriver, open_orders_screen
    app = make_app(size=(1024, 640))
    open_orders_screen(app)
    return UiDriver(app)


def test_the_top_bar_line_ends_before_the_mode_buttons(small):
    scene = small.app.top
    font = small.app.fonts.get(14)
    title_w = small.app.fonts.get(18, True).size(scene.view.nations[0].name)[0]
    x = 44 + title_w + 16
    treasury = scene.view.my_nation.treasury
    text = scene.top_bar_text(treasury, scene.modes_rect.x - x - 8)
    assert text.startswith("Turn 1/30") and f"score {scene.score:.0f}" in text
    assert x + font.size(text)[0] <= scene.modes_rect.x
    # at full width everything is said
    assert scene.top_bar_text(treasury, 2000).endswith(scene.scenario_name)


def test_the_status_never_covers_the_stance_buttons(small):
    scene = small.app.top
    card = scene.panel.card
    for lab in scene.panel.status_label:
        assert not lab.rect.colliderect(card.coop_button.rect) and not lab.rect.colliderect(card.defect_button.rect)
        assert not lab.rect.colliderect(scene.panel.undo_button.rect)


def test_the_legend_starts_folded_when_it_would_cover_the_map(small):
    mv = small.app.top.mapview
    assert not mv.show_legend
    small.click(mv.legend_tab_rect.center)
    assert mv.show_legend


def test_the_curtain_button_reads_in_full_and_long_buttons_get_a_tooltip(small):
    app = small.app
    curtain = CurtainScene(app, "Greater Borduria", lambda: None)
    app.reset(curtain)
    small.step()
    b = curtain.ready_button
    assert b.text == "I am Greater Borduria: show my screen"
    assert app.fonts.get(16, True).size(b.text)[0] < b.rect.w - 16
    long = curtain.button((0, 0, 80, 30), "A very long button text", lambda: None)
    assert long.tool_tip_text == "A very long button text"
    short = curtain.button((0, 40, 300, 30), "OK", lambda: None)
    assert short.tool_tip_text is None


@pytest.mark.parametrize("size", [(1024, 640), (1600, 900)])
def test_the_seminar_map_preview_of_a_large_map_stays_in_its_box(make_app, size):
    from conftest import UiDriver
    from game.ui.scenes.seminar_setup import SeminarSetupScene
    app = make_app(size=size, maps_dirs=[FOUR_WORLDS.parent])
    gui = UiDriver(app)
    gui.press(app.top.buttons["seminar"])
    setup = app.top
    assert isinstance(setup, SeminarSetupScene)
    k = next(i for i, e in enumerate(setup.entries) if e.path.name == "concert_of_powers.yaml")
    setup.select_scenario(k)
    gui.step(2)
    setup = app.top
    img = setup._preview_surface()
    box = setup.preview_rect
    assert img is not None
    placed = img.get_rect(center=box.center)
    assert box.contains(placed), f"preview {placed} outside its box {box}"
    assert not box.colliderect(setup.scenario_list.rect)
    assert all(not box.colliderect(b.rect) for b in (setup.resume_button,))


def test_the_verdict_of_an_eight_state_game_fits_the_small_window(make_app):
    from conftest import UiDriver
    from game.ui.scenes.verdict import VerdictScene
    import pygame
    app = make_app(size=(1024, 640))
    gui = UiDriver(app)
    session = GameSession.start(FOUR_WORLDS.parent / "concert_of_powers.yaml", None, seed=5, humans=(0,),
                                sets=["victory.max_turns=1"], threaded=False)
    Match(app, session).begin()
    gui.step()
    gui.press(app.top.panel.end_turn_button)
    gui.until(lambda: app.top.phase == "summary")
    gui.key(pygame.K_RETURN)
    v = app.top
    assert isinstance(v, VerdictScene)
    app.render()
    window = app.screen.get_rect()
    (card,) = v.card_rects.values()
    assert window.contains(card) and window.contains(v.table_rect)
    assert not card.colliderect(v.table_rect)
    assert card.h >= v._card_height(v.verdicts[0], card.w)          # the whole card's text fits in it


def test_a_shortened_line_carries_the_whole_text_as_its_tooltip(small):
    scene = small.app.top
    text = "Build: choose a unit, then click one of your hexes, and a great deal more besides"
    lab = scene.label((0, 0, 200, 22), text, cls="heading")
    assert lab.text.endswith("...") and lab.tool_tip_text == text
    whole = scene.label((0, 30, 600, 22), "Short", cls="heading")
    assert whole.text == "Short" and whole.tool_tip_text is None


def test_eight_offered_seats_fit_beside_the_join_form(make_app):
    """Join a game at 1024x640 with a host's eight seats offered: every seat button inside the window,
    none over the form's entries and buttons (the facilitator's row included)."""
    app = make_app(size=(1024, 640))
    app.push(app.build_screen("network_join"))
    join = app.top
    join.offered = [(k, f"State {k} of the Concert", i % 2 == 0) for i, k in enumerate("ABCDEFGH")]
    join.rebuild()
    app.step()
    window = app.screen.get_rect()
    seats = [b.rect for b in join.seat_buttons.values()]
    form = [e.rect for e in join.entries.values()] + [b.rect for b in (join.join_button, join.room_button,
                                                                        join.facilitator_button, join.seats_button)]
    assert len(seats) == 8 and all(window.contains(r) for r in seats)
    assert not any(s.colliderect(f) for s in seats for f in form)
