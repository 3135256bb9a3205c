"""``python main.py play`` (also ``python main.py`` alone): open the game window.

With no options the title screen opens. ``--scenario FILE`` (or ``--random-map``) starts a game at
once as ``--nation``; ``--load FILE`` continues a saved game (a bare name is looked up in the saves
folder; a hotseat game resumes at the curtain of the first seat still to play). ``--saves DIR``
keeps saves and autosaves in DIR instead of the user data directory. ``--max-frames N`` closes the window
after N frames (tests, screenshots with ``--screenshot PNG``).
"""
from __future__ import annotations

import argparse
import sys

from game.cli.argtypes import positive_int, seed_int
from game.cli.random_map_options import add_random_map_options
from game.engine.errors import FileError

# The engine (saves, scenarios, random maps) is imported inside the functions that use it, never at
# the top: ``python main.py play`` builds this parser and opens the title screen before loading it
# (issue 14, first frame; the imports are listed in tests/test_layers.py's LAZY_IMPORTS).


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


def _new_game(args: argparse.Namespace):
    """The game to start at once (or None for the title screen); raises FileError/ValueError."""
    if not (args.scenario or args.random_map or args.save_map is not None or args.map_seed is not None):
        return None                             # the title screen (the random-map flags are checked below)
    from game.ui.entry import NewGame
    from game.cli.random_map import source_from_args
    from game.engine.random_map import RandomMapError
    from game.engine.record import ScenarioSource
    try:
        got = source_from_args(args)
    except RandomMapError as exc:
        raise ValueError(str(exc)) from None
    source, label = got if got is not None else (None, None)
    if source is None and not args.scenario:
        return None
    source = source or ScenarioSource.from_file(args.scenario)
    spec = source.load(label).spec
    me = nation_index([(s.key, s.name) for s in spec.states], args.nation)
    return NewGame(source, label, args.variant, args.seed, tuple(args.sets), me, args.difficulty)


def run_play(args: argparse.Namespace) -> int:
    # The one place the command line reaches the UI: game.ui.entry, imported here and not at the top so
    # that headless commands never load it (the layer contract names this import; docs/architecture.md).
    from game.ui.entry import WindowRequest, open_window
    try:
        load = None
        if args.load:
            from game.cli.common import find_save
            load = find_save(args.load, args.saves)
        request = WindowRequest(_window(args.window), args.fullscreen, tuple(args.sets), args.saves, args.max_frames,
                                args.screenshot, args.skip_walkthrough, load=load,
                                new=None if args.load else _new_game(args))
        return open_window(request)
    except FileError as exc:
        from game.cli.common import report_file_error
        return report_file_error(exc)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
