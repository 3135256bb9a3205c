"""Charts of a game's history drawn with pygame onto Surfaces (and saved as PNG): cooperation per
dyad, balance and world per dyad, arms share of spending, territory. Usable headless (seminar
debrief, after-action report): only ``pygame.font`` is needed, no window.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pygame

from game.engine.state import TurnRecord
from game.sim.chart_data import CHARTS, ChartData, chart_data

from .fonts import FontBook
from .palette import Colour, WORLD_COLOURS, hex_rgb, mix

CHART_BG = (26, 30, 40)
PLOT_BG = (32, 37, 48)
GRID = (58, 66, 82)
AXIS_TEXT = (170, 176, 188)
TITLE = (236, 232, 222)
MARKER = (240, 200, 90)
DYAD_PALETTE: tuple[Colour, ...] = ((226, 178, 72), (92, 170, 220), (214, 96, 84), (120, 196, 120), (186, 130, 220),
                                    (236, 140, 60), (90, 200, 190), (230, 120, 170), (170, 170, 90), (140, 150, 230))


@dataclass(frozen=True)
class Series:
    label: str
    colour: Colour
    values: tuple[float | None, ...]
    dashed: bool = False


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v <= hi + step * 0.01:
        if v >= lo - step * 0.01:
            ticks.append(round(v, 10))
        v += step
    return ticks


NICE_RATIOS = (0.1, 0.125, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 8.0,
               10.0, 16.0, 32.0)


def log_ticks(lo: float, hi: float, most: int = 7) -> list[tuple[float, str]]:
    """Ticks of a log2 axis spanning log2 values lo..hi: powers of two when the range is wide, nice
    ratios in between when it is narrow (a balance near 1 used to get one tick or none)."""
    inside = [v for v in NICE_RATIOS if lo <= math.log2(v) <= hi]
    powers = [2.0 ** t for t in range(math.floor(lo), math.ceil(hi) + 1) if lo <= t <= hi]
    if len(powers) >= 3:
        chosen = powers
    elif len(inside) <= most:
        chosen = inside
    else:
        step = (len(inside) - 1) / (most - 1)
        chosen = [inside[round(k * step)] for k in range(most)]
    if len(chosen) < 2:                       # an extremely narrow range: its two ends
        return [(2.0 ** lo, f"{2.0 ** lo:.4g}"), (2.0 ** hi, f"{2.0 ** hi:.4g}")]
    return [(v, f"{v:.3g}") for v in sorted(set(chosen))]


# after the palette: colours chosen one by one as far as possible from all chosen before and from the
# plot background (hue x lightness candidates, L1 distance; computed once, written out here)
EXTRA_PAIR_COLOURS: tuple[Colour, ...] = (
    (204, 235, 142), (97, 38, 216), (68, 216, 38), (216, 38, 216), (38, 97, 216), (186, 216, 38), (38, 216, 127),
    (216, 38, 38), (142, 235, 204), (216, 38, 127), (38, 216, 216), (235, 173, 142), (90, 225, 90),
    (235, 142, 235), (112, 90, 225), (225, 90, 225), (225, 90, 135), (158, 225, 90), (225, 225, 90),
    (142, 235, 142), (142, 204, 235), (90, 225, 225), (216, 157, 38), (157, 38, 216), (127, 216, 38),
    (38, 216, 68), (38, 157, 216), (38, 38, 216), (90, 225, 158), (216, 97, 38))
PAIR_COLOURS = DYAD_PALETTE + EXTRA_PAIR_COLOURS


def dyad_colour(k: int) -> Colour:
    """A distinct colour for the k-th pair (eight states have up to 28 pairs; the palette of 10
    repeated before)."""
    return PAIR_COLOURS[k % len(PAIR_COLOURS)]


def label_rows(spans: Sequence[tuple[float, int]], gap: int = 4) -> list[int]:
    """A row for each label (x, width), in order, so that no two labels in one row overlap: the
    first row where it fits. Injects fired on the same or neighbouring turns get stacked labels."""
    ends: list[float] = []          # right edge of the rightmost label in each row
    rows = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda k: (spans[k][0], k)):
        x, width = spans[i]
        row = next((r for r, end in enumerate(ends) if x >= end + gap), len(ends))
        if row == len(ends):
            ends.append(x + width)
        else:
            ends[row] = x + width
        rows[i] = row
    return rows


def line_chart(title: str, turns: Sequence[int], series: Sequence[Series], size: tuple[int, int] = (760, 420),
               y_label: str = "", y_range: tuple[float, float] | None = None, reference: float | None = None,
               y_ticks: Sequence[tuple[float, str]] | None = None, step: bool = False, log2: bool = False,
               fonts: FontBook | None = None, markers: Sequence[tuple[int, str]] = (),
               tick_colours: dict[float, Colour] | None = None) -> pygame.Surface:
    """A line chart; ``None`` values leave gaps. ``log2`` plots log2(v) with ticks labelled in v.
    ``markers`` are (turn, label) pairs drawn as dotted vertical lines at the start of that turn
    (seminar injects on the time axis). ``tick_colours`` puts a colour swatch beside those y ticks."""
    fonts = fonts or FontBook()
    w, h = size
    surf = pygame.Surface(size)
    surf.fill(CHART_BG)
    f_title, f_small = fonts.get(17, True), fonts.get(12)
    lo, hi = _y_bounds(series, y_range, reference, log2)
    surf.blit(f_title.render(title, True, TITLE), (16, 10))
    legend_w = min(240, max([f_small.size(s.label)[0] for s in series] + [60]) + 50)
    ticks = y_ticks if y_ticks is not None else (
        log_ticks(lo, hi) if log2 else [(t, f"{t:g}") for t in _nice_ticks(lo, hi)])
    left = 30 + max([f_small.size(text)[0] for _, text in ticks] + [20]) + 10 + (12 if tick_colours else 0)
    ax = _Axes(pygame.Rect(left, 46, w - left - legend_w - 16, h - 46 - 44), lo, hi, len(turns), log2)
    pygame.draw.rect(surf, PLOT_BG, ax.plot)
    _draw_y_axis(surf, ax, ticks, y_label, tick_colours, f_small)
    _draw_x_axis(surf, ax, turns, f_small)
    _draw_markers(surf, ax, turns, markers, f_small)
    if reference is not None:
        y = ax.py(reference)
        for x in range(ax.plot.x, ax.plot.right, 10):
            pygame.draw.line(surf, (200, 200, 200), (x, y), (min(x + 5, ax.plot.right), y))
    for s in series:
        _draw_series(surf, ax, s, step)
    _draw_legend(surf, ax.plot, series, legend_w, f_small)
    pygame.draw.rect(surf, GRID, ax.plot, 1)
    return surf


def _tr(v: float, log2: bool) -> float:
    return math.log2(max(v, 1e-6)) if log2 else v


def _y_bounds(series: Sequence[Series], y_range: tuple[float, float] | None, reference: float | None,
              log2: bool) -> tuple[float, float]:
    """The plotted range (in log2 units for a log chart): the given range, or the data's padded
    by 8% and including the reference line (from 0 when all values are >= 0)."""
    vals = [_tr(v, log2) for s in series for v in s.values if v is not None]
    if y_range is not None:
        return _tr(y_range[0], log2), _tr(y_range[1], log2)
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    if reference is not None:
        lo, hi = min(lo, _tr(reference, log2)), max(hi, _tr(reference, log2))
    pad = (hi - lo) * 0.08 or 0.5
    lo, hi = lo - pad, hi + pad
    if not log2 and lo < 0 <= min(vals or [0]):
        lo = 0.0
    return lo, hi


@dataclass(frozen=True)
class _Axes:
    """The plot rectangle and the mapping of (turn index, value) to pixels."""

    plot: pygame.Rect
    lo: float
    hi: float
    n: int            # number of turns on the x axis
    log2: bool

    def py(self, v: float) -> float:
        p = self.plot
        return p.bottom - (_tr(v, self.log2) - self.lo) / (self.hi - self.lo) * p.h if self.hi > self.lo else p.centery

    def px(self, k: int) -> float:
        return self.plot.x + (k + 0.5) * self.plot.w / max(self.n, 1)


def _draw_y_axis(surf: pygame.Surface, ax: _Axes, ticks: Sequence[tuple[float, str]], y_label: str,
                 tick_colours: dict[float, Colour] | None, font: pygame.font.Font) -> None:
    plot = ax.plot
    if y_label:
        lab = pygame.transform.rotate(font.render(y_label, True, AXIS_TEXT), 90)
        surf.blit(lab, (6, plot.centery - lab.get_height() // 2))
    for v, text in ticks:
        y = ax.py(v)
        if plot.top - 1 <= y <= plot.bottom + 1:
            pygame.draw.line(surf, GRID, (plot.x, y), (plot.right, y))
            t = font.render(text, True, AXIS_TEXT)
            shift = 0
            if tick_colours and v in tick_colours:
                pygame.draw.rect(surf, tick_colours[v], (plot.x - 12, y - 6, 7, 12))
                shift = 12
            surf.blit(t, (plot.x - 6 - shift - t.get_width(), y - t.get_height() // 2))


def _draw_x_axis(surf: pygame.Surface, ax: _Axes, turns: Sequence[int], font: pygame.font.Font) -> None:
    """Turn numbers (at most about a dozen) and the axis title."""
    n, plot = ax.n, ax.plot
    stride = max(1, n // 12)
    for k, turn in enumerate(turns):
        if k % stride == 0 or k == n - 1:
            t = font.render(str(turn), True, AXIS_TEXT)
            surf.blit(t, (ax.px(k) - t.get_width() / 2, plot.bottom + 6))
    xl = font.render("turn", True, AXIS_TEXT)
    surf.blit(xl, (plot.centerx - xl.get_width() // 2, plot.bottom + 24))


def _draw_markers(surf: pygame.Surface, ax: _Axes, turns: Sequence[int], markers: Sequence[tuple[int, str]],
                  font: pygame.font.Font) -> None:
    """Dotted vertical lines at the start of each marked turn, their labels stacked so none overlap."""
    n, plot = ax.n, ax.plot
    tags = []
    for turn, label in markers:
        k = next((i for i, t in enumerate(turns) if t >= turn), n)
        x = plot.x + k * plot.w / max(n, 1)
        for y0 in range(plot.y, plot.bottom, 8):
            pygame.draw.line(surf, MARKER, (x, y0), (x, min(y0 + 4, plot.bottom)), 2)
        tag = font.render(label[:18], True, MARKER)
        tags.append((min(x + 3, plot.right - tag.get_width()), tag))
    rows = label_rows([(x, tag.get_width()) for x, tag in tags])
    for (x, tag), row in zip(tags, rows):
        y = plot.y + 2 + row * (tag.get_height() + 1)
        pygame.draw.rect(surf, PLOT_BG, (x - 1, y, tag.get_width() + 2, tag.get_height()))  # later lines pass behind
        surf.blit(tag, (x, y))


def _draw_series(surf: pygame.Surface, ax: _Axes, s: Series, step: bool) -> None:
    """One series: segments (steps for a step chart) between known values, a dot on each."""
    pts: list[tuple[float, float] | None] = [None if v is None else (ax.px(k), ax.py(v)) for k, v in enumerate(s.values)]
    prev = None
    for p in pts:
        if p is not None and prev is not None:
            if step:
                mid = ((prev[0] + p[0]) / 2, prev[1])
                _seg(surf, s, prev, mid)
                _seg(surf, s, mid, (mid[0], p[1]))
                _seg(surf, s, (mid[0], p[1]), p)
            else:
                _seg(surf, s, prev, p)
        if p is not None:
            pygame.draw.circle(surf, s.colour, (int(p[0]), int(p[1])), 3)
        prev = p


def _draw_legend(surf: pygame.Surface, plot: pygame.Rect, series: Sequence[Series], legend_w: int,
                 font: pygame.font.Font) -> None:
    y = plot.y
    for s in series:
        pygame.draw.line(surf, s.colour, (plot.right + 14, y + 8), (plot.right + 34, y + 8), 3)
        label = s.label if font.size(s.label)[0] <= legend_w - 44 else s.label[:24] + "..."
        surf.blit(font.render(label, True, TITLE), (plot.right + 40, y))
        y += 18


def _seg(surf: pygame.Surface, s: Series, a: tuple[float, float], b: tuple[float, float]) -> None:
    if not s.dashed:
        pygame.draw.line(surf, s.colour, a, b, 3)
        return
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    steps = max(1, int(length // 8))
    for k in range(0, steps, 2):
        t0, t1 = k / steps, min(1.0, (k + 1) / steps)
        pygame.draw.line(surf, s.colour, (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                         (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1), 2)


# --- the game's charts (their data: game.sim.chart_data) ------------------------------------

def render(data: ChartData, size: tuple[int, int] = (760, 420), fonts: FontBook | None = None,
           markers: Sequence[tuple[int, str]] = ()) -> pygame.Surface:
    """Draw a chart's data: pairs get the palette colour of their index (dashed lines lighter),
    states their own colour."""
    series = []
    for line in data.lines:
        if isinstance(line.colour, int):
            col = dyad_colour(line.colour)
            col = mix(col, (255, 255, 255), 0.35) if line.dashed else col
        else:
            col = hex_rgb(line.colour)
        series.append(Series(line.label, col, line.values, line.dashed))
    return line_chart(data.title, list(data.turns), series, size, data.y_label, data.y_range, data.reference,
                      y_ticks=list(data.y_ticks) if data.y_ticks is not None else None, step=data.step,
                      log2=data.log2, fonts=fonts, markers=markers,
                      tick_colours={float(w): WORLD_COLOURS[w] for w in (1, 2, 3, 4)} if data.world_ticks else None)


def chart(name: str, history: Sequence[TurnRecord], nations: Sequence[tuple[str, str]],
          size: tuple[int, int] = (760, 420), fonts: FontBook | None = None,
          markers: Sequence[tuple[int, str]] = ()) -> pygame.Surface:
    """Chart ``name`` (one of :data:`CHARTS`) of a history; ``nations`` are (name, '#rrggbb') per state."""
    return render(chart_data(name, history, nations), size, fonts, markers)


def save_png(surface: pygame.Surface, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
    return path


def save_all(history: Sequence[TurnRecord], nations: Sequence[tuple[str, str]], directory: str | Path,
             size: tuple[int, int] = (960, 540), prefix: str = "",
             markers: Sequence[tuple[int, str]] = ()) -> list[Path]:
    """Every chart as ``<directory>/<prefix><name>.png``; returns the paths."""
    fonts = FontBook()
    return [save_png(chart(n, history, nations, size, fonts, markers), Path(directory) / f"{prefix}{n}.png")
            for n in CHARTS]


def report_charts(history: Sequence[TurnRecord], nations: Sequence[tuple[str, str]], directory: Path,
                  markers: Sequence[tuple[int, str]]) -> list[Path]:
    """The after-action report's charts (a ``game.sim.report.ChartWriter``): every chart at 960x540,
    inject markers on the time axis. Needs only ``pygame.font``, no window."""
    return save_all(history, nations, directory, markers=markers)
