"""What a view reuses from the last state seen on the same map (issue 14) is only reused when it
is the same: the public history of an earlier, a later or a forked state, and the perceived era."""
from __future__ import annotations

from dataclasses import replace

from game.engine.scenario import new_game
from game.engine.views import PublicTurn, player_view
from game.sim.runner import play


def fresh_history(state):
    return tuple(PublicTurn(t.turn, t.stances, t.outcomes, t.wars, t.territory, t.attacks) for t in state.history)


def test_public_history_follows_the_state_asked_for_not_the_last_one_seen():
    states = [r.state for r in play(new_game("maps/four_worlds.yaml", "w1", 1, ()), 6)]
    order = [states[2], states[5], states[1], states[4], states[4], states[0]]     # later, earlier, again
    for s in order:
        view = player_view(s, 0)
        assert view.history == fresh_history(s) and len(view.history) == len(s.history)
    # a fork: the same turns up to 3, then a different record (a rollback's other branch)
    base = states[3]
    odd = replace(base.history[-1], attacks=base.history[-1].attacks + 7)
    fork = replace(base, history=base.history[:-1] + (odd,))
    player_view(base, 1)
    assert player_view(fork, 1).history == fresh_history(fork)
    assert player_view(fork, 1).history[-1].attacks == base.history[-1].attacks + 7
    assert player_view(base, 1).history[-1].attacks == base.history[-1].attacks


def test_the_perceived_era_follows_the_state_era():
    state = new_game("maps/july_1914.yaml", None, 1, ())
    seen = player_view(state, 0).era
    assert seen.defence_tech == state.era.perceived_tech() and seen.perceived_defence_tech is None
    other = replace(state, era=state.era.model_copy(update={"perceived_defence_tech": 0.5}))
    assert player_view(other, 0).era.defence_tech == 0.5
    assert player_view(state, 0).era.defence_tech == state.era.perceived_tech()
