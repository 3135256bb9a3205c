"""The economic phase of resolution: income, trade, upkeep, builds with lead times, warning.

Called by :mod:`resolve` with its scratchpad; kept apart so that each module has one job.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import compress

from .combat import apply_losses
from .resolution import Resolution
from .bounds import clamp_amount, clamp_productivity
from .rules import max_fort_level
from .state import BuildItem, dyad, land_values


def pay_economy(r: Resolution) -> None:
    eco = r.s.gmap.rules.constants.economy
    alive = [n.id for n in r.nations if n.alive]
    values = land_values(r.owner, r.s.gmap.value_arr, len(r.nations))
    for i in alive:
        r.income[i] = r.nations[i].productivity * values[i]
    trade = {i: 0.0 for i in alive}
    for a, b in r.pairs:
        if r.stances[(a, b)] == "C" and r.stances[(b, a)] == "C" and a in trade and b in trade:
            mult = eco.trade_treaty_multiplier if any(t.kind == "trade" and t.parties == dyad(a, b) for t in r.treaties) else 1.0
            gain = eco.trade_rate * min(r.income[a], r.income[b]) * mult * r.s.params.trade_factor
            trade[a] += gain
            trade[b] += gain
    upkeeps = _upkeeps(r)
    for i in alive:
        n = r.nations[i]
        upkeep = upkeeps[i]
        treasury = n.treasury + r.income[i] + trade[i] - upkeep
        if treasury < 0:
            _disband(r, i, -treasury / max(upkeep, 1e-9))
            treasury = 0.0
        r.nations[i] = replace(n, treasury=clamp_amount(treasury))
    for i in alive:
        _build(r, i)
    for i in alive:
        _advance_queue(r, i)


def _upkeeps(r: Resolution) -> list[float]:
    """Upkeep owed by every nation: its units plus its fortification levels."""
    units = r.s.era.units
    totals = [0.0] * len(r.nations)
    for h, stack in r.units.items():
        o = r.owner[h]
        if o >= 0:
            totals[o] += sum(units[k].upkeep * n for k, n in stack.items() if k in units)
    fort_units = [u for u in units.values() if u.fort]
    if fort_units:
        fort, owner = r.fort, r.owner
        for h in compress(range(len(fort)), fort):      # the fortified hexes, in hex order
            if owner[h] >= 0:
                totals[owner[h]] += fort_units[0].upkeep * fort[h]
    return totals


def _disband(r: Resolution, i: int, share: float) -> None:
    share = min(1.0, share)
    for h in sorted(r.units):
        if r.owner[h] == i:
            left = apply_losses(r.units[h], share, r.rng)
            if left:
                r.units[h] = left
            else:
                del r.units[h]
    r.emit("disbanded", f"{r.name(i)} cannot pay its upkeep and disbands {share:.0%} of its forces.", (i,))


def _build(r: Resolution, i: int) -> None:
    s, g = r.s, r.s.gmap
    eco = g.rules.constants.economy
    o = r.orders[i]
    n = r.nations[i]
    budget = o.budget.normalised()
    available = max(0.0, n.treasury)
    pools = {"offence": budget.offence * available, "defence": budget.defence * available}
    new_items: list[BuildItem] = []
    spent = 0.0
    for b in o.builds:
        u = s.era.units.get(b.unit)
        if u is None or not (0 <= b.hex < g.size) or r.owner[b.hex] != i or b.count <= 0:
            r.emit("order_rejected", f"{r.name(i)}: cannot build {b.count} {b.unit} at hex {b.hex}.", (i,))
            continue
        pool = "offence" if u.offensive else "defence"
        count = b.count
        if u.fort:
            pending = sum(q.count for q in n.queue + tuple(new_items) if q.hex == b.hex and s.era.units[q.unit].fort)
            count = min(count, max_fort_level(g.rules) - r.fort[b.hex] - pending)
        count = min(count, int(pools[pool] // u.cost + 1e-9))
        if count <= 0:
            r.emit("order_rejected", f"{r.name(i)}: not enough {pool} budget (or no room) for {b.unit} at {g.label(b.hex)}.", (i,))
            continue
        cost = count * u.cost
        pools[pool] -= cost
        spent += cost
        new_items.append(BuildItem(b.unit, b.hex, count, u.build_time))
        r.emit("build", f"{r.name(i)} orders {count} {u.name} at {g.label(b.hex)} (ready in {u.build_time} turn(s)).",
               (i,), unit=b.unit, hex=b.hex, count=count)
        if u.offensive:
            _maybe_seen(r, i, b.hex, u.name)
    econ = budget.economy * available
    inc = max(r.income[i], 1.0)
    r.nations[i] = replace(n, treasury=clamp_amount(n.treasury - spent - econ),
                           productivity=clamp_productivity(n.productivity + eco.econ_return * econ / inc),
                           queue=n.queue + tuple(new_items))
    r.arms_spent[i] = spent
    r.econ_spent[i] = econ


def _maybe_seen(r: Resolution, i: int, h: int, unit_name: str) -> None:
    """Offensive builds near a border are seen by the neighbour with probability d x warning: warning."""
    g, era = r.s.gmap, r.s.era
    near = {r.owner[x] for x in g.within(h, g.rules.constants.economy.warning_range) if r.owner[x] >= 0 and r.owner[x] != i}
    for j in sorted(near):
        if (i, j) in r.warned:
            continue
        if r.rng.random() < era.distinguishability * era.warning:
            r.warned.add((i, j))
            r.emit("warning", f"Intelligence: {r.name(i)} is building {unit_name} near our border at {g.label(h)}.",
                   (j,), observer=j, builder=i, hex=h)


def _advance_queue(r: Resolution, i: int) -> None:
    n = r.nations[i]
    units = r.s.era.units
    left: list[BuildItem] = []
    for q in n.queue:
        q = replace(q, turns_left=q.turns_left - 1)
        if q.turns_left > 0:
            left.append(q)
            continue
        if r.owner[q.hex] != i or q.unit not in units:
            r.emit("build_lost", f"{r.name(i)}'s {q.unit} at {r.s.gmap.label(q.hex)} is lost: the hex changed hands.", (i,))
            continue
        if units[q.unit].fort:
            r.fort[q.hex] = min(max_fort_level(r.s.gmap.rules), r.fort[q.hex] + q.count)
        else:
            stack = dict(r.units.get(q.hex, {}))
            stack[q.unit] = stack.get(q.unit, 0) + q.count
            r.units[q.hex] = stack
        r.emit("built", f"{r.name(i)}: {q.count} {units[q.unit].name} ready at {r.s.gmap.label(q.hex)}.", (i,))
    r.nations[i] = replace(n, queue=tuple(left))
