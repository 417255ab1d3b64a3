"""The seconds each step of a build took (build --timings, the bench)."""

from __future__ import annotations

import os
import sys
import time


class Clock:
    """Adds the seconds since the last call to timings[name], less any part already counted under
    another name (when there is a timings dict at all)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, name: str, less: float = 0.0) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last - less
        self.last = now


def ready(point: str) -> None:
    """For the tests: say on stderr that the build has reached this point, when JOURNEY_TEST_READY names
    it, so a test can send a signal then rather than after a guessed delay."""
    if os.environ.get("JOURNEY_TEST_READY") == point:
        sys.stderr.write(f"ready: {point}\n")
        sys.stderr.flush()
