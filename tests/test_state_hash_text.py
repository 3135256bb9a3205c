"""``GameState.state_hash`` hashes ``json.dumps(to_plain(), sort_keys=True, separators=(",", ":"))``
exactly, although it writes the owner and fort lists from a per-map memo of their text (issue 14:
the lists are thousands of numbers on a large map and mostly the same from turn to turn)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from game.engine.scenario import new_game
from game.engine.state import _ERA_MARK, _FORT_MARK, _OWNER_MARK, _json_default
from game.sim.runner import play


def plain_hash(state) -> str:
    blob = json.dumps(state.to_plain(), sort_keys=True, separators=(",", ":"), default=_json_default)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def test_state_hash_is_the_hash_of_the_plain_text_turn_after_turn():
    state = new_game("maps/july_1914.yaml", None, 2, ())
    seen = set()
    for res in play(state, 8):
        s = res.state
        assert s.state_hash() == plain_hash(s) == s.history[-1].state_hash
        seen.add(s.state_hash())
    assert len(seen) == 8


def test_a_changed_owner_fort_list_or_era_is_written_afresh_not_from_the_memo():
    state = new_game("maps/four_worlds.yaml", "w1", 1, ())
    first = state.state_hash()
    owner = list(state.owner)
    h = next(k for k, o in enumerate(owner) if o >= 0)
    owner[h] = -1
    fort = list(state.fort)
    fort[h] = 3 if fort[h] != 3 else 0
    other_era = state.era.model_copy(update={"war_cost": state.era.war_cost + 0.5})
    for changed in (replace(state, owner=tuple(owner)), replace(state, fort=tuple(fort)),
                    replace(state, owner=tuple(owner), fort=tuple(fort)), replace(state, era=other_era)):
        assert changed.state_hash() == plain_hash(changed) != first
    assert state.state_hash() == first == plain_hash(state)


def test_a_placeholder_met_elsewhere_in_the_state_still_hashes_the_plain_text():
    state = new_game("maps/four_worlds.yaml", "w1", 1, ())
    for text in (_OWNER_MARK, _FORT_MARK, _ERA_MARK, _OWNER_MARK + _FORT_MARK):
        odd = replace(state, end_reason=text)
        assert odd.state_hash() == plain_hash(odd) != state.state_hash()
