"""Random-map scenarios: a generated :class:`~game.engine.mapgen.World` turned into scenario data
(names, a balanced start, treasury) and into deterministic YAML.

Every state gets the same force of the era's cheapest line unit (infantry, mechanised infantry),
in stacks of two on its capital and on the border hexes facing other states (most exposed first),
and the same treasury (two turns of the mean income). The CLI and GUI then let each state's AI
re-place that force (:mod:`game.sim.deployment`): the states choose their own garrisons. Names
come from a seeded syllable generator on a stream apart from the terrain's, so renaming never
changes the map.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import yaml

from .combat import assault_capable
from .hidden_types import DEFAULT_TYPE
from .limits import DEFAULT_ERA
from .mapgen import GENERATOR_VERSION, NEUTRAL, SEA, World, generate_world, neighbour_table
from .rules import load_rules

COLOURS = ("#c0504d", "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f6000", "#d16ba5")
_ONSETS = ("b", "br", "c", "d", "dr", "f", "g", "gr", "k", "l", "m", "n", "p", "r", "s", "st", "t",
           "tr", "v", "z", "h", "th", "w")
_VOWELS = ("a", "e", "i", "o", "u", "au", "ei", "ia")
_STATE_ENDS = ("ia", "ania", "ovia", "land", "mark", "istan", "uria", "onia")
_CITY_ENDS = ("burg", "grad", "stadt", "polis", "ton", "vik", "ovo", "heim")


def _name(rng: np.random.Generator, ends: tuple[str, ...], taken: set[str]) -> str:
    while True:
        parts = [_ONSETS[int(rng.integers(len(_ONSETS)))] + _VOWELS[int(rng.integers(len(_VOWELS)))]
                 for _ in range(1 + int(rng.integers(2)))]
        name = ("".join(parts) + ends[int(rng.integers(len(ends)))]).capitalize()
        if name not in taken:
            taken.add(name)
            return name


def line_unit(era: str) -> str:
    """The era's cheapest assault-capable unit (infantry, mechanised infantry): the balanced start force."""
    units = load_rules().eras[era].units
    return min((u for u in units.values() if assault_capable(u)), key=lambda u: (u.cost, u.key)).key


