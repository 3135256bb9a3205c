"""How the screens of a seminar follow each other (the phases of :class:`~game.session.seminar.SeminarRun`):

* briefing: for each delegation, the curtain, then its private briefing;
* negotiation: the room's screen with the public channel and the timer; each delegation's desk
  (private channels) behind the curtain; time up (or "everyone ready") opens the orders;
* orders: for each delegation, the curtain, its news, the game screen for its seat, then its
  reasons and the seal;
* resolution: the public view of the turn for the whole room, then the next turn;
* ended: the seminar debrief.

The facilitator console (Ctrl+F, passphrase) opens over any of these and closes back to the same
screen, or to the next curtain when an action changed the game. Pausing covers the screen.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Sequence

import pygame

from game.engine.orders import Orders
from game.engine.record import Message

from .dialogs import MessageDialog
from .events import event_colour, event_line
from .flow import Match, SeatUi
from .log import LogWidget
from .mapdata import layers_from_view
from .mapview import MapView
from .palette import hex_rgb
from game.session.seminar import Delegation, NegotiationTimer, RoleSheet, SeminarRun
from .seminar_widgets import Painter, badge
from game.session.local import SeatPort

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


def orders_summary(orders: Orders, names: tuple[str, ...], unit_names: dict[str, str]) -> list[str]:
    """Plain lines about a set of orders, for the delegation to check before sealing."""
    stances = ", ".join(f"{'defect against' if s == 'D' else 'cooperate with'} {names[j]}"
                        for j, s in sorted(orders.stances.items())) or "no neighbours"
    b = orders.budget
    lines = [f"Stances: {stances}.",
             f"Budget: economy {b.economy:.0%}, offence {b.offence:.0%}, defence {b.defence:.0%}."]
    if orders.builds:
        lines.append("Builds: " + ", ".join(f"{x.count} x {unit_names.get(x.unit, x.unit)}" for x in orders.builds) + ".")
    if orders.attacks:
        lines.append(f"Attacks: {len(orders.attacks)}.")
    if orders.proposals:
        lines.append("Treaty proposals: " + ", ".join(f"{p.kind.replace('_', '-')} to {names[p.to]}"
                                                     for p in orders.proposals) + ".")
    if orders.accepts:
        lines.append(f"Treaty offers accepted: {len(orders.accepts)}.")
    return lines


@dataclass
class SealingPort(SeatPort):
    """A delegation's seat: End turn hands the orders to the seminar (reasons, then the seal)."""

    _sink: Callable[[int, Orders], None] | None = field(default=None, repr=False)
    _title: str = field(default="", repr=False)

    @property
    def scenario_name(self) -> str:
        return self._title or super().scenario_name

    def submit(self, orders: Orders) -> None:
        if orders.nation != self.nation:
            raise ValueError("orders for the wrong nation")
        assert self._sink is not None
        self._sink(self.nation, orders)


