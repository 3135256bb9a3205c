"""The facilitator's commands on the network host (a seminar: ``host --seminar`` with a facilitator's
passphrase): pause, resume, time, the next phase, messages, injects, edits, rollback, fork, end.

:class:`FacilitatorCommands` is a part of :class:`game.session.host.Host` (its base class), kept in its
own module: the commands act on the host's record, seats, phases, views and autosave, and are checked
here (what a command may do is the host's to decide, never the console's). docs/network.md, "Seminar".
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.facilitator import editable_paths
from game.engine.record import GameRecord, Intervention
from game.engine.replay import rewind

from . import protocol as P
from .net_seminar import check_command
from .seminar import parse_edit_value

if TYPE_CHECKING:
    from .host import _Conn

IDLE_WAIT_S = 30.0         # a rollback or fork waits this long for a turn being resolved, then is refused


def sandbox_path(save: Path) -> Path:
    """A free file name next to ``save`` for its sandbox copy (``game-sandbox.json``, ``game-sandbox-2.json``)."""
    stem = re.sub(r"-sandbox(-\d+)?$", "", save.stem) + "-sandbox"
    path, n = save.with_name(stem + save.suffix), 1
    while path.exists():
        n += 1
        path = save.with_name(f"{stem}-{n}{save.suffix}")
    return path


class FacilitatorCommands:
    """The facilitator's commands of a :class:`~game.session.host.Host` (its attributes: ``record``,
    ``seats``, ``phases``, the turn loop's flags and events, the views and the autosave)."""

    async def _on_command(self, c: _Conn, cmd: P.Command) -> None:
        """A facilitator's command, applied to the phases or, between seals, to the game record."""
        check_command(cmd.action, cmd.seconds, cmd.text, cmd.turn)
        ph = self.phases
        if ph is None:
            raise ValueError("this game is not a seminar")
        self._tick()
        done = ""
        if cmd.action == "pause":
            ph.paused, done = True, "Paused."
        elif cmd.action == "resume":
            ph.paused, done = False, "Resumed."
        elif cmd.action == "add_time":
            ph.add_time(float(cmd.seconds or 0.0))
            done = f"Added {cmd.seconds:g} s."
        elif cmd.action == "next_phase":
            done = f"Now: {ph.next_phase()}."
        elif cmd.action == "end":
            ph.end()
            done = "The game ends after this turn's views."
        elif cmd.action == "message":
            to = None if cmd.to is None else [int(x) for x in cmd.to]
            record, _ = self.record.intervene(Intervention("message", {"text": cmd.text.strip(), "to": to}))
            self.record = record.post(None, cmd.text, to)
            await self._relay(self.record.messages[-1])
            done = "Message sent."
        elif cmd.action == "rollback":
            done = await self._rollback(int(cmd.turn or 0))
        elif cmd.action == "fork":
            done = await self._fork()
        else:                                         # inject, edit: they change the state
            if ph.phase == "orders" or any(s.sealed is not None for s in self.seats.values()):
                raise ValueError(f"{cmd.action}: only before the orders open (in the negotiation or the resolution)")
            if cmd.action == "inject":
                iv = Intervention("inject", {"id": cmd.text.strip()})
            else:
                from_text = _edit_value(self.record, cmd.path or "", cmd.text or "")
                iv = Intervention("edit", {"path": cmd.path, "value": from_text})
            self.record, events = self.record.intervene(iv)
            self._state_changed = True
            await self._rebuild_views()
            done = "; ".join(e.text for e in events) or f"{cmd.action} done."
        self._changed.set()
        await self._broadcast_phase()
        await self._send(c, P.Notice(text=done))

    # --- rollback and fork (the local console's, game.session.seminar) ---------------------------------
    def _check_rewritable(self, action: str) -> None:
        """Rollback and fork only while the turn loop waits for orders (not while a turn resolves)
        and, for a rollback, only while no delegation's seal of the open turn stands: a rollback
        would throw that seal away without its delegation knowing."""
        if self.phases is None or self.phases.phase == "ended":
            raise ValueError(f"{action}: the game has ended")
        if not self._waiting or self._restart:
            raise ValueError(f"{action}: the turn is being resolved; try again when it is done")
        sealed = [self.record.state.nations[s.nation].key for s in self.seats.values() if s.sealed is not None]
        if action == "rollback" and sealed:
            raise ValueError(f"rollback: {', '.join(sealed)} sealed orders for this turn; roll back once it is "
                             "resolved (while the resolution is held), or before anyone seals")

    async def _until_idle(self, action: str) -> None:
        """A rollback or fork that comes while a turn is being resolved (or its views built, or the AI
        seats' orders computed) is taken once the turn loop waits for orders again (within IDLE_WAIT_S)."""
        if self.phases is None or self.phases.phase == "ended":
            raise ValueError(f"{action}: the game has ended")
        try:
            async with asyncio.timeout(IDLE_WAIT_S):
                await self._idle.wait()
        except TimeoutError:
            raise ValueError(f"{action}: the turn is being resolved; try again when it is done") from None

    async def _settle_save(self) -> None:
        """Wait until no autosave of a resolved turn is being written (never two writers of one file)."""
        while self._saving is not None and not self._saving.done():
            await asyncio.shield(self._saving)

    async def _rollback(self, turn: int) -> str:
        """Back to the start of ``turn`` (an earlier turn): the turns after it are undone, the open turn's
        seals and drafts cleared; the turn loop starts again (every seat gets the rewound view, the AI
        seats' orders are computed again) and the autosave is written."""
        now = self.record.state.turn
        if not 1 <= turn < now:
            raise ValueError("rollback: this is turn 1; nothing to roll back" if now == 1
                             else f"rollback: to a turn from 1 to {now - 1}")
        await self._until_idle("rollback")
        self._check_rewritable("rollback")
        await self._settle_save()
        self._check_rewritable("rollback")      # again: a seal or a resolution may have come meanwhile
        self.record = rewind(self.record, turn - 1)
        for o in self._live:
            o.history_held = 0                  # the rewound history goes out whole
        for s in self.seats.values():
            s.sealed, s.draft = None, None
        self._open, self._restart = False, True  # no seal until the loop reopens the rewound turn
        self._pairs = {}                        # the pairs of an undone turn are not shown again
        self.phases.resolving()
        self._autosave()
        told = P.Notice(text=f"The facilitator rolled the game back to the start of turn {turn}.")
        await asyncio.gather(*(self._send(o, told) for o in self._conns() if not o.facilitator))
        # The facilitator's next command waits until the loop has sent the rewound views and phase (a
        # "next phase" taken before would be undone by the reopening turn).
        self._reopened.clear()
        self._changed.set()
        await self._reopened.wait()
        return f"Rolled back to the start of turn {turn}."

    async def _fork(self) -> str:
        """Save the game as it is, then go on in a copy under a new name next to it, marked sandbox
        (the seals of the open turn go on too: the copy's side file has them)."""
        await self._until_idle("fork")
        self._check_rewritable("fork")
        await self._settle_save()
        self._check_rewritable("fork")
        self.sandbox = True
        if self.save is None:
            done = "Forked: play goes on as a sandbox (this game has no autosave)."
        else:
            self._autosave()
            original, self.save = self.save, sandbox_path(self.save)
            self._autosave()
            done = f"Forked into the sandbox {self.save.name} (the game stays in {original.name})."
        told = P.Notice(text=done)
        await asyncio.gather(*(self._send(o, told) for o in self._conns() if not o.facilitator))
        return done

    async def _rebuild_views(self) -> None:
        state, events = self.record.state, self._events()
        humans = [s.nation for s in self.seats.values() if s.human and state.nations[s.nation].alive]
        self._views = await asyncio.to_thread(self._encode_all, state, humans + [None], events)
        self._round += 1
        await self._to_all(self._send_view)


def _edit_value(record: GameRecord, path: str, raw: str) -> float | str:
    """A facilitator's edit, typed as the local console types it (game.session.seminar)."""
    return parse_edit_value(path, raw, editable_paths(record.state))
