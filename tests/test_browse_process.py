"""``ishiba browse`` as a process: in a pseudo-terminal it opens and quits with q; without a
terminal it says so; and no other command ever imports Textual."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from conftest import ROOT, clean_env, run_cli

pty = pytest.importorskip("pty")


def _read_until(fd: int, wanted: bytes, seconds: float, until_exit=None) -> bytes:
    """Output of the terminal until ``wanted`` appears (or the process ends, or time runs out)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        if until_exit is not None and until_exit.poll() is not None:
            break
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize(
    ("term", "extra"), [("xterm", {}), ("xterm-256color", {"NO_COLOR": "1"})], ids=["16-colours", "NO_COLOR"]
)
def test_browse_runs_in_a_terminal_and_q_quits(term, extra):
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = clean_env(TERM=term, COLUMNS="80", LINES="24", **extra)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ishiba_cli", "browse"],
        stdin=child, stdout=child, stderr=child, env=env, cwd=ROOT, close_fds=True, start_new_session=True,
    )  # fmt: skip
    os.close(child)
    try:
        shown = _read_until(main, b"Disputes", 60)
        assert b"Disputes" in shown, shown[-2000:]
        if b"Quit" not in shown:  # the footer's keys come after the first frame: wait for them, not for a time
            shown += _read_until(main, b"Quit", 60)
        assert b"Quit" in shown, shown[-2000:]
        if term == "xterm":  # a 16-colour terminal gets only the 16 colours' codes
            assert not [code for code in (b"38;2;", b"48;2;", b"38;5;", b"48;5;") if code in shown]
        os.write(main, b"q")
        _read_until(main, b"\x00never", 30, until_exit=proc)  # keep reading: a full terminal blocks it
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)


def test_browse_without_a_terminal_is_a_usage_error():
    done = run_cli("browse")
    assert done.returncode == 2
    assert "browse needs a terminal" in done.stderr and "Traceback" not in done.stderr


def test_other_commands_never_import_textual():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ishiba_cli", "events", "--year", "2024"],
        capture_output=True, text=True, env=clean_env(), cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "ishiba_cli.cli" in imported, "the import log is read"
    assert not [m for m in imported if m.split(".")[0] == "textual" or m == "ishiba_cli.browse"]


def test_browse_help_lists_the_keys():
    done = run_cli("browse", "--help")
    assert done.returncode == 0
    for key in ("/ searches", "Backspace", "q quits"):
        assert key in " ".join(done.stdout.split())
