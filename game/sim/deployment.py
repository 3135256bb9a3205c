"""Starting forces placed by the states themselves (generated maps; :mod:`game.ai.deploy`).

:func:`deployed` takes generated scenario data, builds the starting state, asks each state's AI
where it puts its forces (from its own view, all at once, before anyone has seen the others'
placement) and writes the placement back into the data. The result is an ordinary scenario with
explicit forces, so games on it replay like any other. The front ends (``--random-map`` in
``game.cli.random_map``, the setup screen's "Random map") take random maps from here:
:func:`deployed_random_map_text` and :func:`deployed_random_map_source` are
``game.engine.random_map``'s, deployed (the engine cannot ask the AI).
"""
from __future__ import annotations

import copy
from typing import Any

from game.ai.deploy import deploy
from game.engine.mapgen_scenario import DEFAULT_ERA, scenario_yaml
from game.engine.random_map import DEFAULT_SIZE, DEFAULT_STATES, random_map_scenario
from game.engine.record import ScenarioSource
from game.engine.scenario import build_state, load_scenario_text
from game.engine.views import player_view


def deployed(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of scenario ``data`` whose states' forces are where each state's AI places them."""
    spec = load_scenario_text(scenario_yaml(data), "<generated map>").resolve()
    state = build_state(spec, 0)
    width = state.gmap.width
    out = copy.deepcopy(data)
    for i, st in enumerate(out["states"]):
        stacks = deploy(player_view(state, i))
        cap = state.nations[i].capital
        st["forces"] = [{"hex": [h % width, h // width], "units": dict(sorted(units.items()))}
                        for h, units in sorted(stacks.items(), key=lambda kv: (kv[0] != cap, kv[0])) if units]
    return out


def deployed_random_map_scenario(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                                 height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> dict[str, Any]:
    """:func:`game.engine.random_map.random_map_scenario` with the states' own placement."""
    return deployed(random_map_scenario(seed, states, width, height, era))


def deployed_random_map_text(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                             height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> str:
    """The deployed random map as YAML (byte-identical for the same arguments)."""
    return scenario_yaml(deployed_random_map_scenario(seed, states, width, height, era))


def deployed_random_map_source(seed: int, states: int = DEFAULT_STATES, width: int = DEFAULT_SIZE[0],
                               height: int = DEFAULT_SIZE[1], era: str = DEFAULT_ERA) -> ScenarioSource:
    """The deployed random map as a ScenarioSource (GUI, saves)."""
    return ScenarioSource.from_text(deployed_random_map_text(seed, states, width, height, era))
