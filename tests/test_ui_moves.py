"""Moving forces in the orders screen (docs/rules.md §11): select a stack, its reach is outlined;
right-click one of your hexes within reach and a move joins the draft (undoable, drawn as an arrow,
written in the log and listed on the Forces tab); End turn moves the units before the attacks."""
from __future__ import annotations

from game.engine.movement import stack_points
from game.engine.orders import Move
from game.ui.palette import MOVE
from game.ui.scenes.resolution import ResolutionScene
from test_ui_game import scene  # noqa: F401  (the fixture: Four Worlds W1, Aland human, seed 5)


def _stack_and_reach(scene):
    view = scene.view
    for src in sorted(view.my_units):
        reach = scene.reach_of(src)
        if reach:
            return src, min(reach, key=lambda h: (-reach[h], h))
    raise AssertionError("no movable stack")


def test_select_right_click_moves_with_undo_and_log(gui, scene):
    view = scene.view
    src, dst = _stack_and_reach(scene)
    units = {k: n for k, n in view.my_units[src].items() if stack_points(view.era, [k]) > 0}
    gui.click(scene.mapview.hex_screen_pos(src))
    assert scene.mapview.selected == src and scene.mapview.highlights.get(dst) == "reach"
    far = next(h for h in range(view.gmap.size) if view.owner[h] == 0 and h != src and h not in scene.reach_of(src))
    gui.click(scene.mapview.hex_screen_pos(far), button=3)       # out of reach: refused, said why
    assert scene.draft.moves == () and "Cannot move there" in scene.status
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.click(scene.mapview.hex_screen_pos(dst), button=3)
    assert scene.draft.moves == (Move.of(src, dst, units),)
    assert (src, dst, MOVE) in scene.mapview.arrows and scene.mapview.highlights.get(dst) == "move"
    assert "Draft: move" in scene.log.text()
    gui.press(scene.panel.tab_buttons["forces"])
    labels = [e.text for e in scene.panel.panel.get_container().elements if hasattr(e, "text")]
    assert any(view.gmap.label(src) in t and view.gmap.label(dst) in t for t in labels)
    gui.step()
    x, y = scene.mapview.hex_screen_pos(dst)                     # the arrow's head is drawn on the map
    assert tuple(gui.app.screen.get_at((int(x), int(y))))[:3] == MOVE
    scene.undo()
    assert scene.draft.moves == () and "Draft: move" not in scene.log.text()


def test_end_turn_moves_the_units(gui, scene):
    view = scene.view
    src, dst = _stack_and_reach(scene)
    moving = {k: n for k, n in view.my_units[src].items() if stack_points(view.era, [k]) > 0}
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.click(scene.mapview.hex_screen_pos(dst), button=3)
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    moves = [e for e in res.events if e.kind == "move"]
    assert len(moves) == 1 and moves[0].data["src"] == src and moves[0].data["dst"] == dst
    assert moves[0].data["units"] == moving and moves[0].visible_to == (0,)
    assert "1 move(s)" in res.log.text()
