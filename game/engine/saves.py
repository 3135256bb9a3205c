"""Saved games: a versioned JSON document per game, in a compressed (optionally encrypted)
container, written atomically and privately, loaded strictly.

The file is a :mod:`game.engine.save_container`: a plain header line (a summary for the Load
screen, read by :func:`list_saves` without opening the rest) and the JSON document, zlib-compressed,
and with a :class:`SaveKey` (from a password, scrypt) encrypted and authenticated with AES-256-GCM.
Plain JSON documents (saves written before the container) still load.

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

import gc
import hashlib
import json
import os
import re
import stat
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from pydantic import ValidationError

from . import save_container as box
from .errors import FileError, FileIssue
from .files import decode_utf8, read_capped
from .json_tail import looks_truncated
from .record import GameRecord, ScenarioSource, read_scenario_text, text_sha256
from .safe_yaml import format_loc
from .save_container import SaveKey, Summary
from .save_checks import record_from_model
from .save_encode import (_json_default, app_version, checksum_of, encode_document, encode_plain, encode_stream,  # noqa: F401
                          event_to_plain, intervention_to_plain, record_to_plain, stored_checksum)
from .save_migrations import migrate
from .save_schema import FORMAT_NAME, FORMAT_VERSION, SaveModel
from .stale_temps import remove_stale_temps, temp_prefix

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
    key: SaveKey | None = None                # the key that opened an encrypted save (keep saving with it)
    mode: str = ""                            # the header's mode ("seminar", "hotseat", ...; "" for plain JSON)


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
    encrypted: bool = False          # locked: the summary holds only what anyone may see
    mode: str = ""                   # "single player", "hotseat", "AI only" ("" for older saves)


class LockedSave(FileError):
    """The save is encrypted and no password (or key) was given: ask for it and try again."""


class WrongPassword(FileError):
    """The password given does not open this save."""


# --- writing ---------------------------------------------------------------------------------------

def encode_record(record: GameRecord, saved_at: str | None = None) -> bytes:
    """The save document of ``record`` (UTF-8 JSON, one line per top-level key, per state field and
    per turn, sealed with its checksum; :mod:`game.engine.save_encode`)."""
    with gc_paused():
        return encode_document(record, saved_at)


def encode_save(record: GameRecord, key: SaveKey | None = None, saved_at: str | None = None,
                mode: str | None = None) -> bytes:
    """The bytes of a save file: the container header, then :func:`encode_record`'s document
    compressed and, with ``key``, encrypted."""
    return b"".join(save_pieces(record, key, saved_at, mode))


def save_pieces(record: GameRecord, key: SaveKey | None = None, saved_at: str | None = None,
                mode: str | None = None) -> list[bytes]:
    """:func:`encode_save`'s bytes in pieces, as :func:`save_game` writes them: unencrypted, the header
    line and the compressed stream's segments as they are kept (``save_encode.encode_stream``), so a
    long game's save is never held as one buffer, neither its document nor its compressed form."""
    saved_at = saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    with gc_paused():
        stream = encode_stream(record, saved_at)
    return box.encode_compressed_pieces(stream, summary_of(record, saved_at, key is not None, mode), key)


def summary_of(record: GameRecord, saved_at: str, encrypted: bool = False, mode: str | None = None) -> Summary:
    """The header's summary; for an encrypted save only what anyone at the machine may see (no seed:
    with it and the scenario the start, hidden types included, could be recomputed; no seat names).
    ``mode`` defaults to what the controllers say ("single player", "hotseat", "AI only"); a
    seminar says "seminar" (authenticated with the rest of the header when encrypted)."""
    s = record.state
    humans = sum(1 for c in record.controllers.values() if c == "human")
    mode = mode or ("hotseat" if humans > 1 else "single player" if humans == 1 else "AI only")
    players = () if encrypted else tuple(p for _, p in sorted(record.players.items()))
    return Summary(s.scenario, record.variant, mode, s.turn, s.finished, saved_at,
                   None if encrypted else record.seed, players)


