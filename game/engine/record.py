"""A game as a record: where it came from and what was ordered, plus where it stands now.

A :class:`GameRecord` holds the scenario's own text (so a game still loads and replays when the
file moved or changed), the variant, the ``--set`` overrides, the seed, who controls each nation,
every resolved turn's sealed orders and events, the facilitator's interventions between turns
(manual injects, edits, messages), and the current :class:`GameState` (whose ``history`` carries
each turn's :class:`TurnRecord` and state hash). It is what saves write and load
(:mod:`game.engine.saves`) and what replays re-run (:mod:`game.engine.replay`).

A UI keeps one record and advances it by one turn at a time::

    record = start_game(ScenarioSource.from_file(path), variant, seed)
    record, events = record.intervene(Intervention("inject", {"id": "crisis"}))   # facilitator, optional
    record, events = record.play_turn({nation_id: orders, ...})
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from pydantic import ValidationError

from .bounds import MAX_MESSAGE, MAX_SEED, MAX_SHORT, check_text
from .files import read_text_capped
from .facilitator import edit_state, message
from .injects import fire_by_id
from .orders import Orders, orders_to_plain
from .resolve import resolve_turn
from .safe_yaml import MAX_YAML_BYTES, format_loc
from .save_schema import OrdersModel
from .scenario import Scenario, build_state, load_scenario_text
from .state import Event, GameState

CONTROLLERS = ("ai", "human")
INTERVENTION_KINDS = ("inject", "edit", "message")


@dataclass(frozen=True)
class Intervention:
    """A facilitator's action between turns, logged so that a replay repeats it.

    ``inject``: ``{"id": inject id}`` (fired by hand); ``edit``: ``{"path": "A.treasury", "value": 50}``
    (see :func:`game.engine.facilitator.edit_state`); ``message``: ``{"text": ..., "to": [ids] | None}``.
    """

    kind: str
    args: Mapping[str, Any]


_INTERVENTION_ARGS = {"inject": {"id": (str,)}, "edit": {"path": (str,), "value": (int, float, str)},
                      "message": {"text": (str,), "to": (list, tuple, type(None))}}


def intervention_problem(kind: str, args: Mapping[str, Any]) -> str | None:
    """What is wrong with the shape of an intervention's arguments (None: nothing); the values
    themselves are checked when it is applied."""
    if kind not in _INTERVENTION_ARGS:
        return f"unknown intervention {kind!r}; known: {', '.join(INTERVENTION_KINDS)}"
    wanted = _INTERVENTION_ARGS[kind]
    extra = sorted(set(args) - set(wanted))
    if extra:
        return f"unexpected argument(s) {', '.join(map(repr, extra))} for {kind!r}; it takes {', '.join(wanted)}"
    for name, types in wanted.items():
        if name not in args:
            if name == "to":
                continue
            return f"{kind!r} needs the argument {name!r}"
        v = args[name]
        if isinstance(v, bool) or not isinstance(v, types):
            return f"argument {name!r} of {kind!r} has the wrong type ({type(v).__name__})"
    to = args.get("to")
    if to is not None and not all(isinstance(x, int) and not isinstance(x, bool) for x in to):
        return "argument 'to' of 'message' must list nation ids"
    return None


def apply_intervention(state: GameState, iv: Intervention) -> tuple[GameState, list[Event]]:
    """The state after ``iv`` and the events it made; raises ValueError when it does not apply
    (also for malformed arguments, e.g. from a hand-edited save)."""
    problem = intervention_problem(iv.kind, iv.args)
    if problem is not None:
        raise ValueError(problem)
    if iv.kind == "inject":
        try:
            return fire_by_id(state, iv.args["id"])
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
    if iv.kind == "edit":
        new, event = edit_state(state, iv.args["path"], iv.args["value"])
        return new, [event]
    to = iv.args.get("to")
    return state, [message(state, iv.args["text"], None if to is None else tuple(to))]


def text_sha256(text: str) -> str:
    """The content hash of a scenario: SHA-256 of its UTF-8 text (a leading BOM removed)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_scenario_text(path: str | os.PathLike[str]) -> str:
    """A scenario file's text, size-capped before reading; raises FileError naming the file."""
    return read_text_capped(path, MAX_YAML_BYTES, "a scenario", "save the file as UTF-8")


@dataclass(frozen=True)
class ScenarioSource:
    """A scenario's text, its content hash and where it was read from (``""``: generated)."""

    path: str
    sha256: str
    text: str

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> "ScenarioSource":
        text = read_scenario_text(path)
        return cls(os.fsdecode(path), text_sha256(text), text)

    @classmethod
    def from_text(cls, text: str, path: str = "") -> "ScenarioSource":
        """For scenarios that exist only in memory (e.g. a generated random map)."""
        return cls(path, text_sha256(text), text)

    def load(self, label: str | None = None) -> Scenario:
        """Parse and validate the text; messages name ``label`` (default: the path)."""
        return load_scenario_text(self.text, label or self.path or "<scenario>")


@dataclass(frozen=True)
class Message:
    """A negotiation message (seminar/hotseat). ``sender`` None is the facilitator; ``to`` None is
    the public channel, else the private channel of those nations (the sender always sees it)."""

    turn: int
    sender: int | None
    to: tuple[int, ...] | None
    text: str

    def visible(self, nation: int | None) -> bool:
        """Whether ``nation`` may read it (None: the facilitator, who reads everything)."""
        return nation is None or self.to is None or nation == self.sender or nation in self.to


