"""A seat played from a window over the network: :class:`RemoteSeat` runs a :class:`Client` on its own
asyncio loop in a background thread and offers the window what a local seat's port offers (the seat's
view, scenario name, turn limit, own score, its remembered confirmations, ``submit``), the view being
the last one the host sent and ``submit`` sealing the orders over the wire. No pygame here."""
from __future__ import annotations

import asyncio
import threading
from typing import Any

from game.engine.orders import Orders
from game.engine.views import PlayerView

from .client import Client, HostRefused

CONNECT_TIMEOUT_S = 30.0


class RemoteSeat:
    """Join ``url`` with ``code`` for ``seat`` (or reconnect with ``token``), in a daemon thread."""

    def __init__(self, url: str, code: str, seat: str | None = None, token: str | None = None,
                 passphrase: str | None = None) -> None:
        self.client = Client(url, code, seat=seat, token=token, passphrase=passphrase)
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
        if loop is not None and self.running:
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

    @property
    def briefing(self) -> dict[str, Any]:
        return dict(self.client.briefing)

    def confirmed(self, key: str) -> bool:
        return key in self._confirmed

    def confirm(self, key: str) -> None:
        self._confirmed.add(key)

    def submit(self, orders: Orders) -> None:
        """Seal ``orders`` for the open turn on the host (final, as End turn is at one screen). When the
        connection is gone they are not sealed (``client.sealed`` stays False and :attr:`error` says why);
        either way they are kept as :attr:`last_orders`, where the orders screen starts next time."""
        self.last_orders = orders
        loop = self._loop
        if loop is None or self.closed or not self.running:
            self.error = self.error or "not connected"
            return
        try:
            asyncio.run_coroutine_threadsafe(self.client.seal(orders), loop).result(CONNECT_TIMEOUT_S)
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - the connection dropped under the send
            self.error = self.error or f"the connection ended: {type(exc).__name__}: {exc}"

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
