"""The phases of a networked seminar turn and the facilitator's powers over them (issue 12).

The host of a seminar (``python main.py host --seminar``) runs each turn as the local seminar does
(:mod:`game.session.seminar`), with every delegation at its own laptop instead of behind the curtain::

    negotiation (timed: messages, drafts; no seals) -> orders (optionally timed: seals)
        -> resolution (held for the room until the facilitator opens the next turn) -> ...

:class:`NetPhases` is that machine, with no clock and no network of its own: the host advances it
with the seconds that passed (``tick``), so tests drive time by hand and never sleep. Its timers
run only while their phase is open for the room: the next negotiation's clock does not start while
the room still reads the resolution (``open_turn`` comes when the facilitator opens the turn, or at
once when no facilitator is connected). ``paused`` stops every timer.

The facilitator's commands are parsed and checked here (:func:`check_command`) and applied by the
host, which alone holds the game record.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.engine.record import GameRecord
from game.engine.scenario_schema import SeminarSpec

from .seminar_lock import NegotiationTimer

PHASES = ("negotiation", "orders", "resolution", "ended")
ACTIONS = ("pause", "resume", "add_time", "next_phase", "message", "inject", "edit", "rollback", "fork", "end")
MAX_ADD_SECONDS = 3600.0


@dataclass(frozen=True)
class PhaseInfo:
    """What every connection is told of the phase (public)."""

    turn: int
    phase: str
    seconds_left: float | None      # None: untimed
    paused: bool


class NetPhases:
    """One seminar's phase and timers, advanced explicitly by the host."""

    def __init__(self, negotiation_seconds: float, orders_seconds: float) -> None:
        self.negotiation = NegotiationTimer(negotiation_seconds)
        self.orders = NegotiationTimer(orders_seconds)
        self.phase = "resolution"       # until the first turn opens
        self.paused = False

    # --- phases ---------------------------------------------------------------------------------
    def open_turn(self) -> None:
        """A new turn is open for the room: its negotiation starts (or its orders, untimed negotiation)."""
        if self.phase == "ended":
            return
        self.negotiation.reset()
        if self.negotiation.limit > 0:
            self.phase = "negotiation"
            self.negotiation.start()
        else:
            self._begin_orders()

    def _begin_orders(self) -> None:
        self.negotiation.stop()
        self.phase = "orders"
        self.orders.reset()
        self.orders.start()

    def next_phase(self) -> str:
        """The facilitator moves on: negotiation -> orders; orders -> resolution (the host seals what
        is missing); resolution -> the next turn's negotiation. Returns the new phase."""
        if self.phase == "negotiation":
            self._begin_orders()
        elif self.phase == "orders":
            self.resolving()
        elif self.phase == "resolution":
            self.open_turn()
        return self.phase

    def resolving(self) -> None:
        self.orders.stop()
        if self.phase != "ended":
            self.phase = "resolution"

    def end(self) -> None:
        self.negotiation.stop()
        self.orders.stop()
        self.phase = "ended"

    @property
    def seals_open(self) -> bool:
        return self.phase == "orders"

    # --- the clock --------------------------------------------------------------------------------
    def tick(self, dt: float) -> bool:
        """Count ``dt`` seconds off the running timer unless paused. True when the phase changed:
        a negotiation that runs out opens the orders. (An orders timer that runs out only tells the
        delegations; the facilitator decides when to close the orders.)"""
        if self.paused:
            return False
        if self.phase == "negotiation" and self.negotiation.advance(dt):
            self._begin_orders()
            return True
        if self.phase == "orders" and self.orders.limit > 0:
            self.orders.advance(dt)
        return False

    def _timer(self) -> NegotiationTimer | None:
        """The timer of the phase in progress (None in the resolution or at the end)."""
        return {"negotiation": self.negotiation, "orders": self.orders}.get(self.phase)

    def seconds_left(self) -> float | None:
        timer = self._timer()
        if timer is None or timer.limit <= 0:
            return None
        return timer.remaining

    def next_deadline(self) -> float | None:
        """Seconds until the running timer runs out, if one runs (the host's wait)."""
        if self.paused:
            return None
        timer = self._timer()
        return timer.remaining if timer is not None and timer.running else None

    def add_time(self, seconds: float) -> None:
        timer = self._timer()
        if timer is None or timer.limit <= 0:
            raise ValueError(f"the {self.phase} phase has no timer")
        timer.add(seconds)
        if timer.remaining > 0 and not self.paused:
            timer.start()

    def info(self, turn: int) -> PhaseInfo:
        return PhaseInfo(turn, self.phase, self.seconds_left(), self.paused)


def check_command(action: str, seconds: float | None, text: str | None, turn: int | None = None) -> None:
    """A facilitator command's shape (its effect is the host's); raises ValueError."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action == "add_time":
        if seconds is None or not -MAX_ADD_SECONDS <= seconds <= MAX_ADD_SECONDS:
            raise ValueError(f"add_time needs seconds between -{MAX_ADD_SECONDS:g} and {MAX_ADD_SECONDS:g}")
    if action in ("message", "inject", "edit") and not (text or "").strip():
        raise ValueError(f"{action} needs its text")
    if action == "rollback" and (turn is None or turn < 1):
        raise ValueError("rollback needs the turn to go back to (1 or later)")


def scenario_phases(record: GameRecord, negotiation_seconds: float | None = None,
                    orders_seconds: float | None = None) -> NetPhases:
    """A seminar's phases: the scenario's seminar timings (variant and sets applied) unless others are given."""
    spec = record.source.load().resolve(record.variant, record.sets).seminar or SeminarSpec()
    return NetPhases(spec.phases.negotiation_seconds if negotiation_seconds is None else negotiation_seconds,
                     spec.phases.orders_seconds if orders_seconds is None else orders_seconds)
