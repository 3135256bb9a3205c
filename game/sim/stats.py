"""Interval estimates for batch experiments, computed from running sums (constant memory).

A batch rate such as the mutual-cooperation rate is a ratio of sums over *games*:
``rate = sum(y_g) / sum(n_g)`` with ``y_g`` the mutually cooperative dyad-turns and ``n_g`` the
dyad-turns of game ``g``. Dyad-turns inside one game are strongly correlated (a pair that
cooperates on turn 5 usually cooperates on turn 6), so treating them as independent trials
would give intervals far too narrow. Games are independent, so they are the clusters.

* :class:`ClusteredRate` keeps ``G, sum y, sum n, sum y^2, sum n^2, sum y*n`` and gives the
  cluster-robust (linearised ratio-estimator, "sandwich") variance of the rate,

      var(r) = G / (G - 1) * sum_g (y_g - r n_g)^2 / (sum n)^2,

  from those six numbers, so no per-game values are kept however many games are played.
* :meth:`ClusteredRate.wilson` turns it into a 95% Wilson score interval with the Kish
  *effective sample size* ``n_eff = r (1 - r) / var(r)`` (the dyad-turns divided by the design
  effect), capped at the number of dyad-turns. When every game has the same rate (variance 0,
  e.g. all games fully cooperative) ``n_eff`` is the number of games: each game counts as one
  Bernoulli observation, which keeps the interval honest instead of collapsing to a point.
  Wilson (not Wald) is used because rates near 0 or 1 are common here.
* :meth:`ClusteredRate.normal` is the plain cluster-robust normal interval, for quantities that
  are not proportions (first strikes per dyad-turn can exceed 1) or are shares of money.

:func:`bootstrap_ratio_interval` (percentile bootstrap over games with a seeded generator) is
kept as a reference: the tests check that the closed-form intervals agree with it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

Z95 = 1.959963984540054   # the 97.5% standard normal quantile


def wilson_interval(rate: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``rate`` observed on ``n`` (possibly fractional) trials."""
    if n <= 0:
        return (0.0, 1.0)
    p = min(1.0, max(0.0, rate))
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(max(0.0, p * (1.0 - p) / n + z2 / (4.0 * n * n))) / denom
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))   # exact at p = 0 or 1


@dataclass
class ClusteredRate:
    """Running sums for a ratio of per-game totals (mutable accumulator; one per cell and rate)."""

    games: int = 0
    sum_y: float = 0.0
    sum_n: float = 0.0
    sum_yy: float = 0.0
    sum_nn: float = 0.0
    sum_yn: float = 0.0

    def add(self, y: float, n: float) -> None:
        """Add one game with numerator ``y`` and denominator ``n`` (a game with n = 0 still counts)."""
        self.games += 1
        self.sum_y += y
        self.sum_n += n
        self.sum_yy += y * y
        self.sum_nn += n * n
        self.sum_yn += y * n

    @property
    def rate(self) -> float:
        return self.sum_y / self.sum_n if self.sum_n > 0 else float("nan")

    def variance(self) -> float:
        """Cluster-robust variance of :attr:`rate` (0 with fewer than two games)."""
        if self.games < 2 or self.sum_n <= 0:
            return 0.0
        r = self.rate
        ss = self.sum_yy - 2.0 * r * self.sum_yn + r * r * self.sum_nn   # sum (y - r n)^2
        return max(0.0, ss) * self.games / (self.games - 1) / (self.sum_n * self.sum_n)

    def effective_n(self) -> float:
        """Kish effective number of independent trials (see the module docstring)."""
        if self.sum_n <= 0:
            return 0.0
        r, var = self.rate, self.variance()
        if var <= 0.0 or r <= 0.0 or r >= 1.0:
            return float(min(self.games, self.sum_n))
        return min(self.sum_n, r * (1.0 - r) / var)

    def wilson(self, z: float = Z95) -> tuple[float, float]:
        """95% interval for a proportion (Wilson with the effective sample size)."""
        if self.sum_n <= 0:
            return (float("nan"), float("nan"))
        return wilson_interval(self.rate, self.effective_n(), z)

    def normal(self, z: float = Z95, lower: float | None = 0.0, upper: float | None = None) -> tuple[float, float]:
        """Cluster-robust normal interval, clipped to [lower, upper] when given."""
        if self.sum_n <= 0:
            return (float("nan"), float("nan"))
        half = z * math.sqrt(self.variance())
        lo, hi = self.rate - half, self.rate + half
        if lower is not None:
            lo = max(lower, lo)
        if upper is not None:
            hi = min(upper, hi)
        return (lo, hi)


def bootstrap_ratio_interval(y: Sequence[float], n: Sequence[float], resamples: int = 2000,
                             seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``sum(y)/sum(n)`` resampling whole games (seeded)."""
    ya, na = np.asarray(y, dtype=float), np.asarray(n, dtype=float)
    if ya.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, ya.size, size=(resamples, ya.size))
    num, den = ya[idx].sum(axis=1), na[idx].sum(axis=1)
    ratios = num[den > 0] / den[den > 0]
    alpha = (1.0 - level) / 2.0
    return (float(np.quantile(ratios, alpha)), float(np.quantile(ratios, 1.0 - alpha)))


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two closed intervals share a point."""
    return a[0] <= b[1] and b[0] <= a[1]
