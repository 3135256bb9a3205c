"""Named positions for the move cases of the rule catalogue (tests/test_rules_moves.py), drawn like
those of tests/positions.py (same legend: ``.`` plains, ``m`` mountains; owners ``A``, ``B``).
"""
from __future__ import annotations

from typing import Any

from positions import Stack, position


def strip(era: str = "1914", terrain: str = "........", a: Stack | None = None,
          rivers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """STRIP: one row of 8 land hexes (rows 1-3 are sea), Aland (0)-(3), Borduria (4)-(7); every move runs along the row::

        row 0   A A A A B B B B        Aland's border hex (3, 0) holds ``a`` (default 2 infantry),
                                       Borduria's (4, 0) 2 infantry; capitals at the ends
    ``rivers`` are scenario river specs (``{"kind": "minor_river", "edges": [[c1, r1, c2, r2]]}``).
    """
    data = position(era, [terrain] + ["~~~~~~~~"] * 3, ["AAAABBBB"] + ["~~~~~~~~"] * 3, {(3, 0): a or {"infantry": 2}, (4, 0): {"infantry": 2}},
                    ((0, 0), (7, 0)))
    if rivers:
        data["map"]["rivers"] = rivers
    return data


def corridor(era: str = "1940", a: Stack | None = None) -> dict[str, Any]:
    """CORRIDOR: 6x4 plains, Borduria's columns 2-3 cut Aland's west (0-1) from its east (4-5)::

        row 0   A A B B A A        Aland's (1, 0) holds ``a`` (default 2 infantry and 2 armour),
        row 1    A A B B A A       Borduria's (2, 1) 2 infantry; capitals (0, 1) and (3, 1)
        row 2   A A B B A A
        row 3    A A B B A A
    """
    return position(era, ["......"] * 4, ["AABBAA"] * 4,
                    {(1, 0): a or {"infantry": 2, "armour": 2}, (2, 1): {"infantry": 2}}, ((0, 1), (3, 1)))


def landbridge(era: str = "1940") -> dict[str, Any]:
    """LANDBRIDGE: 6x4 plains, three states. Borduria (rows 0-1) and Carpania (rows 2-3) hold columns
    2-3 and cut Aland's west (0-1) from its east (4-5)::

        row 0   A A B B A A        Aland's (1, 0) holds 2 armour (6 points in 1940), (1, 3) 2 infantry;
        row 1    A A B B A A       Borduria's (2, 1) and Carpania's (2, 2) 2 infantry each;
        row 2   A A C C A A        capitals (0, 1), (3, 0) and (3, 3)
        row 3    A A C C A A
    """
    data = position(era, ["......"] * 4, ["AABBAA"] * 2 + ["AABBAA"] * 2,
                    {(1, 0): {"armour": 2}, (1, 3): {"infantry": 2}, (2, 1): {"infantry": 2}}, ((0, 1), (3, 0)))
    data["map"]["owners"] = ["AABBAA"] * 2 + ["AACCAA"] * 2
    data["states"].append({"key": "C", "name": "Carpania", "colour": "#00aa00", "capital": [3, 3], "treasury": 200,
                           "forces": [{"hex": [2, 2], "units": {"infantry": 2}}]})
    return data
