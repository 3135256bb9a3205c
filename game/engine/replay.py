"""Replays: re-run a recorded game from its embedded scenario, seed and order log.

:func:`replay_states` yields ``(state, events)`` after every recorded turn, so a replay viewer can
step through a game (keep the list to step back); :func:`verify` compares every turn's state hash
(and event log) with the saved ones and names the first turn that differs. Resolution is a pure
function of (state, orders), so a game replays exactly as long as the rules have not changed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, Iterator

from .record import GameRecord, Intervention, apply_intervention, record_initial_state
from .resolve import resolve_turn
from .state import Event, GameState


def replay_states(record: GameRecord) -> Iterator[tuple[GameState, tuple[Event, ...]]]:
    """``(state after turn k, events of turn k)`` for k = 1 .. turns played.

    The facilitator's interventions logged before a turn are applied before it and their events
    come first. Raises FileError if the embedded scenario cannot be built, ValueError if the log
    cannot be applied (a turn after the game ended, an unknown inject). The turn-1 state is
    :func:`game.engine.record.record_initial_state`.
    """
    state = record_initial_state(record)
    for k, orders in enumerate(record.orders):
        state, before = _intervene(state, record.interventions[k] if k < len(record.interventions) else ())
        state, events = resolve_turn(state, orders)
        yield state, tuple(before) + tuple(events)


def rewind(record: GameRecord, turns: int) -> GameRecord:
    """The record as it stood right after ``turns`` resolved turns, by replaying them (a
    facilitator's rollback, or a fork to play on differently): the negotiation messages typed in
    the turns undone go too. Raises ValueError if out of range."""
    if not 0 <= turns <= record.turns_played:
        raise ValueError(f"cannot rewind to turn {turns}; {record.turns_played} turns were played")
    state = record_initial_state(record)
    for state, _ in islice(replay_states(record), turns):
        pass
    return replace(record, state=state, orders=record.orders[:turns], events=record.events[:turns],
                   interventions=record.interventions[:turns], pending=(), pending_events=(),
                   messages=tuple(m for m in record.messages if m.turn <= turns))


def _intervene(state: GameState, ivs: tuple[Intervention, ...]) -> tuple[GameState, list[Event]]:
    out: list[Event] = []
    for iv in ivs:
        state, events = apply_intervention(state, iv)
        out.extend(events)
    return state, out


@dataclass(frozen=True)
class TurnCheck:
    turn: int
    saved_hash: str
    replayed_hash: str
    events_match: bool

    @property
    def ok(self) -> bool:
        return self.saved_hash == self.replayed_hash and self.events_match


@dataclass(frozen=True)
class VerifyResult:
    """Per-turn comparison of a replay with the record; ``first_bad`` is None when all match."""

    turns: tuple[TurnCheck, ...]
    first_bad: int | None
    problem: str = ""                # what differs first, for people ("" when ok)
    final_hash: str = ""             # the replayed final state's hash

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def _normal(events: tuple[Event, ...]) -> Any:
    """Events as JSON would store them (tuples become lists, numpy numbers plain)."""
    plain = [[e.turn, e.kind, e.text, dict(e.data), None if e.visible_to is None else list(e.visible_to)] for e in events]
    return json.loads(json.dumps(plain, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def verify(record: GameRecord) -> VerifyResult:
    """Replay ``record`` and compare each turn's state hash and events with the saved ones."""
    history = record.state.history
    checks: list[TurnCheck] = []
    state: GameState | None = None
    try:
        for k, (state, events) in enumerate(replay_states(record)):
            saved = history[k].state_hash if k < len(history) else "(none)"
            check = TurnCheck(k + 1, saved, state.state_hash(), _normal(events) == _normal(record.events[k]))
            checks.append(check)
            if not check.ok:
                what = (f"state hash differs (saved {check.saved_hash}, replayed {check.replayed_hash})"
                        if check.saved_hash != check.replayed_hash else "the saved events differ from the replayed ones")
                return VerifyResult(tuple(checks), k + 1, f"turn {k + 1}: {what}", check.replayed_hash)
        state = state if state is not None else record_initial_state(record)
        state, pending_events = _intervene(state, record.pending)
    except ValueError as exc:
        turn = len(checks) + 1
        return VerifyResult(tuple(checks), turn, f"turn {turn}: cannot be replayed: {exc}")
    final = state.state_hash()
    if _normal(tuple(pending_events)) != _normal(record.pending_events):
        return VerifyResult(tuple(checks), len(checks) + 1, "the pending interventions' events differ", final)
    if final != record.state.state_hash():
        turn = len(checks)          # 0: the starting state itself
        return VerifyResult(tuple(checks), turn, f"the saved current state (hash {record.state.state_hash()}) is not "
                            f"the replayed one ({final})", final)
    return VerifyResult(tuple(checks), None, "", final)
