"""A seat played from a window over the network: :class:`RemoteSeat` runs a :class:`Client` on its own
asyncio loop in a background thread and offers the window what a local seat's port offers (the seat's
view, scenario name, turn limit, own score, its remembered confirmations, ``submit``), the view being
the last one the host sent and ``submit`` sealing the orders over the wire. No pygame here."""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from game.engine.orders import Orders
from game.engine.results import PairResult
from game.engine.views import PlayerView

from . import protocol as P
from .client import Client, HostRefused
from .host import check_orders_plain
from .remote_talk import RemoteNegotiationPort, clock_text

CONNECT_TIMEOUT_S = 30.0
PHASE_NAMES = {"negotiation": "Negotiation", "orders": "Orders", "resolution": "Resolution", "ended": "Ended"}


def phase_text(phase: P.Phase | None, received_at: float, now: float, held_for: str = "Waiting for the facilitator") -> str:
    """A seminar's phase as a window shows it, counting down locally from ``seconds_left`` as of
    ``received_at``: "Negotiation 4:32", "Orders", "Paused: Negotiation 4:32", "Waiting for the
    facilitator" (the resolution the facilitator holds for the room)."""
    if phase is None:
        return "Waiting for the host"
    if phase.phase == "resolution":
        return held_for
    text = PHASE_NAMES[phase.phase]
    if phase.seconds_left is not None and phase.phase != "ended":
        left = phase.seconds_left if phase.paused else phase.seconds_left - (now - received_at)
        text += f" {clock_text(left)}"
    return f"Paused: {text}" if phase.paused else text


