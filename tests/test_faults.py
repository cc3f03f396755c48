"""Faults only a real process shows: Ctrl-C at each step of start-up, closed standard
descriptors, a full disk for --help and --version. Each ends with a one-line message (or none,
for Ctrl-C) and its documented exit status, never a traceback.

No test here waits for time to pass: Ctrl-C is sent by the process to itself at a named point
(an audit hook, installed by a ``sitecustomize`` module that only these tests put on the path,
fires as a given module starts to import), so the outcome is the same on an idle machine and
on a busy one.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, clean_env
from ishiba_cli.errors import ExitStatus
from ishiba_cli.render import CITATIONS, EXPORTS, FORMATS

HOOK = textwrap.dedent(
    """\
    import os, signal, sys

    _AT = os.environ.get("ISHIBA_TEST_SIGINT_AT", "")
    _SENT = os.environ.get("ISHIBA_TEST_SIGINT_SENT", "")

    def _hook(event, args):
        if event == "import" and args and args[0] == _AT:
            with open(_SENT, "w") as sent:
                sent.write(_AT)
            os.kill(os.getpid(), signal.SIGINT)

    if _AT:
        sys.addaudithook(_hook)
    """
)


@pytest.fixture(scope="module")
def hook_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sigint-hook")
    (folder / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    return folder


def interrupted_at(hook_dir: Path, tmp_path: Path, module: str, *args: str, script: bool = False):
    sent = tmp_path / "sent"
    env = clean_env(ISHIBA_TEST_SIGINT_AT=module, ISHIBA_TEST_SIGINT_SENT=str(sent))
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir), env["PYTHONPATH"]])
    command = [str(Path(sys.executable).with_name("ishiba"))] if script else [sys.executable, "-m", "ishiba_cli"]
    # Started as a shell starts a foreground job, with Ctrl-C at its default, even where the suite
    # itself runs with it ignored (a background job, nohup): ishiba keeps an ignored Ctrl-C ignored.
    done = subprocess.run(
        [*command, *args], capture_output=True, env=env, timeout=120, cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert sent.exists(), f"the run never imported {module}: the signal was not sent, so this proves nothing"
    return done


# The steps of a run, in order, from the first import ishiba's entry point makes to the
# rendering of the output: Ctrl-C is sent as each begins to load.
STEPS = [
    "ishiba_cli.errors",  # the first import entry.py makes, after it has set its Ctrl-C handler
    "ishiba_cli.cli.launch",
    "typer",
    "ishiba_cli.cli.output",
    "ishiba_cli.query",
    "ishiba_cli.load",
    "yaml",  # reading the file
    "rich.text",  # laying out the table
    "rich.segment",
    "ishiba_cli.render.bars",  # the last module imported before the output is written
]


@pytest.mark.parametrize("module", STEPS)
def test_ctrl_c_at_any_step_of_a_run_exits_130_quietly(hook_dir, tmp_path, module):
    done = interrupted_at(hook_dir, tmp_path, module, "--no-cache", "--data", str(EXAMPLE), "events")
    assert done.returncode == ExitStatus.INTERRUPTED, done.stderr.decode()
    assert done.stderr == b"", "quiet: no traceback, no KeyboardInterrupt, no Aborted!"


@pytest.mark.skipif(not Path(sys.executable).with_name("ishiba").exists(), reason="no console script installed")
@pytest.mark.parametrize("module", ["ishiba_cli.errors", "typer", "yaml"])
def test_ctrl_c_through_the_console_script_exits_130_quietly(hook_dir, tmp_path, module):
    done = interrupted_at(hook_dir, tmp_path, module, "--no-cache", "--data", str(EXAMPLE), "events", script=True)
    assert done.returncode == ExitStatus.INTERRUPTED and done.stderr == b"", done.stderr.decode()


def test_ctrl_c_during_help_exits_130_quietly(hook_dir, tmp_path):
    done = interrupted_at(hook_dir, tmp_path, "ishiba_cli.cli.app", "--help")
    assert done.returncode == ExitStatus.INTERRUPTED and done.stderr == b""


def test_a_background_job_keeps_ignoring_ctrl_c(hook_dir, tmp_path):
    """A shell starts a background job with Ctrl-C ignored (it is meant for the foreground job):
    ishiba keeps it so, rather than putting its own handler in, and runs to the end."""
    sent = tmp_path / "sent"
    env = clean_env(ISHIBA_TEST_SIGINT_AT="typer", ISHIBA_TEST_SIGINT_SENT=str(sent))
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir), env["PYTHONPATH"]])
    done = subprocess.run(
        [sys.executable, "-m", "ishiba_cli", "--no-cache", "--data", str(EXAMPLE), "events", "-f", "jsonl"],
        capture_output=True, env=env, timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )  # fmt: skip
    assert sent.exists()
    assert done.returncode == 0 and done.stdout.count(b"\n") == 2, done.stderr.decode()


# --- closed descriptors and full disks --------------------------------------------------------


def run_with(args: list[str], *, closed: int | None = None, stdout=subprocess.PIPE, cwd: Path | None = None):
    """Run ishiba with descriptor ``closed`` (0, 1 or 2) closed, as ``>&-`` does in a shell."""

    def close():
        if closed is not None:
            os.close(closed)

    return subprocess.run(
        [sys.executable, "-m", "ishiba_cli", *args],
        stdin=subprocess.DEVNULL if closed != 0 else None,
        stdout=stdout if closed != 1 else None,
        stderr=subprocess.PIPE if closed != 2 else None,
        preexec_fn=close,
        env=clean_env(),
        timeout=120,
        cwd=cwd,
    )


def every_command_and_format() -> list[list[str]]:
    data = ["--no-cache", "--data", str(EXAMPLE)]
    runs = []
    for command in ("events", "races", "quotes", "proposals", "disputes", "summary", "sources", "people"):
        runs += [[*data, command, "-f", f] for f in FORMATS]
    runs += [[*data, "search", "alliance", "-f", f] for f in FORMATS]
    runs += [[*data, "show", "prime-minister", "-f", f] for f in FORMATS]
    runs += [[*data, "export", "-f", f] for f, fmt in EXPORTS.items() if not fmt.binary]  # sqlite needs -o FILE
    runs += [[*data, "cite", "prime-minister", "-s", s] for s in CITATIONS]
    runs += [[*data, "timeline"], [*data, "timeline", "--svg", "-"], [*data, "check"], ["schema"]]
    runs += [["--help"], ["--version"], ["events", "--help"]]
    return runs


#: Run as real processes started with descriptor 1 closed: the interpreter's own start-up,
#: entry.py's stand-in for the missing stream, and the writes outside any command (--help and
#: --version reach entry.py as an OSError); one listing through Rich, one machine format, the
#: drawn timeline. Every other command and format runs in-process below, on the same stand-in.
AS_PROCESSES = [
    ["--help"],
    ["--version"],
    ["events", "--help"],
    ["--no-cache", "--data", str(EXAMPLE), "events"],
    ["--no-cache", "--data", str(EXAMPLE), "quotes", "-f", "json"],
    ["--no-cache", "--data", str(EXAMPLE), "timeline", "--svg", "-"],
]

CLOSED = "error: cannot write the output: standard output is closed\n"


def test_stdout_closed_gives_one_line_and_status_1_as_a_process():
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda args: (args, run_with(args, closed=1)), AS_PROCESSES))
    failures = []
    for args, done in results:
        err = done.stderr.decode()
        if done.returncode != ExitStatus.OUTPUT or err != CLOSED:
            failures.append(f"ishiba {' '.join(args[3:] or args)}: status {done.returncode}: {err[-300:]}")
    assert not failures, "\n".join(failures)


def test_every_command_and_format_with_stdout_closed_gives_one_line_and_status_1():
    """In-process, with stdout the stand-in entry.py puts where a closed descriptor 1 was:
    each command ends through ``reported()`` with the one-line message and status 1."""
    from ishiba_cli.cli.environment import Environment
    from ishiba_cli.cli.launch import main
    from ishiba_cli.entry import _ClosedOutput

    failures = []
    for args in every_command_and_format():
        if args in AS_PROCESSES[:3]:  # they end in entry.py, run as processes above
            continue
        err = io.StringIO()
        env = Environment(stdin=io.StringIO(""), stdout=_ClosedOutput(), stderr=err, environ=clean_env(), cwd=ROOT)
        code = main(args, env)
        if code != ExitStatus.OUTPUT or err.getvalue() != CLOSED:
            failures.append(f"ishiba {' '.join(args[3:] or args)}: status {code}: {err.getvalue()[-300:]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["events", "--help"], ["events", "-f", "json"]])
def test_help_version_and_results_to_a_full_disk_give_one_line_and_status_1(args):
    with open("/dev/full", "w") as full:
        done = run_with(args, stdout=full)
    assert done.returncode == ExitStatus.OUTPUT, done.stderr.decode()
    assert done.stderr.decode() == "error: cannot write the output: No space left on device\n"


def test_stdin_closed_with_data_from_stdin_says_so():
    done = run_with(["--data", "-", "events"], closed=0)
    assert done.returncode == ExitStatus.DATA
    assert done.stderr.decode() == (
        "error: <stdin>: standard input is closed; pipe the timeline in, or use --data FILE\n"
    )


def test_stdin_closed_does_not_matter_to_a_command_that_does_not_read_it():
    done = run_with(["--no-cache", "--data", str(EXAMPLE), "events", "-f", "jsonl"], closed=0)
    assert done.returncode == 0 and done.stdout.count(b"\n") == 2 and done.stderr == b""


@pytest.mark.parametrize(("args", "status"), [(["events", "-f", "csv"], 0), (["show", "no-such-id"], 4)])
def test_stderr_closed_keeps_the_status(args, status):
    done = run_with(["--data", str(EXAMPLE), *args], closed=2)  # with the cache: it opens files too
    assert done.returncode == status
    assert (done.stdout != b"") == (status == 0)


def test_a_file_written_with_stdout_closed_is_whole_and_nothing_takes_descriptor_1(tmp_path):
    """With descriptor 1 closed, the next file opened would take its number: it must not be the
    written file (whose text would then also receive stray output)."""
    done = run_with(["--no-cache", "--data", str(EXAMPLE), "export", "-f", "json", "-o", "out.json"], closed=1,
                    cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    import json

    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["events"]
