"""The budget split and the builds it must pay for (economy phase, :func:`game.engine.economy.pay_economy`):
each build is paid from its pool (offence or defence share x the treasury); what no share claims is
the reserve, which stays in the treasury. Pure helpers for the orders screen, so that it does not
re-derive these rules."""
from __future__ import annotations

from typing import Mapping

from .orders import Budget, Build
from .rules import Era

POOLS = ("offence", "defence")


def pool_of(era: Era, unit: str) -> str:
    return "offence" if era.units[unit].offensive else "defence"


def planned_costs(era: Era, builds: tuple[Build, ...]) -> dict[str, float]:
    """What the planned builds cost, per pool."""
    out = {p: 0.0 for p in POOLS}
    for b in builds:
        u = era.units.get(b.unit)
        if u is not None:
            out[pool_of(era, b.unit)] += u.cost * b.count
    return out


def reserve(budget: Budget) -> float:
    """The share of the treasury no part of the budget claims: it is not spent."""
    return max(0.0, 1.0 - (budget.economy + budget.offence + budget.defence))


def shortfalls(budget: Budget, treasury: float, planned: Mapping[str, float]) -> dict[str, float]:
    """Per pool, how much the planned builds exceed what the pool offers (only pools that fall short)."""
    b = budget.normalised()
    out = {}
    for p in POOLS:
        short = planned.get(p, 0.0) - getattr(b, p) * max(treasury, 0.0)
        if short > 1e-9:
            out[p] = short
    return out


def fit_budget(budget: Budget, pool: str, cost: float, treasury: float) -> Budget:
    """The smallest raise of ``pool``'s share that pays ``cost`` from ``treasury``, taken from the
    reserve first, then from the economy (never from the other arms pool). Unchanged if it already
    pays; as far as the reserve and the economy allow otherwise."""
    if treasury <= 0:
        return budget
    need = min(1.0, cost / treasury)
    have = getattr(budget, pool)
    if have >= need - 1e-9:
        return budget
    raise_by = need - have
    from_reserve = min(raise_by, reserve(budget))
    from_economy = min(raise_by - from_reserve, budget.economy)
    new_share = round(have + from_reserve + from_economy + 0.005, 2)     # whole percent, rounded up
    economy = max(0.0, round(budget.economy - from_economy, 2))
    parts = {"economy": economy, "offence": budget.offence, "defence": budget.defence, pool: new_share}
    over = parts["economy"] + parts["offence"] + parts["defence"] - 1.0
    if over > 0:
        parts["economy"] = max(0.0, round(parts["economy"] - over, 4))
    return Budget(parts["economy"], parts["offence"], parts["defence"])
