"""Walkthrough, redraw policy (nothing changed: nothing drawn; map-only changes: only the map),
resolution progress, and the play command's flags and bad input."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.cli import main as cli_main
from game.ui.flow import Match
from game.ui.scenes.game import GameScene
from game.ui.scenes.resolution import ResolutionScene
from game.session.local import GameSession
from game.ui.settings import Settings, load_settings
from game.ui.walkthrough import STEPS

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def start(gui, **kw):
    session = GameSession.start(FOUR_WORLDS, "w4", seed=4, humans=(0,), **kw)
    Match(gui.app, session).begin()
    gui.step()
    return gui.app.top


@pytest.mark.slow
def test_walkthrough_steps_and_skip_is_remembered(make_app, tmp_path):
    from conftest import UiDriver
    cfg = tmp_path / "s.json"
    app = make_app(settings_file=cfg)
    assert not app.settings.walkthrough_done
    gui = UiDriver(app)
    sc = start(gui)
    wt = sc.walkthrough
    assert wt is not None and wt.step == 0
    gui.press(wt.next_button)
    assert sc.walkthrough.step == 1
    gui.press(sc.walkthrough.next_button)
    assert sc.walkthrough.step == 2 and STEPS[2][2] == "modes"
    gui.press(sc.walkthrough.skip_button)
    assert sc.walkthrough is None
    assert load_settings(cfg).settings.walkthrough_done
    assert sc.panel.end_turn_button.visible


def test_nothing_changed_nothing_drawn_and_map_moves_redraw_only_the_map(gui):
    sc = start(gui)
    gui.step(3)
    draws = gui.app.draws
    gui.app.step(0.01)
    gui.app.step(0.01)
    assert gui.app.draws == draws                      # idle: no redraw
    partial = gui.app.partial_draws
    pos = sc.mapview.hex_screen_pos(sc.view.gmap.hex_id(3, 3))
    gui.move(pos)                                      # entering the map: one full redraw
    gui.move((pos[0] + 3, pos[1]))
    assert gui.app.partial_draws == partial + 1
    h = sc.view.gmap.hex_id(2, 2)
    gui.key(pygame.K_LEFT)
    assert gui.app.partial_draws >= partial + 2
    g = sc.view.gmap
    x, y = sc.mapview.hex_screen_pos(h)
    gui.key(pygame.K_2)                                # a mode change redraws everything
    assert gui.pixel((x, y)) == tuple(int(g.rules.terrain[g.terrain[h]].colour[i:i + 2], 16) for i in (1, 3, 5))


def test_resolution_shows_progress_while_the_ai_thinks(gui):
    sc = start(gui, threaded=False)
    assert isinstance(sc, GameScene)
    gui.press(sc.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert res.revealed == len(res.events)


def test_widgets_made_during_an_update_are_drawn_in_that_frame(gui):
    import threading
    from game.sim.runner import default_policy
    gate, ai = threading.Event(), default_policy()
    session = GameSession.start(FOUR_WORLDS, "w4", seed=4, humans=(0,),
                                policy=lambda view: (gate.wait(30), ai(view))[1])
    Match(gui.app, session).begin()
    gui.step()
    gui.press(gui.app.top.panel.end_turn_button)
    res = gui.app.top
    gui.step(3)
    assert res.phase == "computing" and res.continue_button is None
    gate.set()
    session.job.wait(30)
    gui.step()                                     # applies the turn, reveals everything, builds the button
    assert res.phase == "summary"
    # no further frame may be drawn for a while (nothing changes), so the button must be on screen now
    # (most of its face, not its centre pixel: where the label's glyphs fall differs between font renderers)
    rect = res.continue_button.rect
    face = [gui.pixel((x, y)) for x in range(rect.left + 4, rect.right - 4, 3) for y in range(rect.top + 4, rect.bottom - 4, 3)]
    assert face.count((0x8a, 0x6a, 0x24)) > len(face) // 2


def test_events_are_revealed_one_by_one_at_normal_speed(make_app):
    from conftest import UiDriver
    app = make_app(settings=Settings(walkthrough_done=True, reveal_speed=1.0))
    gui = UiDriver(app)
    sc = start(gui)
    gui.press(sc.panel.end_turn_button)
    res = app.top
    gui.until(lambda: res.phase != "computing")
    assert res.phase == "revealing" and res.revealed < len(res.events)
    shown = res.revealed
    for _ in range(40):
        app.step(0.05)
    assert res.revealed > shown
    gui.key(pygame.K_SPACE)                           # show all
    assert res.phase == "summary"


@pytest.mark.parametrize("argv,msg", [
    (["play", "--scenario", "nope.yaml"], "nope.yaml"),
    (["play", "--scenario", str(FOUR_WORLDS), "--nation", "Ruritania"], "no state 'Ruritania'"),
    (["play", "--scenario", str(FOUR_WORLDS), "--variant", "w9"], "no variant 'w9'"),
    (["play", "--window", "big"], "WIDTHxHEIGHT"),
    (["play", "--load", "missing.json"], "missing.json"),
])
def test_play_rejects_bad_input_with_one_line_and_exit_2(argv, msg, capsys, ui_dirs):
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert msg in err and "Traceback" not in err


def test_play_opens_a_game_and_saves_a_screenshot(ui_dirs, tmp_path):
    shot = tmp_path / "shot.png"
    rc = cli_main(["play", "--scenario", str(FOUR_WORLDS), "--variant", "w2", "--nation", "Borduria",
                   "--max-frames", "3", "--screenshot", str(shot), "--skip-walkthrough", "--window", "1280x800"])
    assert rc == 0
    img = pygame.image.load(str(shot))
    assert img.get_size() == (1280, 800)


def test_a_session_saves_and_loads_through_the_saves_api(ui_dirs, tmp_path):
    from game.engine.orders import Orders
    from game.ui.persistence import load_session, save_session
    s = GameSession.start(FOUR_WORLDS, "w3", seed=9, humans=(1,), threaded=False)
    s.submit(1, Orders(1, {0: "C"}))
    s.start_resolution()
    s.finish_resolution()
    path = save_session(s, tmp_path / "g.json")
    back = load_session(path, threaded=False)
    assert back.state.state_hash() == s.state.state_hash()
    assert back.human_nations() == [1] and back.state.turn == 2
    assert len(back.orders_log) == 1 and back.motives_of(0) == s.motives_of(0)
    rc = cli_main(["play", "--load", str(path), "--max-frames", "2"])
    assert rc == 0


def test_two_human_seats_give_orders_in_turn_each_from_their_own_view(gui):
    session = GameSession.start(FOUR_WORLDS, "w4", seed=4, humans=(0, 1))
    Match(gui.app, session).begin()
    gui.step()
    first = gui.app.top
    assert isinstance(first, GameScene) and first.view.me == 0
    gui.press(first.panel.end_turn_button)
    second = gui.app.top
    assert isinstance(second, GameScene) and second.view.me == 1
    assert second.mapview is not first.mapview and second.log is not first.log
    gui.key(pygame.K_RETURN)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert sorted(session.orders_log[0]) == [0, 1]


def test_the_game_screen_follows_a_window_resize(gui):
    sc = start(gui)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1280, 760), w=1280, h=760))
    gui.step()
    sc = gui.app.top
    assert sc.panel_rect.right == 1280 and sc.log_rect.bottom == 760
    assert sc.mapview.rect == sc.map_rect and sc.panel.end_turn_button.rect.bottom <= 760
    h = sc.view.gmap.hex_id(4, 4)
    assert sc.mapview.hex_at(sc.mapview.hex_screen_pos(h)) == h


def test_table_columns_fit_or_shrink_the_text_columns():
    from game.ui.scenes.debrief import table_columns
    xs, widths = table_columns([100, 80, 40, 40], 400)                 # fits: spread with the spare room
    assert widths == [100, 80, 40, 40] and xs[0] == 0 and xs[-1] + widths[-1] <= 400
    assert all(b - a >= w + 14 for a, b, w in zip(xs, xs[1:], widths))
    xs, widths = table_columns([200, 120, 60, 60], 380)                 # too wide: names and types give way
    assert widths[2:] == [60, 60] and widths[0] < 200 and widths[1] < 120
    assert xs[-1] + widths[-1] <= 380 and all(b - a >= w + 8 for a, b, w in zip(xs, xs[1:], widths))


@pytest.mark.parametrize("size", [(1024, 640), (1600, 900)])
def test_debrief_buttons_and_score_table_fit_the_window(make_app, size):
    """At the minimum window size the debrief's four buttons used to overlap each other and the
    score table's headings ran into one another."""
    from conftest import UiDriver
    from game.ui.scenes.debrief import DebriefScene
    app = make_app(size=size)
    gui = UiDriver(app)
    session = GameSession.start(FOUR_WORLDS, "w4", seed=4, humans=(0,), sets=["victory.max_turns=1"])
    Match(app, session).begin()
    gui.step()
    gui.key(pygame.K_RETURN)
    gui.until(lambda: isinstance(app.top, (ResolutionScene, DebriefScene)))
    from game.ui.scenes.verdict import VerdictScene
    while isinstance(app.top, (ResolutionScene, VerdictScene)):
        gui.key(pygame.K_RETURN)
    gui.until(lambda: isinstance(app.top, DebriefScene))
    deb = app.top
    app.render()
    log = deb.motives_log.text()
    assert log.count("Its read of the others:") == 1                 # Borduria's; the human seat has none
    assert "Its read of the others: Aland: greedy" in log and "revealed: security seeker" in log
    w, h = app.screen.get_size()
    names = ("save_charts", "save_game", "new_game", "to_title")
    rects = sorted((e.rect for e in deb.root.elements if any(n in e.most_specific_combined_id for n in names)),
                   key=lambda r: r.x)
    assert len(rects) == 4
    assert all(a.right <= b.left for a, b in zip(rects, rects[1:])) and rects[-1].right <= w
    assert all(r.left >= deb.chart_rect.left for r in rects)
