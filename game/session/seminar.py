"""A seminar in progress (issue 6): a :class:`GameSession` plus what only the facilitator holds.

:class:`SeminarRun` keeps the key derived from the facilitator's passphrase (scrypt, never the
text): it unlocks the console and encrypts the seminar's file (AES-GCM, see
``game.engine.save_container``), so nothing in the file is readable without the passphrase and a
resumed seminar asks for the original one (:func:`open_seminar`). It also keeps the paused flag, the negotiation timer
(advanced by the app clock with ``tick(dt)``, so tests never sleep; it starts only once the room
shows the negotiation, :meth:`SeminarRun.negotiation_on_screen`) and the phase of the turn::

    briefing (turn 1, each delegation behind the curtain) -> negotiation (timed)
        -> orders (each delegation behind the curtain) -> resolution -> next turn ... -> ended

Facilitator actions go through the engine's logged record operations (``GameRecord.intervene``,
``post``, ``game.engine.replay.rewind``) and the game is saved after each of them, so a crash
never loses the class's game. No pygame here: the scenes in ``game/ui/scenes`` drive a run.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from game.ai.strategies import REGISTRY
from game.engine.facilitator import ERA_FIELDS, NATION_FIELDS, PARAM_FIELDS, editable_paths
from game.engine.orders import Orders
from game.engine.record import GameRecord, Intervention, Message, ScenarioSource, start_game
from game.engine.replay import rewind
from game.engine.hidden_types import TYPE_KEYS
from game.engine.save_container import SaveKey
from game.engine.saves import load_game, save_game
from game.engine.scenario_schema import SeminarSpec
from game.engine.state import Event

from game.userdirs import user_data_dir

from .local import GameSession, Seat
from .seminar_lock import NegotiationTimer, PassphraseHash, check_new_passphrase  # noqa: F401 - re-exported

PHASES = ("briefing", "negotiation", "orders", "resolution", "ended")
NEWS_KINDS = ("inject", "crisis_message", "facilitator_message", "era_change", "distinguishability", "trade_shock",
              "third_party_attack", "war_cost")


@dataclass(frozen=True)
class RoleSheet:
    """One state's seminar material: the role is public; briefing and objectives are private."""

    nation: int
    state_name: str
    colour: str
    role: str
    briefing: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Delegation:
    nation: int
    name: str


def seminar_dir() -> Path:
    return user_data_dir() / "seminars"


def new_seminar_path(record: GameRecord, sandbox: bool = False, directory: Path | None = None) -> Path:
    folder = directory or seminar_dir()
    slug = re.sub(r"[^a-z0-9]+", "-", record.state.scenario.lower()).strip("-") or "seminar"
    stem = f"{slug}-{time.strftime('%Y%m%d-%H%M%S')}" + ("-sandbox" if sandbox else "")
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.json"
    return path


def start_seminar_session(source: ScenarioSource | str | Path, variant: str | None, seed: int,
                          delegations: Mapping[int, str], sets: Sequence[str] = (), threaded: bool = True) -> GameSession:
    """A new game whose human seats are the named delegations; every other state is AI. Raises FileError."""
    if not isinstance(source, ScenarioSource):
        source = ScenarioSource.from_file(source)
    n = len(source.load().resolve(variant, sets).states)
    controllers = {i: ("human" if i in delegations else "ai") for i in range(n)}
    record = start_game(source, variant, seed, sets, controllers, {i: name for i, name in delegations.items()})
    seats = [Seat(i, controllers[i], delegations.get(i, "")) for i in range(n)]
    return GameSession(record, seats, threaded=threaded, label=source.path)


