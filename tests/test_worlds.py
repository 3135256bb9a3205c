"""``batch --worlds``: Jervis's four worlds applied to any scenario the same way (game/sim/worlds.py)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.cli.cmd_batch import run_batch
from game.engine.balance import axis_odb
from game.engine.rules import era_with_overrides, load_rules
from game.engine.scenario import load_scenario
from game.sim.batch import plan_cells
from game.sim.worlds import (DEFENCE_ODB, HIGH_D, LOW_D, OFFENCE_ODB, WORLD_KEYS, ordering_failures, parse_worlds,
                             world_era)

MAP = "maps/four_worlds.yaml"


@pytest.mark.parametrize("era", ["1850", "1914", "1940", "1932"])
def test_each_world_sets_the_same_open_ground_balance_and_d_in_every_era(era: str) -> None:
    rules = load_rules()
    for world, (odb, d) in zip(WORLD_KEYS, ((OFFENCE_ODB, LOW_D), (DEFENCE_ODB, LOW_D),
                                            (OFFENCE_ODB, HIGH_D), (DEFENCE_ODB, HIGH_D))):
        data = world_era(rules, era, {}, world)
        built = era_with_overrides(rules, era, {k: v for k, v in data.items() if k != "base"})
        assert axis_odb(rules, built, "plains", 1.0, 0) == pytest.approx(odb, rel=1e-5)
        assert axis_odb(rules, built, "plains", 1.0, 0, perceived=True) == pytest.approx(odb, rel=1e-5)
        assert built.distinguishability == d and built.perceived_d() == d
        # terrain still multiplies the balance: hills behind a river are more defensive than plains
        assert axis_odb(rules, built, "hills", 1.25, 0) > axis_odb(rules, built, "plains", 1.0, 0)


def test_parse_worlds() -> None:
    assert parse_worlds("all") == WORLD_KEYS
    assert parse_worlds("w3, W1") == ("w3", "w1")
    with pytest.raises(ValueError, match="unknown world"):
        parse_worlds("w5")
    with pytest.raises(ValueError, match="twice"):
        parse_worlds("w1,w1")


def test_worlds_cells_keep_the_variant_and_let_a_sweep_override_them() -> None:
    sc = load_scenario(MAP)
    cells = plan_cells(sc, "w1", [], [("era.distinguishability", ("0.5",))], WORLD_KEYS)
    assert [c.world for c in cells] == list(WORLD_KEYS)
    assert cells[2].label == "w1 w3 era.distinguishability=0.5"
    spec = sc.resolve(cells[1].variant, cells[1].sets)
    assert spec.era.base == "1940" and spec.era.distinguishability == 0.5     # the sweep comes last


def test_a_worlds_batch_puts_each_cell_in_its_world(tmp_path: Path) -> None:
    out = tmp_path / "w"
    assert run_batch(MAP, None, 1, 1, 1, [], [], 1, out, progress=False, stdout=io.StringIO(), worlds="all") == 0
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["worlds"], r["world"]) for r in rows] == [("w1", "1"), ("w2", "2"), ("w3", "3"), ("w4", "4")]
    with open(out / "games.csv", newline="", encoding="utf-8") as fh:
        assert all("--set 'era={base: " in r["command"] for r in csv.DictReader(fh))   # each game replays alone


def _row(coop: float, arms: float) -> dict[str, float]:
    row = {}
    for key, v in (("mutual_coop", coop), ("arms_share", arms), ("late_mutual_coop", coop), ("late_arms_share", arms)):
        row[key if key.endswith("share") else key + "_rate"] = v
        row[key + "_ci_low"], row[key + "_ci_high"] = v - 0.01, v + 0.01
    return row


def test_ordering_failures_names_the_comparisons_whose_intervals_touch() -> None:
    good = {"w1": _row(0.2, 0.7), "w2": _row(0.6, 0.4), "w3": _row(0.5, 0.5), "w4": _row(0.9, 0.1)}
    assert ordering_failures(good) == []
    bad = dict(good, w3=_row(0.205, 0.5))
    fails = ordering_failures(bad)
    assert fails and all("w3" in f and "w1" in f for f in fails) and len(fails) == 2   # whole game and second half
