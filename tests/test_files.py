"""One capped file reader (engine/files.py) behind the YAML loader, saves and recorded scenarios."""
from __future__ import annotations

import pytest

from game.engine import files
from game.engine.errors import FileError
from game.engine.files import read_capped, read_text_capped
from game.engine.record import read_scenario_text
from game.engine.safe_yaml import load_yaml
from game.engine.saves import read_json


def test_the_three_loaders_refuse_an_oversized_file_before_opening_it(tmp_path, monkeypatch):
    p = tmp_path / "big.yaml"
    with open(p, "wb") as f:
        f.truncate(100 * 1024 * 1024)          # sparse

    def no_open(*args, **kwargs):
        raise AssertionError("opened despite being over the cap")

    monkeypatch.setattr(files, "open", no_open, raising=False)
    for load, what in ((load_yaml, "a YAML file"), (read_scenario_text, "a scenario"), (read_json, "a save")):
        with pytest.raises(FileError, match=f"over the limit of .* for {what}"):
            load(p)


def test_a_file_that_grows_past_the_cap_is_refused(tmp_path, monkeypatch):
    p = tmp_path / "x.txt"
    p.write_bytes(b"a" * 10)
    real_stat = files.os.stat

    class Small:
        def __init__(self, st):
            self.st_mode, self.st_size = st.st_mode, 5

    monkeypatch.setattr(files.os, "stat", lambda f: Small(real_stat(f)))
    with pytest.raises(FileError, match="file is 9 bytes .* over the limit of 8 bytes"):
        read_capped(p, 8, "a test file")       # read stops at cap + 1


def test_bad_utf8_is_placed_and_a_bom_dropped(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\nb: \xe9\n")
    with pytest.raises(FileError) as exc:
        read_text_capped(p, 1000, "a YAML file", "save the file as UTF-8")
    issue = exc.value.issues[0]
    assert (issue.line, issue.col) == (2, 4) and "byte 0xe9" in issue.message
    p.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text_capped(p, 1000, "a YAML file", "") == "a: 1\n"


def test_missing_and_directories(tmp_path):
    with pytest.raises(FileError, match="file not found"):
        read_capped(tmp_path / "nope", 10, "a save")
    with pytest.raises(FileError, match="is a directory, not a save"):
        read_capped(tmp_path, 10, "a save")
