"""Tables and detail views for people, as Rich renderables.

Data text only ever reaches Rich as ``Text`` (never parsed as markup) and only after
:func:`~.text.visible` has made control characters inert. The table keeps its shape when
piped; the CLI's console decides whether colour and styles are emitted.
"""

from __future__ import annotations

import itertools
import re

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from .. import model, query
from ..search import Matcher
from . import views
from .bars import bar
from .text import one_line, visible

HIGHLIGHT = "bold yellow"
MIN_BODY = 20  # narrowest a wrapping text column may get before the layout stacks instead
MAX_SHOWN = 5000  # characters of one text shown in a table or detail view; JSON has it all


def _text(value: str, matcher: Matcher | None = None, style: str | None = None, *, newlines: bool = False) -> Text:
    if len(value) > MAX_SHOWN:
        value = value[:MAX_SHOWN] + f" … (cut: {len(value) - MAX_SHOWN:,} more characters; --format json has all)"
    shown = visible(value) if newlines else one_line(value)
    text = Text(shown, style=style or "")
    if matcher is not None:
        for start, end in matcher.spans(shown):
            text.stylize(HIGHLIGHT, start, end)
    return text


class _Rows:
    """Rows of short columns whose last column wraps under itself: a grid, ten times cheaper
    than a Rich table, for the long lists of a detail view. A short cell may hold a newline."""

    def __init__(self, rows: list[tuple[list[Text], Text]], gap: int = 2, indent: int = 0) -> None:
        self.rows, self.gap, self.indent = rows, gap, indent

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 20), options.max_width)

    def __rich_console__(self, console, options):
        from rich.cells import cell_len
        from rich.segment import Segment

        newline = Segment.line()
        split = [([c.split("\n") for c in cells], body) for cells, body in self.rows]
        count = max((len(cells) for cells, _ in split), default=0)
        widths = [
            max((cell_len(line.plain) for cells, _ in split if i < len(cells) for line in cells[i]), default=0)
            for i in range(count)
        ]
        prefix = self.indent + sum(w + self.gap for w in widths)
        room = options.max_width - prefix
        if room < MIN_BODY and count:  # too narrow for the grid: the short cells on a line of their own
            yield from self._stacked(console, options, split)
            return
        for cells, body in split:
            wrapped = _wrap_text(body, room)
            height = max([len(wrapped), *(len(c) for c in cells)])
            for n in range(height):
                line = Text(" " * self.indent)
                for i, width in enumerate(widths):
                    part = cells[i][n] if i < len(cells) and n < len(cells[i]) else Text("")
                    line.append_text(part)
                    line.append(" " * (width - cell_len(part.plain) + self.gap))
                if n < len(wrapped):
                    line.append_text(wrapped[n])
                line.rstrip()
                yield from line.render(console)  # segments, already wrapped: no second pass
                yield newline

    def _stacked(self, console, options, split):
        from rich.segment import Segment

        newline = Segment.line()
        room = max(1, options.max_width - self.indent - 2)
        for cells, body in split:
            head = Text(" " * self.indent)
            head.append_text(Text(" ").join(line for column in cells for line in column))
            for line in _wrap_text(head, options.max_width):  # under its indent (see _hanging)
                yield from line.render(console)
                yield newline
            for line in _wrap_text(body, room):
                yield from (Text(" " * (self.indent + 2)) + line).render(console)
                yield newline

    def plain_lines(self, width: int) -> list[str]:
        """The grid as plain lines, laid out exactly as :meth:`__rich_console__` lays it out."""
        split = [([c.plain.split("\n") for c in cells], body.plain) for cells, body in self.rows]
        count = max((len(cells) for cells, _ in split), default=0)
        widths = [
            max((_cells(line) for cells, _ in split if i < len(cells) for line in cells[i]), default=0)
            for i in range(count)
        ]
        room = width - self.indent - sum(w + self.gap for w in widths)
        out: list[str] = []
        if room < MIN_BODY and count:
            for cells, body in split:
                out += _wrap_lines(" " * self.indent + " ".join(line for column in cells for line in column), width)
                out += [" " * (self.indent + 2) + line for line in _wrap_lines(body, max(1, width - self.indent - 2))]
            return out
        for cells, body in split:
            wrapped = _wrap_lines(body, room)
            for n in range(max([len(wrapped), *(len(c) for c in cells)])):
                line = " " * self.indent
                for i, w in enumerate(widths):
                    part = cells[i][n] if i < len(cells) and n < len(cells[i]) else ""
                    line += part + " " * (w - _cells(part) + self.gap)
                out.append((line + (wrapped[n] if n < len(wrapped) else "")).rstrip())
        return out


