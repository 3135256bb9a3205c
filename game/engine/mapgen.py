"""Seeded random maps: terrain from value noise, rivers running downhill to the sea, and states grown
from capitals placed for equal strategic depth. Pure numpy (no pygame): the same arguments always
give the same :class:`World`. ``mapgen_scenario`` turns a world into scenario data and YAML.

Recipe (all draws from ``numpy.random.Generator(PCG64(seed))``, in a fixed order):

1. Elevation = summed octaves of value noise (smoothstep-interpolated random lattices) minus a
   fall-off toward the map edge, plus ridged noise, which gives coherent mountain ranges along its
   ridge lines. The sea is the lowest ``sea_share`` of hexes. Moisture is a second noise field:
   forest where wet, marsh where wet and low, desert where very dry, farmland or open plains between.
2. Rivers run on hex *edges*: every triple of mutually adjacent hexes is a map vertex; a
   priority flood from the coastal vertices gives each inland vertex a downhill neighbour (so every
   drainage path ends at the sea, depressions included), and an edge whose upstream catchment is
   large enough becomes a minor or major river.
3. Capitals by farthest-point sampling over the largest landmass, regions grown from them by a
   terrain-weighted flood in which the smallest state always grows next (equal areas, borders
   drawn to mountains and rivers), each capital then moved to its region's centroid and the
   regions regrown (Lloyd relaxation, three rounds); finally every capital is put at the same
   strategic depth as the engine measures it (:func:`state_depths`).
   Land off the main landmass stays neutral.
"""
from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass
import numpy as np

from .gamemap import edge_key
from .hexgrid import AXIAL_DIRECTIONS
from .limits import MAX_HEIGHT, MAX_STATES, MAX_WIDTH, MIN_HEIGHT, MIN_STATES, MIN_WIDTH

GENERATOR_VERSION = 1
SEA, NEUTRAL = -2, -1
# Cost of growing a region into a hex (design): frontiers settle on mountains, marsh and rivers.
GROWTH_COST = {"plains": 1.0, "farmland": 1.0, "urban": 1.0, "desert": 1.5, "forest": 1.6,
               "hills": 2.0, "marsh": 2.5, "mountains": 5.0}
RIVER_COST = {"minor_river": 2.0, "major_river": 4.0}
# River density and size (design): one source per HEXES_PER_RIVER land hexes, sources at least
# RIVER_SPACING hexes apart; major after MAJOR_RIVER_LENGTH vertex steps (~half a hex each) with a tributary.
HEXES_PER_RIVER, RIVER_SPACING, MAJOR_RIVER_LENGTH = 110, 4, 24


@dataclass(frozen=True)
class World:
    """A generated map before it becomes scenario data (kept for tests and previews)."""

    width: int
    height: int
    elevation: np.ndarray                  # per hex id
    terrain: tuple[str, ...]               # terrain key per hex id
    rivers: dict[tuple[int, int], str]     # edge (smaller id, larger id) -> minor_river / major_river
    owner: tuple[int, ...]                 # state index, NEUTRAL (-1) or SEA (-2) per hex id
    capitals: tuple[int, ...]
    vertices: np.ndarray                   # (V, 3) hex ids of each map vertex (sorted)
    downhill: np.ndarray                   # (V,) downhill vertex, -1 at the coast or undrained
    filled: np.ndarray                     # (V,) depression-filled vertex elevation
    coastal: np.ndarray                    # (V,) bool: the vertex touches the sea


def check_options(states: int, width: int, height: int) -> None:
    """Raise ValueError with a one-line message when the options are out of range."""
    if not MIN_STATES <= states <= MAX_STATES:
        raise ValueError(f"--states must be {MIN_STATES} to {MAX_STATES}, got {states}")
    if not (MIN_WIDTH <= width <= MAX_WIDTH and MIN_HEIGHT <= height <= MAX_HEIGHT):
        raise ValueError(f"--size must be from {MIN_WIDTH}x{MIN_HEIGHT} to {MAX_WIDTH}x{MAX_HEIGHT}, got {width}x{height}")


# --- geometry -------------------------------------------------------------------------------------

