"""How the scenes of one game follow each other: orders (per human seat) -> resolution -> next turn
or debrief. A :class:`Match` keeps what persists between turns for each seat (map view, log).

Hotseat adds a curtain scene between seats in :meth:`Match.next_seat`; seminar adds a facilitator.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from .log import LogWidget
from .mapview import MapView
from .session import GameSession

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


@dataclass
class SeatUi:
    mapview: MapView
    log: LogWidget
    fresh: bool = True          # the map view has not been positioned yet


class Match:
    def __init__(self, app: "App", session: GameSession) -> None:
        self.app = app
        self.session = session
        self.seat_ui: dict[int, SeatUi] = {}

    def ui_for(self, nation: int) -> SeatUi:
        ui = self.seat_ui.get(nation)
        if ui is None:
            rect = pygame.Rect(0, 0, 800, 600)
            ui = SeatUi(MapView(self.session.state.gmap, self.app.fonts, rect),
                        LogWidget(self.app.fonts, rect, "Log (mouse wheel scrolls)"))
            name = self.session.state.nations[nation].name
            ui.log.add(f"{self.session.state.scenario}: you lead {name}. Turn 1 of {self.session.state.victory.max_turns}.",
                       (226, 178, 72), True)
            self.seat_ui[nation] = ui
        return ui

    def viewer(self) -> int:
        humans = self.session.human_nations() or [n for n in self.session.seats]
        return humans[0]

    def begin(self) -> None:
        """Open the orders phase of the first human seat still to give orders (or the debrief)."""
        from .scenes.debrief import DebriefScene
        if self.session.state.finished:
            self.app.reset(DebriefScene(self.app, self))
            return
        self.next_seat()

    def next_seat(self) -> None:
        from .scenes.game import GameScene
        waiting = self.session.waiting_for()
        if not waiting:
            self.resolve()
            return
        seat = waiting[0]
        self.app.reset(GameScene(self.app, self.session.port(seat), self.ui_for(seat), self.orders_given,
                                 first_game=not self.app.settings.walkthrough_done))

    def orders_given(self) -> None:
        self.next_seat()

    def resolve(self) -> None:
        from .scenes.resolution import ResolutionScene
        self.session.start_resolution()
        viewer = self.viewer()
        self.app.reset(ResolutionScene(self.app, self, viewer))

    def quit_to_title(self) -> None:
        from .scenes.title import TitleScene
        self.app.reset(TitleScene(self.app))