def content_checksum(data: Mapping[str, Any]) -> str:
    """Format 1's checksum: SHA-256 of the canonical JSON of everything in a save but the checksum
    itself (format 2 hashes the document's bytes instead: :func:`save_encode.seal`)."""
    body = {k: v for k, v in data.items() if k != "checksum"}
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _check_checksum(file: Path, data: Any, document: bytes) -> None:
    """Saves of formats 1 and 2 carry a checksum (format 0, migrated, never had one): format 1 of the
    canonical JSON of the content, format 2 of the document's bytes before it."""
    if not isinstance(data, dict) or data.get("format_version") not in (1, FORMAT_VERSION):
        return
    stored = data.get("checksum")
    if not isinstance(stored, str):
        raise _fail(file, "missing: every save in this format carries one; the file was edited or damaged", "checksum")
    if data["format_version"] == 1:
        ok = stored == content_checksum(data)
    else:
        sealed = stored_checksum(document)
        ok = sealed is not None and sealed[1] == stored and checksum_of(sealed[0]) == stored
    if not ok:
        raise _fail(file, "the contents do not match the checksum: the file was corrupted or edited "
                    "(the previous autosave may still be good)", "checksum")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (then restored as it was) while a save is encoded or
    decoded: both make hundreds of thousands of objects that either live on together (the loaded
    record) or die together, and the collector scanned them again and again for nothing (45% of the
    CPU time of loading a 200-turn game). Nothing a load or save makes holds a reference cycle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def save_game(record: GameRecord, path: str | os.PathLike[str], key: SaveKey | None = None,
              mode: str | None = None) -> Path:
    """Write ``record`` to ``path`` atomically (creating the directory, private); return the path.
    With ``key`` the save is encrypted (see :mod:`game.engine.save_container`).

    Raises FileError when the target cannot be written or exists and is not a save.
    """
    target = Path(path)
    check_save_target(target)
    try:
        make_private_dirs(target.parent)
        write_atomic(target, save_pieces(record, key, mode=mode))
    except OSError as exc:
        raise _fail(target, f"cannot write the save: {exc.strerror or exc}") from None
    return target


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Temporary file in the same directory, write, flush, fsync, ``os.replace``, fsync the directory.
    Temporary files that earlier writes killed midway left in the directory are removed first.
    The file is private to the user (0600 on POSIX, whatever the umask), the temporary file too.
    ``data``: the bytes, or their pieces in order (written as they come)."""
    remove_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in [data] if isinstance(data, (bytes, bytearray)) else data:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        with suppress(OSError):
            os.chmod(tmp, 0o600)        # mkstemp made it 0600 already; say it
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def make_private_dirs(folder: Path, tighten: bool = False) -> Path:
    """Create ``folder`` and missing parents private to the user (0700 on POSIX, whatever the umask).
    ``tighten``: also make ``folder`` itself 0700 if it exists (a folder the game owns)."""
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        with suppress(FileExistsError):
            d.mkdir(mode=0o700)
            if os.name == "posix":
                os.chmod(d, 0o700)
    if tighten and not missing and os.name == "posix" and folder.is_dir() and not folder.is_symlink():
        with suppress(OSError):
            if stat.S_IMODE(folder.stat().st_mode) & 0o077:
                os.chmod(folder, 0o700)
    return folder


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


def autosave(record: GameRecord, directory: str | os.PathLike[str], keep: int = AUTOSAVE_KEEP,
             key: SaveKey | None = None, mode: str | None = None) -> Path:
    """Write ``autosave-<n>-turn<t>.json`` (n one more than the newest; t the turn the game now stands
    at) and keep only the ``keep`` newest. With ``key`` the autosave is encrypted like
    :func:`save_game`'s. Older autosaves kept that others could read (written by earlier versions) are
    made private (0600) on the way."""
    folder = Path(directory)
    try:
        make_private_dirs(folder, tighten=True)
        numbered = _autosaves(folder)
        n = numbered[-1][0] + 1 if numbered else 1
        path = folder / f"autosave-{n:06d}-turn{record.state.turn:03d}.json"
        write_atomic(path, encode_save(record, key, mode=mode))
    except OSError as exc:
        raise _fail(folder, f"cannot write an autosave: {exc.strerror or exc}") from None
    numbered = _autosaves(folder)
    for _, old in numbered[:-keep] if keep > 0 else []:
        with suppress(OSError):
            old.unlink()
    for _, kept in numbered[-keep:] if keep > 0 and os.name == "posix" else []:
        with suppress(OSError):
            if stat.S_IMODE(kept.lstat().st_mode) & 0o077:
                os.chmod(kept, 0o600)
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


def read_json(path: Path, max_bytes: int = MAX_SAVE_BYTES, key: SaveKey | None = None) -> Any:
    """Size check before reading, the container opened (``key`` for an encrypted one), UTF-8, strict
    JSON (no duplicate keys); FileError with line:col (of the document, for a container)."""
    return parse_document(path, _document_bytes(path, max_bytes, key))


def _document_bytes(path: Path, max_bytes: int = MAX_SAVE_BYTES, key: SaveKey | None = None) -> bytes:
    """The document of a save file: size checked before reading, the container opened."""
    raw = read_capped(path, max_bytes, "a save")
    return _unpack(path, raw, key) if box.is_container(raw) else raw


def parse_document(path: Path, raw: bytes) -> Any:
    """A document's JSON, strictly: UTF-8, no duplicate keys, no lone surrogates; FileError with
    line:col of the document."""
    if not raw.strip():
        raise _fail(path, "the file is empty (an interrupted copy?); not a saved game")
    text = decode_utf8(raw, path, "the file is corrupted")
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


def _unpack(path: Path, raw: bytes, key: SaveKey | None, password: str | None = None) -> bytes:
    try:
        return box.decode(raw, key, password, MAX_SAVE_BYTES)[0]
    except box.LockedError as exc:
        raise LockedSave([FileIssue(os.fspath(path), None, None, "", str(exc))]) from None
    except box.WrongPasswordError as exc:
        raise WrongPassword([FileIssue(os.fspath(path), None, None, "", str(exc))]) from None
    except box.ContainerError as exc:
        raise _fail(path, str(exc)) from None


def read_header(path: str | os.PathLike[str]) -> box.Header | None:
    """The container header of a save, reading at most ``HEADER_MAX_BYTES``; None for a plain JSON
    file (an older save, or not a save). Raises FileError when the file cannot be read or its header
    is damaged."""
    file = Path(path)
    try:
        head = _read_prefix(file, box.HEADER_MAX_BYTES)
    except OSError as exc:
        raise _fail(file, f"cannot read file: {exc.strerror or exc}") from None
    if not box.is_container(head):
        return None
    try:
        return box.parse_header(head)
    except box.ContainerError as exc:
        raise _fail(file, str(exc)) from None


def _read_prefix(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes from the start of ``path`` (every listing read goes through here).
    Opened non-blocking and checked to be a regular file, so a FIFO named ``x.json`` cannot hang."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(0, "is not a regular file")
        return f.read(limit)


def unlock(path: str | os.PathLike[str], password: str) -> SaveKey | None:
    """The key ``password`` gives for the encrypted save at ``path`` (None: the file is not encrypted).
    Raises WrongPassword, or FileError for a file that cannot be read."""
    header = read_header(path)
    if header is None or not header.encrypted:
        return None
    try:
        return box.key_for(header, password)
    except box.WrongPasswordError as exc:
        raise WrongPassword([FileIssue(os.fspath(path), None, None, "", str(exc))]) from None


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether the save at ``path`` needs a password (False also for unreadable files)."""
    try:
        header = read_header(path)
    except FileError:
        return False
    return header is not None and header.encrypted