def neighbour_table(width: int, height: int) -> np.ndarray:
    """(N, 6) neighbour ids in axial direction order, -1 outside the map."""
    hid = np.arange(width * height)
    col, row = hid % width, hid // width
    q = col - (row - (row & 1)) // 2
    out = np.full((hid.size, 6), -1, dtype=np.int64)
    for k, (dq, dr) in enumerate(AXIAL_DIRECTIONS):
        r2 = row + dr
        c2 = q + dq + (r2 - (r2 & 1)) // 2
        ok = (r2 >= 0) & (r2 < height) & (c2 >= 0) & (c2 < width)
        out[ok, k] = (r2 * width + c2)[ok]
    return out


def _centres(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    hid = np.arange(width * height)
    row = hid // width
    return (hid % width) + 0.5 * (row & 1), row * (math.sqrt(3) / 2)


def value_noise(rng: np.random.Generator, x: np.ndarray, y: np.ndarray, scale: float, octaves: int,
                persistence: float = 0.5) -> np.ndarray:
    """Summed octaves of smoothstep value noise at points (x, y), normalised to [0, 1]."""
    total = np.zeros_like(x, dtype=np.float64)
    amp, norm = 1.0, 0.0
    for o in range(octaves):
        s = max(scale / 2 ** o, 1.0)
        fx, fy = x / s, y / s
        lattice = rng.random((int(fy.max()) + 2, int(fx.max()) + 2))
        ix, iy = np.floor(fx).astype(int), np.floor(fy).astype(int)
        tx, ty = fx - ix, fy - iy
        tx, ty = tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty)
        top = lattice[iy, ix] * (1 - tx) + lattice[iy, ix + 1] * tx
        bottom = lattice[iy + 1, ix] * (1 - tx) + lattice[iy + 1, ix + 1] * tx
        total += amp * (top * (1 - ty) + bottom * ty)
        norm += amp
        amp *= persistence
    return total / norm


def _rank(a: np.ndarray) -> np.ndarray:
    """Rank of each value in [0, 1] (ties broken by position: deterministic)."""
    r = np.empty(a.size)
    r[np.argsort(a, kind="stable")] = np.arange(a.size) / max(a.size - 1, 1)
    return r


# --- terrain --------------------------------------------------------------------------------------

def _fields(rng: np.random.Generator, width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y = _centres(width, height)
    big = max(width, height * math.sqrt(3) / 2)
    base = value_noise(rng, x, y, big / 2.2, 4)
    # Ranges and vegetation keep a real-world size (in hexes) however large the map is.
    ridge = 1.0 - np.abs(2.0 * value_noise(rng, x, y, min(big / 3.0, 28.0), 3, 0.45) - 1.0)
    moisture = value_noise(rng, x, y, min(big / 4.0, 14.0), 4, 0.55)
    nx, ny = 2 * x / max(x.max(), 1) - 1, 2 * y / max(y.max(), 1) - 1
    edge = np.maximum(np.abs(nx), np.abs(ny)) ** 3
    elevation = base - 0.45 * edge + 0.35 * ridge ** 3
    return elevation, ridge, moisture


def _terrain(elevation: np.ndarray, ridge: np.ndarray, moisture: np.ndarray, sea_share: float) -> list[str]:
    land = elevation > np.quantile(elevation, sea_share) if sea_share > 0 else np.ones(elevation.size, bool)
    out = ["sea"] * elevation.size
    idx = np.nonzero(land)[0]
    if idx.size == 0:
        return out
    height_rank = _rank(elevation[idx])
    mountain_score = _rank(ridge[idx] ** 2 * (0.6 + height_rank))
    wet = _rank(moisture[idx])
    for k, h in enumerate(idx.tolist()):
        m, w, e = mountain_score[k], wet[k], height_rank[k]
        if m > 0.93:
            t = "mountains"
        elif m > 0.82:
            t = "hills"
        elif w > 0.8 and e < 0.25:
            t = "marsh"
        elif w > 0.68:
            t = "forest"
        elif w < 0.05:
            t = "desert"
        elif w > 0.36:
            t = "farmland"
        else:
            t = "plains"
        out[h] = t
    return out


def _components(land: np.ndarray, nbr: np.ndarray) -> list[list[int]]:
    """Connected land components (land adjacency only), largest first, ties by smallest id."""
    seen = np.zeros(land.size, bool)
    comps = []
    for s in np.nonzero(land)[0].tolist():
        if seen[s]:
            continue
        seen[s] = True
        comp, queue = [], deque([s])
        while queue:
            h = queue.popleft()
            comp.append(h)
            for n in nbr[h].tolist():
                if n >= 0 and land[n] and not seen[n]:
                    seen[n] = True
                    queue.append(n)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))
    return comps


