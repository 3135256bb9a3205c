"""Scenario loading: every kind of bad input gets file:line:col messages, and the CLI exits 2."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main as cli
from game.engine.errors import FileError
from game.engine.scenario import load_scenario, new_game

FOUR = Path("maps/four_worlds.yaml")


def _write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _edit(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = FOUR.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, count))


def _issues(path: Path) -> list[str]:
    with pytest.raises(FileError) as exc:
        load_scenario(path)
    return [str(i) for i in exc.value.issues]


def _line_of(path: Path, needle: str) -> int:
    for k, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return k
    raise AssertionError(needle)


def test_L01_capital_outside_the_map_names_file_line_col_and_path(tmp_path):
    p = _edit(tmp_path, "capital: [11, 4]", "capital: [99, 3]")
    msgs = _issues(p)
    line = _line_of(p, "capital: [99, 3]")
    assert f"{p}:{line}:14: states[1].capital: hex (99, 3) is outside the 12x8 map" in msgs


def test_L02_unknown_terrain_symbol_and_wrong_row_width(tmp_path):
    p = _edit(tmp_path, '"hf,,,..,,,fh"', '"hf,,,..,,,fQ"')
    msgs = _issues(p)
    assert any(re.search(r":\d+:\d+: map\.terrain\[0\]: unknown terrain symbol\(s\) 'Q'", m) for m in msgs)
    p = _edit(tmp_path, '"hf,,,..,,,fh"', '"hf,,,..,,,f"')
    assert any("map.terrain[0]: row 0 has 11 hexes; the map is 12 wide" in m for m in _issues(p))


def test_L03_all_problems_of_a_file_are_reported_at_once(tmp_path):
    p = _edit(tmp_path, 'colour: "#c0504d"', 'colour: "red"')
    text = p.read_text().replace("treasury: 120", "treasury: -5", 1)
    p.write_text(text)
    msgs = _issues(p)
    assert any("states[0].colour" in m for m in msgs)
    assert any("states[0].treasury" in m and "greater than or equal to 0" in m for m in msgs)


def test_L04_unknown_unit_for_the_era(tmp_path):
    p = _edit(tmp_path, "units: {infantry: 2}", "units: {tanks: 2}")
    assert any("unknown unit 'tanks' in era 1850" in m for m in _issues(p))


def test_L05_an_error_inside_a_variant_points_into_the_variant(tmp_path):
    p = _edit(tmp_path, 'era: {base: "1940", distinguishability: 0.2}', 'era: {base: "1940", distinguishability: 7}')
    msgs = _issues(p)
    line = _line_of(p, "distinguishability: 7")
    assert any(m.startswith(f"{p}:{line}:") and "era.distinguishability: variant w1:" in m for m in msgs)


def test_L06_unknown_variant_and_bad_set_paths():
    with pytest.raises(FileError, match="no variant 'w9'"):
        new_game(FOUR, "w9")
    with pytest.raises(FileError, match="key=value"):
        new_game(FOUR, None, 1, ["era.distinguishability"])
    with pytest.raises(FileError, match="less than or equal to 1"):
        new_game(FOUR, None, 1, ["era.distinguishability=3"])
    s = new_game(FOUR, "w1", 1, ["era.distinguishability=0.9", "states[1].treasury=50"])
    assert s.era.distinguishability == 0.9 and s.nations[1].treasury == 50


def test_L07_duplicate_keys_aliases_and_size_are_refused(tmp_path):
    p = _edit(tmp_path, "  width: 12\n", "  width: 12\n  width: 13\n")
    assert any("duplicate key 'width'" in m for m in _issues(p))
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nname: *c\n'
    assert any("anchors" in m or "aliases" in m for m in _issues(_write(tmp_path, bomb, "bomb.yaml")))
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert any("50" in m and "KiB" in m or "MiB" in m for m in _issues(big))


def test_L08_not_a_mapping_empty_and_missing_files(tmp_path):
    assert any("must be a mapping" in m for m in _issues(_write(tmp_path, "- a\n- b\n")))
    assert _issues(_write(tmp_path, "# nothing\n"))
    assert any("missing.yaml" in m for m in _issues(tmp_path / "missing.yaml"))


def test_L09_sea_capital_and_sea_owned_hexes(tmp_path):
    p = _edit(tmp_path, '"u,,.....,.,,"', '"~,,.....,.,,"')
    msgs = _issues(p)
    assert any("states[0].capital: capital (0, 3) is at sea" in m for m in msgs)
    assert any("is sea but owned by A" in m for m in msgs)


def test_L10_validate_command_exit_codes(tmp_path, capsys):
    assert cli(["validate", str(FOUR)]) == 0
    bad = _edit(tmp_path, "capital: [11, 4]", "capital: [99, 3]")
    assert cli(["validate", str(FOUR), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "states[1].capital: hex (99, 3) is outside the 12x8 map" in err and "1 of 2 file(s) invalid" in err


def test_L11_run_prints_a_line_per_turn_writes_turns_csv_and_the_same_final_hash(tmp_path, capsys):
    args = ["run", "--scenario", str(FOUR), "--variant", "w4", "--turns", "5", "--seed", "1", "--out", str(tmp_path)]
    assert cli(args) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert cli(args) == 0
    second = capsys.readouterr().out.strip().splitlines()
    assert first == second and first[-1].startswith("final hash ")
    assert sum(1 for line in first if line.startswith("turn ")) == 5
    rows = list(csv.DictReader(open(tmp_path / "turns.csv")))
    assert [r["turn"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert {r["world"] for r in rows} == {"4"} and all(r["outcome"] in ("CC", "CD", "DC", "DD") for r in rows)


@pytest.mark.parametrize("args, needle", [
    (["run", "--scenario", "nope.yaml", "--turns", "2"], "nope.yaml"),
    (["run", "--scenario", str(FOUR), "--turns", "0"], "at least 1"),
    (["run", "--scenario", str(FOUR), "--seed", "abc"], "seed"),
    (["run", "--scenario", str(FOUR), "--variant", "zz"], "no variant 'zz'"),
    (["run", "--scenario", str(FOUR), "--bogus"], "unrecognized arguments"),
])
@pytest.mark.slow
def test_L12_run_bad_input_is_one_line_and_exit_2(args, needle):
    proc = subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr


def test_L13_shipped_scenarios_all_validate():
    files = sorted(str(p) for p in Path("maps").glob("*.yaml"))
    assert files and cli(["validate", *files]) == 0
