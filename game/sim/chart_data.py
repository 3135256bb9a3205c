"""What the game's charts show, without drawing them: titles, axes and one line of values per pair
of neighbours or per state, taken from the turn records.

Pure data (no pygame), so the after-action report and the debrief draw the same numbers;
``game.ui.charts`` turns a :class:`ChartData` into pixels.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from game.engine.pairkey import PairKey
from game.engine.state import TurnRecord

CHARTS = ("cooperation", "balance", "world", "arms", "territory")
CHART_TITLES = {"cooperation": "Cooperation per pair of neighbours", "balance": "Offense-defense balance per pair",
                "world": "Jervis's world per pair", "arms": "Arms share of spending", "territory": "Territory (hexes held)"}


@dataclass(frozen=True)
class Line:
    """One line of a chart. ``colour`` is a state's colour ('#rrggbb') or the index of a pair of
    neighbours (the renderer's palette); ``dashed`` lines are drawn lighter and broken."""
    label: str
    values: tuple[float | None, ...]
    colour: str | int
    dashed: bool = False


@dataclass(frozen=True)
class ChartData:
    """A line chart: ``None`` values leave gaps; ``log2`` plots log2(v) with ticks in v; ``step``
    draws steps between turns; ``world_ticks`` marks the y ticks with the four worlds' colours."""
    title: str
    turns: tuple[int, ...]
    lines: tuple[Line, ...]
    y_label: str = ""
    y_range: tuple[float, float] | None = None
    reference: float | None = None
    y_ticks: tuple[tuple[float, str], ...] | None = None
    step: bool = False
    log2: bool = False
    world_ticks: bool = False


Nations = Sequence[tuple[str, str]]   # (name, colour '#rrggbb') per state


def dyads(history: Sequence[TurnRecord]) -> list[str]:
    """The pairs of neighbours that appear in the history, in order of first appearance."""
    seen: list[str] = []
    for rec in history:
        for k in rec.outcomes:
            if k not in seen:
                seen.append(k)
    return seen


def dyad_label(key: str, nations: Nations) -> str:
    a, b, _ = PairKey.parse(key)
    return f"{nations[a][0]}-{nations[b][0]}"


def cooperation(history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    """Per dyad: 1 = both cooperated (CC), 0.5 = one did, 0 = both defected."""
    lines = tuple(Line(dyad_label(key, nations),
                       tuple(None if key not in r.outcomes else r.outcomes[key].count("C") / 2 for r in history), k)
                  for k, key in enumerate(dyads(history)))
    return ChartData(CHART_TITLES["cooperation"], tuple(r.turn for r in history), lines, "cooperating sides", (0, 1),
                     y_ticks=((0, "DD"), (0.5, "CD/DC"), (1, "CC")), step=True)


def balance(history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    """True balance per dyad (the attacker's best side: min of both directions), perceived dashed."""
    lines = []
    for k, key in enumerate(dyads(history)):
        ab, ba = PairKey.parse(key).directions()
        for src, dashed, suffix in ((lambda r: r.balance, False, ""), (lambda r: r.perceived_balance, True, " perceived")):
            vals = []
            for r in history:
                got = [v for v in (src(r).get(ab), src(r).get(ba)) if v is not None]
                vals.append(min(got) if got else None)
            lines.append(Line(dyad_label(key, nations) + suffix, tuple(vals), k, dashed))
    return ChartData(CHART_TITLES["balance"] + " (log scale; > 1 = defence advantage)", tuple(r.turn for r in history),
                     tuple(lines), "ODB", reference=1.0, log2=True)


def world(history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    lines = tuple(Line(dyad_label(key, nations), tuple(r.world.get(key) for r in history), k)
                  for k, key in enumerate(dyads(history)))
    return ChartData(CHART_TITLES["world"] + " (1 doubly dangerous ... 4 doubly stable)", tuple(r.turn for r in history),
                     lines, "world", (0.5, 4.5), y_ticks=tuple((w, f"W{w}") for w in (1, 2, 3, 4)), step=True,
                     world_ticks=True)


def arms_share(history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    lines = []
    for i, (name, colour) in enumerate(nations):
        vals = []
        for r in history:
            arms, econ = r.arms_spent[i], r.econ_spent[i]
            vals.append(arms / (arms + econ) if arms + econ > 0 else 0.0)
        lines.append(Line(name, tuple(vals), colour))
    return ChartData(CHART_TITLES["arms"], tuple(r.turn for r in history), tuple(lines), "arms / (arms + economy)",
                     (0, 1), y_ticks=tuple((v, f"{v:.0%}") for v in (0, 0.25, 0.5, 0.75, 1)))


def territory(history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    lines = tuple(Line(name, tuple(float(r.territory[i]) for r in history), colour)
                  for i, (name, colour) in enumerate(nations))
    return ChartData(CHART_TITLES["territory"], tuple(r.turn for r in history), lines, "hexes")


CHART_DATA: dict[str, Callable[[Sequence[TurnRecord], Nations], ChartData]] = {
    "cooperation": cooperation, "balance": balance, "world": world, "arms": arms_share, "territory": territory}


def chart_data(name: str, history: Sequence[TurnRecord], nations: Nations) -> ChartData:
    """The data of chart ``name`` (one of :data:`CHARTS`)."""
    return CHART_DATA[name](history, nations)
