"""What every benchmark script shares: which tree's code it measures, wall + CPU clocks, the load.

A benchmark measures the code of the tree named by the environment variable ``SD_CODE_ROOT``
(``benchmarks/compare.py`` points it at a baseline checkout and at the current tree in turn), else
the tree this file is in. CPU time counts this process and its finished children (batch workers),
so that a shared, loaded machine inflates the wall time but not the CPU figures; every script
prints the load average next to its figures.
"""
from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE_ROOT = Path(os.environ.get("SD_CODE_ROOT") or HERE.parent).resolve()
if str(CODE_ROOT) not in sys.path:
    sys.path.insert(0, str(CODE_ROOT))


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def load_average() -> str:
    try:
        return "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "load average n/a"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KiB


@dataclass
class Span:
    """Wall and CPU seconds of one ``with clock() as span:`` block."""

    wall: float = 0.0
    cpu: float = 0.0


class clock:
    def __enter__(self) -> Span:
        self.span = Span()
        self._w, self._c = time.perf_counter(), cpu_seconds()
        return self.span

    def __exit__(self, *exc: object) -> None:
        self.span.wall = time.perf_counter() - self._w
        self.span.cpu = cpu_seconds() - self._c


def header(name: str) -> None:
    print(f"{name}: code from {CODE_ROOT}; python {sys.version.split()[0]}; {load_average()} "
          f"on {os.cpu_count()} cores")


def footer(total: Span, pairs: dict[str, float | int | str]) -> None:
    """The totals line and the last line, ``name=value`` pairs."""
    print(f"total: {total.wall:.2f} s wall, {total.cpu:.2f} s CPU; {load_average()}")
    print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in pairs.items()))


def pct(xs: list[float], q: float) -> float:
    """The q-quantile by nearest rank (q in [0, 1])."""
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def median(xs: list[float]) -> float:
    return statistics.median(xs)
