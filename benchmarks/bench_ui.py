"""Frame time of the game screen on a 100x60 map with 8 states at 1600x900 (dummy video driver).

Issue 4 targets: frame median <= 1 ms and p99 <= 3 ms over 300 frames while panning and hovering;
time to first frame <= 0.5 s; zoom step <= 90 ms; peak RSS <= 300 MB. A frame is one ``App.step``:
events, pygame_gui update, drawing the whole screen (map viewport, counters, highlights, legend,
tooltip, orders panel, log) and the flip. Figures are printed; the last line is
``frame_ms=X frame_median_ms=X frame_p99_ms=Y first_frame_s=Z zoom_step_ms=Q rss_mb=W``.

    python benchmarks/bench_ui.py [--frames N] [--seed S]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game.engine.random_map import random_map_source  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.flow import Match  # noqa: E402
from game.ui.scenes.game import GameScene  # noqa: E402
from game.session.local import GameSession  # noqa: E402
from game.ui.settings import Settings  # noqa: E402

WIDTH, HEIGHT, STATES, SIZE = 100, 60, 8, (1600, 900)


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="bench-ui-"))

    t0 = time.perf_counter()
    session = GameSession.start(random_map_source(args.seed, STATES, WIDTH, HEIGHT), None, args.seed,
                                humans=(0,), label="<random map>")
    t_state = time.perf_counter() - t0

    t0 = time.perf_counter()
    app = App(SIZE, settings=Settings(walkthrough_done=True), catch_errors=False)
    Match(app, session).begin()
    app.step()
    first_frame = time.perf_counter() - t0
    scene = app.top
    assert isinstance(scene, GameScene)
    mv = scene.mapview
    print(f"map {WIDTH}x{HEIGHT}, {STATES} states, window {SIZE[0]}x{SIZE[1]}, driver {pygame.display.get_driver()}")
    print(f"new game (scenario + state, not in the first frame): {t_state * 1000:.0f} ms")
    print(f"first frame (App + game screen + map level + panel): {first_frame * 1000:.0f} ms")
    print(f"hex size {mv.hex_size}, map image {mv.map_size()[0]}x{mv.map_size()[1]}, "
          f"{len(scene.layers.counters)} counters")

    times = []
    keys = (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_LEFT, pygame.K_UP)
    r = mv.rect
    for k in range(20):                        # warm-up: counters and tooltips get cached
        app.step()
    for k in range(args.frames):
        pos = (r.x + 40 + (k * 37) % (r.w - 80), r.y + 40 + (k * 23) % (r.h - 80))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
        if k % 3 == 0:
            key = keys[(k // 60) % 4]
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        t = time.perf_counter()
        app.step()
        times.append((time.perf_counter() - t) * 1000)
    med, p99 = statistics.median(times), percentile(times, 0.99)
    print(f"frames {len(times)} while panning and hovering: median {med:.3f} ms, p99 {p99:.3f} ms, "
          f"max {max(times):.3f} ms")

    zooms = []
    mv.zoom_index = 0
    mv._levels.clear()
    for _ in range(len(mv.zooms) - 1):
        t = time.perf_counter()
        mv.zoom(1)
        app.step()
        zooms.append((time.perf_counter() - t) * 1000)
    print("zoom steps (render a new level + frame): " + ", ".join(f"{s}:{z:.0f}" for s, z in zip(mv.zooms[1:], zooms))
          + " ms")
    zoom_step = max(zooms)
    app.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")
    print(f"frame_ms={med:.3f} frame_median_ms={med:.3f} frame_p99_ms={p99:.3f} first_frame_s={first_frame:.3f} "
          f"zoom_step_ms={zoom_step:.0f} rss_mb={rss:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
