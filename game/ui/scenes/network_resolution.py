"""The resolution screen of a seat joined over the network (Join a game): the same screen as at one
machine, fed by the host. It waits (showing which seats have still to seal) until the host's view of
the next turn arrives, then reveals the events this seat may see, its own pairs' payoffs (computed on
the host, sent to this seat alone), its score and the turn summary; Continue goes back to the join screen, which opens the next orders screen."""
from __future__ import annotations

from typing import Callable

from game.engine.results import PairResult
from game.engine.views import PlayerView
from game.session.remote import RemoteSeat

from ..flow import SeatUi
from ..scene import Scene
from .resolution import ResolutionScene


class NetworkResolutionScene(ResolutionScene):
    screen_name = "network_resolution"
    title = "Resolution"

    def __init__(self, app, remote: RemoteSeat, ui: SeatUi, before: PlayerView, score_before: float,
                 on_done: Callable[[], None]) -> None:
        Scene.__init__(self, app)
        self.match = None                    # no local session: the host resolves
        self.remote = remote
        self.viewer = remote.nation
        self.on_done = on_done
        self.after_score = score_before
        self._start(ui, before, score_before)

    def collect(self) -> PlayerView | None:
        r = self.remote
        if r.turn > self.before.turn and r.view is not None and r.view.turn > self.before.turn:
            self.after_score = r.score
            return r.view
        if r.closed or r.client.seal_refused is not None:
            self.on_done()                   # back to the join screen, which says why and what to do
        return None

    def pairs_now(self) -> tuple[PairResult, ...]:
        """This seat's own pairs of the turn, computed on the host (which holds the whole state) and sent to
        this seat alone with the next turn's view."""
        return self.remote.pairs_of(self.before.turn)

    def score_now(self) -> float:
        return self.after_score

    def progress(self) -> tuple[float, str]:
        rows = [row for row in self.remote.client.seats if row.human]
        waiting = [row.name for row in rows if not row.sealed]
        done = (len(rows) - len(waiting)) / len(rows) if rows else 0.0
        return done, ("Waiting for: " + ", ".join(waiting) if waiting else "The host is resolving the turn...")

    def wait_for_host(self, timeout: float) -> bool:
        """While the turn is being resolved elsewhere: block until the host's next message is in (at most
        ``timeout`` s; True if one came). For a driver that steps frames (see NetworkJoinScene)."""
        r = self.remote
        seen = r.version
        if (self.phase != "computing" or self.app.top is not self or r.closed or r.turn > self.before.turn
                or r.client.seal_refused is not None):   # what collect() acts on is already in: no waiting
            return False
        return r.wait_change(seen, timeout)

    def proceed(self) -> None:
        if self.phase != "summary":
            return
        self.mapview.highlights = {}
        self.on_done()
