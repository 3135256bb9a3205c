"""The room screen (projector) of a game hosted on the network: Join a game > Watch as the room screen.

No seat: the host sends the public view (``player_view(state, None)``), public messages and the seat
table, and, in a seminar, the phase. Shown read-only for the whole class: the map (the replay's and the
resolution's rendering of a view), the turn, the phase and its countdown (SANDBOX after a fork), the
seat table, the public events of the last resolved turn, each pair's outcome in it and in the turns
before (a timeline), and the public messages (docs/network.md, "The window")."""
from __future__ import annotations

import pygame

from game.engine.views import PlayerView
from game.session.remote import RemoteSeat

from ..events import event_colour, event_line
from ..log import LogWidget
from ..mapdata import layers_from_view
from ..mapview import MapView
from ..palette import ACCENT, BAD, OUTCOME_COLOURS, TEXT, TEXT_DIM
from ..remote_watch import RemoteWatch

PANEL_W = 420          # the right-hand panel: seat table, events, messages
MESSAGES_SHOWN = 8


TIMELINE_TURNS = 8     # the room's timeline: each pair's outcomes over the last this many turns


def pair_timeline(view: PlayerView) -> list[tuple[str, tuple[int, int, int]]]:
    """Each pair's outcome in the last resolved turn and its outcomes before (public: stances are revealed
    at resolution), as the room screen lists them under the turn's events: "Albion-Francia  CD  (CC CC)"."""
    if not view.history:
        return []
    last = view.history[-1]
    out: list[tuple[str, tuple[int, int, int]]] = [(f"Pairs, turn {last.turn} (earlier turns in brackets):", TEXT_DIM)]
    for key, outcome in sorted(last.outcomes.items()):
        a, b = (int(x) for x in key.split("-"))
        before = " ".join(t.outcomes[key] for t in view.history[-TIMELINE_TURNS:-1] if key in t.outcomes)
        out.append((f"{view.name(a)}-{view.name(b)}  {outcome}" + (f"  ({before})" if before else ""),
                    OUTCOME_COLOURS.get(outcome, TEXT_DIM)))
    return out


class NetworkRoomScene(RemoteWatch):
    screen_name = "network_room"
    title = "Room screen"

    def __init__(self, app, remote: RemoteSeat) -> None:
        super().__init__(app)
        self.remote = remote
        self.mapview = MapView(remote.client.gmap, app.fonts, pygame.Rect(0, 0, 800, 600))
        self.events = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "Last turn (public)", size=14)
        self.shown_view = None           # the PlayerView on the map
        self._version = -1
        self._fitted = False
        self._phase_shown: str | None = None

    def build(self) -> None:
        w, h = self.size
        self.mapview.set_rect(pygame.Rect(0, 56, w - PANEL_W, h - 56))
        self.events.rect = pygame.Rect(w - PANEL_W + 10, 56 + 250, PANEL_W - 20, max(120, (h - 56 - 250) // 2))
        if self.shown_view is not None:
            self.mapview.fit()
        self.button((w - 130, 8, 110, 40), "Leave", self.back, obj="back")

    # --- what the host sends ------------------------------------------------------------------
    def update(self, dt: float) -> None:
        r = self.remote
        if r.version == self._version:
            return
        self._version = r.version
        view = r.client.view
        if view is not None and view is not self.shown_view:
            self.shown_view = view
            self.mapview.set_layers(layers_from_view(view, r.version))
            if not self._fitted:
                self.mapview.fit()
                self._fitted = True
            self.events.clear()
            for e in view.events:
                self.events.add(event_line(e), event_colour(e))
            if not view.events:
                self.events.add("No public events.", TEXT_DIM)
            for text, colour in pair_timeline(view):
                self.events.add(text, colour)

    def handle_event(self, event: pygame.event.Event) -> bool:
        return self.mapview.handle_event(event, pygame.mouse.get_pos())

    def headline(self) -> str:
        """The top line: scenario, turn, phase (a seminar), or the end."""
        c = self.remote.client
        turn = c.phase.turn if c.phase is not None else c.turn
        parts = [f"{self.remote.scenario_name}: turn {turn} of {c.max_turns}"]
        if self._phase_shown:
            parts.append(self._phase_shown)
        if c.end is not None:
            parts.append(f"The game is over: {c.end.reason}")
        elif self.remote.closed:
            parts.append(self.remote.error or "The connection ended.")
        return "   ".join(parts)

    def draw(self, surface: pygame.Surface) -> None:
        f = self.app.fonts
        c = self.remote.client
        w, h = self.size
        self._phase_shown = self.remote.phase_text()
        if self.shown_view is not None:
            self.mapview.draw(surface)
        surface.blit(f.render(self.headline(), 24, ACCENT, True), (20, 14))
        if c.phase is not None and c.phase.sandbox:
            surface.blit(f.render("SANDBOX", 24, BAD, True), (w - PANEL_W - 130, 14))
        x, y = w - PANEL_W + 10, 62
        surface.blit(f.render("Delegations", 16, TEXT, True), (x, y))
        for row in c.seats[:9]:
            y += 24
            state = (("sealed" if row.sealed else "thinking") + ("" if row.connected else ", away")) if row.human else "AI"
            surface.blit(f.render(f"{row.key}  {row.name}: {state}", 15, TEXT if row.human else TEXT_DIM), (x, y))
        self.events.draw(surface)
        y = self.events.rect.bottom + 10
        surface.blit(f.render("Public messages", 16, TEXT, True), (x, y))
        public = [m for m in c.messages if m.get("to") is None][-MESSAGES_SHOWN:]
        names = {n.id: n.key for n in self.shown_view.nations} if self.shown_view is not None else {}
        for m in public:
            y += 22
            if y > h - 24:
                break
            who = "Facilitator" if m.get("sender") is None else names.get(m["sender"], "?")
            surface.blit(f.render(f"T{m['turn']} {who}: {m['text']}"[:60], 14, TEXT), (x, y))
