"""A network host served from a background thread, for a window that must keep drawing while it
hosts (the GUI's "Host on this network"); the CLI's ``host`` runs :class:`Host` on its own loop.

The thread owns its own asyncio loop; the window reads the seat table through :meth:`HostThread.seat_table`
(asked on that loop, so it never reads the host half-changed) and stops the host with :meth:`stop`.
"""
from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

from game.engine.record import GameRecord

from . import protocol as P
from .host import Host

ASK_TIMEOUT_S = 5.0


def lan_address() -> str:
    """This machine's address on the local network, as others would reach it (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


class HostThread:
    """Run ``host`` (listening on ``bind:port``) in a daemon thread until its game ends or :meth:`stop`."""

    def __init__(self, host: Host, bind: str = "0.0.0.0", port: int = 0) -> None:
        self.host = host
        self.bind, self.port = bind, port
        self.error: str | None = None           # why it could not listen, or why its game stopped
        self.final: GameRecord | None = None    # the record when the game has ended
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._thread = threading.Thread(target=self._main, name="network-host", daemon=True)

    @property
    def address(self) -> str:
        """What players type to join: this machine's LAN address (or the bound one) and the port."""
        shown = lan_address() if self.bind == "0.0.0.0" else self.bind
        return f"{shown}:{self.port}"

    def start(self, timeout: float = 30.0) -> bool:
        """Start serving; True once it listens, False (with :attr:`error`) if it cannot."""
        self._thread.start()
        self._ready.wait(timeout)
        return self.error is None and self._ready.is_set()

    def _main(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            self.port = await self.host.start(self.bind, self.port)
        except OSError as exc:
            self.error = f"cannot listen on {self.bind}:{self.port}: {exc.strerror or exc}"
            self._ready.set()
            return
        self._task = asyncio.current_task()
        self._ready.set()
        try:
            self.final = await self.host.run()
        except asyncio.CancelledError:
            pass
        finally:
            await self.host.close()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def seat_table(self) -> list[P.SeatRow]:
        """The public seat table (joined / sealed / connected), read on the host's own loop."""
        loop = self._loop
        if loop is None or not self.running:
            return self.host.seat_table()

        async def ask() -> list[P.SeatRow]:
            return self.host.seat_table()
        try:
            return asyncio.run_coroutine_threadsafe(ask(), loop).result(ASK_TIMEOUT_S)
        except (RuntimeError, TimeoutError, asyncio.CancelledError):
            return self.host.seat_table()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop hosting (the autosave of the last resolved turn is kept) and wait for the thread."""
        loop, task = self._loop, self._task
        if loop is not None and task is not None and self.running:
            loop.call_soon_threadsafe(task.cancel)
        if self._thread.is_alive():
            self._thread.join(timeout)
