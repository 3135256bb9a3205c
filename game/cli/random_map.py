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
import tempfile

from game.cli.random_map_options import add_random_map_options, parse_size  # noqa: F401  (re-exported for the commands)
from game.engine.random_map import RandomMapError, random_map_label
from game.engine.record import ScenarioSource
from game.sim.deployment import deployed_random_map_text


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