# --- rivers ---------------------------------------------------------------------------------------

def _vertices(nbr: np.ndarray) -> np.ndarray:
    """All triples of mutually adjacent in-map hexes (map vertices), sorted rows, unique."""
    n = nbr.shape[0]
    tris = []
    for k in range(6):
        a, b = nbr[:, k], nbr[:, (k + 1) % 6]
        ok = (a >= 0) & (b >= 0)
        tris.append(np.stack([np.arange(n)[ok], a[ok], b[ok]], axis=1))
    return np.unique(np.sort(np.concatenate(tris), axis=1), axis=0)


def _rivers(rng: np.random.Generator, verts: np.ndarray, elevation: np.ndarray, land: np.ndarray,
            axial: tuple[np.ndarray, np.ndarray], n_land: int
            ) -> tuple[dict[tuple[int, int], str], np.ndarray, np.ndarray, np.ndarray]:
    nv = len(verts)
    v_land = land[verts].all(axis=1)
    coastal = land[verts].any(axis=1) & ~v_land
    v_elev = elevation[verts].mean(axis=1)
    by_edge: dict[tuple[int, int], list[int]] = {}
    for v, (a, b, c) in enumerate(verts.tolist()):
        for e in ((a, b), (a, c), (b, c)):
            by_edge.setdefault(e, []).append(v)
    adj: list[list[tuple[int, tuple[int, int]]]] = [[] for _ in range(nv)]
    for e, vs in by_edge.items():
        if len(vs) == 2:
            adj[vs[0]].append((vs[1], e))
            adj[vs[1]].append((vs[0], e))
    downhill = np.full(nv, -1, dtype=np.int64)
    via: dict[int, tuple[int, int]] = {}
    filled = v_elev.copy()
    heap = [(float(v_elev[v]), v) for v in np.nonzero(coastal)[0].tolist()]
    heapq.heapify(heap)
    done = coastal.copy()
    order: list[int] = []
    while heap:
        _, v = heapq.heappop(heap)
        order.append(v)
        for u, e in adj[v]:
            if done[u] or not v_land[u]:
                continue
            done[u] = True
            downhill[u], via[u] = v, e
            filled[u] = max(v_elev[u], filled[v])
            heapq.heappush(heap, (float(filled[u]), u))
    rivers = _trace_rivers(rng, verts, downhill, via, filled, v_land & ~coastal, axial, n_land)
    return rivers, downhill, filled, coastal


def _trace_rivers(rng: np.random.Generator, verts: np.ndarray, downhill: np.ndarray, via: dict[int, tuple[int, int]],
                  filled: np.ndarray, inland: np.ndarray, axial: tuple[np.ndarray, np.ndarray],
                  n_land: int) -> dict[tuple[int, int], str]:
    """Rivers from spaced highland sources down the drainage tree to the sea. A river is major
    where at least two have joined and its course is long enough."""
    if not inland.any():
        return {}
    q, r = axial
    cand = np.nonzero(inland & (filled >= np.quantile(filled[inland], 0.5)))[0]
    wanted = max(1, round(n_land / HEXES_PER_RIVER))
    sources: list[int] = []
    sq: list[int] = []
    sr: list[int] = []
    for v in rng.permutation(cand).tolist():
        h = int(verts[v, 0])
        if sq:
            dq, dr = np.asarray(sq) - q[h], np.asarray(sr) - r[h]
            if ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2).min() < RIVER_SPACING:
                continue
        sources.append(v)
        sq.append(int(q[h]))
        sr.append(int(r[h]))
        if len(sources) == wanted:
            break
    joined = np.zeros(len(verts), dtype=np.int64)
    length = np.zeros(len(verts), dtype=np.int64)
    for v in sources:
        steps = 0
        while downhill[v] >= 0:
            joined[v] += 1
            steps += 1
            length[v] = max(length[v], steps)
            v = int(downhill[v])
    rivers: dict[tuple[int, int], str] = {}
    for v in np.nonzero(joined)[0].tolist():
        major = joined[v] >= 2 and length[v] >= MAJOR_RIVER_LENGTH
        rivers[edge_key(*via[v])] = "major_river" if major else "minor_river"
    return rivers


