"""Headless game loop: every state's orders come from a policy that sees only its own view."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping, Sequence

from game.ai.controller import ai_orders
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.state import Event, GameState
from game.engine.views import PlayerView, player_view

Policy = Callable[[PlayerView], Orders]


def default_policy() -> Policy:
    """The AI planner (``game.ai.controller.ai_orders``)."""
    return ai_orders


@dataclass(frozen=True)
class TurnResult:
    """One resolved turn: the state after it, every state's orders, and the turn's events."""
    state: GameState
    orders: Mapping[int, Orders]
    events: list[Event] = field(default_factory=list)


def resolve_with_ai(state: GameState, given: Mapping[int, Orders], ai_nations: Sequence[int],
                    events: Sequence[Event], policy: Policy, on_ai_done: Callable[[], None] | None = None) -> TurnResult:
    """The one turn loop: the AI states' orders from their own views (``on_ai_done`` after each, for
    progress bars), the ``given`` (human) orders beside them, then the pure resolution. Headless runs
    (:func:`play`) and the window's turn job both go through here."""
    orders = dict(given)
    for i in ai_nations:
        orders[i] = policy(player_view(state, i, list(events)))
        if on_ai_done is not None:
            on_ai_done()
    new_state, new_events = resolve_turn(state, orders)
    return TurnResult(new_state, orders, list(new_events))


def play(state: GameState, turns: int, policy: Policy | None = None,
         human_orders: Callable[[GameState, int, list[Event]], Orders] | None = None) -> Iterator[TurnResult]:
    """Yield one TurnResult per turn until ``turns`` turns are played or the game ends."""
    policy = policy or default_policy()
    events: list[Event] = []
    for _ in range(turns):
        if state.finished:
            return
        humans = [i for i in state.alive_ids()
                  if human_orders is not None and state.nations[i].controller == "human"]
        given = {i: human_orders(state, i, events) for i in humans} if human_orders is not None else {}
        result = resolve_with_ai(state, given, [i for i in state.alive_ids() if i not in given], events, policy)
        state, events = result.state, result.events
        yield result
