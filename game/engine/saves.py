"""Saved games: a versioned JSON file per game, written atomically, loaded strictly.

Writing (:func:`save_game`, :func:`autosave`) goes to a temporary file in the same directory,
which is flushed and fsynced, then renamed over the target (``os.replace``) and the directory
fsynced: a crash or power cut at any moment leaves either the old save or the new one, never a
mix. A file that exists and is not a save is never overwritten.

Loading (:func:`load_game`) refuses, with a :class:`FileError` naming the file and the place:
files over :data:`MAX_SAVE_BYTES` (checked before reading), bad UTF-8 or JSON (line:col),
duplicate keys, unknown or newer ``format_version`` (older ones are migrated, see
:mod:`game.engine.save_migrations`), schema errors, and contents that do not fit the embedded
scenario or their own state hash (truncated, corrupted or hand-edited saves). Nothing is written
while loading. The format is described in ``docs/saves.md``.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

from .errors import FileError, FileIssue
from .json_tail import looks_truncated
from .orders import orders_to_plain
from .record import GameRecord, Intervention, ScenarioSource, read_scenario_text, text_sha256
from .safe_yaml import format_loc
from .save_checks import record_from_model
from .save_migrations import migrate
from .save_schema import FORMAT_NAME, FORMAT_VERSION, SaveModel
from .stale_temps import remove_stale_temps, temp_prefix
from .state import Event, turn_record_to_plain

MAX_SAVE_BYTES = 64 * 1024 * 1024
AUTOSAVE_KEEP = 10
_AUTOSAVE_NAME = re.compile(r"^autosave-(\d+)-turn\d+\.json$")


@dataclass(frozen=True)
class LoadedSave:
    """A loaded game and what the loader noticed (e.g. the scenario file changed since saving)."""

    path: Path
    record: GameRecord
    notes: tuple[str, ...] = ()
    format_version: int = FORMAT_VERSION      # the version the file was written in (before migration)


@dataclass(frozen=True)
class SaveInfo:
    """One entry of :func:`list_saves`: enough to show a load menu without loading every game."""

    path: Path
    size: int
    modified: float                  # os.stat mtime
    ok: bool                         # False: unreadable; ``problem`` says why
    problem: str = ""
    scenario: str = ""
    variant: str | None = None
    seed: int = 0
    turn: int = 0                    # the turn about to be played
    finished: bool = False
    saved_at: str = ""
    players: tuple[str, ...] = ()


# --- writing ---------------------------------------------------------------------------------------

def _json_default(o: Any) -> Any:
    """numpy scalars in event data and counts become plain numbers."""
    if hasattr(o, "item") and callable(o.item):
        return o.item()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def app_version() -> str:
    try:
        return metadata.version("security-dilemma")
    except metadata.PackageNotFoundError:
        return "unknown"


def event_to_plain(e: Event) -> dict[str, Any]:
    return {"turn": e.turn, "kind": e.kind, "text": e.text, "data": dict(e.data),
            "visible_to": None if e.visible_to is None else list(e.visible_to)}


def intervention_to_plain(iv: Intervention) -> dict[str, Any]:
    return {"kind": iv.kind, "args": dict(iv.args)}


def record_to_plain(record: GameRecord, saved_at: str | None = None) -> dict[str, Any]:
    """The JSON-ready form of a record (format version :data:`FORMAT_VERSION`)."""
    s = record.state
    if not (len(record.orders) == len(record.events) == len(s.history)):
        raise ValueError("a record needs orders, events and a history entry for every resolved turn")
    ivs = record.interventions + ((),) * (len(record.orders) - len(record.interventions))
    turns = [{"turn": k + 1,
              "interventions": [intervention_to_plain(iv) for iv in ivs[k]],
              "orders": {str(i): orders_to_plain(o) for i, o in sorted(record.orders[k].items())},
              "events": [event_to_plain(e) for e in record.events[k]],
              "record": turn_record_to_plain(s.history[k])} for k in range(len(record.orders))]
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "app_version": app_version(),
        "saved_at": saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "scenario": {"path": record.source.path, "sha256": record.source.sha256, "text": record.source.text},
        "variant": record.variant, "sets": list(record.sets), "seed": record.seed,
        "controllers": {str(i): c for i, c in sorted(record.controllers.items())},
        "players": {str(i): p for i, p in sorted(record.players.items())},
        "state_hash": s.state_hash(),
        "state": s.to_plain(exact=True),
        "pending": {"interventions": [intervention_to_plain(iv) for iv in record.pending],
                    "events": [event_to_plain(e) for e in record.pending_events]},
        "turns": turns,
        "messages": [{"turn": m.turn, "sender": m.sender, "to": None if m.to is None else list(m.to), "text": m.text}
                     for m in record.messages],
    }


def encode_record(record: GameRecord, saved_at: str | None = None) -> bytes:
    """The bytes of a save file: UTF-8 JSON with one line per top-level key, per state field and
    per turn (readable, diffable, and a parse error's line number points at a turn)."""
    plain = record_to_plain(record, saved_at)
    plain["checksum"] = content_checksum(plain)
    return encode_plain(plain)


def encode_plain(plain: Mapping[str, Any]) -> bytes:
    """The bytes of a save file holding ``plain`` as it is (the checksum is not recomputed): what
    :func:`encode_record` writes, and what the loader fuzz writes its mutated documents with."""
    def dumps(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, default=_json_default)

    def block(items: list[str], open_: str, close: str) -> str:
        return open_ + "\n" + ",\n".join("  " + x for x in items) + "\n " + close if items else open_ + close

    lines = []
    for key, value in plain.items():
        if key == "state" and isinstance(value, Mapping):
            body = block([f"{dumps(k)}: {dumps(v)}" for k, v in value.items()], "{", "}")
        elif key == "turns" and isinstance(value, list):
            body = block([dumps(t) for t in value], "[", "]")
        else:
            body = dumps(value)
        lines.append(f" {dumps(key)}: {body}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def content_checksum(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything in a save but the checksum itself: any change
    to the file's content (a flipped byte inside an event's text, a hand edit) is caught on load."""
    body = {k: v for k, v in data.items() if k != "checksum"}
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _check_checksum(file: Path, data: Any) -> None:
    """Saves in the current format carry a checksum; older formats (migrated) never had one."""
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        return
    stored = data.get("checksum")
    if not isinstance(stored, str):
        raise _fail(file, "missing: every save in this format carries one; the file was edited or damaged", "checksum")
    if stored != content_checksum(data):
        raise _fail(file, "the contents do not match the checksum: the file was corrupted or edited "
                    "(the previous autosave may still be good)", "checksum")


def save_game(record: GameRecord, path: str | os.PathLike[str]) -> Path:
    """Write ``record`` to ``path`` atomically (creating the directory); return the path.

    Raises FileError when the target cannot be written or exists and is not a save.
    """
    target = Path(path)
    check_save_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, encode_record(record))
    except OSError as exc:
        raise _fail(target, f"cannot write the save: {exc.strerror or exc}") from None
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file in the same directory, write, flush, fsync, ``os.replace``, fsync the directory.
    Temporary files that earlier writes killed midway left in the directory are removed first."""
    remove_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        with suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode) if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":      # Windows cannot open a directory; NTFS journals the rename itself
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_save_target(path: str | os.PathLike[str]) -> None:
    """Raise FileError unless ``path`` is free or holds a save (never overwrite e.g. a scenario);
    call it before a long game so that a bad ``--save`` target fails early."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_file():
        raise _fail(target, "exists and is not a regular file; not overwriting it")
    try:
        with open(target, "rb") as f:
            head = f.read(256)
    except OSError as exc:
        raise _fail(target, f"cannot read the existing file: {exc.strerror or exc}") from None
    if head and f'"format": "{FORMAT_NAME}"'.encode() not in head:
        raise _fail(target, "exists and is not a Security Dilemma save; not overwriting it")


def new_save_path(directory: str | os.PathLike[str], record: GameRecord) -> Path:
    """A free file name for a manual save, e.g. ``four-worlds-w1-turn05.json`` (then ``-2``, ``-3``...),
    named after the turn the game stands at (the turn whose orders come next)."""
    s = record.state
    stem = "-".join(x for x in (re.sub(r"[^a-z0-9]+", "-", s.scenario.lower()).strip("-") or "game",
                                s.variant, f"turn{s.turn:02d}") if x)
    folder = Path(directory)
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.json"
    return path


def autosave(record: GameRecord, directory: str | os.PathLike[str], keep: int = AUTOSAVE_KEEP) -> Path:
    """Write ``autosave-<n>-turn<t>.json`` (n one more than the newest; t the turn the game now stands
    at) and keep only the ``keep`` newest."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        numbered = _autosaves(folder)
        n = numbered[-1][0] + 1 if numbered else 1
        path = folder / f"autosave-{n:06d}-turn{record.state.turn:03d}.json"
        write_atomic(path, encode_record(record))
    except OSError as exc:
        raise _fail(folder, f"cannot write an autosave: {exc.strerror or exc}") from None
    for _, old in _autosaves(folder)[:-keep] if keep > 0 else []:
        with suppress(OSError):
            old.unlink()
    return path


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    out = []
    for p in folder.iterdir():
        m = _AUTOSAVE_NAME.match(p.name)
        if m and p.is_file():
            out.append((int(m.group(1)), p))
    return sorted(out)


