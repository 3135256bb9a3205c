"""Scenario files: strict loading, validation with file:line:col messages, variants, --set overrides,
and building the initial :class:`GameState`.

A variant is a partial scenario merged over the base (mappings merged key by key, lists replaced).
``--set a.b=v`` overrides one value by path after the variant (``states[1].treasury=50`` works too).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from pydantic import ValidationError

from .bounds import MAX_SET_CHARS, MAX_SETS
from .errors import FileError, FileIssue
from .gamemap import GameMap, edge_key
from .hexgrid import Offset, offset_distance
from .rules import Rules, era_with_overrides, load_rules
from .safe_yaml import MAX_YAML_BYTES, MAX_YAML_DEPTH, LoadedYaml, format_loc, load_yaml, node_at, parse_yaml_text
from .scenario_schema import ScenarioSpec
from .state import NEUTRAL, SEA, Alliance, GameState, Nation, Params, Victory, new_rng_state

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Scenario:
    """A loaded, validated scenario file (base data; variants applied on demand)."""

    path: str
    loaded: LoadedYaml
    spec: ScenarioSpec

    @property
    def variants(self) -> list[str]:
        return list(self.spec.variants)

    def resolve(self, variant: str | None = None, sets: Sequence[str] = ()) -> ScenarioSpec:
        """The spec with a variant and --set overrides applied, validated; raises FileError."""
        data = _normalise(_copy_tree(self.loaded.data))
        if variant is not None:
            if variant not in self.spec.variants:
                raise FileError([FileIssue(self.path, None, None, "variants",
                                           f"no variant {variant!r}; this scenario has: {', '.join(self.variants) or 'none'}")])
            data = deep_merge(data, _normalise(_copy_tree(self.spec.variants[variant])))
        if len(sets) > MAX_SETS:
            raise FileError([FileIssue(self.path, None, None, "--set", f"{len(sets)} overrides; at most {MAX_SETS}")])
        for s in sets:
            apply_set(data, s, self.path)
        return _validate(self.loaded, data, variant)


_ATOMS = (str, int, float, bool, type(None))


def _copy_tree(data: Any) -> Any:
    """``copy.deepcopy`` of parsed YAML data: dicts and lists copied, scalars shared (immutable); any
    other type is handed to ``copy.deepcopy``. A scenario is copied for every variant resolved (4 times
    a load of Concert of Powers), and deepcopy's memo and dispatch made that ~20 ms."""
    if isinstance(data, dict):
        return {k: v if type(v) in _ATOMS else _copy_tree(v) for k, v in data.items()}
    if isinstance(data, list):
        return [v if type(v) in _ATOMS else _copy_tree(v) for v in data]
    return data if type(data) in _ATOMS else copy.deepcopy(data)


def deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = deep_merge(base.get(k), v) if k in base else v
        return out
    return over


def _normalise(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("era"), (str, int, float)):
        data["era"] = {"base": str(data["era"])}
    return data


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, idx in _PATH_PART.findall(path):
        if idx:
            parts.append(int(idx))
        elif name.isdigit():
            parts.append(int(name))
        else:
            parts.append(name)
    return parts


def apply_set(data: dict[str, Any], assignment: str, file: str = "--set") -> None:
    """Apply ``a.b[2].c=value`` (value parsed as a YAML scalar) to ``data`` in place."""
    if len(assignment) > MAX_SET_CHARS:
        raise FileError([FileIssue(file, None, None, assignment[:40] + "...",
                                   f"a --set is limited to {MAX_SET_CHARS} characters")])
    if "=" not in assignment:
        raise FileError([FileIssue(file, None, None, assignment, "a --set needs the form key=value")])
    key, raw = assignment.split("=", 1)
    parts = parse_path(key.strip())
    if not parts:
        raise FileError([FileIssue(file, None, None, key, "empty --set key")])
    value = _set_value(raw, file, key)
    node: Any = data
    for k, nxt in zip(parts, parts[1:]):
        if isinstance(node, dict):
            if k not in node or not isinstance(node[k], (dict, list)):
                node[k] = [] if isinstance(nxt, int) else {}
            node = node[k]
        elif isinstance(node, list) and isinstance(k, int) and k < len(node):
            node = node[k]
        else:
            raise FileError([FileIssue(file, None, None, key, "no such place to set in this scenario")])
    last = parts[-1]
    if isinstance(node, dict):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value
    else:
        raise FileError([FileIssue(file, None, None, key, "no such place to set in this scenario")])


