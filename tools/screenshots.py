"""Take the README's screenshots from a real game (headless): the orders screen with a planned
attack (docs/images/game.png), the verdict (verdict.png) and the debrief (debrief.png).

    python tools/screenshots.py [--out docs/images]

The game is Four Worlds, world 1, as Aland, seed 5, 6 turns; every click is a real pygame event.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.flow import Match  # noqa: E402
from game.ui.scenes.debrief import DebriefScene  # noqa: E402
from game.ui.scenes.game import GameScene  # noqa: E402
from game.ui.scenes.resolution import ResolutionScene  # noqa: E402
from game.ui.scenes.verdict import VerdictScene  # noqa: E402
from game.session.local import GameSession  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


class Driver:
    def __init__(self, app: App) -> None:
        self.app = app

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step()

    def click(self, pos) -> None:
        pos = tuple(int(v) for v in pos)
        for t, extra in ((pygame.MOUSEMOTION, {"rel": (0, 0), "buttons": (0, 0, 0)}), (pygame.MOUSEBUTTONDOWN, {"button": 1}),
                         (pygame.MOUSEBUTTONUP, {"button": 1})):
            pygame.event.post(pygame.event.Event(t, pos=pos, **extra))
        self.step(2)

    def press(self, element) -> None:
        self.click(element.rect.center)

    def move(self, pos) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=tuple(pos), rel=(0, 0), buttons=(0, 0, 0)))
        self.step()

    def key(self, key: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        self.step(2)

    def until(self, cond, frames: int = 3000) -> None:
        for _ in range(frames):
            if cond():
                return
            job = getattr(getattr(getattr(self.app.top, "match", None), "session", None), "job", None)
            if job is not None:
                job.wait(30)
            self.step()
        raise RuntimeError(f"stuck at {type(self.app.top).__name__}")


def end_turn(d: Driver) -> None:
    scene = d.app.top
    d.press(scene.panel.end_turn_button)
    if not isinstance(d.app.top, ResolutionScene):         # a confirmation (unpaid builds): end anyway
        d.press(d.app.top.buttons[0])
    res = d.app.top
    d.until(lambda: res.phase == "summary")
    d.key(pygame.K_RETURN)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    out = Path(ap.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    app = App(size=(1600, 900), settings=Settings(walkthrough_done=True, reveal_speed=0.0, volume=0.0),
              catch_errors=False, persist_settings=False)
    d = Driver(app)
    d.step()
    session = GameSession.start(ROOT / "maps" / "four_worlds.yaml", "w1", seed=5, humans=(0,),
                                sets=["victory.max_turns=6"], threaded=False)
    Match(app, session).begin()
    d.step(2)
    for _ in range(2):                                      # two quiet turns: a history on the card
        end_turn(d)
    scene = app.top
    assert isinstance(scene, GameScene)
    g, view = scene.view.gmap, scene.view
    # the strongest border stack against the weakest-looking neighbour hex next to it
    border = [h for h in view.my_units if any(view.owner[lk.dst] == 1 for lk in g.links[h])]
    src = max(border, key=lambda h: (sum(view.my_units[h].values()), -h))
    dst = min((lk.dst for lk in g.links[src] if view.owner[lk.dst] == 1),
              key=lambda t: (view.estimates[t].count if t in view.estimates else 0, t))
    d.click(scene.mapview.hex_screen_pos(src))
    d.click(scene.mapview.hex_screen_pos(dst))
    while not isinstance(app.top, GameScene):               # defect and attack? yes
        d.press(app.top.buttons[0])
    d.move(scene.mapview.hex_screen_pos(dst))
    app.screenshot(out / "game.png")
    while not isinstance(app.top, VerdictScene):
        if isinstance(app.top, GameScene):
            end_turn(d)
        else:
            d.key(pygame.K_RETURN)
    d.step(2)
    app.screenshot(out / "verdict.png")
    d.key(pygame.K_RETURN)
    assert isinstance(app.top, DebriefScene)
    d.step(2)
    app.screenshot(out / "debrief.png")
    app.close()
    print(f"wrote game.png, verdict.png, debrief.png in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