class SeminarMatch(Match):
    def __init__(self, app: "App", run: SeminarRun) -> None:
        super().__init__(app, run.session)
        self.run = run
        self.curtain = True
        self._pending: dict[int, Orders] = {}
        self._reasons: dict[int, str] = {}
        self._painter = None
        app.seminar = self
        pygame.display.set_caption("Security Dilemma - seminar" + (" - SANDBOX" if run.sandbox else ""))

    # --- seats --------------------------------------------------------------------------------
    def ui_for(self, nation: int | None) -> SeatUi:
        ui = self.seat_ui.get(nation)
        if ui is None:
            rect = pygame.Rect(0, 0, 800, 600)
            st = self.session.state
            ui = SeatUi(MapView(st.gmap, self.app.fonts, rect), LogWidget(self.app.fonts, rect, "Log (mouse wheel scrolls)"))
            ui.logged_turn = st.turn
            who = "the room watches the public view" if nation is None else f"you lead {st.nations[nation].name}"
            ui.log.add(f"{st.scenario}: {who}. Turn {st.turn}.", (226, 178, 72), True)
            self.seat_ui[nation] = ui
        return ui

    def viewer(self) -> int | None:
        return None

    def reset_views(self) -> None:
        """After a rollback: every seat's map and log start afresh from the rewound game."""
        self.seat_ui = {}

    # --- phases -------------------------------------------------------------------------------
    def begin(self) -> None:
        run = self.run
        if run.phase == "ended":
            self.debrief()
        elif run.phase == "briefing":
            self._curtain(run.current, "your private briefing", self._open_briefing)
        elif run.phase == "negotiation":
            self.open_room()
        elif run.phase == "orders":
            self._curtain(run.current, f"your orders for turn {run.record.state.turn}", self._open_news)
        else:
            self.resolve()

    def next_seat(self) -> None:
        """The resolution failed (an error dialog says why): the delegations seal their orders again."""
        self.run.begin_orders()
        self.begin()

    def resolve(self) -> None:
        self.session.start_resolution()
        ui = self.ui_for(None)
        if ui.mapview.layers is None:             # the room's map is first shown here
            ui.mapview.set_layers(layers_from_view(self.session.view_for(None)))
        self.app.reset(self.app.build_screen("seminar_resolution", self, None))
        if ui.fresh:
            ui.mapview.fit()
            ui.fresh = False

    def debrief(self) -> None:
        self.app.reset(self.app.build_screen("seminar_debrief", self))

    def _curtain(self, nation: int | None, purpose: str, then: Callable[[int], None]) -> None:
        if nation is None:
            self.begin()
            return
        st = self.session.state.nations[nation]
        self.app.reset(self.app.build_screen("curtain", self.run.delegation_name(nation), lambda: then(nation),
                                             f"{st.name}: {purpose}", colour=hex_rgb(st.colour)))

    def _news(self, nation: int) -> list[str]:
        return [e.text for e in self.run.news_for(nation)]

    def _open_briefing(self, nation: int) -> None:
        def done() -> None:
            self.run.briefing_read(nation)
            self.begin()

        self.app.reset(self.app.build_screen("briefing", self.run.role(nation), self.run.delegation_name(nation),
                                             self.session.state.turn, self._news(nation), done, sandbox=self.run.sandbox))

    # --- negotiation --------------------------------------------------------------------------
    def open_room(self) -> None:
        self.app.reset(self.app.build_screen("negotiation", NegotiationPort(self.run, None), self.time_up,
                                             on_open_desk=self.open_desk, on_ready=self.time_up))
        self.run.negotiation_on_screen()

    def open_desk(self, nation: int) -> None:
        self._curtain(nation, "your private desk (negotiation)", lambda n: self.app.reset(
            self.app.build_screen("negotiation", NegotiationPort(self.run, n), self.time_up, on_leave=self.open_room)))

    def time_up(self) -> None:
        self.run.end_negotiation()
        self.begin()

    # --- orders -------------------------------------------------------------------------------
    def _open_news(self, nation: int) -> None:
        turn = self.session.state.turn
        unread = sum(1 for m in self.run.messages_for(nation) if m.turn == turn and m.to is not None and m.sender != nation)
        self.app.reset(self.app.build_screen("briefing", self.run.role(nation), self.run.delegation_name(nation), turn,
                                             self._news(nation), lambda: self._open_orders(nation), mode="orders",
                                             sandbox=self.run.sandbox, unread=unread))

    def _open_orders(self, nation: int) -> None:
        title = ("SANDBOX - " if self.run.sandbox else "") + self.session.state.scenario
        port = SealingPort(self.session, nation, self._orders_given, title)
        ui = self.ui_for(nation)
        if getattr(ui, "logged_turn", self.session.state.turn) < self.session.state.turn:
            for e in port.view.events:            # what this delegation saw of the last turn, into its own log
                ui.log.add(event_line(e), event_colour(e))
            ui.logged_turn = self.session.state.turn
        self.run.orders_timer.reset()
        self.run.orders_timer.start()
        self.app.reset(self.app.build_screen("game", port, ui, lambda: None))      # no walkthrough: the facilitator explains

    def _orders_given(self, nation: int, orders: Orders) -> None:
        """End turn in the game screen: the reasons screen comes next (Back returns to the orders)."""
        self._pending[nation] = orders
        st = self.session.state
        game = self.app.top
        units = {k: u.name for k, u in st.era.units.items()}
        summary = orders_summary(orders, tuple(n.name for n in st.nations), units)

        def back() -> None:
            self._reasons[nation] = scene.reasons
            self.app.pop()
            if hasattr(game, "ended"):
                game.ended = False

        scene = self.app.build_screen("reasons", self.run.delegation_name(nation), st.nations[nation].name,
                                      st.nations[nation].colour, st.turn, summary, lambda text: self._seal(nation, text),
                                      back, sandbox=self.run.sandbox, reasons=self._reasons.get(nation, ""))
        self.app.defer(lambda: self.app.push(scene))

    def _seal(self, nation: int, reasons: str) -> None:
        orders = replace(self._pending.pop(nation), statement=reasons)
        self._reasons.pop(nation, None)
        self.run.seal(nation, orders)
        self.begin()

    # --- the clock and the facilitator ---------------------------------------------------------
    def live(self) -> bool:
        """Still the game in progress (not replaced by a loaded game, nor quit to the title screen)."""
        on_title = bool(self.app.scenes) and self.app.scenes[0].screen_name == "title"
        if self.app.game is self and getattr(self.app, "seminar", None) is self and not on_title:
            return True
        if getattr(self.app, "seminar", None) is self:
            self.app.seminar = None
        return False

    def tick(self, dt: float) -> None:
        """The app clock (every frame): the timers; a delegation whose orders time ran out is told."""
        if not self.live():
            return
        if self.run.tick(dt) and self.run.phase == "orders":
            self.app.push(MessageDialog(self.app, "Time is up", "The time for your orders has run out: "
                                        "please End turn and seal them now."))

    def open_console(self) -> None:
        if not self.live():
            return
        self.app.build_screen("facilitator_login", self)

    def after_console_change(self) -> None:
        """An action changed the game or its phase: the screen below may show stale or someone's
        private data, so the flow restarts from the current phase (behind the curtain)."""
        self._pending.clear()
        self.begin()

    def draw_marks(self, surface: pygame.Surface, scene) -> None:
        """SANDBOX and PAUSED marks on screens that are not the seminar's own."""
        if not self.run.sandbox:
            return
        if self._painter is None:
            self._painter = Painter(self.app.fonts)
        w, _ = self.app.screen.get_size()
        badge(surface, self._painter, "SANDBOX", (w - 20, 8))