def _forces(world: World, i: int, unit: str, total: int, nbr: np.ndarray) -> list[dict[str, Any]]:
    owner, cap, w = world.owner, world.capitals[i], world.width

    def foreign(h: int) -> int:
        return sum(1 for n in nbr[h].tolist() if n >= 0 and owner[n] >= 0 and owner[n] != i)

    border = sorted((h for h in range(len(owner)) if owner[h] == i and h != cap and foreign(h)),
                    key=lambda h: (-foreign(h), h))
    stacks = {cap: min(2, total)}
    left, k = total - stacks[cap], 0
    slots = border or [cap]
    while left > 0:
        h = slots[k % len(slots)]
        add = min(2, left)
        stacks[h] = stacks.get(h, 0) + add
        left -= add
        k += 1
    ordered = sorted(stacks.items(), key=lambda kv: (kv[0] != cap, kv[0]))
    return [{"hex": [h % w, h // w], "units": {unit: n}} for h, n in ordered]


def generate_scenario(seed: int, states: int = 4, width: int = 40, height: int = 28, era: str = DEFAULT_ERA,
                      units_per_state: int | None = None, world: World | None = None) -> dict[str, Any]:
    """Scenario data (plain dicts and lists) for a random map, ready for validation.

    ``units_per_state`` defaults to about 2.2 x sqrt(hexes per state); every state gets the same.
    Raises ValueError for options out of range or an unknown era.
    """
    rules = load_rules()
    if era not in rules.eras:
        raise ValueError(f"unknown era {era!r}; known: {', '.join(rules.eras)}")
    if units_per_state is not None and not 1 <= units_per_state <= 10_000:
        raise ValueError(f"units per state must be 1 to 10000, got {units_per_state}")
    world = world or generate_world(seed, states, width, height)
    rng = np.random.Generator(np.random.PCG64([seed, 7919]))
    nbr = neighbour_table(width, height)
    sizes = [sum(1 for o in world.owner if o == i) for i in range(states)]
    total = units_per_state if units_per_state is not None else max(4, round(2.2 * math.sqrt(sum(sizes) / states)))
    income = sum(rules.terrain[t].value for t, o in zip(world.terrain, world.owner) if o >= 0)
    treasury = int(round(2 * income / states))
    symbol = {k: t.symbol for k, t in rules.terrain.items()}
    keys = "ABCDEFGH"[:states]
    terrain_rows = ["".join(symbol[t] for t in world.terrain[r * width:(r + 1) * width]) for r in range(height)]
    owner_rows = ["".join("~" if o == SEA else "." if o == NEUTRAL else keys[o]
                          for o in world.owner[r * width:(r + 1) * width]) for r in range(height)]
    taken: set[str] = set()
    unit = line_unit(era)
    state_list, names = [], []
    for i, cap in enumerate(world.capitals):
        name, city = _name(rng, _STATE_ENDS, taken), _name(rng, _CITY_ENDS, taken)
        names.append({"hex": [cap % width, cap // width], "name": city})
        state_list.append({
            "key": keys[i], "name": name, "colour": COLOURS[i], "capital": [cap % width, cap // width],
            "treasury": treasury, "ai_type": DEFAULT_TYPE, "strategy": "bayes",
            "role": f"Government of {name}",
            "briefing": f"Keep {name} and its capital {city} secure; prosper if your neighbours let you.",
            "objectives": [f"Hold {city}", "End with at least the territory you started with"],
            "forces": _forces(world, i, unit, total, nbr)})
    rivers = [{"kind": kind, "edges": [[a % width, a // width, b % width, b // width]
                                       for (a, b), k in sorted(world.rivers.items()) if k == kind]}
              for kind in ("major_river", "minor_river")]
    return {
        "name": f"Random map {seed} ({states} states, {width}x{height})",
        "description": f"A seeded random map: {states} states of equal area and strategic depth on "
                       f"{width}x{height} hexes, era {era}. The same seed always gives the same map.",
        "teaching_note": "No history, only geography: compare how mountains, rivers and coasts change each "
                         "border's offence-defence balance (docs/theory.md §2b) and who cooperates with whom.",
        "sources": ["Generated by game/engine/mapgen.py"],
        "map": {"width": width, "height": height, "terrain": terrain_rows, "owners": owner_rows,
                "rivers": [r for r in rivers if r["edges"]], "names": names,
                "generator": {"seed": seed, "states": states, "width": width, "height": height, "era": era,
                              "version": GENERATOR_VERSION}},
        "era": {"base": era},
        "victory": {"max_turns": 30, "territory_share": 0.75, "capital_loss_eliminates": True},
        "states": state_list,
    }


# --- YAML -----------------------------------------------------------------------------------------

class _Flow(list):
    pass


class _FlowMap(dict):
    pass


class _Quoted(str):
    pass


def _scalar(v: Any) -> bool:
    return isinstance(v, (str, int, float, bool)) or v is None


def _flat(v: Any) -> bool:
    return all(_scalar(x) for x in (v.values() if isinstance(v, dict) else v))


def _small(v: dict[str, Any]) -> bool:
    """A mapping of scalars and flat lists or mappings (a force, a place name): one line."""
    return all(_scalar(x) or (isinstance(x, (list, dict)) and _flat(x)) for x in v.values())


def _styled(v: Any, key: str = "", in_list: bool = False) -> Any:
    if isinstance(v, dict):
        out = {k: _styled(x, k) for k, x in v.items()}
        return _FlowMap(out) if in_list and _small(v) else out
    if isinstance(v, list):
        if v and all(_scalar(x) for x in v) and key not in ("terrain", "owners", "sources", "objectives"):
            return _Flow(v)
        return [_styled(x, key, True) for x in v]
    if isinstance(v, str) and key in ("terrain", "owners"):
        return _Quoted(v)
    return v


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:   # the strict loader rejects anchors and aliases
        return True


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style='"'))


def scenario_yaml(data: dict[str, Any]) -> str:
    """Deterministic, readable YAML for scenario data: one map row per line, no anchors."""
    gen = data.get("map", {}).get("generator") or {}
    head = "# Generated by game/engine/mapgen.py"
    if gen:
        head += (f" (version {gen.get('version')}): seed {gen.get('seed')}, {gen.get('states')} states, "
                 f"{gen.get('width')}x{gen.get('height')}, era {gen.get('era')}.")
    body = yaml.dump(_styled(data), Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=4096)
    return head + "\n" + body