# --- states ---------------------------------------------------------------------------------------

def _bfs(nbr: np.ndarray, sources: list[int], allowed: np.ndarray) -> np.ndarray:
    dist = np.full(nbr.shape[0], -1, dtype=np.int64)
    queue = deque(sources)
    for s in sources:
        dist[s] = 0
    while queue:
        h = queue.popleft()
        for n in nbr[h].tolist():
            if n >= 0 and allowed[n] and dist[n] < 0:
                dist[n] = dist[h] + 1
                queue.append(n)
    return dist


def _grow(nbr: np.ndarray, capitals: list[int], allowed: np.ndarray, terrain: list[str],
          rivers: dict[tuple[int, int], str]) -> np.ndarray:
    """Terrain-weighted regions from the capitals; the smallest state claims its cheapest hex next."""
    owner = np.full(nbr.shape[0], NEUTRAL, dtype=np.int64)
    enter = [GROWTH_COST.get(t, 1.0) for t in terrain]
    heaps: list[list[tuple[float, int]]] = [[(0.0, c)] for c in capitals]
    turn = [(0, i) for i in range(len(capitals))]     # (size, state): the smallest grows next
    while turn:
        size, i = heapq.heappop(turn)
        hp = heaps[i]
        while hp and owner[hp[0][1]] != NEUTRAL:
            heapq.heappop(hp)
        if not hp:
            continue                                   # enclosed: this state stops growing
        cost, h = heapq.heappop(hp)
        owner[h] = i
        for n in nbr[h].tolist():
            if n >= 0 and allowed[n] and owner[n] == NEUTRAL:
                step = enter[n] + RIVER_COST.get(rivers.get((h, n) if h < n else (n, h), ""), 0.0)
                heapq.heappush(hp, (cost + step, n))
        heapq.heappush(turn, (size + 1, i))
    return owner


def _centre(owner: np.ndarray, i: int, x: np.ndarray, y: np.ndarray) -> int:
    """The hex of state i nearest the centroid of its hexes."""
    hexes = np.nonzero(owner == i)[0]
    d2 = (x[hexes] - x[hexes].mean()) ** 2 + (y[hexes] - y[hexes].mean()) ** 2
    return int(hexes[int(np.argmin(d2))])