def _set_value(raw: str, file: str, key: str) -> Any:
    """A --set value read as YAML through the strict loader (no anchors or tags, bounded nesting);
    text that is not valid YAML is taken as a plain string, as before."""
    if not raw.strip():
        return ""
    try:
        return parse_yaml_text(raw, file).data
    except FileError as exc:
        if any("nesting" in issue.message for issue in exc.issues):
            raise FileError([FileIssue(file, None, None, key.strip(),
                                       f"the value nests deeper than {MAX_YAML_DEPTH} levels")]) from None
        return raw


def _where(loaded: LoadedYaml, loc: Loc, variant: str | None) -> tuple[int | None, int | None]:
    root = loaded.root
    if root is None:
        return None, None
    node = None
    if variant is not None:
        vnode = node_at(root, ("variants", variant))
        probe = node_at(vnode, loc) if vnode is not None else None
        if probe is not None and probe is not vnode:
            node = probe
    if node is None:
        node = node_at(root, loc)
    return node.start_mark.line + 1, node.start_mark.column + 1


def _issue(loaded: LoadedYaml, loc: Loc, msg: str, variant: str | None) -> FileIssue:
    line, col = _where(loaded, loc, variant)
    prefix = f"variant {variant}: " if variant else ""
    return FileIssue(loaded.file, line, col, format_loc(loc), prefix + msg)


def _validate(loaded: LoadedYaml, data: Any, variant: str | None) -> ScenarioSpec:
    if not isinstance(data, dict):
        raise FileError([FileIssue(loaded.file, 1, 1, "", "a scenario must be a mapping (name, map, era, states, ...)")])
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_input=False, include_url=False):
            msg = err["msg"].removeprefix("Value error, ")
            issues.append(_issue(loaded, tuple(err["loc"]), msg, variant))
        raise FileError(issues) from None
    issues = [_issue(loaded, loc, msg, variant) for loc, msg in cross_check(spec, load_rules())]
    if issues:
        raise FileError(issues)
    return spec


def cross_check(spec: ScenarioSpec, rules: Rules) -> list[tuple[Loc, str]]:
    """Checks across fields: map rows, symbols, owners, capitals, forces, rivers, era, variants."""
    out: list[tuple[Loc, str]] = []
    m = spec.map
    w, h = m.width, m.height
    symbols = rules.terrain_by_symbol()
    keys = [s.key for s in spec.states]

    def inside(loc: Loc, hx: tuple[int, int]) -> bool:
        if not (0 <= hx[0] < w and 0 <= hx[1] < h):
            out.append((loc, f"hex ({hx[0]}, {hx[1]}) is outside the {w}x{h} map"))
            return False
        return True

    for name, rows in (("terrain", m.terrain), ("owners", m.owners)):
        if len(rows) != h:
            out.append((("map", name), f"has {len(rows)} rows; the map is {h} high"))
        for r, row in enumerate(rows):
            if len(row) != w:
                out.append((("map", name, r), f"row {r} has {len(row)} hexes; the map is {w} wide"))
    for r, row in enumerate(m.terrain):
        bad = sorted({c for c in row if c not in symbols})
        if bad:
            out.append((("map", "terrain", r), f"unknown terrain symbol(s) {', '.join(map(repr, bad))}; known: {''.join(symbols)}"))
    for r, row in enumerate(m.owners):
        bad = sorted({c for c in row if c not in keys and c not in ".~"})
        if bad:
            out.append((("map", "owners", r), f"unknown state key(s) {', '.join(map(repr, bad))}; states are {', '.join(keys)}"))
    if len(set(keys)) != len(keys):
        out.append((("states",), "two states share a key"))
    if spec.era.base not in rules.eras:
        out.append((("era", "base"), f"unknown era {spec.era.base!r}; known: {', '.join(rules.eras)}"))
    if out:
        return out       # the grid is unusable: stop before per-hex checks
    terrain = [[symbols[c] for c in row] for row in m.terrain]
    for k, p in enumerate(m.patches):
        if inside(("map", "patches", k, "hex"), p.hex) and p.terrain not in rules.terrain:
            out.append((("map", "patches", k, "terrain"), f"unknown terrain {p.terrain!r}"))
        elif inside(("map", "patches", k, "hex"), p.hex):
            terrain[p.hex[1]][p.hex[0]] = p.terrain
    for k, rv in enumerate(m.rivers):
        for e, (c1, r1, c2, r2) in enumerate(rv.edges):
            loc = ("map", "rivers", k, "edges", e)
            if inside(loc, (c1, r1)) and inside(loc, (c2, r2)):
                if offset_distance(Offset(c1, r1), Offset(c2, r2)) != 1:
                    out.append((loc, f"hexes ({c1}, {r1}) and ({c2}, {r2}) are not adjacent"))
    for k, pn in enumerate(m.names):
        inside(("map", "names", k, "hex"), pn.hex)
    era_units = rules.eras[spec.era.base].units
    for i, st in enumerate(spec.states):
        c, r = st.capital
        if inside(("states", i, "capital"), st.capital):
            if not rules.terrain[terrain[r][c]].passable:
                out.append((("states", i, "capital"), f"capital ({c}, {r}) is at sea"))
            elif m.owners[r][c] != st.key:
                out.append((("states", i, "capital"), f"capital ({c}, {r}) is not owned by {st.key} on the owners map"))
        for f, fs in enumerate(st.forces):
            if inside(("states", i, "forces", f, "hex"), fs.hex) and m.owners[fs.hex[1]][fs.hex[0]] != st.key:
                out.append((("states", i, "forces", f, "hex"), f"hex ({fs.hex[0]}, {fs.hex[1]}) is not {st.name}'s"))
            for u, n in fs.units.items():
                if u not in era_units:
                    out.append((("states", i, "forces", f, "units", u), f"unknown unit {u!r} in era {spec.era.base}; known: {', '.join(era_units)}"))
                elif n < 0:
                    out.append((("states", i, "forces", f, "units", u), "a unit count cannot be negative"))
        for f, fs in enumerate(st.forts):
            if inside(("states", i, "forts", f, "hex"), fs.hex) and m.owners[fs.hex[1]][fs.hex[0]] != st.key:
                out.append((("states", i, "forts", f, "hex"), f"hex ({fs.hex[0]}, {fs.hex[1]}) is not {st.name}'s"))
    for r, row in enumerate(m.owners):
        for c, ch in enumerate(row):
            if ch in keys and not rules.terrain[terrain[r][c]].passable:
                out.append((("map", "owners", r), f"hex ({c}, {r}) is sea but owned by {ch}"))
                break
    out.extend(_check_alliances(spec, keys))
    if spec.seminar is not None:
        out.extend(_check_seminar(spec, rules, keys, inside))
    return out


