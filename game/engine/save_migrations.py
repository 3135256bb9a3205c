"""Save format versions: refuse unknown and newer ones, migrate older ones step by step.

``MIGRATIONS[v]`` turns the plain data of format ``v`` into format ``v + 1``; a file of format
``v < FORMAT_VERSION`` goes through every step up to the current one before its schema is checked.
Steps work on plain JSON data only (no engine objects), so they stay valid as the engine changes.

Format 0 (the draft of the first development builds) kept the scenario as three top-level keys
(``scenario_path``, ``scenario_sha256``, ``scenario_text``) and the turns as three parallel lists
(``orders``, ``events``, ``history``), and had no ``format`` marker, ``app_version`` or
``players``, nor facilitator interventions. Format 1 groups them (``scenario: {path, sha256,
text}``, ``turns: [{turn, interventions, orders, events, record}]``) and adds ``pending``.
Format 2 (issue 14) has the same content; its checksum is the SHA-256 of the document's bytes
before it (format 1: of the canonical JSON of the content), which a load checks without decoding
the document into Python objects first.
"""
from __future__ import annotations

from typing import Any, Callable

from .errors import FileError, FileIssue
from .save_schema import FORMAT_NAME, FORMAT_VERSION

Plain = dict[str, Any]


def _v0_to_v1(d: Plain) -> Plain:
    orders, events, history = d.pop("orders"), d.pop("events"), d.pop("history")
    if not (isinstance(orders, list) and isinstance(events, list) and isinstance(history, list)):
        raise ValueError("orders, events and history must be lists")
    if not len(orders) == len(events) == len(history):
        raise ValueError(f"orders ({len(orders)}), events ({len(events)}) and history ({len(history)}) "
                         "must have one entry per turn")
    out: Plain = {"format": FORMAT_NAME, "format_version": 1, "app_version": "0 (migrated)",
                  "saved_at": d.pop("saved_at", "")}
    out["scenario"] = {"path": d.pop("scenario_path"), "sha256": d.pop("scenario_sha256"),
                       "text": d.pop("scenario_text")}
    for key in ("variant", "sets", "seed", "controllers"):
        out[key] = d.pop(key)
    out["players"] = {}
    out["state_hash"] = d.pop("state_hash")
    out["state"] = d.pop("state")
    out["pending"] = {"interventions": [], "events": []}
    out["turns"] = [{"turn": k + 1, "interventions": [], "orders": o, "events": e, "record": h}
                    for k, (o, e, h) in enumerate(zip(orders, events, history))]
    d.pop("format_version", None)
    out.update(d)               # anything unexpected is kept, so the schema check reports it
    return out


def _v1_to_v2(d: Plain) -> Plain:
    """Format 2 has format 1's content; only its checksum hashes the document's bytes instead of the
    canonical JSON of the content (checked before migrating), so the old one is dropped."""
    d["format_version"] = 2
    d.pop("checksum", None)
    return d


MIGRATIONS: dict[int, Callable[[Plain], Plain]] = {0: _v0_to_v1, 1: _v1_to_v2}
OLDEST_VERSION = min(MIGRATIONS, default=FORMAT_VERSION)


def _fail(file: str, where: str, message: str) -> FileError:
    return FileError([FileIssue(file, None, None, where, message)])


def migrate(data: Any, file: str) -> tuple[Plain, int]:
    """``(data in the current format, the file's own format version)``; raises FileError."""
    if not isinstance(data, dict):
        raise _fail(file, "", "not a Security Dilemma save (the file is JSON but not an object)")
    if "format" in data and data["format"] != FORMAT_NAME:
        raise _fail(file, "format", f"not a Security Dilemma save (format {str(data['format'])[:40]!r})")
    if "format_version" not in data:
        raise _fail(file, "", "not a Security Dilemma save (no format_version)")
    version = data["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(file, "format_version", f"must be a whole number, not {str(version)[:40]!r}")
    if version > FORMAT_VERSION:
        raise _fail(file, "format_version", f"this save is in format {version}, written by a newer version of "
                    f"Security Dilemma; this version reads formats {OLDEST_VERSION} to {FORMAT_VERSION}. "
                    "Update the game to open it")
    if version < OLDEST_VERSION:
        raise _fail(file, "format_version", f"format {version} is too old or not a real format; this version "
                    f"reads formats {OLDEST_VERSION} to {FORMAT_VERSION}")
    original = version
    while version < FORMAT_VERSION:
        try:
            data = MIGRATIONS[version](dict(data))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
            raise _fail(file, "", f"cannot migrate this format {version} save to format {version + 1}: {what}") from None
        version += 1
    return data, original
