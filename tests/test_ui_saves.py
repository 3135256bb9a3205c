"""Saves from the window: Ctrl+S then Ctrl+L round trip (same state hash, same next turn, and
`replay --verify` passes on the GUI's file), a hotseat game resumes at the curtain of the first seat
still to play, bad saves get the error dialog and are never changed, autosave keeps the newest 10,
delete from the load screen, and a failing autosave is shown without stopping the game."""
from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from conftest import open_orders_screen
from game.cli import main as cli_main
from game.engine.orders import Orders
from game.engine.saves import load_game, read_document
from game.ui.flow import Match
from game.ui.scenes.curtain import CurtainScene
from game.ui.dialogs import ConfirmDialog, ErrorDialog, MessageDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.load_game import LoadGameScene
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.title import TitleScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def saves_dir(ui_dirs) -> Path:
    return ui_dirs / "data" / "SecurityDilemma" / "saves"


def play_turn(gui) -> None:
    """End turn in the game scene on top, watch the resolution, go on to the next turn."""
    scene = gui.app.top
    assert isinstance(scene, GameScene)
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    gui.key(pygame.K_RETURN)


def ctrl(gui, key) -> None:
    gui.key(key, mod=pygame.KMOD_CTRL)


@pytest.fixture
def single(gui):
    open_orders_screen(gui.app)
    return gui


@pytest.mark.slow
def test_ctrl_s_then_load_resumes_exactly_and_the_file_verifies(single, ui_dirs):
    gui = single
    play_turn(gui)
    session = gui.app.game.session
    before = session.state.state_hash()
    ctrl(gui, pygame.K_s)
    dlg = gui.app.top
    assert isinstance(dlg, MessageDialog) and dlg.title == "Game saved"
    files = sorted(saves_dir(ui_dirs).glob("*.json"))
    # named after the turn it stands at (turn 2 is the one to play), not the one last resolved
    assert [f.name for f in files] == ["four-worlds-w1-turn02.json"] and str(files[0]) in dlg.body_html
    gui.press(dlg.buttons[0])
    assert cli_main(["replay", str(files[0]), "--verify"]) == 0
    play_turn(gui)                                         # the game goes on; then load the turn-1 save
    ctrl(gui, pygame.K_l)
    load = gui.app.top
    assert isinstance(load, LoadGameScene)
    assert load.labels[0].startswith("Four Worlds w1, turn 2") and load.labels[0].endswith("(four-worlds-w1-turn02.json)")
    assert sum(1 for _, auto in load.entries if auto) == 2        # and the two autosaves
    gui.press(load.load_button)
    scene = gui.app.top
    assert isinstance(scene, GameScene) and scene.view.turn == 2 and len(gui.app.scenes) == 1
    loaded = gui.app.game.session
    assert loaded is not session and loaded.state.state_hash() == before
    # the log is not empty after loading: it holds what this state saw of turn 1
    assert "T1 [stances]" in scene.log.text() and "T2 [stances]" not in scene.log.text()
    # resuming is exact: the same orders give the same next state
    orders = {0: Orders(0, {1: "C"})}
    assert loaded.record.play_turn(orders)[0].state.state_hash() == \
        load_game(files[0]).record.play_turn(orders)[0].state.state_hash()


@pytest.mark.slow
def test_menu_save_and_load_buttons(single, ui_dirs):
    gui = single
    gui.key(pygame.K_ESCAPE)
    menu = gui.app.top
    assert [t for t, _ in menu.buttons_spec][:3] == ["Resume", "Save game", "Load game"]
    gui.press(menu.buttons[1])
    assert gui.app.top.title == "Game saved" and len(list(saves_dir(ui_dirs).glob("*.json"))) == 1
    gui.press(gui.app.top.buttons[0])
    gui.key(pygame.K_ESCAPE)
    gui.press(gui.app.top.buttons[2])
    assert isinstance(gui.app.top, LoadGameScene)
    gui.key(pygame.K_ESCAPE)
    assert isinstance(gui.app.top, GameScene)


