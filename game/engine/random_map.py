"""A seeded random map as a scenario: options checked, the generator's scenario data, its YAML text
(byte-identical for the same arguments) and a :class:`ScenarioSource` for ``start_game``.

The one home of random-map scenarios for every front end: the command line's ``--random-map``
options (``game.cli.random_map``) and the setup screen's "Random map" (``game.ui.scenes.setup_random``)
both come here. The text is loaded through the same strict loader as a file, so a random map is
validated like any scenario and a saved game embeds its text.
"""
from __future__ import annotations

from typing import Any

from game.engine.mapgen import check_options
from game.engine.mapgen_scenario import DEFAULT_ERA, generate_scenario, scenario_yaml
from game.engine.record import ScenarioSource
from game.engine.rules import load_rules
from game.engine.limits import DEFAULT_SIZE, DEFAULT_STATES



class RandomMapError(ValueError):
    """Bad random-map options; the message is one line for the user."""


def random_map_scenario(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                        height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> dict[str, Any]:
    """Scenario data for a random map, ready for validation; raises RandomMapError on bad options."""
    _check(seed, states, width, height, era)
    return generate_scenario(seed, states, width, height, era)


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
