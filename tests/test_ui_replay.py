"""The replay viewer: opened from the load screen on a save written by `run`, steps by buttons and
arrow keys, switches the point of view (a player's view hides the other's private events; the full
view shows every force exactly), draws the diplomacy timeline, and refuses a bad file with a dialog."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from game.cli import main as cli_main
from game.engine.saves import load_game
from game.ui.palette import BAD, GOOD
from game.ui.scenes.dialogs import ErrorDialog
from game.ui.scenes.load_game import LoadGameScene
from game.ui.scenes.replay_viewer import FULL, PUBLIC, ReplayModel, ReplayViewerScene, open_replay

MAPS = Path(__file__).resolve().parents[1] / "maps"


@pytest.fixture(scope="module")
def run_save(tmp_path_factory):
    """A 6-turn AI game of Cold War written by `run --save` (four states, private build events)."""
    path = tmp_path_factory.mktemp("run") / "cw.json"
    assert cli_main(["run", "--scenario", str(MAPS / "cold_war.yaml"), "--turns", "6", "--seed", "4",
                     "--save", str(path)]) == 0
    assert cli_main(["replay", str(path), "--verify"]) == 0
    return path


@pytest.fixture
def viewer(gui, run_save, ui_dirs):
    """The viewer opened through Load game > Watch the replay (the save sits in the saves folder)."""
    saves = ui_dirs / "data" / "SecurityDilemma" / "saves"
    saves.mkdir(parents=True)
    (saves / "cw.json").write_bytes(run_save.read_bytes())
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert isinstance(load, LoadGameScene) and load.current.path.name == "cw.json"
    gui.press(load.replay_button)
    v = gui.app.top
    assert isinstance(v, ReplayViewerScene)
    return v


def private_turn(record, nation: int) -> tuple[int, str]:
    """(turn, text) of an event only ``nation`` may see."""
    for t, events in enumerate(record.events, start=1):
        for e in events:
            if e.visible_to == (nation,):
                return t, e.text
    raise AssertionError("no private event")


def test_steps_with_buttons_and_arrow_keys(gui, viewer):
    v = viewer
    assert v.index == 0 and not v.step_buttons["prev"].is_enabled and v.step_buttons["next"].is_enabled
    gui.press(v.step_buttons["next"])
    assert v.index == 1 and v.state.turn == 2
    gui.key(pygame.K_RIGHT)
    gui.key(pygame.K_RIGHT)
    assert v.index == 3
    gui.key(pygame.K_LEFT)
    assert v.index == 2
    gui.key(pygame.K_END)
    assert v.index == 6 and not v.step_buttons["next"].is_enabled
    gui.press(v.step_buttons["first"])
    assert v.index == 0
    gui.press(v.step_buttons["last"])
    record = v.model.record
    assert v.state.state_hash() == record.state.state_hash()        # the replay reaches the saved state
    assert v.model.mismatch is None and v.model.error == ""
    gui.key(pygame.K_ESCAPE)
    assert isinstance(gui.app.top, LoadGameScene)


def test_point_of_view_filters_private_events(gui, viewer):
    v = viewer
    record = v.model.record
    turn, secret = private_turn(record, 1)
    v.show(turn)
    gui.press(v.pov_buttons[1])
    assert v.pov == 1 and v.view.me == 1 and secret in v.log.text()
    gui.press(v.pov_buttons[0])
    assert v.pov == 0 and v.view.me == 0 and secret not in v.log.text()
    assert all(e.visible(0) for e in v.visible_events())
    gui.press(v.pov_buttons[PUBLIC])
    assert v.view.me is None and secret not in v.log.text()
    assert all(e.visible_to is None for e in v.visible_events())
    gui.press(v.pov_buttons[FULL])
    assert v.view is None and secret in v.log.text()
    assert len(v.visible_events()) == len(record.events[turn - 1])


def test_full_view_shows_every_force_exactly_and_the_hidden_types(gui, viewer):
    v = viewer
    gui.key(pygame.K_END)
    gui.press(v.pov_buttons[0])
    counters = v.mapview.layers.counters
    assert any(not c.own for c in counters.values())                 # others are estimates ('~')
    assert not any("security seeker" in r or "greedy" in r for r in v.state_rows())
    gui.press(v.pov_buttons[FULL])
    counters = v.mapview.layers.counters
    assert counters and all(c.own for c in counters.values())
    st = v.state
    units = st.era.units
    for h, c in counters.items():
        assert c.count == sum(n for k, n in st.units[h].items() if not units[k].fort)
    assert any("security seeker" in r or "greedy" in r for r in v.state_rows())


def test_timeline_cells_are_coloured_by_each_sides_stance(gui, viewer):
    v = viewer
    gui.key(pygame.K_RIGHT)
    gui.app.render()
    history = v.model.record.state.history
    dyads = v.dyads()
    assert dyads
    for row, (a, b) in enumerate(dyads):
        for t in (1, len(history)):
            out = history[t - 1].outcomes.get(f"{a}-{b}")
            if out is None:
                continue
            c = v.cell_rect(row, t)
            left = gui.pixel((c.x + 1, c.centery))
            right = gui.pixel((c.right - 2, c.centery))
            assert left == (GOOD if out[0] == "C" else BAD) and right == (GOOD if out[1] == "C" else BAD)


def test_a_replay_that_no_longer_matches_its_hashes_says_so(run_save):
    record = load_game(run_save).record
    hist = list(record.state.history)
    hist[2] = replace(hist[2], state_hash="0" * 64)
    model = ReplayModel(replace(record, state=replace(record.state, history=tuple(hist))))
    assert model.ensure(6) == 6 and model.mismatch == 3


def test_a_bad_save_gets_the_error_dialog(gui, tmp_path, run_save):
    bad = tmp_path / "cut.json"
    data = run_save.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    assert not open_replay(gui.app, bad)
    dlg = gui.app.top
    assert isinstance(dlg, ErrorDialog) and dlg.issues[0].file == str(bad)
    assert "truncated" in dlg.issues[0].message
    assert bad.read_bytes() == data[: len(data) // 2]
