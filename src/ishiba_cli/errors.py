"""The project's typed errors. Each kind carries the exit status the CLI uses for it.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_NOT_FOUND = 4
EXIT_INTERRUPTED = 130

#: The exit statuses as the README lists them (a test keeps the two in step).
EXIT_CODES = {
    EXIT_OK: "success, also when nothing matched or the reader closed the pipe early (head, true)",
    EXIT_UNEXPECTED: "an error writing the output (a full disk, a closed terminal)",
    EXIT_USAGE: "usage error: unknown option, bad date, bad regex, bad format",
    EXIT_DATA: "the data file is missing, unreadable or invalid",
    EXIT_NOT_FOUND: "unknown or ambiguous id",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
}


class IshibaError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = EXIT_UNEXPECTED

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

    exit_code = EXIT_USAGE


class Problem(NamedTuple):
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

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = str(problems[0]) if problems else "invalid data file"
        super().__init__(head if count == 1 else f"{count} problems; first: {head}")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class NotFoundError(IshibaError):
    """An id (or prefix, or title word) that names no record, or more than one."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []

    def hints(self) -> list[str]:
        return ["did you mean: " + ", ".join(self.candidates)] if self.candidates else []
