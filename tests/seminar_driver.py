"""Shared steps for the seminar GUI tests: the test scenario, a running two-delegation seminar
(fixture ``seminar``), and the moves of a class through it (curtain, briefings, orders, resolution,
the facilitator console, the debrief)."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from conftest import UiDriver
from game.ui.scenes.curtain import CurtainScene
from game.ui.dialogs import ConfirmDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.negotiation import NegotiationScene
from game.ui.scenes.passphrase import PassphraseDialog
from game.ui.scenes.reasons import ReasonsScene
from game.ui.scenes.seminar_debrief import SeminarDebriefScene
from game.session.seminar import SeminarRun, new_seminar_path, start_seminar_session
from game.ui.scenes.seminar_resolution import SeminarResolutionScene
from game.ui.seminar_flow import SeminarMatch
from test_seminar_run import SEMINAR

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"
PASS = "tea and biscuits"
SECRET = {0: "SECRET-ALAND", 1: "SECRET-BORDURIA"}
OBJECTIVE = {0: "Hold Alburg", 1: "Hold Bordstadt"}


def scenario(directory: Path) -> Path:
    """Four Worlds with the test seminar section and a secret word in each private briefing."""
    text = FOUR_WORLDS.read_text().split("\nseminar:")[0] + "\n" + SEMINAR
    text = text.replace("Aland and Borduria are equal in size", f"{SECRET[0]}. Aland and Borduria are equal in size")
    text = text.replace("Borduria and Aland are equal in size", f"{SECRET[1]}. Borduria and Aland are equal in size")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "seminar_test.yaml"
    path.write_text(text)
    return path


def open_setup(make_app, maps_dir: Path):
    """An app on the test seminar's setup screen, opened from the title's Seminar button: (app, gui, setup)."""
    from game.ui.scenes.seminar_setup import SeminarSetupScene
    scenario(maps_dir)
    app = make_app(maps_dirs=[maps_dir])
    gui = UiDriver(app)
    gui.press(app.top.buttons["seminar"])
    setup = app.top
    assert isinstance(setup, SeminarSetupScene) and setup.kinds == ["human", "human"]
    return app, gui, setup


@pytest.fixture
def seminar(make_app, tmp_path):
    """An app running a fresh two-delegation seminar (Team Red = Aland, Team Blue = Borduria), at its first curtain."""
    app = make_app()
    gui = UiDriver(app)
    session = start_seminar_session(scenario(tmp_path / "maps"), "w2", 3, {0: "Team Red", 1: "Team Blue"})
    run = SeminarRun(session, save_path=new_seminar_path(session.record))      # in the user data dir (tmp_path)
    run.set_passphrase(PASS, PASS)
    match = SeminarMatch(app, run)
    match.begin()
    gui.step()
    return gui, match


def lift(gui, name: str | None = None) -> None:
    top = gui.app.top
    assert isinstance(top, CurtainScene), type(top).__name__
    if name is not None:
        assert top.seat_name == name
    gui.key(pygame.K_a)


def read_briefings(gui) -> None:
    for name in ("Team Red", "Team Blue"):
        lift(gui, name)
        gui.press(gui.app.top.done_button)


def seal_all(gui, match: SeminarMatch, reasons: dict[int, str] | None = None) -> None:
    """Every delegation in turn: curtain, news, the game screen (End turn), reasons, seal."""
    while match.run.phase == "orders":
        n = match.run.current
        lift(gui, match.run.delegation_name(n))
        gui.press(gui.app.top.done_button)
        game = gui.app.top
        assert isinstance(game, GameScene) and game.view.me == n
        gui.press(game.panel.end_turn_button)
        r = gui.app.top
        assert isinstance(r, ReasonsScene)
        if reasons and n in reasons:
            gui.click(r.box.rect.center)
            gui.type_text(reasons[n])
        gui.press(r.seal_button)


def finish_resolution(gui) -> None:
    res = gui.app.top
    assert isinstance(res, SeminarResolutionScene)
    gui.until(lambda: res.phase == "summary")
    gui.press(res.continue_button)


def open_console(gui, passphrase: str = PASS) -> None:
    gui.key(pygame.K_f, pygame.KMOD_CTRL)
    assert isinstance(gui.app.top, PassphraseDialog)
    gui.type_text(passphrase)
    gui.key(pygame.K_RETURN)


def go_to_orders(gui) -> None:
    room = gui.app.top
    assert isinstance(room, NegotiationScene) and room.viewer is None
    gui.press(room.ready_button)
    assert isinstance(gui.app.top, ConfirmDialog)
    gui.press(gui.app.top.buttons[0])


def one_turn_then_debrief(gui, match: SeminarMatch) -> SeminarDebriefScene:
    """From the negotiation room: orders sealed, the turn resolved, then the facilitator ends the game."""
    go_to_orders(gui)
    seal_all(gui, match, {})
    finish_resolution(gui)
    open_console(gui)
    gui.press(gui.app.top.buttons["end_game"])
    gui.press(gui.app.top.buttons[0])
    deb = gui.app.top
    assert isinstance(deb, SeminarDebriefScene)
    return deb