# --- reading ---------------------------------------------------------------------------------------

def _fail(path: Path | str, message: str, where: str = "", line: int | None = None, col: int | None = None) -> FileError:
    return FileError([FileIssue(os.fspath(path), line, col, where, message)])


def read_json(path: Path, max_bytes: int = MAX_SAVE_BYTES) -> Any:
    """Size check before reading, UTF-8, strict JSON (no duplicate keys); FileError with line:col."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _fail(path, "file not found") from None
    except OSError as exc:
        raise _fail(path, f"cannot access file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, "is not a regular file")
    if st.st_size > max_bytes:
        raise _fail(path, f"file is {st.st_size} bytes, over the limit of {max_bytes} bytes for a save")
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise _fail(path, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise _fail(path, f"file grew over the limit of {max_bytes} bytes for a save")
    if not raw.strip():
        raise _fail(path, "the file is empty (an interrupted copy?); not a saved game")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); the file is corrupted", "", line, col) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
        if _SURROGATE_ESCAPE.search(text):     # "\ud800" alone decodes to a string no file can hold
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        return data
    except UnicodeEncodeError:
        raise _fail(path, "a \\u escape makes a lone surrogate, not a character; the file is corrupted or was edited") from None
    except json.JSONDecodeError as exc:
        if not text.lstrip().startswith("{"):
            hint = "; this does not look like a saved game"
        elif looks_truncated(text, exc.pos):
            hint = "; the file ends early (truncated?)"
        else:
            hint = "; the file is corrupted or was edited"
        raise _fail(path, f"not valid JSON: {exc.msg}{hint}", "", exc.lineno, exc.colno) from None
    except _DuplicateKey as exc:
        raise _fail(path, f"duplicate key {exc.args[0]!r} in one object; the file was edited") from None
    except RecursionError:
        raise _fail(path, "JSON nested too deeply; not a saved game") from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def load_game(path: str | os.PathLike[str]) -> LoadedSave:
    """Load and check a save; raises FileError (every problem with file and place). Never writes."""
    file = Path(path)
    data = read_json(file)
    _check_checksum(file, data)
    data, version = migrate(data, str(file))
    try:
        model = SaveModel.model_validate_json(json.dumps(data, default=_json_default), strict=True)
    except ValidationError as exc:
        issues = [FileIssue(str(file), None, None, format_loc(err["loc"]),
                            err["msg"].removeprefix("Value error, "))
                  for err in exc.errors(include_url=False, include_context=False, include_input=False)]
        raise FileError(issues[:50]) from None
    record = record_from_model(model, str(file))
    notes = list(_scenario_notes(record.source))
    if version != FORMAT_VERSION:
        notes.append(f"migrated from save format {version} to {FORMAT_VERSION} (saving writes the new format)")
    return LoadedSave(file, record, tuple(notes), version)


def _scenario_notes(source: ScenarioSource) -> list[str]:
    """Compare the embedded scenario with the file it came from; the embedded copy is always used."""
    if not source.path:
        return []
    try:
        current = read_scenario_text(source.path)
    except FileError:
        return [f"{source.path} is not there any more; using the copy of the scenario stored in the save"]
    if text_sha256(current) != source.sha256:
        return [f"{source.path} has changed since this game was saved; using the copy of the scenario "
                "stored in the save"]
    return []


def list_saves(directory: str | os.PathLike[str]) -> list[SaveInfo]:
    """The ``*.json`` files in ``directory``, newest first, each summarised or marked unreadable.

    Only the file is parsed (no scenario or hash checks: :func:`load_game` does those on opening).
    """
    folder = Path(directory)
    try:
        paths = [p for p in folder.iterdir() if p.suffix == ".json" and not p.name.startswith(".")]
    except OSError:
        return []
    out = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        out.append(_summary(p, st.st_size, st.st_mtime))
    return sorted(out, key=lambda i: (-i.modified, i.path.name))


def _summary(path: Path, size: int, mtime: float) -> SaveInfo:
    try:
        data = read_json(path)
        data, _ = migrate(data, str(path))
        st = data["state"]
        players = data.get("players", {})
        return SaveInfo(path, size, mtime, True, scenario=str(st["scenario"]), variant=data.get("variant"),
                        seed=int(data["seed"]), turn=int(st["turn"]), finished=bool(st["finished"]),
                        saved_at=str(data.get("saved_at", "")),
                        players=tuple(str(v) for v in players.values()) if isinstance(players, Mapping) else ())
    except FileError as exc:
        return SaveInfo(path, size, mtime, False, problem=str(exc.issues[0]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return SaveInfo(path, size, mtime, False, problem=f"{path}: not a complete saved game")