@pytest.mark.slow
def test_hotseat_save_resumes_at_the_curtain_of_the_first_seat_to_play(gui, ui_dirs):
    session = GameSession.start(FOUR_WORLDS, "w2", seed=2, humans=(0, 1), players={0: "Ann", 1: "Bea"})
    Match(gui.app, session).begin()
    for _ in range(2):                                     # turn 1: both seal, resolution, on to turn 2
        gui.key(pygame.K_SPACE)
        while not isinstance(gui.app.top, GameScene):
            gui.press(gui.app.top.buttons[0])              # the briefing
        gui.press(gui.app.top.panel.end_turn_button)
    res = gui.app.top
    gui.until(lambda: res.phase == "summary")
    gui.key(pygame.K_RETURN)
    gui.key(pygame.K_SPACE)                                # Ann reads her turn-1 results, seals turn 2 ...
    assert isinstance(gui.app.top, MessageDialog) and "what your pairs paid" in gui.app.top.title
    gui.press(gui.app.top.buttons[0])
    gui.press(gui.app.top.panel.end_turn_button)
    curtain = gui.app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Borduria"
    gui.press(curtain.action_buttons[0])                   # ... and Bea's curtain saves the game
    dlg = gui.app.top
    assert dlg.title == "Game saved" and "starts again from the first player" in dlg.body_html
    gui.press(dlg.buttons[0])
    path = next(saves_dir(ui_dirs).glob("*.json"))
    rec = load_game(path).record
    assert rec.players == {0: "Ann", 1: "Bea"} and rec.turns_played == 1 and rec.state.turn == 2
    assert cli_main(["replay", str(path), "--verify"]) == 0
    gui.press(gui.app.top.action_buttons[2])               # quit to the title
    gui.press(gui.app.top.buttons[0])
    assert isinstance(gui.app.top, TitleScene)
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert load.replay_button.is_enabled                   # no game in progress: the replay is offered
    gui.press(load.load_button)
    curtain = gui.app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Aland" and "turn 2" in curtain.subtitle
    assert len(gui.app.scenes) == 1 and gui.app.game.curtain
    gui.key(pygame.K_ESCAPE)
    ctrl(gui, pygame.K_l)                                  # during a hotseat game the replay is not offered
    assert isinstance(gui.app.top, LoadGameScene) and not gui.app.top.replay_button.is_enabled


