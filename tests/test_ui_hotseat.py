"""Hotseat: the curtain between players, the hotseat setup, and a two-human game in which nothing of
one player's orders, briefing or hidden type reaches the other player's screen."""
from __future__ import annotations

import pygame

from game.ui.scenes.curtain import CurtainScene


def test_curtain_lifts_on_a_fresh_key_or_the_button_but_not_on_modifiers(gui):
    calls = []
    gui.app.reset(CurtainScene(gui.app, "France", lambda: calls.append("ready"), "Ann - turn 2 of 30"))
    gui.step()
    gui.key(pygame.K_LCTRL)
    gui.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    gui.key(pygame.K_ESCAPE)
    assert calls == []
    gui.key(pygame.K_SPACE)
    assert calls == ["ready"]
    gui.key(pygame.K_a)                                    # once only
    assert calls == ["ready"]


def test_curtain_button_and_a_key_held_from_the_previous_screen(gui):
    calls = []
    curtain = CurtainScene(gui.app, "Borduria", lambda: calls.append("ready"))
    curtain._held = {pygame.K_RETURN}                     # the Enter that ended the last turn, still held
    gui.app.reset(curtain)
    gui.step()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    gui.step(2)                                           # auto-repeat of the held key: ignored
    assert calls == []
    gui.press(curtain.ready_button)
    assert calls == ["ready"]
