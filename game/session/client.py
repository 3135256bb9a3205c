"""A network client of :mod:`game.session.host`: joins a seat (or the room screen), keeps what its
seat may see, and, as a bot, plays its seat with the built-in AI from the view it receives.

Every frame from the host is validated (:func:`game.session.protocol.parse_host`) and every view is
rebuilt and re-hashed: a view whose hash differs from the host's is a desync and stops the client.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import websockets
from websockets.asyncio.client import connect

from game.engine.gamemap import GameMap
from game.engine.orders import Orders, orders_to_plain
from game.engine.views import PlayerView
from game.sim.runner import Policy, default_policy

from . import protocol as P
from .wire import map_from_plain, plain_hash, view_from_plain, view_to_plain


class Desync(RuntimeError):
    """The view rebuilt here does not hash as the host's."""


class HostRefused(RuntimeError):
    """The host sent a fatal error (wrong code, seat taken, ...)."""


class SealRefused(RuntimeError):
    """The host refused a bot's sealed orders (a bot would only send the same orders again)."""


@dataclass
class Client:
    url: str
    code: str
    seat: str | None = None
    token: str | None = None
    role: str = "player"
    passphrase: str | None = None
    nation: int | None = None
    briefing: dict[str, Any] = field(default_factory=dict)
    draft: dict[str, Any] | None = None
    gmap: GameMap | None = None
    view: PlayerView | None = None
    turn: int = 0
    sealed: bool = False
    open: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)
    seats: list[P.SeatRow] = field(default_factory=list)
    end: P.End | None = None
    phase: P.Phase | None = None     # a seminar's phase and timer, as last announced
    phase_at: float = 0.0            # time.monotonic() when that announcement arrived (a window counts down from it)
    injects: list[P.InjectRow] = field(default_factory=list)   # the scenario's injects (the facilitator's welcome)
    edit_paths: list[str] = field(default_factory=list)      # the values an edit may set (the facilitator's welcome)
    seminar: bool = False            # the host runs phases: seal only in an announced orders phase
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seal_refused: str | None = None  # why the host refused this turn's seal (the turn is open again for it)
    bytes_in: int = 0
    frame_at: float = 0.0            # time.monotonic() when the last frame arrived (before decoding)
    views_seen: int = 0
    scenario: str = ""
    max_turns: int = 0
    score: float = 0.0               # this seat's own running score, as of the last view
    pairs: list[P.PairRow] = field(default_factory=list)   # this seat's own pairs of the turn the last view follows
    on_view: Callable[["Client"], None] | None = None
    ws: Any = None
    history: list[Any] = field(default_factory=list)   # the view's public history as received (a view sends what is new)

    async def connect(self) -> P.Welcome:
        self.ws = await connect(self.url, max_size=P.MAX_HOST_FRAME, compression=None, ping_timeout=60)
        await self._send(P.Hello(code=self.code, role=self.role, seat=self.seat, token=self.token,
                                 passphrase=self.passphrase))
        msg = await self._recv()
        if isinstance(msg, P.Error):
            await self.ws.close()
            raise HostRefused(msg.message)
        if not isinstance(msg, P.Welcome):
            raise P.ProtocolError(f"expected welcome, got {msg.kind}")
        self.nation, self.token, self.briefing, self.draft = msg.nation, msg.token or self.token, msg.briefing, msg.draft
        self.gmap = map_from_plain(msg.map)
        self.scenario, self.max_turns = msg.scenario, msg.max_turns
        self.seminar = msg.seminar
        self.injects, self.edit_paths = list(msg.injects), list(msg.edit_paths)
        return msg

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _send(self, msg: P._Msg) -> None:
        await self.ws.send(P.dump(msg))

    async def _recv(self) -> Any:
        frame = await self.ws.recv()
        self.frame_at = time.monotonic()
        self.bytes_in += len(frame)
        try:
            return P.parse_host(frame)
        except P.VersionMismatch as exc:
            raise HostRefused(f"the host runs another version of the game: {exc}") from None

    def _rebuild(self, msg: P.View) -> tuple[PlayerView, list[Any]]:
        """The whole view: the history this client holds up to ``history_from``, then the entries sent."""
        sent = msg.view.get("history")
        if not isinstance(sent, list) or not 0 <= msg.history_from <= len(self.history):
            raise Desync(f"turn {msg.turn}: the host sent the history from entry {msg.history_from}; "
                         f"this client holds {len(self.history)} entries")
        history = self.history[:msg.history_from] + sent
        view = view_from_plain({**msg.view, "history": history}, self.gmap)
        if plain_hash(view_to_plain(view)) != msg.view_hash:
            raise Desync(f"turn {msg.turn}: the view differs from the host's")
        return view, history

    def _take(self, msg: Any) -> None:
        if isinstance(msg, P.View):
            view, self.history = self._rebuild(msg)
            self.view, self.turn, self.sealed, self.open, self.score = view, msg.turn, msg.sealed, msg.open, msg.score
            self.pairs = list(msg.pairs)
            self.seal_refused = None
            self.messages = list(msg.messages)
            self.views_seen += 1
            if self.on_view is not None:
                self.on_view(self)
        elif isinstance(msg, P.Status):
            self.seats = list(msg.seats)
        elif isinstance(msg, P.Chat):
            self.messages.append(msg.message)
        elif isinstance(msg, P.End):
            self.end = msg
        elif isinstance(msg, P.Phase):
            self.phase, self.phase_at = msg, self.frame_at
        elif isinstance(msg, P.Notice):
            self.notices.append(msg.text)
        elif isinstance(msg, P.Error):
            if msg.fatal:
                raise HostRefused(msg.message)
            self.errors.append(msg.message)
            if msg.refused == "seal":            # not sealed after all: this seat's turn is open again
                self.sealed, self.seal_refused = False, msg.message

    async def next_message(self) -> Any:
        """Receive, validate and take in one message from the host."""
        msg = await self._recv()
        self._take(msg)
        return msg

    async def send_draft(self, orders: Orders) -> None:
        await self._send(P.Draft(orders=orders_to_plain(orders), turn=self.turn))

    async def seal(self, orders: Orders) -> None:
        """Seal this turn's orders. ``sealed`` is set before the send: while the send is under way the
        next turn's view may already arrive (the last seal resolves the turn), and setting it after the
        send would mark that new turn sealed too and leave the seat waiting for ever."""
        turn = self.turn
        self.sealed, self.seal_refused = True, None
        try:
            await self._send(P.Seal(turn=turn, orders=orders_to_plain(orders)))
        except BaseException:
            if self.turn == turn:
                self.sealed = False
            raise

    async def say(self, text: str, to: list[int] | None = None) -> None:
        await self._send(P.Say(text=text, to=to))

    async def command(self, action: str, *, seconds: float | None = None, text: str | None = None,
                      to: list[int] | None = None, path: str | None = None, turn: int | None = None) -> None:
        """A facilitator's command (joined with ``role="facilitator"``)."""
        await self._send(P.Command(action=action, seconds=seconds, text=text, to=to, path=path, turn=turn))

    def orders_phase(self) -> bool:
        """Whether seals are taken now: always on a host without phases; on a seminar host, once it
        has announced this turn's orders phase (its view comes before the announcement)."""
        if not self.seminar:
            return True
        return self.phase is not None and self.phase.turn == self.turn and self.phase.phase == "orders"

    def wants_orders(self) -> bool:
        v = self.view
        return (self.role == "player" and v is not None and self.open and not self.sealed and not v.finished and self.end is None
                and v.my_nation is not None and v.my_nation.alive and self.orders_phase())

    async def play(self, policy: Policy | None = None, stop_after: int | None = None) -> P.End | None:
        """As a bot: seal the AI's orders for each turn's view until the game ends (or ``stop_after`` views)."""
        policy = policy or default_policy()
        try:
            while self.end is None:
                if stop_after is not None and self.views_seen >= stop_after:
                    return None
                if self.seal_refused is not None:
                    raise SealRefused(f"turn {self.turn}: {self.seal_refused}")
                if self.wants_orders():
                    orders = await asyncio.to_thread(policy, self.view)
                    await self.seal(orders)
                    continue
                await self.next_message()
        except websockets.ConnectionClosed:
            if self.end is None:
                raise
        return self.end


async def run_bot(url: str, code: str, seat: str | None = None, token: str | None = None,
                  passphrase: str | None = None) -> Client:
    client = Client(url, code, seat=seat, token=token, passphrase=passphrase)
    await client.connect()
    try:
        await client.play()
    finally:
        await client.close()
    return client