MAX_MESSAGE_CHARS = MAX_MESSAGE


@dataclass(frozen=True)
class GameRecord:
    """Everything needed to resume a game exactly and to replay it turn by turn."""

    source: ScenarioSource
    variant: str | None
    sets: tuple[str, ...]
    seed: int
    controllers: Mapping[int, str]               # nation id -> "ai" | "human" (every nation)
    state: GameState                             # the current state (history included)
    # per resolved turn: nation id -> sealed orders; and its events, in order (interventions' first). Tuples,
    # or TurnLogs holding old turns packed (game.engine.packed_turns: the network host), read the same way.
    orders: Sequence[Mapping[int, Orders]] = ()
    events: Sequence[tuple[Event, ...]] = ()
    players: Mapping[int, str] = field(default_factory=dict)   # optional seat names (hotseat)
    interventions: tuple[tuple[Intervention, ...], ...] = ()   # per resolved turn, applied before it
    pending: tuple[Intervention, ...] = ()           # applied to ``state``, before the turn now open
    pending_events: tuple[Event, ...] = ()           # the events ``pending`` made
    messages: tuple[Message, ...] = ()               # negotiation messages, in order (no effect on play)

    def __post_init__(self) -> None:
        # What a save refuses, a record never holds (a save of it would be a lost game).
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")
        for k, name in self.players.items():
            check_text(name, MAX_SHORT, f"player {k}'s name")

    @property
    def turns_played(self) -> int:
        return len(self.orders)

    @property
    def last_events(self) -> tuple[Event, ...]:
        """The events of the last resolved turn (what views of the current state are built with)."""
        return self.events[-1] if self.events else ()

    def advanced(self, orders: Mapping[int, Orders], state: GameState, events: Sequence[Event]) -> "GameRecord":
        """This record after one more resolved turn (orders given, the state and events it produced);
        raises ValueError for orders a save could not hold (e.g. a statement over the length limit)."""
        for o in orders.values():
            check_orders(o)
        return replace(self, state=state, orders=self.orders + (dict(orders),),
                       events=self.events + (self.pending_events + tuple(events),),
                       interventions=self.interventions + (self.pending,), pending=(), pending_events=())

    def intervene(self, iv: Intervention) -> tuple["GameRecord", list[Event]]:
        """Apply a facilitator's intervention to the current state and log it; raises ValueError."""
        state, events = apply_intervention(self.state, iv)
        return replace(self, state=state, pending=self.pending + (iv,),
                       pending_events=self.pending_events + tuple(events)), events

    def post(self, sender: int | None, text: str, to: Sequence[int] | None = None) -> "GameRecord":
        """Archive a message typed this turn; raises ValueError for an empty or unknown address."""
        text = text.strip()
        if not text:
            raise ValueError("an empty message")
        check_text(text, MAX_MESSAGE_CHARS, "a message")
        ids = {n.id for n in self.state.nations}
        if sender is not None and sender not in ids:
            raise ValueError(f"no nation {sender}")
        dest = None if to is None else tuple(sorted(set(int(x) for x in to)))
        if dest is not None and (not dest or not set(dest) <= ids):
            raise ValueError("a private message needs one or more existing nations")
        return replace(self, messages=self.messages + (Message(self.state.turn, sender, dest, text),))

    def messages_for(self, nation: int | None) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.visible(nation))

    def play_turn(self, orders: Mapping[int, Orders]) -> tuple["GameRecord", list[Event]]:
        """Resolve the current turn with ``orders`` and record it; raises ValueError if the game is over."""
        state, events = resolve_turn(self.state, orders)
        return self.advanced(orders, state, events), events


def check_orders(o: Orders) -> None:
    """Raise ValueError unless a save can hold ``o`` (the save's own model checks it: text lengths,
    finite numbers), naming the place, e.g. ``statement: String should have at most 20000 characters``."""
    try:
        OrdersModel.model_validate(orders_to_plain(o), strict=False)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        raise ValueError(f"orders of nation {o.nation}: {format_loc(err['loc'])}: {err['msg']}") from None


def initial_state(source: ScenarioSource, variant: str | None, seed: int, sets: Sequence[str] = (),
                  controllers: Mapping[int, str] | None = None, label: str | None = None) -> GameState:
    """The turn-1 state of a game (raises FileError if the scenario, variant or a --set is bad)."""
    spec = source.load(label).resolve(variant, sets)
    return build_state(spec, seed, variant, controllers)


def start_game(source: ScenarioSource | str | Path, variant: str | None = None, seed: int = 1,
               sets: Sequence[str] = (), controllers: Mapping[int, str] | None = None,
               players: Mapping[int, str] | None = None) -> GameRecord:
    """A new game's record at turn 1 (``source`` may be a scenario path). Raises FileError."""
    if not isinstance(source, ScenarioSource):
        source = ScenarioSource.from_file(source)
    state = initial_state(source, variant, seed, sets, controllers)
    ctrl = {n.id: n.controller for n in state.nations}
    return GameRecord(source, variant, tuple(sets), seed, ctrl, state, players=dict(players or {}))


def record_initial_state(record: GameRecord, label: str | None = None) -> GameState:
    """The turn-1 state of a recorded game, rebuilt from its embedded scenario."""
    return initial_state(record.source, record.variant, record.seed, record.sets, record.controllers, label)
