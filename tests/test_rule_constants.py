"""Rule numbers live in game/data/constants.yaml and are validated by engine/rules.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.errors import FileError
from game.engine.rules import DATA_DIR, load_rules, max_fort_level


def _data_with(tmp_path: Path, old: str, new: str) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    p = d / "constants.yaml"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new), encoding="utf-8")
    return d


@pytest.mark.parametrize("old,new,where", [
    ("strength_noise: 0.25", "strength_noise: 2.5", "views.strength_noise"),
    ("distinguishable: 0.5", "distinguishable: -1", "balance.distinguishable"),
    ("warning_range: 2", "warning_range: two", "economy.warning_range"),
    ("assault_signature: 0.3", "assault_signature: 1.3", "combat.assault_signature"),
    ("arms_race_cost: 0.08", "arms_race_cost: 0.08\n  fort_cost: 12.0", "economy.fort_cost"),
])
def test_a_bad_constant_is_reported_with_its_place(tmp_path, old, new, where):
    with pytest.raises(FileError) as exc:
        load_rules(_data_with(tmp_path, old, new))
    issue = exc.value.issues[0]
    assert issue.path.endswith(where) or where in str(exc.value)
    assert issue.line is not None


def test_a_changed_constant_reaches_the_rules(tmp_path):
    rules = load_rules(_data_with(tmp_path, "warning_range: 2", "warning_range: 4"))
    assert rules.constants.economy.warning_range == 4
    assert max_fort_level(rules) == len(rules.fortification) - 1 == 3
