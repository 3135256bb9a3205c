"""``python main.py play`` (also ``python main.py`` alone): open the game window.

With no options the title screen opens. ``--scenario FILE`` (or ``--random-map``) starts a game at
once as ``--nation``; ``--load FILE`` continues a saved game (a bare name is looked up in the saves
folder; a hotseat game resumes at the curtain of the first seat still to play). ``--saves DIR``
keeps saves and autosaves in DIR instead of the user data directory. ``--max-frames N`` closes the window
after N frames (tests, screenshots with ``--screenshot PNG``).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli.common import positive_int, report_file_error, seed_int
from game.engine.errors import FileError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="open the game window (the default command)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", default=None, metavar="FILE", help="start a game on this scenario at once")
    p.add_argument("--variant", default=None, metavar="NAME")
    p.add_argument("--seed", type=seed_int, default=1)
    p.add_argument("--nation", default="0", metavar="NAME|KEY|N", help="the state you play (default: the first)")
    p.add_argument("--difficulty", choices=("easy", "normal", "hard"), default=None)
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario value, e.g. victory.max_turns=5 (repeatable)")
    p.add_argument("--load", default=None, metavar="FILE", help="continue a saved game")
    p.add_argument("--saves", default=None, metavar="DIR",
                   help="folder for saved games and autosaves (default: the user data directory)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--windowed", dest="fullscreen", action="store_false", default=None)
    mode.add_argument("--fullscreen", dest="fullscreen", action="store_true")
    p.add_argument("--window", default=None, metavar="WxH", help="window size, e.g. 1600x900")
    p.add_argument("--max-frames", type=positive_int, default=None, metavar="N", help="close after N frames")
    p.add_argument("--screenshot", default=None, metavar="PNG", help="save the last frame as PNG on exit")
    p.add_argument("--skip-walkthrough", action="store_true", help="do not show the first-game tour")
    try:
        from game.cli.random_map import add_random_map_options
    except ImportError:  # pragma: no cover - only before the random map generator exists
        pass
    else:
        add_random_map_options(p)
    p.set_defaults(func=run_play)


def _window(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--window: expected WIDTHxHEIGHT such as 1600x900, got {text!r}") from None
    if w < 640 or h < 480:
        raise ValueError("--window: at least 640x480")
    return w, h


def nation_index(names: list[tuple[str, str]], text: str) -> int:
    """A state by index, one-letter key or name (case-insensitive); raises ValueError."""
    t = text.strip()
    if t.isdigit() and int(t) < len(names):
        return int(t)
    for i, (key, name) in enumerate(names):
        if t.lower() in (key.lower(), name.lower()):
            return i
    raise ValueError(f"--nation: no state {text!r}; states are "
                     + ", ".join(f"{i} {k} {n}" for i, (k, n) in enumerate(names)))


def _session(args: argparse.Namespace):
    """The game to open directly (or None for the title screen); raises FileError/ValueError."""
    from game.ui.session import GameSession
    if args.load:
        from game.cli.cmd_replay import find_save
        from game.engine.saves import is_encrypted
        from game.ui.persistence import load_session
        path = find_save(args.load, args.saves)
        if is_encrypted(path):
            return path                     # the window asks for its password
        return load_session(path)
    source, label = None, None
    try:
        from game.cli.random_map import RandomMapError, source_from_args
    except ImportError:  # pragma: no cover
        pass
    else:
        try:
            got = source_from_args(args)
        except RandomMapError as exc:
            raise ValueError(str(exc)) from None
        if got is not None:
            source, label = got
    if source is None and not args.scenario:
        return None
    from game.engine.record import ScenarioSource
    source = source or ScenarioSource.from_file(args.scenario)
    spec = source.load(label).spec
    me = nation_index([(s.key, s.name) for s in spec.states], args.nation)
    return GameSession.start(source, args.variant, args.seed, args.sets, humans=(me,), difficulty=args.difficulty,
                             label=label)


def run_play(args: argparse.Namespace) -> int:
    from game.ui.compat import pygame_problem
    problem = pygame_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        size = _window(args.window)
        session = _session(args)
    except FileError as exc:
        return report_file_error(exc)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.max_frames is not None and os.environ.get("SDL_VIDEODRIVER") is None and not os.environ.get("DISPLAY"):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    from game.ui.app import App
    from game.ui.flow import Match
    try:
        app = App(size, fullscreen=args.fullscreen, default_sets=tuple(args.sets), saves=args.saves)
    except Exception as exc:  # noqa: BLE001 - pygame.error and friends: no window can be opened
        print(f"cannot open the game window: {exc}", file=sys.stderr)
        return 2
    import pygame
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy") and args.max_frames is None and "SDL_VIDEODRIVER" not in os.environ:
        app.close()
        print(f"no display found (SDL chose the '{driver}' video driver), so the window cannot be shown. Run the "
              "game on a desktop, or under xvfb-run; 'python main.py --help' lists the headless commands.",
              file=sys.stderr)
        return 2
    if args.skip_walkthrough:
        app.settings = app.settings.with_changes(walkthrough_done=True)
    if isinstance(session, Path):
        from game.ui.persistence import resume
        resume(app, session)
    elif session is not None:
        Match(app, session).begin()
    try:
        app.run(args.max_frames)
        if args.screenshot:
            app.screenshot(args.screenshot)
    finally:
        app.close()
    return 0
