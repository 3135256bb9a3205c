"""Reading a user-supplied file safely: one place for the checks every loader needs (scenario YAML,
saves, recorded scenario texts). The size is checked before reading and never more than the cap
plus one byte is read (the file may grow between the stat and the read); problems are FileErrors
naming the file, with line:col for bad UTF-8.
"""
from __future__ import annotations

import os
import stat

from .errors import FileError, FileIssue

_BOM = b"\xef\xbb\xbf"


def _fail(file: str, message: str, line: int | None = None, col: int | None = None) -> FileError:
    return FileError([FileIssue(file, line, col, "", message)])


def _too_big(file: str, size: int, max_bytes: int, what: str) -> FileError:
    return _fail(file, f"file is {size} bytes ({size / 1048576:.1f} MiB), over the limit "
                       f"of {max_bytes} bytes ({max_bytes // 1024} KiB) for {what}")


def read_capped(path: str | os.PathLike[str], max_bytes: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``what`` names the kind of file in
    messages ("a YAML file", "a save")."""
    file = os.fsdecode(path)
    try:
        st = os.stat(file)
    except FileNotFoundError:
        raise _fail(file, "file not found") from None
    except OSError as exc:
        raise _fail(file, f"cannot access file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(file, f"is a directory, not {what}")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(file, "is not a regular file")
    if st.st_size > max_bytes:
        raise _too_big(file, st.st_size, max_bytes, what)
    try:
        with open(file, "rb") as f:
            raw = f.read(max_bytes + 1)     # +1: the file may have grown since the stat
    except OSError as exc:
        raise _fail(file, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise _too_big(file, len(raw), max_bytes, what)
    return raw


def decode_utf8(raw: bytes, path: str | os.PathLike[str], advice: str) -> str:
    """UTF-8 text without a leading BOM; a bad byte is reported at its line:col with ``advice``."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(os.fsdecode(path), f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); {advice}", line, col) from None


def read_text_capped(path: str | os.PathLike[str], max_bytes: int, what: str, advice: str) -> str:
    """:func:`read_capped` then :func:`decode_utf8`."""
    return decode_utf8(read_capped(path, max_bytes, what), path, advice)
