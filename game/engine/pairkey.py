"""The key of a pair of nations in turn records, saves, JSON and CSV: ``"a-b"`` for a dyad (the
unordered pair, a < b) and ``"i>j"`` for one direction (i toward j). Built and parsed only here.
"""
from __future__ import annotations

from typing import NamedTuple

DYAD_SEP = "-"
DIRECTION_SEP = ">"


class PairKey(NamedTuple):
    first: int
    second: int
    directed: bool = False

    @classmethod
    def dyad(cls, i: int, j: int) -> PairKey:
        """The unordered pair {i, j} (written smaller id first)."""
        return cls(i, j) if i < j else cls(j, i)

    @classmethod
    def toward(cls, i: int, j: int) -> PairKey:
        """The direction i toward j."""
        return cls(i, j, True)

    @classmethod
    def parse(cls, text: str) -> PairKey:
        """``"a-b"`` or ``"i>j"`` back into a key; ValueError when it is neither."""
        directed = DIRECTION_SEP in text
        parts = text.split(DIRECTION_SEP if directed else DYAD_SEP)
        if len(parts) != 2:
            raise ValueError(f"not a pair key: {text!r}")
        return cls(int(parts[0]), int(parts[1]), directed)

    @property
    def pair(self) -> tuple[int, int]:
        return (self.first, self.second)

    def directions(self) -> tuple[str, str]:
        """The keys of both directions of this pair: first toward second, then back."""
        return direction_key(self.first, self.second), direction_key(self.second, self.first)

    def __str__(self) -> str:
        return f"{self.first}{DIRECTION_SEP if self.directed else DYAD_SEP}{self.second}"


def dyad_key(i: int, j: int) -> str:
    """``"a-b"`` for the pair {i, j}, in either order."""
    return str(PairKey.dyad(i, j))


def direction_key(i: int, j: int) -> str:
    """``"i>j"``: i toward j."""
    return str(PairKey.toward(i, j))
