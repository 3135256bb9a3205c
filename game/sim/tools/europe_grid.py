"""Helper for the Europe scenarios (maps/july_1914.yaml, maps/geneva_1932.yaml): draws river
edges from a polyline and checks a scenario's grid. The YAML files are the deliverable; this
script only produces their river edge lists and prints what the engine makes of the map.

    python -m game.sim.tools.europe_grid rivers maps/july_1914.yaml   # river edge lists as YAML
    python -m game.sim.tools.europe_grid check maps/july_1914.yaml [VARIANT]
    python -m game.sim.tools.europe_grid treaties maps/geneva_1932.yaml opaque,transparent GAMES TURNS [SEED]
    python -m game.sim.tools.europe_grid treaties maps/geneva_1932.yaml d=0.2,d=0.5,d=0.8 GAMES TURNS [SEED]
    python -m game.sim.tools.europe_grid dyads maps/july_1914.yaml perceived,true GAMES TURNS [SEED]
    python -m game.sim.tools.europe_grid cheat maps/geneva_1932.yaml opaque,transparent GAMES [SEED]

Rivers are polylines in the plane of hex centres: hex (col, row) has its centre at
x = col + 0.5 * (row odd), y = row (the odd-r layout of the map files). An edge between two
adjacent land hexes is a river edge when the polyline crosses the segment joining their centres;
the crossed edges of a continuous polyline always form one connected chain of hex edges.
"""
from __future__ import annotations

import sys
from collections import Counter

from game.engine.balance import border_axes, dyad_balances
from game.engine.orders import Orders, TreatyProposal
from game.engine.pairkey import PairKey
from game.engine.resolve import resolve_turn
from game.engine.rules import load_rules
from game.engine.hexgrid import offset_neighbours
from game.engine.safe_yaml import load_yaml
from game.engine.scenario import load_scenario, new_game
from game.sim.batch import game_seed
from game.sim.runner import play

Point = tuple[float, float]

# Polylines (x, y) as above, traced from the rivers' courses on the 52x36 grid
# (col ~ longitude + 11, row ~ (62 - latitude) / 0.72).
RIVERS: dict[str, list[Point]] = {
    # Lake Constance -> Basel (High Rhine, the Swiss border) -> north between Alsace and Baden ->
    # Mainz, Koblenz, Cologne (left bank) / the Ruhr (right bank) -> the Dutch delta.
    "Rhine": [(21.2, 19.45), (19.0, 19.45), (19.0, 19.0), (18.5, 18.0), (19.0, 17.0), (18.5, 16.0),
              (19.0, 15.0), (17.5, 14.0), (17.2, 13.5), (14.4, 13.5)],
    # Beskids -> Cracow (the Galician-Russian border) -> north past Warsaw (left bank) -> Thorn ->
    # Danzig.
    "Vistula": [(30.2, 15.55), (33.4, 15.55), (33.0, 15.0), (32.5, 14.0), (33.0, 13.0), (31.8, 12.5),
                (30.5, 12.0), (30.0, 11.0), (29.7, 10.3)],
    # Black Forest -> Ulm, Regensburg, Linz, Vienna -> Budapest (right bank) -> south to Belgrade
    # (the Serbian border) -> the Iron Gates -> between Wallachia and Bulgaria -> Galati -> delta.
    "Danube": [(20.6, 18.6), (28.6, 18.6), (29.6, 19.4), (30.5, 20.0), (31.0, 21.0), (30.5, 22.0),
               (31.0, 23.0), (31.2, 23.5), (33.6, 23.5), (33.8, 24.5), (39.3, 24.5), (39.5, 23.4),
               (40.3, 23.2)],
}


def centre(col: int, row: int) -> Point:
    return (col + 0.5 * (row & 1), float(row))


def _cross(p: Point, q: Point, a: Point, b: Point) -> bool:
    """Do segments pq and ab intersect (touching counts)?"""
    def orient(u: Point, v: Point, w: Point) -> float:
        return (v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0])
    d1, d2 = orient(p, q, a), orient(p, q, b)
    d3, d4 = orient(a, b, p), orient(a, b, q)
    return d1 * d2 <= 0 and d3 * d4 <= 0 and not (d1 == d2 == 0)


