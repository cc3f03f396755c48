"""The timeline as a picture: a year ruler, offices as bars, races and events as markers.

:func:`layout` decides what goes where, once; :func:`to_terminal` draws it with characters
(the same shape with or without colour) and :func:`to_svg` as an SVG document.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from .. import model, query
from ..dates import DateRange, span_of
from . import views
from .bars import spark
from .text import one_line

LABEL_MAX = 36
MIN_TRACK = 20


@dataclass
class Axis:
    start: dt.date
    end: dt.date
    cells: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def cell(self, day: dt.date) -> int:
        offset = (min(max(day, self.start), self.end) - self.start).days
        return min(self.cells - 1, offset * self.cells // self.days)

    def ticks(self) -> list[tuple[int, str, dt.date]]:
        """Evenly spaced labelled ticks that fit: years, or months on short ranges."""
        years = self.end.year - self.start.year + 1
        options: list[tuple[str, int]] = []
        if years <= 3:
            options += [("month", m) for m in (1, 2, 3, 6)]
        options += [("year", y) for y in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)]
        for unit, step in options:
            marks = list(self._marks(unit, step))
            width = max((len(label) for _, label, _ in marks), default=4) + 1
            cells = [c for c, _, _ in marks]
            if all(b - a >= width for a, b in itertools.pairwise(cells)):
                return marks
        return [(0, str(self.start.year), self.start)]

    def _marks(self, unit: str, step: int):
        if unit == "year":
            first = self.start.year + (-self.start.year) % step
            if first == self.start.year and self.start != dt.date(first, 1, 1):
                first += step
            for year in range(first, self.end.year + 1, step):
                day = dt.date(year, 1, 1)
                yield self.cell(day), str(year), day
        else:
            year, month = self.start.year, self.start.month
            if self.start.day != 1:
                month += 1
            while True:
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
                day = dt.date(year, month, 1)
                if day > self.end:
                    break
                if (month - 1) % step == 0:
                    yield self.cell(day), f"{year}-{month:02d}", day
                month += 1


@dataclass
class Span:
    record: model.Event
    first: dt.date
    last: dt.date


@dataclass
class Lane:
    kind: str
    records: list[model.Event] = field(default_factory=list)


@dataclass
class Layout:
    title: str
    axis: Axis
    label_width: int
    spans: list[Span]
    races: list[model.Race]
    lanes: list[Lane]
    subject: str | None
    series: list[model.Series] = field(default_factory=list)  # drawn under the years (timeline --series)


SERIES_ROWS = 4  # rows of a series' columns in the terminal picture


def series_cells(axis: Axis, series: model.Series) -> tuple[dict[int, list[model.Point]], int]:
    """A series' points by the cell of the axis they fall in (their date's first day), and how
    many fall outside the axis's range (said under the picture, never dropped unsaid)."""
    cells: dict[int, list[model.Point]] = {}
    outside = 0
    for p in series.points:
        day = p.date.first_day()
        if day < axis.start or day > axis.end:
            outside += 1
            continue
        cells.setdefault(axis.cell(day), []).append(p)
    return cells, outside


def series_columns(axis: Axis, series: model.Series, rows: int = SERIES_ROWS) -> list[str]:
    """The series as columns under the ruler, ``rows`` lines high, one column a cell: its
    height the mean of the points in the cell, on a scale from zero to the highest value."""
    cells, _ = series_cells(axis, series)
    values = [p.value for p in series.points]
    low, high = min(0, *values), max(0, *values)
    high = high if high > low else low + 1
    grid = [[" "] * axis.cells for _ in range(rows)]
    for cell, found in cells.items():
        mean = sum(p.value for p in found) / len(found)
        full, part = divmod(max(1, round((mean - low) / (high - low) * rows * 8)), 8)
        for r in range(min(full, rows)):
            grid[rows - 1 - r][cell] = "█"
        if part and full < rows:
            grid[rows - 1 - full][cell] = " ▁▂▃▄▅▆▇"[part]
    return ["".join(row) for row in grid]


