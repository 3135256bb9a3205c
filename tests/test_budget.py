"""Builds and the budget split that pays for them."""
from __future__ import annotations

from game.engine.budget import fit_budget, planned_costs, reserve, shortfalls
from game.engine.orders import Budget, Build
from game.engine.rules import load_rules


def test_a_first_offensive_build_raises_offence_from_the_reserve_then_the_economy() -> None:
    b = Budget(0.5, 0.0, 0.2)
    assert abs(reserve(b) - 0.3) < 1e-9
    f = fit_budget(b, "offence", 12.0, 100.0)          # needs 12% of the treasury
    assert f.offence >= 0.12 and f.economy == 0.5 and f.defence == 0.2
    assert not shortfalls(f, 100.0, {"offence": 12.0})
    g = fit_budget(b, "offence", 50.0, 100.0)          # the reserve (30%) is not enough: economy gives 20%
    assert g.offence >= 0.5 and g.defence == 0.2 and g.economy <= 0.3 + 1e-9
    assert g.economy + g.offence + g.defence <= 1.0 + 1e-9
    assert fit_budget(b, "defence", 10.0, 100.0) == b   # 20% already pays 10


def test_shortfalls_name_the_pool_that_cannot_pay() -> None:
    era = load_rules().eras["1940"]
    builds = (Build("armour", 3, 2),)
    planned = planned_costs(era, builds)
    assert planned["offence"] == 2 * era.units["armour"].cost and planned["defence"] == 0
    short = shortfalls(Budget(0.5, 0.0, 0.2), 100.0, planned)
    assert set(short) == {"offence"} and abs(short["offence"] - planned["offence"]) < 1e-9