def read_document(path: str | os.PathLike[str], key: SaveKey | None = None, password: str | None = None) -> bytes:
    """The JSON document inside a save (as :func:`encode_record` wrote it), for tools and tests.
    Raises FileError (LockedSave / WrongPassword for encrypted saves)."""
    file = Path(path)
    if password is not None and key is None:
        key = unlock(file, password)
    try:
        raw = _read_prefix(file, MAX_SAVE_BYTES + 1)
    except OSError as exc:
        raise _fail(file, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise _fail(file, f"file is over the limit of {MAX_SAVE_BYTES} bytes for a save")
    return _unpack(file, raw, key) if box.is_container(raw) else raw


def load_game(path: str | os.PathLike[str], key: SaveKey | None = None, password: str | None = None) -> LoadedSave:
    """Load and check a save; raises FileError (every problem with file and place). Never writes.

    An encrypted save needs ``password`` (or the game's ``key``): without one LockedSave is raised,
    with a wrong one WrongPassword; the returned ``LoadedSave.key`` keeps the game's saves encrypted.
    """
    file = Path(path)
    try:
        header = read_header(file)
    except FileError:
        header = None                   # reading the document below says what is wrong, in full
    if header is None or not header.encrypted:
        key = None
    elif password is not None:
        key = unlock(file, password)
    with gc_paused():
        document = _document_bytes(file, key=key)
        model, version = _current_model(document), FORMAT_VERSION
        if model is None:
            data = parse_document(file, document)
            _check_checksum(file, data, document)
            data, version = migrate(data, str(file))
            model = _validated(file, data)
        record = record_from_model(model, str(file))
    notes = list(_scenario_notes(record.source))
    if version != FORMAT_VERSION:
        notes.append(f"migrated from save format {version} to {FORMAT_VERSION} (saving writes the new format)")
    return LoadedSave(file, record, tuple(notes), version, key, header.summary.mode if header is not None else "")


_CURRENT_HEAD = b'{\n "format": "%s",\n "format_version": %d,\n' % (FORMAT_NAME.encode(), FORMAT_VERSION)


def _current_model(document: bytes) -> SaveModel | None:
    """The schema-checked document when it is a save of the current format exactly as the game writes
    it (its first lines, and its checksum over the bytes before it matching); None for anything else,
    which then goes the long way (parse, checksum, migrate, schema) for the same result or a precise
    message. Here the schema reads the bytes itself, in one pass: no Python objects for the JSON
    first, no second encoding. The one thing this way does not refuse is a repeated key (the last
    one counts); the long way refuses it, and it cannot appear in a document the game wrote, so it
    takes an edit with the checksum recomputed, which is as good as any other such edit."""
    if not document.startswith(_CURRENT_HEAD):
        return None
    sealed = stored_checksum(document)
    if sealed is None or checksum_of(sealed[0]) != sealed[1]:
        return None
    try:
        return SaveModel.model_validate_json(document, strict=True)
    except ValidationError:
        return None


def _validated(file: Path, data: Any) -> SaveModel:
    try:
        return SaveModel.model_validate_json(json.dumps(data, default=_json_default), strict=True)
    except ValidationError as exc:
        issues = [FileIssue(str(file), None, None, format_loc(err["loc"]),
                            err["msg"].removeprefix("Value error, "))
                  for err in exc.errors(include_url=False, include_context=False, include_input=False)]
        raise FileError(issues[:50]) from None


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


LEGACY_SUMMARY_BYTES = 1024 * 1024     # a plain JSON save is summarised from at most this much of it


def list_saves(directory: str | os.PathLike[str]) -> list[SaveInfo]:
    """The ``*.json`` files in ``directory``, newest first, each summarised or marked unreadable.

    Only the container header is read (at most ``HEADER_MAX_BYTES`` per file; an older plain JSON
    save: at most :data:`LEGACY_SUMMARY_BYTES`), so a huge or hostile file cannot stall a listing.
    No scenario or hash checks: :func:`load_game` does those on opening. Encrypted saves are listed
    with ``encrypted`` set and only their public summary.
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
        head = _read_prefix(path, box.HEADER_MAX_BYTES)
    except OSError as exc:
        return SaveInfo(path, size, mtime, False, problem=f"{path}: cannot read file: {exc.strerror or exc}")
    if box.is_container(head):
        try:
            h = box.parse_header(head)
        except box.ContainerError as exc:
            return SaveInfo(path, size, mtime, False, problem=f"{path}: {exc}")
        m = h.summary
        return SaveInfo(path, size, mtime, True, scenario=m.scenario, variant=m.variant, seed=m.seed or 0,
                        turn=m.turn, finished=m.finished, saved_at=m.saved_at, players=m.players,
                        encrypted=h.encrypted, mode=m.mode)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return SaveInfo(path, size, mtime, False, problem=f"{path}: not a saved game")
    return _legacy_summary(path, size, mtime)


def _legacy_summary(path: Path, size: int, mtime: float) -> SaveInfo:
    """A plain JSON save (written before the container): parsed in full when small, else its
    top-level and state lines are read from the first :data:`LEGACY_SUMMARY_BYTES`."""
    try:
        if size <= LEGACY_SUMMARY_BYTES:
            data, _ = migrate(read_json(path, LEGACY_SUMMARY_BYTES), str(path))
        else:
            data = _scan_lines(_read_prefix(path, LEGACY_SUMMARY_BYTES))
        st = data["state"]
        players = data.get("players", {})
        return SaveInfo(path, size, mtime, True, scenario=str(st["scenario"]), variant=data.get("variant"),
                        seed=int(data["seed"]), turn=int(st["turn"]), finished=bool(st["finished"]),
                        saved_at=str(data.get("saved_at", "")),
                        players=tuple(str(v) for v in players.values()) if isinstance(players, Mapping) else ())
    except FileError as exc:
        return SaveInfo(path, size, mtime, False, problem=str(exc.issues[0]))
    except (OSError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return SaveInfo(path, size, mtime, False, problem=f"{path}: not a complete saved game")


_LINE = re.compile(rb'^( {1,2})"(format|format_version|saved_at|variant|seed|players|scenario|turn|finished)": (.*?),?$')


def _scan_lines(prefix: bytes) -> dict[str, Any]:
    """The summary fields of a large plain save, from its one-line-per-key layout (see encode_record)."""
    top: dict[str, Any] = {}
    state: dict[str, Any] = {}
    for line in prefix.split(b"\n"):
        m = _LINE.match(line)
        if m and len(m.group(3)) < 4096:
            target = top if m.group(1) == b" " else state
            if m.group(2) not in (b"scenario",) or target is state:
                target.setdefault(m.group(2).decode(), json.loads(m.group(3)))
    top["state"] = state
    return top
