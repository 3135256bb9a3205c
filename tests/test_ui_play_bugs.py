"""Bugs seen in play (issue 13 §3), each driven with real pygame events on real scenes."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.flow import Match
from game.ui.scenes.game import GameScene
from game.ui.scenes.help import HelpScene
from game.ui.scenes.resolution import ResolutionScene
from game.ui.session import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def _down(key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))


def _up(key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))


@pytest.fixture
def scene(gui):
    session = GameSession.start(FOUR_WORLDS, "w1", seed=5, humans=(0,), threaded=False)
    Match(gui.app, session).begin()
    gui.step()
    return gui.app.top


# --- key auto-repeat ------------------------------------------------------------------------------
def test_one_held_enter_on_a_slow_frame_does_not_also_end_the_next_turn(gui, scene):
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    # one press held down: the key and two auto-repeats arrive in the same (slow) frame
    _down(pygame.K_RETURN)
    _down(pygame.K_RETURN)
    _down(pygame.K_RETURN)
    gui.step()
    _up(pygame.K_RETURN)
    gui.step(2)
    top = gui.app.top
    assert isinstance(top, GameScene) and top.view.turn == 2 and not top.ended
    # a new press (after the release) does act
    gui.key(pygame.K_RETURN)
    assert isinstance(gui.app.top, ResolutionScene)


def test_f1_held_opens_help_and_leaves_it_open(gui, scene):
    _down(pygame.K_F1)
    _down(pygame.K_F1)                         # auto-repeat before the release
    gui.step(2)
    assert isinstance(gui.app.top, HelpScene)
    _up(pygame.K_F1)
    gui.step()
    gui.key(pygame.K_F1)                       # a second press closes it
    assert gui.app.top is scene


def test_ctrl_z_held_undoes_one_step(gui, scene):
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])
    gui.press(scene.panel.tab_buttons["forces"])
    gui.press(scene.panel.unit_buttons["at_gun"])
    gui.click(scene.mapview.hex_screen_pos(scene.view.my_nation.capital))
    depth = scene.history.depth
    _down(pygame.K_z, pygame.KMOD_CTRL)
    _down(pygame.K_z, pygame.KMOD_CTRL)
    _down(pygame.K_z, pygame.KMOD_CTRL)
    gui.step(2)
    assert scene.history.depth == depth - 1 and scene.draft.stance(1) == "D"


def test_a_lost_release_does_not_block_the_key_forever(gui, scene):
    _down(pygame.K_F1)
    gui.step(2)
    assert isinstance(gui.app.top, HelpScene)
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))   # released while another window had focus
    gui.step()
    gui.key(pygame.K_F1)
    assert gui.app.top is scene


# --- the log --------------------------------------------------------------------------------------
def test_an_undone_draft_line_leaves_the_log(gui, scene):
    line = "Draft: you will defect against Borduria."
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])
    assert scene.log.text().count(line) == 1
    gui.key(pygame.K_z, mod=pygame.KMOD_CTRL)
    assert line not in scene.log.text()
    gui.press(scene.panel.card.defect_button)            # confirmed once: no dialog this time
    assert scene.log.text().count(line) == 1
