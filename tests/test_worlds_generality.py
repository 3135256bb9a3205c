"""Generality of the four worlds (issue 15; theory.md §4, invariant 5): Jervis's ordering on maps the
classroom map is not, with the worlds set the same way everywhere (``batch --worlds``,
:mod:`game.sim.worlds`).

On 12 generated maps (2-6 states, several sizes and seeds; every state places its own garrison)
and on every shipped scenario where two or more states meet by land: mutual cooperation
W4 > W2 > W1 and W4 > W3 > W1, arms share the reverse, with 95% cluster-robust intervals apart,
over the whole game and over its second half. ``maps/tools/worlds_generality.py`` prints the
same tables (docs/experiments.md, "The four worlds on any map").
"""
from __future__ import annotations

from pathlib import Path

import pytest

from game.cli.random_map import random_map_text
from game.engine.balance import border_axes
from game.engine.scenario import build_state, load_scenario
from game.sim.worlds import ordering_failures, run_worlds

# (seed, states, width, height)
GENERATED = ((1, 2, 16, 12), (2, 2, 20, 14), (3, 2, 24, 16), (4, 3, 20, 14), (5, 3, 24, 18), (6, 3, 28, 20),
             (7, 4, 24, 18), (8, 4, 30, 20), (9, 5, 28, 20), (10, 5, 32, 22), (11, 6, 30, 22), (12, 6, 36, 24))
SHIPPED = sorted(str(p) for p in Path("maps").glob("*.yaml"))
GAMES, TURNS = 8, 24


def land_neighbours(path: str) -> int:
    """How many states share a land border (any direct axis but a strait or an amphibious one)."""
    state = build_state(load_scenario(path).resolve(), 1)
    pairs = {tuple(sorted(k)) for k, axes in border_axes(state).items()
             if any(a.kind not in ("strait", "amphibious", "buffer") for a in axes)}
    return len({i for p in pairs for i in p})


def _check(path: str) -> None:
    rows = run_worlds(path, GAMES, TURNS, seed=1, workers=2)
    assert [rows[w]["world"] for w in ("w1", "w2", "w3", "w4")] == [1, 2, 3, 4], \
        "each world's modal true world is the one it sets"
    assert ordering_failures(rows) == []


@pytest.mark.slow
@pytest.mark.parametrize("seed,states,width,height", GENERATED)
def test_four_worlds_order_on_generated_maps(tmp_path: Path, seed: int, states: int, width: int, height: int) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(random_map_text(seed, states, width, height), encoding="utf-8")
    _check(str(path))


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in SHIPPED if p.endswith(("four_worlds.yaml", "island_continent.yaml",
                                                                     "cold_war.yaml"))])
def test_four_worlds_order_on_shipped_scenarios(path: str) -> None:
    assert land_neighbours(path) >= 2
    _check(path)
