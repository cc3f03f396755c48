"""The console script: exits 130, quietly, on Ctrl-C at any moment, imports included."""

from __future__ import annotations

import os
import signal
import sys

from .errors import ExitStatus


def _interrupted(signum, frame) -> None:  # pragma: no cover - exercised through a real process
    # Nothing is left half-done: files are written under a temporary name and renamed when
    # complete (files.py), so an interruption leaves the old file or none, never half of one.
    # Exiting here, rather than raising KeyboardInterrupt, keeps tracebacks and "Aborted!" away.
    try:
        sys.stderr.flush()
    finally:
        os._exit(ExitStatus.INTERRUPTED)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    from .cli.launch import main as run

    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    # Leave without the interpreter's clean-up: everything is written, and tearing down a large
    # timeline's objects only costs time (and would restore the default Ctrl-C handler meanwhile).
    try:
        sys.stdout.flush()
    except OSError:
        code = code or 1
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