@pytest.mark.parametrize("layer,damage,expect", [      # doc: the JSON document inside, written plain
    ("doc", lambda b: b[: len(b) // 3], "truncated"),
    ("doc", lambda b: b.replace(b'"seed": 5', b'"seed": 6', 1), "checksum"),
    ("doc", lambda b: b"\xff\xfe not json", "UTF-8"),
    ("doc", lambda b: json.dumps({**json.loads(b), "format_version": 99}).encode(), "newer version"),
    ("file", lambda b: b[: len(b) // 2], "ends early"),
    ("file", lambda b: b[:-40] + bytes([b[-40] ^ 1]) + b[-39:], "compressed body is damaged"),
])
@pytest.mark.slow
def test_a_bad_save_shows_the_error_dialog_and_changes_nothing(single, ui_dirs, layer, damage, expect):
    gui = single
    ctrl(gui, pygame.K_s)
    gui.press(gui.app.top.buttons[0])
    good = next(saves_dir(ui_dirs).glob("*.json"))
    bad = good.with_name("zz-bad.json")
    bad.write_bytes(damage(read_document(good) if layer == "doc" else good.read_bytes()))
    before = bad.read_bytes()
    game_before = gui.app.game
    ctrl(gui, pygame.K_l)
    load = gui.app.top
    k = next(i for i, (info, _) in enumerate(load.entries) if info.path == bad)
    load.select(k)
    gui.press(load.load_button)
    dlg = gui.app.top
    assert isinstance(dlg, ErrorDialog) and dlg.issues and dlg.issues[0].file == str(bad)
    text = " ".join(f"{i.path} {i.message}" for i in dlg.issues)
    assert expect in text
    assert str(bad) in dlg.body_html and "Problem:" in dlg.body_html
    gui.press(dlg.buttons[0])
    assert isinstance(gui.app.top, LoadGameScene) and gui.app.game is game_before
    assert bad.read_bytes() == before and load_game(good).record is not None


def test_open_a_missing_path_shows_the_error(gui, tmp_path):
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert load.labels == [] and not load.load_button.is_enabled
    gui.click(load.path_entry.rect.center)
    gui.type_text(str(tmp_path / "nope.json"))
    gui.key(pygame.K_RETURN)
    dlg = gui.app.top
    assert isinstance(dlg, ErrorDialog) and "not found" in dlg.issues[0].message


@pytest.mark.slow
def test_autosave_after_every_turn_keeps_the_newest_ten(single, ui_dirs):
    gui = single
    auto = saves_dir(ui_dirs) / "autosave"
    auto.mkdir(parents=True)
    session = gui.app.game.session
    blob = session.record
    from game.engine.saves import save_game
    for n in range(1, 11):                                 # ten older autosaves of another game
        save_game(blob, auto / f"autosave-{n:06d}-turn000.json")
    play_turn(gui)
    play_turn(gui)
    names = sorted(p.name for p in auto.glob("*.json"))
    assert len(names) == 10
    assert names[0] == "autosave-000003-turn000.json"
    assert names[-2:] == ["autosave-000011-turn002.json", "autosave-000012-turn003.json"]
    rec = load_game(auto / names[-1]).record
    assert rec.state.state_hash() == gui.app.game.session.state.state_hash()
    assert cli_main(["replay", str(auto / names[-1]), "--verify"]) == 0


def test_delete_from_the_load_screen_asks_first(single, ui_dirs):
    gui = single
    ctrl(gui, pygame.K_s)
    gui.press(gui.app.top.buttons[0])
    ctrl(gui, pygame.K_l)
    load = gui.app.top
    path = load.current.path
    gui.key(pygame.K_DELETE)
    assert isinstance(gui.app.top, ConfirmDialog)
    gui.press(gui.app.top.buttons[1])                      # cancel
    assert path.exists()
    gui.press(gui.app.top.delete_button)
    gui.press(gui.app.top.buttons[0])
    assert not path.exists() and isinstance(gui.app.top, LoadGameScene) and gui.app.top.entries == []


def test_a_failing_autosave_is_shown_and_the_game_goes_on(make_app, tmp_path):
    from conftest import UiDriver
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app(saves=blocker)
    gui = UiDriver(app)
    open_orders_screen(app)
    gui.press(app.top.panel.end_turn_button)
    res = app.find(ResolutionScene)
    gui.until(lambda: isinstance(app.top, ErrorDialog))
    dlg = app.top
    assert dlg.title.startswith("Autosave failed") and str(blocker) in dlg.body_html
    gui.press(dlg.buttons[0])
    assert app.top is res
    gui.until(lambda: res.phase == "summary")
    assert app.game.session.state.turn == 2 and blocker.read_text() == "x"


def test_ctrl_s_without_a_game_says_so(gui):
    ctrl(gui, pygame.K_s)
    assert isinstance(gui.app.top, MessageDialog) and gui.app.top.title == "Nothing to save"


def test_play_load_with_saves_dir(ui_dirs, tmp_path):
    session = GameSession.start(FOUR_WORLDS, "w3", seed=9, humans=(0, 1), players={0: "Ann", 1: "Bea"},
                                threaded=False)
    from game.engine.saves import save_game
    save_game(session.record, tmp_path / "mine" / "hot.json")
    assert cli_main(["play", "--load", "hot", "--saves", str(tmp_path / "mine"), "--max-frames", "2"]) == 0
    assert cli_main(["play", "--load", "missing", "--saves", str(tmp_path / "mine"), "--max-frames", "2"]) == 2
