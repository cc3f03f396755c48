"""The console script: exits 130, quietly, on Ctrl-C at any moment, imports included."""

from __future__ import annotations

import errno
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


def _keep_stdout() -> int | None:
    """A second descriptor for stdout as it was at the start: Click and Rich point fd 1 at
    /dev/null when its reader goes away, and :func:`_reader_gone` must still see the pipe."""
    try:
        return os.dup(1)
    except OSError:
        return None


def _reader_gone(fd: int | None) -> bool:
    """Whether ``fd`` is a pipe whose reader has closed it (``head`` done, ``true`` never read)."""
    if fd is None:
        return False
    try:
        import select
        import stat

        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return False
        poll = select.poll()
        poll.register(fd, select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (OSError, AttributeError, ValueError):  # no poll() on this system
        return False


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    stdout = _keep_stdout()
    from .cli.launch import main as run

    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code == ExitStatus.OUTPUT and _reader_gone(stdout):
            # Click (help text) and Rich end a run whose reader closed the pipe with status 1;
            # ours is 0 whenever the reader closed it (see ``cli.output.reported``).
            code = ExitStatus.OK
    # Leave without the interpreter's clean-up: everything is written, and tearing down a large
    # timeline's objects only costs time (and would restore the default Ctrl-C handler meanwhile).
    try:
        sys.stdout.flush()
    except OSError as exc:
        # A reader that closed the pipe early (head, true) is not a failure: the same status,
        # 0, whether it closed before or after the last write (see ``cli.output.reported``).
        code = code if exc.errno == errno.EPIPE else (code or ExitStatus.OUTPUT)
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