def river_edges(points: list[Point], land: set[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Edges [c1, r1, c2, r2] between adjacent land hexes whose centre segment the polyline crosses."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    out = []
    for c, r in sorted(land, key=lambda h: (h[1], h[0])):
        if not (min(xs) - 2 <= c <= max(xs) + 2 and min(ys) - 2 <= r <= max(ys) + 2):
            continue
        for n in offset_neighbours(c, r):
            m = (n.col, n.row)
            if m not in land or (m[1], m[0]) < (r, c):
                continue
            a, b = centre(c, r), centre(*m)
            if any(_cross(p, q, a, b) for p, q in zip(points, points[1:])):
                out.append((c, r, m[0], m[1]))
    return out


def land_of(path: str) -> set[tuple[int, int]]:
    data = load_yaml(path).data
    return {(c, r) for r, row in enumerate(data["map"]["terrain"]) for c, ch in enumerate(row) if ch != "~"}


def print_rivers(path: str) -> None:
    land = land_of(path)
    for name, pts in RIVERS.items():
        edges = river_edges(pts, land)
        print(f"    - kind: major_river   # {name}")
        rows = [", ".join(f"[{a}, {b}, {c}, {d}]" for a, b, c, d in edges[k:k + 5]) for k in range(0, len(edges), 5)]
        print("      edges: [" + ",\n              ".join(rows) + "]")


def check(path: str, variant: str | None = None) -> None:
    """Print hexes, land value and income per state, every dyad's balance, and the grid's checks."""
    s = new_game(path, variant)
    g, keys = s.gmap, [n.key for n in s.nations]
    held = Counter(s.owner)
    values = s.land_values()
    incomes = s.incomes()
    print(f"{s.scenario} [{variant or 'base'}]  era {s.era.name}  d={s.era.distinguishability}  "
          f"tech true/perceived {s.era.defence_tech}/{s.era.perceived_tech()}")
    for n in s.nations:
        units = Counter()
        for h, st in s.units.items():
            if s.owner[h] == n.id:
                units.update(st)
        upkeep = sum(k * s.era.units[u].upkeep for u, k in units.items())
        print(f"  {n.key} {n.name:16s} hexes {held[n.id]:3d}  land value {values[n.id]:6.1f}  income {incomes[n.id]:6.1f}  "
              f"upkeep {upkeep:5.1f}  treasury {n.treasury:5.0f}  units {dict(units)}")
    print(f"  neutral land hexes {held[-1]}")
    axes = border_axes(s)
    for (i, j), b in sorted(dyad_balances(s, axes).items()):
        kinds = Counter(a.kind for a in axes[(i, j)])
        print(f"  {keys[i]}>{keys[j]}  ODB true {b.odb:5.2f} (median {b.odb_median:5.2f})  perceived {b.perceived:5.2f} "
              f"(median {b.perceived_median:5.2f})  best axis {tuple(g.offset(b.best_axis.dst))} {b.best_axis.kind}  "
              f"axes {dict(kinds)}")
    for n in s.nations:
        kinds = {lk.kind for h in range(g.size) if s.owner[h] not in (n.id, -2) and g.passable[h]
                 for lk in g.links[h] if s.owner[lk.dst] == n.id}
        print(f"  links into {n.key}: {sorted(kinds)}")


def treaty_game(path: str, variant: str, seed: int, turns: int) -> dict[str, float]:
    """One AI game's treaty record: offensive-weapons bans proposed, signed, turns in force, how
    they ended; plus the batch's own figures (mutual cooperation, war, arms share) for comparison."""
    file, name, sets = _cell(path, variant)
    state = new_game(file, name, seed, sets)
    out = dict.fromkeys(("proposed", "signed", "ban_turns", "ended_defection", "ended_violation", "in_force",
                         "durations", "spells", "cc", "dyad_turns", "war_turns", "arms", "spent"), 0.0)
    # A 'spell' is an unbroken run of turns in which a pair has a ban in force (a ban re-signed with
    # new hexes while the old one holds continues the spell): pair -> turns in force so far.
    alive: dict[tuple, int] = {}
    for result in play(state, turns):
        st = result.state
        for e in result.events:
            if e.data.get("treaty") != "offensive_ban":
                continue
            if e.kind == "treaty_proposed":
                out["proposed"] += 1
            elif e.kind == "treaty_signed":
                out["signed"] += 1
            elif e.kind in ("treaty_broken", "treaty_violation"):
                out["ended_defection" if e.kind == "treaty_broken" else "ended_violation"] += 1
        now = {t.parties for t in st.treaties if t.kind == "offensive_ban"}
        for key in list(alive):
            if key not in now:
                out["durations"] += alive.pop(key)
        for key in now:
            out["spells"] += key not in alive
            alive[key] = alive.get(key, 0) + 1
        out["ban_turns"] += len(now)
        rec = st.history[-1]
        out["cc"] += sum(1 for o in rec.outcomes.values() if o == "CC")
        out["dyad_turns"] += len(rec.outcomes)
        out["war_turns"] += sum(1 for w in rec.wars if w in rec.outcomes)
        out["arms"] += sum(rec.arms_spent)
        out["spent"] += sum(rec.arms_spent) + sum(rec.econ_spent)
    out["in_force"] = float(len(alive))
    out["durations"] += sum(alive.values())      # censored at the end of the game
    return out


def _cell(path: str, label: str) -> tuple[str, str | None, tuple[str, ...]]:
    """'transparent' -> that variant; 'd=0.4' -> the base scenario with era.distinguishability=0.4."""
    if label.startswith("d="):
        return path, None, (f"era.distinguishability={label[2:]}",)
    return path, label, ()


def treaty_table(path: str, variants: list[str], games: int, turns: int, seed: int, workers: int = 2) -> str:
    """A markdown table of offensive-ban treaties per variant over ``games`` AI games. Game k of every
    variant uses the batch command's seed (game.sim.batch.game_seed(seed, k)): the same games."""
    from concurrent.futures import ProcessPoolExecutor
    rows = ["| variant | d | games | bans proposed / game | bans signed / game | games with a ban | "
            "ban-turns in force / game | mean spell (turns) | ended by defection | ended by a seen violation | "
            "in force at the end | mutual C | war | arms share |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    scn = load_scenario(path)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for v in variants:
            spec = scn.resolve(*_cell(path, v)[1:])
            d = spec.era.distinguishability
            if d is None:
                d = load_rules().eras[spec.era.base].distinguishability
            res = list(pool.map(treaty_game, [path] * games, [v] * games,
                                [game_seed(seed, k) for k in range(games)], [turns] * games))
            tot = {key: sum(r[key] for r in res) for key in res[0]}
            with_ban = sum(1 for r in res if r["signed"] > 0)
            mean_len = tot["durations"] / tot["spells"] if tot["spells"] else float("nan")
            rows.append(f"| {v} | {d:g} | {games} | {tot['proposed'] / games:.2f} | {tot['signed'] / games:.2f} | "
                        f"{with_ban}/{games} | {tot['ban_turns'] / games:.1f} | "
                        f"{'-' if tot['spells'] == 0 else f'{mean_len:.1f}'} | {tot['ended_defection']:.0f} | "
                        f"{tot['ended_violation']:.0f} | {tot['in_force']:.0f} | {tot['cc'] / tot['dyad_turns']:.3f} | "
                        f"{tot['war_turns'] / tot['dyad_turns']:.3f} | {tot['arms'] / max(tot['spent'], 1e-9):.3f} |")
    return "\n".join(rows)


def dyad_game(path: str, variant: str, seed: int, turns: int) -> dict[str, list[int]]:
    """Per neighbour pair ('G-F'): [dyad-turns, mutual cooperation, war turns, first strikes by either]."""
    file, name, sets = _cell(path, variant)
    state = new_game(file, name, seed, sets)
    keys = [n.key for n in state.nations]
    out: dict[str, list[int]] = {}
    for result in play(state, turns):
        rec = result.state.history[-1]
        for pair, o in rec.outcomes.items():
            a, b = PairKey.parse(pair).pair
            row = out.setdefault(f"{keys[a]}-{keys[b]}", [0, 0, 0, 0])
            row[0] += 1
            row[1] += o == "CC"
            row[2] += pair in rec.wars
        for e in result.events:
            if e.kind == "attack" and e.data.get("surprise") and e.data.get("defender", -1) >= 0:
                a, b = sorted((int(e.data["attacker"]), int(e.data["defender"])))
                out.setdefault(f"{keys[a]}-{keys[b]}", [0, 0, 0, 0])[3] += 1
    return out


def dyad_table(path: str, variants: list[str], games: int, turns: int, seed: int, workers: int = 2) -> str:
    """A markdown table: per variant and neighbour pair, the mutual-cooperation and war rates over
    dyad-turns and first strikes per game, over the batch command's games."""
    from concurrent.futures import ProcessPoolExecutor
    rows = ["| variant | pair | mutual C | war | first strikes / game |", "|---|---|---|---|---|"]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for v in variants:
            tot: dict[str, list[int]] = {}
            for res in pool.map(dyad_game, [path] * games, [v] * games,
                                [game_seed(seed, k) for k in range(games)], [turns] * games):
                for pair, row in res.items():
                    acc = tot.setdefault(pair, [0, 0, 0, 0])
                    for k in range(4):
                        acc[k] += row[k]
            for pair, (n, cc, war, fs) in sorted(tot.items()):
                rows.append(f"| {v} | {pair} | {cc / max(n, 1):.3f} | {war / max(n, 1):.3f} | {fs / games:.2f} |")
    return "\n".join(rows)


def cheat_game(path: str, variant: str, seed: int, turns: int = 12) -> int | None:
    """:func:`cheat_from` on a new game of ``path``."""
    file, name, sets = _cell(path, variant)
    return cheat_from(new_game(file, name, seed, sets), turns)


def cheat_from(state, turns: int = 12) -> int | None:
    """France proposes an offensive-weapons ban on the Franco-German border (turn 1), Germany accepts
    (turn 2), then Germany slips one tank onto a banned hex and everyone keeps cooperating: the
    turn on which the violation is seen (1 = the first turn after the tank arrives), or None."""
    from dataclasses import replace
    k = {n.key: n.id for n in state.nations}
    f, g = k["F"], k["G"]
    axes = border_axes(state)
    hexes = tuple(sorted({a.src for a in axes[(g, f)]} | {a.dst for a in axes[(g, f)]}))
    state, _ = resolve_turn(state, {f: Orders(f, proposals=(TreatyProposal("offensive_ban", g, hexes),))})
    pid = next(p.id for p in state.proposals if p.to == g and p.kind == "offensive_ban")
    state, _ = resolve_turn(state, {g: Orders(g, accepts=(pid,))})
    assert any(t.kind == "offensive_ban" for t in state.treaties), "the ban was not signed"
    german = next(h for h in hexes if state.owner[h] == g)
    units = dict(state.units)
    units[german] = {**units.get(german, {}), "tank": 1}
    state = replace(state, units=units)
    for turn in range(1, turns + 1):
        state, events = resolve_turn(state, {})
        if any(e.kind == "treaty_violation" for e in events):
            return turn
    return None


def cheat_table(path: str, variants: list[str], games: int, seed: int, turns: int = 12) -> str:
    """How long one German tank on a banned hex goes unseen, per variant, over ``games`` seeds."""
    rows = ["| variant | games | seen on the first turn | seen within 3 turns | never seen in "
            f"{turns} turns | mean turns to detection |", "|---|---|---|---|---|---|"]
    for v in variants:
        seen = [cheat_game(path, v, game_seed(seed, n), turns) for n in range(games)]
        hits = [t for t in seen if t is not None]
        first = sum(1 for t in hits if t == 1)
        three = sum(1 for t in hits if t <= 3)
        mean = sum(hits) / len(hits) if hits else float("nan")
        rows.append(f"| {v} | {games} | {first / games:.2f} | {three / games:.2f} | {(games - len(hits)) / games:.2f} | "
                    f"{mean:.2f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "rivers":
        print_rivers(sys.argv[2])
    elif len(sys.argv) >= 6 and sys.argv[1] == "treaties":
        _, _, path, variants, games, turns, *rest = sys.argv
        print(treaty_table(path, variants.split(","), int(games), int(turns), int(rest[0]) if rest else 1))
    elif len(sys.argv) >= 6 and sys.argv[1] == "dyads":
        _, _, path, variants, games, turns, *rest = sys.argv
        print(dyad_table(path, variants.split(","), int(games), int(turns), int(rest[0]) if rest else 1))
    elif len(sys.argv) >= 5 and sys.argv[1] == "cheat":
        _, _, path, variants, games, *rest = sys.argv
        print(cheat_table(path, variants.split(","), int(games), int(rest[0]) if rest else 1))
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        print(__doc__)
        sys.exit(2)
