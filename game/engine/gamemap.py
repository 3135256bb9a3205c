"""The static map: terrain per hex, edge features, economic values and precomputed adjacency.

Hexes are numbered ``id = row * width + col``. The map never changes during a game (owners,
forts and units live in :class:`~game.engine.state.GameState`), so everything that depends only
on geography is computed once here, including numpy arrays for fast border scans.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import numpy as np

from .hexgrid import Offset, axial_to_offset, offset_distance, offset_neighbours, offset_to_axial, spiral
from .rules import Rules

EdgeKey = tuple[int, int]  # (smaller id, larger id)

# Kinds of adjacency between two land hexes, for attacks and borders.
LAND, RIVER_MINOR, RIVER_MAJOR, STRAIT, AMPHIBIOUS = "land", "minor_river", "major_river", "strait", "amphibious"


def edge_key(a: int, b: int) -> EdgeKey:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Link:
    """A directed attack axis from one land hex into another: ``mult`` multiplies the defender."""

    dst: int
    mult: float
    kind: str


@dataclass(frozen=True, eq=False)
class GameMap:
    width: int
    height: int
    terrain: tuple[str, ...]            # terrain key per hex id
    value: tuple[float, ...]            # economic value per hex id
    edges: Mapping[EdgeKey, str]        # edge features: minor_river / major_river / strait
    names: Mapping[int, str]            # optional place names (cities)
    rules: Rules = field(repr=False)
    links: tuple[tuple[Link, ...], ...] = field(init=False, repr=False)
    passable: tuple[bool, ...] = field(init=False, repr=False)
    # Flat arrays of all directed links (src, dst, mult) for vectorised border scans.
    link_src: np.ndarray = field(init=False, repr=False)
    link_dst: np.ndarray = field(init=False, repr=False)
    link_mult: np.ndarray = field(init=False, repr=False)
    link_kind: tuple[str, ...] = field(init=False, repr=False)
    axial_q: np.ndarray = field(init=False, repr=False)
    axial_r: np.ndarray = field(init=False, repr=False)
    value_arr: np.ndarray = field(init=False, repr=False)
    terrain_def: np.ndarray = field(init=False, repr=False)
    # The in-bounds neighbours of every hex, computed once (asked for tens of thousands of times a batch).
    _neighbours: tuple[tuple[int, ...], ...] = field(init=False, repr=False)
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        t = self.rules.terrain
        w, hgt = self.width, self.height
        object.__setattr__(self, "_neighbours", _all_neighbours(w, hgt))
        passable = tuple(t[k].passable for k in self.terrain)
        object.__setattr__(self, "passable", passable)
        links: list[tuple[Link, ...]] = []
        mults = self.rules.edges
        edges, nbrs, amphibious = self.edges, self._neighbours, mults.amphibious
        new, put = object.__new__, object.__setattr__
        made: dict[tuple[int, float, str], Link] = {}

        def link(n: int, mult: float, kind: str) -> Link:
            """``Link(n, mult, kind)``, one value shared by every hex that has this link (a frozen
            dataclass: equal either way; up to six neighbours share it, ~25,000 links on the largest
            map), built with one ``__dict__``."""
            lk = made.get((n, mult, kind))
            if lk is None:
                lk = made[n, mult, kind] = new(Link)
                put(lk, "__dict__", {"dst": n, "mult": mult, "kind": kind})
            return lk

        for h in range(w * hgt):
            if not passable[h]:
                links.append(())
                continue
            out: dict[int, Link] = {}
            for n in nbrs[h]:
                if passable[n]:
                    kind = edges.get((h, n) if h < n else (n, h), LAND)
                    out[n] = link(n, getattr(mults, kind) if kind != LAND else 1.0, kind)
            # Amphibious assault: from a coast across exactly one sea hex to another coast. Such an
            # ``n`` is two hexes away: a neighbour's neighbour, not ``h``, and not one of h's own
            # neighbours (those that are land are in ``out`` already).
            for sea in nbrs[h]:
                if passable[sea]:
                    continue
                for n in nbrs[sea]:
                    if n != h and passable[n] and n not in out:
                        out[n] = link(n, amphibious, AMPHIBIOUS)
            links.append(tuple(out[n] for n in sorted(out)))
        object.__setattr__(self, "links", tuple(links))
        src = [h for h, ls in enumerate(links) for _ in ls]
        dst = [lk.dst for ls in links for lk in ls]
        mlt = [lk.mult for ls in links for lk in ls]
        object.__setattr__(self, "link_src", np.asarray(src, dtype=np.int32))
        object.__setattr__(self, "link_dst", np.asarray(dst, dtype=np.int32))
        object.__setattr__(self, "link_mult", np.asarray(mlt, dtype=np.float64))
        object.__setattr__(self, "link_kind", tuple(lk.kind for ls in links for lk in ls))
        cols = np.arange(self.width * self.height) % self.width
        rows = np.arange(self.width * self.height) // self.width
        object.__setattr__(self, "axial_q", cols - (rows - (rows & 1)) // 2)
        object.__setattr__(self, "axial_r", rows)
        object.__setattr__(self, "value_arr", np.asarray(self.value, dtype=np.float64))
        object.__setattr__(self, "terrain_def", np.asarray([t[k].defence for k in self.terrain]))
        object.__setattr__(self, "digest", self._digest())

    # --- geometry ---------------------------------------------------------------------------
    @cached_property
    def land_hexes(self) -> int:
        """How many hexes are passable land (counted once)."""
        return sum(1 for p in self.passable if p)

    @property
    def size(self) -> int:
        return self.width * self.height

    def hex_id(self, col: int, row: int) -> int:
        return row * self.width + col

    def offset(self, h: int) -> Offset:
        return Offset(h % self.width, h // self.width)

    def in_bounds(self, col: int, row: int) -> bool:
        return 0 <= col < self.width and 0 <= row < self.height

    def neighbours(self, h: int) -> list[int]:
        """The in-bounds neighbours of h (a new list each call, in offset_neighbours' order)."""
        return list(self._neighbours[h])

    def within(self, h: int, radius: int) -> list[int]:
        """Hex ids within ``radius`` of h (including h), inside the map."""
        c = offset_to_axial(*self.offset(h))
        out = []
        for a in spiral(c, radius):
            o = axial_to_offset(*a)
            if 0 <= o.col < self.width and 0 <= o.row < self.height:
                out.append(o.row * self.width + o.col)
        return out

    def distance(self, a: int, b: int) -> int:
        return offset_distance(self.offset(a), self.offset(b))

    def distances(self, a: int, hexes: np.ndarray | list[int]) -> np.ndarray:
        """Hex distances from a to many hexes at once (vectorised)."""
        hs = np.asarray(hexes, dtype=np.int64)
        dq = self.axial_q[hs] - self.axial_q[a]
        dr = self.axial_r[hs] - self.axial_r[a]
        return (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2

    def link(self, src: int, dst: int) -> Link | None:
        for lk in self.links[src]:
            if lk.dst == dst:
                return lk
        return None

    def label(self, h: int) -> str:
        col, row = self.offset(h)
        name = self.names.get(h)
        return f"{name} ({col},{row})" if name else f"({col},{row})"

    def _digest(self) -> str:
        m = hashlib.sha256()
        m.update(f"{self.width}x{self.height}".encode())
        m.update(",".join(self.terrain).encode())
        m.update(",".join(f"{v:.6g}" for v in self.value).encode())
        m.update(",".join(f"{a}-{b}:{k}" for (a, b), k in sorted(self.edges.items())).encode())
        return m.hexdigest()[:16]


def _all_neighbours(width: int, height: int) -> tuple[tuple[int, ...], ...]:
    """The in-bounds neighbours of every hex of a ``width`` x ``height`` map, in
    :func:`offset_neighbours`' order: its offsets depend only on the row's parity (odd-r layout), so
    they are taken from it once for an even and an odd row and applied to every hex."""
    deltas = [[(n.col - 2, n.row - r) for n in offset_neighbours(2, r)] for r in (2, 3)]
    return tuple(tuple((row + dr) * width + col + dc for dc, dr in deltas[row & 1]
                       if 0 <= col + dc < width and 0 <= row + dr < height)
                 for row in range(height) for col in range(width))


def distances_from(gmap: GameMap, sources: list[int], allowed: set[int] | None = None) -> dict[int, int]:
    """Breadth-first hex distances over passable hexes (optionally only within ``allowed``)."""
    dist = {s: 0 for s in sources}
    frontier = list(sources)
    while frontier:
        nxt = []
        for h in frontier:
            for n in gmap.neighbours(h):
                if n in dist or not gmap.passable[n] or (allowed is not None and n not in allowed):
                    continue
                dist[n] = dist[h] + 1
                nxt.append(n)
        frontier = nxt
    return dist
