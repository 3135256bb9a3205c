"""A joined seat's desk in the seminar's negotiation screen (game.ui.scenes.negotiation): what the local
seminar's ``NegotiationPort`` offers that screen, read from what the host sent this seat (its messages,
briefing, view and the phase) and writing with ``say``. The host archives and routes every message; this
port only reads and sends. No pygame here."""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.record import Message

from .seminar import NEWS_KINDS, Delegation, RoleSheet

if TYPE_CHECKING:
    from .remote import RemoteSeat


def clock_text(seconds: float) -> str:
    """``272.4`` -> ``"4:33"`` (whole seconds, rounded up: 0:00 only once the time is up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class RemoteTimer:
    """The phase's countdown as of now (the screen reads ``text``, ``remaining``, ``running``)."""
    remaining: float
    running: bool

    @property
    def text(self) -> str:
        return clock_text(self.remaining)


class RemoteNegotiationPort:
    """The desk of the seat ``remote`` plays. ``time_up`` once the negotiation it was opened in is over
    (opened in another phase: never; the desk is left by hand)."""

    def __init__(self, remote: RemoteSeat) -> None:
        self.remote = remote
        self.viewer: int | None = remote.nation
        phase = remote.client.phase
        self._opened_in = (phase.turn, phase.phase) if phase is not None else None

    @property
    def messages(self) -> tuple[Message, ...]:
        return tuple(Message(int(m["turn"]), m["sender"], None if m["to"] is None else tuple(m["to"]), str(m["text"]))
                     for m in self.remote.client.messages)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.remote.view.nations)

    @property
    def colours(self) -> tuple[str, ...]:
        return tuple(n.colour for n in self.remote.view.nations)

    def delegations(self) -> list[Delegation]:
        return [Delegation(row.nation, row.name) for row in self.remote.client.seats if row.human]

    def delegation_name(self, nation: int) -> str:
        return self.names[nation]

    def sender_label(self, m: Message) -> str:
        return "Facilitator" if m.sender is None else self.names[m.sender]

    def channel_label(self, m: Message) -> str:
        return "public" if m.to is None else "private to " + ", ".join(self.names[i] for i in m.to)

    def post(self, text: str, to: Sequence[int] | None = None, sender: int | None = None) -> None:
        """Send as this seat (``to`` None: public); raises ValueError when there is nothing to send or it
        could not be sent. The host's echo brings it into :attr:`messages`."""
        if not text.strip():
            raise ValueError("an empty message")
        if not self.remote.say(text.strip(), None if to is None else list(to)):
            raise ValueError(f"not sent: {self.remote.error}")

    @property
    def role(self) -> RoleSheet | None:
        b = self.remote.briefing
        me = self.remote.view.nations[self.remote.nation]
        return RoleSheet(me.id, me.name, me.colour, str(b.get("role") or ""), str(b.get("briefing") or ""),
                         tuple(str(o) for o in b.get("objectives") or ()))

    @property
    def news(self) -> list[str]:
        return [e.text for e in self.remote.view.events if e.kind in NEWS_KINDS]

    @property
    def timer(self) -> RemoteTimer:
        c = self.remote.client
        ph = c.phase
        if ph is None or ph.seconds_left is None:
            return RemoteTimer(0.0, False)
        left = ph.seconds_left if ph.paused else max(0.0, ph.seconds_left - (time.monotonic() - c.phase_at))
        return RemoteTimer(left, not ph.paused and left > 0)

    @property
    def paused(self) -> bool:
        ph = self.remote.client.phase
        return ph is not None and ph.paused

    @property
    def time_up(self) -> bool:
        ph = self.remote.client.phase
        now = (ph.turn, ph.phase) if ph is not None else None
        return self.remote.closed or (self._opened_in is not None and self._opened_in[1] == "negotiation"
                                      and now != self._opened_in)

    @property
    def turn(self) -> int:
        return self.remote.turn

    @property
    def max_turns(self) -> int:
        return self.remote.max_turns

    @property
    def scenario(self) -> str:
        return self.remote.scenario_name

    @property
    def sandbox(self) -> bool:
        return False
