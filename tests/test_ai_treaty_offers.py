"""The AI never offers (or accepts) a treaty that is already in force."""
from __future__ import annotations

from dataclasses import replace

from game.ai.controller import ai_orders
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.scenario import new_game
from game.engine.views import player_view


def test_an_accepted_offer_is_not_offered_again_once_in_force() -> None:
    """Aland (a player who accepts every offer) and a trusting AI: before the fix the AI repeated
    its offer while the first one was being accepted, so an offer of a treaty in force arrived."""
    state = new_game("maps/four_worlds.yaml", "w4", seed=2)
    nations = list(state.nations)
    nations[1] = replace(nations[1], difficulty="hard")
    state = replace(state, nations=tuple(nations))
    events: list = []
    offers = 0
    for _ in range(12):
        mine = player_view(state, 0, events)
        in_force = {(t.parties, t.kind) for t in mine.treaties}
        for p in mine.proposals_to_me:
            offers += 1
            assert ((0, 1), p.kind) not in in_force, f"turn {state.turn}: offered a {p.kind} treaty already in force"
        human = Orders(0, stances={1: "C"}, accepts=tuple(p.id for p in mine.proposals_to_me))
        state, events = resolve_turn(state, {0: human, 1: ai_orders(player_view(state, 1, events))})
    assert offers >= 2, "the AI should have offered treaties to a cooperating neighbour"
    assert {"trade", "non_aggression"} <= {t.kind for t in state.treaties}


def test_a_proposal_for_a_treaty_in_force_is_not_accepted() -> None:
    from game.engine.state import Proposal, Treaty
    state = new_game("maps/four_worlds.yaml", "w4", seed=2)
    state = replace(state, treaties=(Treaty("trade", (0, 1), 1),),
                    proposals=(Proposal("1:0:1:trade:0", "trade", 0, 1, 1),))
    o = ai_orders(player_view(state, 1, ()))
    assert "1:0:1:trade:0" not in o.accepts
    assert not any(p.kind == "trade" for p in o.proposals)
