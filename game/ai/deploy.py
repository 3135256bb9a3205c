"""Where a state places its starting forces (generated maps: the states choose their own garrisons).

A random map gives every state the same force; the state, not the generator, decides where it
stands. The rule is the planner's own -- security at least cost, the most exposed hex first
(:mod:`game.ai.planner`) -- applied before anyone has moved, when nothing is known of the
neighbours' placement: every border hex a neighbour's axis reaches is *exposed* in proportion to
the ways in (one per inbound axis, each weighed by what the hex's terrain leaves of an attacker's
power, ``offence ** sensitivity``, and divided by the edge's defence multiplier), and each unit in
turn goes to the hex where exposure per unit of defence power (units, militia, terrain, fort and
edge) is highest: the force ends as close as its units allow to one threat ratio along the whole
border. Strong ground, rivers and straits thus need fewer men than open plains with many ways in;
a force smaller than the border leaves the least exposed hexes (one axis across a strait or
through forest) to the militia. The capital keeps the garrison the scenario gave it.
Deterministic: ties go to the lower hex id.
"""
from __future__ import annotations

from game.engine.combat import defence_multiplier
from game.engine.views import PlayerView

from .frontier import fronts
from .threat import mean_sensitivity


def deploy(view: PlayerView) -> dict[int, dict[str, int]]:
    """My starting forces re-placed: hex -> {unit: count} (same units, same total)."""
    era, rules = view.era, view.gmap.rules
    capital = view.my_nation.capital
    stacks: dict[int, dict[str, int]] = {}
    pool: list[str] = []
    for h, st in sorted(view.my_units.items()):
        for unit, n in sorted(st.items()):
            if h == capital:
                stacks.setdefault(h, {})[unit] = n
            else:
                pool.extend([unit] * n)
    exposure, mult = exposure_of(view)
    if not exposure:
        if pool:
            st = stacks.setdefault(capital, {})
            for unit in pool:
                st[unit] = st.get(unit, 0) + 1
        return stacks
    militia = rules.constants.combat.militia
    power = {h: (militia + sum(era.units[u].defence * n for u, n in stacks.get(h, {}).items())) * mult[h]
             for h in exposure}
    for unit in sorted(pool, key=lambda u: (-era.units[u].defence, u)):
        h = max(sorted(exposure), key=lambda x: exposure[x] / power[x])
        st = stacks.setdefault(h, {})
        st[unit] = st.get(unit, 0) + 1
        power[h] += era.units[unit].defence * mult[h]
    return stacks


def exposure_of(view: PlayerView) -> tuple[dict[int, float], dict[int, float]]:
    """(exposure, defence multiplier) of each of my hexes a neighbour's axis reaches."""
    g, era, rules = view.gmap, view.era, view.gmap.rules
    exposure: dict[int, float] = {}
    edge: dict[int, float] = {}
    sens = mean_sensitivity(era)
    for front in fronts(view).values():
        for lk in front.inbound:
            off = rules.terrain[g.terrain[lk.dst]].offence ** sens
            exposure[lk.dst] = exposure.get(lk.dst, 0.0) + off / lk.mult
            edge[lk.dst] = min(edge.get(lk.dst, lk.mult), lk.mult)
    mult = {h: defence_multiplier(rules, era, g.terrain[h], edge[h], view.fort[h], perceived=True) for h in exposure}
    return exposure, mult
