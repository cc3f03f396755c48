"""The project's typed errors. Each kind carries the exit status the CLI uses for it.

Library code raises these; only the ``cli`` package turns them into messages and exit statuses
(in ``cli/output.py``'s ``reported``).
"""

from __future__ import annotations

from enum import IntEnum

from .tuples import named_tuple


class ExitStatus(IntEnum):
    """Every exit status the program uses, with its meaning: the one list that ``--help``, the
    console script, the README and the docs read."""

    OK = 0
    OUTPUT = 1
    USAGE = 2
    DATA = 3
    NOT_FOUND = 4
    INTERRUPTED = 130

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def short(self) -> str:
        """A few words, for the ``--help`` epilog."""
        return _SHORT[self]


_MEANINGS = {
    ExitStatus.OK: "success, also when nothing matched or the reader closed the pipe early (head, true)",
    ExitStatus.OUTPUT: "an error writing the output (a full disk, a closed terminal, stdout closed)",
    ExitStatus.USAGE: "usage error: unknown option, bad date, bad or runaway regex, bad format, an output file it will not write",
    ExitStatus.DATA: "the data file is missing, unreadable or invalid",
    ExitStatus.NOT_FOUND: "unknown or ambiguous id",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C)",
}
_SHORT = {
    ExitStatus.OK: "ok (also when nothing matched, and when the reader closes the pipe early, as head and true do)",
    ExitStatus.OUTPUT: "output failed (a full disk)",
    ExitStatus.USAGE: "usage error",
    ExitStatus.DATA: "bad data file",
    ExitStatus.NOT_FOUND: "unknown id",
    ExitStatus.INTERRUPTED: "interrupted",
}


class IshibaError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = ExitStatus.OUTPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The error, as one or more lines (each is shown after ``error:``)."""
        return [self.message]

    def hints(self) -> list[str]:
        """Extra lines that help the person fix it (shown indented, after the error)."""
        return []


class UsageError(IshibaError):
    """A wrong option or argument value (a bad date, regex, format...)."""

    exit_code = ExitStatus.USAGE


@named_tuple
class Problem:
    """One thing wrong with a data file, located as precisely as the parser allows."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(IshibaError):
    """The data file is missing, unreadable, not YAML, or not a valid timeline."""

    exit_code = ExitStatus.DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = str(problems[0]) if problems else "invalid data file"
        super().__init__(head if count == 1 else f"{count} problems; first: {head}")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class NotFoundError(IshibaError):
    """An id (or prefix, or title word) that names no record, or more than one."""

    exit_code = ExitStatus.NOT_FOUND

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []

    def hints(self) -> list[str]:
        return ["did you mean: " + ", ".join(self.candidates)] if self.candidates else []
