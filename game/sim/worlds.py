"""Jervis's four worlds on any map: one era override per world (``batch --worlds all``).

J78's figure (p. 211) has two variables: whether the offence or the defence has the advantage, and
whether offensive postures can be told apart. A *worlds* experiment sets both the same way on every
map, keeping everything else the scenario's own (era and units, economy, forces, terrain):

* **technology** sets the balance: the era's defence technology is scaled so that the structural
  offence-defence balance of an attack over open ground (plains, no river, no fort;
  :func:`game.engine.balance.axis_odb`) is :data:`OFFENCE_ODB` in Worlds 1 and 3 and
  :data:`DEFENCE_ODB` in Worlds 2 and 4. Leaders perceive it as it is (perceived = true
  technology). Each border's *terrain* then multiplies that balance as the rules say: a mountain
  or river border is more defensive than open ground in every world, so the realised world of a
  dyad can differ from the nominal one where all its axes cross strong ground (the batch reports
  the modal true world of each cell);
* **distinguishability** is :data:`LOW_D` in Worlds 1 and 2 and :data:`HIGH_D` in Worlds 3 and 4
  (perceived = true).

The defence worlds use a *moderate* defence advantage (1.6 on open ground, about 2 on farmland),
not 1914's extreme one (4-8): a World 2 that needs an extreme advantage would say little about
Jervis's claim that defence dominance makes security requirements compatible.

Each world is a ``--set era={...}`` override (:func:`world_sets`), so every game of a worlds batch
replays alone with the ``run`` command in its row.
"""
from __future__ import annotations

from typing import Sequence

from game.engine.balance import axis_odb
from game.engine.rules import Rules, era_with_overrides, load_rules
from game.engine.scenario import Scenario

WORLD_KEYS = ("w1", "w2", "w3", "w4")
OFFENCE_ODB = 0.75      # balance over open ground in Worlds 1 and 3 (offence advantage)
DEFENCE_ODB = 1.6       # ... in Worlds 2 and 4 (a moderate defence advantage)
LOW_D, HIGH_D = 0.2, 0.8
WORLD_LABEL = {"w1": "doubly dangerous", "w2": "security dilemma, compatible",
               "w3": "aggression possible, warning", "w4": "doubly stable"}


def world_target(world: str) -> tuple[float, float]:
    """(open-ground balance, distinguishability) of a world key."""
    if world not in WORLD_KEYS:
        raise ValueError(f"unknown world {world!r}; choose from {', '.join(WORLD_KEYS)} or all")
    offence = world in ("w1", "w3")
    return (OFFENCE_ODB if offence else DEFENCE_ODB), (HIGH_D if world in ("w3", "w4") else LOW_D)


def parse_worlds(text: str) -> tuple[str, ...]:
    """``all`` or a comma-separated list of world keys -> keys in order; ValueError otherwise."""
    if text.strip() == "all":
        return WORLD_KEYS
    keys = tuple(k.strip().lower() for k in text.split(","))
    for k in keys:
        world_target(k)
    if len(set(keys)) != len(keys):
        raise ValueError(f"--worlds {text!r}: a world is listed twice")
    return keys


def defence_tech_for(rules: Rules, base: str, overrides: dict, target: float) -> float:
    """The defence technology that gives ``target`` as the open-ground balance of this era."""
    probe = era_with_overrides(rules, base, {**overrides, "defence_tech": 1.0, "perceived_defence_tech": 1.0})
    at_one = axis_odb(rules, probe, "plains", 1.0, 0)
    scale = target / at_one
    return scale ** 2 if probe.combat_law == "square" else scale   # square law: ODB ~ sqrt(tech)


def world_era(rules: Rules, base: str, overrides: dict, world: str) -> dict:
    """The era mapping (``base`` plus overrides) that puts a scenario's era in ``world``."""
    odb, d = world_target(world)
    tech = round(defence_tech_for(rules, base, overrides, odb), 6)
    return {"base": base, **overrides, "defence_tech": tech, "perceived_defence_tech": tech,
            "distinguishability": d, "perceived_distinguishability": d}


def world_sets(scenario: Scenario, variant: str | None, sets: Sequence[str], world: str) -> str:
    """The ``era={...}`` override (YAML flow mapping) for one world of a scenario variant."""
    spec = scenario.resolve(variant, sets)
    era = world_era(load_rules(), spec.era.base, spec.era.overrides(), world)
    body = ", ".join(f"{k}: {_yaml(v)}" for k, v in era.items())
    return f"era={{{body}}}"


def _yaml(v: object) -> str:
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


# --- the generality check -------------------------------------------------------------------------

ORDER = (("w4", "w2"), ("w2", "w1"), ("w4", "w3"), ("w3", "w1"))   # Jervis: first cooperates more, arms less
MEASURES = (("mutual_coop_rate", +1), ("arms_share", -1), ("late_mutual_coop_rate", +1), ("late_arms_share", -1))


def _ci(row: dict, key: str) -> tuple[float, float]:
    stem = key.removesuffix("_rate")
    return float(row[f"{stem}_ci_low"]), float(row[f"{stem}_ci_high"])


def ordering_failures(rows: dict[str, dict]) -> list[str]:
    """Where the worlds' rows break W4 > W2 > W1 and W4 > W3 > W1 (mutual cooperation; arms share
    reversed), over the whole game and its second half, with 95% intervals apart. Empty: it holds."""
    out = []
    for key, sign in MEASURES:
        for hi, lo in ORDER:
            a, b = _ci(rows[hi], key), _ci(rows[lo], key)
            apart = a[0] > b[1] if sign > 0 else a[1] < b[0]
            if not apart:
                out.append(f"{key}: {hi} {float(rows[hi][key]):.3f} [{a[0]:.3f}, {a[1]:.3f}] vs "
                           f"{lo} {float(rows[lo][key]):.3f} [{b[0]:.3f}, {b[1]:.3f}]")
    return out