class _Bars:
    """Counts with a bar each, scaled to the width there is (at most ``longest`` cells), so a
    narrow terminal never wraps a bar onto a second line."""

    def __init__(self, rows: list[tuple[str, int]], longest: int = 30, indent: int = 2) -> None:
        self.rows, self.longest, self.indent = rows, longest, indent

    def _grid(self, width: int) -> _Rows:
        most = max((n for _, n in self.rows), default=0)
        wide = len(str(most))
        label = self.indent + max((len(key) for key, _ in self.rows), default=0) + 2 + wide + 2
        scale = max(1, min(self.longest, width - label))
        return _Rows([
            ([Text(key, style="dim"), Text(str(n).rjust(wide))], Text(bar(n, most, scale), style="green"))
            for key, n in self.rows
        ], indent=self.indent)  # fmt: skip

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 20), options.max_width)

    def __rich_console__(self, console, options):
        yield from self._grid(options.max_width).__rich_console__(console, options)

    def plain_lines(self, width: int) -> list[str]:
        return self._grid(width).plain_lines(width)


class _Table:
    """A listing's table: a bold header, a rule, and rows whose long cells wrap in their column.

    Laid out in one pass over the cells: Rich's Table measures and renders every cell several
    times, which costs a listing of a few hundred rows most of its run time.
    """

    GAP = 2

    def __init__(self, columns: list[views.Column], rows: list[list[Text]]) -> None:
        self.columns, self.rows = columns, rows
        self.headers = [one_line(c.header) for c in columns]  # a header may name the subject: data

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 20), options.max_width)

    def _widths(self, room: int) -> list[int]:
        """Each column's width: its longest cell, the widest wrapping columns narrowed until the
        row fits ``room``. A column with a ``max_width`` (the date) is held to it only where the
        room is short: it takes its longest value's width (a span on one line) when the text
        columns keep ``ROOMY`` cells and the table grows no longer for it."""
        natural = self._natural()
        capped = self._shrunk([min(n, c.max_width) if c.max_width else n for n, c in zip(natural, self.columns,
                                                                                        strict=True)], room)  # fmt: skip
        if any(c.max_width and n > c.max_width for n, c in zip(natural, self.columns, strict=True)):
            roomy = self._shrunk(natural, room)
            keeps = all(
                w >= min(n, self.ROOMY) for w, n, c in zip(roomy, natural, self.columns, strict=True) if c.ratio
            )
            if keeps and self._height(roomy) <= self._height(capped):
                return roomy
        return capped

    ROOMY = 30  # the text columns keep this many cells before a date column grows past its max_width

    def _height(self, widths: list[int]) -> int:
        """How many lines the rows take at ``widths``."""
        return sum(
            max(len(_wrap_lines(cell.plain, w)) if cell.plain else 1 for cell, w in zip(row, widths, strict=True))
            for row in self.rows
        )

    def _shrunk(self, widths: list[int], room: int) -> list[int]:
        widths = list(widths)
        excess = sum(widths) + self.GAP * (len(widths) - 1) - room
        longest = self._longest_words()
        floors = [
            w if c.no_wrap else min(w, 10, longest[i])
            for i, (w, c) in enumerate(zip(widths, self.columns, strict=True))
        ]
        while excess > 0:  # narrow the widest column that may wrap, one cell at a time
            shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            step = min(excess, widths[widest] - floors[widest], max(1, excess // len(shrinkable)))
            widths[widest] -= step
            excess -= step
        return widths

    def fits(self, widths: list[int], room: int) -> bool:
        """Whether the columns fit side by side, the long text columns still readable."""
        if sum(widths) + self.GAP * (len(widths) - 1) > room:
            return False
        return all(
            w >= min(c.min_width or MIN_BODY, natural)
            for w, natural, c in zip(widths, self._natural(), self.columns, strict=True)
            if c.ratio
        )

    def _natural(self) -> list[int]:
        natural = [_cells(h) for h in self.headers]
        for row in self.rows:
            for i, cell in enumerate(row):
                plain = cell.plain
                natural[i] = max(natural[i], max(map(_cells, plain.split("\n"))) if "\n" in plain else _cells(plain))
        return natural

    def _longest_words(self) -> list[int]:
        """Per column, the longest word of any cell: a column may wrap down to it, no further."""
        longest = [1] * len(self.columns)
        for i, column in enumerate(self.columns):
            if column.no_wrap:
                continue
            for row in self.rows:
                for word in row[i].plain.split():
                    longest[i] = max(longest[i], _cells(word))
        return longest

    def _stacked(self):
        """One record a block, one field a line (as ``gh`` and ``kubectl`` do on narrow screens)."""
        labels = [Text(h or "flags", style="dim") for h in self.headers]
        for n, row in enumerate(self.rows):
            if n:
                yield Text("")
            yield _Rows([([label], cell) for label, cell in zip(labels, row, strict=True) if cell.plain])

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        widths = self._widths(options.max_width)
        if not self.fits(widths, options.max_width):
            yield from self._stacked()
            return
        newline = Segment.line()
        header = [Text(h, style="bold") for h in self.headers]
        total = sum(widths) + self.GAP * (len(widths) - 1)
        for cells in ([header], [[Text("─" * total)]], self.rows):
            for row in cells:
                if len(row) == 1 and row[0].plain.startswith("─"):
                    yield from row[0].render(console)
                    yield newline
                    continue
                wrapped = []
                for cell, width in zip(row, widths, strict=True):
                    fits = _cells(cell.plain) <= width and "\n" not in cell.plain
                    wrapped.append([cell] if fits else _wrap_text(cell, width))
                for n in range(max(len(w) for w in wrapped)):
                    line = Text()
                    for i, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
                        part = lines[n] if n < len(lines) else Text("")
                        line.append_text(part)
                        if i < len(widths) - 1:
                            line.append(" " * (width - _cells(part.plain) + self.GAP))
                    line.rstrip()
                    yield from line.render(console)
                    yield newline

    def plain(self, room: int) -> str | None:
        """The table as plain text, laid out exactly as :meth:`__rich_console__` lays it out but
        without Rich's segments (several times faster for long listings); None when it stacks."""
        widths = self._widths(room)
        if not self.fits(widths, room):
            return None
        last = len(widths) - 1
        out = []
        header = self.headers
        for cells in [header, None, *([c.plain for c in row] for row in self.rows)]:
            if cells is None:
                out.append("─" * (sum(widths) + self.GAP * last))
                continue
            wrapped = [
                [cell] if _cells(cell) <= w and "\n" not in cell else _wrap_lines(cell, w)
                for cell, w in zip(cells, widths, strict=True)
            ]
            for k in range(max(len(lines) for lines in wrapped)):
                line = []
                for i, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
                    part = lines[k] if k < len(lines) else ""
                    line.append(part if i == last else part + " " * (width - _cells(part) + self.GAP))
                out.append("".join(line).rstrip())
        return "\n".join(out) + "\n"


_WORDS = re.compile(r"\s*\S+\s*")


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: its length when it is ASCII (most of it), else Rich's count."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _wrap_plain(text: str, width: int) -> list[str]:
    """``text`` word-wrapped to ``width`` cells, words longer than that folded (see ``_offsets``):
    the lines ``_wrap_text`` gives, as plain strings."""
    if not text.strip():
        return [_strip_beyond(text, width)]
    lead = _hanging(text, width)
    if lead:  # an indented line wraps under its own indent
        return [" " * lead + line for line in _wrap_plain(text[lead:], width - lead)]
    bounds = [0, *_offsets(text, width), len(text)]
    return [_strip_beyond(text[a:b], width) for a, b in itertools.pairwise(bounds)]


def _hanging(text: str, width: int) -> int:
    """The indent a too-long line keeps on every line it wraps onto (0: none, or no room for one)."""
    lead = len(text) - len(text.lstrip(" "))
    return lead if 0 < lead <= width - MIN_BODY // 2 and _cells(text) > width else 0


def _wrap_text(text: Text, width: int) -> list[Text]:
    """``text`` (styles kept) wrapped as Rich's ``Text.wrap(overflow="fold")`` wraps it, but a
    word too long for a line is folded where a reader expects (see ``_fold``)."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        lead = _hanging(line.plain, width) if line.plain.strip() else 0
        if lead:
            lines += [Text(" " * lead) + part for part in _wrap_text(line[lead:], width - lead)]
            continue
        for part in line.divide(_offsets(line.plain, width)):
            excess = len(part.plain) - len(_strip_beyond(part.plain, width))
            if excess:
                part.right_crop(excess)
            lines.append(part)
    return lines


#: a folded line may not start with these (closing marks, small kana, the long-vowel mark:
#: the Japanese rule of kinsoku) nor end with an opening mark
_NO_START = frozenset(
    "、。，．,.：；！？!?）)］]｝}〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ・…‥"
)
_NO_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“")
#: a word too long for a line (an id, a URL) is folded after one of these where it can be
_BREAK_AFTER = frozenset("-/_.?&=#")


def _fold(word: str, width: int) -> list[str]:
    """``word`` cut into lines of at most ``width`` cells: after a hyphen or slash where one
    falls in the second half of the line (ids and URLs break between their parts), else as
    much as fits, moved back a character or two so that no line starts with a closing mark
    or ends with an opening one. A wide character is never split."""
    pieces: list[str] = []
    rest = word
    while _cells(rest.rstrip()) > width:
        fit, used = 0, 0
        for ch in rest:
            size = _cells(ch)
            if used + size > width:
                break
            fit, used = fit + 1, used + size
        fit = max(fit, 1)
        cut = next((k for k in range(fit, fit // 2, -1) if rest[k - 1] in _BREAK_AFTER), fit)
        for _ in range(2):
            if cut > 1 and (rest[cut] in _NO_START or rest[cut - 1] in _NO_END):
                cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` so that each line fits ``width`` cells: Rich's ``divide_line``
    (a word that fits on the next line goes there whole), with ``_fold`` for longer words."""
    breaks: list[int] = []
    offset = 0
    for match in _WORDS.finditer(text):
        start, word = match.start(), match.group()
        length = _cells(word.rstrip())
        if width - offset >= length:
            offset += _cells(word)
        elif length > width:
            pieces = _fold(word, width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = _cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = _cells(word)
    return breaks


def _wrap_lines(text: str, width: int) -> list[str]:
    """Each line of ``text`` wrapped to ``width``, as Rich wraps a text that holds newlines."""
    return [line for part in text.split("\n") for line in _wrap_plain(part, width)]


def _plain_lines(renderable, width: int) -> list[str] | None:
    """What a colourless console prints for the renderables views are made of, as plain lines;
    None for anything else (Rich then lays it out)."""
    if isinstance(renderable, Text):
        return _wrap_lines(renderable.plain, width)
    if isinstance(renderable, (_Rows, _Bars, _Plot)):
        return renderable.plain_lines(width)
    if isinstance(renderable, _Table):
        text = renderable.plain(width)
        return None if text is None else text.splitlines()
    if isinstance(renderable, Group):
        out: list[str] = []
        for part in renderable.renderables:
            lines = _plain_lines(part, width)
            if lines is None:
                return None
            out += lines
        return out
    return None


def _strip_beyond(line: str, width: int) -> str:
    """Trailing blanks past ``width`` removed, as Rich's ``rstrip_end`` does."""
    excess = _cells(line) - width
    while excess > 0 and line and line[-1].isspace():
        line, excess = line[:-1], excess - 1
    return line


def _listing(view: views.Listing) -> _Table:
    rows = []
    shown = [i for i, col in enumerate(view.columns) if col.highlight]
    for record in view.records:
        row = [_text(col.value(record), view.matcher if col.highlight else None, col.style) for col in view.columns]
        if view.matcher is not None and shown:  # a result whose words are not in its row: say where they are
            lines = views.matched_lines(view.timeline, record, view.matcher, [row[i].plain for i in shown])
            for line, spans in lines:
                extra = Text(line, style="dim")
                for a, b in spans:
                    extra.stylize(HIGHLIGHT, a, b)
                row[shown[0]] = row[shown[0]] + Text("\n") + extra
        rows.append(row)
    return _marked(view.columns, rows)


def _marked(columns: list[views.Column], rows: list[list[Text]]) -> _Table:
    """A table; its marks column is left out when no row has a mark (an empty column says nothing)."""
    at = [i for i, c in enumerate(columns) if c.header == views.MARKS]
    if at and not any(row[at[0]].plain for row in rows):
        keep = [i for i in range(len(columns)) if i != at[0]]
        return _Table([columns[i] for i in keep], [[row[i] for i in keep] for row in rows])
    return _Table(columns, rows)


def _grouped(view: views.Grouped):
    parts = []
    for group in view.groups:
        parts.append(Text(f"{model.SECTIONS[group.section].title} ({len(group.records)})", style="bold"))
        parts.append(Padding(_listing(group), (0, 0, 1, 0), expand=False))
    return Group(*parts)


def _detail(view: views.Detail):
    record = view.record
    head = Text.assemble((view.kind, "dim"), " ", (record.id, "cyan"))
    marks = views.flags(record)
    if marks:
        head.append("  " + marks, style="yellow")
    title = _text(model.title_of(record) if not isinstance(record, model.Quote) else f"“{record.text}”",
                  view.matcher, "bold", newlines=True)  # fmt: skip
    grid = _Rows(
        [([Text(label, style="dim")], _text(value, view.matcher, newlines=True)) for label, value in view.fields]
    )
    parts = [head, title, Text(""), grid]
    for heading, lines in view.blocks:
        style = "bold yellow" if heading == "Disputed" else "bold"
        parts.append(Text(""))
        parts.append(Text(heading, style=style))
        parts.append(_Rows([([Text("•")], _text(line, newlines=True)) for line in lines], gap=1, indent=2))
    for section, records in view.related.items():
        parts.append(Text(""))
        parts.append(Text(f"{model.SECTIONS[section].title} ({len(records)})", style="bold"))
        rows = []
        for item in records:
            *short, title = views.related_cells(item, view.timeline)
            cells = [*(Text(visible(c)) for c in short), Text(one_line(title))]
            cells[-2].stylize("cyan")
            rows.append((cells[:-1], cells[-1]))
        parts.append(_Rows(rows, indent=2))
    return Group(*parts)


def _sources(view: views.SourceList) -> _Table:
    listing = views.Listing("sources", view.sources, views.source_columns(view.counts), view.timeline)
    return _listing(listing)


def _summary(view: views.SummaryView):
    s = view.summary
    t = s.timeline
    subject = t.subject
    parts = [
        Text.assemble(
            (one_line(subject.name), "bold"),
            (" " + one_line(subject.native)) if subject.native else "",
            "  ·  " + one_line(subject.name_western) if subject.name_western != subject.name else "",
        ),
    ]
    if subject.summary:
        parts.append(_text(subject.summary))
    span = f"{s.first.iso()} to {s.last.iso()}" if s.first and s.last else "no dated records"
    counts = query.describe_counts(s.counts)
    parts += [Text(""), Text.assemble(("span  ", "dim"), span), Text.assemble(("count ", "dim"), counts)]
    if subject.covered_to:
        parts.append(_text(f"curated to {subject.covered_to.iso()}: {views.COVERED_TO}"))

    parts += [Text(""), Text("Events per year", style="bold")]
    parts.append(_Bars([(str(year), n) for year, n in s.per_year]))

    if s.races:
        parts += [Text(""), Text(one_line(views.contest_heading(s.races)), style="bold")]
        rows = []
        for r in s.races:
            outcome = views.race_result(r)
            votes = views.race_votes(t, r)
            if views.contests_differ(s.races):
                votes = f"{r.contest or 'contest not given'}: {votes}"
            marks = views.flags(r)
            flag = Text(f"  {marks}", style="yellow") if marks else Text("")
            rows.append(([Text(views.when(r)), Text(f"#{r.attempt}"), Text(outcome)], _text(votes) + flag))
        parts.append(_Rows(rows, indent=2))
    if s.proposals:
        parts += [Text(""), Text("Proposals", style="bold")]
        parts.append(_Rows([
            ([Text(p.id, style="cyan"), Text(p.status or "", style="dim")],
             _text(p.title) + Text(f"  {views.flags(p)}" if views.flags(p) else "", style="yellow"))
            for p in s.proposals
        ], indent=2))  # fmt: skip
    if s.series:
        parts += [Text(""), Text("Series", style="bold")]
        for series in s.series:
            parts.append(_Rows([([Text(series.id, style="cyan")],
                                 _text(f"{series.title} ({series.publisher})"))], indent=2))  # fmt: skip
            parts.append(_Rows([
                ([Text(label, style="dim")], _text(f"{views.value_with_unit(series, p.value)} on {views.chart_date(p)}"))
                for label, p in query.extremes(series)
            ], indent=4))  # fmt: skip
    if s.disputed:
        parts += [Text(""), Text("Where sources disagree", style="bold yellow")]
        parts.append(_Rows([
            ([Text(r.id, style="cyan"), Text(d.status, style="yellow")], _text(d.claim))
            for r in s.disputed
            for d in r.disputes
        ], indent=2))  # fmt: skip
    if key := views.marks_key([*s.races, *s.proposals]):
        parts += [Text(""), Text(key, style="dim")]
    return Group(*parts)


class _Plot:
    """A series' chart (``chart.lines``), laid out for the width there is when it is printed."""

    STYLES = {"bar": "green", "axis": "dim"}

    def __init__(self, series: model.Series) -> None:
        self.series = series

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 20), options.max_width)

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        from .chart import lines

        for line, kind in lines(self.series, options.max_width):
            yield from Text(line, style=self.STYLES.get(kind, "")).render(console)
            yield Segment.line()

    def plain_lines(self, width: int) -> list[str]:
        from .chart import lines

        return [line for line, _ in lines(self.series, width)]


def _chart(view: views.Chart):
    series, t = view.series, view.timeline
    from .chart import sources_line

    parts = [
        Text.assemble((one_line(series.title), "bold"), "  ", (series.id, "cyan")),
        _text(f"{series.publisher} · values in {series.unit} · {len(series.points)} point"
              f"{'s' if len(series.points) != 1 else ''}, {views.series_span(series)}", style="dim"),
        Text(""),
        _Plot(series),
        Text(""),
    ]  # fmt: skip
    notes = [(p, p.note) for p in series.points if p.note]
    if notes:
        parts.append(_Rows([([Text(views.chart_date(p), style="dim")], _text(n)) for p, n in notes], indent=0))
    if series.note:
        parts.append(_text(f"Note: {series.note}"))
    parts.append(_text(sources_line(series, lambda sid: views.source_heading(t, sid)), style="dim"))
    return Group(*parts)


def _onthisday(view: views.OnThisDayView):
    columns = views.anniversary_columns(view.timeline)
    parts = []
    for on, heading, rows in view.parts():
        if on == "month" and not rows:
            continue  # no record dated only to the month: nothing to set apart
        if parts:
            parts.append(Text(""))
        parts.append(Text(heading, style="bold"))
        if not rows:
            parts.append(Text("  no record is dated to this day", style="dim"))
            continue
        parts.append(_marked(columns, [[_text(c.value(a), None, c.style) for c in columns] for a in rows]))
    return Group(*parts)


def _indent(renderable):
    return Padding(renderable, (0, 0, 0, 2), expand=False)


# Rich pads table cells to the column's width; the blanks at the end of a line go, the style
# codes among them stay.
_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def to_text(renderable, console, *, fast: bool = True) -> str:
    """What ``console`` would print for ``renderable``, without trailing blanks on its lines.

    A view bound for a console that writes no styles (a pipe, ``NO_COLOR``, ``TERM=dumb``) is
    laid out as plain text directly, with the same result (tests compare the two)."""
    if fast and console.color_system is None:
        lines = _plain_lines(renderable, console.width)
        if lines is not None:
            return "".join(line.rstrip() + "\n" for line in lines)
    with console.capture() as capture:
        console.print(_ours(renderable))
    return _TRAILING.sub(lambda m: m.group().replace(" ", ""), capture.get())


class _Wrapped:
    """A ``Text`` that wraps as the rest of our output does (``_wrap_text``), not as Rich does."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console, options):
        return self.text.__rich_measure__(console, options)

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        for line in _wrap_text(self.text, options.max_width):
            yield from line.render(console)
            yield Segment.line()


def _ours(renderable):
    """``renderable`` with its texts (also inside groups) wrapped by ``_wrap_text``."""
    if isinstance(renderable, Text):
        return _Wrapped(renderable)
    if isinstance(renderable, Group):
        return Group(*(_ours(part) for part in renderable.renderables))
    return renderable


def table(view):
    """Any view as a Rich renderable: tables for listings, a grid for details."""
    return views.dispatch(globals(), view)
