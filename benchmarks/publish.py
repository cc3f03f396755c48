"""Size and time of the publishing exports (SQLite and HTML), and how the page answers a search.

    python benchmarks/publish.py            # the bundled timeline and 10,000 events
    python benchmarks/publish.py --runs 3   # fewer runs a figure

Each export's time is a median of whole-process runs (``ishiba export`` as a user runs it, on a
warm cache) taken alternately with ``ishiba export --format json`` of the same timeline: the
ratio says what the database or the page costs over writing the data out. Sizes are against
the timeline's YAML file.

The page is then opened in headless Chromium (``tests/chromium.py``): the time from navigation
to its load event, and for a few searches the time from setting the box until the next frame
is painted (the search, hiding and showing, style and layout), against a frame at 60 Hz
(16.7 ms). The target (issue 21): a search answers within a frame or two. Nothing here is a
test: the test suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
import generate  # noqa: E402

from chromium import Chromium, executable  # noqa: E402

PY = sys.executable
ISHIBA = [PY, "-m", "ishiba_cli"]
FRAME_MS = 1000 / 60
from run import env, timed  # noqa: E402 - the same environment and whole-process timing as run.py

SEARCHES = ["okinawa crash", "sofa", "地位協定", '"equal terms"', "a", "zzzz-nothing"]


def exports(label: str, data: list[str], yaml_mb: float, folder: Path, environ: dict, runs: int) -> dict[str, Path]:
    timed([*ISHIBA, *data, "summary"], environ)  # the cache, written once
    made = {}
    base_file = folder / "base.json"
    for fmt, name in (("sqlite", "t.db"), ("html", "t.html")):
        target = folder / name
        mine, base = [], []
        for _ in range(runs):
            base.append(timed([*ISHIBA, *data, "export", "-f", "json", "-o", str(base_file), "--force"], environ))
            mine.append(timed([*ISHIBA, *data, "export", "-f", fmt, "-o", str(target), "--force"], environ))
        value, floor = statistics.median(mine), statistics.median(base)
        size = target.stat().st_size / 1e6
        print(f"| {label}: export --format {fmt} | {value:.2f} s | json export {floor:.2f} s | {value / floor:.2f} "
              f"| {size:.2f} MB ({size / yaml_mb:.2f}x the YAML's {yaml_mb:.2f} MB) |", flush=True)  # fmt: skip
        made[fmt] = target
    return made


def page_timings(label: str, page_path: Path, profile: Path, runs: int) -> dict[str, float]:
    """Median milliseconds per search, to the next painted frame; prints the search's own share
    (parsing, finding, updating the lists, before style and layout) beside it."""
    out = {}
    with Chromium(profile, timeout=300) as browser:
        loads = []
        for _ in range(runs):
            start = time.perf_counter()
            page = browser.open(page_path.as_uri())
            loads.append(time.perf_counter() - start)
        total = page.evaluate("document.querySelector('#count').textContent")
        shown = page.evaluate("document.querySelectorAll('#records [data-r]').length")
        print(f"| {label}: page opens ({total}, {shown} in the layout) | {statistics.median(loads):.2f} s | | | |",
              flush=True)  # fmt: skip
        for words in SEARCHES:
            frames, own = [], []
            for _ in range(runs):
                page.evaluate("timelineSearch('')")
                page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                took = page.evaluate(
                    "new Promise(done => { const t = performance.now(); const count = timelineSearch("
                    + json.dumps(words)
                    + "); const own = performance.now() - t;"
                    " requestAnimationFrame(() => setTimeout(() => done([performance.now() - t, own, count]), 0)); })"
                )
                frames.append(took[0])
                own.append(took[1])
                count = took[2]
            ms = statistics.median(frames)
            out[words] = ms
            verdict = "met" if ms <= 2 * FRAME_MS else "NOT met"
            print(f"| {label}: search {words!r} ({count}) | {ms:.0f} ms (search itself {statistics.median(own):.0f} ms)"
                  f" | frame {FRAME_MS:.1f} ms | {ms / FRAME_MS:.2f} | <= 2 frames {verdict} |", flush=True)  # fmt: skip
        if page.errors:
            print(f"console errors: {page.errors[:3]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    folder = Path(tempfile.mkdtemp(prefix="ishiba-publish-"))
    environ = env(cache)
    print("| measure | value | baseline | ratio | size / target |\n|---|---|---|---|---|")
    big = OUT / "t10000.yaml"
    if not big.exists():
        generate.write(10_000, big)
    pages = {}
    for label, data, path in (("bundled", [], generate.BUNDLED), ("10,000 events", ["--data", str(big)], big)):
        where = folder / label.split()[0].replace(",", "")
        where.mkdir()
        made = exports(label, data, path.stat().st_size / 1e6, where, environ, opts.runs)
        pages[label] = made["html"]
    if executable() is None:
        print("no chromium: the page's timings are left out")
    else:
        got = {label: page_timings(label, page, folder / f"profile-{len(label)}", opts.runs)
               for label, page in pages.items()}  # fmt: skip
        small, big = got["bundled"], got["10,000 events"]
        for words in SEARCHES:
            print(
                f"| search {words!r}: 10,000 events against the bundled page | {big[words]:.0f} ms | "
                f"{small[words]:.0f} ms | {big[words] / small[words]:.2f} | (growth) |"
            )
    shutil.rmtree(cache)
    shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
