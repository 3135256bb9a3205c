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
from game.ui.dialogs import ErrorDialog
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def hotseat_record(turns: int, sets: tuple[str, ...] = ()):
    """A real two-seat hotseat game of Cold War (the West's two seats human, their orders written by
    the AI on their views, as a player could have given them), ``turns`` turns in."""
    from game.ai.controller import ai_orders
    from game.engine.record import start_game
    from game.engine.views import player_view
    record = start_game(MAPS / "cold_war.yaml", None, 4, sets, controllers={0: "human", 1: "human"},
                        players={0: "Ann", 1: "Ben"})
    for _ in range(turns):
        if record.state.finished:
            break
        record, _ = record.play_turn({i: ai_orders(player_view(record.state, i, record.last_events))
                                      for i in record.state.alive_ids()})
    return record


def test_a_hotseat_game_in_progress_replays_in_the_public_view_only(gui, ui_dirs):
    """An autosave of a hotseat game still being played must not let one player read another's
    forces, orders or type: its replay offers the public view alone until the game is over."""
    from game.engine.saves import save_game
    from game.ui.scenes.replay_viewer import sealed
    hotseat = hotseat_record(4)
    finished = hotseat_record(4, ("victory.max_turns=3",))
    assert sealed(hotseat) and finished.state.finished and not sealed(finished)
    assert not sealed(replace(hotseat, controllers={i: "ai" for i in hotseat.controllers}))
    auto = ui_dirs / "data" / "SecurityDilemma" / "saves" / "autosave"
    auto.mkdir(parents=True)
    save_game(hotseat, auto / "hot.json")
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert isinstance(load, LoadGameScene) and load.current.path.name == "hot.json"
    gui.press(load.replay_button)
    v = gui.app.top
    assert isinstance(v, ReplayViewerScene) and v.sealed
    assert list(v.pov_buttons) == [PUBLIC] and v.pov == PUBLIC
    turn, secret = private_turn(hotseat, 1)
    v.show(turn)
    v.set_pov(FULL)                                     # not reachable by a button, and refused if asked
    v.set_pov(1)
    assert v.pov == PUBLIC and secret not in v.log.text()
    assert not any("security seeker" in r or "greedy" in r for r in v.state_rows())
    gui.key(pygame.K_END)
    assert v.model.mismatch is None and v.model.error == ""
    gui.app.render()
    assert v.sealed_label.visible and "once it is over" in v.sealed_label.text
    # the same kind of game, once finished, opens every view again
    gui.key(pygame.K_ESCAPE)
    save_game(finished, auto / "done.json")
    assert open_replay(gui.app, auto / "done.json")
    assert FULL in gui.app.top.pov_buttons and not gui.app.top.sealed


@pytest.mark.slow
def test_an_unfinished_single_player_game_replays_without_the_full_view(gui, ui_dirs):
    """Watch the replay of an unfinished single-player game: the human's seat and the public view,
    never the AI's hidden types or exact forces; once over, every view."""
    from game.engine.saves import save_game
    from game.ui.scenes.replay_viewer import allowed_views
    single = replace(hotseat_record(3), controllers={0: "human", 1: "ai", 2: "ai", 3: "ai"}, players={})
    assert allowed_views(single) == (0, PUBLIC)
    saves = ui_dirs / "data" / "SecurityDilemma" / "saves"
    save_game(single, saves / "single.json")
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert load.current.path.name == "single.json"
    gui.press(load.replay_button)
    v = gui.app.top
    assert isinstance(v, ReplayViewerScene) and v.sealed and list(v.pov_buttons) == [0, PUBLIC]
    v.set_pov(FULL)
    v.set_pov(2)                                         # an AI's seat: refused too
    assert v.pov == PUBLIC
    gui.press(v.pov_buttons[0])
    assert v.pov == 0 and v.view is not None and v.view.me == 0
    gui.key(pygame.K_END)
    assert not any(t in r for r in v.state_rows() for t in ("security seeker", "greedy"))
    gui.app.render()
    assert v.sealed_label.visible and "your own view" in v.sealed_label.text
    ended = replace(single, state=replace(single.state, finished=True))
    assert FULL in allowed_views(ended) and allowed_views(single, facilitator=True)[-1] == FULL


@pytest.mark.slow
def test_a_seminar_replay_opens_in_full_with_the_facilitator_passphrase(gui, tmp_path):
    """An encrypted seminar save: Watch the replay asks for the passphrase; with it, the full view."""
    from game.engine.save_container import SaveKey
    from game.engine.saves import save_game
    from game.ui.scenes.passphrase import PassphraseDialog
    seminar = hotseat_record(2)
    path = save_game(seminar, tmp_path / "class.json", SaveKey.derive("tea and biscuits"), mode="seminar")
    hot = save_game(seminar, tmp_path / "hot.json", SaveKey.derive("tea and biscuits"))
    assert not open_replay(gui.app, path)
    dlg = gui.app.top
    assert isinstance(dlg, PassphraseDialog)
    gui.type_text("not it")
    gui.key(pygame.K_RETURN)
    assert gui.app.top is dlg and dlg.refused == 1
    dlg.entry.set_text("")
    gui.type_text("tea and biscuits")
    gui.key(pygame.K_RETURN)
    v = gui.app.top
    assert isinstance(v, ReplayViewerScene) and not v.sealed and FULL in v.pov_buttons
    gui.key(pygame.K_ESCAPE)
    assert not open_replay(gui.app, hot)                 # a hotseat game's password is everyone's: no full view
    gui.type_text("tea and biscuits")
    gui.key(pygame.K_RETURN)
    assert isinstance(gui.app.top, ReplayViewerScene) and list(gui.app.top.pov_buttons) == [PUBLIC]


def test_timeline_labels_end_before_the_first_cell(gui, viewer):
    """Pair labels used to run 20-50 px into the cells (a fixed 112 px label column)."""
    v = viewer
    gui.app.render()
    label_w, cell, row_h = v.grid_geometry()
    g = v.grid_rect
    for row, (a, b) in enumerate(v.dyads()):
        first = v.cell_rect(row, 1)
        assert g.x + v.row_label_width(a, b) <= first.x or g.x + label_w - 3 <= first.x
        # nothing of the label is drawn over the cell's left pixels: the cell colour is intact there
        out = v.model.record.state.history[0].outcomes.get(f"{a}-{b}")
        if out is not None:
            assert gui.pixel((first.x, first.centery)) == (GOOD if out[0] == "C" else BAD)
    assert label_w <= g.w * 0.45 + 1
