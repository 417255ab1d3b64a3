#!/usr/bin/env python3
"""Benchmark: the real plans (62 actions) and synthetic FICTIONAL plans (tests/synth.py); a Markdown table.

    .venv/bin/python bench/bench.py [--sizes real 1000 3000] [--engines mkdocs zensical] [--repeat 5]
                                    [--edits 10] [--keep DIR]

For each size and each engine (--engine), in a fresh project folder (mkdocs.yml, theme_overrides/,
the hand-written content/ copied from this repository), each step a child process with cwd = the
project folder, the median of --repeat runs:

- check: `build_site.py check`;
- full build: `build_site.py build --force --timings` after a first build (so charts and board
  report PDFs are drawn already, as on every build but the first), with the time spent on the
  downloads (PDFs, spreadsheets, CSV, JSON) taken out and shown on its own;
- bare engine: the engine's own command (`python -m mkdocs build`, `python -m zensical build`) on the
  very Markdown the full build generated, with the configuration the build generates for it (written
  beside mkdocs.yml); Zensical's cache kept between runs, as in repeated builds;
- no-change build: `build_site.py build` again, with nothing changed;
- preview edit: `build_site.py serve` running, one action's title changed --edits times; each time,
  from the file being saved to the served action page holding the new title (an HTTP client polling
  every 50 ms), and on to the served plan page (which lists every action) holding it too: median
  and worst of each;
- peak memory: the largest total proportional set size (PSS, so memory shared between processes
  counts once) of the build's process and any it starts, sampled every 50 ms; the same for the
  bare engine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the fictional plans' maker
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # journey/, when not installed
from synth import write_plans  # noqa: E402

from journey.pages.kinds import GENERATED  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
AS_AT = "2025-06-30"


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        here = todo.pop()
        out.append(here)
        todo.extend(children.get(here, []))
    return out


def run(project: Path, *args: str, module: str | None = None) -> tuple[float, float, str]:
    """Run build_site.py (or, with module, python -m module) in project: (seconds, peak MB, stderr)."""
    command = [sys.executable, "-m", module, *args] if module else [sys.executable, str(REPO / "build_site.py"), *args]
    peak = [0]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:  # light, so as not to slow what it measures: the process tree is found every 0.5 s
        tree, count = [child.pid], 0
        while not done.is_set():
            if count % 10 == 0:
                tree = _tree(child.pid)
            count += 1
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in tree))
            done.wait(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {project} (exit {child.returncode}):\n{err}")
    return seconds, peak[0] / 1024, err


def project_at(folder: Path, size: str) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", folder / "theme_overrides")
    # The hand-written part of content/ (assets, the accessibility page), not generated pages.
    shutil.copytree(REPO / "content", folder / "content",
                    ignore=lambda d, names: [n for n in names if Path(d) == REPO / "content" and n in GENERATED])
    if size == "real":
        shutil.copytree(REPO / "plans", folder / "plans")
    else:
        write_plans(folder / "plans", int(size))
    return folder


def bare_config(project: Path, as_at: str | None, engine: str) -> tuple[Path, list[str]]:
    """The configuration the build generates for the engine, written beside mkdocs.yml, for a bare run
    of the engine on the same pages: (its path, the engine's build command's arguments)."""
    from journey import pipeline
    from journey.engine.adapter import engine_settings
    from journey.engine.config import dump, generated, read

    layout = pipeline.layout(project)
    given = date.fromisoformat(as_at) if as_at else None
    plans = pipeline.read(layout, given=given)
    pages, _ = pipeline.pages(plans, pipeline.as_at(plans, given), layout, pdf=False)
    config = generated(read(layout.config), docs=project / "content", out=project / "bare-site", theme=layout.theme,
                       settings=engine_settings(pages, project / "content"), exclusions=[])
    if engine == "zensical":  # it reads docs_dir and site_dir inside its config file's folder
        config.update(docs_dir="content", site_dir="bare-site", strict=False)
        config["theme"] = {**config["theme"], "variant": "classic"}
    path = project / f"bare-{engine}.yml"
    path.write_text(dump(config), encoding="utf-8")
    return path, (["build", "-q", "-f", str(path)] if engine == "mkdocs" else ["build", "-f", str(path)])


def _timings(err: str) -> dict[str, float]:
    line = next((x for x in err.splitlines() if x.startswith("timings: ")), "")
    return {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+) s", line)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def preview_edits(project: Path, as_at: list[str], edits: int) -> tuple[list[float], list[float]]:
    """Seconds from saving a one-action edit to the served action page showing it, and to the served
    plan page (which lists every action) showing it too, for each edit."""
    action = sorted((project / "plans" / "improvement-plans").glob("*/actions/*.yaml"))[0]
    url = f"http://127.0.0.1:{_free_port()}"
    plan = f"{url}/plans/{action.parent.parent.name}/"
    page = f"{plan}actions/{action.stem}/"
    server = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "serve", *as_at, "--addr",
                               url.removeprefix("http://")], cwd=project, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    original = action.read_text(encoding="utf-8")
    try:
        end = time.monotonic() + 600
        while "<title>" not in _get(page):
            if time.monotonic() > end or server.poll() is not None:
                raise SystemExit("the preview never came up")
            time.sleep(0.2)
        own, whole = [], []
        for i in range(edits):
            token = f"Benchmark edit {i} {time.time_ns()}"
            text = re.sub(r"(?m)^title: .*$", f"title: {token}", original, count=1)
            start = time.perf_counter()
            action.write_text(text, encoding="utf-8")
            for url_now, took in ((page, own), (plan, whole)):
                while token not in _get(url_now):
                    if time.perf_counter() - start > 120:
                        raise SystemExit(f"edit {i} never reached {url_now}")
                    time.sleep(0.05)
                took.append(time.perf_counter() - start)
            time.sleep(0.5)
        return own, whole
    finally:
        action.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(30)


def measure(folder: Path, size: str, engine: str, repeat: int, edits: int) -> dict:
    project = project_at(folder, size)
    as_at = [] if size == "real" else ["--as-at", AS_AT]
    as_at += ["--engine", engine]
    median = statistics.median
    check = median(run(project, "check")[0] for _ in range(repeat))
    run(project, "build", *as_at)  # the first build: charts and PDFs drawn, caches filled
    fulls = [run(project, "build", "--force", "--timings", *as_at) for _ in range(repeat)]
    downloads = median(_timings(err).get("downloads", 0.0) for _, _, err in fulls)
    full = median(seconds - _timings(err).get("downloads", 0.0) for seconds, _, err in fulls)
    parts = {k: median(_timings(err).get(k, 0.0) for _, _, err in fulls)
             for k in ("read", "pages", "copy", "engine", "checks", "swap")}
    parts["start"] = median(s - sum(_timings(e).values()) for s, _, e in fulls)
    peak = max(p for _, p, _ in fulls)
    _, command = bare_config(project, None if size == "real" else AS_AT, engine)
    run(project, *command, module=engine)  # a first run: Zensical's cache filled, as in repeated builds
    bares = [run(project, *command, module=engine) for _ in range(repeat)]
    shutil.rmtree(project / "bare-site", ignore_errors=True)
    bare = median(s for s, _, _ in bares)
    bare_peak = max(p for _, p, _ in bares)
    nochange = median(run(project, "build", *as_at)[0] for _ in range(repeat))
    edits_took, whole_took = preview_edits(project, as_at, edits) if edits else ([], [])
    site = project / "site"
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    actions = len(list((project / "plans" / "improvement-plans").glob("*/actions/*.yaml")))
    return {"size": size, "engine": engine, "actions": actions, "pages": pages, "check": check, "full": full, "bare": bare,
            "downloads": downloads, "nochange": nochange, "peak": peak, "bare_peak": bare_peak, "parts": parts,
            "edit_median": median(edits_took) if edits_took else None,
            "edit_worst": max(edits_took) if edits_took else None,
            "whole_median": median(whole_took) if whole_took else None,
            "whole_worst": max(whole_took) if whole_took else None}


def table(rows: list[dict]) -> str:
    out = ["| work | " + " | ".join(f"{r['engine']}: {r['actions']:,} actions ("
                                      f"{'real' if r['size'] == 'real' else 'synthetic'}, {r['pages']:,} pages)"
                                      for r in rows) + " |",
           "| --- |" + " ---: |" * len(rows)]

    def line(label: str, cell) -> None:
        out.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")
    line("check", lambda r: f"{r['check']:.2f} s")
    line("full build of the pages (downloads aside)", lambda r: f"{r['full']:.1f} s")
    line("bare engine on the same Markdown", lambda r: f"{r['bare']:.1f} s")
    line("ratio, full build to bare engine", lambda r: f"{r['full'] / r['bare']:.2f}×")
    line("downloads (PDF, spreadsheets, CSV, JSON; PDFs cached)", lambda r: f"{r['downloads']:.1f} s")
    line("build with nothing changed", lambda r: f"{r['nochange']:.2f} s")
    line("one-action edit to preview: its page, median (worst)",
         lambda r: f"{r['edit_median']:.2f} s ({r['edit_worst']:.2f} s)" if r["edit_median"] is not None else "–")
    line("one-action edit to preview: the plan page listing it, median (worst)",
         lambda r: f"{r['whole_median']:.2f} s ({r['whole_worst']:.2f} s)" if r["whole_median"] is not None else "–")
    line("peak memory, full build (all processes, PSS)", lambda r: f"{r['peak']:.0f} MB")
    line("peak memory, bare engine", lambda r: f"{r['bare_peak']:.0f} MB")
    line("ratio, peak memory", lambda r: f"{r['peak'] / r['bare_peak']:.2f}×")
    out.append("")
    out.append("Where a full build's time goes (median, seconds): " + "; ".join(
        f"{r['engine']}, {r['actions']:,} actions: " + ", ".join(f"{k} {v:.2f}" for k, v in r["parts"].items()) for r in rows))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark check, build and preview on real and synthetic plans.")
    p.add_argument("--sizes", nargs="+", default=["real", "1000", "3000"], help="'real' or a number of actions")
    p.add_argument("--engines", nargs="+", default=["mkdocs", "zensical"], choices=["mkdocs", "zensical"])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--edits", type=int, default=10)
    p.add_argument("--keep", type=Path, default=None, help="build under this new folder and keep it")
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = p.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="journey-bench-"))
    try:
        rows = []
        for size in args.sizes:
            for engine in args.engines:
                rows.append(measure(base / f"size-{size}-{engine}", size, engine, args.repeat, args.edits))
                print(f"  {size} with {engine} done", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"{date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; "
          f"median of {args.repeat} runs\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
