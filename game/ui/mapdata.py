"""What the map shows, taken from one player's view: owners, forts, counters (own forces exactly,
others as estimates), the perceived balance on every border axis and the world of every dyad.

Everything here is read from a :class:`PlayerView` or the rules data through engine functions;
nothing is computed that the engine does not already define.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from game.engine.alliances import alliance_label
from game.engine.balance import axis_odb, distinguishable, dyad_world
from game.engine.gamemap import AMPHIBIOUS
from game.engine.views import PlayerView

from .palette import Colour, hex_rgb
from .symbols import stack_class, unit_class

FORT_NAMES = ("none", "hasty", "prepared", "fortified")


@dataclass(frozen=True)
class Counter:
    """A unit counter: exact for my own hexes, an estimate ('~') for others."""

    count: int
    nation: int
    offensive_share: float      # 0..1, blurred toward 0.5 for others when distinguishability is low
    own: bool
    kind: str = "estimate"      # NATO-style class of the stack's strongest part (own), "estimate" for others

    @property
    def text(self) -> str:
        return str(self.count) if self.own else f"~{self.count}"


@dataclass(frozen=True)
class MapLayers:
    owner: tuple[int, ...]
    fort: tuple[int, ...]
    colours: tuple[Colour, ...]                       # per nation
    names: tuple[str, ...]                            # per nation
    capitals: tuple[int, ...]                         # hexes of living nations' capitals
    counters: Mapping[int, Counter]
    axis_balance: Mapping[tuple[int, int], float]     # (src, dst) adjacent border link -> perceived ODB into dst
    dyad_world: Mapping[tuple[int, int], int]         # (i, j), i < j -> world 1..4 as the observer sees it
    me: int | None = None
    distinguishability: float = 0.0
    unit_kinds: tuple[str, ...] = ()                  # the era's NATO-style unit classes (for the legend)
    version: int = field(default=0, compare=False)    # bump to invalidate render caches
    alliances: tuple[tuple[str, tuple[int, ...]], ...] = ()   # (label, members) of every alliance (public)

    def alliance_index(self, nation: int) -> int | None:
        """Which alliance (index into ``alliances``) a nation belongs to, or None."""
        return next((k for k, (_, members) in enumerate(self.alliances) if nation in members), None)

    def axes_into(self, h: int) -> list[tuple[int, float]]:
        """(source hex, balance) of every border axis into hex h."""
        index = self.__dict__.get("_into")
        if index is None:
            index = {}
            for (src, dst), v in self.axis_balance.items():
                index.setdefault(dst, []).append((src, v))
            object.__setattr__(self, "_into", index)
        return index.get(h, [])


def layers_from_view(view: PlayerView, version: int = 0) -> MapLayers:
    g = view.gmap
    rules, era = g.rules, view.era
    colours = tuple(hex_rgb(n.colour) for n in view.nations)
    counters: dict[int, Counter] = {}
    for h, stack in view.my_units.items():
        total = sum(n for k, n in stack.items() if k in era.units and not era.units[k].fort)
        if total <= 0:
            continue
        off = sum(n for k, n in stack.items() if k in era.units and era.units[k].offensive)
        counters[h] = Counter(total, view.me if view.me is not None else view.owner[h], off / total, True,
                              stack_class(dict(stack), dict(era.units)))
    for h, e in view.estimates.items():
        if e.count <= 0 or view.owner[h] < 0:
            continue
        counters[h] = Counter(e.count, view.owner[h], e.offensive_share, False)
    axis: dict[tuple[int, int], float] = {}
    cache: dict[tuple[str, float, int], float] = {}
    owner = view.owner
    for src in range(g.size):
        i = owner[src]
        if i < 0:
            continue
        for lk in g.links[src]:
            j = owner[lk.dst]
            if j < 0 or j == i or lk.kind == AMPHIBIOUS:
                continue
            key = (g.terrain[lk.dst], lk.mult, view.fort[lk.dst])
            v = cache.get(key)
            if v is None:
                v = cache[key] = axis_odb(rules, era, key[0], key[1], key[2], perceived=True)
            axis[(src, lk.dst)] = v
    worlds: dict[tuple[int, int], int] = {}
    for i, j in view.balances:
        a, c = (i, j) if i < j else (j, i)
        if (a, c) in worlds:
            continue
        worlds[(a, c)] = dyad_world(view.balances, i, j, view.distinguishability, perceived=True)
    capitals = tuple(n.capital for n in view.nations if n.alive)
    return MapLayers(owner=view.owner, fort=view.fort, colours=colours, names=tuple(n.name for n in view.nations),
                     capitals=capitals, counters=counters, axis_balance=axis, dyad_world=worlds, me=view.me,
                     distinguishability=view.distinguishability, version=version,
                     unit_kinds=tuple(dict.fromkeys(unit_class(k, u) for k, u in era.units.items() if not u.fort)),
                     alliances=alliance_rows(view))


def alliance_rows(view: PlayerView) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(label, members) of every alliance in the view, labelled as the engine's events label them."""
    names = [n.name for n in view.nations]
    return tuple((alliance_label(a, names), a.members) for a in view.alliances)


