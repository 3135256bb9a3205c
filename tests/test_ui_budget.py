"""A first offensive build is never rejected silently because offence defaults to 0%: placing it
raises the offence share (from the reserve); builds the budget cannot pay ask before End turn; the
reserve is explained."""
from __future__ import annotations

from pathlib import Path

from game.engine.budget import planned_costs, shortfalls
from game.engine.orders import Budget
from game.ui.flow import Match
from game.ui.dialogs import ConfirmDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.resolution import ResolutionScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def _scene(gui):
    session = GameSession.start(FOUR_WORLDS, "w1", seed=5, humans=(0,), threaded=False)
    Match(gui.app, session).begin()
    gui.step()
    return gui.app.top


def test_placing_an_armour_build_raises_the_offence_share_and_it_is_built(gui):
    scene = _scene(gui)
    assert scene.draft.budget.offence == 0.0
    gui.press(scene.panel.tab_buttons["forces"])
    assert "Reserve 30%" in scene.panel.reserve_label.text and "stays in the treasury" in scene.panel.reserve_label.text
    gui.press(scene.panel.unit_buttons["armour"])
    cap = scene.view.my_nation.capital
    gui.click(scene.mapview.hex_screen_pos(cap))
    b = scene.draft.budget
    assert b.offence * scene.treasury >= 30.0 - 1e-6
    assert "offence budget rises" in scene.status
    assert round(scene.panel.sliders["offence"].get_current_value()) == round(b.offence * 100)
    assert not shortfalls(b, scene.treasury, planned_costs(scene.view.era, scene.draft.builds))
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert any(e.kind == "build" and e.data.get("unit") == "armour" for e in res.events)
    assert not any(e.kind == "order_rejected" for e in res.events)


def test_builds_the_budget_cannot_pay_ask_before_end_turn(gui):
    scene = _scene(gui)
    gui.press(scene.panel.tab_buttons["forces"])
    gui.press(scene.panel.unit_buttons["armour"])
    gui.click(scene.mapview.hex_screen_pos(scene.view.my_nation.capital))
    scene.history.set_budget(Budget(0.5, 0.0, 0.2))      # the player pulls offence back to 0%
    scene.changed()
    gui.press(scene.panel.end_turn_button)
    dlg = gui.app.top
    assert isinstance(dlg, ConfirmDialog) and "cannot be paid" in dlg.title
    gui.press(dlg.buttons[1])                             # Cancel: back to the orders
    assert isinstance(gui.app.top, GameScene) and not scene.ended
    gui.press(scene.panel.end_turn_button)
    gui.press(gui.app.top.buttons[0])                     # End turn anyway
    assert isinstance(gui.app.top, ResolutionScene)
