"""The orders phase: stance card, confirmations, undo, builds placed on the map, attacks, budget,
treaties, End turn -> resolution -> next turn; and the scene reads only its own PlayerView."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from conftest import open_orders_screen

from game.engine.orders import Attack, Build
from game.engine.state import GameState
from game.engine.views import PlayerView, PublicNation
from game.ui.flow import Match
from game.ui.dialogs import ConfirmDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.resolution import ResolutionScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


@pytest.fixture
def scene(gui):
    return open_orders_screen(gui.app)


def test_the_scene_holds_only_the_human_seats_view(scene):
    assert isinstance(scene, GameScene)
    assert isinstance(scene.view, PlayerView) and scene.view.me == 0
    assert all(isinstance(n, PublicNation) for n in scene.view.nations)
    holders = [scene, scene.panel, scene.mapview, scene.port]
    for obj in holders:
        for name, value in vars(obj).items():
            if name.startswith("_"):
                continue
            assert not isinstance(value, (GameState, GameSession)), f"{type(obj).__name__}.{name} holds {type(value).__name__}"
    # what the view says about Borduria is public or an estimate: no type, strategy or treasury
    b = scene.view.nations[1]
    assert not any(hasattr(b, k) for k in ("ai_type", "strategy", "treasury", "security_requirement"))


def test_stance_card_shows_the_stage_game_from_my_side(scene):
    card = scene.panel.card
    g = scene.view.games[1]
    assert card.cells["CC"].text.endswith(f"{g.cc:+.1f}") and card.cells["DD"].text.endswith(f"{g.dd:+.1f}")
    assert card.cells["DC"].text.endswith(f"{g.dc:+.1f}") and card.cells["CD"].text.endswith(f"{g.cd:+.1f}")
    assert g.kind in card.kind.text
    assert f"World {g.world}" in card.world.text


@pytest.mark.slow
def test_first_defection_asks_for_confirmation_then_not_again(gui, scene):
    gui.press(scene.panel.card.defect_button)
    dlg = gui.app.top
    assert isinstance(dlg, ConfirmDialog) and "Defect against Borduria" in dlg.title
    gui.press(dlg.buttons[1])                                  # Cancel
    assert gui.app.top is scene and scene.draft.stance(1) == "C"
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])                          # Defect
    assert gui.app.top is scene and scene.draft.stance(1) == "D"
    assert scene.panel.card.defect_button.is_selected
    gui.press(scene.panel.card.coop_button)
    assert scene.draft.stance(1) == "C"
    gui.press(scene.panel.card.defect_button)                  # confirmed once for this neighbour: no dialog
    assert gui.app.top is scene and scene.draft.stance(1) == "D"


@pytest.mark.slow
def test_undo_button_and_ctrl_z(gui, scene):
    assert not scene.panel.undo_button.is_enabled
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])
    assert scene.draft.stance(1) == "D"
    gui.press(scene.panel.undo_button)
    assert scene.draft.stance(1) == "C"
    gui.press(scene.panel.tab_buttons["forces"])
    gui.press(scene.panel.unit_buttons["infantry"])
    own = scene.view.my_nation.capital
    gui.click(scene.mapview.hex_screen_pos(own))
    assert scene.draft.builds == (Build("infantry", own, 1),)
    gui.key(pygame.K_z, mod=pygame.KMOD_CTRL)
    assert scene.draft.builds == ()


@pytest.mark.slow
def test_build_by_clicking_the_map(gui, scene):
    gui.press(scene.panel.tab_buttons["forces"])
    gui.press(scene.panel.unit_buttons["at_gun"])
    assert scene.placing == "at_gun" and scene.panel.unit_buttons["at_gun"].is_selected
    g, owner = scene.view.gmap, scene.view.owner
    mine = g.hex_id(2, 2)
    enemy = g.hex_id(9, 2)
    gui.click(scene.mapview.hex_screen_pos(mine))
    gui.click(scene.mapview.hex_screen_pos(mine))
    gui.click(scene.mapview.hex_screen_pos(enemy))
    assert owner[mine] == 0 and owner[enemy] == 1
    assert scene.draft.builds == (Build("at_gun", mine, 2),)
    assert "own hexes" in scene.status
    assert scene.mapview.highlights[mine] == "build"
    assert "planned builds 24.0" in scene.panel.slider_labels["defence"].text
    gui.key(pygame.K_ESCAPE)
    assert scene.placing is None


@pytest.mark.slow
def test_budget_slider_changes_the_draft_and_keeps_the_total_at_most_one(gui, scene):
    gui.press(scene.panel.tab_buttons["forces"])
    s = scene.panel.sliders["offence"]
    gui.press(s.right_button)
    gui.step()
    assert scene.draft.budget.offence == pytest.approx(0.05)
    for _ in range(40):
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=s.right_button.rect.center, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=s.right_button.rect.center, button=1))
        gui.step()
    gui.step(2)
    b = scene.draft.budget
    assert b.economy + b.offence + b.defence <= 1.0 + 1e-9
    assert b.offence == pytest.approx(0.3)
    assert "Offence 30%" in scene.panel.slider_labels["offence"].text
    gui.press(scene.panel.undo_button)                         # a whole drag is one undo step
    assert scene.draft.budget.offence == 0.0


@pytest.mark.slow
def test_attack_needs_defection_and_is_confirmed(gui, scene):
    g, view = scene.view.gmap, scene.view
    src = next(h for h in view.my_units if any(view.owner[lk.dst] == 1 for lk in g.links[h]))
    dst = next(lk.dst for lk in g.links[src] if view.owner[lk.dst] == 1)
    gui.click(scene.mapview.hex_screen_pos(src))
    assert scene.mapview.selected == src and scene.mapview.highlights.get(dst) == "option"
    gui.click(scene.mapview.hex_screen_pos(dst))
    dlg = gui.app.top
    assert isinstance(dlg, ConfirmDialog) and "Attack Borduria" in dlg.title
    gui.press(dlg.buttons[0])
    assert scene.draft.stance(1) == "D"
    assert scene.draft.attacks == (Attack(dst, (src,)),)
    assert scene.mapview.arrows == [(src, dst, (235, 60, 50))]
    assert "Attacks planned on them: 1" in [lab.text for lab in scene.panel.panel.get_container().elements
                                            if hasattr(lab, "text")]
    gui.press(scene.panel.card.coop_button)                    # cooperating again cancels the attack
    assert scene.draft.attacks == ()


def test_treaty_proposal_toggles(gui, scene):
    gui.press(scene.panel.tab_buttons["treaties"])
    b = scene.panel.treaty_buttons[("trade", 1)]
    gui.press(b)
    assert [(p.kind, p.to) for p in scene.draft.proposals] == [("trade", 1)]
    gui.press(scene.panel.treaty_buttons[("offensive_ban", 1)])
    ban = scene.draft.proposals[1]
    assert ban.kind == "offensive_ban" and ban.hexes and all(scene.view.owner[h] in (0, 1) for h in ban.hexes)
    gui.press(scene.panel.treaty_buttons[("trade", 1)])
    assert [p.kind for p in scene.draft.proposals] == ["offensive_ban"]


@pytest.mark.slow
def test_end_turn_resolves_and_opens_the_next_turn(gui, scene):
    gui.press(scene.panel.tab_buttons["forces"])
    gui.press(scene.panel.unit_buttons["at_gun"])
    cap = scene.view.my_nation.capital
    gui.click(scene.mapview.hex_screen_pos(cap))
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert res.revealed == len(res.events) > 0
    assert any(e.kind == "stance" for e in res.events)
    assert any(line.startswith("Outcomes: Aland-Borduria") for line in res.summary)
    assert "Aland orders 1 Anti-tank guns" in res.log.text()
    gui.key(pygame.K_RETURN)
    nxt = gui.app.top
    assert isinstance(nxt, GameScene) and nxt.view.turn == 2
    assert nxt.log is res.log and "T1 [stances]" in nxt.log.text()


@pytest.mark.parametrize("variant, text", [(None, None), ("mirv", "attack x3 by surprise, striker's war cost -80%")])
def test_stance_card_says_what_going_first_buys(gui, variant, text):
    """Under secure second strike (bonus 1) there is nothing to say; under MIRV the card shows the
    surprise multiplier and the damage a counterforce strike spares the striker (the era's data)."""
    cold_war = FOUR_WORLDS.parent / "cold_war.yaml"
    session = GameSession.start(cold_war, variant, seed=2, humans=(0,))
    Match(gui.app, session).begin()
    gui.step()
    card = gui.app.top.panel.card
    if text is None:
        assert card.first_strike is None
    else:
        assert card.first_strike.text == f"Going first: {text}" and card.first_strike.visible


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1600, 900), (1920, 1080)])
@pytest.mark.slow
def test_map_mode_buttons_never_cover_the_state_name(make_app, size):
    """At the smallest window the mode buttons used to start left of x = 0, over the state's colour
    and name; they now move to the window's right edge when the map is too narrow for them."""
    from game.ui.scenes.game import MODES_MIN_X
    app = make_app(size=size)
    session = GameSession.start(FOUR_WORLDS, "w1", seed=5, humans=(0,))
    Match(app, session).begin()
    app.step()
    scene = app.top
    buttons = list(scene.mode_buttons.values())
    w, _ = app.screen.get_size()
    assert min(b.rect.left for b in buttons) >= MODES_MIN_X and scene.modes_rect.right <= w
    title_right = 44 + app.fonts.get(18, True).size(scene.view.nations[0].name)[0]
    assert title_right < min(b.rect.left for b in buttons)
    if scene.map_rect.right - scene.modes_rect.w >= MODES_MIN_X:      # wide window: above the map's right edge
        assert scene.modes_rect.right == scene.map_rect.right
