"""A series drawn in text: a column chart with its axes labelled, or a bar list where the
columns would not hold every value.

Pure functions of a series and a width: plain lines, each tagged with what it is (``axis``,
``bar``, ``label``) so that the terminal can style it. Every point's value is printed: the
column chart labels each column, and where the columns would be too narrow for their labels
the chart becomes a bar list, one point a line. Bars start at zero (or at the lowest value
when values are negative), so their lengths compare honestly.
"""

from __future__ import annotations

from ..model import Point, Series

#: eighths of a cell, for the tops of columns and the ends of bars
_UP = " ▁▂▃▄▅▆▇█"
_RIGHT = " ▏▎▍▌▋▊▉█"
HEIGHT = 10  # rows of the column chart's plot area
MAX_COLUMN = 9  # widest a column grows on a wide terminal


def value_text(value: float | int) -> str:
    """A value as people read it: four digits or more grouped (``1,234``), no float noise."""
    text = f"{value:,}" if abs(value) >= 1000 else f"{value}"
    return text


def span_text(point: Point) -> str:
    """A point's date, with its span's end written as briefly as it reads (``2010-07-10–12``)."""
    start = point.date.iso()
    if point.end is None:
        return start
    end = point.end.iso()
    for cut in (8, 5):  # the same month: the day; the same year: month and day
        if len(start) >= cut + 2 and len(end) >= cut + 2 and start[:cut] == end[:cut]:
            return f"{start}–{end[cut:]}"
    return f"{start}–{end}"


def _scale(series: Series) -> tuple[float, float]:
    """The value range the bars measure: from zero (or the lowest negative) to the highest."""
    values = [p.value for p in series.points]
    low, high = min(0, *values), max(0, *values)
    return low, (high if high > low else low + 1)


def lines(series: Series, width: int, height: int = HEIGHT) -> list[tuple[str, str]]:
    """The chart of ``series`` in at most ``width`` cells: columns when every column can carry
    its value's label, else one point a line."""
    if len(series.points) > 1:
        drawn = columns(series, width, height)
        if drawn is not None:
            return drawn
    return bar_list(series, width)


def bar_list(series: Series, width: int) -> list[tuple[str, str]]:
    """One point a line: its date (its span), its value, a bar as long as the room allows."""
    dates = [span_text(p) for p in series.points]
    values = [value_text(p.value) for p in series.points]
    dw, vw = max(len(d) for d in dates), max(len(v) for v in values)
    room = max(1, width - dw - vw - 4)
    low, high = _scale(series)
    out = []
    for point, date, value in zip(series.points, dates, values, strict=True):
        eighths = round((point.value - low) / (high - low) * room * 8)
        bar = "█" * (eighths // 8) + (_RIGHT[eighths % 8] if eighths % 8 else "")
        out.append((f"{date.ljust(dw)}  {value.rjust(vw)}  {bar}".rstrip(), "bar"))
    return out


def columns(series: Series, width: int, height: int = HEIGHT) -> list[tuple[str, str]] | None:
    """A column chart: a y axis labelled with the scale's ends, one column a point with its
    value on top, dates along the x axis where they fit; None when the columns would not fit."""
    points = series.points
    labels = [value_text(p.value) for p in points]
    low, high = _scale(series)
    ticks = [value_text(high), value_text(low)]
    axis = max(len(t) for t in ticks) + 3  # "61 ┤ ": the ticks, the axis, a blank before the first column
    need = max(len(x) for x in labels) + 1  # a label and a blank between columns
    room = width - axis
    if need * len(points) > room:
        return None
    step = min(MAX_COLUMN, room // len(points))
    bar_width = max(1, min(step - 1, max(len(x) for x in labels)))
    rows = [[" "] * (step * len(points)) for _ in range(height + 1)]  # the top row: labels only
    for j, (point, label) in enumerate(zip(points, labels, strict=True)):
        eighths = round((point.value - low) / (high - low) * height * 8)
        left = j * step + (step - 1 - bar_width) // 2
        full, part = divmod(eighths, 8)
        for r in range(full):
            rows[height - r][left : left + bar_width] = ["█"] * bar_width
        if part:
            rows[height - full][left : left + bar_width] = [_UP[part]] * bar_width
        top = height - full - (1 if part else 0)  # the row above the column's top
        at = j * step + (step - 1 - len(label)) // 2
        rows[max(0, top)][at : at + len(label)] = list(label)
    out = []
    unit = series.unit if len(series.unit) <= axis - 3 else ""  # longer units are named in the heading
    for r, row in enumerate(rows):
        tick = ticks[0] if r == 1 else unit if r == 0 else ""
        mark = "┤" if r == 1 else " " if r == 0 else "│"
        out.append((f"{tick.rjust(axis - 3)} {mark} " + "".join(row).rstrip(), "bar"))
    out.append((f"{ticks[1].rjust(axis - 3)} ┼─" + "─" * (step * len(points)), "axis"))
    out.append((" " * axis + _date_axis([p.date.iso() for p in points], step), "axis"))
    return out


def _date_axis(dates: list[str], step: int) -> str:
    """The points' dates under their columns, as many as fit without touching: the first and the
    last always, those between where there is room (a month's date once, as ``2010-07``)."""
    line = [" "] * (step * len(dates) + max(len(d) for d in dates))
    taken_to = -1
    order = [0, len(dates) - 1, *range(1, len(dates) - 1)] if len(dates) > 1 else [0]
    placed: list[tuple[int, int]] = []
    for j in order:
        text = dates[j]
        at = j * step
        if j == len(dates) - 1 and j:  # the last date ends under its column where it can
            at = max(0, j * step + step - 1 - len(text)) if len(text) > step else at
        span = (at - 1, at + len(text) + 1)
        if any(a < span[1] and span[0] < b for a, b in placed):
            continue
        placed.append((at, at + len(text)))
        line[at : at + len(text)] = list(text)
        taken_to = max(taken_to, at + len(text))
    return "".join(line).rstrip()


def sources_line(series: Series, heading) -> str:
    """Where the numbers come from: the publisher, the sources the points cite (with how many
    points each), the sources on the series' method. ``heading`` names a source id."""
    counts: dict[str, int] = {}
    for p in series.points:
        for sid in p.sources:
            counts[sid] = counts.get(sid, 0) + 1
    cited = "; ".join(f"{sid} ({heading(sid)}): {n} point{'s' if n != 1 else ''}" for sid, n in counts.items())
    text = f"Source: {series.publisher}. Points from {cited}."
    if series.sources:
        text += " Method: " + "; ".join(f"{sid} ({heading(sid)})" for sid in series.sources) + "."
    return text
