"""Writing output files: atomically, never over the data file, never over a file unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UsageError


def write_atomic(path: str | os.PathLike, text: str, *, force: bool = False, protect: Path | None = None) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename.

    Refuses to write over ``protect`` (the data file) and, without ``force``, over any existing
    file. Raises ``UsageError`` with a reason a person can act on.
    """
    target = Path(path)
    if protect is not None and target.exists() and protect.exists():
        with contextlib.suppress(OSError):
            if target.samefile(protect):
                raise UsageError(f"{target} is the timeline being read; ishiba never writes to its data file")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; add --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    return target
