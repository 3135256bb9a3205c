"""The Injects tab: every inject of the scenario with its condition, fired by hand."""
from __future__ import annotations

import pygame

from ..omniscient import describe_condition
from .base import ConsoleTab


class InjectsTab(ConsoleTab):
    key, label = "injects", "Injects"

    def __init__(self, console) -> None:
        super().__init__(console)
        self.buttons: dict[str, object] = {}

    def build(self, r: pygame.Rect) -> None:
        c = self.console
        self.buttons = {}
        injects = self.run.record.state.injects
        if not injects:
            c.text_lines((r.x, r.y + 8, r.w, 40), "This scenario has no injects. Use Message for an ad-hoc "
                         "update, or Edit to change a value.", cls=None)
            return
        y = r.y + 4
        keys = {n.key: n.name for n in self.run.record.state.nations}
        for inj in injects:
            fired = [t for i, t in self.run.record.state.fired if i == inj.id]
            c.label((r.x, y, r.w - 150, 24), inj.name, cls="heading" if not fired else None, obj=f"inject_{inj.id}")
            info = describe_condition(inj, keys) + (f"; fired in turn {', '.join(map(str, fired))}" if fired else "")
            c.label((r.x, y + 24, r.w - 150, 20), info, cls="dim")
            self.buttons[inj.id] = c.button((r.right - 140, y + 4, 140, 38), "Fire again" if fired else "Fire now",
                                            lambda i=inj.id: self.fire(i), cls=None if fired else "primary",
                                            obj=f"fire_{inj.id}", tooltip=inj.description or None)
            y += 56
            if y > r.bottom - 56:
                break

    def fire(self, inject_id: str) -> None:
        try:
            events = self.run.fire_inject(inject_id)
        except ValueError as exc:
            self.console.did(str(exc), True)
            return
        self.console.changed = True
        self.console.did(f"Fired: {events[0].text}" if events else "Fired.")
