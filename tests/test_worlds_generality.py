"""Generality of the four worlds (issue 15; theory.md §4, invariant 5): Jervis's ordering on maps the
classroom map is not, with the worlds set the same way everywhere (``batch --worlds``,
:mod:`game.sim.worlds`).

On 12 generated maps of 1940 (2-6 states, several sizes and seeds; every state places its own garrison)
and on the shipped scenarios where two or more states meet by land and a batch fits the budget:
mutual cooperation W4 > W2 > W1 and W4 > W3 > W1, arms share the reverse, with 95%
cluster-robust intervals apart, over the whole game and over its second half.
``python -m game.sim.tools.worlds_generality`` prints the same tables (docs/experiments.md, "The four worlds
on any map"), and with ``--maps scenarios`` also July 1914, Geneva 1932 and the Concert of Powers,
whose 52x36 and 100x60 maps would take the slow suite past its budget.

**The ordering does not hold yet on most of these maps** (issue 15 is open; the causes are traced
in docs/experiments.md). The cases where it fails are marked ``xfail(strict=True)``: each still
runs and asserts, and the mark turns into a failure the day the case passes, so it must then be
removed. Do not add a mark to make a new failure pass.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from game.sim.deployment import deployed_random_map_text as random_map_text
from game.engine.balance import border_axes
from game.engine.scenario import build_state, load_scenario
from game.sim.worlds import ordering_failures
from game.sim.tools.worlds_generality import GENERATED_ERA
from game.sim.worlds_batch import run_worlds

# (seed, states, width, height)
GENERATED = ((1, 2, 16, 12), (2, 2, 20, 14), (3, 2, 24, 16), (4, 3, 20, 14), (5, 3, 24, 18), (6, 3, 28, 20),
             (7, 4, 24, 18), (8, 4, 30, 20), (9, 5, 28, 20), (10, 5, 32, 22), (11, 6, 30, 22), (12, 6, 36, 24))
SHIPPED = sorted(str(p) for p in Path("maps").glob("*.yaml"))
GAMES, TURNS = 8, 24

CEILING = "the worlds share one ceiling (beliefs saturate at 6/7; thresholds settle low in W2-W4)"
W3_IS_W4 = ("W4 > W3 fails: among security seekers W3 reaches W4's ceiling (0.89-0.95), and W4's opening is "
            "no better; every other comparison holds")
CONCENTRATION = "W2 at a moderate balance: attackers concentrate from 2-3 hexes, defenders cannot move"
AMBIGUOUS = "W3 in 1850: infantry (signature 0.5) is the only arm, so d = 0.8 reveals nothing"
# measured with python -m game.sim.tools.worlds_generality --games 8 --turns 24 (docs/experiments.md);
# the generated maps are of 1940 (GENERATED_ERA), as the examiner's
FAILING = {1: CEILING, 2: CEILING, 3: CEILING, 4: W3_IS_W4, 5: CEILING, 6: W3_IS_W4, 7: W3_IS_W4, 8: W3_IS_W4,
           9: W3_IS_W4, 10: W3_IS_W4, 11: W3_IS_W4, 12: W3_IS_W4,
           "four_worlds.yaml": CONCENTRATION + "; " + AMBIGUOUS, "island_continent.yaml": CEILING,
           "cold_war.yaml": "nuclear war cost and buffer borders: every world at peace, W1 and W3 read as defence worlds"}


def _case(key: object, *values: object) -> object:
    reason = FAILING.get(key)
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else pytest.param(*values)


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
@pytest.mark.parametrize("seed,states,width,height", [_case(g[0], *g) for g in GENERATED])
def test_four_worlds_order_on_generated_maps(tmp_path: Path, seed: int, states: int, width: int, height: int) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(random_map_text(seed, states, width, height, GENERATED_ERA), encoding="utf-8")
    _check(str(path))


@pytest.mark.slow
@pytest.mark.parametrize("path", [_case(Path(p).name, p) for p in SHIPPED
                                  if Path(p).name in ("four_worlds.yaml", "island_continent.yaml", "cold_war.yaml")])
def test_four_worlds_order_on_shipped_scenarios(path: str) -> None:
    assert land_neighbours(path) >= 2
    _check(path)
