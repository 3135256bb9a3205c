"""Settings: full screen, map tooltips, event reveal speed, sound volume, the first-game walkthrough. Saved at once."""
from __future__ import annotations

import pygame

from ..dialogs import MessageDialog
from ..scene import Scene
from ..settings import settings_path

SPEEDS = ((0.5, "Slow"), (1.0, "Normal"), (2.5, "Fast"), (0.0, "Instant"))
VOLUMES = ((0.0, "Off"), (0.25, "25%"), (0.5, "50%"), (0.75, "75%"), (1.0, "100%"))


class SettingsScene(Scene):
    screen_name = "settings"
    title = "Settings"

    def build(self) -> None:
        w, h = self.size
        s = self.app.settings
        x, y, bw = (w - 560) // 2, 110, 560
        self.label((x, 40, bw, 40), "Settings", cls="heading")
        self.fullscreen_button = self.button((x, y, bw, 44), f"Full screen: {'on' if self.app.fullscreen else 'off'}  (F11)",
                                             self.toggle_fullscreen, obj="set_fullscreen")
        y += 56
        self.tooltips_button = self.button((x, y, bw, 44), f"Map tooltips: {'on' if s.map_tooltips else 'off'}",
                                           self.toggle_tooltips, obj="set_tooltips")
        y += 70
        self.label((x, y, bw, 24), "Speed of the turn's events after End turn", cls="dim")
        y += 28
        sw = (bw - 24) // 4
        for k, (v, name) in enumerate(SPEEDS):
            b = self.button((x + k * (sw + 8), y, sw, 40), name, lambda v=v: self.set_speed(v), obj=f"speed_{k}")
            if abs(s.reveal_speed - v) < 1e-9:
                b.select()
        y += 70
        self.label((x, y, bw, 24), "Sound effects (turn, battle, treaty, defection, news)", cls="dim")
        y += 28
        vw = (bw - 32) // len(VOLUMES)
        self.volume_buttons = []
        for k, (v, name) in enumerate(VOLUMES):
            b = self.button((x + k * (vw + 8), y, vw, 40), name, lambda v=v: self.set_volume(v), obj=f"volume_{k}")
            if abs(s.volume - v) < 1e-9:
                b.select()
            self.volume_buttons.append(b)
        y += 70
        self.walk_button = self.button((x, y, bw, 44),
                                       "Show the walkthrough in the next game" if s.walkthrough_done
                                       else "The walkthrough will be shown in the next game",
                                       self.reset_walkthrough, obj="set_walkthrough", enabled=s.walkthrough_done)
        y += 70
        where = str(self.app.settings_file or settings_path())
        self.label((x, y, bw, 22), f"Saved in {where}", cls="dim")
        self.button(((w - 240) // 2, h - 90, 240, 48), "Back (Esc)", self.close, cls="primary", obj="settings_back")

    def _save(self) -> None:
        problem = self.app.save_settings_now()
        if problem:
            self.app.push(MessageDialog(self.app, "Settings not saved", problem))

    def toggle_fullscreen(self) -> None:
        self.app.toggle_fullscreen()
        self._save()

    def toggle_tooltips(self) -> None:
        self.app.settings = self.app.settings.with_changes(map_tooltips=not self.app.settings.map_tooltips)
        self._save()
        self.rebuild()

    def set_speed(self, v: float) -> None:
        self.app.settings = self.app.settings.with_changes(reveal_speed=v)
        self._save()
        self.rebuild()

    def set_volume(self, v: float) -> None:
        self.app.settings = self.app.settings.with_changes(volume=v)
        self.app.sound.set_volume(v)
        self._save()
        self.rebuild()
        if v > 0:
            self.app.sound.play("treaty")        # a sample at the new volume

    def reset_walkthrough(self) -> None:
        self.app.settings = self.app.settings.with_changes(walkthrough_done=False)
        self._save()
        self.rebuild()

    def close(self) -> None:
        self._save()
        self.app.pop()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.close()