def tooltip_lines(view: PlayerView, layers: MapLayers, h: int) -> list[str]:
    """The hover text of hex h, from the view only."""
    g = view.gmap
    rules = g.rules
    t = rules.terrain[g.terrain[h]]
    col, row = g.offset(h)
    name = g.names.get(h)
    lines = [f"{t.name} ({col},{row})" + (f" - {name}" if name else "")]
    o = view.owner[h]
    if not t.passable:
        lines.append("Sea: impassable; amphibious assault across one sea hex (x3 to the defender)")
        return lines
    if o >= 0:
        who = view.nations[o].name + (" (you)" if o == view.me else "")
        cap = "  - capital" if view.nations[o].capital == h else ""
        lines.append(f"Owner: {who}{cap}")
    else:
        lines.append("Owner: neutral (a buffer: crossing it gives warning)")
    fort = view.fort[h]
    mult = t.defence * rules.fortification[fort]
    parts = f"terrain x{t.defence:.2f}" + (f", fort {FORT_NAMES[fort]} x{rules.fortification[fort]:.2f}" if fort else "")
    lines.append(f"Defence multiplier x{mult:.2f} ({parts}); value {g.value[h]:.1f}/turn")
    rivers = sorted({g.edges[(min(h, n), max(h, n))] for n in g.neighbours(h) if (min(h, n), max(h, n)) in g.edges})
    if rivers:
        lines.append("Edges: " + ", ".join(r.replace("_", " ") for r in rivers)
                     + " (x" + "/x".join(f"{getattr(rules.edges, r):.2f}" for r in rivers) + " to the defender)")
    c = layers.counters.get(h)
    if h in view.my_units:
        era = view.era
        stack = ", ".join(f"{n} {era.units[k].name}" for k, n in sorted(view.my_units[h].items()) if k in era.units)
        lines.append(f"Your forces: {stack or 'none'}")
    elif c is not None:
        e = view.estimates[h]
        lines.append(f"Forces (estimate): ~{e.count} units, attack ~{e.attack:.1f}, defence ~{e.defence:.1f}")
        clarity = "clear" if distinguishable(view.distinguishability) else "blurred"
        lines.append(f"Offensive share ~{e.offensive_share:.0%} (d = {view.distinguishability:.2f}: {clarity})")
    elif o >= 0 and o != view.me:
        lines.append("Forces: none seen (local militia only)")
    into = layers.axes_into(h)
    if into:
        src, v = min(into, key=lambda x: x[1])
        kind = "offence" if v < 1 else "defence"
        lines.append(f"Balance into this hex from {view.nations[view.owner[src]].name}: {v:.2f} ({kind} advantage)")
    return lines
