"""Run the README's console examples and check (or, with --write, refresh) their output.

Each example is a fenced ``console`` block whose first line is ``$ ishiba ...`` (optionally
``| head -n N``); the rest of the block is what that command prints at 80 columns without
colour. ``tests/test_docs.py`` uses :func:`examples` and :func:`run` to fail when they drift.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)
HEAD = re.compile(r"\s*\|\s*head -n (\d+)\s*$")


def clean_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "ISHIBA_DATA", "CLICOLOR_FORCE"}
    }
    env.update({"COLUMNS": "80", "LINES": "50", "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    return env


def examples(text: str | None = None) -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8") if text is None else text
    return [(m["command"], m["output"]) for m in BLOCK.finditer(text)]


def parse(command: str) -> tuple[list[str], dict[str, str], int | None]:
    """The arguments after ``ishiba``, the environment, and the ``| head -n N`` limit (or None)."""
    limit = None
    match = HEAD.search(command)
    if match:
        limit = int(match.group(1))
        command = command[: match.start()]
    argv = shlex.split(command)
    env = clean_env()
    while argv and re.fullmatch(r"[A-Z_]+=\S*", argv[0]):  # COLUMNS=40 ishiba ...
        name, value = argv.pop(0).split("=", 1)
        env[name] = value
    assert argv[0] == "ishiba", command
    return argv[1:], env, limit


def cut(stdout: str, limit: int | None) -> str:
    lines = stdout.splitlines(keepends=True)
    return "".join(lines[:limit] if limit is not None else lines)


def run(command: str) -> str:
    """What ``command`` prints (stdout), cut as its ``| head -n N`` says."""
    args, env, limit = parse(command)
    done = subprocess.run(
        [sys.executable, "-m", "ishiba_cli", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    return cut(done.stdout, limit)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    stale = 0

    def refresh(m: re.Match) -> str:
        nonlocal stale
        fresh = run(m["command"])
        if fresh != m["output"]:
            stale += 1
            print(f"stale: $ {m['command']}", file=sys.stderr)
        return f"```console\n$ {m['command']}\n{fresh}```"

    updated = BLOCK.sub(refresh, text)
    if "--write" in sys.argv:
        README.write_text(updated, encoding="utf-8")
        print(f"README.md: {stale} example(s) refreshed", file=sys.stderr)
        return 0
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
