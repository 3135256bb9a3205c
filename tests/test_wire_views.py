"""The views sent on the wire (game.session.wire): encoding every seat's view of one state at once
(``canonical_views``, shared parts encoded once) gives exactly the text of each view encoded alone,
and that text decodes to the same view."""
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
    events: list = []
    gmap = map_from_plain(map_to_plain(state.gmap))
    for res in play(state, turns):
        state, events = res.state, res.events
        viewers = [n.id for n in state.nations] + [None]
        views = [player_view(state, me, events) for me in viewers]
        assert len({id(v.history) for v in views}) == 1          # something really is shared
        together = canonical_views(views)
        alone = [canonical(view_to_plain(v)) for v in views]
        assert together == alone
        assert canonical(view_to_plain(view_from_plain(json.loads(together[0]), gmap))) == alone[0]
