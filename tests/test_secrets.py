"""Secrets at rest (issue 11): a hotseat game with a game password played through the window, then
every file written during it searched for seat A's stated reasons and the hidden types; the setup
screen's plain warning without a password; encrypted saves on the Load screen and with
``play --load``; the replay of an unfinished game; the CLI's --password-file."""
from __future__ import annotations

import dataclasses
import os
import stat
import tempfile

import pygame
import pytest

from game.engine.saves import LockedSave, WrongPassword, is_encrypted, list_saves, load_game, save_game
from game.ui.scenes.curtain import CurtainScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.game import GameScene
from game.ui.scenes.hotseat_setup import LOCKED_SAVES, OPEN_SAVES
from game.ui.scenes.load_game import LoadGameScene
from game.ui.scenes.passphrase import PassphraseDialog
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.verdict import VerdictScene
from game.session.local import SeatPort
from test_ui_hotseat import A_TYPE, hotseat, maps_dir  # noqa: F401 - fixtures: the hotseat setup on Four Worlds

PLANTED = "Ann-secretly-plans-to-strike-Borduria-at-dawn"
GAME_PASSWORD = "blue heron 42"
TYPE_WORDS = (b"insecure_greedy", b"insecure greedy", b"security_seeker", b"security seeker", b"greedy")


def play_to_the_end(gui) -> None:
    app = gui.app
    for _ in range(12):
        top = app.top
        if isinstance(top, DebriefScene):
            return
        if isinstance(top, VerdictScene):                  # the end of the game: won / held / lost first
            gui.key(pygame.K_RETURN)
            continue
        while isinstance(top, CurtainScene):
            gui.key(pygame.K_SPACE)
            while not isinstance(app.top, GameScene):
                gui.press(app.top.buttons[0])              # the briefing (turn 1)
            gui.press(app.top.panel.end_turn_button)
            top = app.top
        assert isinstance(top, ResolutionScene)
        gui.until(lambda: top.phase == "summary")
        gui.key(pygame.K_RETURN)
    raise AssertionError("the game did not end")


