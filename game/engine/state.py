"""The game state as immutable values.

A :class:`GameState` holds everything that changes during a game, plus references to the static
:class:`GameMap` and the current :class:`Era`. Mappings inside it are plain dicts that are never
mutated after construction: resolution builds new ones. The seeded numpy generator is carried as
its bit-generator state (``rng_state``) so that the state stays a pure value and
``resolve_turn(state, orders)`` is a pure function; :meth:`GameState.rng` rebuilds a generator.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Mapping, Sequence, TypeVar

import numpy as np

from .gamemap import GameMap
from .hidden_types import DEFAULT_TYPE
from .pairkey import PairKey, direction_key
from .rules import Era

NEUTRAL = -1
SEA = -2

Dyad = tuple[int, int]  # (smaller nation id, larger nation id)
T = TypeVar("T")


def dyad(a: int, b: int) -> Dyad:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class BuildItem:
    """A unit (or fortification work) paid for and under construction."""

    unit: str
    hex: int
    count: int
    turns_left: int


@dataclass(frozen=True)
class Nation:
    id: int
    key: str                      # one character used in map files
    name: str
    colour: str
    capital: int                  # hex id
    treasury: float
    productivity: float = 1.0     # income multiplier, raised by investment
    alive: bool = True
    controller: str = "ai"        # "ai" | "human"
    ai_type: str = DEFAULT_TYPE   # hidden: a key of hidden_types.HIDDEN_TYPES
    strategy: str = "bayes"       # stance strategy key for AI play
    security_requirement: float = 1.0  # subjective r (docs/theory.md prop. 6)
    war_cost_factor: float = 1.0
    difficulty: str = "normal"
    queue: tuple[BuildItem, ...] = ()
    greed_prior: float = 0.5      # hidden: this AI's prior that a neighbour is greedy (type_belief.py; experiments)


# Nation fields added after the first saves: left out of the plain form (and so of the state hash)
# while they hold their default, so that older games keep their hashes.
_NEW_NATION_FIELDS = {"greed_prior": 0.5}


@dataclass(frozen=True)
class Treaty:
    kind: str                     # non_aggression | offensive_ban | buffer | trade
    parties: Dyad
    since: int
    hexes: tuple[int, ...] = ()   # border hexes (offensive_ban) or buffer hexes


@dataclass(frozen=True)
class Alliance:
    """A defensive pact (rules.md §8a): every member joins a war against an attacker of any member."""

    id: str                       # "A<turn formed>.<founder>", stable for the alliance's life
    members: tuple[int, ...]      # sorted nation ids, at least two
    since: int


@dataclass(frozen=True)
class AllianceCall:
    """A member's duty to join a war: ``attacker`` struck ``victim`` in ``turn``; ``ally`` must
    defect against the attacker in the next turn (honour) or it abandons the alliance."""

    alliance: str
    ally: int
    victim: int
    attacker: int
    turn: int


@dataclass(frozen=True)
class Proposal:
    id: str
    kind: str
    proposer: int
    to: int
    turn: int
    hexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something that happened in resolution, in order. ``visible_to`` None means public."""

    turn: int
    kind: str
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)
    visible_to: tuple[int, ...] | None = None

    def visible(self, nation: int | None) -> bool:
        return self.visible_to is None or nation is None or nation in self.visible_to


@dataclass(frozen=True)
class TurnRecord:
    """What one resolved turn did, for charts, batch statistics, debriefs and replays."""

    turn: int
    stances: Mapping[str, str]          # "i>j" -> "C"/"D"
    outcomes: Mapping[str, str]         # "i-j" -> "CC"/"CD"/"DC"/"DD" (first letter: lower id)
    balance: Mapping[str, float]        # "i>j" -> true ODB (min over axes) of i attacking j
    perceived_balance: Mapping[str, float]
    world: Mapping[str, int]            # "i-j" -> 1..4 (true)
    games: Mapping[str, str]            # "i>j" -> game class from i's side (true stage game)
    attacks: int
    first_strikes: int                  # attacks on a cooperating, unwarned defender
    wars: tuple[str, ...]               # "i-j" dyads that fought this turn
    territory: tuple[int, ...]          # hexes per nation after the turn
    treasury: tuple[float, ...]
    income: tuple[float, ...]
    arms_spent: tuple[float, ...]
    econ_spent: tuple[float, ...]
    state_hash: str = ""
    alliances: tuple[tuple[int, ...], ...] = ()   # members of each alliance after the turn
    calls: int = 0                      # alliance calls issued this turn (an ally's duty to join a war)
    honoured: int = 0                   # calls answered this turn by joining the war
    abandoned: int = 0                  # calls answered this turn by abandoning the alliance

    def __getstate__(self) -> dict[str, Any]:
        """The fields alone: a save keeps its encoded piece beside the record (game.engine.save_encode),
        which is not part of the value and never travels in a pickle or a deep copy."""
        return {f: self.__dict__[f] for f in _RECORD_FIELDS}


