"""Join a game hosted on the local network: address, room code and seat; the seat is then played in
the ordinary orders screen, fed by the view the host sends (game.session.remote.RemoteSeat) and
sealing over the wire. Between turns this screen shows the seat table and what happened.

The seat's token is kept on this computer (game.session.seat_tokens): joining the same seat of the same
room again, after this window was closed, takes the seat back with it."""
from __future__ import annotations

import pygame
from pygame_gui.elements import UITextEntryLine

from game.session.remote import RemoteSeat
from game.session.seat_tokens import forget_token, keep_token, read_token, tokens_path

from ..events import event_colour, event_line
from ..dialogs import MessageDialog
from ..flow import SeatUi, briefing_text
from ..log import LogWidget
from ..mapview import MapView
from ..palette import ACCENT, TEXT, TEXT_DIM
from ..scene import Scene, oid


SEATS_WAIT_S = 10.0     # at most this long for the host's seat table after its view (a bound, not a pause)


class NetworkJoinScene(Scene):
    screen_name = "network_join"
    title = "Join a game"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.fields = {"address": "", "code": "", "seat": "", "passphrase": "", "facilitator": ""}
        self.offered: list[tuple[str, str, bool]] = []   # the host's human seats: (key, name, open)
        self.entries: dict[str, UITextEntryLine] = {}
        self.remote: RemoteSeat | None = None
        self.seat_ui: SeatUi | None = None
        self.shown_turn = 0
        self.given_turn = 0          # the turn whose orders were last sealed from the orders screen
        self.reconnect_button = None
        self.status = "Type the address and room code the host shows, and your seat (its key or name)."
        self._version = -1
        self._phase_shown: str | None = None
        self._briefed = False        # the seat's briefing was shown (once per join, not on a reconnect)

    def build(self) -> None:
        w, h = self.size
        self.label((40, 24, 900, 36), "Join a game on this network", cls="heading")
        self.reconnect_button = None
        if self.remote is None:
            y = 90
            for key, text, hint in (("address", "Address", "192.168.1.20:8765"), ("code", "Room code", "ABC234"),
                                    ("seat", "Seat", "A or the state's name"),
                                    ("passphrase", "Passphrase", "only if the host set one")):
                self.entries[key] = self._entry(key, text, hint, y)
                y += 46
            self.entries["passphrase"].set_text_hidden(True)
            self.seats_button = self.button((540, 90 + 2 * 46, 150, 34), "Show the seats", self.show_seats,
                                            obj="show_seats", cls="small",
                                            tooltip="Ask the host which seats it offers, and pick yours")
            self.seat_buttons = {}
            sx = max(790, w - 240)                      # right of the facilitator's row, whatever the width
            if self.offered:
                self.label((sx, 90, 210, 26), "Seats the host offers:", cls="dim")
            for k, (key, name, is_open) in enumerate(self.offered):
                self.seat_buttons[key] = self.button(
                    (sx, 120 + 40 * k, 210, 34), f"{key}  {name}" + ("" if is_open else "  (taken)"),
                    lambda key=key: self.pick_seat(key), obj=f"offered_{key}", cls="small", enabled=is_open,
                    tooltip="Join this seat" if is_open else "Joined already: only its token takes it back")
            self.join_button = self.button((210, y + 10, 200, 50), "Join", self.join, cls="primary", obj="join")
            self.room_button = self.button((420, y + 10, 260, 50), "Watch as the room screen", self.watch,
                                           obj="join_room", tooltip="The projector: the public view, no seat")
            # the facilitator of a seminar joins with its own passphrase (masked) instead of a seat
            fy = y + 80
            self.entries["facilitator"] = entry = self._entry("facilitator", "Facilitator", "the facilitator's passphrase", fy)
            entry.set_text_hidden(True)
            self.facilitator_button = self.button((540, fy - 8, 240, 50), "Join as facilitator", self.join_facilitator,
                                                  obj="join_facilitator")
        elif self.remote.can_reconnect:
            self.reconnect_button = self.button((40, 360, 200, 50), "Reconnect", self.reconnect,
                                                cls="primary", obj="reconnect")
        self.button((w - 180, h - 76, 140, 52), "Back", self.back, obj="back")

    def _entry(self, key: str, text: str, hint: str, y: int) -> UITextEntryLine:
        self.label((40, y, 160, 30), text)
        entry = UITextEntryLine(pygame.Rect(210, y, 320, 34), self.app.ui, container=self.root,
                                object_id=oid(None, f"join_{key}"), placeholder_text=hint)
        entry.set_text_length_limit(200 if key in ("facilitator", "passphrase") else 80)
        entry.set_text(self.fields[key])
        return entry

    def join_facilitator(self) -> None:
        """Join the seminar as its facilitator (the passphrase, no seat) and open the remote console."""
        secret = self.entries["facilitator"].get_text().strip()
        address, code, _ = self._form()                  # (neither passphrase is kept in the form once used)
        if not address or not code or not secret:
            self.status = "The address, the room code and the facilitator's passphrase are all needed."
            return
        remote = RemoteSeat(f"ws://{address}", code, passphrase=secret, role="facilitator")
        if not remote.start():
            self.status = remote.error or "cannot join"
            remote.stop()
            self.rebuild()
            return
        self.status = "Joined as the facilitator."
        self.app.push(self.app.build_screen("network_facilitator", remote))

    def _form(self, keep_secret: bool = False) -> tuple[str, str, str | None]:
        """Address, room code and the players' passphrase (None: none typed) from the form; the passphrase
        stays in the form only when the form stays on screen (Show the seats), not once used to join."""
        self.fields = {k: e.get_text().strip() for k, e in self.entries.items()}
        self.fields["facilitator"] = ""
        secret = self.entries["passphrase"].get_text() if "passphrase" in self.entries else ""
        self.fields["passphrase"] = secret if keep_secret else ""
        return self.fields["address"], self.fields["code"].upper(), secret or None

    def show_seats(self) -> None:
        """The seats the host offers (its human seats, open or taken), read from its public seat table."""
        address, code, secret = self._form(keep_secret=True)
        if not address or not code:
            self.status = "The address and the room code are both needed."
            return
        remote = RemoteSeat(f"ws://{address}", code, role="room", passphrase=secret)
        ok = remote.start()
        seen = -1
        while ok and not remote.client.seats and not remote.closed and remote.version != seen:
            seen = remote.version                        # the seat table follows the view: wait for it
            remote.wait_change(seen, SEATS_WAIT_S)
        rows = list(remote.client.seats) if ok else []
        remote.stop()
        if not ok:
            self.status = remote.error or "cannot join"
            self.rebuild()
            return
        self.offered = [(r.key, r.name, not r.joined) for r in rows if r.human]
        self.status = ("Pick your seat." if any(o for _, _, o in self.offered)
                       else "Every seat is taken: a seat's own laptop takes it back with its token.")
        self.rebuild()

    def pick_seat(self, key: str) -> None:
        self.entries["seat"].set_text(key)
        self.join()

    def watch(self) -> None:
        """The room screen (no seat): the public view, the phase, public messages, for the projector."""
        address, code, secret = self._form()
        if not address or not code:
            self.status = "The address and the room code are both needed."
            return
        remote = RemoteSeat(f"ws://{address}", code, role="room", passphrase=secret)
        if not remote.start():
            self.status = remote.error or "cannot join"
            remote.stop()
            return
        self.status = "Watching as the room screen."
        self.app.push(self.app.build_screen("network_room", remote))

    def join(self) -> None:
        address, code, secret = self._form()
        seat = self.fields["seat"]
        if not address or not code:
            self.status = "The address and the room code are both needed."
            return
        remote = self._joined(address, code, seat, secret)
        if remote is None:
            return
        self.remote = remote
        rect = pygame.Rect(0, 0, 800, 600)
        view = remote.view
        self.seat_ui = SeatUi(MapView(view.gmap, self.app.fonts, rect),
                              LogWidget(self.app.fonts, rect, "Log (mouse wheel scrolls)"), logged_turn=view.turn)
        self.seat_ui.log.add(f"{remote.scenario_name}: you lead {view.name(remote.nation)} over the network. "
                             f"Turn {view.turn} of {remote.max_turns}.", ACCENT, True)
        self.status = f"Joined as {view.name(remote.nation)}."
        self.rebuild()

    def _joined(self, address: str, code: str, seat: str, secret: str | None = None) -> RemoteSeat | None:
        """Join ``seat``, with the token this computer kept for it if any (a token the host no longer knows
        is forgotten and the seat asked for afresh); the token the host gives is kept. None: refused
        (``status`` says why)."""
        path = tokens_path()
        token = read_token(path, address, code, seat) if seat else None
        remote = RemoteSeat(f"ws://{address}", code, seat=seat or None, token=token, passphrase=secret)
        if not remote.start() and token is not None and "unknown token" in (remote.error or ""):
            remote.stop()
            self._forget(path, address, code, seat)
            remote = RemoteSeat(f"ws://{address}", code, seat=seat or None, passphrase=secret)
            remote.start()
        if remote.error or remote.view is None:
            self.status = remote.error or "cannot join"
            remote.stop()
            return None
        if seat and remote.client.token:
            try:
                keep_token(path, address, code, seat, remote.client.token)
            except OSError as exc:            # the game goes on; only a later rejoin needs the token
                self.status = f"Joined, but the seat's token could not be kept on this computer: {exc}"
        return remote

    @staticmethod
    def _forget(path, address: str, code: str, seat: str) -> None:
        try:
            forget_token(path, address, code, seat)
        except OSError:
            pass

    def reconnect(self) -> None:
        """Join the same seat again with its token, after the connection dropped: the open turn's orders
        screen comes back, starting from the orders last given."""
        old = self.remote
        assert old is not None and self.seat_ui is not None
        again = old.reconnect()
        if not again.start():
            self.status = again.error or "cannot reconnect"
            again.stop()
            return
        old.stop()
        self.remote, self._version, self.shown_turn, self.given_turn = again, -1, 0, 0
        self.seat_ui.log.add(f"Reconnected to the host (turn {again.turn}).", ACCENT, True)
        self.status = "Reconnected."
        self.rebuild()

    def back(self) -> None:
        if self.remote is not None:
            self.remote.stop()
        self.app.pop()

    def orders_given(self) -> None:
        """End turn in the orders screen: the orders are sealed on the host; the resolution screen waits for
        the others and shows the turn when the host has resolved it."""
        orders_screen = self.app.top
        r = self.remote
        assert r is not None and self.seat_ui is not None
        if r.turn == self.shown_turn and not r.client.sealed and r.client.seal_refused is None:   # the connection was gone
            self.app.pop()
            self.seat_ui.log.add(f"Turn {r.turn}: the orders did not reach the host ({r.error}); reconnect and "
                                 "end the turn again.", ACCENT, True)
            self.status = f"Not sealed: {r.error}"
            self.rebuild()
            return
        self.given_turn = self.shown_turn
        self.status = f"Orders sealed for turn {self.shown_turn}; waiting for the other seats."
        self.app.replace(self.app.build_screen("network_resolution", r, self.seat_ui, orders_screen.view,
                                               orders_screen.score, self.resolution_done))

    def resolution_done(self) -> None:
        """Back from the resolution screen (its Continue, or the host refused the seal, or the connection ended)."""
        shown = self.app.pop()
        after = getattr(shown, "after", None)
        if after is not None and self.seat_ui is not None:      # its events are in the log already
            self.seat_ui.logged_turn = max(self.seat_ui.logged_turn, after.turn)

    def update(self, dt: float) -> None:
        r = self.remote
        if r is None or r.version == self._version or self.app.top is not self:
            return
        self._version = r.version
        if r.error:
            self.status = r.error
            if r.can_reconnect and self.reconnect_button is None:
                self.rebuild()
        elif r.ended:
            self.status = f"The game is over: {r.client.end.reason}" if r.client.end else "The game is over."
        for text in r.take_notices():
            assert self.seat_ui is not None
            self.seat_ui.log.add(f"Host: {text}", ACCENT, True)
        refused = r.client.seal_refused
        if r.may_plan and refused is not None and r.turn == self.given_turn:
            # the host refused the orders sealed here: say why and open the orders screen again on them
            assert self.seat_ui is not None
            self.seat_ui.log.add(f"Turn {r.turn}: the host refused these orders ({refused}); give them again.", ACCENT, True)
            self.status = f"The host refused the orders: {refused}"
            self.given_turn = 0
            self.app.push(self.app.build_screen("game", r, self.seat_ui, self.orders_given))
        elif r.may_plan and r.turn != self.shown_turn:      # (a seminar: from its negotiation on; End turn waits)
            ui = self.seat_ui
            assert ui is not None
            if ui.logged_turn < r.turn:                 # the resolution this seat may see, into its log
                for e in r.view.events:
                    ui.log.add(event_line(e), event_colour(e))
                ui.logged_turn = r.turn
            self.shown_turn = r.turn
            self.app.push(self.app.build_screen("game", r, ui, self.orders_given))
            self._brief(r)

    def _brief(self, r: RemoteSeat) -> None:
        """The seat's private briefing (the host's welcome), once per join, over its first orders screen."""
        if self._briefed:
            return
        self._briefed = True
        b = r.briefing
        text = briefing_text(str(b.get("role") or ""), str(b.get("briefing") or ""), [str(o) for o in b.get("objectives") or ()])
        if text.strip():
            self.app.render()                   # the dialog's backdrop is this seat's own screen
            self.app.push(MessageDialog(self.app, f"Your briefing: {r.view.name(r.nation)}", text))

    def wait_for_host(self, timeout: float) -> bool:
        """When this screen is on top and has taken in everything the host sent: block until the host's
        next message is in (at most ``timeout`` s; True if one came). For a driver that steps frames."""
        r = self.remote
        if r is None or r.closed or self.app.top is not self or r.version != self._version:
            return False
        return r.wait_change(self._version, timeout)

    def wants_redraw(self) -> bool:
        r = self.remote
        return r is not None and (r.version != self._version or (r.seminar and r.phase_text() != self._phase_shown))

    def draw(self, surface: pygame.Surface) -> None:
        f = self.app.fonts
        y = 90 if self.remote is not None else 400
        surface.blit(f.render(self.status, 16, TEXT), (40, y))
        if self.remote is None:
            return
        self._phase_shown = self.remote.phase_text()
        if self._phase_shown is not None:
            surface.blit(f.render(self._phase_shown, 18, ACCENT, True), (40, y + 28))
            y += 28
        y += 40
        for row in self.remote.client.seats:
            text = f"{row.key}  {row.name}: " + (("sealed" if row.sealed else "to seal") + (
                "" if row.connected else ", not connected") if row.human else "AI")
            surface.blit(f.render(text, 16, TEXT if row.human else TEXT_DIM), (40, y))
            y += 24
