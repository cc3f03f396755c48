"""A closed output pipe gives one exit status, 0, whatever the reader read (``| true``,
``| head -c 1``), quietly; a real output failure is still 1 (a full disk, for results, --help
and --version: tests/test_faults.py, which also checks the message)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import clean_env, run_cli

PIPED = [
    ["export", "-f", "json"],
    ["export", "-f", "markdown"],
    ["events"],
    ["timeline"],
    ["show", "revise-sofa"],
    ["--help"],
    ["events", "--help"],
]


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
