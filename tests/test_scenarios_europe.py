"""The historical Europe scenarios (issue 7): July 1914 and Geneva 1932.

Each validates, each variant plays 20 AI turns with the game's invariants, and the map and era
encode what the teaching notes claim (cult of the offensive on the Franco-German border, neutral
Belgium, an island Britain, Geneva's variants differing in distinguishability).
"""
from __future__ import annotations

import pytest

from game.engine.errors import FileError
from game.engine.scenario import load_scenario_text


def test_state_productivity_sets_income_per_land_value() -> None:
    base = """
name: P
map:
  width: 4
  height: 4
  terrain: ["....", "....", "....", "...."]
  owners: ["AABB", "AABB", "AABB", "AABB"]
era: "1914"
states:
  - {key: A, name: Aland, colour: "#aa0000", capital: [0, 0], productivity: 0.5}
  - {key: B, name: Borduria, colour: "#0000aa", capital: [3, 3]}
"""
    from game.engine.scenario import build_state
    spec = load_scenario_text(base, "p.yaml").resolve()
    state = build_state(spec, seed=1)
    assert [n.productivity for n in state.nations] == [0.5, 1.0]
    assert state.incomes() == pytest.approx([4.0, 8.0])
    with pytest.raises(FileError, match="productivity"):
        load_scenario_text(base.replace("productivity: 0.5", "productivity: 0"), "p.yaml")
