"""Named positions for the rule catalogue (tests/test_rules_catalogue.py), like the diagrams of the
Diplomacy adjudicator test cases: each is a small map drawn as text, so a case can say "FLATLAND,
1940, three armour on Aland's border" and the reader sees the board.

Map legend: ``.`` plains, ``m`` mountains, ``~`` sea; owners ``A`` (Aland), ``B`` (Borduria), ``.``
neutral, ``~`` sea. Hexes are (column, row), odd rows shifted right (odd-r). Each state has 200 in
its treasury; the game ends after 50 turns. A position returns scenario data (a dict) that cases may
change with :func:`factory.with_sets` before building it with :func:`factory.make_state`.
"""
from __future__ import annotations

from typing import Any

from game.engine.rules import load_rules

Stack = dict[str, int]
Hex = tuple[int, int]


def position(era: str, terrain: list[str], owners: list[str], forces: dict[Hex, Stack],
             capitals: tuple[Hex, Hex]) -> dict[str, Any]:
    """Scenario data for a two-state map; ``forces`` go to whoever owns their hex."""
    keys = ("A", "B")
    states = []
    for k, (key, name, colour) in enumerate((("A", "Aland", "#aa0000"), ("B", "Borduria", "#0000aa"))):
        mine = [{"hex": list(h), "units": dict(st)} for h, st in forces.items() if owners[h[1]][h[0]] == keys[k] and st]
        states.append({"key": key, "name": name, "colour": colour, "capital": list(capitals[k]), "treasury": 200,
                       "forces": mine})
    return {"name": "catalogue position", "era": {"base": era},
            "map": {"width": len(terrain[0]), "height": len(terrain), "terrain": list(terrain), "owners": list(owners)},
            "victory": {"max_turns": 50}, "states": states}


def foot(era: str) -> str:
    """The era's line infantry (``mech_infantry`` in the nuclear eras)."""
    return "infantry" if "infantry" in load_rules().eras[era].units else "mech_infantry"


def column(col: int, stack: Stack, rows: int = 4) -> dict[Hex, Stack]:
    return {(col, r): dict(stack) for r in range(rows)}


def flatland(era: str = "1940", a: Stack | None = None, b: Stack | None = None,
             capital_a: Hex = (0, 1), capital_b: Hex = (7, 1), terrain_row: str = "........") -> dict[str, Any]:
    """FLATLAND: 8x4 open plains split down the middle::

        row 0   A A A A B B B B        Aland's capital (0, 1), Borduria's (7, 1)
        row 1    A A A A B B B B       border columns: 3 (Aland) and 4 (Borduria)
        row 2   A A A A B B B B        each border hex holds ``a`` / ``b``
        row 3    A A A A B B B B       (default: 2 of the era's infantry)
    """
    f = foot(era)
    return position(era, [terrain_row] * 4, ["AAAABBBB"] * 4,
                    {**column(3, a if a is not None else {f: 2}), **column(4, b if b is not None else {f: 2})},
                    (capital_a, capital_b))


def ridge(era: str = "1940", a: Stack | None = None, b: Stack | None = None) -> dict[str, Any]:
    """RIDGE: FLATLAND with every hex mountains (QJM rugged: defence x1.5, tanks at 0.4)."""
    return flatland(era, a, b, terrain_row="mmmmmmmm")


def passes(era: str = "1940") -> dict[str, Any]:
    """PASSES: FLATLAND with mountains along the border except one open pass on row 2::

        row 0   . . . m . . . .
        row 1    . . . m m . . .
        row 2   . . . . . . . .        the pass
        row 3    . . . m m . . .
    """
    data = flatland(era)
    data["map"]["terrain"] = ["...m....", "...mm...", "........", "...mm..."]
    return data


def strait(era: str = "1940") -> dict[str, Any]:
    """STRAIT: 9x4, one sea hex (column 4) between Aland (columns 0-3) and Borduria (5-8)::

        row 0   A A A A ~ B B B B      both coasts (columns 3 and 5) hold 2 infantry
    """
    f = foot(era)
    return position(era, ["....~...."] * 4, ["AAAA~BBBB"] * 4, {**column(3, {f: 2}), **column(5, {f: 2})},
                    ((0, 1), (8, 1)))


def wide_strait(era: str = "1940") -> dict[str, Any]:
    """WIDE STRAIT: 9x4, two sea hexes (columns 3 and 4) between the coasts (columns 2 and 5)."""
    f = foot(era)
    return position(era, ["...~~...."] * 4, ["AAA~~BBBB"] * 4, {**column(2, {f: 2}), **column(5, {f: 2})},
                    ((0, 1), (8, 1)))


def buffer_zone(era: str = "1940", a: Stack | None = None) -> dict[str, Any]:
    """BUFFER ZONE: 9x4 plains, a neutral column 4 between Aland (0-3) and Borduria (5-8)::

        row 0   A A A A . B B B B      Aland's column 3 holds ``a`` (default 2 infantry),
                                       Borduria's column 5 holds 2 infantry
    """
    f = foot(era)
    return position(era, ["........."] * 4, ["AAAA.BBBB"] * 4,
                    {**column(3, a if a is not None else {f: 2}), **column(5, {f: 2})}, ((0, 1), (8, 1)))


def border_capital(era: str = "1940", a: Stack | None = None) -> dict[str, Any]:
    """BORDER CAPITAL: 4x4 plains, Aland columns 0-1, Borduria columns 2-3, Borduria's capital at
    (2, 1) on the border and undefended; Aland's column 1 holds ``a``."""
    return position(era, ["...."] * 4, ["AABB"] * 4, column(1, a or {foot(era): 2}), ((0, 1), (2, 1)))