def _check_alliances(spec: ScenarioSpec, keys: list[str]) -> list[tuple[Loc, str]]:
    """Members are known states, each in at most one alliance; names are unique."""
    out: list[tuple[Loc, str]] = []
    member_of: dict[str, str] = {}
    names: set[str] = set()
    for n, a in enumerate(spec.alliances):
        if a.name in names:
            out.append((("alliances", n, "name"), f"two alliances are named {a.name!r}"))
        names.add(a.name)
        if len(set(a.members)) != len(a.members):
            out.append((("alliances", n, "members"), "a state is listed twice"))
        for k in a.members:
            if k not in keys:
                out.append((("alliances", n, "members"), f"unknown state {k!r}; states are {', '.join(keys)}"))
            elif k in member_of and member_of[k] != a.name:
                out.append((("alliances", n, "members"), f"{k} is already in {member_of[k]!r}: a state belongs to one alliance"))
            member_of.setdefault(k, a.name)
    return out


def _check_seminar(spec: ScenarioSpec, rules: Rules, keys: list[str], inside) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    seen: set[str] = set()

    def key_ok(loc: Loc, k: str) -> None:
        if k not in keys:
            out.append((loc, f"unknown state {k!r}; states are {', '.join(keys)}"))

    for n, inj in enumerate(spec.seminar.injects):
        base: Loc = ("seminar", "injects", n)
        if inj.id in seen:
            out.append((base + ("id",), f"two injects share the id {inj.id!r}"))
        seen.add(inj.id)
        w = inj.when
        if w is not None:
            for k in (w.war or ()):
                key_ok(base + ("when", "war"), k)
            if w.treaty:
                for k in w.treaty.between:
                    key_ok(base + ("when", "treaty", "between"), k)
            if w.territory_below:
                key_ok(base + ("when", "territory_below", "state"), w.territory_below.state)
        for a, act in enumerate(inj.actions):
            loc = base + ("actions", a)
            effects = [f for f in ("era", "distinguishability", "message", "trade_shock", "attack", "war_cost")
                       if getattr(act, f) is not None]
            if len(effects) != 1:
                out.append((loc, f"an action needs exactly one effect, found {len(effects)}: {', '.join(effects) or 'none'}"))
            if act.era is not None and act.era not in rules.eras:
                out.append((loc + ("era",), f"unknown era {act.era!r}; known: {', '.join(rules.eras)}"))
            for k in act.to or ():
                key_ok(loc + ("to",), k)
            if act.to is not None and act.message is None:
                out.append((loc + ("to",), "'to' goes with a message"))
            if act.attack is not None:
                key_ok(loc + ("attack", "by"), act.attack.by)
                inside(loc + ("attack", "target"), act.attack.target)
            if act.war_cost is not None:
                key_ok(loc + ("war_cost", "state"), act.war_cost.state)
    return out


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario and every variant; raises FileError with all problems found."""
    return _checked_scenario(load_yaml(path), str(path))


def load_scenario_text(text: str, file: str) -> Scenario:
    """Like :func:`load_scenario` for text in memory (a scenario embedded in a saved game);
    ``file`` names it in messages. Raises FileError, also when the text is over the YAML size cap."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise FileError([FileIssue(file, None, None, "", f"scenario text is {size} bytes, over the limit of {MAX_YAML_BYTES}")])
    return _checked_scenario(parse_yaml_text(text, file), file)


