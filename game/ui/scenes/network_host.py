"""Host on this network: the game is served from a background thread (game.session.hosting) while this
screen shows the address and room code to type on the other laptops, and the seat table (joined,
connected, sealed), read from the host every half second. Back stops hosting (the autosave stays).

Hosted from the seminar setup, the game is a networked seminar (timed phases, game.session.net_seminar)
with the facilitator's passphrase set there; "Facilitator console" joins this host as the facilitator
(over 127.0.0.1, with that passphrase) and opens the same console a facilitator's laptop opens."""
from __future__ import annotations

from pathlib import Path

import pygame

from game.engine.errors import FileError
from game.engine.record import start_game
from game.engine.saves import load_game
from game.session import protocol as P
from game.session.host import Host
from game.session.hosting import HostThread
from game.session.net_seminar import NetPhases, scenario_phases
from game.session.remote import RemoteSeat

from ..palette import ACCENT, TEXT, TEXT_DIM
from ..persistence import autosave_folder
from ..scene import Scene

REFRESH_S = 0.5
DEFAULT_BIND = "0.0.0.0"     # every interface: the other laptops reach it at this machine's LAN address
DEFAULT_PORT = 8765          # the CLI's default too
ALL_TURNS = 10 ** 6          # no turn limit of our own: the scenario's ends the game