class RemoteSeat:
    """Join ``url`` with ``code`` for ``seat`` (or reconnect with ``token``), in a daemon thread."""

    def __init__(self, url: str, code: str, seat: str | None = None, token: str | None = None,
                 passphrase: str | None = None, role: str = "player") -> None:
        self.client = Client(url, code, seat=seat, token=token, passphrase=passphrase, role=role)
        self._notices_taken = 0
        self._welcome_turn = -1
        self.error: str | None = None             # why it could not join, or why the connection ended
        self.version = 0                          # bumped after every message taken in (the window polls it)
        self._changed = threading.Condition()
        self.closed = False                       # the connection has ended (for good: see reconnect)
        self.last_orders: Orders | None = None    # this seat's orders of the last turn it sealed
        self._confirmed: set[str] = set()
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name="network-seat", daemon=True)

    # --- connection --------------------------------------------------------------------------
    def start(self, timeout: float = CONNECT_TIMEOUT_S) -> bool:
        """Join; True once welcomed and holding a view, False (with :attr:`error`) otherwise."""
        self._thread.start()
        self._ready.wait(timeout)
        if not self._ready.is_set() and self.error is None:
            self.error = "the host did not answer"
        return self.error is None

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        c = self.client
        try:
            await c.connect()
            while c.view is None:
                await c.next_message()
            self._welcome_turn = c.turn            # the turn the welcome's draft (if any) belongs to
            self._bump()
            self._ready.set()
            while c.end is None:
                await c.next_message()
                self._bump()
        except HostRefused as exc:
            self.error = f"the host refused: {exc}"
        except (OSError, ValueError) as exc:
            self.error = f"cannot reach the host: {exc}"
        except Exception as exc:                   # a closed connection, a desync: the window says so
            self.error = f"the connection ended: {type(exc).__name__}: {exc}"
        finally:
            try:
                await c.close()
            finally:
                self.closed = True
                self._ready.set()
                self._bump()

    def _bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait_change(self, seen: int, timeout: float) -> bool:
        """Block until :attr:`version` differs from ``seen`` (a message was taken in, or the connection
        ended), at most ``timeout`` seconds; True if it did. For a caller with nothing to do until the host
        speaks: a thread that polls in a busy loop instead can starve this seat's thread of the GIL."""
        with self._changed:
            return self._changed.wait_for(lambda: self.version != seen, timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> None:
        loop = self._loop
        if loop is not None and self.running and not self.closed:     # (closed: the connection is closed already)
            asyncio.run_coroutine_threadsafe(self.client.close(), loop)
        self._thread.join(timeout)

    # --- what the orders screen reads (the interface of game.session.local.SeatPort) ---------------
    @property
    def nation(self) -> int:
        assert self.client.nation is not None
        return self.client.nation

    @property
    def view(self) -> PlayerView:
        assert self.client.view is not None
        return self.client.view

    @property
    def turn(self) -> int:
        return self.client.turn

    @property
    def wants_orders(self) -> bool:
        return self.client.wants_orders()

    @property
    def ended(self) -> bool:
        return self.client.end is not None

    @property
    def scenario_name(self) -> str:
        return self.client.scenario

    @property
    def max_turns(self) -> int:
        return self.client.max_turns

    @property
    def score(self) -> float:
        return self.client.score

    @property
    def player(self) -> str:
        return ""

    def pairs_of(self, turn: int) -> tuple[PairResult, ...]:
        """This seat's own pairs in ``turn`` (outcome, its card's prediction, what it received), as the host
        sent them with the next turn's view; empty until that view is in."""
        c = self.client
        if c.view is None or c.turn != turn + 1:
            return ()
        return tuple(PairResult(**p.model_dump()) for p in c.pairs)

    @property
    def briefing(self) -> dict[str, Any]:
        return dict(self.client.briefing)

    def confirmed(self, key: str) -> bool:
        return key in self._confirmed

    def confirm(self, key: str) -> None:
        self._confirmed.add(key)

    @property
    def open_draft(self) -> Orders | None:
        """The unsent orders the host kept for this seat's open turn (its welcome's draft: a window closed
        and opened again finds them), while that turn is the one shown; None otherwise or if unreadable."""
        c = self.client
        if not c.draft or c.turn != self._welcome_turn or c.sealed or self.nation is None:
            return None
        try:
            return check_orders_plain(c.draft, self.nation)
        except ValueError:
            return None

    def keep_draft(self, orders: Orders) -> None:
        """Send the orders being drafted to the host, which keeps them for a reconnect (not sealed; never
        waits: the orders screen goes on whatever the network does)."""
        loop, c = self._loop, self.client
        if loop is None or self.closed or not self.running or not c.open or c.sealed:
            return
        asyncio.run_coroutine_threadsafe(c.send_draft(orders), loop)

    def submit(self, orders: Orders) -> None:
        """Seal ``orders`` for the open turn on the host (final, as End turn is at one screen). When the
        connection is gone they are not sealed (``client.sealed`` stays False and :attr:`error` says why);
        either way they are kept as :attr:`last_orders`, where the orders screen starts next time."""
        self.last_orders = orders
        self._run(self.client.seal(orders))

    # --- a seminar (the host runs phases) -------------------------------------------------------
    @property
    def seminar(self) -> bool:
        return self.client.seminar

    def phase_text(self, now: float | None = None) -> str | None:
        """The phase and its countdown as the window shows it (None: the host runs no phases)."""
        if not self.client.seminar:
            return None
        return phase_text(self.client.phase, self.client.phase_at, time.monotonic() if now is None else now)

    def rolled_back(self, turn: int) -> bool:
        """The host is back at an earlier turn than ``turn`` (the facilitator's rollback): an orders
        screen of ``turn`` is out of date."""
        return self.client.view is not None and self.client.turn < turn

    @property
    def may_plan(self) -> bool:
        """This seat has a turn to give orders for, now or once the orders open (a seminar's negotiation
        or held resolution): the orders screen may be open, End turn waits for the orders phase."""
        c, v = self.client, self.client.view
        return (c.role == "player" and v is not None and c.open and not c.sealed and not v.finished and c.end is None
                and v.my_nation is not None and v.my_nation.alive)

    @property
    def orders_closed(self) -> str | None:
        """Why End turn cannot seal now (a seminar outside its orders phase), or None."""
        if self.client.orders_phase():
            return None
        return f"the orders open in the orders phase (now: {self.phase_text()})"

    def desk(self) -> RemoteNegotiationPort:
        """This seat's desk for the seminar's negotiation screen (its messages, briefing, the phase's timer)."""
        return RemoteNegotiationPort(self)

    def take_notices(self) -> list[str]:
        """The host's notices (\"Time is up\", a command done) not taken yet."""
        notices = self.client.notices[self._notices_taken:]
        self._notices_taken += len(notices)
        return notices

    def _run(self, coro: Any) -> bool:
        loop = self._loop
        if loop is None or self.closed or not self.running:
            self.error = self.error or "not connected"
            coro.close()
            return False
        try:
            asyncio.run_coroutine_threadsafe(coro, loop).result(CONNECT_TIMEOUT_S)
            return True
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - the connection dropped under the send
            self.error = self.error or f"the connection ended: {type(exc).__name__}: {exc}"
            return False

    def say(self, text: str, to: list[int] | None = None) -> bool:
        """A negotiation message (None: public); False when it could not be sent."""
        return self._run(self.client.say(text, to))

    def command(self, action: str, **fields: Any) -> bool:
        """A facilitator's command (joined with ``role="facilitator"``); the host answers with a notice or
        an error (:attr:`Client.notices`, :attr:`Client.errors`). False when it could not be sent."""
        return self._run(self.client.command(action, **fields))

    @property
    def can_reconnect(self) -> bool:
        """The connection is gone while the game goes on, and this seat holds its token."""
        return self.closed and self.client.end is None and self.client.token is not None

    def reconnect(self) -> "RemoteSeat":
        """A new seat object for the same seat, joining again with its token (call :meth:`start` on it); it
        keeps the orders last given and the confirmations already made."""
        c = self.client
        again = RemoteSeat(c.url, c.code, token=c.token, passphrase=c.passphrase)
        again.last_orders = self.last_orders
        again._confirmed = set(self._confirmed)
        return again
