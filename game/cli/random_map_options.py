"""The random-map options of ``run``, ``batch`` and ``play`` (``--random-map --states K --size WxH
--era --map-seed --save-map``; what they make: :mod:`game.cli.random_map`). Only argparse and the
engine's plain limits, so that the ``play`` parser is built without loading the engine (issue 14,
first frame)."""
from __future__ import annotations

import argparse
import re

from game.cli.argtypes import seed_int
from game.engine.limits import (DEFAULT_ERA, DEFAULT_SIZE, DEFAULT_STATES, MAX_HEIGHT, MAX_STATES, MAX_WIDTH, MIN_HEIGHT,
                                MIN_STATES, MIN_WIDTH)

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