@dataclass(frozen=True)
class Victory:
    max_turns: int = 30
    territory_share: float = 0.75       # a state holding this share of land hexes wins
    capital_loss_eliminates: bool = True


@dataclass(frozen=True)
class Params:
    """Scenario-wide parameters that are not era or map (all overridable with --set params.X=...)."""

    cumulativity: float = 1.0        # how much captured resources add to power (Van Evera H4)
    misperception: float = 0.0       # chance that an observed C is read as D (docs/theory.md prop. 11)
    continuation: float = 0.9        # the shadow of the future the AI assumes (prop. 8)
    trade_factor: float = 1.0        # multiplies trade gains (seminar trade shocks)


@dataclass(frozen=True, eq=False)
class GameState:
    scenario: str                       # scenario name (id)
    variant: str | None
    seed: int
    turn: int                           # the turn about to be played (1-based)
    gmap: GameMap
    era: Era
    owner: tuple[int, ...]              # nation id, NEUTRAL or SEA per hex
    fort: tuple[int, ...]               # fortification level 0..3 per hex
    units: Mapping[int, Mapping[str, int]]   # hex -> unit type -> count (owned by the hex owner)
    nations: tuple[Nation, ...]
    victory: Victory
    rng_state: Mapping[str, Any]
    params: Params = field(default_factory=Params)
    start_territory: tuple[int, ...] = ()   # hexes per nation at turn 1 (the baseline for scores)
    injects: tuple[Any, ...] = ()           # the scenario's seminar injects (InjectSpec values, static)
    fired: tuple[tuple[str, int], ...] = ()  # (inject id, turn) of every inject fired so far
    pending_attacks: tuple[tuple[int, int], ...] = ()   # (nation, target hex) forced by an inject
    treaties: tuple[Treaty, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    last_stances: Mapping[tuple[int, int], str] = field(default_factory=dict)   # (i, j) -> i's stance toward j last turn
    warned: frozenset[tuple[int, int]] = frozenset()   # (i, j): j has warning of i's offensive build
    alliances: tuple[Alliance, ...] = ()
    calls: tuple[AllianceCall, ...] = ()    # duties to join a war, answered in this turn's orders
    abandoned: tuple[tuple[int, int], ...] = ()   # (nation, turn) of every alliance abandoned (public)
    history: tuple[TurnRecord, ...] = ()
    finished: bool = False
    winner: int | None = None
    end_reason: str = ""
    # Values derived from this (immutable) state, computed once and shared by every player view and
    # by the resolution of this state: see :meth:`derived`. Never copied by ``replace``.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    # --- helpers ---------------------------------------------------------------------------
    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per state and key (border axes, balances, true forces), then the same object.

        A state never changes, so a value that depends only on it can be shared; callers must treat
        what they get as read-only. A new state (``replace``/``with_rng``) starts with no derived values.
        """
        cache = self._derived
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def rng(self) -> np.random.Generator:
        """A fresh generator positioned at this state's draw (never shared between states)."""
        bg = np.random.PCG64()
        bg.state = _plain_to_rng(self.rng_state)
        return np.random.Generator(bg)

    def with_rng(self, rng: np.random.Generator, **changes: Any) -> "GameState":
        return replace(self, rng_state=_rng_to_plain(rng.bit_generator.state), **changes)

    def nation(self, i: int) -> Nation:
        return self.nations[i]

    def alive_ids(self) -> list[int]:
        return [n.id for n in self.nations if n.alive]

    def hexes_of(self, i: int) -> list[int]:
        return [h for h, o in enumerate(self.owner) if o == i]

    def income(self, i: int) -> float:
        return self.incomes()[i]

    def owner_array(self) -> np.ndarray:
        """``owner`` as a read-only int64 array, made once per state (views, balances and scans share it)."""
        return self.derived("owner_array", lambda: _read_only(np.asarray(self.owner, dtype=np.int64)))

    def fort_array(self) -> np.ndarray:
        """``fort`` as a read-only int64 array, made once per state."""
        return self.derived("fort_array", lambda: _read_only(np.asarray(self.fort, dtype=np.int64)))

    def land_values(self) -> list[float]:
        """Sum of hex values held by each nation (income at productivity 1); computed once per state
        (views, AI and resolution ask for it thousands of times a batch), a new list each call."""
        return list(self.derived("land_values", lambda: tuple(land_values(self.owner_array(), self.gmap.value_arr,
                                                                           len(self.nations)))))

    def incomes(self) -> list[float]:
        return list(self.derived("incomes", lambda: tuple(n.productivity * v for n, v in
                                                          zip(self.nations, self.land_values()))))

    def territory(self) -> list[int]:
        return territory_counts(self.owner_array(), len(self.nations))

    def alliance_of(self, i: int) -> Alliance | None:
        return alliance_of(self.alliances, i)

    def to_plain(self, *, exact: bool = False) -> dict[str, Any]:
        """A JSON-ready dict of everything dynamic (the map is referenced by its digest).

        The default (canonical) form is what :meth:`state_hash` hashes. ``exact=True`` keeps full
        float precision and the order of mappings, so that :func:`state_from_plain` rebuilds a state
        that plays on bit for bit (saved games use it); it hashes the same once rebuilt.
        """
        return self._plain(exact, True)

    def _plain(self, exact: bool, hex_lists: bool) -> dict[str, Any]:
        """:meth:`to_plain`; without ``hex_lists`` the owner and fort lists and the era are left out (None)."""
        order = list if exact else sorted
        return {
            "scenario": self.scenario, "variant": self.variant, "seed": self.seed, "turn": self.turn,
            "map": self.gmap.digest, "era": self.era.model_dump(mode="json") if hex_lists else None,
            "owner": list(self.owner) if hex_lists else None, "fort": list(self.fort) if hex_lists else None,
            "units": {str(h): dict(order(u.items())) for h, u in order(self.units.items())},
            "nations": [_nation_plain(n, exact) for n in self.nations],
            "victory": vars(self.victory), "params": vars(self.params),
        "start_territory": list(self.start_territory),
        "fired": [list(f) for f in self.fired], "pending_attacks": [list(p) for p in self.pending_attacks],
            "rng": _rng_to_plain(_plain_to_rng(self.rng_state)),
            "treaties": [[t.kind, list(t.parties), t.since, list(t.hexes)] for t in self.treaties],
            "proposals": [[p.id, p.kind, p.proposer, p.to, p.turn, list(p.hexes)] for p in self.proposals],
            "last_stances": {direction_key(i, j): s for (i, j), s in order(self.last_stances.items())},
            "warned": sorted([list(w) for w in self.warned]),
            "finished": self.finished, "winner": self.winner, "end_reason": self.end_reason,
            **_alliances_plain(self),
        }

    def state_hash(self) -> str:
        """A stable hash of the dynamic state (history excluded: it is derived from the turns).

        The hashed text is ``json.dumps(self.to_plain(), sort_keys=True, separators=(",", ":"))``. The
        per-hex lists (owner, fort: thousands of numbers on a large map, mostly the same from one turn
        to the next) reuse their text from the last state hashed on the same map when they are equal
        (:func:`_hex_list_json`), and the era its text from the last era object hashed (:func:`_era_json`):
        they are dumped as placeholders that are then replaced by that text, so the hashed text is the
        same either way."""
        plain = self._plain(False, False)
        plain["owner"], plain["fort"], plain["era"] = _OWNER_MARK, _FORT_MARK, _ERA_MARK
        blob = json.dumps(plain, sort_keys=True, separators=(",", ":"), default=_json_default)
        for mark, key in ((_OWNER_JSON, "owner"), (_FORT_JSON, "fort"), (_ERA_JSON, "era")):
            if blob.count(mark) != 1:      # a mark met elsewhere (never in practice): the plain way
                blob = json.dumps(self.to_plain(), sort_keys=True, separators=(",", ":"), default=_json_default)
                break
            text = _era_json(self.gmap, self.era) if key == "era" else _hex_list_json(self.gmap, key, getattr(self, key))
            blob = blob.replace(mark, text)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def alliance_of(alliances: Sequence[Alliance], i: int) -> Alliance | None:
    """The alliance nation ``i`` belongs to (a state belongs to at most one), or None."""
    return next((a for a in alliances if i in a.members), None)


def _alliances_plain(s: GameState) -> dict[str, Any]:
    """Alliance keys of the plain state, present only when not empty (older states hash as before)."""
    out: dict[str, Any] = {}
    if s.alliances:
        out["alliances"] = [[a.id, list(a.members), a.since] for a in s.alliances]
    if s.calls:
        out["calls"] = [[c.alliance, c.ally, c.victim, c.attacker, c.turn] for c in s.calls]
    if s.abandoned:
        out["abandoned"] = [list(x) for x in s.abandoned]
    return out


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def land_values(owner: Sequence[int], values: np.ndarray, n: int) -> list[float]:
    own = np.asarray(owner, dtype=np.int64)
    mask = own >= 0
    return np.bincount(own[mask], weights=values[mask], minlength=n).tolist()


def territory_counts(owner: Sequence[int], n: int) -> list[int]:
    own = np.asarray(owner, dtype=np.int64)
    return np.bincount(own[own >= 0], minlength=n).tolist()


def _nation_plain(n: Nation, exact: bool = False) -> dict[str, Any]:
    d = {k: v for k, v in vars(n).items() if not (k in _NEW_NATION_FIELDS and v == _NEW_NATION_FIELDS[k])}
    d["treasury"] = float(n.treasury) if exact else round(n.treasury, 9)
    d["productivity"] = float(n.productivity) if exact else round(n.productivity, 9)
    d["queue"] = [[b.unit, b.hex, b.count, b.turns_left] for b in n.queue]
    return d


def state_from_plain(plain: Mapping[str, Any], template: GameState, history: Sequence[TurnRecord] = ()) -> GameState:
    """Inverse of :meth:`GameState.to_plain` (best from ``exact=True``).

    ``template`` supplies what the plain form only references: the static map (checked by its digest)
    and the scenario's injects; normally the turn-1 state built from the same scenario. The hash of
    the result equals the hash of the state that was written. Raises ``ValueError``, ``KeyError`` or
    ``TypeError`` on malformed data (saves validate their schema first).
    """
    if plain["map"] != template.gmap.digest:
        raise ValueError(f"the state is for map {plain['map']}, not {template.gmap.digest}")
    nations = tuple(Nation(**{**d, "queue": tuple(BuildItem(str(u), int(h), int(c), int(t)) for u, h, c, t in d["queue"])})
                    for d in plain["nations"])
    return replace(
        template, scenario=str(plain["scenario"]), variant=plain["variant"], seed=int(plain["seed"]),
        turn=int(plain["turn"]), era=Era.model_validate(plain["era"]), owner=tuple(int(x) for x in plain["owner"]),
        fort=tuple(int(x) for x in plain["fort"]),
        units={int(h): {str(k): int(c) for k, c in u.items()} for h, u in plain["units"].items()},
        nations=nations, victory=Victory(**plain["victory"]), params=Params(**plain["params"]),
        rng_state=_rng_to_plain(plain["rng"]), start_territory=tuple(int(x) for x in plain["start_territory"]),
        fired=tuple((str(i), int(t)) for i, t in plain["fired"]),
        pending_attacks=tuple((int(n), int(h)) for n, h in plain["pending_attacks"]),
        treaties=tuple(Treaty(str(k), (int(a), int(b)), int(since), tuple(int(h) for h in hx))
                       for k, (a, b), since, hx in plain["treaties"]),
        proposals=tuple(Proposal(str(pid), str(k), int(by), int(to), int(t), tuple(int(h) for h in hx))
                        for pid, k, by, to, t, hx in plain["proposals"]),
        last_stances={PairKey.parse(key).pair: str(v) for key, v in plain["last_stances"].items()},
        warned=frozenset((int(a), int(b)) for a, b in plain["warned"]), history=tuple(history),
        finished=bool(plain["finished"]), winner=None if plain["winner"] is None else int(plain["winner"]),
        end_reason=str(plain["end_reason"]),
        alliances=tuple(Alliance(str(i), tuple(int(m) for m in ms), int(t)) for i, ms, t in plain.get("alliances", [])),
        calls=tuple(AllianceCall(str(a), int(x), int(v), int(k), int(t)) for a, x, v, k, t in plain.get("calls", [])),
        abandoned=tuple((int(n), int(t)) for n, t in plain.get("abandoned", [])))


_RECORD_FIELDS = tuple(f.name for f in fields(TurnRecord))     # the value's fields (its __dict__ may hold more)
_RECORD_TUPLES = ("wars", "territory", "treasury", "income", "arms_spent", "econ_spent")


_RECORD_ALLIANCE = {"alliances": (), "calls": 0, "honoured": 0, "abandoned": 0}


def turn_record_to_plain(rec: TurnRecord) -> dict[str, Any]:
    """A JSON-ready dict of one :class:`TurnRecord` (history is not hashed but saved); the alliance
    fields only when they say something, so records of games without alliances read as before."""
    d = rec.__dict__
    out = {k: (dict(v) if isinstance(v, Mapping) else list(v) if isinstance(v, tuple) else v)
           for k in _RECORD_FIELDS for v in (d[k],) if not (k in _RECORD_ALLIANCE and v == _RECORD_ALLIANCE[k])}
    if "alliances" in out:
        out["alliances"] = [list(m) for m in rec.alliances]
    return out


def turn_record_from_plain(d: Mapping[str, Any]) -> TurnRecord:
    """Inverse of :func:`turn_record_to_plain`."""
    out = {k: (tuple(v) if k in _RECORD_TUPLES else dict(v) if isinstance(v, Mapping) else v) for k, v in d.items()}
    if "alliances" in out:
        out["alliances"] = tuple(tuple(int(m) for m in ms) for ms in d["alliances"])
    return TurnRecord(**out)


_OWNER_MARK, _FORT_MARK, _ERA_MARK = "\x00owner-list\x00", "\x00fort-list\x00", "\x00era\x00"
_OWNER_JSON, _FORT_JSON, _ERA_JSON = json.dumps(_OWNER_MARK), json.dumps(_FORT_MARK), json.dumps(_ERA_MARK)


def _era_json(gmap: GameMap, era: Era) -> str:
    """The era's canonical JSON text (``model_dump`` through ``json.dumps`` with sorted keys),
    remembered beside the map for the last era object asked (an era never changes)."""
    memo = gmap.__dict__.get("_era_json")
    if memo is not None and memo[0] is era:
        return memo[1]
    text = json.dumps(era.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), default=_json_default)
    object.__setattr__(gmap, "_era_json", (era, text))
    return text


