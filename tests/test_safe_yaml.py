"""Tests for the strict YAML loader and FileError (both libyaml and pure parsers)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import files, safe_yaml
from game.engine.errors import FileError, FileIssue
from game.engine.safe_yaml import format_loc, issue_at, load_yaml, node_at, pydantic_issues

BACKENDS = ["libyaml", "pure"] if hasattr(yaml, "CSafeLoader") else ["pure"]


@pytest.fixture(autouse=True, params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with the libyaml parser and with the pure-Python one."""
    base = yaml.CSafeLoader if request.param == "libyaml" else yaml.SafeLoader
    monkeypatch.setattr(safe_yaml, "_Base", base)
    monkeypatch.setattr(safe_yaml, "_StrictLoader", safe_yaml._make_strict(base))
    return request.param


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def errors_of(path: str) -> tuple[FileIssue, ...]:
    with pytest.raises(FileError) as info:
        load_yaml(path)
    return info.value.issues


def test_valid_file_round_trip(tmp_path: Path) -> None:
    text = ("size: {width: 60, height: 40}\nstates:\n"
            "  - name: Ruritania\n    capital: [3, 4]\n    note: 'R&D * 2'\n")
    loaded = load_yaml(write(tmp_path, text))
    assert loaded.data == yaml.safe_load(text)
    assert loaded.data["states"][0]["note"] == "R&D * 2"  # & and * inside strings are fine
    assert isinstance(loaded.root, yaml.MappingNode)
    assert loaded.file.endswith("x.yaml")


def test_empty_document_is_none(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, "# only a comment\n"))
    assert loaded.data is None and loaded.root is None


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.yaml")
    (issue,) = errors_of(path)
    assert str(issue) == f"{path}: file not found"


def test_directory(tmp_path: Path) -> None:
    (issue,) = errors_of(str(tmp_path))
    assert issue.message == "is a directory, not a YAML file"


def test_non_utf8_bytes(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes(b"a: 1\nname: caf\xe9\n")
    (issue,) = errors_of(str(p))
    assert (issue.line, issue.col) == (2, 10)
    assert "not valid UTF-8 (byte 0xe9)" in issue.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbfname: caf\xc3\xa9\n")
    assert load_yaml(str(p)).data == {"name": "café"}


def test_size_cap_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no disk used

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened despite being over the cap")

    monkeypatch.setattr(files, "open", no_open, raising=False)
    (issue,) = errors_of(str(p))
    assert issue.message == ("file is 52428800 bytes (50.0 MiB), over the limit of "
                             "524288 bytes (512 KiB) for a YAML file")


def test_size_cap_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 12345\n")
    with pytest.raises(FileError, match="file is 9 bytes .* limit of 8 bytes"):
        load_yaml(path, max_bytes=8)
    assert load_yaml(path, max_bytes=9).data == {"a": 12345}


def test_billion_laughs_rejected(tmp_path: Path) -> None:
    lines = ['lol0: &a0 "lol"']
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    issues = errors_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert str(issues[0]).endswith("x.yaml:1:7: YAML anchors (&a0) are not allowed; write the value out")
    assert (issues[2].line, issues[2].col, issues[2].message) == (
        2, 12, "YAML aliases (*a0) are not allowed; write the value out")
    assert len(issues) == 21  # capped at 20, then a summary of the other 71 anchors/aliases
    assert issues[-1].message == "... and 71 more anchors/aliases"


def test_single_innocent_anchor_and_alias_rejected(tmp_path: Path) -> None:
    issues = errors_of(write(tmp_path, "base: &b {hp: 3}\nunit:\n  stats: *b\n"))
    assert [(i.line, i.col, i.message) for i in issues] == [
        (1, 7, "YAML anchors (&b) are not allowed; write the value out"),
        (3, 10, "YAML aliases (*b) are not allowed; write the value out"),
    ]


def test_duplicate_keys_reported_with_both_lines(tmp_path: Path) -> None:
    text = "name: A\nstates:\n  - name: X\n    capital: [1, 2]\n    capital: [3, 4]\nname: B\n"
    issues = errors_of(write(tmp_path, text))
    assert [str(i).split("x.yaml:")[1] for i in issues] == [
        "5:5: states[0].capital: duplicate key 'capital' at line 5 (first defined at line 4)",
        "6:1: name: duplicate key 'name' at line 6 (first defined at line 1)",
    ]


def test_equal_keys_spelled_differently_are_duplicates(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "1: a\n0x1: b\n"))
    assert issue.message == "duplicate key 1 at line 2 (first defined at line 1)"


def test_python_tag_rejected(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "a: 1\ncmd: !!python/object/apply:os.system ['echo hi']\n"))
    assert str(issue).endswith("x.yaml:2:6: cmd: tag !!python/object/apply:os.system is not allowed")


def test_merge_key_rejected(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "unit:\n  <<: {hp: 3}\n  hp: 4\n"))
    assert (issue.line, issue.col, issue.path) == (2, 3, "unit")
    assert issue.message.startswith("merge keys (<<) are not allowed")


