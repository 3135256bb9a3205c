"""Strict, bounded YAML loading for hand-written maps and scenarios.

``yaml.safe_load`` is not enough for user files: a 345-byte
alias bomb explodes any walk of its data, 50 MB takes minutes and GiBs, deep
``[[[[`` nesting segfaults libyaml's composer, duplicate keys silently overwrite.
:func:`load_yaml` therefore (1) checks the size with ``os.stat`` before reading,
(2) streams parser events once to reject anchors, aliases, too-deep nesting and
syntax errors, (3) composes the tree and rejects duplicate keys, merge keys and
unknown tags (all reported together), (4) builds data with the safe constructor.
YAML 1.1 scalars still apply (``NO`` -> False); the schema layer catches those.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

import pydantic
import yaml

from game.engine.errors import FileError, FileIssue
from game.engine.files import read_text_capped

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_DEPTH", "LoadedYaml", "load_yaml", "parse_yaml_text",
           "node_at", "format_loc", "issue_at", "pydantic_issues"]

MAX_YAML_BYTES = 512 * 1024
MAX_YAML_DEPTH = 64
_MAX_ANCHOR_ISSUES = 20
_MAX_KEY_SHOWN = 60


def _make_strict(base: type) -> type:
    """A subclass of ``base`` whose constructor errors always carry a mark."""

    class _StrictLoader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                value = super().construct_object(node, deep=deep)
                if isinstance(value, str) and not value.isascii():
                    value.encode("utf-8")     # "\ud800" escapes make lone surrogates no file can hold
                return value
            except yaml.YAMLError:
                raise
            except UnicodeEncodeError:
                raise yaml.constructor.ConstructorError(None, None, "a lone surrogate escape (\\ud800-\\udfff) "
                                                        "is not a character", node.start_mark) from None
            except (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError) as exc:
                # PyYAML's constructors fail on bad tagged values in many ways: 2020-13-45 (ValueError),
                # !!float '' (IndexError), !!bool maybe (KeyError), !!timestamp x (TypeError)...
                what = f"cannot read {str(node.value)[:40]!r} as {_short_tag(node.tag)}"
                if isinstance(exc, (ValueError, OverflowError)) and str(exc):
                    what += f": {exc}"
                raise yaml.constructor.ConstructorError(None, None, what, node.start_mark) from None

    return _StrictLoader


# libyaml when available (about 7x faster); every check also holds for the pure parser.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_StrictLoader = _make_strict(_Base)


@dataclass(frozen=True)
class LoadedYaml:
    """Parsed data plus the composed node tree (for locating errors)."""

    file: str
    data: Any
    root: yaml.Node | None


def load_yaml(path: str | os.PathLike[str], max_bytes: int = MAX_YAML_BYTES,
              *, max_depth: int = MAX_YAML_DEPTH) -> LoadedYaml:
    """Load one YAML document strictly; raise :class:`FileError` on any problem.

    An empty document gives ``data=None, root=None``.
    """
    file = os.fsdecode(path)
    return parse_yaml_text(read_text_capped(file, max_bytes, "a YAML file", "save the file as UTF-8"), file,
                           max_depth=max_depth)


def parse_yaml_text(text: str, file: str, *, max_depth: int = MAX_YAML_DEPTH) -> LoadedYaml:
    """Parse YAML already in memory (e.g. a scenario embedded in a saved game) with the checks of
    :func:`load_yaml` except the file size, which the caller bounds; ``file`` names it in messages."""
    _check_events(file, text, max_depth)
    loader = _StrictLoader(text)
    root = None
    try:
        root = loader.get_single_node()
        if root is None:
            return LoadedYaml(file, None, None)
        issues = _check_tree(file, loader, root)
        if issues:
            raise FileError(issues)
        data = loader.construct_document(root)
    except yaml.YAMLError as exc:
        issue = _yaml_issue(file, text, exc)
        if root is not None and isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
            issue = FileIssue(issue.file, issue.line, issue.col, _path_at(root, exc.problem_mark), issue.message)
        raise FileError([issue]) from None
    finally:
        loader.dispose()
    return LoadedYaml(file, data, root)


def node_at(root: yaml.Node, loc: Sequence[str | int]) -> yaml.Node:
    """Walk ``root`` along a data path; return the deepest node reached."""
    node = root
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode)
                        and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            nxt = node.value[part]
        if nxt is None:
            return node
        node = nxt
    return node


def format_loc(loc: Sequence[str | int]) -> str:
    """``("states", 2, "capital")`` -> ``"states[2].capital"``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        elif isinstance(part, str) and (len(part) > _MAX_KEY_SHOWN or not part.isprintable()):
            out += f"[{part[:_MAX_KEY_SHOWN]!r}{'...' if len(part) > _MAX_KEY_SHOWN else ''}]"   # a hostile key
        elif isinstance(part, str):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


def issue_at(loaded: LoadedYaml, loc: Sequence[str | int], message: str) -> FileIssue:
    """A :class:`FileIssue` located at the node for ``loc`` (no line if no tree)."""
    if loaded.root is None:
        return FileIssue(loaded.file, None, None, format_loc(loc), message)
    return _at(loaded.file, node_at(loaded.root, loc).start_mark, message, format_loc(loc))


