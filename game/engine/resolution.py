"""The scratchpad of one turn's resolution: the state being changed, the orders, the events so far.

Its own module so that the phases of resolution (``resolve.py``, ``economy.py``) can share it without
importing each other.
"""
from __future__ import annotations

from typing import Mapping

from .balance import border_axes, neighbour_dyads
from .orders import Orders
from .state import AllianceCall, Dyad, Event, GameState, Proposal


class Resolution:
    """Mutable scratchpad for one resolution; only :func:`resolve_turn` creates and uses it."""

    def __init__(self, state: GameState, orders: Mapping[int, Orders]):
        self.s = state
        self.rng = state.rng()
        self.turn = state.turn
        self.owner = list(state.owner)
        self.fort = list(state.fort)
        self.units = {h: dict(st) for h, st in state.units.items()}
        self.nations = list(state.nations)
        self.treaties = list(state.treaties)
        self.events: list[Event] = []
        alive = set(state.alive_ids())
        self.orders = {i: orders.get(i) or Orders(i) for i in sorted(alive)}
        self.axes = border_axes(state)
        self.pairs = neighbour_dyads(self.axes, alive)
        self.stances: dict[tuple[int, int], str] = {}
        for a, b in self.pairs:
            self.stances[(a, b)] = self.orders[a].stance_toward(b)
            self.stances[(b, a)] = self.orders[b].stance_toward(a)
        self.wars: set[Dyad] = set()
        self.attacks = 0
        self.first_strikes = 0
        self.arms_spent = [0.0] * len(self.nations)
        self.econ_spent = [0.0] * len(self.nations)
        self.income = [0.0] * len(self.nations)
        self.warned: set[tuple[int, int]] = set()
        self.new_proposals: list[Proposal] = []
        self.surprised: set[tuple[int, int]] = set()   # (attacker, defender) of surprise strikes this turn
        self.struck: list[tuple[int, int]] = []         # (attacker, defender state) of every attack, in order
        self.alliances = list(state.alliances)
        self.abandoned = list(state.abandoned)
        self.new_calls: list[AllianceCall] = []
        self.calls_now = 0
        self.honoured = 0
        self.abandoned_now = 0

    def emit(self, kind: str, text: str, visible_to: tuple[int, ...] | None = None, **data: object) -> None:
        self.events.append(Event(self.turn, kind, text, data, visible_to))

    def name(self, i: int) -> str:
        return self.nations[i].name
