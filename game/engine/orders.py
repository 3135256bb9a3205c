"""Orders: what one state decides in one turn, sealed until resolution.

Hexes are ids (``row * width + col``). Orders are plain values so that they can be saved in the
order log and replayed; :func:`orders_to_plain` / :func:`orders_from_plain` convert them to JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, TypeVar

Stance = Literal["C", "D"]
COOPERATE: Stance = "C"
DEFECT: Stance = "D"

TREATY_KINDS = ("non_aggression", "offensive_ban", "buffer", "trade")
ALLIANCE = "alliance"      # a proposal kind beside the treaties: form or join a defensive pact (rules.md §8a)
PROPOSAL_KINDS = TREATY_KINDS + (ALLIANCE,)


@dataclass(frozen=True)
class Budget:
    """Shares of the treasury offered to the economy, offensive and defensive builds (sum <= 1)."""

    economy: float = 0.5
    offence: float = 0.0
    defence: float = 0.2

    def normalised(self) -> "Budget":
        parts = [max(0.0, float(x)) for x in (self.economy, self.offence, self.defence)]
        total = sum(parts)
        if total > 1.0:
            parts = [p / total for p in parts]
        return Budget(*parts)

    @property
    def arms(self) -> float:
        return self.offence + self.defence


@dataclass(frozen=True)
class Build:
    unit: str
    hex: int
    count: int = 1


@dataclass(frozen=True)
class Attack:
    target: int
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Move:
    """Move ``units`` (type -> count, as sorted pairs) from own hex ``src`` to own hex ``dst`` before
    the attacks (docs/rules.md §11; resolved by ``engine/movement.py``)."""

    src: int
    dst: int
    units: tuple[tuple[str, int], ...]

    @staticmethod
    def of(src: int, dst: int, units: Mapping[str, int]) -> "Move":
        return Move(src, dst, tuple(sorted((str(k), int(n)) for k, n in units.items() if n > 0)))


@dataclass(frozen=True)
class TreatyProposal:
    kind: str
    to: int
    hexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Motive:
    """Why a decision was taken (an AI's explanation): hidden during play, shown in the debrief.

    ``subject`` names the decision (``stance``, ``budget``, ``build``, ``attack``, ``move``,
    ``proposal``, ``accept``), ``target`` the neighbour or hex it concerns, ``motive`` one word (fear, greed,
    reciprocity, reassurance, trust, security, opportunity, ...), ``numbers`` the figures used.
    """

    subject: str
    target: int | None
    motive: str
    text: str
    numbers: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Orders:
    nation: int
    stances: Mapping[int, Stance] = field(default_factory=dict)   # neighbour -> stance; missing = C
    budget: Budget = field(default_factory=Budget)
    builds: tuple[Build, ...] = ()
    attacks: tuple[Attack, ...] = ()
    proposals: tuple[TreatyProposal, ...] = ()
    accepts: tuple[str, ...] = ()          # ids of proposals made to this state last turn
    statement: str = ""                    # a public signal or the delegation's stated reasons
    motives: tuple[Motive, ...] = ()       # sealed reasons for each decision (never shown to others in play)
    leave_alliance: bool = False           # leave its alliance this turn (abandonment if it was called to a war)
    moves: tuple[Move, ...] = ()           # resolved before the attacks (docs/rules.md §1, §11)

    def stance_toward(self, other: int) -> Stance:
        return self.stances.get(other, COOPERATE)


def orders_to_plain(o: Orders) -> dict[str, Any]:
    """The JSON form; ``moves`` is written only when there are some, so orders without moves (and
    every save and hash made before moves existed) keep their exact form."""
    out = {
        "nation": o.nation,
        "stances": {str(k): v for k, v in sorted(o.stances.items())},
        "budget": [o.budget.economy, o.budget.offence, o.budget.defence],
        "builds": [[b.unit, b.hex, b.count] for b in o.builds],
        "attacks": [[a.target, list(a.sources)] for a in o.attacks],
        "proposals": [[p.kind, p.to, list(p.hexes)] for p in o.proposals],
        "accepts": list(o.accepts),
        "statement": o.statement,
        "motives": [[m.subject, m.target, m.motive, m.text, {k: float(v) for k, v in m.numbers.items()}]
                    for m in o.motives],
    }
    if o.leave_alliance:
        out["leave_alliance"] = True      # only when set: orders without it read as before
    if o.moves:
        out["moves"] = [[m.src, m.dst, {k: n for k, n in m.units}] for m in o.moves]
    return out


def orders_from_plain(d: Mapping[str, Any]) -> Orders:
    """Inverse of :func:`orders_to_plain`; raises ``ValueError``/``KeyError``/``TypeError`` on bad data.

    The values are built with one ``__dict__`` each (frozen dataclasses without ``__post_init__``:
    the same fields, values and equality as calling them; a loaded 200-turn game has ~1,600 orders
    and ~10,000 of their parts)."""
    stances: dict[int, Stance] = {}
    for k, v in d.get("stances", {}).items():
        if v not in ("C", "D"):
            raise ValueError(f"stance must be C or D, not {v!r}")
        stances[int(k)] = v
    e, off, de = (float(x) for x in d.get("budget", [0.5, 0.0, 0.2]))
    return _made(Orders, {
        "nation": int(d["nation"]),
        "stances": stances,
        "budget": _made(Budget, {"economy": e, "offence": off, "defence": de}),
        "builds": tuple(_made(Build, {"unit": str(u), "hex": int(h), "count": int(c)}) for u, h, c in d.get("builds", [])),
        "attacks": tuple(_made(Attack, {"target": int(t), "sources": tuple(map(int, src))})
                         for t, src in d.get("attacks", [])),
        "proposals": tuple(TreatyProposal(str(k), int(to), tuple(int(h) for h in hx)) for k, to, hx in d.get("proposals", [])),
        "accepts": tuple(str(a) for a in d.get("accepts", [])),
        "statement": str(d.get("statement", "")),
        "motives": tuple(Motive(str(s), None if t is None else int(t), str(m), str(x), {str(k): float(v) for k, v in dict(n).items()})
                         for s, t, m, x, n in d.get("motives", [])),
        "leave_alliance": _flag(d.get("leave_alliance", False)),
        "moves": tuple(Move.of(int(a), int(b), {str(k): int(n) for k, n in dict(u).items()})
                       for a, b, u in (d.get("moves") or [])),
    })


_T = TypeVar("_T")


def _made(cls: type[_T], fields: dict[str, Any]) -> _T:
    """``cls(**fields)`` for a frozen dataclass without ``__post_init__``, every field given."""
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    return obj


def _flag(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"leave_alliance must be true or false, not {v!r}")
    return v
