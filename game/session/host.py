"""The authoritative network host: one game record, AI seats played here, human seats' orders sealed
here until every seat has sealed, turns resolved with the pure engine, an autosave every turn.

Seats are claimed with the room code (and the passphrase, when one is set); the first join of a
seat returns a random 128-bit token, which is the only way back into it. Each connection receives
only its own seat's view, briefing, draft and messages, and the public seat table; a room-screen
connection receives the public view. The tokens, the sealed orders and the drafts of the turn in
progress live in a private side file next to the autosave (``<save>.seats``, 0600), so that a
host restarted with :meth:`Host.resume` keeps its seats and loses nothing sealed. See docs/network.md.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import secrets
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import websockets
from pydantic import ValidationError
from websockets.asyncio.server import ServerConnection, serve

from game.engine.facilitator import editable_paths
from game.engine.orders import Orders, orders_from_plain, orders_to_plain
from game.engine.packed_turns import carry_packed
from game.engine.record import GameRecord, Message
from game.engine.results import pair_results
from game.engine.scoring import scores
from game.engine.save_schema import OrdersModel
from game.engine.saves import LoadedSave, load_game, make_private_dirs, write_atomic
from game.engine.views import player_view
from game.sim.runner import Policy, default_policy

from . import protocol as P
from .autosave import TurnCache
from .host_commands import FacilitatorCommands, sandbox_path  # noqa: F401 - sandbox_path: the host's API, as before
from .net_seminar import NetPhases
from .wire import HistoryTexts, ViewText, canonical_views, map_to_plain

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I
CODE_LENGTH = 6
MAX_STRIKES = 8            # invalid messages before a connection is dropped
BUCKET = 60                # messages a connection may send at once ...
REFILL_PER_S = 20.0        # ... and per second after that
MAX_PER_TURN = 300         # and at most this many in one turn, however slowly (a flood the clock cannot see)
HELLO_TIMEOUT_S = 30.0
SEND_TIMEOUT_S = 20.0      # a frame not taken by a client within this is a dead or stalled client: cut
PING_TIMEOUT_S = 60.0      # a client silent this long after a ping is gone (generous: a busy laptop)
CLOSE_TIMEOUT_S = 2.0     # a peer that does not answer a close frame (a hostile one) is cut after this
SIDE_MAX_BYTES = 4 * 1024 * 1024
FAC_TRIES, FAC_LOCK_S = 5, 60.0   # wrong facilitator passphrases allowed per minute (a guessing student)


def room_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def side_path(save: str | Path) -> Path:
    """The private side file of an autosave: seat tokens, sealed orders and drafts of the open turn."""
    save = Path(save)
    return save.with_name(save.name + ".seats")


@dataclass
class Seat:
    nation: int
    human: bool
    token: str | None = None
    draft: dict[str, Any] | None = None
    sealed: Orders | None = None
    conn: ServerConnection | None = None


@dataclass(eq=False)
class _Conn:
    ws: ServerConnection
    seat: Seat | None = None
    room: bool = False               # the room screen, or the facilitator (both see the public view)
    facilitator: bool = False
    strikes: int = 0
    ready: bool = False          # welcomed: receives broadcasts
    round_sent: int = -1         # the last round of views it was sent (never twice the same)
    history_held: int = 0        # entries of the view's public history it was sent (the next view sends the rest)
    tokens: float = BUCKET
    at: float = field(default_factory=time.monotonic)
    turn: int = 0
    this_turn: int = 0

    def spend(self, turn: int) -> bool:
        if turn != self.turn:
            self.turn, self.this_turn = turn, 0
        self.this_turn += 1
        if self.this_turn > MAX_PER_TURN:
            return False
        now = time.monotonic()
        self.tokens = min(BUCKET, self.tokens + (now - self.at) * REFILL_PER_S)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _briefings(record: GameRecord) -> dict[int, dict[str, Any]]:
    try:
        spec = record.source.load().resolve(record.variant, record.sets)
    except Exception:  # noqa: BLE001 - a briefing is never worth failing a game over
        return {}
    return {i: {"role": st.role, "briefing": st.briefing, "objectives": list(st.objectives)}
            for i, st in enumerate(spec.states)}


def _message_plain(m: Message) -> dict[str, Any]:
    return {"turn": m.turn, "sender": m.sender, "to": None if m.to is None else list(m.to), "text": m.text}


def check_orders_plain(plain: Mapping[str, Any], nation: int) -> Orders:
    """Orders from a client: the save's own model checks the shape, then they must be this seat's."""
    try:
        OrdersModel.model_validate(plain, strict=False)
        orders = orders_from_plain(plain)
    except (ValidationError, ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"bad orders: {str(exc).splitlines()[0]}") from None
    if orders.nation != nation:
        raise ValueError("orders for another seat")
    return orders


def _write_side_file(path: Path, encode: Callable[[], bytes]) -> None:
    make_private_dirs(path.parent)
    write_atomic(path, encode())


class Host(FacilitatorCommands):
    """Serve one game. ``human``: the nations played by clients (the others are played here by the AI)."""

    def __init__(self, record: GameRecord, human: Sequence[int], turns: int, save: str | Path | None = None,
                 code: str | None = None, passphrase: str | None = None, policy: Policy | None = None,
                 tap: Callable[[str, str], None] | None = None,
                 on_turn: Callable[[GameRecord], None] | None = None, phases: NetPhases | None = None,
                 facilitator_passphrase: str | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.record = record
        # a seminar: timed phases (game.session.net_seminar) and a facilitator who joins with its passphrase
        self.phases = phases
        self.facilitator_passphrase = facilitator_passphrase
        self.clock = clock                   # the phases' clock (tests pass their own and never sleep)
        self._ticked = clock()
        self._state_changed = False          # a facilitator's inject or edit changed the state this turn
        self._fac_failures: list[float] = []  # clock times of wrong facilitator passphrases (guessing)
        self.on_turn = on_turn               # called after each resolved turn (the CLI prints a line)
        self.mode: str | None = None         # the saves' mode ("seminar", "network"; None: from the controllers)
        self.turns = turns
        self.save = Path(save) if save else None
        # a facilitator's fork: play goes on in a copy (a resumed sandbox autosave is one too)
        self.sandbox = self.save is not None and "sandbox" in self.save.stem
        self._restart = False                # a facilitator's rollback: the turn loop starts again
        self._waiting = False                # the turn loop waits for orders (rollback and fork only then)
        self._reopened = asyncio.Event()     # set each time the turn loop starts waiting for orders
        self._idle = asyncio.Event()         # set while it waits for orders (a rollback or fork waits for it)
        self.code = code or room_code()
        self.passphrase = passphrase
        self.policy = policy or default_policy()
        self.tap = tap                       # (connection label, frame) for every frame sent (tests, benchmarks)
        self.seats = {n.id: Seat(n.id, n.id in set(human)) for n in record.state.nations}
        self._live: set[_Conn] = set()
        self.briefings = _briefings(record)
        self.map_plain = map_to_plain(record.state.gmap)
        self._views: dict[int | None, tuple[ViewText, str, float, Any]] = {}   # viewer: view text, hash, own score, cards
        self._history_texts = HistoryTexts()  # the public history's entries encoded once, not every round
        self._pairs: dict[int, str] = {}     # seat: its own pairs of the turn just resolved, as JSON (game.engine.results)
        self._round = 0                      # bumped each time the views are rebuilt
        self._open = False
        self._changed = asyncio.Event()
        self._server: Any = None
        self.port = 0
        self.last_seal_at = 0.0              # monotonic time of the last seal of the turn (benchmarks)
        self._seal_perf = 0.0                # the same, perf_counter
        self.timings: list[dict[str, float]] = []   # per resolved turn: seconds from the last seal to the resolution, to resolve, build views, wait for the side file, views sent, autosave
        # The seals of every resolved turn whose autosave is not on disk yet stay in the side file (as
        # ``prev``, oldest first), so that a crash before the save is written replays those turns, never
        # loses them. The autosave is written by one saver at a time, always of the newest record: a game
        # that resolves turns faster than a save is written skips saves, never waits for them.
        self._unsaved: list[tuple[int, dict[int, Orders]]] = []
        self._saving: asyncio.Future[None] | None = None
        self._saved_turns = TurnCache()       # each resolved turn encoded once for every autosave (game.session.autosave)
        # The side file: snapshots requested (numbered) and written; one writer thread at a time (_side_flushed).
        self._side_seq = self._side_written = 0
        self._side_latest: tuple[Path, Callable[[], bytes]] | None = None
        self._side_busy = False
        self._side_lock = asyncio.Lock()
        self._side_task: asyncio.Future[None] | None = None

    # --- persistence -----------------------------------------------------------------------------
    @classmethod
    def resume(cls, save: str | Path, turns: int, passphrase: str | None = None, policy: Policy | None = None,
               tap: Callable[[str, str], None] | None = None,
               on_turn: Callable[[GameRecord], None] | None = None, loaded: LoadedSave | None = None,
               **seminar: Any) -> "Host":
        """The host of an autosave, with the seats, tokens, sealed orders and drafts of its side file
        (``loaded``: the save already read by the caller, not read again)."""
        record = (loaded if loaded is not None else load_game(save)).record
        path = side_path(save)
        try:
            side = json.loads(path.read_bytes()[:SIDE_MAX_BYTES])
            human = [int(k) for k in side["human"]]
            host = cls(record, human, turns, save=save, code=str(side["code"]), passphrase=passphrase, policy=policy,
                       tap=tap, on_turn=on_turn, **seminar)
            prev = side.get("prev") or []
            for entry in ([prev] if isinstance(prev, dict) else prev):     # a dict: a side file of 0.3
                if entry["turn"] == host.record.state.turn:
                    host._replay_prev({int(k): check_orders_plain(v, int(k)) for k, v in entry["sealed"].items()})
            cls._resume_seals(host, side)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
            raise ValueError(f"{path}: not this save's seat file ({exc})") from None
        return host

    @staticmethod
    def _resume_seals(host: "Host", side: dict[str, Any]) -> "Host":
        """The side file's tokens, and its drafts and seals when they are of the record's open turn."""
        same_turn = side.get("turn") == host.record.state.turn
        for k, entry in side["seats"].items():
            seat = host.seats[int(k)]
            token = entry.get("token")
            seat.token = token if isinstance(token, str) and len(token) == P.TOKEN_HEX else None
            if same_turn:
                seat.draft = entry.get("draft") if isinstance(entry.get("draft"), dict) else None
                seat.sealed = None if entry.get("sealed") is None else check_orders_plain(entry["sealed"], seat.nation)
        return host

    def _replay_prev(self, sealed: Mapping[int, Orders]) -> None:
        """Resolve the turn whose seals the side file kept because its autosave was not on disk yet."""
        state, events = self.record.state, list(self.record.last_events)
        orders = {i: sealed[i] if self.seats[i].human else self.policy(player_view(state, i, events))
                  for i in state.alive_ids()}
        self.record = self.record.play_turn(orders)[0]

    def _side_snapshot(self) -> tuple[Path, Callable[[], bytes]] | None:
        """The side file as the game stands now, taken on the event loop; what it holds is immutable
        (orders, drafts replaced whole, tokens), so it is encoded and written in any thread."""
        if self.save is None:
            return None
        code, turn, unsaved = self.code, self.record.state.turn, list(self._unsaved)
        seats = [(s.nation, s.token, s.draft, s.sealed) for s in self.seats.values() if s.human]

        def encode() -> bytes:
            data: dict[str, Any] = {"code": code, "turn": turn, "human": [n for n, _, _, _ in seats],
                                    "seats": {str(n): {"token": t, "draft": d, "sealed": None if o is None else orders_to_plain(o)}
                                              for n, t, d, o in seats}}
            if unsaved:
                data["prev"] = [{"turn": t, "sealed": {str(k): orders_to_plain(o) for k, o in sealed.items()}}
                                for t, sealed in unsaved]
            return json.dumps(data).encode("utf-8")
        return side_path(self.save), encode

    def _request_side(self) -> bool:
        """Take the side file's snapshot now as the newest to write; False when there is no side file."""
        snap = self._side_snapshot()
        if snap is None:
            return False
        self._side_seq += 1
        self._side_latest = snap
        return True

    def _write_side(self) -> None:
        """Write the side file now, on the spot (a join; the start, a rollback, a fork)."""
        if not self._request_side():
            return
        _write_side_file(*self._side_latest)
        if not self._side_busy:
            self._side_written = self._side_seq
        # else: the write under way in a thread holds an older snapshot; its writer writes this one again after it

    async def _side_flushed(self) -> None:
        """Until every snapshot requested so far is on disk, written in a thread: one write at a time,
        always of the newest snapshot (a seal, a resolved turn, a save done), so that a slow disk (an
        fsync of tens of ms on a busy machine) holds up neither the event loop nor the resolution."""
        async with self._side_lock:
            while self._side_written < self._side_seq:
                seq, (path, encode) = self._side_seq, self._side_latest
                self._side_busy = True
                try:
                    await asyncio.to_thread(_write_side_file, path, encode)
                finally:
                    self._side_busy = False
                self._side_written = max(self._side_written, seq)

    def _autosave(self) -> None:
        """Write the newest record now (the game's start, a rollback, a fork): no resolved turn is left
        unsaved, and a turn a rollback undid must never be replayed from the side file."""
        if self.save is not None:
            self.record = self._write_autosave(self.record)
            self._unsaved = []
            self._write_side()

    def _write_autosave(self, record: GameRecord) -> GameRecord:
        """Write ``record``'s autosave (in any thread); it returns the record with its old turns held
        packed (game.engine.packed_turns), which the host keeps instead: its memory stays flat."""
        self._saved_turns.save(record, self.save, self.mode)
        return self._saved_turns.packed(record)

    # --- serving -------------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await serve(self._handle, host, port, max_size=P.MAX_CLIENT_FRAME, ping_timeout=PING_TIMEOUT_S,
                                              max_queue=16, compression=None, close_timeout=CLOSE_TIMEOUT_S)
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def run(self) -> GameRecord:
        """Play until ``turns`` turns are resolved (counted from turn 1) or the game ends."""
        self._autosave()
        while not self.record.state.finished and self.record.turns_played < self.turns:
            state, events = self.record.state, self._events()
            alive = state.alive_ids()
            humans = [i for i in alive if self.seats[i].human]
            t0 = time.perf_counter()
            # The heavy work runs in a thread so that the loop keeps answering clients (and pings).
            self._views = await asyncio.to_thread(self._encode_all, state, humans + [None], events)
            if self.timings:
                self.timings[-1]["views"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            await self._side_written_first()
            if self.timings:
                self.timings[-1]["side"] = time.perf_counter() - t1
            self._round += 1
            self._open = True
            self._state_changed = False
            await self._to_all(self._send_view)
            if self.timings:                      # the host's part of the latency: last seal to every view sent
                self.timings[-1]["sent"] = time.monotonic() - self.last_seal_at
            self._start_saver()                   # the resolved turn's autosave, now that the views are out
            await self._broadcast_status()
            await self._open_phases()
            ai = await asyncio.to_thread(self._ai_orders, state, events, alive)
            await self._wait_for_orders(humans)
            if self._restart:                     # a facilitator's rollback: the rewound turn starts over
                self._restart = False
                continue
            if self.phases is not None and self.phases.phase == "ended":
                break
            if self._state_changed:               # a facilitator's inject or edit: the AI sees the new state
                state, events = self.record.state, self._events()
                ai = await asyncio.to_thread(self._ai_orders, state, events, alive)
            self._fill_missing_seals(humans)
            self._open = False
            t0 = time.perf_counter()
            orders = {i: ai[i] if i in ai else self.seats[i].sealed for i in alive}
            before = self.record
            resolved, _ = await asyncio.to_thread(before.play_turn, orders)
            # each seat's own pairs, against the cards of the view it gave its orders from (as hotseat shows them)
            self._pairs = {i: json.dumps([asdict(p) for p in pair_results(state, resolved.state, resolved.last_events, i,
                                                                           self._views[i][3])])
                           for i in humans if i in self._views}
            # messages posted while it resolved are kept, and the old turns an autosave packed meanwhile stay
            # packed (posting and packing are the only other changes to the record)
            self.record = carry_packed(replace(resolved, messages=self.record.messages), before, self.record)
            self.timings.append({"resolve": time.perf_counter() - t0, "woke": t0 - self._seal_perf})
            self._unsaved.append((state.turn, {i: self.seats[i].sealed for i in humans}))
            for s in self.seats.values():
                s.sealed, s.draft = None, None
            if self.save is not None:
                # this turn's seals are safe before anything else happens: written while the views are built,
                # and the views wait for it
                self._request_side()
                self._side_task = asyncio.ensure_future(self._side_flushed())
            else:
                self._unsaved.clear()
            if self.on_turn is not None:
                self.on_turn(self.record)
            # The next views go out first (top of the loop); the autosave is written after them, in a thread.
        self._open = False
        self._views = await asyncio.to_thread(
            self._encode_all, self.record.state, [s.nation for s in self.seats.values() if s.human] + [None], self._events())
        await self._side_written_first()
        self._round += 1
        await self._to_all(self._send_view)
        self._start_saver()
        ended_here = self.phases is not None and self.phases.phase == "ended"
        if self.phases is not None:
            self.phases.end()
            await self._broadcast_phase()
        reason = ("ended by the facilitator" if ended_here and not self.record.state.finished
                  else self.record.state.end_reason if self.record.state.finished else "turn limit")
        end = P.End(turn=self.record.state.turn, reason=str(reason or ""))
        await self._to_all(lambda c: self._send(c, end))
        await self._finish_save()
        return self.record

    async def _side_written_first(self) -> None:
        """The last resolved turn's seals are on disk (side file) before its next views go out."""
        if self._side_task is not None:
            task, self._side_task = self._side_task, None
            await task

    def _events(self) -> list:
        """The events the views show: the last turn's and the facilitator's since (as a local session)."""
        return list(self.record.last_events) + list(self.record.pending_events)

    def _ai_orders(self, state, events, alive) -> dict[int, Orders]:
        return {i: self.policy(player_view(state, i, events)) for i in alive if not self.seats[i].human}

    # --- seminar phases (game.session.net_seminar) --------------------------------------------------
    def facilitated(self) -> bool:
        return any(c.facilitator for c in self._conns())

    async def _open_phases(self) -> None:
        """A new turn's phases: held in "resolution" while a facilitator is connected and the room
        reads the last turn (the facilitator opens the turn); otherwise opened at once."""
        if self.phases is None:
            return
        self._tick()
        if not (self.facilitated() and self.record.turns_played > 0):
            self.phases.open_turn()
        else:
            self.phases.resolving()
        await self._broadcast_phase()

    def _tick(self) -> bool:
        """Advance the phases by the clock's seconds since the last tick; True when the phase changed."""
        now = self.clock()
        dt, self._ticked = now - self._ticked, now
        return self.phases is not None and self.phases.tick(dt)

    def poke(self) -> None:
        """Look at the clock now (tests that drive a fake clock; the host's own waits do it too).
        Call it from the host's event loop."""
        self._changed.set()

    def _orders_complete(self, humans: Sequence[int], opened: bool) -> bool:
        if self.phases is None:
            return all(self.seats[i].sealed is not None for i in humans)
        if self.phases.phase == "ended":
            return True
        if not opened:                       # the room still reads the last turn's resolution
            return False
        if self.phases.phase == "resolution":  # the facilitator closed the orders
            return True
        return self.phases.phase == "orders" and all(self.seats[i].sealed is not None for i in humans)

    async def _wait_for_orders(self, humans: Sequence[int]) -> None:
        """Until every human seat has sealed (a seminar: in its orders phase, or until the facilitator
        closes the orders); the phases' timers run meanwhile. The clock is read at the top of every
        round, after clearing the wake-up flag, so that no change (a seal, a command, a poke) is lost."""
        self._waiting = True
        self._reopened.set()
        self._idle.set()
        try:
            await self._wait_loop(humans)
        finally:
            self._waiting = False
            self._idle.clear()

    async def _wait_loop(self, humans: Sequence[int]) -> None:
        timed_out: set[int] = set()
        opened = self.phases is None or self.phases.phase != "resolution"
        while True:
            self._changed.clear()
            if self._restart:
                return
            if self._tick():
                await self._broadcast_phase()
            if not opened and self.phases.phase != "resolution":
                opened = True                         # the facilitator opened the turn
            elif not opened and not self.facilitated():
                self.phases.open_turn()               # no facilitator left to open it
                opened = True
                await self._broadcast_phase()
            await self._time_up_notices(timed_out)
            if self._orders_complete(humans, opened):
                break
            deadline = self.phases.next_deadline() if self.phases is not None else None
            try:
                # asyncio.timeout, not wait_for: a cancelled host (a test's end, Ctrl+C) must stop here
                async with asyncio.timeout(None if deadline is None else max(deadline, 0.01)):
                    await self._changed.wait()
            except TimeoutError:
                pass
        if self.phases is not None and self.phases.phase == "orders":
            self.phases.resolving()
            await self._broadcast_phase()

    async def _time_up_notices(self, told: set[int]) -> None:
        """Once the orders' time has run out, each delegation that has not sealed is told, once."""
        ph = self.phases
        if ph is None or ph.phase != "orders" or ph.orders.limit <= 0 or not ph.orders.expired:
            return
        late = {s.nation for s in self.seats.values() if s.human and s.sealed is None} - told
        told.update(late)
        await asyncio.gather(*(self._send(c, P.Notice(text="Time is up: seal your orders now."))
                               for c in self._conns() if c.seat is not None and c.seat.nation in late))

    def _fill_missing_seals(self, humans: Sequence[int]) -> None:
        """When the facilitator closed the orders early: a delegation that has not sealed plays its
        draft if it is valid orders, else the default orders (everyone cooperates, nothing built)."""
        for i in humans:
            seat = self.seats[i]
            if seat.sealed is not None:
                continue
            try:
                seat.sealed = check_orders_plain(seat.draft, i) if seat.draft is not None else Orders(i)
            except ValueError:
                seat.sealed = Orders(i)

    async def _broadcast_phase(self) -> None:
        if self.phases is None:
            return
        msg = self._phase_msg()
        await self._to_all(lambda c: self._send(c, msg))

    async def _relay(self, m: Message) -> None:
        """A message just archived, to the connections that may read it (the room and the facilitator: public ones)."""
        chat = P.Chat(message=_message_plain(m))
        readers = [o for o in self._conns() if (m.to is None if o.room else m.visible(o.seat.nation))]
        await asyncio.gather(*(self._send(o, chat) for o in readers))

    def _phase_msg(self) -> P.Phase:
        info = self.phases.info(self.record.state.turn)
        return P.Phase(turn=info.turn, phase=info.phase, seconds_left=info.seconds_left, paused=info.paused,
                       sandbox=self.sandbox)

    def _start_saver(self) -> None:
        """Write the newest record in a thread, unless a resolved turn's save is being written or there is none to write."""
        if self.save is not None and self._unsaved and (self._saving is None or self._saving.done()):
            self._saving = asyncio.ensure_future(self._saver())

    async def _saver(self) -> None:
        """Write the autosave of the newest record, again while the game has moved on meanwhile; after
        each, the side file forgets the seals of the turns that save holds."""
        while self.save is not None:
            record, timing = self.record, (self.timings[-1] if self.timings else {})
            t0 = time.perf_counter()
            packed = await asyncio.to_thread(self._write_autosave, record)
            timing["autosave"] = time.perf_counter() - t0
            self.record = carry_packed(self.record, record, packed)   # the game may have moved on meanwhile
            self._unsaved = [u for u in self._unsaved if u[0] >= record.state.turn]
            self._request_side()
            await self._side_flushed()
            if self.record.state.turn == record.state.turn:
                return

    async def _finish_save(self) -> None:
        """Until the newest record is on disk."""
        while self._saving is not None and not self._saving.done():
            await self._saving
        if self._saving is not None:
            self._saving.result()                 # a failed save is raised, not lost
            self._saving = None

    def _encode_all(self, state, viewers: Sequence[int | None], events) -> dict[int | None, tuple[ViewText, str, float, Any]]:
        """Each viewer's view as canonical JSON text (sent as is, inside the frame, with only the history
        its connection lacks), the hash of its whole text, the viewer's running score (0 for the public
        view) and its stance cards (the view's stage games: what the turn's pairs are measured against);
        what the views share is encoded once (``wire.canonical_views``), the scores computed once for all."""
        views = [player_view(state, me, events) for me in viewers]
        texts = canonical_views(views, self._history_texts)
        score = {s.nation: float(s.total) for s in scores(state)}
        return {me: (t, t.digest(), 0.0 if me is None else score[me], v.games)
                for me, t, v in zip(viewers, texts, views)}

    def _conns(self) -> list[_Conn]:
        return [c for c in list(self._live) if c.ready]

    # --- messages out ----------------------------------------------------------------------------
    async def _send(self, c: _Conn, msg: P._Msg) -> None:
        await self._send_text(c, P.dump(msg))

    async def _send_text(self, c: _Conn, text: str) -> None:
        if self.tap is not None:
            self.tap(self._label(c), text)
        try:
            await asyncio.wait_for(c.ws.send(text), SEND_TIMEOUT_S)
        except websockets.ConnectionClosed:
            pass
        except asyncio.TimeoutError:          # a client that stopped reading must not stall the game
            c.ws.transport.abort()

    async def _to_all(self, make: Callable[[_Conn], Any]) -> None:
        """Send to every welcomed connection at once (one slow client delays no one else)."""
        await asyncio.gather(*(make(c) for c in self._conns()))

    def _label(self, c: _Conn) -> str:
        if c.room:
            return "facilitator" if c.facilitator else "room"
        return self.record.state.nations[c.seat.nation].key if c.seat is not None else "?"

    async def _send_view(self, c: _Conn) -> None:
        me = None if c.room else c.seat.nation
        if me not in self._views or c.round_sent == self._round:
            return
        c.round_sent = self._round
        text, digest, score, _ = self._views[me]
        # The connection holds the history sent before (a new or reconnected connection: none); a rollback
        # rewrites the history, and every connection is then sent it whole again.
        held = c.history_held if c.history_held <= len(text.history) else 0
        c.history_held = len(text.history)
        msgs = [_message_plain(m) for m in self.record.messages if (m.to is None if me is None else m.visible(me))]
        sealed = c.seat is not None and c.seat.sealed is not None
        # A P.View, written out by hand so that the view's text is not parsed and dumped again.
        frame = (f'{{"v":{P.VERSION},"kind":"view","turn":{self.record.state.turn},"open":{json.dumps(self._open)},'
                 f'"sealed":{json.dumps(sealed)},"view":{text.since(held)},"view_hash":"{digest}","history_from":{held},"messages":{json.dumps(msgs)},"score":{json.dumps(score)},"pairs":{self._pairs.get(me, "[]") if me is not None else "[]"}}}')
        await self._send_text(c, frame)

    def seat_table(self) -> list[P.SeatRow]:
        st = self.record.state
        return [P.SeatRow(nation=s.nation, key=st.nations[s.nation].key, name=st.nations[s.nation].name,
                          human=s.human, joined=s.token is not None, connected=s.conn is not None,
                          sealed=s.sealed is not None) for s in self.seats.values()]

    async def _broadcast_status(self) -> None:
        msg = P.Status(turn=self.record.state.turn, seats=self.seat_table())
        await self._to_all(lambda c: self._send(c, msg))

    # --- messages in -----------------------------------------------------------------------------
    async def _handle(self, ws: ServerConnection) -> None:
        c = _Conn(ws)
        self._live.add(c)
        try:
            try:
                first = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT_S)
                hello = P.parse_client(first)
                if not isinstance(hello, P.Hello):
                    raise P.ProtocolError("say hello first")
                self._admit(c, hello)
            except (P.ProtocolError, ValueError) as exc:
                await self._send(c, P.Error(message=str(exc), fatal=True))
                return
            except (asyncio.TimeoutError, websockets.ConnectionClosed):
                return
            seat = c.seat
            await self._send(c, P.Welcome(role="facilitator" if c.facilitator else "room" if c.room else "player", nation=None if c.room else seat.nation,
                                          token=None if c.room else seat.token,
                                          briefing={} if c.room else self.briefings.get(seat.nation, {}),
                                          draft=None if c.room else seat.draft, map=self.map_plain,
                                          scenario=self.record.state.scenario,
                                          max_turns=self.record.state.victory.max_turns,
                                          seminar=self.phases is not None,
                                          injects=[P.InjectRow(id=i.id, name=i.name) for i in self.record.state.injects]
                                          if c.facilitator else [],
                                          edit_paths=editable_paths(self.record.state) if c.facilitator else []))
            c.ready = True
            await self._send_view(c)
            if self.phases is not None:
                await self._send(c, self._phase_msg())
            await self._broadcast_status()
            async for frame in ws:
                if not c.spend(self.record.state.turn):
                    await self._send(c, P.Error(message="too many messages", fatal=True))
                    return
                msg = None
                try:
                    msg = P.parse_client(frame)
                    await self._on_message(c, msg)
                except (P.ProtocolError, ValueError) as exc:
                    # Every refusal is answered, naming the kind of message refused, so that a client whose seal
                    # was refused knows that its turn is still open (nothing a client sends is dropped without a
                    # word). A second seal is not named: the seat's first seal stands.
                    c.strikes += 1
                    kept = msg is None or (isinstance(msg, P.Seal) and c.seat is not None and c.seat.sealed is not None)
                    await self._send(c, P.Error(message=str(exc), fatal=c.strikes >= MAX_STRIKES,
                                                refused=None if kept else msg.kind))
                    if c.strikes >= MAX_STRIKES:
                        return
        except websockets.ConnectionClosed:
            pass
        finally:
            self._live.discard(c)
            if c.seat is not None and c.seat.conn is ws:
                c.seat.conn = None
                await self._broadcast_status()
            await ws.close()

    def _admit(self, c: _Conn, hello: P.Hello) -> None:
        if not hmac.compare_digest(hello.code.upper().encode(), self.code.encode()):
            raise ValueError("wrong room code")
        if hello.role == "facilitator":              # the facilitator's own passphrase, not the players'
            secret = self.facilitator_passphrase
            if secret is None:
                raise ValueError("this game has no facilitator")
            now = self.clock()
            self._fac_failures = [t for t in self._fac_failures if now - t < FAC_LOCK_S]
            if len(self._fac_failures) >= FAC_TRIES:
                raise ValueError("too many wrong passphrases: wait a minute")
            if not hmac.compare_digest((hello.passphrase or "").encode(), secret.encode()):
                self._fac_failures.append(now)
                raise ValueError("wrong passphrase")
            c.room = c.facilitator = True
            return
        if self.passphrase is not None and not hmac.compare_digest((hello.passphrase or "").encode(), self.passphrase.encode()):
            raise ValueError("wrong passphrase")
        if hello.role == "room":
            c.room = True
            return
        if hello.token is not None:
            found = [s for s in self.seats.values()
                     if s.token is not None and hmac.compare_digest(s.token.encode(), hello.token.encode())]
            if not found:
                raise ValueError("unknown token")
            seat = found[0]
            if hello.seat is not None and self._seat_by_name(hello.seat) is not seat:
                raise ValueError("that token is not this seat's")
        else:
            if hello.seat is None:
                raise ValueError("name a seat (or give your token)")
            seat = self._seat_by_name(hello.seat)
            if seat is None or not seat.human:
                raise ValueError(f"no open seat {hello.seat!r}")
            if seat.token is not None:
                raise ValueError("that seat is taken: reconnect with its token")
            seat.token = secrets.token_hex(16)
            self._write_side()
        if seat.conn is not None:
            raise ValueError("that seat is connected from elsewhere")
        seat.conn = c.ws
        c.seat = seat

    def _seat_by_name(self, name: str) -> Seat | None:
        for n in self.record.state.nations:
            if name in (n.key, n.name):
                return self.seats[n.id]
        return None

    async def _on_message(self, c: _Conn, msg: Any) -> None:
        if c.facilitator and isinstance(msg, P.Command):
            await self._on_command(c, msg)
            return
        if isinstance(msg, P.Command):
            raise ValueError("only the facilitator gives commands")
        if c.room or c.seat is None:
            raise ValueError("the room screen only watches")
        seat = c.seat
        if isinstance(msg, P.Hello):
            raise ValueError("already joined")
        if isinstance(msg, P.Say):
            self.record = self.record.post(seat.nation, msg.text, msg.to)
            await self._relay(self.record.messages[-1])
            return
        if not self._open:
            raise ValueError("no turn is open")
        if seat.sealed is not None:
            raise ValueError("your orders are sealed for this turn")
        if isinstance(msg, P.Seal) and self.phases is not None and not self.phases.seals_open:
            raise ValueError(f"orders are sealed in the orders phase (now: {self.phases.phase})")
        orders = check_orders_plain(msg.orders, seat.nation)
        if isinstance(msg, P.Draft):
            if msg.turn is None or msg.turn == self.record.state.turn:   # (one drafted for a turn now resolved: dropped)
                seat.draft = dict(msg.orders)  # in memory: written to the side file with the next seal
            return
        if msg.turn != self.record.state.turn:
            raise ValueError(f"turn {self.record.state.turn} is open, not {msg.turn}")
        if not self.record.state.nations[seat.nation].alive:
            raise ValueError("your state is gone")
        seat.sealed = orders
        seat.draft = None
        self.last_seal_at, self._seal_perf = time.monotonic(), time.perf_counter()
        self._request_side()
        self._changed.set()                   # the turn may resolve while the seal is written ...
        await self._side_flushed()
        await self._broadcast_status()        # ... but the seat table shows it sealed once it is on disk

