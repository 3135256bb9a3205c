"""The window's seat tokens on disk (game.session.seat_tokens): kept per room and seat, newest kept,
private, and a damaged or hostile file is read as empty and written anew, never trusted or fatal."""
from __future__ import annotations

import json
import os

import pytest

from game.session.seat_tokens import MAX_BYTES, MAX_ENTRIES, forget_token, keep_token, read_token


def test_kept_per_room_and_seat_forgotten_and_capped(tmp_path):
    path = tmp_path / "network" / "seat_tokens.json"
    assert read_token(path, "10.0.0.5:8765", "ABC123", "A") is None          # no file yet
    keep_token(path, "10.0.0.5:8765", "abc123", "a", "t" * 32)
    assert read_token(path, "10.0.0.5:8765 ", "ABC123", "A") == "t" * 32    # code and seat case-blind
    assert read_token(path, "10.0.0.5:8765", "ABC124", "A") is None and read_token(path, "10.0.0.5:8765", "ABC123", "B") is None
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    forget_token(path, "10.0.0.5:8765", "ABC123", "A")
    assert read_token(path, "10.0.0.5:8765", "ABC123", "A") is None
    for k in range(MAX_ENTRIES + 5):
        keep_token(path, "h:1", f"R{k}", "A", f"{k:032d}")
    kept = json.loads(path.read_text())
    assert len(kept) == MAX_ENTRIES and read_token(path, "h:1", f"R{MAX_ENTRIES + 4}", "A") == f"{MAX_ENTRIES + 4:032d}"
    assert read_token(path, "h:1", "R0", "A") is None                       # the oldest went first


@pytest.mark.parametrize("content", [b"", b"{", b"[1, 2]", b'{"h|C|A": 5}', b'{"h|C|A": ""}', b"\xff\xfe",
                                     b'{"h|C|A": "' + b"x" * 100 + b'"}', b"{" + b" " * (MAX_BYTES + 10) + b"}"])
def test_a_damaged_or_hostile_file_is_read_as_empty_and_written_anew(tmp_path, content):
    path = tmp_path / "seat_tokens.json"
    path.write_bytes(content)
    assert read_token(path, "h", "C", "A") is None
    keep_token(path, "h", "C", "A", "f" * 32)
    assert read_token(path, "h", "C", "A") == "f" * 32 and json.loads(path.read_text()) == {"h|C|A": "f" * 32}
