"""Moving forces: movement points, reach and the move phase of a turn (docs/rules.md §11).

A unit's movement points per turn are ``mobility × era.strategic_mobility`` (railways, lorries).
Entering a hex costs its terrain's ``move_cost``; crossing a river edge adds the ``movement`` table's
extra points (``game/data/terrain.yaml``). A move goes between two hexes its state holds, through
hexes it holds, hexes of a state it has a **non-aggression** treaty with, or hexes of a fellow member
of its **alliance** (transit rights); never through enemy, neutral or sea hexes, nor across a strait. A stack moves at the pace of its slowest
unit type. Units that arrived this turn do not move again. Everything is deterministic: Dijkstra with
ties broken by hex id, nations in id order, each state's moves in the order given.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .gamemap import LAND, RIVER_MAJOR, RIVER_MINOR, GameMap
from .orders import Move
from .rules import Era
from .state import Alliance, Treaty, alliance_of

if TYPE_CHECKING:
    from .resolution import Resolution

TRANSIT_TREATIES = ("non_aggression",)   # treaty kinds that let a party's forces cross the other's land
_STEP_KINDS = (LAND, RIVER_MINOR, RIVER_MAJOR)


@dataclass(frozen=True)
class Reach:
    """Hexes a stack can reach from ``src`` this turn: cost in movement points and the previous hex."""

    src: int
    points: float
    cost: Mapping[int, float]
    prev: Mapping[int, int]

    def path(self, dst: int) -> tuple[int, ...]:
        """The cheapest path src -> dst (both included), or () when dst is out of reach."""
        if dst not in self.cost:
            return ()
        out = [dst]
        while out[-1] != self.src:
            out.append(self.prev[out[-1]])
        return tuple(reversed(out))


def unit_points(era: Era, unit: str) -> float:
    """Movement points per turn of one unit type (0 for fortifications, missiles, unknown types)."""
    u = era.units.get(unit)
    if u is None or u.fort:
        return 0.0
    return u.mobility * era.strategic_mobility


def stack_points(era: Era, units: Iterable[str]) -> float:
    """A stack moves at the pace of its slowest unit type."""
    pts = [unit_points(era, k) for k in units]
    return min(pts) if pts else 0.0


def step_cost(gmap: GameMap, a: int, b: int) -> float | None:
    """Movement points to step from hex a into its neighbour b; None when no land step joins them."""
    lk = gmap.link(a, b)
    return None if lk is None else _link_cost(gmap, lk)


def _link_cost(gmap: GameMap, lk) -> float | None:
    """:func:`step_cost` of the step along the link ``lk`` (into ``lk.dst``)."""
    if lk.kind not in _STEP_KINDS:
        return None
    rules = gmap.rules
    extra = getattr(rules.movement, lk.kind) if lk.kind != LAND else 0.0
    return rules.terrain[gmap.terrain[lk.dst]].move_cost + extra


def transit_partners(treaties: Iterable[Treaty], i: int, alliances: Sequence[Alliance] = ()) -> frozenset[int]:
    """States whose land i's forces may cross: a transit treaty in force with i, or i's fellow members
    of its alliance (membership as it stands when the moves resolve: a defection between allies does
    not end it, rules.md §8a; leaving or abandoning does)."""
    treaty = {p for t in treaties if t.kind in TRANSIT_TREATIES and i in t.parties for p in t.parties if p != i}
    pact = alliance_of(alliances, i)
    allies = {m for m in pact.members if m != i} if pact is not None else set()
    return frozenset(treaty | allies)


def _step_costs(gmap: GameMap) -> tuple[tuple[float | None, ...], ...]:
    """:func:`_link_cost` of every link of the map, in the order of ``gmap.links``; made once per map
    (kept beside its fields: not part of the map's equality, digest or wire form)."""
    costs = gmap.__dict__.get("_step_costs")
    if costs is None:
        costs = tuple(tuple(_link_cost(gmap, lk) for lk in links) for links in gmap.links)
        object.__setattr__(gmap, "_step_costs", costs)
    return costs


def _search(gmap: GameMap, owner: tuple[int, ...] | list[int], allowed: frozenset[int], start: int, points: float,
            backward: bool) -> tuple[dict[int, float], dict[int, int]]:
    """Dijkstra over land hexes whose owner is in ``allowed``, within ``points``: forward from
    ``start`` (costs of stepping out of it), or backward (costs of stepping towards it)."""
    cost: dict[int, float] = {start: 0.0}
    prev: dict[int, int] = {}
    heap = [(0.0, start)]
    forward = _step_costs(gmap)
    while heap:
        c, h = heapq.heappop(heap)
        if c > cost.get(h, float("inf")):
            continue
        for lk, out in zip(gmap.links[h], forward[h]):
            n = lk.dst
            if owner[n] not in allowed:
                continue
            step = step_cost(gmap, n, h) if backward else out      # out: the step along lk, h -> n
            if step is None:
                continue
            nc = c + step
            if nc <= points + 1e-9 and nc < cost.get(n, float("inf")):
                cost[n] = nc
                prev[n] = h
                heapq.heappush(heap, (nc, n))
    return cost, prev


def reach(gmap: GameMap, owner: tuple[int, ...] | list[int], i: int, partners: frozenset[int], src: int,
          points: float) -> Reach:
    """Every hex reachable from ``src`` within ``points`` through i's or its partners' land
    (``points = inf`` for mere connection). Destinations are the caller's to check (own hexes only)."""
    cost, prev = _search(gmap, owner, partners | {i}, src, points, backward=False)
    return Reach(src, points, cost, prev)


def move_problem(gmap: GameMap, era: Era, owner: tuple[int, ...] | list[int], treaties: Iterable[Treaty], i: int,
                 stack: Mapping[str, int], move: Move,
                 alliances: Sequence[Alliance] = ()) -> tuple[str | None, tuple[int, ...], float]:
    """Why ``move`` is illegal for state i (None if legal), its path and its cost.

    ``stack`` is what may still move from the source hex (units that arrived this turn excluded);
    ``alliances`` are those in force (an ally's land gives transit). The orders screen, the AI and
    the resolution share this one check."""
    g = gmap
    if not (0 <= move.src < g.size and 0 <= move.dst < g.size):
        return "a hex is off the map", (), 0.0
    if owner[move.src] != i:
        return f"{g.label(move.src)} is not its own hex", (), 0.0
    if owner[move.dst] != i:
        return f"{g.label(move.dst)} is not its own hex (moves go between own hexes)", (), 0.0
    if move.src == move.dst or not move.units:
        return "nothing to move", (), 0.0
    for k, n in move.units:
        if n <= 0 or stack.get(k, 0) < n:
            return f"{g.label(move.src)} has {stack.get(k, 0)} {k} free to move, not {n}", (), 0.0
    pts = stack_points(era, [k for k, _ in move.units])
    if pts <= 0:
        slow = [k for k, _ in move.units if unit_points(era, k) <= 0]
        return f"{', '.join(slow)} cannot move", (), 0.0
    partners = transit_partners(treaties, i, alliances)
    r = reach(g, owner, i, partners, move.src, pts)
    if move.dst in r.cost:
        return None, r.path(move.dst), r.cost[move.dst]
    free = reach(g, owner, i, partners, move.src, float("inf"))
    if move.dst in free.cost:
        return (f"{g.label(move.dst)} is {free.cost[move.dst]:g} movement points away; "
                f"the stack has {pts:g}"), (), 0.0
    return (f"no path from {g.label(move.src)} to {g.label(move.dst)} through its own land, a treaty "
            "partner's or an ally's (enemy, neutral and sea hexes block moves)"), (), 0.0


def resolve_moves(r: "Resolution") -> None:
    """The move phase: every state's moves, in id order, each checked against the map as it stands."""
    g, era = r.s.gmap, r.s.era
    for i, o in r.orders.items():
        arrived: dict[int, dict[str, int]] = {}
        for mv in o.moves:
            here = r.units.get(mv.src, {}) if 0 <= mv.src < g.size else {}
            came = arrived.get(mv.src, {})
            free = {k: n - came.get(k, 0) for k, n in here.items()}
            why, path, cost = move_problem(g, era, r.owner, r.treaties, i, free, mv, r.alliances)
            if why is not None:
                r.emit("order_rejected", f"{r.name(i)}: move rejected: {why}.", (i,), move=[mv.src, mv.dst])
                continue
            src = dict(here)
            dst = dict(r.units.get(mv.dst, {}))
            got = arrived.setdefault(mv.dst, {})
            for k, n in mv.units:
                src[k] -= n
                dst[k] = dst.get(k, 0) + n
                got[k] = got.get(k, 0) + n
            _put(r, mv.src, src)
            _put(r, mv.dst, dst)
            what = ", ".join(f"{n} {k}" for k, n in mv.units)
            r.emit("move", f"{r.name(i)} moves {what} from {g.label(mv.src)} to {g.label(mv.dst)} "
                   f"({cost:g} movement points).", (i,), nation=i, src=mv.src, dst=mv.dst,
                   units={k: n for k, n in mv.units}, path=list(path), cost=cost)


def _put(r: "Resolution", h: int, stack: Mapping[str, int]) -> None:
    clean = {k: v for k, v in stack.items() if v > 0}
    if clean:
        r.units[h] = clean
    else:
        r.units.pop(h, None)


def basin(gmap: GameMap, owner: tuple[int, ...] | list[int], i: int, target: int, points: float) -> int:
    """How many of i's hexes (the target included) a unit with ``points`` can reach ``target`` from
    in one turn through i's land: the one-turn reinforcement (or concentration) basin of a hex."""
    return len(_search(gmap, owner, frozenset((i,)), target, points, backward=True)[0])
