"""The UI's one door for the command line: ``game.cli`` reaches the UI only through this module,
imported lazily by ``cmd_play`` (open the window) and ``cmd_report`` (draw the report's charts).

The import-linter contract (``.importlinter``) keeps ``game.ui`` and ``game.cli`` independent and
names these two imports as its only exceptions (docs/architecture.md, "Layers"). pygame is imported
inside the functions, after the SDL environment is prepared, so importing this module is cheap; the
engine (saves, sessions) only when a game is opened from the command line, so that the title screen
comes up without it (issue 14, first frame).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - names for the annotations; the engine loads after the title screen
    from game.engine.record import ScenarioSource
    from game.sim.report import ChartWriter


@dataclass(frozen=True)
class NewGame:
    """A game to start at once: the scenario, its options and the one human seat."""
    source: ScenarioSource
    label: str | None
    variant: str | None
    seed: int
    sets: tuple[str, ...]
    human: int
    difficulty: str | None


@dataclass(frozen=True)
class WindowRequest:
    """What ``play`` asks of the window; ``load`` or ``new`` opens a game, neither the title screen."""
    size: tuple[int, int] | None = None
    fullscreen: bool | None = None
    sets: tuple[str, ...] = ()
    saves: str | None = None
    max_frames: int | None = None
    screenshot: str | None = None
    skip_walkthrough: bool = False
    load: Path | None = None
    new: NewGame | None = None


def report_chart_writer() -> ChartWriter:
    """The after-action report's chart writer, drawing headless (no window is opened)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.ui.charts import report_charts  # lazy: pygame starts after the SDL variables are set
    return report_charts


def open_window(req: WindowRequest) -> int:
    """Run the game window until it closes; returns the exit code (2 when no window can be shown).
    A bad save or scenario raises FileError/ValueError before any window opens."""
    from game.ui.compat import pygame_problem  # lazy: checks pygame-ce before anything imports pygame
    problem = pygame_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    session = None
    locked = False
    if req.load is not None:
        from game.engine.saves import is_encrypted
        from game.ui.persistence import load_session
        locked = is_encrypted(req.load)                        # the window asks for its password
        if not locked:
            session = load_session(req.load)
    elif req.new is not None:
        from game.session.local import GameSession
        n = req.new
        session = GameSession.start(n.source, n.variant, n.seed, list(n.sets), humans=(n.human,),
                                    difficulty=n.difficulty, label=n.label)
    if req.max_frames is not None and os.environ.get("SDL_VIDEODRIVER") is None and not os.environ.get("DISPLAY"):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    from game.ui.app import App
    try:
        app = App(req.size, fullscreen=req.fullscreen, default_sets=req.sets, saves=req.saves)
    except Exception as exc:  # noqa: BLE001 - pygame.error and friends: no window can be opened
        print(f"cannot open the game window: {exc}", file=sys.stderr)
        return 2
    import pygame
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy") and req.max_frames is None and "SDL_VIDEODRIVER" not in os.environ:
        app.close()
        print(f"no display found (SDL chose the '{driver}' video driver), so the window cannot be shown. Run the "
              "game on a desktop, or under xvfb-run; 'python main.py --help' lists the headless commands.",
              file=sys.stderr)
        return 2
    if req.skip_walkthrough:
        app.settings = app.settings.with_changes(walkthrough_done=True)
    if locked or session is not None:
        from game.ui.flow import Match, resume
        if locked:
            resume(app, req.load)
        else:
            Match(app, session).begin()
    try:
        app.run(req.max_frames)
        if req.screenshot:
            app.screenshot(req.screenshot)
    finally:
        app.close()
    return 0