def _hex_list_json(gmap: GameMap, key: str, values: tuple[int, ...]) -> str:
    """``json.dumps(list(values), separators=(",", ":"))``, remembered beside the map for the last
    tuple of each key (one slot per key; compared by value, which is much cheaper than encoding)."""
    memo = gmap.__dict__.get("_hex_list_json")
    if memo is None:
        memo = {}
        object.__setattr__(gmap, "_hex_list_json", memo)
    hit = memo.get(key)
    if hit is not None and (hit[0] is values or hit[0] == values):
        return hit[1]
    text = json.dumps(list(values), separators=(",", ":"), default=_json_default)
    memo[key] = (values, text)
    return text


def _json_default(o: Any) -> Any:
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def _rng_to_plain(st: Mapping[str, Any]) -> dict[str, Any]:
    return {"bit_generator": st["bit_generator"],
            "state": {"state": int(st["state"]["state"]), "inc": int(st["state"]["inc"])},
            "has_uint32": int(st["has_uint32"]), "uinteger": int(st["uinteger"])}


def _plain_to_rng(st: Mapping[str, Any]) -> dict[str, Any]:
    return _rng_to_plain(st)


def new_rng_state(seed: int) -> dict[str, Any]:
    return _rng_to_plain(np.random.Generator(np.random.PCG64(seed)).bit_generator.state)
