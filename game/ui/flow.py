"""How the scenes of one game follow each other: orders (per human seat) -> resolution -> next turn
or verdict -> debrief. A :class:`Match` keeps what persists between turns for each seat (map view, log).

Hotseat (two or more human seats with player names) puts a curtain scene before every human
seat's orders phase (:meth:`Match.next_seat`): the seat's screen is built only after the curtain
lifts, from that seat's view; the resolution is shown to everyone from the public view; eliminated
seats are skipped (they watch the public resolution). Every resolved turn is autosaved.

The public resolution cannot show what each pair paid (the stance card a seat saw comes from its
private view), so each seat gets its own pairs' results after its curtain lifts next turn: its
outcome with each neighbour, what that paid, and what its own card had predicted (a dialog over
its own screen, and lines in its own log). The cards are taken from each seat's own view when the
turn is sealed and each seat's results are computed only for that seat, when its curtain lifts.
The last turn's results go on each player's verdict card instead: the game is over, and the
debrief that follows reveals every state's type anyway.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import pygame

from game.engine import saves
from game.engine.errors import FileError
from game.engine.results import PairResult, pair_results
from game.engine.stagegame import StageGame
from game.engine.state import GameState

from . import persistence
from .dialogs import ConfirmDialog, ErrorDialog, MessageDialog
from .events import event_colour, event_line, pair_line
from .log import LogWidget
from .mapdata import layers_from_view
from .mapview import MapView
from .palette import OUTCOME_COLOURS, TEXT_DIM, hex_rgb
from game.session.local import GameSession

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


@dataclass
class SeatUi:
    mapview: MapView
    log: LogWidget
    fresh: bool = True          # the map view has not been positioned yet
    logged_turn: int = 1        # hotseat: the turn whose events are already in this seat's log


def is_hotseat(session: GameSession) -> bool:
    """Several people at one machine: two or more human seats with player names (hotseat setup names them)."""
    humans = [s for s in session.seats.values() if s.kind == "human"]
    return len(humans) >= 2 and any(s.player for s in humans)


def briefing_text(role: str, text: str, objectives: Sequence[str]) -> str:
    """A seat's private briefing as its dialog shows it: role, text, objectives (hotseat and a joined seat)."""
    listed = "".join(f"\n  - {o}" for o in objectives)
    return (f"{role}\n\n" if role else "") + text + (f"\n\nObjectives:{listed}" if listed else "")


