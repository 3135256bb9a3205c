"""Frame times of the game screen (issue 14): Concert of Powers (100x60, 8 states) at 1600x900.

    python benchmarks/bench_render.py [--frames 300] [--seed 1]

Modes, each a figure of its own:

* full redraws (dummy video driver): ``App.render`` (every scene, widgets, overlay, flip) after a
  pan step, timed on its own, ``--frames`` times;
* partial redraws (dummy driver): ``App.step`` while panning and hovering as a player does; each
  frame is counted as partial (``render_partial``: the map region only) or full (``render``) by
  the app's own counters, and the two kinds are reported separately;
* under Xvfb (a real X server, ``SDL_VIDEODRIVER=x11``, run as a child under ``xvfb-run``):
  ``App.step`` including the flip while panning, hovering and zooming through every zoom level
  (``App.step`` includes the map's rendering of the next zoom levels ahead, at most ~3 ms a frame);
  peak RSS of that process after all zoom levels. Skipped, with a message, when ``xvfb-run`` is
  absent (``apt-get install -y xvfb``);
* first frame: a child process ``python main.py play`` timed from its start (the parent's spawn)
  to the first flip of the title screen; the child's CPU seconds at that flip are printed too.

Frame figures are CPU milliseconds of the game process (``time.process_time``; the X server's own
work is not in them), wall milliseconds printed beside them; the load average is printed. Targets: full frame 2x faster than 9c9abb0, Xvfb p99 <= 8 ms on a
quiet machine, first frame 2x faster (<= 1.0 s quiet), peak RSS <= 300 MB. Last line:
``frame_ms=FULL_MEDIAN frame_p99_ms=... partial_ms=... partial_p99_ms=... xvfb_p99_ms=... xvfb_wall_p99_ms=...
first_frame_s=... first_frame_cpu_s=... rss_mb=...`` (frame figures in CPU ms).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import _bench
from _bench import clock, footer, header, median, pct, peak_rss_mb

SIZE = (1600, 900)
HERE = os.path.dirname(os.path.abspath(__file__))


def build_app(seed: int):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="bench-render-"))
    from game.ui.app import App
    from game.ui.flow import Match
    from game.ui.settings import Settings
    if (_bench.CODE_ROOT / "game" / "session" / "local.py").exists():
        from game.session.local import GameSession
    else:                       # trees before the game/session package, such as the baseline 9c9abb0
        from game.ui.session import GameSession
    session = GameSession.start(_bench.CODE_ROOT / "maps" / "concert_of_powers.yaml", None, seed, humans=(0,))
    app = App(SIZE, settings=Settings(walkthrough_done=True), catch_errors=False)
    Match(app, session).begin()
    app.step()
    return app


def pan_and_hover(app, frames: int, zoom_every: int = 0) -> tuple[list[float], list[float]]:
    """``App.step`` while panning and hovering (and zooming every ``zoom_every`` frames):
    (full frame times, partial frame times) in ms, told apart by the app's own counters."""
    import pygame
    mv = app.top.mapview
    r = mv.rect
    keys = (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_LEFT, pygame.K_UP)
    full, part = [], []
    for _ in range(20):                       # warm-up: counters and tooltips get cached
        app.step()
    direction = 1
    for k in range(frames):
        pos = (r.x + 40 + (k * 37) % (r.w - 80), r.y + 40 + (k * 23) % (r.h - 80))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
        if k % 3 == 0:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=keys[(k // 60) % 4], mod=0, unicode="", scancode=0))
        if zoom_every and k % zoom_every == zoom_every - 1:   # a zoom key, as a player zooms
            if not 0 < mv.zoom_index + direction < len(mv.zooms):
                direction = -direction
            key = pygame.K_PLUS if direction > 0 else pygame.K_MINUS
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        d, p = app.draws, app.partial_draws
        t, c = time.perf_counter(), time.process_time()
        app.step()
        ms = ((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000)
        if app.draws > d:
            full.append(ms)
        elif app.partial_draws > p:
            part.append(ms)
    return full, part


def summary(times: list[tuple[float, float]]) -> str:
    """'median / p99' of (wall, CPU) frame times."""
    wall, cpu = [w for w, _ in times], [c for _, c in times]
    return (f"CPU median {median(cpu):.2f} ms, p99 {pct(cpu, .99):.2f} ms; "
            f"wall median {median(wall):.2f} ms, p99 {pct(wall, .99):.2f} ms")


def full_redraws(app, frames: int) -> list[float]:
    mv = app.top.mapview
    out = []
    for k in range(frames):
        mv.pan(7 if (k // 50) % 2 == 0 else -7, 3 if (k // 25) % 2 == 0 else -3)
        t, c = time.perf_counter(), time.process_time()
        app.render()
        out.append(((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000))
    return out


def x11_child(frames: int, seed: int) -> int:
    """Run under xvfb-run: frames including the flip on a real X server, with zooming."""
    app = build_app(seed)
    import pygame
    full, part = pan_and_hover(app, frames, zoom_every=25)
    mv = app.top.mapview
    for _ in range(len(mv.zooms)):            # every zoom level rendered once
        mv.zoom(1)
        app.step()
    every = full + part
    cpu, wall = [c for _, c in every], [w for w, _ in every]
    print(f"driver {pygame.display.get_driver()}: {len(every)} frames ({len(full)} full, {len(part)} partial) "
          f"while panning, hovering and zooming: {summary(every)}; peak RSS after all zoom levels "
          f"{peak_rss_mb():.0f} MB")
    print(f"xvfb_ms={median(cpu):.3f} xvfb_p99_ms={pct(cpu, .99):.3f} xvfb_wall_p99_ms={pct(wall, .99):.3f} "
          f"rss_mb={peak_rss_mb():.0f}")
    app.close()
    return 0


FIRST_FLIP = r"""
import os, sys, time
sys.argv = ["main.py", "play", "--max-frames", "2"]
sys.path.insert(0, ROOT)
import pygame.display
_flip = pygame.display.flip
def flip():
    _flip()
    print("FIRST_FLIP", time.process_time(), flush=True)
    os._exit(0)
pygame.display.flip = flip
import runpy
runpy.run_path(os.path.join(ROOT, "main.py"), run_name="__main__")
"""


def first_frame() -> tuple[float, float]:
    """(wall seconds from spawning ``main.py play`` to its first flip, the child's CPU seconds then)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="bench-first-"), PYTHONPATH=str(_bench.CODE_ROOT))
    code = f"ROOT = {str(_bench.CODE_ROOT)!r}\n" + FIRST_FLIP
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=str(_bench.CODE_ROOT))
    for line in proc.stdout:
        if line.startswith("FIRST_FLIP"):
            wall = time.perf_counter() - t
            proc.wait()
            return wall, float(line.split()[1])
    proc.wait()
    raise SystemExit(f"bench_render: main.py play never flipped: {proc.stderr.read()[-500:]}")


def xvfb(frames: int, seed: int) -> dict[str, float]:
    if shutil.which("xvfb-run") is None:
        print("Xvfb mode skipped: xvfb-run is not installed (apt-get install -y xvfb)")
        return {}
    env = dict(os.environ, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy")
    out = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {SIZE[0] + 64}x{SIZE[1] + 64}x24", sys.executable,
                          os.path.join(HERE, "bench_render.py"), "--x11-child", "--frames", str(frames),
                          "--seed", str(seed)], capture_output=True, text=True, env=env)
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        print(f"Xvfb mode failed (exit {out.returncode}): {out.stderr.strip()[-400:]}")
        return {}
    print("under Xvfb: " + lines[-2])
    return {k: float(v) for k, v in (p.split("=") for p in lines[-1].split())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first-frames", type=int, default=3, help="first-frame child runs (the median is kept)")
    ap.add_argument("--no-xvfb", action="store_true")
    ap.add_argument("--x11-child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.x11_child:
        return x11_child(a.frames, a.seed)
    header("bench_render")
    with clock() as total:
        firsts = [first_frame() for _ in range(a.first_frames)]
        first_wall, first_cpu = median([w for w, _ in firsts]), median([c for _, c in firsts])
        print(f"first frame of the title screen from process start: median {first_wall:.3f} s wall, "
              f"{first_cpu:.3f} s CPU in the child ({a.first_frames} runs)")
        app = build_app(a.seed)
        import pygame
        full = full_redraws(app, a.frames)
        print(f"full redraws ({pygame.display.get_driver()} driver, {SIZE[0]}x{SIZE[1]}, App.render incl. flip): "
              f"{len(full)} frames, {summary(full)}")
        fullish, part = pan_and_hover(app, a.frames)
        print(f"panning and hovering (App.step): {len(part)} partial frames, {summary(part)}; "
              f"{len(fullish)} full frames" + (f", {summary(fullish)}" if fullish else ""))
        app.close()
        x = {} if a.no_xvfb else xvfb(a.frames, a.seed)
    fc, pc = [c for _, c in full], [c for _, c in part]
    footer(total, {"frame_ms": median(fc), "frame_p99_ms": pct(fc, .99), "partial_ms": median(pc),
                   "partial_p99_ms": pct(pc, .99), "xvfb_p99_ms": x.get("xvfb_p99_ms", "nan"),
                   "xvfb_wall_p99_ms": x.get("xvfb_wall_p99_ms", "nan"),
                   "first_frame_s": first_wall, "first_frame_cpu_s": first_cpu,
                   "rss_mb": x.get("rss_mb", "nan")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
