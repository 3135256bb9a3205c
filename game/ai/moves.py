"""Moving forces (docs/ai.md): reserves to the fronts the state fears, concentration for the attacks it plans.

Only stacks in the **interior** move: hexes no foreign or neutral hex touches, so that no border is
stripped to feed another (and the capital's garrison stays home). Each interior stack goes, whole,
to the first hex of a priority list it can reach this turn (the engine's own reach,
:func:`game.engine.movement.reach`):

1. its assault-capable units to the source hex of a planned attack (concentration: railways and
   armour make it pay, docs/rules.md §11);
2. every unit that can move to my most exposed *insecure* border hex it reaches (the planned ratio
   of their strike, read with my security requirement, above rho50: the fear that drives the
   builds, docs/ai.md).

Nothing moves when every front is secure and no attack is planned, so a peaceful state's order of
battle stays where it is. Every move has a :class:`Motive` ("moved 3 infantry from (4,2) to (6,3):
reserve for the front with Borduria"). Deterministic: hexes in id order, no randomness.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.engine.combat import assault_capable
from game.engine.movement import Reach, move_problem, reach, stack_points, transit_partners
from game.engine.orders import Attack, Motive, Move
from game.engine.views import PlayerView

from .frontier import Front
from .threat import Threat


@dataclass(frozen=True)
class MovePlan:
    moves: tuple[Move, ...]
    motives: tuple[Motive, ...]


def interior_hexes(view: PlayerView) -> list[int]:
    """My hexes with units that no hex of another state or of nobody touches (not the capital)."""
    g, me = view.gmap, view.me
    cap = view.my_nation.capital if view.my_nation is not None else -1
    out = []
    for h in sorted(view.my_units):
        if h == cap or view.owner[h] != me:
            continue
        if all(view.owner[n] == me or not g.passable[n] for n in g.neighbours(h)):
            out.append(h)
    return out


def plan_moves(view: PlayerView, fronts: Mapping[int, Front], threats: Mapping[int, Threat],
               attacks: tuple[Attack, ...]) -> MovePlan:
    """This turn's moves and their motives."""
    g, era, me = view.gmap, view.era, view.me
    concentrate = _attack_sources(view, attacks)
    reserves = _insecure_hexes(threats)
    if not concentrate and not reserves:
        return MovePlan((), ())
    partners = transit_partners(view.treaties, me, view.alliances)
    moves: list[Move] = []
    motives: list[Motive] = []
    reaches: dict[float, Reach] = {}      # the hex's reach per movement points (the same for every plan)
    for h in interior_hexes(view):
        reaches.clear()
        stack = {k: n for k, n in view.my_units[h].items() if n > 0 and stack_points(era, [k]) > 0}
        assault = {k: n for k, n in stack.items() if assault_capable(era.units[k])}
        plans = []
        if assault:
            plans += [(dst, assault, "opportunity", f"concentration for the attack on {view.name(j)}", j)
                      for dst, j in concentrate]
        if stack:
            plans += [(dst, stack, "fear", f"reserve for the front with {view.name(j)}", j) for dst, j in reserves]
        for dst, units, why, reason, j in plans:
            pts = stack_points(era, units)
            r = reaches.get(pts)
            if r is None:
                r = reaches[pts] = reach(g, view.owner, me, partners, h, pts)
            if dst not in r.cost:
                continue
            mv = Move.of(h, dst, units)
            problem, _, cost = move_problem(g, era, view.owner, view.treaties, me, view.my_units[h], mv, view.alliances)
            if problem is not None:
                continue
            what = ", ".join(f"{n} {era.units[k].name.lower()}" for k, n in mv.units)
            text = f"moved {what} from {_at(view, h)} to {_at(view, dst)}: {reason}"
            moves.append(mv)
            motives.append(Motive("move", j, why, text, {"units": float(sum(units.values())), "cost": float(cost)}))
            break
    return MovePlan(tuple(moves), tuple(motives))


def _at(view: PlayerView, h: int) -> str:
    col, row = view.gmap.offset(h)
    return f"({col},{row})"


def _attack_sources(view: PlayerView, attacks: tuple[Attack, ...]) -> list[tuple[int, int]]:
    """(source hex, defender) of each planned attack, in the plan's order."""
    out = []
    for a in attacks:
        j = view.owner[a.target] if 0 <= a.target < len(view.owner) else -1
        for s in a.sources[:1]:
            if 0 <= s < len(view.owner) and view.owner[s] == view.me:
                out.append((s, j))
    return out


def _insecure_hexes(threats: Mapping[int, Threat]) -> list[tuple[int, int]]:
    """(my border hex, neighbour) where the neighbour's planned strike is not secured, worst first."""
    found = [(ht.ratio_planned, ht.hex, j) for j, t in threats.items() for ht in t.hexes
             if not ht.secure(t.r, t.rho50)]
    found.sort(key=lambda x: (-x[0], x[1]))
    seen: set[int] = set()
    out = []
    for _, h, j in found:
        if h not in seen:
            seen.add(h)
            out.append((h, j))
    return out
