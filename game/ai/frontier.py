"""Where a state touches each neighbour: attack axes across the border, read from the view's map.

Only direct links count (land, river, strait, amphibious): they are the axes an attack can use
this turn. Scans are vectorised over the map's flat link arrays so that large maps stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from game.engine.views import PlayerView


class Link(NamedTuple):
    src: int        # attacking hex
    dst: int        # attacked hex
    mult: float     # edge multiplier on the defender (river, strait, amphibious)


@dataclass(frozen=True)
class Front:
    neighbour: int
    inbound: tuple[Link, ...]     # their hex -> my hex
    outbound: tuple[Link, ...]    # my hex -> their hex

    @cached_property      # a front is read many times a turn; the instance's __dict__ keeps the tuple
    def my_hexes(self) -> tuple[int, ...]:
        return tuple(sorted({lk.dst for lk in self.inbound}))

    @cached_property
    def their_hexes(self) -> tuple[int, ...]:
        return tuple(sorted({lk.src for lk in self.inbound}))

    def into(self, h: int) -> tuple[Link, ...]:
        return tuple(lk for lk in self.inbound if lk.dst == h)


def fronts(view: PlayerView) -> dict[int, Front]:
    """One :class:`Front` per living neighbour that shares at least one direct link with me."""
    me = view.me
    g = view.gmap
    owner = view.owner_array()
    so, do = owner[g.link_src], owner[g.link_dst]
    inbound: dict[int, list[Link]] = {}
    outbound: dict[int, list[Link]] = {}
    alive = {n.id for n in view.nations if n.alive}
    src, dst, mult = g.link_src, g.link_dst, g.link_mult
    # per neighbour, its links in link order (as filtering the links one by one would give them)
    for found, side, k in ((inbound, so, np.nonzero((do == me) & (so >= 0) & (so != me))[0]),
                           (outbound, do, np.nonzero((so == me) & (do >= 0) & (do != me))[0])):
        who = side[k]
        for j in sorted(set(who.tolist()) & alive):
            sel = k[who == j]
            found[j] = list(map(Link, src[sel].tolist(), dst[sel].tolist(), mult[sel].tolist()))
    return {j: Front(j, tuple(inbound.get(j, ())), tuple(outbound.get(j, ())))
            for j in sorted(set(inbound) | set(outbound))}


def land_values(view: PlayerView) -> np.ndarray:
    """Sum of hex values held by each nation (public: owners and values are on the map)."""
    owner = view.owner_array()
    mask = owner >= 0
    return np.bincount(owner[mask], weights=view.gmap.value_arr[mask],
                       minlength=len(view.nations))
