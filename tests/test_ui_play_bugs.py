"""Bugs seen in play (issue 13 §3), each driven with real pygame events on real scenes."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.flow import Match
from game.ui.scenes.game import GameScene
from game.ui.scenes.help import HelpScene
from game.ui.scenes.resolution import ResolutionScene
from game.session.local import GameSession

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


# --- charts ---------------------------------------------------------------------------------------
def test_pair_colours_do_not_repeat_with_many_pairs():
    from game.ui.charts import dyad_colour
    colours = [dyad_colour(k) for k in range(28)]          # eight states: up to 28 pairs
    assert len(set(colours)) == 28
    for a in range(28):
        for b in range(a + 1, 28):
            assert sum(abs(x - y) for x, y in zip(colours[a], colours[b])) > 30, (a, b)


@pytest.mark.parametrize("lo, hi, at_least", [(-0.1, 0.5, 3), (-2.0, 3.0, 5), (0.1, 0.3, 2), (-0.4, 0.4, 3)])
def test_the_balance_axis_always_has_values(lo, hi, at_least):
    import math
    from game.ui.charts import log_ticks
    ticks = log_ticks(lo, hi)
    assert len(ticks) >= at_least
    assert all(lo - 1e-9 <= math.log2(v) <= hi + 1e-9 for v, _ in ticks)
    assert len({t for _, t in ticks}) == len(ticks)


def test_the_balance_chart_of_a_quiet_game_labels_its_y_axis(gui):
    from game.engine.record import start_game
    from game.ui.charts import chart
    rec = start_game(FOUR_WORLDS, "w4", 1)
    for _ in range(3):
        rec, _ = rec.play_turn({})
    from dataclasses import replace
    nations = [(n.name, n.colour) for n in rec.state.nations]
    # a balance near 1 (a narrow log range): the powers of two 0.5 and 2 fall outside; only '1' was labelled
    history = [replace(r, balance={"0>1": v, "1>0": v}, perceived_balance={"0>1": v, "1>0": v})
               for r, v in zip(rec.state.history, (1.15, 1.2, 1.3))]
    surf = chart("balance", history, nations, (760, 420), gui.app.fonts)
    # tick labels are drawn left of the plot in the axis colour: several rows of them
    rows = {y for y in range(46, 420 - 44) for x in range(22, 56) if sum(surf.get_at((x, y))[:3]) > 330}
    bands = sum(1 for y in sorted(rows) if y - 1 not in rows)
    assert bands >= 3, f"only {bands} y labels"


# --- stale pixels ---------------------------------------------------------------------------------
def test_a_vanished_tooltip_leaves_no_pixels_behind(gui, scene):
    """A widget that appears over the map and vanishes (pygame_gui's tooltips) while the map is only
    partially redrawn used to stay on screen until the next full redraw."""
    from pygame_gui.elements import UITextBox
    mv = scene.mapview
    inside = (mv.rect.centerx, mv.rect.centery)
    gui.move(inside)
    gui.move((inside[0] + 4, inside[1] + 3))            # map-only frames: partial redraws
    tip = UITextBox("A tooltip over the map and the log", pygame.Rect(mv.rect.x + 20, mv.rect.bottom - 30, 300, 80),
                    gui.app.ui)
    gui.app.render()                                    # drawn (pygame_gui shows it at a full redraw)
    tip.kill()
    gui.move((inside[0] + 12, inside[1] + 9))           # map-only again: the widget's pixels must go
    shown = gui.app.screen.copy()
    gui.app.render()
    r = pygame.Rect(mv.rect.x + 20, mv.rect.bottom - 30, 300, 80)
    stale = sum(1 for x in range(r.x, r.right, 3) for y in range(r.y, r.bottom, 3)
                if shown.get_at((x, y)) != gui.app.screen.get_at((x, y)))
    assert stale == 0
