"""Short sound effects (turn resolved, battle, treaty, defection, inject) at the volume set in
Settings. Sound is an extra: without an audio device, with the dummy driver (tests), without the
mixer or without the files, everything here quietly does nothing - it never raises.

The effects are made by ``tools/make_assets.py`` into ``assets/sounds/``.
"""
from __future__ import annotations

import logging
import os

import pygame

from game.resources import asset_path

EFFECTS = ("turn", "battle", "treaty", "defection", "inject")
log = logging.getLogger(__name__)


class SoundBoard:
    def __init__(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        self.played: list[str] = []            # every effect asked for (what tests check; muted or not)
        self._sounds: dict[str, pygame.mixer.Sound] | None = None
        self._available = os.environ.get("SDL_AUDIODRIVER", "") not in ("dummy", "disk")

    def _load(self) -> dict[str, "pygame.mixer.Sound"]:
        if self._sounds is not None:
            return self._sounds
        self._sounds = {}
        if not self._available:
            return self._sounds
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(22050, -16, 1, 512)
            for name in EFFECTS:
                path = asset_path("sounds", f"{name}.wav")
                if path.is_file():
                    self._sounds[name] = pygame.mixer.Sound(str(path))
        except (pygame.error, OSError, NotImplementedError) as exc:    # no device, no mixer: silence
            log.info("sound off: %s", exc)
            self._available = False
            self._sounds = {}
        return self._sounds

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))

    def play(self, name: str) -> None:
        """Play one effect at the current volume (nothing when muted or unavailable)."""
        self.played.append(name)
        if self.volume <= 0.0 or not self._available:
            return
        snd = self._load().get(name)
        if snd is None:
            return
        try:
            snd.set_volume(self.volume)
            snd.play()
        except pygame.error as exc:  # pragma: no cover - a device lost mid-game
            log.info("sound failed: %s", exc)
            self._available = False


def effect_for(kind: str, data: dict, viewer: int | None) -> str | None:
    """The effect an event of the resolution plays (None: silent)."""
    if kind == "attack":
        return "battle"
    if kind == "treaty_signed":
        return "treaty"
    if kind in ("treaty_broken", "treaty_violation"):
        return "defection"
    if kind == "stance" and "D" in str(data.get("outcome", "")):
        dy = data.get("dyad") or ()
        return "defection" if viewer is None or viewer in dy else None
    if kind in ("inject", "crisis_message", "third_party_attack", "era_change", "trade_shock"):
        return "inject"
    return None