def _axial(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    hid = np.arange(width * height)
    row = hid // width
    return hid % width - (row - (row & 1)) // 2, row


def _reach(nbr: np.ndarray, land: np.ndarray, h: int) -> list[int]:
    """Land hexes an attack from h can reach, as in ``GameMap.links``: adjacent land, or amphibious
    across exactly one sea hex to a land hex two away."""
    near = [n for n in nbr[h].tolist() if n >= 0]
    out = [n for n in near if land[n]]
    for sea in near:
        if not land[sea]:
            out.extend(n for n in nbr[sea].tolist() if n >= 0 and n != h and land[n] and n not in near)
    return out


def exposed_hexes(nbr: np.ndarray, owner: np.ndarray, i: int) -> np.ndarray:
    """Hexes of state i another state can attack along the engine's axes: over land or a river,
    amphibious across one sea hex, or through a neutral buffer hex."""
    land = owner != SEA
    out = []
    for h in np.nonzero(owner == i)[0].tolist():
        for n in _reach(nbr, land, h):
            o = owner[n]
            if o >= 0 and o != i or o == NEUTRAL and any(owner[x] >= 0 and owner[x] != i for x in _reach(nbr, land, n)):
                out.append(h)
                break
    return np.asarray(out, dtype=np.int64)


def _place_capitals(nbr: np.ndarray, owner: np.ndarray, k: int, axial: tuple[np.ndarray, np.ndarray],
                    x: np.ndarray, y: np.ndarray) -> list[int]:
    """Capitals with equal strategic depth as the engine measures it (hex distance to the nearest
    own hex an enemy axis reaches): each at the common depth T, the shallowest state's deepest
    hex, as near its region's centroid as possible. Distance to a set is 1-Lipschitz, so on a
    connected region every depth from 0 to the maximum occurs and T is always reachable."""
    q, r = axial
    fields, hexes = [], []
    for i in range(k):
        hx = np.nonzero(owner == i)[0]
        ex = exposed_hexes(nbr, owner, i)
        dq = q[hx][:, None] - q[ex][None, :]
        dr = r[hx][:, None] - r[ex][None, :]
        dist = (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2
        hexes.append(hx)
        fields.append(dist.min(axis=1) if ex.size else np.zeros(hx.size, dtype=np.int64))
    target = min(int(f.max()) for f in fields)
    caps = []
    for hx, depth in zip(hexes, fields):
        off = np.hypot(x[hx] - x[hx].mean(), y[hx] - y[hx].mean())
        order = np.lexsort((hx, off, np.abs(depth - target)))
        caps.append(int(hx[order[0]]))
    return caps


def _capitals(rng: np.random.Generator, nbr: np.ndarray, main: list[int], k: int, allowed: np.ndarray) -> list[int]:
    start = main[int(rng.integers(len(main)))]
    d = _bfs(nbr, [start], allowed)
    caps = [max(main, key=lambda h: (d[h], -h))]
    mind = _bfs(nbr, caps, allowed).astype(float)
    for _ in range(1, k):
        jitter = rng.random(len(main)) * 0.5
        scores = mind[main] + jitter
        caps.append(main[int(np.argmax(scores))])
        mind = np.minimum(mind, _bfs(nbr, [caps[-1]], allowed))
    return caps


# --- the world ------------------------------------------------------------------------------------

def generate_world(seed: int, states: int, width: int, height: int, sea_share: float = 0.3) -> World:
    """Terrain, rivers, regions and capitals for one seed (validated option ranges)."""
    check_options(states, width, height)
    rng = np.random.Generator(np.random.PCG64(seed))
    nbr = neighbour_table(width, height)
    elevation, ridge, moisture = _fields(rng, width, height)
    min_main = states * 6
    share = sea_share
    while True:
        terrain = _terrain(elevation, ridge, moisture, share)
        land = np.array([t != "sea" for t in terrain])
        comps = _components(land, nbr)
        if comps and len(comps[0]) >= min(min_main, land.size) or share <= 0:
            break
        share = max(0.0, share - 0.08)
    main = comps[0]
    allowed = np.zeros(land.size, bool)
    allowed[main] = True
    verts = _vertices(nbr)
    flow_height = elevation + 0.06 * value_noise(rng, *_centres(width, height), 5.0, 2)   # valleys
    rivers, downhill, filled, coastal = _rivers(rng, verts, flow_height, land, _axial(width, height), int(land.sum()))
    caps = _capitals(rng, nbr, main, states, allowed)
    x, y = _centres(width, height)
    for _ in range(3):     # Lloyd-style relaxation: compact regions of equal area
        owner = _grow(nbr, caps, allowed, terrain, rivers)
        caps = [_centre(owner, i, x, y) for i in range(states)]
    owner = _grow(nbr, caps, allowed, terrain, rivers)
    caps = _place_capitals(nbr, np.where(land, owner, SEA), states, _axial(width, height), x, y)
    for c in caps:
        terrain[c] = "urban"
    owner = np.where(land, owner, SEA)
    return World(width, height, elevation, tuple(terrain), rivers, tuple(int(o) for o in owner), tuple(caps),
                 verts, downhill, filled, coastal)


def state_depths(world: World) -> list[int]:
    """Hex distance from each capital to the nearest of its hexes an enemy axis reaches (the
    engine's ``balance.strategic_depth`` at turn 1)."""
    nbr = neighbour_table(world.width, world.height)
    owner = np.asarray(world.owner)
    q, r = _axial(world.width, world.height)
    out = []
    for i, c in enumerate(world.capitals):
        ex = exposed_hexes(nbr, owner, i)
        d = (np.abs(q[ex] - q[c]) + np.abs(r[ex] - r[c]) + np.abs(q[ex] - q[c] + r[ex] - r[c])) // 2
        out.append(int(d.min()) if ex.size else 0)
    return out
