#!/usr/bin/env python3
"""Build the improvement-journey site: `python build_site.py check|build|serve` (see --help)."""

import os
import signal
import sys


def _interrupted(_signum, _frame):  # Ctrl-C while the tool is still starting: one line, not a traceback
    sys.stderr.write("build_site.py: interrupted; nothing was changed\n")
    raise SystemExit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupted)
    if os.environ.get("JOURNEY_TEST_READY") == "start":  # for the tests: Ctrl-C now hits the start-up handler
        sys.stderr.write("ready: start\n")
        sys.stderr.flush()
    from journey.cli import main  # the package's own boundary takes over from here

    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
