"""Time the terminal layout (``render/terminal.py``) against another version of the code, in turn.

    mkdir /tmp/main && git archive main src | tar -x -C /tmp/main
    python benchmarks/layout.py --against /tmp/main/src            # the bundled timeline
    python benchmarks/layout.py --against /tmp/main/src --big      # and all 10,000 events of a generated timeline

What is timed is what ``ishiba events`` does between reading the records and writing its
output (``cli/output.emit``): the listing's cells built, laid out at the console's width and
written out, plain (a pipe, ``--color never``) and through Rich (``--color always``). Each
version runs in a process of its own (``PYTHONPATH``), both load the same records, then they
take turns: each case timed ``--runs`` times in each, the fastest CPU time of each kept, and
the ratio is the other code's time over this code's (2.0: this code takes half the time).
Nothing here is a test: the test suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WIDTHS = (40, 80, 250)


def worker(big: Path | None) -> None:
    """Answer ``case`` lines on stdin with the fastest of ``n`` CPU times, in seconds."""
    import io

    from ishiba_cli import query
    from ishiba_cli.cli.environment import Environment
    from ishiba_cli.cli.output import Color, console
    from ishiba_cli.load import load_timeline
    from ishiba_cli.render import views
    from ishiba_cli.render.terminal import table, to_text

    listings = {}
    for name, path in [("bundled", ROOT / "data" / "timeline.yaml"), ("10,000", big)]:
        if path is not None:
            t = load_timeline(path)
            listings[name] = views.listing("events", query.by_date(t.events), t)
    print("ready", flush=True)
    for request in sys.stdin:
        name, width, color, n = json.loads(request)
        env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                          environ={"COLUMNS": str(width), "TERM": "xterm"}, cwd=ROOT)  # fmt: skip
        screen = console(Color.always if color else Color.never, env=env)
        view, best, out = listings[name], float("inf"), ""
        for _ in range(n):
            start = time.process_time()
            out = to_text(table(view), screen)
            best = min(best, time.process_time() - start)
        print(json.dumps([best, len(out)]), flush=True)


class Worker:
    def __init__(self, src: str, big: Path | None) -> None:
        env = {**os.environ, "PYTHONPATH": src, "PYTHONDONTWRITEBYTECODE": "1"}
        args = [sys.executable, __file__, "--worker", *(["--big-file", str(big)] if big else [])]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        assert self.proc.stdout and self.proc.stdout.readline().strip() == "ready", f"{src} did not start"

    def time(self, case: list) -> tuple[float, int]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(case) + "\n")
        self.proc.stdin.flush()
        best, size = json.loads(self.proc.stdout.readline())
        return best, size

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="the src folder of the code to compare with (e.g. main's)")
    parser.add_argument("--big", action="store_true", help="also 10,000 events (benchmarks/out/copies-10000.yaml)")
    parser.add_argument("--runs", type=int, default=7, help="rounds, each timing every case in both (default 7)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--big-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.big_file)
        return 0
    if not args.against:
        parser.error("--against SRC is required: the ratio is taken against another version of the code")
    big = None
    if args.big:
        sys.path.insert(0, str(HERE))
        from run import timeline_file

        big = timeline_file(10_000)
    ours, theirs = Worker(str(ROOT / "src"), big), Worker(args.against, big)
    cases = [(name, width, color) for name in ["bundled", *(["10,000"] if big else [])]
             for width in WIDTHS for color in (False, True)]  # fmt: skip
    best: dict[tuple, list[float]] = {case: [float("inf"), float("inf")] for case in cases}
    for _ in range(args.runs):
        for case in cases:
            repeat = 3 if case[0] == "bundled" else 1
            for i, worker_ in enumerate((theirs, ours)):
                took, size = worker_.time([*case, repeat])
                best[case][i] = min(best[case][i], took)
                sizes = best.setdefault((*case, "size"), [])
                sizes.append(size)
    ours.close()
    theirs.close()
    print(f"| events listing | width | output | this code | {args.against} | ratio |")
    print("|---|---|---|---|---|---|")
    for case in cases:
        name, width, color = case
        if len(set(best[(*case, "size")])) != 1:
            print(f"warning: {case} wrote different lengths of output in the two versions", file=sys.stderr)
        other, this = best[case]
        print(f"| {name} | {width} | {'colour' if color else 'plain'} | {this * 1000:.2f} ms | "
              f"{other * 1000:.2f} ms | {other / this:.2f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
