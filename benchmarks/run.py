"""Measure ishiba's speed and memory as ratios against baselines taken in the same run.

    python benchmarks/run.py            # everything (ten minutes or more: it parses 146 MB of YAML)
    python benchmarks/run.py --quick    # without the 100,000-event timeline and jrnl
    python benchmarks/run.py --startup  # only the start-up figures (bundled timeline, against the floor)
    python benchmarks/run.py --startup --against /tmp/main/src   # and against other code, e.g. main's:
        # mkdir /tmp/main && git archive main src data | tar -x -C /tmp/main
    python benchmarks/run.py --write    # also record the results in docs/performance.md
    python benchmarks/run.py --jrnl /tmp/jrnl-venv/bin/jrnl   # where jrnl is, if not on PATH

The large timelines are copies of the bundled records (``generate.py``): 10,000 events are
15 MB and 100,000 are 146 MB with today's records. Every time is a median of whole-process wall
times (the command as a user runs it; for start-up, the fastest), taken alternately with its
baseline so that both see the same machine;
peak memory is the process's maximum resident set. The jrnl comparison runs when jrnl is found
(``--jrnl``, ``$JRNL``, ``PATH``, or ``/tmp/jrnl-venv``; install it with
``python3 -m venv /tmp/jrnl-venv && /tmp/jrnl-venv/bin/pip install jrnl``) and is skipped
otherwise: it is not a dependency of the project. Nothing here is a test: the test suite
never times anything.
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


def paired(
    cmd: list[str], base: list[str], environ: dict[str, str], runs: int, pick=statistics.median
) -> tuple[float, float]:
    """Medians (or ``pick``) of ``cmd`` and ``base``, run alternately ``runs`` times each."""
    a, b = [], []
    for _ in range(runs):
        b.append(timed(base, environ))
        a.append(timed(cmd, environ))
    return pick(a), pick(b)


def measured(cmd: list[str], environ: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return took, usage.ru_maxrss * 1024 / 1e6


def peak_rss_mb(cmd: list[str], environ: dict[str, str]) -> float:
    return measured(cmd, environ)[1]


def timeline_file(n: int, *, shared: bool = False) -> Path:
    """The generated timeline of ``n`` events, written again if it is missing or out of date."""
    path = OUT / f"{'shared' if shared else 'copies'}-{n}.yaml"
    fresh = path.exists() and path.stat().st_mtime > max(
        generate.BUNDLED.stat().st_mtime, Path(generate.__file__).stat().st_mtime
    )
    if not fresh:
        # In a process of its own: a child inherits its parent's peak RSS on Linux (ru_maxrss
        # survives fork and exec), so generating here would inflate every later measurement.
        flags = ["--shared"] if shared else []
        subprocess.run(
            [PY, str(HERE / "generate.py"), str(n), str(path), *flags], check=True, stdout=subprocess.DEVNULL
        )
    return path


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


def bundled(report: Report, cache: str, runs: int, against: str | None = None) -> None:
    environ = env(cache)
    timed([*ISHIBA, "events"], environ)  # the first run writes the cache
    if against:  # another version of the code (its src folder, with data/ beside it)
        other = {**env(tempfile.mkdtemp(prefix="ishiba-bench-")), "PYTHONPATH": against}
        subprocess.run([PY, "-m", "compileall", "-q", against], check=True, stdout=subprocess.DEVNULL)
        timed([*ISHIBA, "events"], other)
        for args in (["events", "--year", "2024"], ["quotes", "alliance"], ["proposals", "sofa"]):
            ours, theirs = [], []  # in turn, as paired() does, each in its own environment
            for _ in range(runs):
                theirs.append(timed([*ISHIBA, *args], other))
                ours.append(timed([*ISHIBA, *args], environ))
            report.add(f"bundled: ishiba {' '.join(args)} against {against} (fastest of {runs})",
                       f"{min(ours) * 1000:.0f} ms", f"other {min(theirs) * 1000:.0f} ms", min(ours) / min(theirs),
                       "(no regression)", None)  # fmt: skip
        shutil.rmtree(other["XDG_CACHE_HOME"])
    # The fastest of each (the run least disturbed by the rest of the machine), as issue 22 asks.
    for args, limit in ((["events", "--year", "2024"], 1.0), (["quotes", "alliance"], 1.0),
                        (["proposals", "sofa"], 1.0), (["--help"], 1.3)):  # fmt: skip
        value, base = paired([*ISHIBA, *args], FLOOR, environ, runs, min)
        ratio = value / base
        report.add(f"bundled: ishiba {' '.join(args)} (fastest of {runs})", f"{value * 1000:.0f} ms",
                   f"floor {base * 1000:.0f} ms", ratio, f"<= {limit}x floor", ratio <= limit)  # fmt: skip


def large(report: Report, sizes: list[int], floor: float) -> dict[int, dict[str, float]]:
    growth: dict[int, dict[str, float]] = {}
    for n in sizes:
        path = timeline_file(n)
        size_mb = path.stat().st_size / 1e6
        runs = {1_000: 5, 10_000: 3}.get(n, 1)
        listing = ["--data", str(path), "events", "--from", "2008", "--to", "2008", "--limit", "50"]
        search = ["--data", str(path), "quotes", "equal terms", "--limit", "50"]
        first_runs, bare_runs, first_rss = [], [], []
        for _ in range(runs):
            fresh = tempfile.mkdtemp(prefix="ishiba-bench-")
            bare_runs.append(timed([*BARE_PARSE, str(path)], env(fresh)))
            took, rss = measured([*ISHIBA, *listing], env(fresh))
            first_runs.append(took)
            first_rss.append(rss)
            shutil.rmtree(fresh)
        first, bare = statistics.median(first_runs), statistics.median(bare_runs)
        report.add(f"{n:,} events ({size_mb:.1f} MB): first run (parse, check, cache)", f"{first:.2f} s",
                   f"C parse {bare:.2f} s", first / bare, "<= 1.2x C-loader parse", first / bare <= 1.2)  # fmt: skip
        if n >= 10_000:
            rss = max(first_rss)
            # The target is for 100,000 events; below that the interpreter's own 25 MB dominates.
            target, ok = ("<= 4x file size", rss / size_mb <= 4) if n >= 100_000 else ("(growth)", None)
            report.add(f"{n:,} events: peak RSS of the first run", f"{rss:.0f} MB", f"file {size_mb:.0f} MB",
                       rss / size_mb, target, ok)  # fmt: skip
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
        growth[n] = {"first": first, "listing": list_t, "search": search_t, "mb": size_mb, "rss": max(first_rss)}
        if n == max(sizes):
            rss = peak_rss_mb([*ISHIBA, *listing], env(cache))
            report.add(f"{n:,} events: peak RSS of a cached query", f"{rss:.0f} MB", f"file {size_mb:.0f} MB",
                       rss / size_mb, "<= 4x file size", rss / size_mb <= 4)  # fmt: skip
        shutil.rmtree(cache)
        if n >= 10_000:
            shared_file(report, n)
    return growth


def shared_file(report: Report, n: int) -> None:
    """The same timeline as yaml.dump writes it when copies share their lists: anchors and aliases."""
    path = timeline_file(n, shared=True)
    size_mb = path.stat().st_size / 1e6
    fresh = tempfile.mkdtemp(prefix="ishiba-bench-")
    bare = timed([*BARE_PARSE, str(path)], env(fresh))
    took, rss = measured([*ISHIBA, "--data", str(path), "events", "--from", "2008", "--to", "2008"], env(fresh))
    shutil.rmtree(fresh)
    report.add(f"{n:,} events by yaml.dump with aliases ({size_mb:.1f} MB): first run", f"{took:.2f} s",
               f"C parse {bare:.2f} s", took / bare, "loads (aliases within the bound)", True)  # fmt: skip
    report.add(f"{n:,} events by yaml.dump with aliases: peak RSS of the first run", f"{rss:.0f} MB",
               f"file {size_mb:.0f} MB", rss / size_mb, "(aliases expand: see copies)", None)  # fmt: skip


JOURNAL = """
import sys
from pathlib import Path
from ishiba_cli.load import load_timeline
lines = []
for event in sorted(load_timeline(sys.argv[1]).events, key=lambda e: e.date.first_day()):
    lines += [f"[{event.date.first_day().isoformat()} 09:00] {event.title}", event.summary, ""]
