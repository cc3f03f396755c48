"""Writing output files: atomically, never over the data file, never over a file unasked.

A written file gets the permissions any other tool's new file gets: ``0o666`` less the umask
(0644 under the usual umask 022), or, when ``--force`` replaces a file, that file's own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UsageError


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux 4.7+ shows
    it in ``/proc/self/status``); elsewhere set and restored at once (the CLI has one thread)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8) & 0o777
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def new_file_mode(umask: int | None = None) -> int:
    """The permission bits a tool's new file gets: ``0o666`` less the umask (0644 under 022)."""
    return 0o666 & ~(current_umask() if umask is None else umask) & 0o777


#: names that mean this process's standard output, written to as ``-`` is
STDOUT_NAMES = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def write_atomic(
    path: str | os.PathLike,
    text: str | bytes,
    *,
    force: bool = False,
    protect: Path | None = None,
    cwd: str | os.PathLike | None = None,
) -> Path:
    """Write ``text`` (or, for binary formats such as a SQLite database, ``bytes``) to ``path``
    through a temporary file in the same folder, then rename: a reader sees the old file or the
    new one, never half of either.

    A symbolic link is written through: its target gets the text and the link stays (a link
    whose target does not exist yet needs ``force``, as an existing file does). Refuses to write
    over ``protect`` (the data file), over anything but a regular file (a folder, a device, a
    FIFO, a socket) and, without ``force``, over any existing file. The file gets
    :func:`new_file_mode` (a replaced file keeps its own mode). Raises ``UsageError`` with a
    reason a person can act on. A relative ``path`` is written under ``cwd`` (the process's
    working folder when None); messages and the path returned name it as it was given.
    """
    given = Path(path)
    try:
        return _write_atomic(given, text, force, protect, cwd)
    except OSError as exc:  # a name too long, a loop of links, a folder that is a file...
        raise UsageError(f"cannot write {given}: {exc.strerror or exc}") from None


def check_target(
    path: str | os.PathLike, *, force: bool = False, protect: Path | None = None, cwd: str | os.PathLike | None = None
) -> Path:
    """Where :func:`write_atomic` would write ``path`` (a link's final target), if it may (else
    ``UsageError``): a command that writes two files checks both before writing either."""
    try:
        return _check_target(Path(path), force, protect, cwd)
    except OSError as exc:  # a name too long, a loop of links...
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_target(given: Path, force: bool, protect: Path | None, cwd: str | os.PathLike | None = None) -> Path:
    place = given if cwd is None else Path(cwd, given)  # an absolute path stays as it is
    target = place
    if place.is_symlink():
        if not force:
            what = "points to an existing file" if place.exists() else "is a link to nothing yet"
            raise UsageError(f"{given} {what}; add --force to write through the link")
        target = Path(os.path.realpath(place))  # its final target, every link followed
    if protect is not None and target.exists() and protect.exists():
        with contextlib.suppress(OSError):
            if target.samefile(protect):
                raise UsageError(f"{given} is the timeline being read; ishiba never writes to its data file")
    if target.is_dir():
        raise UsageError(f"{given} is a folder; give a file name")
    if target.exists() and not target.is_file():
        raise UsageError(f"{given} is not a regular file (a device, a FIFO or a socket); give a file name, or - for "
                         "standard output")  # fmt: skip
    if target.exists() and not force:
        raise UsageError(f"{given} exists; add --force to replace it")
    return target


def _write_atomic(given: Path, text: str | bytes, force: bool, protect: Path | None, cwd) -> Path:
    target = _check_target(given, force, protect, cwd)
    mode = new_file_mode()
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777 if target.is_file() else mode
    folder = target.parent if str(target.parent) else Path(".")
    # named as the person wrote it, unless a link led elsewhere
    shown = given.parent if target == (given if cwd is None else Path(cwd, given)) else folder
    if not folder.is_dir():
        raise UsageError(f"{shown} is not a folder" if folder.exists() else f"{shown} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {shown}: {exc.strerror}") from None
    try:
        opened = os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with opened as out:
            _chmod(out.fileno(), tmp, mode)  # mkstemp makes it 0600, private; the finished file is not
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError(f"cannot write {given}: {exc.strerror}") from None
    return given


def _chmod(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, mode)
