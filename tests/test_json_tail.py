"""A save cut short is told from an edited one by where the parser stops, not by its last character."""
from __future__ import annotations

import json

import pytest

from game.engine.errors import FileError
from game.engine.json_tail import looks_truncated
from game.engine.saves import encode_record, load_game
from recorded import game


@pytest.fixture(scope="module")
def save_text() -> str:
    """A real save's JSON document (what a plain save file holds, and a container's body unpacked)."""
    return encode_record(game("w1", 4, 3)).decode("utf-8")


def error_pos(text: str) -> int:
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(text)
    return info.value.pos


def verdict(text: str) -> bool:
    return looks_truncated(text, error_pos(text))


def test_every_cut_of_a_real_save_is_truncated(save_text):
    # cuts inside strings (the embedded scenario is full of "}" and "]"), numbers, keys, escapes
    cuts = [save_text[:k] for k in range(1, len(save_text) - 1, 13)]
    assert sum(c.rstrip().endswith(("}", "]")) for c in cuts) > 10   # the old last-character guess fails these
    assert all(verdict(c) for c in cuts)


@pytest.mark.parametrize("text", [
    '{"a": "b}', '{"a": "x\\', '{"a": "x\\u12', '{"a": tru', '{"a": -1.', '{"a": [1, 2]', '{"a": {"b": 1}  \n',
    '{"a', '{',
])
def test_prefixes_of_valid_json_are_truncated(text):
    assert verdict(text)


@pytest.mark.parametrize("text", [
    '{"a": 1; "b": 2}',             # a bad delimiter in the middle
    '{"a": x1, "b": "}"}',          # a bad value before a string that ends in a brace
    '{"a": "x\\q", "b": 2}',        # a bad escape
    '{"a": 1} trailing',            # a whole document, then more
    '{"a": 1}}',
    '{"a": "line\nbreak", "b": 1',  # a raw newline inside a string, even near the end
])
def test_edits_are_not_truncated(text):
    assert not verdict(text)


def test_load_game_says_truncated_or_edited(save_text, tmp_path):
    path = tmp_path / "x.json"
    cut = save_text[: save_text.index("}", len(save_text) // 3) + 1]    # cut right after a brace
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(FileError) as err:
        load_game(path)
    assert "truncated" in err.value.issues[0].message
    middle = len(save_text) // 2
    comma = save_text.index(", ", middle)
    path.write_text(save_text[:comma] + ";" + save_text[comma + 1:], encoding="utf-8")
    with pytest.raises(FileError) as err:
        load_game(path)
    assert "edited" in err.value.issues[0].message and "truncated" not in err.value.issues[0].message
