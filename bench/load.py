"""The load check: `make test` on a fresh clone while the machine is busy, as a shared CI machine is.

Clones this repository (its committed HEAD) into a new folder, starts --busy CPU-bound processes
(two by default) and runs `make test` in the clone beside them; then stops them and prints how long
`make test` took and whether it passed. Not a test (outside pytest's collection, and outside CI): run
it by hand before calling the suite free of timing, and put its figures in docs/testing.md.

    .venv/bin/python bench/load.py [--busy 2] [--keep]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _burn() -> None:  # pragma: no cover - runs in a child until killed
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--busy", type=int, default=2, help="CPU-bound processes beside make test (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the clone afterwards")
    args = parser.parse_args()
    where = Path(tempfile.mkdtemp(prefix="journey-load-"))
    clone = where / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True,
                          check=True).stdout.strip()
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.busy)]
    for b in burners:
        b.start()
    started = time.monotonic()
    try:
        done = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True,
                              env={k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "JOURNEY_CACHE")})
    finally:
        for b in burners:
            b.kill()
    took = time.monotonic() - started
    summary = [line for line in done.stdout.splitlines() if " passed" in line or " failed" in line][-1:]
    print(f"{date.today().isoformat()}, {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"Python {platform.python_version()}, at {head}: make test on a fresh clone beside {args.busy} CPU-bound "
          f"processes took {took / 60:.0f} min {took % 60:.0f} s (set-up included) and "
          f"{'passed' if done.returncode == 0 else 'FAILED'}: {summary[0].strip('= ') if summary else '(no summary)'}")
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-5000:] + done.stderr[-3000:])
    if args.keep:
        print(f"the clone: {clone}")
    else:
        shutil.rmtree(where, ignore_errors=True)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