def _checked_scenario(loaded: LoadedYaml, path: str) -> Scenario:
    data = _normalise(_copy_tree(loaded.data))
    spec = _validate(loaded, data, None)
    issues: list[FileIssue] = []
    scn = Scenario(path, loaded, spec)
    for v in spec.variants:
        try:
            scn.resolve(v)
        except FileError as exc:
            issues.extend(exc.issues)
    if issues:
        raise FileError(issues)
    return scn


def validate_files(paths: Iterable[str]) -> list[FileIssue]:
    issues: list[FileIssue] = []
    for p in paths:
        try:
            load_scenario(p)
        except FileError as exc:
            issues.extend(exc.issues)
    return issues


def build_map(spec: ScenarioSpec, rules: Rules) -> GameMap:
    m = spec.map
    symbols = rules.terrain_by_symbol()
    terrain = [symbols[c] for row in m.terrain for c in row]
    for p in m.patches:
        terrain[p.hex[1] * m.width + p.hex[0]] = p.terrain
    edges: dict[tuple[int, int], str] = {}
    for rv in m.rivers:
        for c1, r1, c2, r2 in rv.edges:
            edges[edge_key(r1 * m.width + c1, r2 * m.width + c2)] = rv.kind
    names = {n.hex[1] * m.width + n.hex[0]: n.name for n in m.names}
    value = [rules.terrain[t].value for t in terrain]
    for hx in names:
        value[hx] = max(value[hx], rules.terrain["urban"].value)
    return GameMap(m.width, m.height, tuple(terrain), tuple(value), edges, names, rules)


def build_state(spec: ScenarioSpec, seed: int, variant: str | None = None,
                controllers: Mapping[int, str] | None = None, gmap: GameMap | None = None) -> GameState:
    """The turn-1 state of a validated spec."""
    rules = load_rules()
    gmap = gmap or build_map(spec, rules)
    era = era_with_overrides(rules, spec.era.base, spec.era.overrides())
    era = era.model_copy(update={"key": spec.era.base})
    key_to_id = {s.key: i for i, s in enumerate(spec.states)}
    owner = []
    for h in range(gmap.size):
        ch = spec.map.owners[h // gmap.width][h % gmap.width]
        owner.append(SEA if not gmap.passable[h] else key_to_id.get(ch, NEUTRAL))
    fort = [0] * gmap.size
    units: dict[int, dict[str, int]] = {}
    nations = []
    for i, st in enumerate(spec.states):
        for fs in st.forces:
            hx = gmap.hex_id(*fs.hex)
            stack = units.setdefault(hx, {})
            for u, n in fs.units.items():
                if n > 0:
                    stack[u] = stack.get(u, 0) + n
        for ft in st.forts:
            fort[gmap.hex_id(*ft.hex)] = ft.level
        ctrl = (controllers or {}).get(i, st.controller)
        nations.append(Nation(
            id=i, key=st.key, name=st.name, colour=st.colour, capital=gmap.hex_id(*st.capital),
            treasury=float(st.treasury), productivity=float(st.productivity), controller=ctrl,
            ai_type=st.ai_type, strategy=st.strategy,
            security_requirement=st.security_requirement, war_cost_factor=st.war_cost_factor,
            difficulty=st.difficulty, greed_prior=st.greed_prior))
    return GameState(
        scenario=spec.name, variant=variant, seed=seed, turn=1, gmap=gmap, era=era,
        owner=tuple(owner), fort=tuple(fort), units={h: dict(s) for h, s in units.items() if s},
        nations=tuple(nations), victory=Victory(**spec.victory.model_dump()),
        params=Params(**spec.params.model_dump()), rng_state=new_rng_state(seed),
        start_territory=tuple(sum(1 for o in owner if o == i) for i in range(len(nations))),
        injects=tuple(spec.seminar.injects) if spec.seminar else (),
        alliances=tuple(Alliance(a.name, tuple(sorted(key_to_id[k] for k in a.members)), 0) for a in spec.alliances))


def new_game(path: str | Path, variant: str | None = None, seed: int = 1, sets: Sequence[str] = (),
             controllers: Mapping[int, str] | None = None) -> GameState:
    """Load a scenario file and build the first state (the common entry point)."""
    scn = load_scenario(path)
    spec = scn.resolve(variant, sets)
    return build_state(spec, seed, variant, controllers)
