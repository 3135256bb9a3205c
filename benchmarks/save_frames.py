"""Save full frames of the orders screen as PNG files, and compare two such sets pixel for pixel:
a rendering change that should not change what the player sees is checked against the code before it.

    SD_CODE_ROOT=/path/to/old/tree PYTHONPATH=/path/to/old/tree python benchmarks/save_frames.py --out /tmp/before
    python benchmarks/save_frames.py --out /tmp/after
    python benchmarks/save_frames.py --compare /tmp/before /tmp/after

Concert of Powers (100x60, 8 states) at 1600x900, dummy video driver, seed 1: the screen as it
opens, panned, zoomed out and in again, on each tab of the orders panel, with a tab button
hovered and left, in move mode and in another map mode. Every frame is ``App.render`` (a full
redraw) after real pygame events. Last line: ``frames=N differing_frames=K differing_pixels=P``.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import bench_render


def save(out: Path, seed: int) -> int:
    app = bench_render.build_app(seed)
    import pygame
    scene = app.top
    mv = scene.mapview
    out.mkdir(parents=True, exist_ok=True)

    def post(*events: pygame.event.Event, frames: int = 3) -> None:
        for e in events:
            pygame.event.post(e)
        for _ in range(frames):
            app.step()

    def move(pos: tuple[int, int], frames: int = 3) -> None:
        post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)), frames=frames)

    def key(k: int) -> None:
        post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0),
             pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))

    def click(element) -> None:
        pos = element.rect.center
        move(pos, 1)
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
             pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))

    names = []

    def shot(name: str) -> None:
        app.render()
        pygame.image.save(app.screen, str(out / f"{len(names):02d}-{name}.png"))
        names.append(name)

    centre = mv.rect.center
    move(centre)
    shot("start")
    for k in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_DOWN):
        key(k)
    shot("panned")
    key(pygame.K_MINUS)
    key(pygame.K_MINUS)
    shot("zoomed-out")
    key(pygame.K_PLUS)
    shot("zoomed-in")
    for tab in ("forces", "treaties", "diplomacy"):
        click(scene.panel.tab_buttons[tab])
        move(centre, 40)                      # the button's hover fades
        shot(f"tab-{tab}")
    move(scene.panel.tab_buttons["treaties"].rect.center, 40)
    shot("hovering-a-tab")
    move(centre, 40)
    shot("hover-left")
    key(pygame.K_m)
    shot("move-mode")
    key(pygame.K_ESCAPE)
    key(pygame.K_2)
    shot("terrain-mode")
    app.close()
    print(f"saved {len(names)} frames in {out}")
    print(f"frames={len(names)}")
    return 0


def compare(a: Path, b: Path) -> int:
    import pygame
    files = sorted(p.name for p in a.glob("*.png"))
    if files != sorted(p.name for p in b.glob("*.png")):
        raise SystemExit(f"save_frames: {a} and {b} hold different frames")
    bad_frames = bad_pixels = 0
    for name in files:
        x, y = pygame.image.load(str(a / name)), pygame.image.load(str(b / name))
        if x.get_size() != y.get_size():
            raise SystemExit(f"save_frames: {name}: sizes {x.get_size()} and {y.get_size()}")
        ax, bx = pygame.image.tobytes(x, "RGB"), pygame.image.tobytes(y, "RGB")
        diff = sum(1 for k in range(0, len(ax), 3) if ax[k:k + 3] != bx[k:k + 3]) if ax != bx else 0
        print(f"{name}: {'identical' if not diff else f'{diff} pixels differ'}")
        bad_frames += diff > 0
        bad_pixels += diff
    print(f"frames={len(files)} differing_frames={bad_frames} differing_pixels={bad_pixels}")
    return 1 if bad_frames else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", type=Path, nargs=2, metavar="DIR")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    if a.compare:
        return compare(*a.compare)
    if a.out is None:
        ap.error("--out DIR or --compare DIR DIR")
    return save(a.out, a.seed)


if __name__ == "__main__":
    sys.exit(main())
