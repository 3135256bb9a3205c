"""The game being played: scenario source, seats (human or AI per nation), the current state, the
orders and events of every resolved turn, and the background job that computes the AI's orders
and resolves a turn without freezing the window.

Scenes of the orders phase never get the session: they get a :class:`SeatPort`, which exposes only
that seat's :class:`PlayerView` and a way to submit its orders (hotseat and seminar build on this).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from game.engine.orders import Motive, Orders
from game.engine.record import GameRecord, ScenarioSource, initial_state
from game.engine.results import score_of
from game.engine.replay import rewind
from game.engine.save_container import SaveKey
from game.engine.stagegame import StageGame
from game.engine.state import Event, GameState
from game.engine.views import PlayerView, player_view
from game.sim.runner import Policy, TurnResult, default_policy, resolve_with_ai


@dataclass(frozen=True)
class Seat:
    nation: int
    kind: str = "ai"            # "human" | "ai"
    player: str = ""            # a name for hotseat / seminar


@dataclass(frozen=True)
class Briefing:
    """One seat's own part of the scenario: public role, private briefing and objectives."""

    role: str = ""
    text: str = ""
    objectives: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.role or self.text or self.objectives)


class TurnJob:
    """Computes every AI's orders and resolves the turn, in a thread (or inline with ``threaded=False``)."""

    def __init__(self, state: GameState, human_orders: Mapping[int, Orders], ai_nations: Sequence[int],
                 events: Sequence[Event], policy: Policy, threaded: bool = True) -> None:
        self.state = state
        self.human_orders = dict(human_orders)
        self.ai_nations = list(ai_nations)
        self.events = list(events)
        self.policy = policy
        self.done_count = 0
        self.result: TurnResult | None = None
        self.error: BaseException | None = None
        self._finished = threading.Event()
        if threaded:
            self._thread: threading.Thread | None = threading.Thread(target=self._run, name="turn-job", daemon=True)
            self._thread.start()
        else:
            self._thread = None
            self._run()

    @property
    def total(self) -> int:
        return len(self.ai_nations) + 1        # + resolution

    @property
    def progress(self) -> float:
        return 1.0 if self.done() else self.done_count / max(1, self.total)

    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    def _one_done(self) -> None:
        self.done_count += 1

    def _run(self) -> None:
        try:
            self.result = resolve_with_ai(self.state, self.human_orders, self.ai_nations, self.events, self.policy,
                                          on_ai_done=self._one_done)
            self.done_count += 1
        except BaseException as exc:  # noqa: BLE001 - reported to the UI as an error dialog
            self.error = exc
        finally:
            self._finished.set()


