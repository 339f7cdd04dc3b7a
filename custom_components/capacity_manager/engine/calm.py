"""The highest site power of the last restore hold-off: what a load given back must fit on.

Power below the restore threshold for the hold-off is not enough: a load comes back only if it
fits on top of the highest power of that time, not just on top of the last sample. Otherwise a
house whose own load swings (a compressor, a cooking plate cycling) gives a load back in every
trough and takes it again at the next peak, every minute, all day.
"""

from __future__ import annotations

import math
from collections import deque


class RecentPeak:
    """Maximum of the values added during the last `window_s` seconds (monotonic queue)."""

    __slots__ = ("_points",)

    def __init__(self) -> None:
        """Nothing seen yet."""
        self._points: deque[tuple[float, float]] = deque()

    def clear(self) -> None:
        """Forget everything (the hold-off starts again)."""
        self._points.clear()

    def add(self, now: float, value: float, window_s: float) -> float:
        """Record `value` at `now`; the highest value of (now - window_s, now]."""
        points = self._points
        while points and points[-1][1] <= value:
            points.pop()
        points.append((now, value))
        while len(points) > 1 and points[0][0] <= now - window_s:
            points.popleft()  # the newest value always stays: a zero window is "now only"
        return points[0][1]

    def touch(self, now: float) -> None:
        """The latest value is still there at `now` (a skipped, unchanged sample)."""
        if self._points:
            self._points.append((now, self._points.pop()[1]))

    def next_drop(self, window_s: float) -> float:
        """When the peak leaves the window and more room appears (inf: the peak is now)."""
        points = self._points
        return points[0][0] + window_s if len(points) > 1 else math.inf
