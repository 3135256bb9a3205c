"""Random maps for ``run``, ``batch`` and ``play``: the shared options and the way from them to a
scenario (the scenario itself: ``game.engine.random_map``; each state's AI then places its own
starting force, :mod:`game.sim.deployment`).

Options: ``--random-map --seed N --states K --size WxH`` (plus ``--era`` and ``--map-seed`` to keep
one map while the game seed changes, and ``--save-map FILE`` to keep the generated YAML). The map
seed defaults to ``--seed``. The scenario is generated as YAML text and loaded through the same
strict loader as a file (:func:`game.engine.scenario.load_scenario_text`), so a random map is
validated like any scenario and a saved game embeds its text.
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile

from game.cli.common import seed_int
from game.engine.mapgen import MAX_HEIGHT, MAX_STATES, MAX_WIDTH, MIN_HEIGHT, MIN_STATES, MIN_WIDTH
from game.engine.mapgen_scenario import DEFAULT_ERA
from game.engine.random_map import DEFAULT_SIZE, DEFAULT_STATES, RandomMapError, random_map_label
from game.engine.record import ScenarioSource
from game.sim.deployment import deployed_random_map_text

_SIZE = re.compile(r"^\s*(\d{1,4})\s*[xX×]\s*(\d{1,4})\s*$")


def parse_size(text: str) -> tuple[int, int]:
    """``"WxH"`` -> (W, H), for argparse (range-checked later with the number of states)."""
    m = _SIZE.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 40x28, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _states(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of states, got {text!r}") from None


def add_random_map_options(parser: argparse.ArgumentParser, add_seed: bool = False) -> None:
    """Add the random-map options to a subcommand (``add_seed`` when it has no ``--seed`` yet)."""
    g = parser.add_argument_group("random map", "play on a seeded random map instead of a scenario file")
    g.add_argument("--random-map", action="store_true", help="generate the map instead of --scenario")
    if add_seed:
        g.add_argument("--seed", type=seed_int, default=1, help="the seed (map and game)")
    g.add_argument("--states", type=_states, default=DEFAULT_STATES, metavar="K",
                   help=f"number of states, {MIN_STATES}-{MAX_STATES} (default {DEFAULT_STATES})")
    g.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, metavar="WxH",
                   help=f"map size from {MIN_WIDTH}x{MIN_HEIGHT} to {MAX_WIDTH}x{MAX_HEIGHT} "
                        f"(default {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    g.add_argument("--era", default=DEFAULT_ERA, metavar="ERA", help=f"technology era (default {DEFAULT_ERA})")
    g.add_argument("--map-seed", type=seed_int, default=None, metavar="N",
                   help="seed of the map alone (default: --seed), to replay one map with other game seeds")
    g.add_argument("--save-map", default=None, metavar="FILE", help="also write the generated scenario to FILE")


def map_seed(args: argparse.Namespace) -> int:
    return args.map_seed if args.map_seed is not None else args.seed


def source_from_args(args: argparse.Namespace) -> tuple[ScenarioSource, str] | None:
    """(source, label) for ``--random-map``, else None. Writes ``--save-map``. Raises RandomMapError."""
    if not getattr(args, "random_map", False):
        for flag, attr in (("--save-map", "save_map"), ("--map-seed", "map_seed")):
            if getattr(args, attr, None) is not None:
                raise RandomMapError(f"{flag} needs --random-map")
        return None
    if getattr(args, "scenario", None):
        raise RandomMapError("give either --scenario FILE or --random-map, not both")
    width, height = args.size
    seed = map_seed(args)
    text = deployed_random_map_text(seed, args.states, width, height, args.era)
    if args.save_map:
        write_text(args.save_map, text)
    return ScenarioSource.from_text(text), random_map_label(seed, args.states, width, height, args.era)


def write_text(path: str, text: str) -> None:
    """Write atomically (temporary file, then rename); raises RandomMapError naming the file."""
    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".random-map-", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise RandomMapError(f"cannot write {path}: {exc.strerror or exc}") from None
