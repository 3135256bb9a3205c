"""The hidden-type vocabulary has one registry (engine/hidden_types): the scenario schema, the
scoring, the AI profiles and the screens that reveal types all read it."""
from __future__ import annotations

import typing
from dataclasses import replace
from pathlib import Path

import pytest

from game.ai.types import PROFILES, profile_of
from game.engine.hidden_types import DEFAULT_TYPE, HIDDEN_TYPES, TYPE_KEYS, hidden_type, type_name
from game.engine.scenario import new_game
from game.engine.scenario_schema import StateSpec
from game.engine.scoring import scores
from game.engine.state import Nation

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def test_registry_keys_are_unique_and_the_default_is_one_of_them():
    assert len(set(TYPE_KEYS)) == len(HIDDEN_TYPES) and DEFAULT_TYPE in TYPE_KEYS


def test_the_schema_accepts_exactly_the_registry_keys():
    assert set(typing.get_args(StateSpec.model_fields["ai_type"].annotation)) == set(TYPE_KEYS)
    assert StateSpec.model_fields["ai_type"].default == DEFAULT_TYPE


def test_every_type_has_one_ai_profile_and_a_display_name():
    assert set(PROFILES) == set(TYPE_KEYS)
    assert profile_of("nonsense") is PROFILES[DEFAULT_TYPE]
    assert type_name("insecure_greedy") == "insecure greedy" and type_name("nonsense") == "nonsense"


@pytest.mark.parametrize("key", TYPE_KEYS)
def test_scoring_weighs_by_the_registry(key):
    state = new_game(FOUR_WORLDS, "w1", seed=1)
    state = replace(state, nations=tuple(replace(n, ai_type=key) for n in state.nations))
    wp, ws, wc = hidden_type(key).score_weights
    for sc in scores(state):
        assert sc.total == pytest.approx(wp * sc.prosperity + ws * sc.security + wc * sc.conquest, abs=1e-2)
    assert Nation.__dataclass_fields__["ai_type"].default == DEFAULT_TYPE
