"""A simple built-in policy so that headless runs work before the full AI (game/ai planners) is used.

It reads only a :class:`PlayerView`: cooperate when the stage game from my side is Harmony or a
Stag Hunt and the neighbour cooperated last turn (reciprocity); defect in a Prisoner's Dilemma or
Deadlock or after being defected against; when defecting, attack the neighbour's weakest
reachable hex if my estimated odds are good; spend on defence where defence has the advantage.
"""
from __future__ import annotations

from game.engine.combat import assault_capable
from game.engine.orders import Attack, Budget, Build, Orders
from game.engine.views import PlayerView


def simple_orders(view: PlayerView) -> Orders:
    me = view.me
    assert me is not None
    stances = {}
    for j in view.neighbours:
        g = view.games[j]
        they_defected = view.last_stances.get((j, me)) == "D"
        stances[j] = "D" if g.kind in ("Prisoner's Dilemma", "Deadlock") or they_defected else "C"
    era = view.era
    defensive = min((u for u in era.units.values() if not u.fort and u.defence > 0),
                    key=lambda u: u.cost / u.defence)
    offensive = max((u for u in era.units.values() if assault_capable(u)), key=lambda u: u.attack / u.cost)
    border = sorted({h for h in view.my_units} | {view.my_nation.capital})
    frontier = [h for h in range(view.gmap.size) if view.owner[h] == me and any(
        view.owner[n] >= 0 and view.owner[n] != me for n in view.gmap.neighbours(h))]
    place = frontier or border
    hostile = [j for j, s in stances.items() if s == "D"]
    builds = []
    if place:
        builds.append(Build(defensive.key, place[(view.turn * 7) % len(place)], 1))
        if hostile:
            builds.append(Build(offensive.key, place[(view.turn * 3) % len(place)], 1))
    attacks = []
    for j in hostile:
        g = view.games[j]
        if g.p_win < 0.6:
            continue
        for h in frontier:
            targets = [lk.dst for lk in view.gmap.links[h] if view.owner[lk.dst] == j]
            if targets and view.my_units.get(h):
                attacks.append(Attack(targets[0], (h,)))
                break
    budget = Budget(economy=0.3, offence=0.3 if hostile else 0.0, defence=0.3)
    return Orders(me, stances, budget, tuple(builds), tuple(attacks))
