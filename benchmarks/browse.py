"""How long ``ishiba browse`` takes to open, against ``ishiba summary`` in the same run.

    python benchmarks/browse.py            # the bundled timeline and a cached 10,000-event file
    python benchmarks/browse.py --big      # also a cached 100,000-event file (first run ~1 min)

"Open" is what a user waits for: from starting the process in a pseudo-terminal (80x24) until
the first screen shows the list's count ("49 of 49 events"). ``q`` then quits it. Each figure
is a median of whole-process runs taken alternately with ``ishiba summary`` on the same file.
Targets (issue 13): the bundled timeline within 1 s, a cached 10,000-event file within 2 s.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

PY = sys.executable
ISHIBA = [PY, "-m", "ishiba_cli"]
OPENED = re.compile(rb"[0-9,]+ of [0-9,]+ events")


def env(cache: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in {"ISHIBA_DATA", "FORCE_COLOR", "NO_COLOR"}}
    out.update({"XDG_CACHE_HOME": cache, "COLUMNS": "80", "LINES": "24", "TERM": "xterm-256color"})
    return out


def open_time(args: list[str], environ: dict[str, str], limit: float = 120) -> float:
    """Seconds from starting ``ishiba browse`` until its first screen shows the list."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen([*ISHIBA, *args, "browse"], stdin=child, stdout=child, stderr=child, env=environ,
                            start_new_session=True)  # fmt: skip
    os.close(child)
    seen = b""
    took = None
    try:
        while time.perf_counter() - start < limit:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                chunk = os.read(main, 65536)
                if not chunk:
                    break
                seen += chunk
                if OPENED.search(seen):
                    took = time.perf_counter() - start
                    break
        os.write(main, b"q")
        _drain(main, proc, 30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    if took is None:
        raise SystemExit(f"browse never showed its list: {' '.join(args)}\n{seen[-1500:]!r}")
    return took


def _drain(fd: int, proc: subprocess.Popen, limit: float) -> None:
    """Read the terminal until the process ends: a full terminal buffer would block its writes."""
    end = time.perf_counter() + limit
    while proc.poll() is None and time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
    proc.wait(timeout=max(0.1, end - time.perf_counter()))


def run_time(args: list[str], environ: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*ISHIBA, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode()[-2000:])
    return time.perf_counter() - start


def measure(label: str, data: list[str], environ: dict[str, str], runs: int, target: float | None) -> dict:
    run_time([*data, "summary"], environ)  # writes the cache
    opens, summaries = [], []
    for _ in range(runs):
        summaries.append(run_time([*data, "summary"], environ))
        opens.append(open_time(data, environ))
    browse, summary = statistics.median(opens), statistics.median(summaries)
    verdict = "" if target is None else (f"<= {target} s met" if browse <= target else f"<= {target} s NOT met")
    row = {"what": label, "browse": browse, "summary": summary, "ratio": browse / summary, "target": verdict}
    print(f"{label:<44} open {browse:6.2f} s   summary {summary:6.2f} s   ratio {browse / summary:5.2f}  {verdict}")
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also a cached 100,000-event timeline")
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    subprocess.run([PY, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True, stdout=subprocess.DEVNULL)
    cache = tempfile.mkdtemp(prefix="ishiba-bench-")
    environ = env(cache)
    rows = [measure("bundled timeline", [], environ, opts.runs, 1.0)]
    sizes = [10_000, 100_000] if opts.big else [10_000]
    for n in sizes:
        path = OUT / f"t{n}.yaml"
        if not path.exists():
            generate.write(n, path)
        target = 2.0 if n == 10_000 else None
        rows.append(measure(f"{n:,} events, cached", ["--data", str(path)], environ, max(3, opts.runs // 2), target))
    shutil.rmtree(cache)
    print("\n| timeline | browse opens | ishiba summary | ratio | target |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['what']} | {r['browse']:.2f} s | {r['summary']:.2f} s | {r['ratio']:.2f} | {r['target']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
