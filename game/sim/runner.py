"""Headless game loop: every state's orders come from a policy that sees only its own view."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping

from game.ai.controller import ai_orders
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.state import Event, GameState
from game.engine.views import PlayerView, player_view

Policy = Callable[[PlayerView], Orders]


def default_policy() -> Policy:
    """The AI planner (``game.ai.controller.ai_orders``)."""
    return ai_orders


@dataclass
class TurnResult:
    state: GameState                 # the state after the turn
    orders: Mapping[int, Orders]
    events: list[Event] = field(default_factory=list)


def play(state: GameState, turns: int, policy: Policy | None = None,
         human_orders: Callable[[GameState, int, list[Event]], Orders] | None = None) -> Iterator[TurnResult]:
    """Yield one TurnResult per turn until ``turns`` turns are played or the game ends."""
    policy = policy or default_policy()
    events: list[Event] = []
    for _ in range(turns):
        if state.finished:
            return
        orders = {}
        for i in state.alive_ids():
            if human_orders is not None and state.nations[i].controller == "human":
                orders[i] = human_orders(state, i, events)
            else:
                orders[i] = policy(player_view(state, i, events))
        state, events = resolve_turn(state, orders)
        yield TurnResult(state, orders, events)
