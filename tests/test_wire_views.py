"""The views sent on the wire (game.session.wire): encoding every seat's view of one state at once
(``canonical_views``, shared parts encoded once) gives exactly the text of each view encoded alone,
that text decodes to the same view, and its cut without the first k entries of history is that view
with only the later entries."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.record import start_game
from game.engine.views import player_view
from game.sim.runner import play
from game.session.wire import canonical, canonical_views, map_from_plain, map_to_plain, view_from_plain, view_to_plain

MAPS = Path(__file__).resolve().parent.parent / "maps"


@pytest.mark.parametrize("scenario,turns", [("island_continent.yaml", 6), ("july_1914.yaml", 3)])
def test_views_encoded_together_are_the_views_encoded_alone(scenario, turns):
    state = start_game(MAPS / scenario, None, 3).state
    gmap = map_from_plain(map_to_plain(state.gmap))
    first = start_game(MAPS / scenario, None, 3).state               # turn 1: no history yet (an empty tuple)
    for state, events in [(first, [])] + [(res.state, res.events) for res in play(state, turns)]:
        viewers = [n.id for n in state.nations] + [None]
        views = [player_view(state, me, events) for me in viewers]
        assert len({id(v.history) for v in views}) == 1          # something really is shared
        together = canonical_views(views)
        alone = [canonical(view_to_plain(v)) for v in views]
        assert [t.full() for t in together] == alone
        assert canonical(view_to_plain(view_from_plain(json.loads(together[0].full()), gmap))) == alone[0]
        # cut around the history: the text with the history from entry k on is the view with that history
        for k in range(len(views[0].history) + 1):
            cut = json.loads(together[0].since(k))
            assert cut == {**json.loads(alone[0]), "history": json.loads(alone[0])["history"][k:]}


def test_estimates_are_written_directly_exactly_as_json_would_and_odd_values_go_the_general_way():
    from game.engine.views import ForceEstimate
    from game.session.wire import _estimates_text, to_plain
    state = start_game(MAPS / "island_continent.yaml", None, 3).state
    for res in play(state, 2):
        state = res.state
    est = player_view(state, 0, []).estimates
    assert est and _estimates_text(est) == canonical(to_plain(est))
    odd = {5: ForceEstimate(float("nan"), 1.0, 0.5, 2)}
    assert _estimates_text(odd) is None and _estimates_text({5: ForceEstimate(1, 1.0, 0.5, 2)}) is None
    assert _estimates_text({}) == canonical(to_plain({})) == "[]"
