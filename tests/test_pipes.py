"""A closed output pipe gives one exit status, 0, whatever the reader read (``| true``,
``| head -c 1``), quietly; a real output failure is still 1 (a full disk, for results, --help
and --version: tests/test_faults.py, which also checks the message)."""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, clean_env, run_cli

#: every command's results reach stdout through ``output.write`` and end in ``reported()``: each
#: below is checked in-process, on a stream that fails as a closed pipe does
RESULTS = [
    ["export", "-f", "json"],
    ["export", "-f", "markdown"],
    ["events"],
    ["timeline"],
    ["show", "revise-sofa"],
]

#: Run as real processes, for what a process alone shows (the pipe itself, the final flush in
#: entry.py, help written outside any command): a machine format large enough to fill the pipe,
#: a table, the drawn timeline, and both kinds of help.
PIPED = [
    ["export", "-f", "json"],
    ["events"],
    ["timeline"],
    ["--help"],
    ["events", "--help"],
]


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone: the first write fails as a closed pipe's does
    (``| true``), or, with ``at_flush``, the write is taken and the flush fails (``| head -c 1``,
    after the first read). No descriptor, so nothing of the test process is pointed elsewhere."""

    def __init__(self, at_flush: bool) -> None:
        super().__init__()
        self.at_flush = at_flush

    def write(self, text: str) -> int:
        if not self.at_flush:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
        return super().write(text)

    def flush(self) -> None:
        if self.at_flush and self.getvalue():
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")


@pytest.mark.parametrize("at_flush", [False, True], ids=["at the first write", "at the flush"])
def test_every_command_whose_reader_goes_gives_status_0_quietly_in_process(at_flush):
    from ishiba_cli.cli.environment import Environment
    from ishiba_cli.cli.launch import main

    failures = []
    for args in RESULTS:
        err = io.StringIO()
        env = Environment(
            stdin=io.StringIO(""), stdout=_ClosedPipe(at_flush), stderr=err, environ=clean_env(), cwd=ROOT
        )
        code = main(args, env)
        if (code, err.getvalue()) != (0, ""):
            failures.append(f"ishiba {' '.join(args)}: status {code}: {err.getvalue()[-300:]}")
    assert not failures, "\n".join(failures)


def ishiba(args, stdout):
    return subprocess.Popen(
        [sys.executable, "-m", "ishiba_cli", *args], stdout=stdout, stderr=subprocess.PIPE, env=clean_env()
    )


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_reader_that_reads_nothing_gives_status_0_quietly(args):
    """``ishiba ... | true``: the pipe is closed before the first write."""
    read, write = os.pipe()
    os.close(read)
    proc = ishiba(args, write)
    os.close(write)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, b"")


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_reader_that_reads_one_byte_gives_status_0_quietly(args):
    """``ishiba ... | head -c 1``: the pipe is closed after the first read."""
    proc = ishiba(args, subprocess.PIPE)
    assert proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read()
    assert (proc.wait(timeout=60), err) == (0, b"")


@pytest.mark.parametrize("reader", ["true", "head -c 1", "head -n 1"])
def test_the_shells_pipes_agree(reader):
    # the status of the writer, not the reader: bash's PIPESTATUS
    bash = "/bin/bash"
    if not os.path.exists(bash):
        pytest.skip("needs bash")
    script = (
        f"'{sys.executable}' -m ishiba_cli export -f json 2>/dev/null | {reader} > /dev/null; echo ${{PIPESTATUS[0]}}"
    )
    done = subprocess.run([bash, "-c", script], capture_output=True, text=True, env=clean_env(), timeout=60)
    assert done.stdout.strip() == "0"


def test_the_help_and_the_readme_say_which_status_a_closed_pipe_gives():
    from ishiba_cli.errors import ExitStatus

    assert "closed the pipe" in ExitStatus.OK.meaning
    helptext = run_cli("--help").stdout
    assert "closes the pipe" in re.sub(r"\s+", " ", helptext.replace("│", " "))
