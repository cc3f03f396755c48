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


def write_atomic(
    path: str | os.PathLike, text: str | bytes, *, force: bool = False, protect: Path | None = None
) -> Path:
    """Write ``text`` (or, for binary formats such as a SQLite database, ``bytes``) to ``path``
    through a temporary file in the same folder, then rename: a reader sees the old file or the
    new one, never half of either.

    Refuses to write over ``protect`` (the data file) and, without ``force``, over any existing
    file. The file gets :func:`new_file_mode` (a replaced file keeps its own mode). Raises
    ``UsageError`` with a reason a person can act on.
    """
    target = check_target(path, force=force, protect=protect)
    mode = new_file_mode()
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777 if target.is_file() else mode
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from None
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
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    return target


def check_target(path: str | os.PathLike, *, force: bool = False, protect: Path | None = None) -> Path:
    """``path`` as a :class:`Path`, if :func:`write_atomic` may write it (else ``UsageError``):
    a command that writes two files checks both before writing either."""
    target = Path(path)
    if protect is not None and target.exists() and protect.exists():
        with contextlib.suppress(OSError):
            if target.samefile(protect):
                raise UsageError(f"{target} is the timeline being read; ishiba never writes to its data file")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; add --force to replace it")
    return target


def _chmod(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, mode)
