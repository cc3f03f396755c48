"""The console script: exits 130, quietly, on Ctrl-C at any moment, imports included; with
stdin, stdout or stderr closed, or stdout full, it ends with a one-line error, never a traceback."""

from __future__ import annotations

import signal

_INTERRUPTED = 130  # ExitStatus.INTERRUPTED, written out: the handler is set before any import of ours


def _interrupted(signum, frame) -> None:  # pragma: no cover - exercised through a real process
    # Nothing is left half-done: files are written under a temporary name and renamed when
    # complete (files.py), so an interruption leaves the old file or none, never half of one.
    # Exiting here, rather than raising KeyboardInterrupt, keeps tracebacks and "Aborted!" away.
    import os

    os._exit(_INTERRUPTED)


# The first thing ishiba does, before anything else is imported: from here on Ctrl-C ends the run
# quietly with 130. A shell that starts ishiba in the background has it ignore Ctrl-C: that stays.
if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
    signal.signal(signal.SIGINT, _interrupted)

import contextlib  # noqa: E402
import errno  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from .errors import ExitStatus  # noqa: E402

#: what a failed write of the output means to the person (any other OSError is a bug: it shows)
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT}


class _ClosedOutput:
    """Stands in for stdout when the program was started with it closed: writing to it fails
    as writing to a closed descriptor does, so the run ends with "cannot write the output"."""

    encoding, errors = "utf-8", "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:  # nothing was written, nothing to lose
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _ClosedInput(_ClosedOutput):
    """Stands in for stdin when the program was started with it closed: ``--data -`` reads
    nothing and says why."""

    @property
    def buffer(self):
        return self

    def read(self, size: int = -1):
        from .errors import DataError, Problem

        raise DataError(
            [Problem("<stdin>", None, None, "", "standard input is closed; pipe the timeline in, or use --data FILE")]
        )


def _claim_standard_descriptors() -> None:
    """Give each of descriptors 0, 1 and 2 that the program was started without /dev/null, so
    that no file opened later (the cache, a written file) takes its number, and replace the
    missing Python stream with a stand-in that says what is wrong when it is used."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            continue
        if null != fd:  # the lowest free number is taken first, so this is rare
            os.dup2(null, fd)
            os.close(null)
        if fd == 0:
            sys.stdin = _ClosedInput()  # type: ignore[assignment]
        elif fd == 1:
            sys.stdout = _ClosedOutput()  # type: ignore[assignment]
        else:  # messages have nowhere to go: the exit status still tells
            sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


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
    _claim_standard_descriptors()
    stdout = _keep_stdout()
    try:
        from .cli.launch import main as run

        code = _status(run(), stdout)  # the process's arguments, streams, variables and folder
    except KeyboardInterrupt:  # the handler above was replaced (a library's own) or not yet set
        os._exit(ExitStatus.INTERRUPTED)
    except OSError as exc:  # a write outside any command: --help or --version to a full disk
        if exc.errno not in _OUTPUT_ERRORS | {errno.EPIPE}:
            raise
        code = _failed_output(exc, stdout)
    except SystemExit as exc:  # shell completion, which Click ends with sys.exit
        code = _status(exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1), stdout)
    # Leave without the interpreter's clean-up: everything is written, and tearing down a large
    # timeline's objects only costs time (and would restore the default Ctrl-C handler meanwhile).
    try:
        sys.stdout.flush()
    except OSError as exc:
        # A reader that closed the pipe early (head, true) is not a failure: the same status,
        # 0, whether it closed before or after the last write (see ``cli.output.reported``).
        code = code if exc.errno == errno.EPIPE else (code or _failed_output(exc, stdout))
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    finally:
        os._exit(code)


def _status(code: int, stdout: int | None) -> int:
    """The exit status: Click and Rich end a run whose reader closed the pipe with status 1;
    ours is 0 whenever the reader closed it (see ``cli.output.reported``)."""
    return ExitStatus.OK if code == ExitStatus.OUTPUT and _reader_gone(stdout) else code


def _failed_output(exc: OSError, stdout: int | None) -> int:
    """The status, and the one-line message, for output that could not be written."""
    if exc.errno == errno.EPIPE or _reader_gone(stdout):
        code = ExitStatus.OK  # the reader closed the pipe (head, true): not a failure
    else:
        code = ExitStatus.OUTPUT
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"error: cannot write the output: {exc.strerror or exc}\n")
    try:  # nothing more can reach it: the final flush must not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