class GameSession:
    """One game: a :class:`GameRecord` (scenario text, variant, sets, seed, controllers, every turn's
    orders and events, the current state) plus the seats and the turn being resolved."""

    def __init__(self, record: GameRecord, seats: Sequence[Seat] | None = None,
                 policy: Policy | None = None, threaded: bool = True, label: str = "") -> None:
        self.record = record
        self.label = label or record.source.path or record.state.scenario
        self.seats = {s.nation: s for s in seats} if seats is not None else {
            i: Seat(i, kind, record.players.get(i, "")) for i, kind in record.controllers.items()}
        self.policy = policy or default_policy()
        self.threaded = threaded
        self.submitted: dict[int, Orders] = {}
        self.job: TurnJob | None = None
        self.confirmed: dict[int, set[str]] = {}      # per seat: first-defection/attack confirmations given
        self.listeners: list[Callable[["GameSession"], None]] = []   # called after each resolved turn (autosave hook)
        self._briefings: dict[int, Briefing] | None = None
        self.save_key: SaveKey | None = None          # the game password's key: every save of the game encrypted
        self.save_mode: str | None = None             # the header's mode, e.g. "seminar" (else from the seats)

    @classmethod
    def start(cls, source: ScenarioSource | str | Path, variant: str | None = None, seed: int = 1,
              sets: Sequence[str] = (), humans: Sequence[int] = (0,), difficulty: str | None = None,
              label: str | None = None, players: Mapping[int, str] | None = None, **kwargs) -> "GameSession":
        """A new game; raises FileError for a bad scenario, variant or --set. ``players`` names the
        human seats (hotseat)."""
        if not isinstance(source, ScenarioSource):
            source = ScenarioSource.from_file(source)
        sets = list(sets)
        if difficulty:
            n = len(source.load(label).spec.states)
            sets += [f"states[{i}].difficulty={difficulty}" for i in range(n) if i not in humans]
        controllers = {i: "human" for i in humans}
        state = initial_state(source, variant, seed, sets, controllers, label)
        ctrl = {n.id: ("human" if n.id in humans else "ai") for n in state.nations}
        record = GameRecord(source, variant, tuple(sets), seed, ctrl, state, players=dict(players or {}))
        return cls(record, label=label or "", **kwargs)

    # --- the record --------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        return self.record.state

    @property
    def orders_log(self) -> tuple[Mapping[int, Orders], ...]:
        return self.record.orders

    @property
    def events_log(self) -> tuple[tuple[Event, ...], ...]:
        return self.record.events

    @property
    def last_events(self) -> tuple[Event, ...]:
        return self.record.last_events + self.record.pending_events

    # --- seats -------------------------------------------------------------------------------
    def human_nations(self) -> list[int]:
        return [i for i, s in sorted(self.seats.items()) if s.kind == "human" and self.state.nations[i].alive]

    def ai_nations(self) -> list[int]:
        return [i for i in self.state.alive_ids() if self.seats.get(i, Seat(i)).kind != "human"]

    def waiting_for(self) -> list[int]:
        """Human seats that have not submitted orders this turn."""
        return [i for i in self.human_nations() if i not in self.submitted]

    def view_for(self, nation: int | None) -> PlayerView:
        return player_view(self.state, nation, self.last_events)

    def port(self, nation: int) -> "SeatPort":
        return SeatPort(self, nation)

    def briefing_of(self, nation: int) -> Briefing:
        """The scenario's role, briefing and objectives for ``nation`` (variant and sets applied)."""
        if self._briefings is None:
            try:
                spec = self.record.source.load(self.label).resolve(self.record.variant, self.record.sets)
                self._briefings = {i: Briefing(st.role, st.briefing, tuple(st.objectives))
                                   for i, st in enumerate(spec.states)}
            except Exception:  # noqa: BLE001 - a briefing is never worth failing a game over
                self._briefings = {}
        return self._briefings.get(nation, Briefing())

    # --- turn --------------------------------------------------------------------------------
    def submit(self, nation: int, orders: Orders) -> None:
        if self.job is not None:
            raise RuntimeError("the turn is already being resolved")
        if orders.nation != nation:
            raise ValueError("orders for the wrong nation")
        self.submitted[nation] = orders

    def start_resolution(self) -> TurnJob:
        if self.job is None:
            self.job = TurnJob(self.state, self.submitted, self.ai_nations(), self.last_events, self.policy,
                               self.threaded)
        return self.job

    def finish_resolution(self) -> TurnResult:
        """Apply a finished job: the record advances by one turn (orders, events, new state)."""
        job = self.job
        if job is None or not job.done():
            raise RuntimeError("no finished turn to apply")
        self.job = None
        self.submitted = {}
        if job.error is not None:
            raise job.error
        assert job.result is not None
        res = job.result
        self.record = self.record.advanced(res.orders, res.state, res.events)
        for fn in list(self.listeners):
            fn(self)
        return res

    def last_turn_cards(self, nations: Sequence[int]) -> tuple[GameState, dict[int, Mapping[int, StageGame]]] | None:
        """The state the last resolved turn started from, and each of ``nations``' stance cards in it
        (its view's stage games then, as :meth:`view_for` gave them), rebuilt by replaying the record;
        None before the first turn. A loaded hotseat game measures each seat's results of that turn
        against these: the cards seen live are not part of a save."""
        if self.record.turns_played == 0:
            return None
        before = rewind(self.record, self.record.turns_played - 1)
        events = before.last_events + before.pending_events
        return before.state, {i: player_view(before.state, i, events).games for i in nations}

    # --- after the game ----------------------------------------------------------------------
    def motives_of(self, nation: int) -> list[tuple[int, Motive]]:
        """(turn, motive) for every logged decision of ``nation`` (AI orders carry sealed motives)."""
        out = []
        for turn, orders in enumerate(self.orders_log, start=1):
            o = orders.get(nation)
            for m in getattr(o, "motives", ()) or ():
                out.append((turn, m))
        return out


@dataclass
class SeatPort:
    """What the orders phase of one seat may use: its own view and a way to submit orders."""

    _session: GameSession = field(repr=False)
    nation: int

    @property
    def view(self) -> PlayerView:
        return self._session.view_for(self.nation)

    @property
    def scenario_name(self) -> str:
        return self._session.state.scenario

    @property
    def max_turns(self) -> int:
        return self._session.state.victory.max_turns

    @property
    def score(self) -> float:
        """This seat's own running score (the debrief's total, from its own type and treasury)."""
        return score_of(self._session.state, self.nation)

    @property
    def player(self) -> str:
        """This seat's player name ('' when unnamed)."""
        seat = self._session.seats.get(self.nation)
        return seat.player if seat is not None else ""

    @property
    def briefing(self) -> Briefing:
        """This seat's own role, private briefing and objectives (never another seat's)."""
        return self._session.briefing_of(self.nation)

    @property
    def last_orders(self):
        """This seat's own orders of the last resolved turn (None on turn 1)."""
        log = self._session.orders_log
        return log[-1].get(self.nation) if log else None

    def confirmed(self, key: str) -> bool:
        return key in self._session.confirmed.get(self.nation, set())

    def confirm(self, key: str) -> None:
        self._session.confirmed.setdefault(self.nation, set()).add(key)

    def submit(self, orders: Orders) -> None:
        self._session.submit(self.nation, orders)