@pytest.mark.slow
def test_a_hotseat_game_with_a_password_leaves_nothing_readable_on_disk(hotseat, ui_dirs, tmp_path, monkeypatch):
    gui, app = hotseat, hotseat.app
    scratch = tmp_path / "system-temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))      # any temporary file the game makes lands here
    real_submit = SeatPort.submit

    def plant(port, orders):                                     # Ann's orders carry her stated reasons
        if orders.nation == 0:
            orders = dataclasses.replace(orders, statement=PLANTED)
        return real_submit(port, orders)

    monkeypatch.setattr(SeatPort, "submit", plant)
    sc = app.top
    assert sc.saves_note == OPEN_SAVES                            # said plainly before a password is typed
    for k in range(2):
        gui.click(sc.password_entries[k].rect.center)
        gui.type_text(GAME_PASSWORD)
    assert sc.password == [GAME_PASSWORD, GAME_PASSWORD] and sc.saves_note == LOCKED_SAVES
    old = os.umask(0o022)
    try:
        gui.press(sc.start_button)
        assert isinstance(app.top, CurtainScene) and app.game.session.save_key is not None
        gui.key(pygame.K_SPACE)
        while not isinstance(app.top, GameScene):
            gui.press(app.top.buttons[0])
        gui.key(pygame.K_s, pygame.KMOD_CTRL)                     # a manual save too
        gui.press(app.top.buttons[0])
        gui.press(app.top.panel.end_turn_button)                  # Ann seals (with the planted reasons)
        play_to_the_end(gui)
    finally:
        os.umask(old)
    session = app.game.session
    assert session.state.finished and session.orders_log[0][0].statement == PLANTED
    saves = ui_dirs / "data" / "SecurityDilemma" / "saves"
    autos = sorted((saves / "autosave").glob("autosave-*.json"))
    assert len(autos) == 3 and list(saves.glob("*.json"))
    written = [p for root in (ui_dirs / "data", ui_dirs / "config", scratch) for p in root.rglob("*") if p.is_file()]
    assert set(autos) <= set(written)
    for path in written:
        raw = path.read_bytes()
        assert PLANTED.encode() not in raw, path
        for word in TYPE_WORDS:
            assert word not in raw, (path, word)
        if path.suffix == ".json" and path.parent.name in ("saves", "autosave"):
            assert is_encrypted(path) and stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (saves, saves / "autosave"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # ... and with the password it is all there
    opened = load_game(autos[-1], password=GAME_PASSWORD)
    assert opened.record.orders[0][0].statement == PLANTED and opened.record.state.nations[0].ai_type == A_TYPE
    with pytest.raises(WrongPassword):
        load_game(autos[-1], password="heron")


@pytest.mark.slow
def test_the_load_screen_lists_a_locked_save_and_asks_for_its_password(gui, ui_dirs):
    from recorded import game as recorded_game
    from game.engine.save_container import SaveKey
    saves = ui_dirs / "data" / "SecurityDilemma" / "saves"
    record = dataclasses.replace(recorded_game("w1", 3, 2), controllers={0: "human", 1: "human"},
                                 players={0: "Ann", 1: "Bea"})
    save_game(record, saves / "locked.json", SaveKey.derive(GAME_PASSWORD))
    (saves / "huge.json").write_bytes(b"\x00junk" * 1000)
    gui.press(gui.app.top.buttons["load"])
    load = gui.app.top
    assert isinstance(load, LoadGameScene)
    labels = {info.path.name: label for (info, _), label in zip(load.entries, load.labels)}
    assert "locked" in labels["locked.json"] and "Ann" not in labels["locked.json"]
    assert labels["huge.json"].startswith("(!)")
    load.select(next(i for i, (info, _) in enumerate(load.entries) if info.path.name == "locked.json"))
    load = gui.app.top
    gui.press(load.load_button)
    dlg = gui.app.top
    assert isinstance(dlg, PassphraseDialog) and gui.app.game is None
    gui.type_text("wrong password")
    gui.key(pygame.K_RETURN)
    assert gui.app.top is dlg and "Wrong password" in dlg.message and gui.app.game is None
    dlg.entry.set_text("")
    gui.type_text(GAME_PASSWORD)
    gui.key(pygame.K_RETURN)
    assert gui.app.game is not None and gui.app.game.session.save_key is not None
    assert isinstance(gui.app.top, CurtainScene)               # a hotseat game: at the first seat's curtain
    assert gui.app.game.session.record.turns_played == 2


def test_the_cli_takes_a_password_file_and_never_a_password_argument(tmp_path, capsys, monkeypatch):
    from game.cli import main as cli_main
    from game.engine.save_container import SaveKey
    from recorded import game as recorded_game
    path = save_game(recorded_game("w2", 1, 3), tmp_path / "g.json", SaveKey.derive(GAME_PASSWORD))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli_main(["replay", str(path), "--verify", "--quiet"]) == 2
    assert "needs its password (give it with --password-file F)" in capsys.readouterr().err
    pw = tmp_path / "pw.txt"
    pw.write_text(GAME_PASSWORD + "\n")
    assert cli_main(["replay", str(path), "--verify", "--quiet", "--password-file", str(pw)]) == 0
    assert "verified 3 turns" in capsys.readouterr().out
    pw.write_text("nope\n")
    assert cli_main(["report", str(path), "--out", str(tmp_path / "r"), "--password-file", str(pw)]) == 2
    assert "wrong password" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli_main(["replay", str(path), "--password", GAME_PASSWORD])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: GAME_PASSWORD)
    assert cli_main(["replay", str(path), "--verify", "--quiet"]) == 0


def test_locked_saves_say_so_without_a_password(tmp_path):
    from game.engine.save_container import SaveKey
    from recorded import game as recorded_game
    path = save_game(recorded_game("w2", 1, 1), tmp_path / "g.json", SaveKey.derive(GAME_PASSWORD))
    with pytest.raises(LockedSave):
        load_game(path)
    (info,) = list_saves(tmp_path)
    assert info.ok and info.encrypted and info.players == () and info.seed == 0


def test_play_load_of_an_encrypted_save_asks_for_the_password_in_the_window(ui_dirs, tmp_path, monkeypatch):
    from game.cli import main as cli_main
    from game.engine.save_container import SaveKey
    from game.ui.app import App
    from recorded import game as recorded_game
    save_game(recorded_game("w2", 1, 2), tmp_path / "mine" / "locked.json", SaveKey.derive(GAME_PASSWORD))
    seen = []
    real_close = App.close

    def close(app):
        seen.append((type(app.top).__name__, app.game))
        return real_close(app)

    monkeypatch.setattr(App, "close", close)
    assert cli_main(["play", "--load", "locked", "--saves", str(tmp_path / "mine"), "--max-frames", "2"]) == 0
    assert seen == [("PassphraseDialog", None)]         # the game opens only once the password is given