class NetworkHostScene(Scene):
    screen_name = "network_host"
    title = "Host on this network"

    def __init__(self, app, scenario: str | Path | None, variant: str | None = None, seed: int = 1,
                 humans: tuple[int, ...] | None = None, turns: int | None = None, bind: str | None = None, port: int | None = None,
                 negotiation_seconds: float | None = None, facilitator_passphrase: str | None = None,
                 resume: Path | None = None) -> None:
        super().__init__(app)
        self.rows: list[P.SeatRow] = []
        self.turn = 0
        self._since = REFRESH_S
        self._changed = True
        self.hosting: HostThread | None = None
        self.problem: str | None = None
        self.status = ""
        self.seminar: NetPhases | None = None    # a seminar's phases (None: a multiplayer game)
        self._facilitator_passphrase = facilitator_passphrase    # this screen's own console joins with it
        try:
            if resume is not None:
                host = self._resumed(resume, turns, facilitator_passphrase)
            else:
                record = start_game(scenario, variant, seed, app.default_sets)
                human = list(humans) if humans is not None else [n.id for n in record.state.nations]
                # a seminar: the negotiation as the setup set it, the orders' time from the scenario
                seminar = None if negotiation_seconds is None else scenario_phases(record, negotiation_seconds)
                self.seminar = seminar
                kind = "seminar" if seminar is not None else "host"
                save = autosave_folder(app) / f"{kind}-{Path(scenario).stem}-{seed}.json"
                host = Host(record, human, turns or ALL_TURNS, save=save, phases=seminar,
                            facilitator_passphrase=facilitator_passphrase if seminar is not None else None)
                host.mode = "seminar" if seminar is not None else "network"
        except FileError as exc:
            self.problem = "; ".join(str(i) for i in exc.issues)
            return
        except (ValueError, OSError) as exc:            # not a hosted game's save, or its seat file unreadable
            self.problem = str(exc)
            return
        self.hosting = HostThread(host, DEFAULT_BIND if bind is None else bind, DEFAULT_PORT if port is None else port)
        if not self.hosting.start():
            self.problem = self.hosting.error or "the host did not start"
        self.refresh()

    def _resumed(self, save: Path, turns: int | None, facilitator_passphrase: str | None) -> Host:
        """The host of a hosted game's autosave, with its seats, room code and tokens (its side file): the
        same as ``python main.py host --resume SAVE``. A seminar's phases are the scenario's, its
        facilitator's passphrase the one just given (the side file keeps none)."""
        loaded = load_game(save)
        seminar = loaded.mode == "seminar"
        phases = scenario_phases(loaded.record) if seminar else None
        self.seminar = phases
        self._facilitator_passphrase = facilitator_passphrase if seminar else None
        host = Host.resume(save, turns or ALL_TURNS, phases=phases, facilitator_passphrase=self._facilitator_passphrase,
                           loaded=loaded)
        host.mode = "seminar" if seminar else "network"
        return host

    @property
    def code(self) -> str:
        return self.hosting.host.code if self.hosting else ""

    def build(self) -> None:
        w, h = self.size
        self.label((40, 24, 900, 36), "Host on this network", cls="heading")
        self.button((w - 180, h - 76, 140, 52), "Back", self.back, obj="back",
                    tooltip="Stop hosting (the game's autosave is kept)")
        self.console_button = None
        if self.problem:
            self.text_lines((40, 90, w - 80, 200), f"The game cannot be hosted: {self.problem}", cls=None, line_h=22)
        elif self.seminar is not None:
            self.console_button = self.button((w - 460, h - 76, 260, 52), "Facilitator console", self.open_console,
                                              obj="facilitator_console",
                                              tooltip="Run the seminar from this laptop: phases, timer, messages, "
                                                      "injects, edits, rollback (the facilitator's passphrase)")

    def open_console(self) -> None:
        """Join this host as the facilitator, with the passphrase set in the seminar setup, and open the console."""
        if self.hosting is None or not self._facilitator_passphrase:
            self.status = "This seminar has no facilitator's passphrase: the console cannot join."
            self._changed = True
            return
        remote = RemoteSeat(f"ws://127.0.0.1:{self.hosting.port}", self.code, passphrase=self._facilitator_passphrase,
                            role="facilitator")
        if not remote.start():
            self.status = remote.error or "The console could not join this host."
            remote.stop()
            self._changed = True
            return
        self.status = ""
        self.app.push(self.app.build_screen("network_facilitator", remote))

    def back(self) -> None:
        if self.hosting is not None:
            self.hosting.stop()
        self.app.pop()

    def refresh(self) -> None:
        if self.hosting is None:
            return
        rows = self.hosting.seat_table()
        turn = self.hosting.host.record.state.turn
        if rows != self.rows or turn != self.turn:
            self.rows, self.turn, self._changed = rows, turn, True

    def update(self, dt: float) -> None:
        self._since += dt
        if self._since >= REFRESH_S:
            self._since = 0.0
            self.refresh()

    def wants_redraw(self) -> bool:
        return self._changed

    def draw(self, surface: pygame.Surface) -> None:
        self._changed = False
        if self.hosting is None or self.problem:
            return
        f = self.app.fonts
        x, y = 40, 90
        mode = "" if self.seminar is None else (f"  -  seminar: negotiation {self.seminar.negotiation.limit / 60:g} min"
                                                + (f", orders {self.seminar.orders.limit / 60:g} min"
                                                   if self.seminar.orders.limit else ""))
        for text, size, colour in ((f"Address  {self.hosting.address}", 26, ACCENT), (f"Room code  {self.code}", 26, ACCENT),
                                   (f"Turn {self.turn}" + ("  (game over)" if not self.hosting.running else "") + mode, 18, TEXT),
                                   ("On each laptop: Join a game, or python main.py join ADDRESS --code CODE --seat NAME",
                                    15, TEXT_DIM)):
            surface.blit(f.render(text, size, colour), (x, y))
            y += size + 14
        y += 10
        cols = (0, 260, 380, 520)
        for cx, head in zip(cols, ("Seat", "Joined", "Connected", "Sealed")):
            surface.blit(f.render(head, 16, TEXT_DIM), (x + cx, y))
        y += 28
        for r in self.rows:
            cells = (f"{r.key}  {r.name}", "yes" if r.joined else "-", "yes" if r.connected else "-",
                     "sealed" if r.sealed else "-") if r.human else (f"{r.key}  {r.name}", "AI", "", "")
            for cx, cell in zip(cols, cells):
                surface.blit(f.render(cell, 16, TEXT if r.human else TEXT_DIM), (x + cx, y))
            y += 24
        if self.status:
            surface.blit(f.render(self.status, 16, ACCENT), (x, y + 12))
