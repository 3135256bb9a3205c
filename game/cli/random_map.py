"""Random maps for ``run``, ``batch`` and ``play``: shared options and the way from them to a scenario.

The generator gives every state the same force; each state's AI then places it
(:mod:`game.sim.deployment`): states choose their own garrisons.

Options: ``--random-map --seed N --states K --size WxH`` (plus ``--era`` and ``--map-seed`` to keep
one map while the game seed changes, and ``--save-map FILE`` to keep the generated YAML). The map
seed defaults to ``--seed``. The scenario is generated as YAML text and loaded through the same
strict loader as a file (:func:`game.engine.scenario.load_scenario_text`), so a random map is
validated like any scenario and a saved game embeds its text.

For the GUI::

    source = random_map_source(seed=7, states=4, width=40, height=28)      # a ScenarioSource
    record = start_game(source, None, seed=7)                              # game.engine.record
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile
from typing import Any

from game.engine.mapgen import MAX_HEIGHT, MAX_STATES, MAX_WIDTH, MIN_HEIGHT, MIN_STATES, MIN_WIDTH, check_options
from game.engine.mapgen_scenario import DEFAULT_ERA, generate_scenario, scenario_yaml
from game.engine.record import ScenarioSource
from game.engine.rules import load_rules
from game.sim.deployment import deployed

DEFAULT_STATES = 4
DEFAULT_SIZE = (40, 28)
_SIZE = re.compile(r"^\s*(\d{1,4})\s*[xX×]\s*(\d{1,4})\s*$")


class RandomMapError(ValueError):
    """Bad random-map options; the message is one line for the user."""


def random_map_scenario(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                        height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> dict[str, Any]:
    """Scenario data for a random map, ready for validation; raises RandomMapError on bad options."""
    _check(seed, states, width, height, era)
    return deployed(generate_scenario(seed, states, width, height, era))


def random_map_text(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                    height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> str:
    """The random map as YAML (byte-identical for the same arguments)."""
    return scenario_yaml(random_map_scenario(seed, states, width, height, era))


def random_map_source(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                      height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> ScenarioSource:
    """The random map as a ScenarioSource for ``game.engine.record.start_game`` (GUI, saves)."""
    return ScenarioSource.from_text(random_map_text(seed, states, width, height, era))


def random_map_label(seed: int, states: int, width: int, height: int, era: str) -> str:
    """How messages name a generated map."""
    return f"<random map seed {seed}, {states} states, {width}x{height}, era {era}>"


def _check(seed: int, states: int, width: int, height: int, era: str) -> None:
    if seed < 0:
        raise RandomMapError(f"the map seed must be >= 0, got {seed}")
    try:
        check_options(states, width, height)
    except ValueError as exc:
        raise RandomMapError(str(exc)) from None
    if era not in load_rules().eras:
        raise RandomMapError(f"unknown era {era!r}; known: {', '.join(load_rules().eras)}")


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
        g.add_argument("--seed", type=int, default=1, help="the seed (map and game)")
    g.add_argument("--states", type=_states, default=DEFAULT_STATES, metavar="K",
                   help=f"number of states, {MIN_STATES}-{MAX_STATES} (default {DEFAULT_STATES})")
    g.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, metavar="WxH",
                   help=f"map size from {MIN_WIDTH}x{MIN_HEIGHT} to {MAX_WIDTH}x{MAX_HEIGHT} "
                        f"(default {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    g.add_argument("--era", default=DEFAULT_ERA, metavar="ERA", help=f"technology era (default {DEFAULT_ERA})")
    g.add_argument("--map-seed", type=int, default=None, metavar="N",
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
    text = random_map_text(seed, args.states, width, height, args.era)
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
