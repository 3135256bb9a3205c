"""The orders a human is composing: an immutable draft plus a history for free undo until End turn."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from game.engine.orders import Attack, Budget, Build, Move, Orders, TreatyProposal


@dataclass(frozen=True)
class Draft:
    stances: Mapping[int, str] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)
    builds: tuple[Build, ...] = ()
    attacks: tuple[Attack, ...] = ()
    proposals: tuple[TreatyProposal, ...] = ()
    accepts: tuple[str, ...] = ()
    leave_alliance: bool = False
    moves: tuple[Move, ...] = ()

    def stance(self, j: int) -> str:
        return self.stances.get(j, "C")

    @classmethod
    def from_orders(cls, o: Orders) -> "Draft":
        """The whole of ``o`` as a draft (orders of this same turn, e.g. kept on a network host)."""
        return cls(stances=dict(o.stances), budget=o.budget, builds=tuple(o.builds), attacks=tuple(o.attacks),
                   proposals=tuple(o.proposals), accepts=tuple(o.accepts), leave_alliance=o.leave_alliance,
                   moves=tuple(o.moves))

    def to_orders(self, nation: int) -> Orders:
        return Orders(nation=nation, stances=dict(self.stances), budget=self.budget, builds=self.builds,
                      attacks=self.attacks, proposals=self.proposals, accepts=self.accepts,
                      leave_alliance=self.leave_alliance, moves=self.moves)


class DraftHistory:
    """Every change pushes a new Draft; undo steps back. Nothing is sent before End turn."""

    def __init__(self, first: Draft) -> None:
        self._stack: list[tuple[Draft, str]] = [(first, "start")]

    @property
    def current(self) -> Draft:
        return self._stack[-1][0]

    @property
    def depth(self) -> int:
        """How many changes are on the stack (undo lowers it)."""
        return len(self._stack) - 1

    @property
    def can_undo(self) -> bool:
        return len(self._stack) > 1

    @property
    def last_change(self) -> str:
        return self._stack[-1][1]

    def push(self, draft: Draft, what: str) -> Draft:
        """Record a change; repeated budget moves (a slider drag) merge into one undo step."""
        if draft != self.current:
            if what == "budget" and self.last_change == "budget" and len(self._stack) > 1:
                self._stack[-1] = (draft, what)
            else:
                self._stack.append((draft, what))
        return self.current

    def amend(self, draft: Draft) -> Draft:
        """Fold a consequence of the last change into it (one undo step takes both back)."""
        self._stack[-1] = (draft, self._stack[-1][1])
        return self.current

    def undo(self) -> str:
        """Undo the last change; returns its description ('' when there was nothing to undo)."""
        if not self.can_undo:
            return ""
        return self._stack.pop()[1]

    # --- edits (each returns the new current draft) -------------------------------------------
    def set_stance(self, j: int, stance: str, name: str = "", their_hexes: frozenset[int] = frozenset()) -> Draft:
        """Cooperating with j also cancels any attack planned on j's hexes (one undo step)."""
        d = self.current
        attacks = d.attacks if stance == "D" else tuple(a for a in d.attacks if a.target not in their_hexes)
        return self.push(replace(d, stances={**d.stances, j: stance}, attacks=attacks),
                         f"{'defect against' if stance == 'D' else 'cooperate with'} {name or j}")

    def set_budget(self, budget: Budget) -> Draft:
        return self.push(replace(self.current, budget=budget), "budget")

    def add_build(self, unit: str, hx: int, label: str = "") -> Draft:
        d = self.current
        builds = list(d.builds)
        for k, b in enumerate(builds):
            if b.unit == unit and b.hex == hx:
                builds[k] = Build(unit, hx, b.count + 1)
                break
        else:
            builds.append(Build(unit, hx, 1))
        return self.push(replace(d, builds=tuple(builds)), f"build {label or unit}")

    def remove_build(self, index: int) -> Draft:
        d = self.current
        if not 0 <= index < len(d.builds):
            return d
        return self.push(replace(d, builds=d.builds[:index] + d.builds[index + 1:]), "remove build")

    def add_attack(self, target: int, source: int) -> Draft:
        d = self.current
        attacks = list(d.attacks)
        for k, a in enumerate(attacks):
            if a.target == target:
                if source not in a.sources:
                    attacks[k] = Attack(target, a.sources + (source,))
                break
        else:
            attacks.append(Attack(target, (source,)))
        return self.push(replace(d, attacks=tuple(attacks)), "attack")

    def add_move(self, move: Move, label: str = "") -> Draft:
        return self.push(replace(self.current, moves=self.current.moves + (move,)), label or "move")

    def drop_attacks_on(self, targets: set[int]) -> Draft:
        d = self.current
        return self.push(replace(d, attacks=tuple(a for a in d.attacks if a.target not in targets)), "cancel attacks")

    def toggle_proposal(self, kind: str, to: int, hexes: tuple[int, ...] = ()) -> Draft:
        d = self.current
        existing = [p for p in d.proposals if p.kind == kind and p.to == to]
        if existing:
            props = tuple(p for p in d.proposals if not (p.kind == kind and p.to == to))
        else:
            props = d.proposals + (TreatyProposal(kind, to, hexes),)
        return self.push(replace(d, proposals=props), f"treaty proposal {kind}")

    def toggle_leave_alliance(self) -> Draft:
        d = self.current
        return self.push(replace(d, leave_alliance=not d.leave_alliance), "leave alliance")

    def toggle_accept(self, pid: str) -> Draft:
        d = self.current
        acc = tuple(a for a in d.accepts if a != pid) if pid in d.accepts else d.accepts + (pid,)
        return self.push(replace(d, accepts=acc), "treaty reply")
