"""Make the game's own sounds and window icon (no third-party media): run from the repository root,

    python tools/make_assets.py

It writes ``assets/sounds/*.wav`` (numpy-synthesised, 22.05 kHz mono 16-bit) and ``assets/icon.png``
(drawn with pygame). The output is deterministic (fixed seeds), so re-running it changes nothing.
Licence: the same as the game's code; recorded in ``assets/LICENSES.md``.
"""
from __future__ import annotations

import math
import os
import sys
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RATE = 22050


def _env(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    a = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    return a * np.exp(-t / decay)


def _tone(freq: float, dur: float, attack: float = 0.005, decay: float = 0.25, harmonics=(1.0, 0.3, 0.1)) -> np.ndarray:
    n = int(RATE * dur)
    t = np.arange(n) / RATE
    wave_ = sum(a * np.sin(2 * math.pi * freq * (k + 1) * t) for k, a in enumerate(harmonics))
    return wave_ * _env(n, attack, decay)


def _noise(dur: float, seed: int, decay: float, lowpass: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(RATE * dur)
    x = rng.standard_normal(n)
    kernel = np.ones(lowpass) / lowpass
    x = np.convolve(x, kernel, mode="same")
    return x * _env(n, 0.002, decay)


def _seq(*parts: tuple[float, np.ndarray]) -> np.ndarray:
    """Mix (start time, samples) parts into one buffer."""
    end = max(int(s * RATE) + len(p) for s, p in parts)
    out = np.zeros(end)
    for s, p in parts:
        k = int(s * RATE)
        out[k:k + len(p)] += p
    return out


def sounds() -> dict[str, np.ndarray]:
    return {
        # a soft two-note chime: the turn is resolved
        "turn": _seq((0.0, _tone(523.25, 0.5, decay=0.18)), (0.12, _tone(783.99, 0.6, decay=0.22))),
        # a low thump and rumble: an attack is fought
        "battle": _seq((0.0, 1.6 * _noise(0.7, 1, 0.16, lowpass=24)), (0.0, 0.8 * _tone(70.0, 0.5, decay=0.12)),
                       (0.18, 0.9 * _noise(0.5, 2, 0.12, lowpass=30))),
        # a rising major arpeggio: a treaty is signed
        "treaty": _seq((0.0, _tone(392.0, 0.5, decay=0.2)), (0.1, _tone(493.88, 0.5, decay=0.2)),
                       (0.2, _tone(587.33, 0.7, decay=0.3))),
        # a falling minor second: someone defected
        "defection": _seq((0.0, _tone(466.16, 0.35, decay=0.15, harmonics=(1.0, 0.5, 0.3))),
                          (0.16, _tone(440.0, 0.5, decay=0.2, harmonics=(1.0, 0.5, 0.3)))),
        # a telegraph-like triple beep: an inject (news)
        "inject": _seq(*((k * 0.11, 0.6 * _tone(1046.5, 0.07, attack=0.002, decay=0.05, harmonics=(1.0,)))
                         for k in range(3))),
    }


def write_wav(path: Path, samples: np.ndarray) -> None:
    peak = float(np.max(np.abs(samples))) or 1.0
    pcm = (samples / peak * 0.8 * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def draw_icon(size: int = 64):
    """Two shields facing each other across a border, on the game's dark blue: the security dilemma."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame
    surf = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(surf, (24, 29, 38, 255), surf.get_rect(), border_radius=size // 6)
    u = size / 64

    def shield(cx: float, colour: tuple[int, int, int]) -> None:
        pts = [(cx - 13 * u, 16 * u), (cx + 13 * u, 16 * u), (cx + 13 * u, 34 * u), (cx, 52 * u), (cx - 13 * u, 34 * u)]
        pygame.draw.polygon(surf, colour, pts)
        pygame.draw.polygon(surf, (240, 236, 224), pts, max(1, int(2 * u)))

    shield(18 * u, (200, 72, 62))
    shield(46 * u, (70, 118, 196))
    pygame.draw.line(surf, (226, 178, 72), (32 * u, 8 * u), (32 * u, 56 * u), max(1, int(3 * u)))
    return surf


def main() -> int:
    out = ROOT / "assets"
    for name, samples in sounds().items():
        write_wav(out / "sounds" / f"{name}.wav", samples)
    import pygame
    pygame.image.save(draw_icon(64), str(out / "icon.png"))
    print(f"wrote {len(sounds())} sounds and the icon under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
