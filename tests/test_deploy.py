"""Generated maps: each state's AI places its own starting forces (game/ai/deploy.py, game/sim/deployment.py)."""
from __future__ import annotations

import pytest

from game.ai.deploy import exposure_of
from game.engine.mapgen_scenario import scenario_yaml
from game.engine.random_map import random_map_scenario as generated
from game.engine.scenario import build_state, load_scenario_text
from game.engine.views import player_view
from game.sim.deployment import deployed, deployed_random_map_scenario as random_map_scenario


def _state(data):
    return build_state(load_scenario_text(scenario_yaml(data), "<test>").resolve(), 0)


def _total(data, i):
    return sum(n for f in data["states"][i]["forces"] for n in f["units"].values())


@pytest.mark.parametrize("seed,states,size", [(1, 2, (16, 12)), (5, 3, (24, 18)), (11, 6, (30, 22))])
def test_each_state_spreads_its_force_to_one_threat_ratio_along_its_border(seed: int, states: int,
                                                                           size: tuple[int, int]) -> None:
    raw = generated(seed, states, *size)
    data = random_map_scenario(seed, states, *size)
    assert data == deployed(raw)
    state, raw_state = _state(data), _state(raw)
    militia = state.gmap.rules.constants.combat.militia
    for i in range(states):
        assert _total(data, i) == _total(raw, i)
        cap = state.nations[i].capital
        assert state.units.get(cap) == raw_state.units.get(cap)    # the capital keeps its garrison
        exposure, mult = exposure_of(player_view(state, i))
        assert all(h in exposure for h, st in state.units.items() if state.owner[h] == i and h != cap and st)

        def ratio(h: int, less: int = 0) -> float:
            n = sum(state.units.get(h, {}).values()) - less
            unit = state.era.units["infantry"].defence
            return exposure[h] / ((militia + unit * n) * mult[h])

        # greedy optimum: no unit would have gone elsewhere -- every held hex, one unit lighter, was at
        # least as exposed per unit of defence as the most exposed hex is now
        worst = max(ratio(h) for h in exposure)
        held = [h for h in exposure if h != cap and state.units.get(h)]
        assert held and all(ratio(h, 1) >= worst - 1e-9 for h in held)
        assert max(ratio(h) for h in exposure) < max(ratio_raw for ratio_raw in
                                                     (exposure[h] / ((militia + state.era.units["infantry"].defence
                                                                      * sum(raw_state.units.get(h, {}).values())) * mult[h])
                                                      for h in exposure))


def test_deployment_is_deterministic() -> None:
    assert scenario_yaml(random_map_scenario(3, 4, 24, 18)) == scenario_yaml(random_map_scenario(3, 4, 24, 18))
