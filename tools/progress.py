"""A minimal progress bar on stderr for long replays (only on a terminal, or when asked)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Redraws one stderr line at most ~10 times a second; `close()` ends the line."""

    def __init__(
        self, label: str, *, enabled: bool | None = None, stream: TextIO | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, done: float, total: float) -> None:
        """Report `done` out of `total` units of work."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 1.0
        width = 30
        filled = round(fraction * width)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label:<18} [{bar}] {fraction:6.1%}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Finish the line so later output starts on a fresh one."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