def pydantic_issues(loaded: LoadedYaml, exc: pydantic.ValidationError) -> list[FileIssue]:
    """One located issue per pydantic error; never reprs the (maybe huge) input."""
    issues = []
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        msg = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        issues.append(issue_at(loaded, err["loc"], msg))
    return issues


# --- internals ---------------------------------------------------------------

def _fail(file: str, message: str, line: int | None = None, col: int | None = None) -> FileError:
    return FileError([FileIssue(file, line, col, "", message)])


def _at(file: str, mark: Any, message: str, path: str = "") -> FileIssue:
    """A FileIssue at a 0-based PyYAML/libyaml mark."""
    return FileIssue(file, mark.line + 1, mark.column + 1, path, message)


def _check_events(file: str, text: str, max_depth: int) -> None:
    """Reject anchors, aliases, too-deep nesting and syntax errors (one event pass)."""
    issues: list[FileIssue] = []
    extra = depth = 0
    parser = None
    try:
        parser = _Base(text)  # the pure reader may raise here already
        while parser.check_event():
            ev = parser.get_event()
            what = None
            if isinstance(ev, yaml.AliasEvent):
                what = f"YAML aliases (*{ev.anchor}) are not allowed; write the value out"
            elif isinstance(ev, yaml.NodeEvent) and ev.anchor is not None:
                what = f"YAML anchors (&{ev.anchor}) are not allowed; write the value out"
            if what is not None and len(issues) < _MAX_ANCHOR_ISSUES:
                issues.append(_at(file, ev.start_mark, what))
            elif what is not None:
                extra += 1
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    issues.append(_at(file, ev.start_mark, f"nesting deeper than {max_depth} levels"))
                    break
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        issues.append(_yaml_issue(file, text, exc))
    finally:
        if parser is not None:
            parser.dispose()
    if extra:
        issues.append(FileIssue(file, None, None, "", f"... and {extra} more anchors/aliases"))
    if issues:
        raise FileError(issues)


_SKIP = object()


def _check_tree(file: str, loader: Any, root: yaml.Node) -> list[FileIssue]:
    """Duplicate keys, merge keys, unknown tags and shared nodes, all at once."""
    issues: list[FileIssue] = []
    known = loader.yaml_constructors
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]

    def add(node: yaml.Node, loc: tuple[Any, ...], message: str) -> None:
        issues.append(_at(file, node.start_mark, message, format_loc(loc)))

    while stack:
        node, loc = stack.pop()
        if id(node) in seen:  # only reachable through an alias; belt and braces
            add(node, loc, "YAML aliases are not allowed")
            continue
        seen.add(id(node))
        if node.tag == "tag:yaml.org,2002:merge":
            add(node, loc, "merge keys (<<) are not allowed; write the keys out")
        elif node.tag not in known or node.tag is None:
            add(node, loc, f"tag {_short_tag(node.tag)} is not allowed")
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for k, v in node.value:
                key = _key(loader, k)
                part = key if isinstance(key, (str, int)) and not isinstance(key, bool) else (
                    k.value if isinstance(k, yaml.ScalarNode) else "?")
                if key is not _SKIP:
                    line = k.start_mark.line + 1
                    if key in first:
                        add(k, loc + (part,), f"duplicate key {key!r} at line {line} "
                                              f"(first defined at line {first[key]})")
                    else:
                        first[key] = line
                stack.append((v, loc + (part,)))
                stack.append((k, loc))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    issues.sort(key=lambda i: (i.line or 0, i.col or 0))
    return issues


def _path_at(root: yaml.Node, mark: Any) -> str:
    """The data path of the node that starts at ``mark`` (a constructor error's place), or ""."""
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if node.start_mark.index == mark.index:
            return format_loc(loc)
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, loc + (k.value if isinstance(k, yaml.ScalarNode) else "?",)) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    return ""


def _key(loader: Any, k: yaml.Node) -> Any:
    """The constructed, hashable value of a scalar key, else ``_SKIP``."""
    if not isinstance(k, yaml.ScalarNode) or k.tag not in loader.yaml_constructors:
        return _SKIP
    try:
        key = loader.construct_object(k)
        hash(key)
    except Exception:  # reported properly when the document is constructed
        return _SKIP
    return key


def _short_tag(tag: str | None) -> str:
    std = "tag:yaml.org,2002:"
    return "!!" + tag[len(std):] if tag and tag.startswith(std) else str(tag)


def _yaml_issue(file: str, text: str, exc: yaml.YAMLError) -> FileIssue:
    """Turn a PyYAML/libyaml error into ``file:line:col: message``."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:  # e.g. "... (while parsing a flow sequence at line 1)"
            at = f" at line {exc.context_mark.line + 1}" if exc.context_mark not in (None, mark) else ""
            msg = f"{msg} ({exc.context}{at})"
        return FileIssue(file, None, None, "", msg) if mark is None else _at(file, mark, msg)
    if isinstance(exc, yaml.reader.ReaderError):
        pos = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return FileIssue(file, line, col, "", f"character {char!r} is not allowed in YAML")
    return FileIssue(file, None, None, "", str(exc))
