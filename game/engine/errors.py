"""User-facing errors about data files (maps, scenarios, configs).

A :class:`FileIssue` is one problem located in a file; a :class:`FileError`
carries every issue found, so the user can fix them all in one round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["FileIssue", "FileError"]


@dataclass(frozen=True)
class FileIssue:
    """One problem in a data file.

    ``line`` and ``col`` are 1-based (``None`` when unknown); ``path`` is a
    data path such as ``"states[2].capital"`` (``""`` when there is none).
    """

    file: str
    line: int | None
    col: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """``file:line:col: path: message``, leaving out the unknown parts; always one line (a
        hostile file can put line breaks in a key or a value that a message quotes)."""
        where = _one_line(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        if self.path:
            return f"{where}: {_one_line(self.path)}: {_one_line(self.message)}"
        return f"{where}: {_one_line(self.message)}"


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in text)


class FileError(Exception):
    """One or more problems found in one file (or several files)."""

    issues: tuple[FileIssue, ...]

    def __init__(self, issues: Iterable[FileIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__(str(self))

    def __str__(self) -> str:
        """One issue per line."""
        return "\n".join(str(issue) for issue in self.issues)

    def __reduce__(self) -> tuple[type[FileError], tuple[tuple[FileIssue, ...]]]:
        # Exception pickling re-calls cls(*args); keep it working with our signature.
        return (type(self), (self.issues,))
