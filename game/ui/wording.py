"""Small wording helpers shared by the screens."""
from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 turn played' / '2 turns played': ``plural(1, "turn")`` -> '1 turn'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
