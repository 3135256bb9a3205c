"""A short first-game tour: a box of text per step pointing at a part of the game screen.
Skippable at any step; once finished or skipped it is not shown again (settings)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIPanel

from .palette import ACCENT
from .scene import oid

if TYPE_CHECKING:  # pragma: no cover
    from .scenes.game import GameScene

STEPS: tuple[tuple[str, str, str], ...] = (
    ("Welcome", "You lead {me}. Every turn each state gives sealed orders at the same time; then the turn is "
                "resolved. This short tour shows where everything is. You can skip it at any step.", "map"),
    ("The map", "Counters show forces: exact numbers on yours, estimates (~) on others. The red part of a "
                "counter's bar is its offensive share - how clearly you see it depends on distinguishability. "
                "Hover a hex for details; drag or use the arrow keys to pan; mouse wheel or +/- to zoom.", "map"),
    ("Map modes", "Keys 1-5 (or these buttons) switch the map: political, terrain, the offense-defense balance "
                  "on each border, the world of each pair of neighbours, and fortifications. The legend explains "
                  "the colours.", "modes"),
    ("The stance card", "For each neighbour: your payoffs this turn in the 2x2 stage game, its type (Stag Hunt, "
                        "Prisoner's Dilemma, Chicken...), the world and the balance, and what you can see of their "
                        "forces. Choose Cooperate or Defect. The ? buttons open the glossary.", "panel"),
    ("Budget and builds", "In Budget & builds, split your treasury between economy, offence and defence, then "
                          "choose a unit and click one of your hexes to build it there.", "panel"),
    ("Attacks", "To attack: Defect against a neighbour, click one of your hexes with units, then an adjacent hex "
                "of theirs. The game asks before your first defection or attack against each neighbour.", "map"),
    ("End turn", "Undo is free until you press End turn (Enter). Then the AI states decide, the results appear "
                 "one by one and go into the log below. Good luck!", "endturn"),
)


class Walkthrough:
    def __init__(self, scene: "GameScene") -> None:
        self.scene = scene
        self.step = 0
        self.panel: UIPanel | None = None
        self.next_button = None
        self.skip_button = None

    @property
    def anchor(self) -> pygame.Rect:
        sc = self.scene
        key = STEPS[self.step][2]
        if key == "modes":
            return sc.modes_rect
        if key == "panel":
            return sc.panel_rect
        if key == "endturn":
            return sc.end_turn_rect
        return sc.map_rect

    def build(self) -> None:
        sc = self.scene
        title, text, _ = STEPS[self.step]
        text = text.format(me=sc.view.nations[sc.view.me].name)
        w = 460
        a = self.anchor
        mr = sc.map_rect
        x = mr.x + (mr.w - w) // 2 if STEPS[self.step][2] in ("map", "modes") else max(mr.x + 20, sc.panel_rect.x - w - 20)
        y = mr.y + 70 if STEPS[self.step][2] != "endturn" else max(mr.y + 20, a.y - 260)
        n = len(sc.wrap_text(text, w - 32, None))
        h = 96 + 21 * n + 40
        self.panel = UIPanel(pygame.Rect(x, y, w, h), starting_height=10, manager=sc.app.ui, container=sc.root,
                             object_id=oid("dialog", "walkthrough"))
        sc.label((16, 10, w - 32, 28), f"{title}  ({self.step + 1}/{len(STEPS)})", container=self.panel, cls="heading")
        sc.text_lines((16, 44, w - 32, 21 * n), text, container=self.panel, cls=None, line_h=21)
        last = self.step == len(STEPS) - 1
        self.next_button = sc.button((w - 16 - 130, h - 52, 130, 38), "Done" if last else "Next", self.next,
                                     container=self.panel, cls="primary", obj="walkthrough_next")
        self.skip_button = sc.button((16, h - 52, 150, 38), "Skip tutorial", self.finish, container=self.panel,
                                     obj="walkthrough_skip")

    def next(self) -> None:
        if self.step >= len(STEPS) - 1:
            self.finish()
            return
        self.step += 1
        self.scene.rebuild()

    def finish(self) -> None:
        app = self.scene.app
        app.settings = app.settings.with_changes(walkthrough_done=True)
        app.save_settings_now()
        self.scene.walkthrough = None
        self.scene.rebuild()

    def draw_overlay(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, ACCENT, self.anchor.inflate(-4, -4), 3, border_radius=6)