def series_caption(series: model.Series, axis: Axis, columns: bool = True) -> str:
    """What the columns cannot say: the highest, lowest and last values with their dates, the
    points outside the range, where to read every value."""
    cells, outside = series_cells(axis, series)
    shown = [p for found in cells.values() for p in found]
    if not shown:
        return f"none of its {len(series.points)} points falls in the range shown (ishiba series {series.id})"
    marks = [(label, p) for label, p in query.extremes(series._replace(points=tuple(shown))) if label != "first"]
    text = "; ".join(f"{label} {views.value_with_unit(series, p.value)} on {views.chart_date(p)}" for label, p in marks)
    if columns and any(len(found) > 1 for found in cells.values()):
        text += "; a column is the mean of the points in its cell"
    if outside:
        text += f"; {outside} point{'s' if outside != 1 else ''} outside the range shown"
    return text + f" (every value: ishiba series {series.id})"


def layout(
    timeline: model.Timeline,
    events: list[model.Event],
    window: DateRange,
    width: int,
    series: tuple = (),
    races: list[model.Race] | None = None,
) -> Layout:
    """Place the selected events (and the races in their range, or just ``races`` when given) on
    an axis ``width`` cells wide, with ``series`` under them (their points widen the range where
    no window is given)."""
    spans, points = [], []
    for e in events:  # offices and terms are bars; anything else, however long, is a marker
        (spans if e.end is not None and e.kind == "office" else points).append(e)
    races = [r for r in query.by_date(timeline.races if races is None else races) if query.covers(r, window)]
    days = [d for e in events for d in span_of(e.date, e.end)] + [r.date.first_day() for r in races]
    days += [p.date.first_day() for x in series for p in x.points]
    if not days:  # nothing selected: draw the whole timeline's span, empty (never today's date)
        days = [d for p in timeline.dated() for d in (p.first_day(), p.last_day())] or [dt.date(2000, 1, 1)]
    start = window.start or min(days)
    end = window.end or max(days)
    start, end = dt.date(start.year, 1, 1) if window.start is None else start, end
    if window.end is None:
        end = dt.date(end.year, 12, 31)
    labels = [e.id for e in spans] + [e.kind for e in points] + ["races", "events/cell"]
    labels += [views.value_with_unit(x, max(0, *(p.value for p in x.points))) for x in series]
    label_width = min(LABEL_MAX, max(len(x) for x in labels), max(8, width // 3)) + 2
    if label_width + MIN_TRACK > width:  # narrow: labels go on lines of their own, the plot keeps its track
        label_width = max(0, width - MIN_TRACK)
    cells = max(MIN_TRACK, width - label_width)
    lanes: dict[str, Lane] = {}
    for e in points:
        lanes.setdefault(e.kind, Lane(e.kind)).records.append(e)
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    span_text = f"{start.year} to {end.year}" if whole_years else f"{start.isoformat()} to {end.isoformat()}"
    counted = query.describe_counts({"events": len(events), "races": len(races)})
    title = f"{timeline.subject.name}: {span_text}, {counted}"
    return Layout(
        title=title,
        axis=Axis(start, end, cells),
        label_width=label_width,
        spans=[Span(e, *span_of(e.date, e.end)) for e in spans],
        races=races,
        lanes=sorted(lanes.values(), key=lambda lane: (-len(lane.records), lane.kind)),
        subject=timeline.subject.person,
        series=list(series),
    )


def _labelled(label: str, width: int, style: str) -> list:
    """The start of a row: its label padded to ``width``; a label too long for that gets a line
    of its own above the row, whole (never cut), and the row starts blank."""
    from rich.text import Text

    if len(label) <= width - 2:
        return [Text(label.ljust(width), style=style)]
    return [Text(label, style=style), Text(" " * width)]


# ----------------------------------------------------------------------------- terminal


def to_terminal(lay: Layout):
    """Rich renderable: one ``Text`` per line; colour only adds style, never characters."""
    from rich.console import Group
    from rich.text import Text

    axis, lw = lay.axis, lay.label_width
    lines = [Text(one_line(lay.title), style="bold")]

    ruler = [" "] * axis.cells
    marks = [" "] * axis.cells
    for cell, label, _ in axis.ticks():
        marks[cell] = "┼"
        if cell + len(label) <= axis.cells:  # a year is written whole or not at all
            ruler[cell : cell + len(label)] = label
    lines.append(Text(" " * lw + "".join(ruler)))
    lines.append(Text(" " * lw + "".join("─" if m == " " else m for m in marks), style="dim"))

    if lay.spans:
        lines.append(Text("Offices and terms", style="bold"))
        for span in lay.spans:
            a, b = axis.cell(max(span.first, axis.start)), axis.cell(min(span.last, axis.end))
            marks = views.flags(span.record)
            *above, row = _labelled(span.record.id + (f" {marks}" if marks else ""), lw, "cyan")
            row.append(" " * a)
            row.append("━" * (b - a + 1), style="yellow" if span.record.disputes else "blue")
            lines += [*above, row]

    if lay.races:
        lines.append(Text("races", style="bold"))
        rows: list[list[str]] = []  # races in one cell go on a second row, never over each other
        styles: list[tuple[int, int, str]] = []
        for race in lay.races:
            cell = axis.cell(race.date.first_day())
            free = next((n for n, row in enumerate(rows) if row[cell] == " "), None)
            if free is None:
                rows.append([" "] * axis.cells)
                free = len(rows) - 1
            rows[free][cell] = str(race.attempt % 10)
            styles.append((free, cell, "bold green" if race.result == "won" else "bold red"))
        for n, row in enumerate(rows):
            text = Text(" " * lw + "".join(row))
            for at, cell, style in styles:
                if at == n:
                    text.stylize(style, lw + cell, lw + cell + 1)
            lines.append(text)
        for race in lay.races:
            note = f"{race.attempt}  {views.when(race)}  {views.race_result(race)}"
            marks = views.flags(race)
            lines.append(Text(" " * 2 + note + (f"  {marks}" if marks else "")))

    if lay.lanes:
        lines.append(Text("Events by kind", style="bold"))
        counts = [0] * axis.cells
        for lane in lay.lanes:
            cells = cells_of(lay, lane)
            for cell, found in cells.items():
                counts[cell] += len(found)
            row = [" "] * axis.cells
            for cell, found in cells.items():
                row[cell] = (
                    "⚑" if any(e.disputes for e in found)
                    else "?" if any(e.confidence != model.VERIFIED for e in found)
                    else "●" if len(found) == 1 else "◉"
                )  # fmt: skip
            *above, text = _labelled(lane.kind, lw, "cyan")
            text.append("".join(row))
            for cell, found in cells.items():
                if any(e.disputes for e in found):
                    text.stylize("yellow", lw + cell, lw + cell + 1)
            lines += [*above, text]
        *above, text = _labelled("events/cell", lw, "dim")
        lines += [*above, text + Text(spark(counts), style="green")]

    for series in lay.series:
        lines.append(Text(f"{one_line(series.title)} ({one_line(series.publisher)})", style="bold"))
        values = [p.value for p in series.points]
        top, bottom = views.value_with_unit(series, max(0, *values)), views.value_with_unit(series, min(0, *values))
        for n, row in enumerate(series_columns(axis, series)):
            tick = top if n == 0 else bottom if n == SERIES_ROWS - 1 else ""
            *above, text = _labelled(tick.rjust(lw - 2) if len(tick) <= lw - 2 else tick, lw, "dim")
            text.append(row, style="green")
            lines += [*above, text]
        lines.append(Text("  " + one_line(series_caption(series, axis)), style="dim"))

    lines.append(Text(""))
    for row in legend(lay):
        lines.append(Text("   ".join(f"{symbol} {meaning}" for _, symbol, meaning in row), style="dim"))
    return Group(*lines)


def legend(lay: Layout) -> list[list[tuple[str, str, str]]]:
    """The key to the picture, for the terminal and the SVG alike: rows of ``(what, symbol,
    meaning)``; ``what`` names the mark each renderer draws for ``symbol``."""
    last = max((r.attempt for r in lay.races), default=5)
    races = f"1-{last}" if last > 1 else "1"
    rows = [
        [("office", "━", "office or term")] * bool(lay.spans)
        + [("race", races, "race, by attempt (green won, red lost)")] * bool(lay.races),
        [("event", "●", "event"), ("several", "◉", "several in one cell")] * bool(lay.lanes)
        + [("disputed", "⚑", "disputed"), ("doubtful", "?", "partly supported")]
        * bool(lay.spans or lay.races or lay.lanes),
        [("density", "▁▂▃█", "events per cell")] * bool(lay.lanes),
    ]  # only what the picture draws
    return [row for row in rows if row]


def cells_of(lay: Layout, lane: Lane) -> dict[int, list[model.Event]]:
    """A lane's events by the cell of the axis they fall in (one mark a cell)."""
    cells: dict[int, list[model.Event]] = {}
    for e in lane.records:
        cells.setdefault(lay.axis.cell(e.date.first_day()), []).append(e)
    return cells


# ----------------------------------------------------------------------------- SVG


COLOURS = {"office": "#3b6ea8", "won": "#2a8a2a", "lost": "#b33", "event": "#444", "disputed": "#d9a400"}


def _flag(xp: float, yp: float, cls: str, extra: str = "") -> str:
    """The ⚑ mark as a shape (a pole and a pennant), so it shows whatever fonts the viewer has."""
    return (
        f'<path d="M{xp - 3:.1f} {yp + 6:.1f}V{yp - 7:.1f}h8l-2.5 3.5 2.5 3.5h-8" class="{cls}"{extra}'
        ' stroke-linejoin="round"/>'
    )


def to_svg(lay: Layout) -> str:
    """The same picture as a standalone SVG document (data text escaped): the same marks, one
    per cell of the same axis, the same legend; disputed records in amber with the ⚑ mark."""
    from xml.sax.saxutils import escape, quoteattr

    axis = lay.axis
    cell_px, row_px, top = 12, 22, 70
    # labels are 11px sans-serif, under 7px a character: the plot starts after the longest one
    labels = [span.record.id + " ⚑" for span in lay.spans] + [lane.kind for lane in lay.lanes] + ["events/cell"]
    label_px = max(190, 16 + 7 * max(len(label) for label in labels))
    plot = axis.cells * cell_px
    width = label_px + plot + 20

    def x(day: dt.date) -> float:
        day = min(max(day, axis.start), axis.end)
        return label_px + (day - axis.start).days / axis.days * plot

    def centre(cell: int) -> float:
        return label_px + (cell + 0.5) * cell_px

    out: list[str] = []
    y = top

    def text(xp: float, yp: float, value: str, cls: str = "") -> None:
        attr = f' class="{cls}"' if cls else ""
        out.append(f'<text x="{xp:.1f}" y="{yp:.1f}"{attr}>{escape(one_line(value))}</text>')

    def tip(value: str) -> str:
        return f"<title>{escape(one_line(value))}</title>"

    for _cell, label, day in axis.ticks():
        text(x(day) + 2, top - 16, label, "ruler")
    if lay.spans:
        text(8, y + 4, "Offices and terms", "head")
        y += row_px
        for span in lay.spans:
            disputed = bool(span.record.disputes)
            x1, x2 = x(span.first), x(span.last)
            text(8, y + 4, span.record.id + (" ⚑" if disputed else ""), "label")
            ends = f"{span.record.date.iso()} to {span.record.end.iso() if span.record.end else ''}"
            out.append(
                f'<rect x="{x1:.1f}" y="{y - 7}" width="{max(2.0, x2 - x1):.1f}" height="10" '
                f'class="{"span disputed" if disputed else "span"}">'
                f"{tip(f'{span.record.title} ({ends})' + (', disputed' if disputed else ''))}</rect>"
            )
            if disputed:
                out.append(_flag(max(2.0, x2 - x1) + x1 + 6, y - 2, "flag"))
            y += row_px
    if lay.races:
        text(8, y + 4, "races", "head")
        for race in lay.races:
            cx = x(race.date.first_day())
            cls = ("race won" if race.result == "won" else "race lost") + (" disputed" if race.disputes else "")
            title = f"{race.title} ({race.date.iso()}): {race.result}" + (", disputed" if race.disputes else "")
            out.append(f'<circle cx="{cx:.1f}" cy="{y}" r="8" class="{cls}">{tip(title)}</circle>')
            out.append(f'<text x="{cx:.1f}" y="{y + 4}" class="racenum">{race.attempt}</text>')
            if race.disputes:
                out.append(_flag(cx + 9, y - 9, "flag"))
        y += row_px
    if lay.lanes:
        text(8, y + 4, "Events by kind", "head")
        y += row_px
        counts = [0] * axis.cells
        for lane in lay.lanes:
            text(8, y + 4, lane.kind, "label")
            for cell, found in sorted(cells_of(lay, lane).items()):
                counts[cell] += len(found)
                ids = quoteattr(" ".join(e.id for e in found))
                title = tip(
                    "\n".join(
                        f"{e.date.iso()} {e.title}" + (f" ({views.flags(e)})" if views.flags(e) else "") for e in found
                    )
                )
                cx = centre(cell)
                if any(e.disputes for e in found):
                    out.append(_flag(cx, y, "event disputed", f" data-id={ids}").replace("/>", f">{title}</path>"))
                elif len(found) == 1:
                    out.append(f'<circle cx="{cx:.1f}" cy="{y}" r="4" class="event" data-id={ids}>{title}</circle>')
                else:
                    out.append(
                        f'<circle cx="{cx:.1f}" cy="{y}" r="4.5" class="event several" data-id={ids}>{title}</circle>'
                    )
                if not any(e.disputes for e in found) and any(e.confidence != model.VERIFIED for e in found):
                    out.append(f'<text x="{cx + 5:.1f}" y="{y - 3}" class="doubt">?</text>')
            y += row_px
        text(8, y + 4, "events/cell", "label dim")
        most = max(counts) or 1
        for cell, n in enumerate(counts):
            if n:
                h = max(2.0, 14 * n / most)
                out.append(
                    f'<rect x="{centre(cell) - cell_px / 2 + 1:.1f}" y="{y + 5 - h:.1f}" width="{cell_px - 2}" '
                    f'height="{h:.1f}" class="density">{tip(f"{n} events")}</rect>'
                )
        y += row_px
    for series in lay.series:
        y = _svg_series(series, lay, x, y, text, tip, out)
    ruler_end = y - 6
    y += 8
    for row in legend(lay):
        xp = 8.0
        for what, symbol, meaning in row:
            out.append(_legend_mark(what, symbol, xp, y))
            xp += 10 + (len(symbol) * 7 if what == "race" else 12)
            text(xp, y + 4, meaning, "key")
            xp += len(meaning) * 6 + 22
        y += row_px
    height = y + 10
    c = COLOURS
    style = (
        "text{font-family:sans-serif;font-size:11px;fill:#222}.head{font-weight:bold}.ruler,.key{fill:#555}"
        f".tick{{stroke:#ddd}}.span{{fill:{c['office']}}}.race.won{{fill:{c['won']}}}.race.lost{{fill:{c['lost']}}}"
        ".racenum{fill:#fff;font-size:10px;text-anchor:middle}.doubt{font-weight:bold;fill:#555}"
        f".event{{fill:{c['event']}}}.event.several{{fill:#fff;stroke:{c['event']};stroke-width:3}}"
        f".density{{fill:#2a8a2a}}.dim{{fill:#777}}"
        # disputed last, and as specific as any rule it overrides: amber wins over every kind's colour
        f".span.disputed,.event.disputed,.flag{{fill:{c['disputed']};stroke:#7a5c00;stroke-width:1}}"
        f".race.disputed{{stroke:{c['disputed']};stroke-width:3}}"
        ".series{fill:none;stroke:#2a8a2a;stroke-width:1.5}.point{fill:#2a8a2a}.base{stroke:#999}"
    )
    # the ruler's lines run down to the last row, so they are drawn (first, under the marks) now
    # that its height is known
    ticks = [
        f'<line x1="{x(day):.1f}" y1="{top - 12}" x2="{x(day):.1f}" y2="{ruler_end}" class="tick"/>'
        for _cell, _label, day in axis.ticks()
    ]
    body = "\n".join(ticks + out)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">\n'
        f"<title>{escape(one_line(lay.title))}</title>\n<style>{style}</style>\n"
        f'<text x="8" y="20" class="head">{escape(one_line(lay.title))}</text>\n{body}\n</svg>\n'
    )


def _svg_series(series: model.Series, lay: Layout, x, y: int, text, tip, out: list[str]) -> int:
    """A series under the ruler: its points at their dates, joined by a line, each with its value
    and date as a tooltip; the scale's ends labelled, a caption as in the terminal. Returns the
    next row's y."""
    height = 60
    text(8, y + 4, f"{series.title} ({series.publisher})", "head")
    y += 16
    values = [p.value for p in series.points]
    low, high = min(0, *values), max(0, *values)
    high = high if high > low else low + 1
    cells, _ = series_cells(lay.axis, series)
    shown = [p for found in cells.values() for p in found]
    base = y + height

    def ypos(value: float) -> float:
        return base - (value - low) / (high - low) * height

    text(8, y + 8, views.value_with_unit(series, high), "label dim")
    text(8, base, views.value_with_unit(series, low), "label dim")
    out.append(f'<line x1="{x(lay.axis.start):.1f}" y1="{base}" x2="{x(lay.axis.end):.1f}" y2="{base}" class="base"/>')
    if shown:
        path = " ".join(f"{x(p.date.first_day()):.1f},{ypos(p.value):.1f}" for p in shown)
        out.append(f'<polyline points="{path}" class="series"/>')
    for p in shown:
        label = f"{views.chart_date(p)}: {views.value_with_unit(series, p.value)} ({', '.join(p.sources)})"
        out.append(f'<circle cx="{x(p.date.first_day()):.1f}" cy="{ypos(p.value):.1f}" r="2.5" class="point">'
                   f"{tip(label)}</circle>")  # fmt: skip
    text(8, base + 16, series_caption(series, lay.axis, columns=False), "key")
    return base + 16 + 22


def _legend_mark(what: str, symbol: str, xp: float, yp: float) -> str:
    """The mark the SVG draws for a legend entry, in the legend's row."""
    if what == "office":
        return f'<rect x="{xp:.1f}" y="{yp - 3}" width="10" height="6" class="span" data-key="office"/>'
    if what == "race":
        return f'<text x="{xp:.1f}" y="{yp + 4}" class="key" data-key="race" font-weight="bold">{symbol}</text>'
    if what == "event":
        return f'<circle cx="{xp + 4:.1f}" cy="{yp}" r="4" class="event" data-key="event"/>'
    if what == "several":
        return f'<circle cx="{xp + 4:.1f}" cy="{yp}" r="4.5" class="event several" data-key="several"/>'
    if what == "disputed":
        return _flag(xp + 4, yp, "flag", ' data-key="disputed"')
    if what == "doubtful":
        return f'<text x="{xp:.1f}" y="{yp + 4}" class="doubt" data-key="doubtful">?</text>'

    return f'<rect x="{xp:.1f}" y="{yp - 5}" width="10" height="10" class="density" data-key="density"/>'
