"""Measure ishiba's speed and memory as ratios against baselines taken in the same run.

    python benchmarks/run.py            # everything (about ten minutes: it parses 40 MB of YAML)
    python benchmarks/run.py --quick    # without the 100,000-event timeline and jrnl
    python benchmarks/run.py --write    # also record the results in docs/performance.md

Every figure is a median of whole-process wall times (the command as a user runs it), taken
alternately with its baseline so that both see the same machine. Nothing here is a test: the
test suite never times anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

PY = sys.executable
FLOOR = [PY, "-c", "import typer, rich.console, yaml"]
ISHIBA = [PY, "-m", "ishiba_cli"]
BARE_PARSE = [PY, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"]


def env(cache: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in {"ISHIBA_DATA", "FORCE_COLOR", "NO_COLOR"}}
    out.update({"XDG_CACHE_HOME": cache, "COLUMNS": "80", "TERM": "dumb"})
    return out


def timed(cmd: list[str], environ: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode()[-2000:]}")
    return took


def paired(cmd: list[str], base: list[str], environ: dict[str, str], runs: int) -> tuple[float, float]:
    """Medians of ``cmd`` and ``base``, run alternately ``runs`` times each."""
    a, b = [], []
    for _ in range(runs):
        b.append(timed(base, environ))
        a.append(timed(cmd, environ))
    return statistics.median(a), statistics.median(b)


def peak_rss_mb(cmd: list[str], environ: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environ)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, value: str, base: str, ratio: float | None, target: str, ok: bool | None) -> None:
        verdict = "" if ok is None else ("met" if ok else "NOT met")
        shown = "" if ratio is None else f"{ratio:.2f}"
        self.rows.append((what, value, base, shown, f"{target} {verdict}".strip()))
        print(f"{what:<58} {value:>10} {base:>12} {shown:>7}  {target} {verdict}", flush=True)

    def markdown(self) -> str:
        lines = ["| measure | ishiba | baseline | ratio | target |", "|---|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in self.rows]
        return "\n".join(lines)


def bundled(report: Report, cache: str, runs: int) -> None:
    environ = env(cache)
    timed([*ISHIBA, "events"], environ)  # the first run writes the cache
    for args, limit in ((["events", "--year", "2024"], 1.1), (["quotes", "alliance"], 1.1),
                        (["proposals", "sofa"], 1.1), (["--help"], 1.3)):  # fmt: skip
        value, base = paired([*ISHIBA, *args], FLOOR, environ, runs)
        ratio = value / base
        report.add(f"bundled: ishiba {' '.join(args)}", f"{value * 1000:.0f} ms", f"floor {base * 1000:.0f} ms", ratio,
                   f"<= {limit}x floor", ratio <= limit)  # fmt: skip


def large(report: Report, sizes: list[int], floor: float) -> dict[int, dict[str, float]]:
    growth: dict[int, dict[str, float]] = {}
    for n in sizes:
        path = OUT / f"t{n}.yaml"
        if not path.exists() or f"t{n}" not in path.name:
            generate.write(n, path)
        size_mb = path.stat().st_size / 1e6
        runs = {1_000: 5, 10_000: 3}.get(n, 1)
        listing = ["--data", str(path), "events", "--from", "1950", "--to", "1951", "--limit", "50"]
        search = ["--data", str(path), "quotes", "treaty okinawa", "--limit", "50"]
        first_runs, bare_runs = [], []
        for _ in range(runs):
            fresh = tempfile.mkdtemp(prefix="ishiba-bench-")
            bare_runs.append(timed([*BARE_PARSE, str(path)], env(fresh)))
            first_runs.append(timed([*ISHIBA, *listing], env(fresh)))
            shutil.rmtree(fresh)
        first, bare = statistics.median(first_runs), statistics.median(bare_runs)
        report.add(f"{n:,} events ({size_mb:.1f} MB): first run (parse, check, cache)", f"{first:.2f} s",
                   f"C parse {bare:.2f} s", first / bare, "<= 1.2x C-loader parse", first / bare <= 1.2)  # fmt: skip
        cache = tempfile.mkdtemp(prefix="ishiba-bench-")
        timed([*ISHIBA, *listing], env(cache))
        cached_runs = {1_000: 11, 10_000: 11}.get(n, 7)
        list_t, base = paired([*ISHIBA, *listing], FLOOR, env(cache), cached_runs)
        search_t, _ = paired([*ISHIBA, *search], FLOOR, env(cache), cached_runs)
        limit = {10_000: 0.1, 100_000: 0.5}.get(n)
        for label, value in (("filtered listing, 50 rows", list_t), ("quote search, 50 rows", search_t)):
            target = f"<= {limit} s" if limit else "(growth)"
            report.add(f"{n:,} events: {label}, cached", f"{value * 1000:.0f} ms", f"floor {base * 1000:.0f} ms",
                       value / base, target, None if limit is None else value <= limit)  # fmt: skip
        growth[n] = {"first": first, "listing": list_t, "search": search_t, "mb": size_mb}
        if n == max(sizes):
            rss = peak_rss_mb([*ISHIBA, *listing], env(cache))
            report.add(f"{n:,} events: peak RSS of a cached query", f"{rss:.0f} MB", f"file {size_mb:.0f} MB",
                       rss / size_mb, "<= 4x file size", rss / size_mb <= 4)  # fmt: skip
        shutil.rmtree(cache)
    return growth


def jrnl_comparison(report: Report) -> None:
    venv = OUT / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jrnl"], check=True)
    journal, config = OUT / "jrnl-10000.txt", OUT / "jrnl-config.yaml"
    lines = []
    for i in range(10_000):
        year = 1900 + (i * 126) // 10_000
        lines.append(
            f"[{year}-{(i % 12) + 1:02d}-{(i % 28) + 1:02d} 09:00] Entry {i} {generate.WORDS[i % len(generate.WORDS)]}."
        )
        lines.append(
            f"Body of entry {i}: {' '.join(generate.WORDS[(i + k) % len(generate.WORDS)] for k in range(15))}."
        )
        lines.append("")
    journal.write_text("\n".join(lines), encoding="utf-8")
    config.write_text(
        f"colors: {{body: none, date: none, tags: none, title: none}}\ndefault_hour: 9\ndefault_minute: 0\n"
        f"editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal}}}}}\nlinewrap: 79\ntagsymbols: '#@'\n"
        f"template: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.1\n",
        encoding="utf-8",
    )
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    environ = env(cache)
    big = OUT / "t10000.yaml"
    ours = [*ISHIBA, "--data", str(big), "events", "--from", "2008", "--to", "2008"]
    theirs = [str(jrnl), "--config-file", str(config), "-from", "2008-01-01", "-to", "2008-12-31"]
    timed(ours, environ)
    timed(theirs, environ)
    mine, other = paired(ours, theirs, environ, 7)
    report.add("10,000 entries: date-filtered listing vs jrnl -from/-to", f"{mine * 1000:.0f} ms",
               f"jrnl {other * 1000:.0f} ms", other / mine, ">= 3x faster than jrnl", other / mine >= 3)  # fmt: skip
    shutil.rmtree(cache)


def machine() -> str:
    cpu = "unknown CPU"
    with __import__("contextlib").suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-event timeline and jrnl")
    parser.add_argument("--write", action="store_true", help="record the results in docs/performance.md")
    opts = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL)
    print(machine())
    report = Report()
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    bundled(report, cache, 21)
    floor = statistics.median(timed(FLOOR, env(cache)) for _ in range(11))
    sizes = [1_000, 10_000] if opts.quick else [1_000, 10_000, 100_000]
    growth = large(report, sizes, floor)
    if not opts.quick:
        jrnl_comparison(report)
    shutil.rmtree(cache)
    grow = ["| events | file | first run | cached listing | cached search |", "|---|---|---|---|---|"]
    grow += [f"| {n:,} | {g['mb']:.1f} MB | {g['first']:.2f} s | {g['listing'] * 1000:.0f} ms | {g['search'] * 1000:.0f} ms |"
             for n, g in growth.items()]  # fmt: skip
    print("\n".join(grow))
    if opts.write:
        doc = ROOT / "docs" / "performance.md"
        text = doc.read_text(encoding="utf-8") if doc.exists() else ""
        marker = "<!-- results -->"
        head = text.split(marker)[0] if marker in text else text
        body = f"{marker}\nMeasured on {machine()}.\n\n{report.markdown()}\n\nGrowth:\n\n" + "\n".join(grow) + "\n"
        doc.write_text(head + body, encoding="utf-8")
        print(f"wrote {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