Path(sys.argv[2]).write_text("\\n".join(lines), encoding="utf-8")
"""


def find_jrnl(given: str | None) -> Path | None:
    for candidate in (given, os.environ.get("JRNL"), shutil.which("jrnl"), "/tmp/jrnl-venv/bin/jrnl"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def jrnl_comparison(report: Report, jrnl: Path | None) -> None:
    """The same 10,000 entries for both: each event of the 10,000-event timeline as a jrnl entry
    (its date, at the first day of a partial one; its title; its summary as the body), and the
    same year asked of both: 2024 (about 2,400 entries with today's bundled timeline)."""
    what = "10,000 entries: listing a year (~2,400 rows) vs jrnl -from/-to --short"
    if jrnl is None:
        print(f"{what}: skipped, jrnl not found (see --jrnl)", flush=True)
        return
    big = timeline_file(10_000)
    journal, config = OUT / "jrnl-10000.txt", OUT / "jrnl-config.yaml"
    subprocess.run([PY, "-c", JOURNAL, str(big), str(journal)], check=True)
    config.write_text(
        f"colors: {{body: none, date: none, tags: none, title: none}}\ndefault_hour: 9\ndefault_minute: 0\n"
        f"editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal}}}}}\nlinewrap: 79\ntagsymbols: '#@'\n"
        f"template: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.1\n",
        encoding="utf-8",
    )
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    environ = env(cache)
    ours = [*ISHIBA, "--data", str(big), "events", "--from", "2024", "--to", "2024"]
    theirs = [str(jrnl), "--config-file", str(config), "-from", "2024-01-01", "-to", "2024-12-31", "--short"]
    rows_ours = len(
        subprocess.run([*ours, "--format", "jsonl"], capture_output=True, env=environ, check=True).stdout.splitlines()
    )
    rows_theirs = len(subprocess.run(theirs, capture_output=True, env=environ, check=True).stdout.splitlines())
    print(f"  rows: ishiba {rows_ours:,}, jrnl {rows_theirs:,}", flush=True)
    timed(ours, environ)
    timed(theirs, environ)
    mine, other = paired(ours, theirs, environ, 7)
    report.add(what, f"{mine * 1000:.0f} ms", f"jrnl {other * 1000:.0f} ms", other / mine, ">= 3x faster than jrnl",
               other / mine >= 3)  # fmt: skip
    # One line a record, as jrnl --short prints, without the table's wrapping and alignment.
    mine, other = paired([*ours, "--format", "tsv"], theirs, environ, 7)
    report.add("the same, --format tsv (one line a row)", f"{mine * 1000:.0f} ms", f"jrnl {other * 1000:.0f} ms",
               other / mine, ">= 3x faster than jrnl", other / mine >= 3)  # fmt: skip
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
    parser.add_argument("--startup", action="store_true", help="only the start-up figures on the bundled timeline")
    parser.add_argument("--against", metavar="SRC", help="also time start-up with the code in SRC (e.g. main's src)")
    parser.add_argument("--write", action="store_true", help="record the results in docs/performance.md")
    parser.add_argument("--jrnl", help="the jrnl program to compare with (else $JRNL, PATH, /tmp/jrnl-venv)")
    opts = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL)
    print(machine())
    report = Report()
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    bundled(report, cache, 21, opts.against)
    if opts.startup:
        shutil.rmtree(cache)
        return 0
    floor = statistics.median(timed(FLOOR, env(cache)) for _ in range(11))
    sizes = [1_000, 10_000] if opts.quick else [1_000, 10_000, 100_000]
    growth = large(report, sizes, floor)
    if not opts.quick:
        jrnl_comparison(report, find_jrnl(opts.jrnl))
    shutil.rmtree(cache)
    grow = ["| events | file | first run | first run peak RSS | cached listing | cached search |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    grow += [f"| {n:,} | {g['mb']:.1f} MB | {g['first']:.2f} s | {g['rss']:.0f} MB | {g['listing'] * 1000:.0f} ms | {g['search'] * 1000:.0f} ms |"
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
