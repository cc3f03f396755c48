"""Partial dates: ``2008``, ``2008-09`` and ``2008-09-22`` each keep their precision.

A partial date stands for the whole period it names: ``2008`` covers 2008-01-01 to
2008-12-31. Filters compare periods (overlap), never a padded day, so ``--to 2018``
includes all of 2018 and a record dated ``2008`` may fall in ``--from 2008-09``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from .tuples import named_tuple

YEAR, MONTH, DAY = 1, 2, 3
MIN_YEAR, MAX_YEAR = 1, 9999

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateParseError(ValueError):
    """The text is not a date at any of the three precisions."""


@named_tuple
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        return DAY if self.day is not None else MONTH if self.month is not None else YEAR

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        if self.day is not None:
            return _dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        if self.month is not None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """ISO 8601 at the stored precision: ``2008``, ``2008-09`` or ``2008-09-22``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        """Oldest first; a coarser date sorts before the finer dates it contains."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


def parse_date(value: object) -> PartialDate:
    """Read a date as YAML may hand it over: ``"2008-09"``, ``2008`` (int) or a ``date``.

    Raises ``DateParseError`` with a short reason for anything else.
    """
    if isinstance(value, bool):
        raise DateParseError("is a boolean, not a date")
    if isinstance(value, _dt.datetime):
        raise DateParseError("has a time of day; give a date only")
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise DateParseError("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    text = value.strip()
    match = _PATTERN.fullmatch(text)
    if not match:
        raise DateParseError("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"has year {year:04d}, outside {MIN_YEAR:04d}-{MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(f"has month {month:02d}, outside 01-12")
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise DateParseError(f"is not a date ({year:04d}-{month:02d} has {last} days)")
    return PartialDate(year, month, day)


def approximately(text: str, circa: bool) -> str:
    """A date as shown (``2024-09``, ``September 2024``), marked ``c.`` when the record says it is
    approximate (its ``circa``): the one way every view and citation writes an approximate date."""
    return "c. " + text if circa else text


@named_tuple
class DateRange:
    """An inclusive range of days; either end may be open."""

    start: _dt.date | None = None
    end: _dt.date | None = None

    def overlaps(self, first: _dt.date, last: _dt.date) -> bool:
        if self.start is not None and last < self.start:
            return False
        return not (self.end is not None and first > self.end)

    def describe(self) -> str:
        start = self.start.isoformat() if self.start else "the beginning"
        end = self.end.isoformat() if self.end else "the end"
        return f"{start} to {end}"


def span_of(start: PartialDate, end: PartialDate | None) -> tuple[_dt.date, _dt.date]:
    """The days a record may cover: from its date's first day to its end's last day."""
    return start.first_day(), (end or start).last_day()


def range_between(since: PartialDate | None, until: PartialDate | None) -> DateRange:
    """``--from`` starts at the first day of its period, ``--to`` ends at the last of its own."""
    return DateRange(since.first_day() if since else None, until.last_day() if until else None)