class SeminarRun:
    """The facilitator's side of a seminar game. Phase changes are methods; scenes call them."""

    def __init__(self, session: GameSession, *, negotiation_seconds: float | None = None,
                 save_path: Path | None = None, sandbox: bool = False, resumed: bool = False,
                 key: SaveKey | None = None) -> None:
        self.session = session
        rec = session.record
        spec = rec.source.load().resolve(rec.variant, rec.sets)
        self.spec: SeminarSpec = spec.seminar or SeminarSpec()
        self.teaching_note = spec.teaching_note
        self.roles = tuple(RoleSheet(i, st.name, st.colour, st.role, st.briefing, tuple(st.objectives))
                           for i, st in enumerate(spec.states))
        seconds = self.spec.phases.negotiation_seconds if negotiation_seconds is None else negotiation_seconds
        self.timer = NegotiationTimer(seconds)
        self.timer_waits = False            # the negotiation timer waits for its phase to be on screen
        self.orders_timer = NegotiationTimer(self.spec.phases.orders_seconds)
        self.paused = False
        self.sandbox = sandbox
        self.save_path = save_path
        self.save_problem = ""
        self.phase = "briefing"
        self.queue: list[int] = []            # delegations still to read / seal in this phase
        self.log: list[str] = []              # what the facilitator did, newest last (console)
        self._key: SaveKey | None = key        # from the passphrase; no file is written without it
        session.save_key = key                 # Ctrl+S and the per-turn autosaves: encrypted with it too
        session.save_mode = "seminar"
        self.start_turn(first=not resumed and rec.turns_played == 0)

    # --- passphrase ---------------------------------------------------------------------------
    @property
    def has_passphrase(self) -> bool:
        return self._key is not None

    def set_passphrase(self, text: str, again: str | None = None) -> None:
        """A new seminar's passphrase (scrypt-derived key). Raises ValueError when too short or when
        the two entries differ, and once a passphrase is set (the file is encrypted with it: a resumed
        seminar keeps its original passphrase)."""
        if self._key is not None:
            raise ValueError("this seminar already has its passphrase")
        problem = check_new_passphrase(text, text if again is None else again)
        if problem:
            raise ValueError(problem)
        self._key = SaveKey.derive(text)
        self.session.save_key = self._key

    def unlock(self, text: str) -> bool:
        return self._key is not None and self._key.matches(text)

    # --- who plays ----------------------------------------------------------------------------
    @property
    def record(self) -> GameRecord:
        return self.session.record

    def delegations(self) -> list[Delegation]:
        """Human delegations whose state is alive, in state order."""
        return [Delegation(i, self.delegation_name(i)) for i in self.session.human_nations()]

    def delegation_name(self, nation: int) -> str:
        seat = self.session.seats.get(nation)
        return (seat.player if seat is not None and seat.player else "") or self.record.players.get(nation, "") \
            or f"Delegation {nation + 1}"

    def role(self, nation: int) -> RoleSheet:
        return self.roles[nation]

    @property
    def current(self) -> int | None:
        """The delegation whose turn it is behind the curtain (briefing / orders), if any."""
        return self.queue[0] if self.queue and self.phase in ("briefing", "orders") else None

    # --- phases -------------------------------------------------------------------------------
    def start_turn(self, first: bool = False) -> None:
        self.session.submitted = {}
        if self.record.state.finished:
            self.phase, self.queue = "ended", []
        elif first and self.delegations():
            self.phase, self.queue = "briefing", [d.nation for d in self.delegations()]
        else:
            self._after_briefing()

    def _after_briefing(self) -> None:
        if self.timer.limit > 0 and len(self.delegations()) > 0:
            self.phase, self.queue = "negotiation", []
            self.timer.reset()
            self.timer_waits = True          # it starts when the room sees the negotiation, not before
        else:
            self.begin_orders()

    def negotiation_on_screen(self) -> None:
        """The room now shows the negotiation: its timer starts the first time (not while the room
        still reads the resolution or a briefing, nor again after the facilitator stopped it)."""
        if self.phase == "negotiation" and self.timer_waits:
            self.timer_waits = False
            self.timer.start()

    def briefing_read(self, nation: int) -> None:
        if self.phase != "briefing" or nation not in self.queue:
            raise ValueError(f"not {self.delegation_name(nation)}'s briefing now")
        self.queue.remove(nation)
        if not self.queue:
            self._after_briefing()

    def begin_orders(self) -> None:
        self.save()                             # the negotiation's messages
        self.timer.stop()
        self.phase = "orders"
        self.queue = [d.nation for d in self.delegations() if d.nation not in self.session.submitted]
        self.orders_timer.reset()
        if not self.queue:
            self.phase = "resolution"

    def end_negotiation(self) -> None:
        if self.phase == "negotiation":
            self.begin_orders()

    def seal(self, nation: int, orders: Orders) -> None:
        """A delegation's orders (with its stated reasons in ``statement``) are sealed."""
        if self.phase != "orders" or nation not in self.queue:
            raise ValueError(f"not {self.delegation_name(nation)}'s orders now")
        self.session.submit(nation, orders)
        self.queue.remove(nation)
        self.orders_timer.reset()
        if not self.queue:
            self.phase = "resolution"

    def turn_resolved(self) -> None:
        """Call after ``session.finish_resolution()``: saves and opens the next turn."""
        self.save()
        self.start_turn()

    def end_game(self) -> None:
        self.timer.stop()
        self.phase, self.queue = "ended", []
        self._note("Ended the game.")
        self.save()

    def tick(self, dt: float) -> bool:
        """The app clock: the negotiation timer (or a delegation's orders timer) runs unless paused.
        True when a timer ran out in this call."""
        if self.paused:
            return False
        if self.phase == "negotiation":
            return self.timer.advance(dt)
        if self.phase == "orders" and self.orders_timer.limit > 0:
            return self.orders_timer.advance(dt)
        return False

    def pause(self) -> None:
        self.paused = True
        self._note("Paused the game.")

    def resume(self) -> None:
        self.paused = False
        self._note("Resumed the game.")

    # --- messages -----------------------------------------------------------------------------
    def post(self, sender: int | None, text: str, to: Sequence[int] | None = None) -> Message:
        """Archive a negotiation message; raises ValueError for an empty one or a bad address."""
        if self.phase == "ended":
            raise ValueError("the game has ended")
        self.session.record = self.record.post(sender, text, to)     # saved when the negotiation ends (a save
        return self.record.messages[-1]                             # of a long game takes a tenth of a second)

    def messages_for(self, nation: int | None) -> tuple[Message, ...]:
        return self.record.messages_for(nation)

    def public_messages(self) -> tuple[Message, ...]:
        return tuple(m for m in self.record.messages if m.to is None)

    def news_for(self, nation: int | None) -> list[Event]:
        """Injects, crisis and facilitator messages of the last turn and since, that ``nation`` may see
        (None: the public ones only)."""
        return [e for e in self.session.last_events if e.kind in NEWS_KINDS
                and (e.visible_to is None or (nation is not None and nation in e.visible_to))]

    # --- facilitator interventions ------------------------------------------------------------
    def _check_between_turns(self) -> None:
        if self.session.job is not None:
            raise ValueError("the turn is being resolved; wait until it is done")
        if self.phase == "ended":
            raise ValueError("the game has ended")

    def intervene(self, iv: Intervention) -> list[Event]:
        self._check_between_turns()
        self.session.record, events = self.record.intervene(iv)
        self.save()
        return events

    def fire_inject(self, inject_id: str) -> list[Event]:
        events = self.intervene(Intervention("inject", {"id": inject_id}))
        self._note(f"Fired the inject '{inject_id}' by hand.")
        return events

    def send_message(self, text: str, to: Sequence[int] | None = None) -> None:
        """An ad-hoc facilitator message: logged as an intervention and archived with the negotiation."""
        text = text.strip()
        if not text:
            raise ValueError("an empty message")
        dest = None if to is None else [int(x) for x in to]
        self.intervene(Intervention("message", {"text": text, "to": dest}))
        self.session.record = self.record.post(None, text, dest)
        self.save()
        who = "everyone" if dest is None else ", ".join(self.record.state.nations[i].name for i in dest)
        self._note(f"Sent a message to {who}.")

    def edit(self, path: str, raw: str) -> Event:
        """Set a state value by path (``A.treasury``); the text is converted to the field's type."""
        value = parse_edit_value(path, raw, editable_paths(self.record.state))
        events = self.intervene(Intervention("edit", {"path": path, "value": value}))
        self._note(events[0].text)
        return events[0]

    def rollback(self, turn: int) -> None:
        """Back to the start of ``turn`` (an earlier turn); the turns after it are undone."""
        if self.session.job is not None:
            raise ValueError("the turn is being resolved; wait until it is done")
        if not 1 <= turn < self.record.state.turn:
            raise ValueError(f"roll back to a turn from 1 to {self.record.state.turn - 1}")
        self.session.record = rewind(self.record, turn - 1)
        self.session.submitted = {}
        self._note(f"Rolled back to the start of turn {turn}.")
        self.start_turn()
        self.save()

    def fork(self, path: Path | None = None) -> Path:
        """Save the game as it is, then continue in a copy under a new name, marked SANDBOX."""
        if self.session.job is not None:
            raise ValueError("the turn is being resolved; wait until it is done")
        self.save()
        original = self.save_path
        target = path or new_seminar_path(self.record, sandbox=True,
                                          directory=original.parent if original is not None else None)
        save_game(self.record, target, self._key, mode="seminar")
        self.save_path, self.sandbox = target, True
        self._note(f"Forked into the sandbox {target.name}" + (f" (the game stays in {original.name})." if original else "."))
        return target

    def save(self) -> None:
        """Write the game to its file, encrypted with the passphrase's key, if it has a file and a
        passphrase (never in the clear); a failure is kept in ``save_problem`` (never raised)."""
        if self.save_path is None or self._key is None:
            return
        try:
            save_game(self.record, self.save_path, self._key, mode="seminar")
            self.save_problem = ""
        except Exception as exc:  # noqa: BLE001 - FileError/OSError: the seminar goes on, the console shows it
            self.save_problem = str(exc)

    def _note(self, text: str) -> None:
        self.log.append(f"T{self.record.state.turn}: {text}")


