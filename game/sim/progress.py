"""A small text progress bar with an estimate of time left, for long headless runs (stderr).

    bar = ProgressBar(total=4000, label="batch")
    for ...:
        bar.advance(1)
    bar.close()

On a terminal the bar redraws in place (carriage return) at most every ``min_interval``
seconds; when the stream is not a terminal (a log file, CI) it prints a plain line at every
tenth of the way instead, so logs stay short. The clock is injectable for tests.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


def format_duration(seconds: float) -> str:
    """``42s``, ``3m07s`` or ``2h05m``."""
    if seconds != seconds or seconds < 0:   # NaN or negative: unknown
        return "?"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{(s % 3600) // 60:02d}m"


class ProgressBar:
    """Counts done items out of ``total`` and draws ``label [#####.....] 50% 200/400 12.3/s ETA 16s``."""

    def __init__(self, total: int, label: str = "", stream: TextIO | None = None, width: int = 30,
                 min_interval: float = 0.2, clock: Callable[[], float] = time.monotonic,
                 enabled: bool = True, interactive: bool | None = None) -> None:
        self.total = max(0, int(total))
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.min_interval = min_interval
        self.clock = clock
        self.enabled = enabled
        if interactive is None:
            isatty = getattr(self.stream, "isatty", None)
            interactive = bool(isatty and isatty())
        self.interactive = interactive
        self.done = 0
        self.start = clock()
        self._last_draw = float("-inf")
        self._last_tenth = -1
        self._closed = False

    def eta(self) -> float:
        """Seconds left at the average rate so far (NaN before the first item)."""
        if self.done <= 0:
            return float("nan")
        elapsed = self.clock() - self.start
        return elapsed / self.done * (self.total - self.done)

    def line(self) -> str:
        frac = self.done / self.total if self.total else 1.0
        filled = int(round(frac * self.width))
        elapsed = self.clock() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        head = f"{self.label} " if self.label else ""
        tail = f"ETA {format_duration(self.eta())}" if self.done < self.total else f"done in {format_duration(elapsed)}"
        return (f"{head}[{'#' * filled}{'.' * (self.width - filled)}] {frac:4.0%} "
                f"{self.done}/{self.total} {rate:.1f}/s {tail}")

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        if not self.enabled:
            return
        now = self.clock()
        if self.interactive:
            if now - self._last_draw >= self.min_interval or self.done >= self.total:
                self._last_draw = now
                self.stream.write("\r" + self.line())
                self.stream.flush()
        else:
            tenth = int(10 * self.done / self.total) if self.total else 10
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(self.line() + "\n")
                self.stream.flush()

    def close(self) -> None:
        """Finish the line (terminal) so that later output starts on a fresh line."""
        if self._closed:
            return
        self._closed = True
        if self.enabled and self.interactive:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
