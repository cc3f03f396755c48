"""On this day: the records dated to a day of the year, in any year, with how long ago.

Pure functions over a timeline: the day asked and the year to count from are arguments (the
CLI reads the clock). A record counts when its date gives the day; one dated only to a month
is listed apart, as of that month, and never placed on a guessed day; one dated only to a year
is not listed. A span (an office held) counts on the day it began.
"""

from __future__ import annotations

import datetime as _dt
import re

from .dates import DAY, MONTH
from .errors import UsageError
from .model import DATED, Timeline
from .tuples import named_tuple

_LEAP = 2000  # a leap year: every day of the year, 29 February too, has a place in it
_DAYS = 366
_MM_DD = re.compile(r"(\d{1,2})-(\d{1,2})")


@named_tuple
class Day:
    """A day of the year, ``MM-DD``."""

    month: int
    day: int

    def text(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def words(self) -> str:
        """``4 February``."""
        return f"{self.day} {_dt.date(_LEAP, self.month, self.day):%B}"

    def ordinal(self) -> int:
        return _dt.date(_LEAP, self.month, self.day).timetuple().tm_yday


def parse_day(text: str) -> Day:
    """``MM-DD`` (``02-04``; ``02-29`` is a day too); a ``UsageError`` for anything else."""
    match = _MM_DD.fullmatch(text.strip())
    if not match:
        raise UsageError(f"the day {text!r} is not MM-DD (for example 02-04 for 4 February)")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        _dt.date(_LEAP, month, day)
    except ValueError:
        raise UsageError(
            f"the day {text!r} is not a day of the year (month 01-12, then a day that month has)"
        ) from None
    return Day(month, day)


@named_tuple
class Anniversary:
    """A record dated to a day within the window, and how many years before the asked year's
    anniversary it was (0: this year)."""

    record: object
    years_ago: int
    days_off: int | None  # the record's day less the day asked (0: the very day); None: dated to the month


@named_tuple
class OnThisDay:
    day: Day
    window: int
    year: int  # the year the years are counted from
    dated: list[Anniversary]  # dated to a day within the window, oldest first
    month_only: list[Anniversary]  # dated only to a month the window touches, oldest first (no days_off)


def years_ago_text(years: int, ago: str = " ago") -> str:
    """``18 years ago``, ``1 year ago``, ``this year`` (``ago=""``: ``18 years``, for a column
    headed ``ago``)."""
    if years == 0:
        return "this year"
    if years < 0:
        return f"in {-years} year{'s' if years != -1 else ''}"
    return f"{years} year{'s' if years != 1 else ''}{ago}"


def months_touched(day: Day, window: int) -> list[int]:
    """The months the days from ``window`` before ``day`` to ``window`` after fall in."""
    start = _dt.date(_LEAP, day.month, day.day)
    out: list[int] = []
    for offset in range(-window, window + 1):
        month = (start + _dt.timedelta(days=offset)).month
        if month not in out:
            out.append(month)
    return out


def on_this_day(timeline: Timeline, day: Day, year: int, window: int = 0) -> OnThisDay:
    """The records of the dated sections (``model.DATED``) dated to ``day`` (give or take ``window`` days) in any year,
    counted from ``year``; and apart, those dated only to a month the window touches."""
    if not 0 <= window <= _DAYS // 2:
        raise UsageError(f"a window of {window} days is out of range (0-{_DAYS // 2} days)")
    asked = day.ordinal()
    months = months_touched(day, window)
    dated: list[Anniversary] = []
    month_only: list = []
    for section in DATED:
        for record in timeline.section(section):
            date = record.date
            if date.precision == DAY:
                diff = _dt.date(_LEAP, date.month, date.day).timetuple().tm_yday - asked
                # the nearest anniversary: this year's, or last year's or next year's across New Year
                off, shift = min(((diff, 0), (diff - _DAYS, 1), (diff + _DAYS, -1)), key=lambda p: abs(p[0]))
                if abs(off) <= window:
                    dated.append(Anniversary(record, year - shift - date.year, off))
            elif date.precision == MONTH and date.month in months:
                # across New Year (asked in January, dated December): last year's December
                shift = 1 if date.month - day.month > 6 else -1 if day.month - date.month > 6 else 0
                month_only.append(Anniversary(record, year - shift - date.year, None))
    dated.sort(key=lambda a: a.record.date.sort_key())
    month_only.sort(key=lambda a: a.record.date.sort_key())
    return OnThisDay(day, window, year, dated, month_only)


def latest_day(day: Day, year: int, window: int) -> _dt.date:
    """The last day an ``onthisday`` question asks about: this year's anniversary plus the window
    (a 29 February in a year without one: the 28th)."""
    try:
        anniversary = _dt.date(year, day.month, day.day)
    except ValueError:
        anniversary = _dt.date(year, day.month, day.day - 1)
    return anniversary + _dt.timedelta(days=window)
