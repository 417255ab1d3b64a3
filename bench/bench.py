#!/usr/bin/env python3
"""Benchmark: build synthetic FICTIONAL plans (bench/synth.py) at several sizes; print a Markdown table.

    .venv/bin/python bench/bench.py [--actions 10 100 1000 3000] [--keep DIR]

For each size, in a fresh project folder (mkdocs.yml, theme_overrides/, content/assets/ copied
from this repository): `build_site.py check`, a full `build` (no content/ or site/ yet) and a
second `build` with nothing changed, each as a child process with cwd = the project folder.

Peak memory is the child's maximum resident set size (ru_maxrss, KiB on Linux) of the full build.
resource.getrusage(RUSAGE_CHILDREN) is a high-water mark over *all* children waited for so far,
so it cannot tell one run from the next; os.wait4 returns the same rusage for just that child.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # journey/, when not installed
from synth import write_plans  # noqa: E402

from journey.render import GENERATED  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
AS_AT = "2025-06-30"


def run(project: Path, *args: str) -> tuple[float, float]:
    """Run build_site.py in project; return (wall seconds, peak resident MB of that child)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), *args], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"build_site.py {' '.join(args)} failed in {project} (exit {child.returncode}):\n{err}")
    return seconds, usage.ru_maxrss / 1024


def project_at(folder: Path, actions: int) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", folder / "theme_overrides")
    # The hand-written part of content/ (assets, the accessibility page), not generated pages.
    shutil.copytree(REPO / "content", folder / "content",
                    ignore=lambda d, names: [n for n in names if Path(d) == REPO / "content" and n in GENERATED])
    write_plans(folder / "plans", actions)
    return folder


def measure(folder: Path, actions: int) -> dict:
    project = project_at(folder, actions)
    check, _ = run(project, "check")
    build, peak = run(project, "build", "--as-at", AS_AT)
    rebuild, _ = run(project, "build", "--as-at", AS_AT)
    site = project / "site"
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in pages}
    total = sum(sizes.values())
    largest = max(sizes, key=sizes.get)
    return {"actions": actions, "pages": len(pages), "total_mb": total / 1e6, "avg_kb": total / len(pages) / 1e3,
            "check": check, "build": build, "peak": peak, "rebuild": rebuild,
            "largest": (largest, sizes[largest] / 1e3)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark the site build on synthetic FICTIONAL plans.")
    p.add_argument("--actions", type=int, nargs="+", default=[10, 100, 1000, 3000])
    p.add_argument("--keep", type=Path, default=None, help="build under this new folder and keep it")
    args = p.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="journey-bench-"))
    try:
        rows = []
        for n in args.actions:
            rows.append(measure(base / f"actions-{n}", n))
            print(f"  {n} actions done", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"{date.today().isoformat()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"as at {AS_AT}\n")
    print("| actions | pages | total HTML (MB) | average page (KB) | check (s) | full build (s) "
          "| peak memory (MB) | rebuild, no change (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['actions']:,} | {r['pages']:,} | {r['total_mb']:.1f} | {r['avg_kb']:.1f} | {r['check']:.1f} "
              f"| {r['build']:.1f} | {r['peak']:.0f} | {r['rebuild']:.1f} |")
    print("\nLargest page: " + "; ".join(f"{r['actions']:,} actions: {r['largest'][0]} ({r['largest'][1]:,.0f} KB)"
                                        for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
