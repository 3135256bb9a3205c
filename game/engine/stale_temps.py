"""Temporary files of atomic writes that a crash left behind, and their removal.

An atomic write (:func:`game.engine.saves.write_atomic`) writes ``.<name>.<8 random>.tmp`` next to
the target, then renames it over the target. A process killed between the two leaves the
temporary file; the next write into the same folder removes such leftovers once they are older
than :data:`STALE_AFTER_S` (a younger one may belong to a save still being written by another
game). Only regular files whose whole name has that shape are touched: never a save, a
directory, a symlink or anything else.
"""
from __future__ import annotations

import os
import re
import stat
import time
from contextlib import suppress
from pathlib import Path

__all__ = ["STALE_AFTER_S", "TEMP_NAME", "temp_prefix", "remove_stale_temps"]

STALE_AFTER_S = 120.0
TEMP_SUFFIX = ".tmp"
# tempfile.mkstemp(prefix=temp_prefix(p), suffix=".tmp") names: 8 characters from [a-z0-9_].
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def temp_prefix(target: Path) -> str:
    """The prefix of the temporary file for ``target`` (pass ``suffix=".tmp"`` to mkstemp)."""
    return f".{target.name}."


def remove_stale_temps(folder: Path, older_than: float = STALE_AFTER_S, now: float | None = None) -> list[Path]:
    """Remove leftover temporary files in ``folder`` older than ``older_than`` seconds; return them.
    Never raises: a folder that cannot be listed, or a file that cannot be removed, is left alone."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime > older_than:
            with suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
