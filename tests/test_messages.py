"""Negotiation messages: public and private channels, archived in the record and in saves."""
from __future__ import annotations

import pytest
from recorded import read, write

from game.engine.errors import FileError
from game.engine.record import start_game
from game.engine.saves import load_game, save_game


def test_M01_private_messages_reach_only_sender_and_recipients_and_survive_a_save(tmp_path):
    rec = start_game("maps/four_worlds.yaml", "w2", seed=3)
    rec = rec.post(0, "We propose a trade treaty.", None)
    rec = rec.post(1, "Between us: we will not build tanks.", [0])
    rec = rec.post(None, "Facilitator: ten minutes left.")
    assert [m.text for m in rec.messages_for(0)] == [m.text for m in rec.messages]
    assert "Between us: we will not build tanks." not in [m.text for m in rec.messages_for(None) if m.to is None]
    rec, _ = rec.play_turn({})
    rec = rec.post(1, "Turn two.", [1])
    path = tmp_path / "g.json"
    save_game(rec, path)
    loaded = load_game(path).record
    assert loaded.messages == rec.messages
    assert [m.turn for m in loaded.messages] == [1, 1, 1, 2]
    assert loaded.messages[1].to == (0,) and loaded.messages[2].sender is None


@pytest.mark.parametrize("sender, text, to, match", [
    (0, "   ", None, "empty"), (5, "hi", None, "no nation 5"), (0, "hi", [], "one or more"),
    (0, "hi", [9], "one or more"), (0, "x" * 5000, None, "limited"),
])
def test_M02_bad_messages_are_refused(sender, text, to, match):
    rec = start_game("maps/four_worlds.yaml", None, seed=1)
    with pytest.raises(ValueError, match=match):
        rec.post(sender, text, to)


def test_M03_a_save_with_a_message_to_a_missing_nation_is_refused(tmp_path):
    rec = start_game("maps/four_worlds.yaml", None, seed=1).post(0, "hello", [1])
    path = tmp_path / "g.json"
    save_game(rec, path)
    data = read(path)
    data["messages"][0]["to"] = [7]
    write(path, data)          # re-sealed, so the check behind the checksum is what is tested
    with pytest.raises(FileError, match=r"messages\[0\]: no nation 7"):
        load_game(path)
