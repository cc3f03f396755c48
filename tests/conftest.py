"""Shared fixtures: the bundled timeline, small timelines written on the fly, and the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The code under test is this checkout's, wherever it lies and whatever is installed: a copy of
# the repository tests itself, in this process and in the processes it starts.
sys.path.insert(0, str(ROOT / "src"))


def _compile_source() -> None:
    """The checkout's modules compiled once, as an installed package's are, before pytest's
    workers import them and the suite's ``ishiba`` processes start: where no compiled files are
    written (as under PYTHONDONTWRITEBYTECODE) each of them compiled every module again, about
    0.05 s a process. Up-to-date files are left as they are."""
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "ishiba_cli"), quiet=2)


_compile_source()

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "the-diplomat-2024-10-ishiba-alliance.txt"
YAML_SUITE = SHARED / "corpora" / "yaml-test-suite"
EXAMPLE = ROOT / "tests" / "data" / "example.yaml"

# Keep every test independent of the caller's terminal and environment.
for var in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "CLICOLOR_FORCE", "ISHIBA_DATA", "NO_COLOR"):
    os.environ.pop(var, None)
os.environ["COLUMNS"] = "80"
os.environ["TERM"] = "dumb"
# Textual draws no animations (its documented switch): a test waits for what the app does, not
# for a scroll to glide.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
# The cache lives in a folder of the test run's own, never in the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ishiba-test-cache-")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"ISHIBA_DATA"}}
    env.update({"COLUMNS": "80", "LINES": "50", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_process(
    *args: str, env: dict | None = None, cwd: Path | None = None, input: str | None = None, timeout: float = 60
):
    """Run ``ishiba`` as a real process; returns the CompletedProcess (text, UTF-8).

    Only for what a process alone can tell: signals, closed pipes, the exit path, imports,
    memory, the installed wheel. Everything else uses :func:`run_cli`.
    """
    return subprocess.run(
        [sys.executable, "-m", "ishiba_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env or clean_env(),
        cwd=cwd or ROOT,
        input=input,
        timeout=timeout,
        check=False,
    )


def run_cli(
    *args: str, env: dict | None = None, cwd: Path | None = None, input: str | bytes | None = None, timeout=None
):
    """Run ``ishiba`` in this process, as the console script parses, runs and exits, in an
    :class:`Environment` of its own (variables, working folder, stdin, stdout and stderr in
    memory): nothing of the test process is read or changed. Returns a CompletedProcess. Ten
    times faster than a process, and just as strict: an unexpected exception fails the test with
    its traceback. ``input`` as bytes reaches the program as a console's stdin does, through
    its ``buffer`` (a byte-order mark, UTF-16, invalid UTF-8)."""
    from ishiba_cli.cli.environment import Environment
    from ishiba_cli.cli.launch import main

    out, err = io.StringIO(), io.StringIO()
    stdin = (
        io.TextIOWrapper(io.BytesIO(input), encoding="utf-8") if isinstance(input, bytes) else io.StringIO(input or "")
    )
    run = Environment(stdin=stdin, stdout=out, stderr=err, environ=env or clean_env(), cwd=cwd or ROOT)
    try:
        code = main(list(args), run)
    except SystemExit as exc:  # shell completion ends with sys.exit; it is tested as a process
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess(["ishiba", *args], int(code), out.getvalue(), err.getvalue())


def pytest_collection_finish(session):
    """What collection leaves (every imported module, test function and parameter, a large part of
    the heap) is moved out of the garbage collector's sight for the rest of the run: none of it is
    garbage, and each full collection walked all of it again (about a dozen a worker, 0.1-0.3 s
    each). Collections still find the cycles the tests make, and the objects still die with the
    process."""
    import gc

    gc.freeze()


def parse_once(patch: pytest.MonkeyPatch, *only: Path) -> None:
    """Through ``patch``, every run that reads one of the files ``only`` (any file when none is
    named) is handed the timeline its first run parsed, by the loader's own ``_parse_file``,
    while the file keeps its size and modification time: an uncached run still answers from a
    parsed timeline, without parsing the same file again for each of many commands."""
    from ishiba_cli import load

    real = load._parse_file
    wanted = {path.resolve() for path in only}
    parsed: dict = {}

    def parse_file(path, name):
        resolved = Path(path).resolve()
        if wanted and resolved not in wanted:
            return real(path, name)
        stat = os.stat(resolved)
        key = (resolved, name, stat.st_size, stat.st_mtime_ns)
        if key not in parsed:
            parsed[key] = real(path, name)
        return parsed[key]

    patch.setattr(load, "_parse_file", parse_file)


@pytest.fixture(scope="session")
def timeline():
    from ishiba_cli.load import bundled_path, load_timeline  # imported where used: not in xdist's controller

    return load_timeline(bundled_path())


@pytest.fixture(scope="session")
def example():
    from ishiba_cli.load import load_timeline

    return load_timeline(EXAMPLE)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium for the run's page tests (tests/chromium.py), started when a test
    first asks for it; a test opens pages of its own in it."""
    from chromium import BrowserError, Chromium, executable

    if executable() is None:
        pytest.skip("needs Chromium (Debian: apt-get install chromium; .ci/run installs it)")
    try:
        with Chromium(tmp_path_factory.mktemp("profile")) as running:
            yield running
    except BrowserError as exc:  # pragma: no cover - a machine whose Chromium cannot start
        pytest.skip(f"Chromium did not start: {exc}")


def write_yaml(tmp_path: Path, text: str, name: str = "timeline.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


MINIMAL = """\
schema_version: 1
subject: {name: Test Person, name_western: Person Test, name_ja: 試験, person: test-person}
sources:
  - {id: src-a, title: A source, publisher: Pub, kind: news, date: 2020-05}
people:
  - {id: test-person, name: Test Person, name_ja: 試験, roles: [subject]}
events:
  - {id: year-only, date: 2008, title: Year only event, kind: party, summary: Something in 2008., sources: [src-a]}
  - {id: day-event, date: 2008-09-22, title: Day event, kind: election, tags: [a, b], summary: A day., sources: [src-a], people: [test-person]}
  - {id: span-event, date: 2002-09-30, end: 2004-09-27, title: Office held, kind: office, tags: [a], summary: A span., sources: [src-a]}
  - {id: later, date: 2019-01, title: Month event about Ryūkyū, kind: party, summary: Uses the U.S. name., sources: [src-a]}
"""


@pytest.fixture
def minimal(tmp_path):
    return write_yaml(tmp_path, MINIMAL)


@pytest.fixture
def accept_controls(monkeypatch):
    """Let text with control characters (and URLs with unprintable ones) through validation, as
    a file written past an older ``check`` would come: the renderers must hold on their own."""
    import re

    from ishiba_cli import spec

    monkeypatch.setattr(spec, "_CONTROL", re.compile("(?!)"))
    monkeypatch.setattr(spec.URL, "regex", re.compile("^https?://"))
    monkeypatch.setattr(spec.Url, "check", spec.Pattern.check)
