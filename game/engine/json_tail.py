"""Tell a JSON document that was cut short from one that was edited into nonsense.

A truncated file (a copy or save interrupted part-way) is a prefix of a valid document: the parser's
first error lies in its unfinished tail -- a string still open at the end of the file, a partial
number or word, or nothing at all. An edit leaves its first error before that tail, and a complete
document followed by more text is not a cut either. Only the error *position* is used, never the
parser's wording, so this holds whatever the JSON library says.
"""

from __future__ import annotations

import json
import re

__all__ = ["looks_truncated"]

# Everything outside strings plus every closed string, possessively (linear, no backtracking):
# the match stops at the opening quote of a string still open at the end, if there is one.
_CLOSED = re.compile(r'(?:[^"]++|"(?:[^"\\]++|\\.)*+")*+', re.S)
_WORD = frozenset("+-.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")


def looks_truncated(text: str, error_pos: int) -> bool:
    """True if ``text`` failed to parse at ``error_pos`` only because it ends too early."""
    if error_pos < _tail_start(text):
        return False
    try:
        json.loads(text[:error_pos])
    except ValueError:
        return True
    return False  # a whole document, then more text


def _tail_start(text: str) -> int:
    """Where the unfinished end of ``text`` begins."""
    body = text.rstrip()
    closed_to = _CLOSED.match(body).end()  # type: ignore[union-attr]  # matches at least ""
    if closed_to < len(body):
        return closed_to  # the opening quote of a string that runs to the end
    start = len(body)
    while start and body[start - 1] in _WORD:
        start -= 1
    return start
