"""Starting forces placed by the states themselves (generated maps; :mod:`game.ai.deploy`).

:func:`deployed` takes generated scenario data, builds the starting state, asks each state's AI
where it puts its forces (from its own view, all at once, before anyone has seen the others'
placement) and writes the placement back into the data. The result is an ordinary scenario with
explicit forces, so games on it replay like any other.
"""
from __future__ import annotations

import copy
from typing import Any

from game.ai.deploy import deploy
from game.engine.scenario import build_state, load_scenario_text
from game.engine.views import player_view
from game.engine.mapgen_scenario import scenario_yaml


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
