"""What a run is given by whoever starts it: its streams, its environment variables, its working
folder and the terminal's facts, in one :class:`Environment` handed to ``launch.main``.

The console script builds it from the process (:meth:`Environment.from_process`); the tests
build one of their own (text streams in memory, a dict of variables, a folder), so that a run in
the test process touches none of the process's globals. Every part of the CLI reads these facts
here, never from ``os.environ``, ``sys.stdout`` or the process's working folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO


class Environment:
    """The streams, variables, working folder and terminal of one run. Nothing in it changes
    during the run (its attributes cannot be set after it is made).

    ``cwd`` is the folder that relative paths given by the person (``--data``, ``--output``,
    ``check FILE``) are read against; ``Path(".")``, the default, is the process's own folder,
    which is then never looked up (it may have been deleted under a running shell). The streams
    are text streams; where stdin has a ``buffer`` (a console's does), ``--data -`` reads its
    bytes from it, so that a byte-order mark or UTF-16 is seen as the file's."""

    __slots__ = ("cwd", "environ", "stderr", "stdin", "stdout")

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    environ: Mapping[str, str]
    cwd: Path

    def __init__(
        self,
        *,
        stdin: IO[str],
        stdout: IO[str],
        stderr: IO[str],
        environ: Mapping[str, str],
        cwd: str | os.PathLike = ".",
    ) -> None:
        for name, value in (("stdin", stdin), ("stdout", stdout), ("stderr", stderr), ("environ", environ)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "cwd", Path(cwd))

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"an Environment is fixed for its run; {name} cannot be set")

    @classmethod
    def from_process(cls) -> Environment:
        """The process's own: ``sys.stdin``/``stdout``/``stderr`` as they are now (``entry.py``
        has put stand-ins where one was closed), ``os.environ`` and the working folder."""
        return cls(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, environ=os.environ)

    def path(self, given: str | os.PathLike) -> Path:
        """A path the person gave, read against :attr:`cwd` (an absolute path stays as it is)."""
        return self.cwd / given

    def is_terminal(self, stream: IO[str]) -> bool:
        """Whether ``stream`` (one of this environment's) is a terminal."""
        try:
            return bool(stream.isatty())
        except (OSError, ValueError, AttributeError):  # closed, or a stand-in without isatty
            return False

    def terminal_size(self) -> os.terminal_size:
        """The terminal's size as ``shutil.get_terminal_size`` gives it, from this environment:
        ``$COLUMNS`` and ``$LINES`` when they are positive numbers, else what the terminal on
        stdout reports, else 80 by 24."""
        sizes = []
        for var in ("COLUMNS", "LINES"):
            try:
                sizes.append(int(self.environ.get(var, "0")))
            except ValueError:
                sizes.append(0)
        columns, lines = sizes
        if columns <= 0 or lines <= 0:
            try:
                real = os.get_terminal_size(self.stdout.fileno())
            except (AttributeError, ValueError, OSError):  # not a terminal, closed, in memory
                real = os.terminal_size((0, 0))
            columns = columns if columns > 0 else real.columns
            lines = lines if lines > 0 else real.lines
        return os.terminal_size((columns or 80, lines or 24))

    def terminal_columns(self) -> int:
        """The width of the terminal, asked of stdout, then of stdin and stderr (output piped to
        a pager still fits the screen it is read on); 80 when none of them is a terminal."""
        for stream in (self.stdout, self.stdin, self.stderr):
            try:
                columns = os.get_terminal_size(stream.fileno()).columns
            except (AttributeError, ValueError, OSError):  # not a terminal, closed, in memory
                continue
            if columns > 0:
                return columns
        return 80
