"""The common part of the screens fed by a joined connection with no seat (the network facilitator's
console, the room screen)."""
from __future__ import annotations

from game.session.remote import RemoteSeat

from .scene import Scene


class RemoteWatch(Scene):
    """A screen fed by a joined connection with no seat (the facilitator's console, the room screen):
    Back stops it; a test driver blocks on the host's next message once everything is taken in."""

    remote: RemoteSeat
    _version: int
    _phase_shown: str | None

    def back(self) -> None:
        self.remote.stop()
        self.app.pop()

    def wait_for_host(self, timeout: float) -> bool:
        """Block until the host's next message is in, once this screen has taken in everything (a driver
        stepping frames; see NetworkJoinScene)."""
        r = self.remote
        if r.closed or self.app.top is not self or r.version != self._version:
            return False
        return r.wait_change(self._version, timeout)

    def wants_redraw(self) -> bool:
        return self.remote.version != self._version or self.remote.phase_text() != self._phase_shown