class NegotiationPort:
    """What one negotiation screen may use: the room (``viewer`` None) reads and writes only the
    public channel; a delegation's desk reads what it may read and writes as itself."""

    def __init__(self, run: SeminarRun, viewer: int | None) -> None:
        self._run = run
        self.viewer = viewer

    @property
    def messages(self) -> tuple[Message, ...]:
        run = self._run
        return run.public_messages() if self.viewer is None else run.messages_for(self.viewer)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self._run.record.state.nations)

    @property
    def colours(self) -> tuple[str, ...]:
        return tuple(n.colour for n in self._run.record.state.nations)

    def delegations(self) -> list[Delegation]:
        return self._run.delegations()

    def delegation_name(self, nation: int) -> str:
        return self._run.delegation_name(nation)

    def sender_label(self, m: Message) -> str:
        if m.sender is None:
            return "Facilitator"
        name = self.names[m.sender]
        seat = self._run.session.seats.get(m.sender)
        return f"{self.delegation_name(m.sender)} ({name})" if seat is not None and seat.kind == "human" else name

    def channel_label(self, m: Message) -> str:
        if m.to is None:
            return "public"
        return "private to " + ", ".join(self.names[i] for i in m.to)

    def post(self, text: str, to: Sequence[int] | None = None, sender: int | None = None) -> Message:
        """Send as this desk's delegation (the room: as ``sender``, public only); raises ValueError."""
        if self.viewer is None:
            if to is not None:
                raise ValueError("private messages are written at a delegation's desk")
            if sender is None:
                raise ValueError("choose who is speaking")
            return self._run.post(sender, text, None)
        return self._run.post(self.viewer, text, to)

    @property
    def role(self) -> RoleSheet | None:
        return None if self.viewer is None else self._run.role(self.viewer)

    @property
    def news(self) -> list[str]:
        return [e.text for e in self._run.news_for(self.viewer)]

    @property
    def timer(self) -> NegotiationTimer:
        return self._run.timer

    @property
    def paused(self) -> bool:
        return self._run.paused

    @property
    def time_up(self) -> bool:
        return self._run.phase != "negotiation" or self._run.timer.expired

    @property
    def turn(self) -> int:
        return self._run.record.state.turn

    @property
    def max_turns(self) -> int:
        return self._run.record.state.victory.max_turns

    @property
    def scenario(self) -> str:
        return self._run.record.state.scenario

    @property
    def sandbox(self) -> bool:
        return self._run.sandbox