def parse_edit_value(path: str, raw: str, allowed: Sequence[str]) -> float | str:
    """The typed value of an edit, or ValueError naming the path."""
    if path not in allowed:
        raise ValueError(f"cannot edit {path!r}")
    field = path.partition(".")[2]
    kind = {**NATION_FIELDS, **ERA_FIELDS, **PARAM_FIELDS}.get(field, str)
    text = str(raw).strip()
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{path}: {text!r} is not a number") from None
    choices = edit_choices(field)
    if choices and text not in choices:
        raise ValueError(f"{path}: one of {', '.join(choices)}")
    if not text:
        raise ValueError(f"{path}: give a value")
    return text


def edit_choices(field: str) -> tuple[str, ...]:
    """The allowed texts of a non-numeric editable field (() when any number goes)."""
    if field == "ai_type":
        return TYPE_KEYS
    if field == "strategy":
        return tuple(sorted(REGISTRY))
    return ()


def resumed_run(record: GameRecord, save_path: Path, threaded: bool = True, key: SaveKey | None = None) -> SeminarRun:
    """A saved seminar continued: same delegations, a fresh facilitator state, and the key that
    opened its file (None only for a file saved before seminars were encrypted: then
    :meth:`SeminarRun.set_passphrase` must be called before anything is saved)."""
    session = GameSession(record, threaded=threaded, label=str(save_path))
    sandbox = "sandbox" in save_path.stem
    return SeminarRun(session, save_path=save_path, sandbox=sandbox, resumed=True, key=key)


def open_seminar(path: Path, passphrase: str, threaded: bool = True) -> SeminarRun:
    """Resume the seminar saved at ``path`` with its ORIGINAL facilitator passphrase.

    Raises WrongPassword (``game.engine.saves``) for any other passphrase, LockedSave never (a
    passphrase is always given), FileError for a damaged or tampered file. A seminar file written
    before seminars were encrypted opens with any passphrase, which becomes its passphrase from now on.
    """
    loaded = load_game(path, password=passphrase)
    run = resumed_run(loaded.record, Path(path), threaded, loaded.key)
    if loaded.key is None:
        run.set_passphrase(passphrase)
    return run