def test_syntax_error_has_line_and_col(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "a: 1\n  b: 2\n"))
    assert (issue.line, issue.col) == (2, 4)
    assert issue.message.startswith("mapping values are not allowed")


def test_multiple_documents_rejected(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "a: 1\n---\nb: 2\n"))
    assert issue.line == 2 and "expected a single document" in issue.message


def test_control_character_located(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, 'a: 1\nb: "x\x01"\n'))
    assert (issue.line, issue.col, issue.message) == (2, 6, "character '\\x01' is not allowed in YAML")


def test_bad_timestamp_located(tmp_path: Path) -> None:
    (issue,) = errors_of(write(tmp_path, "start: 2020-13-45\n"))
    assert (issue.line, issue.col) == (1, 8)
    assert "month must be in 1..12" in issue.message


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"],
                         ids=["flow", "block"])
def test_deep_nesting_rejected(tmp_path: Path, text: str) -> None:
    # libyaml's composer segfaults at this depth. Either our event pass stops it at 65 levels or
    # (libyaml >= 0.2.6, bundled with newer PyYAML wheels) the scanner stops it first in its own
    # words: what matters is one located error, no crash.
    (issue,) = errors_of(write(tmp_path, text))
    assert issue.line == 1 and issue.col is not None and issue.message


def test_nesting_limit_is_ours_at_64_levels(tmp_path: Path) -> None:
    # Far below any parser's own limit, so this is our check whatever the PyYAML version.
    assert load_yaml(write(tmp_path, "[" * 64 + "]" * 64)).data is not None
    (issue,) = errors_of(write(tmp_path, "[" * 65 + "]" * 65))
    assert (issue.line, issue.col, issue.message) == (1, 65, "nesting deeper than 64 levels")
    (issue,) = errors_of(write(tmp_path, "- " * 65 + "x"))
    assert issue.message == "nesting deeper than 64 levels"


def test_yaml11_no_still_loads_as_false(tmp_path: Path) -> None:
    # Documented: YAML 1.1 booleans survive loading; the schema layer rejects them.
    assert load_yaml(write(tmp_path, "country: NO\nversion: 1.10\n")).data == {
        "country": False, "version": 1.1}


NESTED = "size:\n  width: 60\nstates:\n  - name: A\n  - name: B\n    capital: [99, 3]\n"


def test_node_at_format_loc_issue_at(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, NESTED))
    assert loaded.root is not None
    node = node_at(loaded.root, ("states", 1, "capital"))
    assert (node.start_mark.line + 1, node.start_mark.column + 1) == (6, 14)
    assert node_at(loaded.root, ("states", 1, "capital", 0)).value == "99"
    # stops at the deepest node reached: missing key / index out of range
    assert node_at(loaded.root, ("states", 0, "capital")).start_mark.line + 1 == 4
    assert node_at(loaded.root, ("states", 7)) is node_at(loaded.root, ("states",))
    assert format_loc(("states", 2, "capital")) == "states[2].capital"
    assert format_loc((0, "a", 1, 2)) == "[0].a[1][2]"
    assert format_loc(()) == ""
    issue = issue_at(loaded, ("states", 1, "capital"), "hex (99, 3) is outside the 60x40 map")
    assert str(issue) == f"{loaded.file}:6:14: states[1].capital: hex (99, 3) is outside the 60x40 map"


def test_file_issue_and_error_formatting() -> None:
    a = FileIssue("m.yaml", 56, 14, "states[2].capital", "bad")
    b = FileIssue("m.yaml", None, None, "", "file not found")
    assert str(b) == "m.yaml: file not found"
    assert str(FileIssue("m.yaml", 3, None, "x", "y")) == "m.yaml:3: x: y"
    err = FileError(iter([a, b]))
    assert err.issues == (a, b)
    assert str(err) == "m.yaml:56:14: states[2].capital: bad\nm.yaml: file not found"
    assert pickle.loads(pickle.dumps(err)).issues == (a, b)


class State(pydantic.BaseModel):
    name: str
    strength: int = pydantic.Field(ge=1)
    colour: str

    @pydantic.field_validator("colour")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not v.startswith("#"):
            raise ValueError("colour must look like #rrggbb")
        return v


class Doc(pydantic.BaseModel):
    states: list[State]


def test_pydantic_issues_locates_each_error(tmp_path: Path) -> None:
    text = ("states:\n  - name: A\n    strength: 3\n    colour: '#ff0000'\n"
            "  - name: B\n    strength: -2\n    colour: red\n")
    loaded = load_yaml(write(tmp_path, text))
    with pytest.raises(pydantic.ValidationError) as info:
        Doc.model_validate(loaded.data)
    issues = pydantic_issues(loaded, info.value)
    assert [(i.line, i.col, i.path, i.message) for i in issues] == [
        (6, 15, "states[1].strength", "Input should be greater than or equal to 1"),
        (7, 13, "states[1].colour", "colour must look like #rrggbb"),
    ]


safe_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
safe_docs = st.recursive(
    safe_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=safe_docs)
@pytest.mark.slow
def test_round_trip_property(tmp_path: Path, doc: object) -> None:
    path = write(tmp_path, yaml.safe_dump(doc), "prop.yaml")
    assert load_yaml(path).data == doc