class Match:
    def __init__(self, app: "App", session: GameSession, curtain: bool | None = None) -> None:
        self.app = app
        self.session = session
        self.seat_ui: dict[int | None, SeatUi] = {}
        self.curtain = is_hotseat(session) if curtain is None else curtain
        self.briefed: set[int] = set()
        # hotseat: the state a turn was resolved from and each seat's own stance cards of that turn
        self._sealed: tuple[GameState, dict[int, Mapping[int, StageGame]]] | None = None
        # a game loaded (or re-opened) after a resolved turn: each seat's results of that turn are rebuilt
        # from the record when its curtain first lifts (a save made at a curtain keeps no cards)
        self._cards_from_record = session.record.turns_played > 0 and not session.state.finished
        session.listeners[:] = [f for f in session.listeners if getattr(f, "__func__", None) is not Match._autosave]
        session.listeners.append(self._autosave)      # one autosave per turn, even if a session is re-opened
        app.game = self

    def _autosave(self, session: GameSession) -> None:
        persistence.autosave_session(self.app, session)

    def ui_for(self, nation: int | None) -> SeatUi:
        """The map view and log of one seat (None: the public screen everyone watches in hotseat)."""
        ui = self.seat_ui.get(nation)
        if ui is None:
            rect = pygame.Rect(0, 0, 800, 600)
            st = self.session.state
            ui = SeatUi(MapView(st.gmap, self.app.fonts, rect), LogWidget(self.app.fonts, rect, "Log (mouse wheel scrolls)"),
                        logged_turn=st.turn)
            who = "everyone watches the public view" if nation is None else f"you lead {st.nations[nation].name}"
            self._replay_log(ui.log, nation)
            ui.log.add(f"{st.scenario}: {who}. Turn {st.turn} of {st.victory.max_turns}.", (226, 178, 72), True)
            self.seat_ui[nation] = ui
        return ui

    def _replay_log(self, log: LogWidget, nation: int | None, limit: int = 600) -> None:
        """A loaded game's log starts with what this seat saw of the turns already played (only its own
        share of the events: the public ones, and those addressed to it)."""
        seen = [e for turn in self.session.events_log for e in turn
                if e.visible_to is None or (nation is not None and nation in e.visible_to)]
        for e in seen[-limit:]:
            log.add(event_line(e), event_colour(e))

    def viewer(self) -> int | None:
        """Whose view the resolution shows: the human player's, or the public view in hotseat."""
        if self.curtain:
            return None
        humans = self.session.human_nations() or [n for n in self.session.seats]
        return humans[0]

    def begin(self) -> None:
        """Open the orders phase of the first human seat still to give orders; a finished game (a
        loaded save) opens on its verdict, then the debrief, as a game finishing live does."""
        if self.session.state.finished:
            self.app.reset(self.app.build_screen("verdict", self))
            return
        self.next_seat()

    def next_seat(self) -> None:
        waiting = self.session.waiting_for()
        if not waiting:
            self.resolve()
            return
        seat = waiting[0]
        if self.curtain:
            self.app.reset(self.curtain_for(seat))
        else:
            self.app.reset(self.app.build_screen("game", self.session.port(seat), self.ui_for(seat), self.orders_given,
                                                 first_game=not self.app.settings.walkthrough_done))

    def curtain_for(self, seat: int):
        """"Pass to <state>": public facts only (name, colour, player, turn); the screen comes after."""
        st = self.session.state
        nation = st.nations[seat]
        player = self.session.seats[seat].player
        sub = f"{player}: your orders for turn {st.turn} of {st.victory.max_turns}" if player else \
            f"Orders for turn {st.turn} of {st.victory.max_turns}"
        return self.app.build_screen("curtain", nation.name, lambda: self.open_seat(seat), sub,
                                     colour=hex_rgb(nation.colour),
                                     actions=(("Save game", lambda: persistence.save_current(self.app)),
                                              ("Load game", lambda: persistence.open_load_dialog(self.app)),
                                              ("Quit to title", self.confirm_quit)))

    def open_seat(self, seat: int) -> None:
        """The orders screen of one seat, built now from that seat's view (hotseat: after its curtain)."""
        ui = self.ui_for(seat)
        port = self.session.port(seat)
        if self.curtain and ui.logged_turn < self.session.state.turn:
            for e in port.view.events:          # what this seat saw of the last turn(s), into its own log
                ui.log.add(event_line(e), event_colour(e))
            ui.logged_turn = self.session.state.turn
        self.app.reset(self.app.build_screen("game", port, ui, self.orders_given,
                                             first_game=not self.app.settings.walkthrough_done and not self.curtain))
        self._show_seat_results(seat, ui)
        brief = port.briefing
        if self.curtain and brief and seat not in self.briefed:
            self.briefed.add(seat)
            self.app.render()                   # the dialog's backdrop is this seat's own screen
            self.app.push(MessageDialog(self.app, f"Your briefing: {self.session.state.nations[seat].name}",
                                        briefing_text(brief.role, brief.text, brief.objectives)))

    def seat_results(self, seat: int) -> tuple[PairResult, ...]:
        """Hotseat: ``seat``'s own outcome and payoff with each neighbour in the turn just resolved,
        against the card of its own view; given once (empty afterwards, and when there is none)."""
        if self._sealed is None and self._cards_from_record and self.curtain:
            self._sealed = self.session.last_turn_cards(self.session.human_nations())
        self._cards_from_record = False
        if self._sealed is None:
            return ()
        before, cards = self._sealed
        st = self.session.state
        if seat not in cards or not st.history or st.history[-1].turn != before.turn:
            return ()
        return pair_results(before, st, self.session.record.last_events, seat, cards.pop(seat))

    def seat_results_note(self) -> str | None:
        """The public resolution's word on where the per-pair payoffs went (hotseat only)."""
        if self._sealed is None or not self._sealed[1]:
            return None
        if self.session.state.finished:
            return "The game is over: what each player's pairs paid in this last turn is on their verdict."
        return ("What each pair paid is private to each player (it is measured against their own card): "
                "each sees theirs after the curtain.")

    def _show_seat_results(self, seat: int, ui: SeatUi) -> None:
        results = self.seat_results(seat)
        if not results:
            return
        view = self.app.top.view                # the seat's own screen, just built
        turn = self._sealed[0].turn if self._sealed is not None else view.turn - 1
        ui.log.add(f"Turn {turn}: what your pairs paid (your eyes only)", TEXT_DIM)
        lines = [pair_line(p, view.nations[p.other].name) for p in results]
        for p, line in zip(results, lines):
            ui.log.add("   " + line, OUTCOME_COLOURS.get(p.outcome, TEXT_DIM))
        self.app.render()                       # the dialog's backdrop is this seat's own screen
        self.app.push(MessageDialog(self.app, f"Turn {turn}: what your pairs paid, {view.nations[seat].name}",
                                    "Outcome (your move first), what it paid you in treasury units, and what "
                                    "your stance card predicted:\n\n" + "\n".join(lines)))

    def orders_given(self) -> None:
        if self.curtain:                        # the sealed draft leaves the screen before the next player comes
            for nation, ui in self.seat_ui.items():
                if nation is not None:
                    ui.mapview.highlights = {}
                    ui.mapview.arrows = []
                    ui.mapview.selected = None
        self.next_seat()

    def confirm_quit(self) -> None:
        self.app.push(ConfirmDialog(self.app, "Quit to the title screen?",
                                    "Orders sealed this turn are lost; every resolved turn is in the autosaves "
                                    "(Load game).", self.quit_to_title, yes="Quit"))

    def resolve(self) -> None:
        if self.curtain:                        # each seat's own cards, for its results after the curtain
            self._sealed = (self.session.state, {i: self.session.view_for(i).games
                                                 for i in self.session.human_nations()})
        self.session.start_resolution()
        viewer = self.viewer()
        ui = self.ui_for(viewer)
        if ui.mapview.layers is None:   # the public screen of hotseat is first shown here
            ui.mapview.set_layers(layers_from_view(self.session.view_for(viewer)))
        self.app.reset(self.app.build_screen("resolution", self, viewer))
        if ui.fresh:
            ui.mapview.fit()
            ui.fresh = False

    def quit_to_title(self) -> None:
        if self.app.game is self:
            self.app.game = None
        self.app.reset(self.app.build_screen("title"))


def resume(app: "App", path: str | Path, threaded: bool = True) -> bool:
    """Load ``path`` and continue it (a hotseat game at the curtain of the first seat still to play).
    A bad file shows the error dialog and changes nothing; returns whether the game was opened. An
    encrypted save asks for its password first (returns False; the game opens once it is given)."""
    try:
        loaded = saves.load_game(path)
    except saves.LockedSave:
        persistence.open_locked(app, path, "Open", lambda loaded: _continue(app, loaded, threaded))
        return False
    except FileError as exc:
        app.push(ErrorDialog(app, "This save cannot be loaded", exc.issues))
        return False
    _continue(app, loaded, threaded)
    return True


def _continue(app: "App", loaded: saves.LoadedSave, threaded: bool) -> None:
    session = persistence.session_from(loaded, threaded)
    Match(app, session).begin()
    if loaded.notes:
        app.push(MessageDialog(app, "Loaded, with notes", "\n".join(loaded.notes)))
