"""Tables and detail views for people: laid out once as lines of styled text, then written out
plain or through Rich.

:func:`layout` turns what a view is made of (texts, grids of rows, tables, bars, a chart) into
a list of :class:`Line`: characters and the styles over them, no line wider than the width
given. Every width rule lives there, once: word wrap, long words folded where a reader
expects, double-width (CJK) characters, columns narrowed and wrapped, and a table that stacks
(one record a block) where its columns would not fit, so that nothing vanishes at 40 columns.
:func:`to_text` writes the lines out: their characters alone where the console writes no
styles, else through Rich, which adds the styles and never wraps a line again. The same
laid-out parts are Rich renderables too, for browse's detail pane.

Data text only ever becomes a line as plain characters (never parsed as markup) and only after
:func:`~.text.visible` has made control characters inert.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.cells import get_character_cell_size as char_cells
from rich.text import Span, Text

from .. import model, query
from ..search import Matcher
from . import views
from .bars import bar
from .text import one_line, visible

HIGHLIGHT = "bold yellow"
MIN_BODY = 20  # narrowest a wrapping text column may get before the layout stacks instead
MAX_SHOWN = 5000  # characters of one text shown in a table or detail view; JSON has it all


def _text(value: str, matcher: Matcher | None = None, style: str | None = None, *, newlines: bool = False) -> Text:
    """A data text as Rich text (see :func:`_line`), for the parts that add to it."""
    line = _line(value, matcher, newlines=newlines)
    return Text(line.plain, style=style or "", spans=line.spans)


def _line(value: str, matcher: Matcher | None = None, style: str | None = None, *, newlines: bool = False) -> Line:
    """A data text made safe to show (on one line unless ``newlines``), cut past ``MAX_SHOWN``
    characters, in ``style``, its matches highlighted: a table's cell."""
    if len(value) > MAX_SHOWN:
        value = value[:MAX_SHOWN] + f" … (cut: {len(value) - MAX_SHOWN:,} more characters; --format json has all)"
    shown = visible(value) if newlines else one_line(value)
    spans = [Span(0, len(shown), style)] if style and shown else []
    if matcher is not None:
        spans += _highlights(shown, matcher.spans(shown))
    return Line(shown, spans)


def _highlights(text: str, ranges: Iterable[tuple[int, int]], at: int = 0) -> list[Span]:
    """``HIGHLIGHT`` over each range of ``text`` that holds characters (as Rich's ``stylize``
    takes them), moved ``at`` characters on."""
    n = len(text)
    return [Span(a + at, min(n, b) + at, HIGHLIGHT) for a, b in ranges if a < n and b > a]


# ----------------------------------------------------------------------------- styled lines


class Line:
    """A line of styled text: its characters and the styles over ranges of them, in the order
    they apply (Rich's ``Span``: a later one wins where two set the same attribute). Also a
    cell or a text before it is laid out, when it may still hold newlines."""

    __slots__ = ("plain", "spans")

    def __init__(self, plain: str = "", spans: list[Span] | None = None) -> None:
        self.plain, self.spans = plain, spans or []

    @classmethod
    def of(cls, text: Text) -> Line:
        """``text``'s characters and styles (its own style first, over all of it)."""
        plain = text.plain
        spans = [Span(0, len(plain), text.style)] if text.style and plain else []
        return cls(plain, spans + text.spans if text.spans else spans)

    def cut(self, start: int, end: int) -> Line:
        """The characters from ``start`` to ``end``, with the styles over them."""
        if start == 0 and end >= len(self.plain):
            return self
        if not self.spans:
            return Line(self.plain[start:end])
        spans = [
            Span(max(a, start) - start, min(b, end) - start, style)
            for a, b, style in self.spans
            if min(b, end) > max(a, start)
        ]
        return Line(self.plain[start:end], spans)

    def split(self) -> list[Line]:
        """The lines ``self`` holds, cut at its newlines."""
        if "\n" not in self.plain:
            return [self]
        out, at = [], 0
        for part in self.plain.split("\n"):
            out.append(self.cut(at, at + len(part)))
            at += len(part) + 1
        return out

    def rstrip(self) -> Line:
        plain = self.plain
        return self.cut(0, len(plain.rstrip())) if plain and plain[-1].isspace() else self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and (self.plain, self.spans) == (other.plain, other.spans)

    def __repr__(self) -> str:
        return f"Line({self.plain!r}, {self.spans!r})"


def _joined(parts: Iterable[Line | str]) -> Line:
    """One line of ``parts`` side by side (a string is unstyled: blanks between columns)."""
    text: list[str] = []
    spans: list[Span] = []
    at = 0
    for part in parts:
        if type(part) is str:
            text.append(part)
            at += len(part)
            continue
        text.append(part.plain)
        if part.spans:
            spans += [Span(a + at, b + at, style) for a, b, style in part.spans] if at else part.spans
        at += len(part.plain)
    return Line("".join(text), spans)


def _after(prefix: str, spans: list[Span], line: Line) -> Line:
    """``line`` after ``prefix`` (styled by ``spans``): :func:`_joined` of two, for the hot paths."""
    if not line.spans:
        return Line(prefix + line.plain, list(spans))
    at = len(prefix)
    return Line(prefix + line.plain, [*spans, *(Span(a + at, b + at, style) for a, b, style in line.spans)])


def wrap(line: Line, width: int) -> list[Line]:
    """``line`` (newlines in it start new lines) word-wrapped to ``width`` cells, styles kept:
    a word goes whole to the next line when it fits there, a word too long for any line is
    folded (see ``_fold``), an indented line wraps under its indent (``_hanging``)."""
    plain = line.plain
    if "\n" not in plain and _cells(plain) <= width:
        return [line]
    out: list[Line] = []
    for part in line.split():
        for lead, a, b in _pieces(part.plain, width):
            piece = part.cut(a, b)
            out.append(_joined([" " * lead, piece]) if lead else piece)
    return out


def _lines_taken(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped to ``width`` (as :func:`wrap` wraps it)."""
    if "\n" not in text and _cells(text) <= width:
        return 1
    return sum(len(_pieces(part, width)) for part in text.split("\n"))


def _pieces(text: str, width: int) -> list[tuple[int, int, int]]:
    """The lines ``text`` (no newline in it) wraps into at ``width``: ``(indent, start, end)``
    each, the characters ``text[start:end]`` after ``indent`` blanks; blanks past the width go,
    as Rich's ``rstrip_end`` drops them."""
    lead = _hanging(text, width) if text.strip() else 0
    room = width - lead
    bounds = [lead, *(lead + at for at in _offsets(text[lead:], room)), len(text)]
    return [(lead, a, a + len(_strip_beyond(text[a:b], room))) for a, b in itertools.pairwise(bounds)]


def _hanging(text: str, width: int) -> int:
    """The indent a too-long line keeps on every line it wraps onto (0: none, or no room for one)."""
    lead = len(text) - len(text.lstrip(" "))
    return lead if 0 < lead <= width - MIN_BODY // 2 and _cells(text) > width else 0


def _strip_beyond(line: str, width: int) -> str:
    """Trailing blanks past ``width`` removed, as Rich's ``rstrip_end`` does."""
    excess = _cells(line) - width
    while excess > 0 and line and line[-1].isspace():
        line, excess = line[:-1], excess - 1
    return line


_WORDS = re.compile(r"\s*\S+\s*")


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes, as Rich counts them: its length when it is ASCII (most of
    it), the sum of its characters' cells when it is printable (no joiner or variation selector
    makes Rich count a run of characters as one), else Rich's count."""
    if text.isascii():
        return len(text)
    if text.isprintable() and "\ufe0f" not in text:
        return sum(map(_CHAR_CELLS.__getitem__, text))
    return cell_len(text)


#: a folded line may not start with these (closing marks, small kana, the long-vowel mark:
#: the Japanese rule of kinsoku) nor end with an opening mark
_NO_START = frozenset(
    "、。，．,.：；！？!?）)］]｝}〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ・…‥"
)
_NO_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“")
#: a word too long for a line (an id, a URL) is folded after one of these where it can be
_LAST_BREAK = re.compile(r".*[-/_.?&=#]", re.DOTALL)


def _fold(word: str, width: int) -> list[str]:
    """``word`` cut into lines of at most ``width`` cells: after a hyphen or slash where one
    falls in the second half of the line (ids and URLs break between their parts), else as
    much as fits, moved back a character or two so that no line starts with a closing mark
    or ends with an opening one. A wide character is never split."""
    if not word.isprintable() or "\ufe0f" in word:  # cells that may not add up character by character
        return _fold_measured(word, width)
    # each character's cells (a printable word's add up: Rich's cell_len is their sum), summed
    sums = range(len(word) + 1) if word.isascii() else _sums(word)
    last = len(word.rstrip())
    pieces: list[str] = []
    at = 0
    while at < last and sums[last] - sums[at] > width:
        fit = max(bisect.bisect_right(sums, sums[at] + width, lo=at + 1) - 1 - at, 1)
        cut = _cut(word, at, fit)
        pieces.append(word[at : at + cut])
        at += cut
    pieces.append(word[at:])
    return pieces


def _cut(word: str, at: int, fit: int) -> int:
    """How much of ``word`` from ``at`` goes on a line that ``fit`` characters fill (see :func:`_fold`)."""
    mark = _LAST_BREAK.match(word, at + fit // 2, at + fit)  # the last in the second half of the line
    cut = mark.end() - at if mark else fit
    for _ in range(2):
        if cut > 1 and (word[at + cut] in _NO_START or word[at + cut - 1] in _NO_END):
            cut -= 1
    return cut


def _fold_measured(word: str, width: int) -> list[str]:
    """:func:`_fold` measuring each line as Rich does (joiners and variation selectors)."""
    pieces: list[str] = []
    rest = word
    cells = len if word.isascii() else _cells
    while cells(rest.rstrip()) > width:
        fit, used = 0, 0
        for ch in rest:
            size = cells(ch)
            if used + size > width:
                break
            fit, used = fit + 1, used + size
        cut = _cut(rest, 0, max(fit, 1))
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` so that each line fits ``width`` cells: Rich's ``divide_line``
    (a word that fits on the next line goes there whole), with ``_fold`` for longer words."""
    if text.isprintable() and width > 0 and "\ufe0f" not in text:  # the one blank is the space
        return _spaced_offsets(text, width)
    return _word_offsets(text, width)


def _word_offsets(text: str, width: int) -> list[int]:
    """:func:`_offsets` word by word, for any text."""
    breaks: list[int] = []
    offset = 0
    cells = len if text.isascii() else _cells
    for match in _WORDS.finditer(text):
        start, word = match.start(), match.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            pieces = _fold(word, width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cells(word)
    return breaks


_WORD = re.compile(r"[^ ]")


def _next_word(text: str, at: int) -> int:
    """Where the first word at or after ``at`` starts (the end of ``text`` if none does)."""
    found = _WORD.search(text, at)
    return found.start() if found else len(text)


def _spaced_offsets(text: str, width: int) -> list[int]:
    """:func:`_offsets` of a printable text (a space its one blank, its characters' cells adding
    up to Rich's count), a line at a time instead of a word at a time: a line takes the words
    whose last character falls within ``width`` cells of its start, up to the first that does not."""
    sums = None if text.isascii() else _sums(text)
    breaks: list[int] = []
    end = len(text.rstrip(" "))
    first = len(text) - len(text.lstrip(" "))  # where the first word starts (its match: at 0)
    line = 0  # where the current line starts
    while (sums[end] - sums[line] if sums else end - line) > width:
        # the first character past the width, then the word that goes over: the one across
        # the limit, or the next one
        limit = bisect.bisect_right(sums, sums[line] + width, lo=line + 1) - 1 if sums else line + width
        start = text.rfind(" ", 0, limit) + 1 if text[limit] != " " else _next_word(text, limit)
        stop = text.find(" ", start)
        stop = end if stop == -1 else stop
        after = _next_word(text, stop)
        at = 0 if start == first else start  # as the words' pattern matches it, with its blanks
        if (sums[stop] - sums[at] if sums else stop - at) > width:  # longer than a line: folded (see _fold)
            pieces = _fold(text[at:after], width)
            for piece in pieces[:-1]:
                if at:
                    breaks.append(at)
                at += len(piece)
            if at:
                breaks.append(at)
        else:
            breaks.append(at)
        line = at
    return breaks


class _CharCells(dict):
    """Each character's cells, worked out the first time it is asked for (an ASCII one: 1)."""

    def __missing__(self, ch: str) -> int:
        self[ch] = size = 1 if ch.isascii() else char_cells(ch)
        return size


_CHAR_CELLS = _CharCells()


def _sums(text: str) -> list[int]:
    """The cells of ``text`` up to each character (a printable text's: they add up)."""
    return list(itertools.accumulate(map(_CHAR_CELLS.__getitem__, text), initial=0))


# ----------------------------------------------------------------------------- layout


def layout(part, width: int) -> list[Line]:
    """``part`` (a ``Text``, a ``Group`` of parts, or one of the laid-out parts below) as the
    lines it takes at ``width`` cells, trailing blanks gone: the one layout both writers use."""
    return [line.rstrip() for line in _lines(part, width)]


def _lines(part, width: int) -> list[Line]:
    if isinstance(part, _Laid):
        return part.lines(width)
    if isinstance(part, Text):
        return wrap(Line.of(part), width)
    from rich.console import Group  # a picture's parts (render/picture.py), never a view's

    if isinstance(part, Group):
        return [line for inner in part.renderables for line in _lines(inner, width)]
    raise TypeError(f"cannot lay out {type(part).__name__}")


class _Laid:
    """A part laid out by :meth:`lines` for the width there is; as a Rich renderable (browse's
    detail pane) it is the Rich writer of those lines."""

    def lines(self, width: int) -> list[Line]:
        raise NotImplementedError

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 20), options.max_width)

    def __rich_console__(self, console, options):
        yield from _segments(layout(self, options.max_width), console)


class Stack(_Laid):
    """Parts one under another (a view: a heading, a grid, a table...)."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def lines(self, width: int) -> list[Line]:
        return [line for part in self.parts for line in _lines(part, width)]


class _Rows(_Laid):
    """Rows of short columns whose last column wraps under itself: a grid, ten times cheaper
    than a Rich table, for the long lists of a detail view. A short cell may hold a newline."""

    def __init__(self, rows: list[tuple[list[Text], Text]], gap: int = 2, indent: int = 0) -> None:
        self.rows, self.gap, self.indent = rows, gap, indent

    def lines(self, width: int) -> list[Line]:
        return _grid([([Line.of(c).split() for c in cells], Line.of(body)) for cells, body in self.rows],
                     width, self.gap, self.indent)  # fmt: skip


def _grid(split: list[tuple[list[list[Line]], Line]], width: int, gap: int, indent: int) -> list[Line]:
    """:class:`_Rows` laid out: each row's short cells (a list of lines each) in columns as wide
    as their widest line, and its body wrapped in the room left."""
    count = max((len(cells) for cells, _ in split), default=0)
    widths = [
        max((_cells(line.plain) for cells, _ in split if i < len(cells) for line in cells[i]), default=0)
        for i in range(count)
    ]
    room = width - indent - sum(w + gap for w in widths)
    if room < MIN_BODY and count:  # too narrow for the grid: the short cells on a line of their own
        return _grid_stacked(split, width, indent)
    out: list[Line] = []
    lead = " " * indent
    for cells, body in split:
        wrapped = wrap(body, room)
        if len(cells) == count and all(len(column) == 1 for column in cells):  # one line of short cells
            parts: list[Line | str] = [lead]
            for (part,), w in zip(cells, widths, strict=True):
                parts += [part, " " * (w - _cells(part.plain) + gap)]
            head = _joined(parts)
            out.append(_after(head.plain, head.spans, wrapped[0]))
            if len(wrapped) > 1:
                under = " " * len(head.plain)
                out += [_after(under, [], line) for line in wrapped[1:]]
            continue
        blank = Line()
        for n in range(max([len(wrapped), *(len(c) for c in cells)])):
            parts = [lead]
            for i, w in enumerate(widths):
                part = cells[i][n] if i < len(cells) and n < len(cells[i]) else blank
                parts += [part, " " * (w - _cells(part.plain) + gap)]
            if n < len(wrapped):
                parts.append(wrapped[n])
            out.append(_joined(parts))
    return out


def _grid_stacked(split: list[tuple[list[list[Line]], Line]], width: int, indent: int) -> list[Line]:
    out: list[Line] = []
    under = " " * (indent + 2)
    for cells, body in split:
        head: list[Line | str] = [" " * indent]
        for n, short in enumerate(line for column in cells for line in column):
            head += [" ", short] if n else [short]
        out += wrap(_joined(head), width)  # under its indent (see _hanging)
        out += [_joined([under, line]) for line in wrap(body, max(1, width - indent - 2))]
    return out


class _Bars(_Laid):
    """Counts with a bar each, scaled to the width there is (at most ``longest`` cells), so a
    narrow terminal never wraps a bar onto a second line."""

    def __init__(self, rows: list[tuple[str, int]], longest: int = 30, indent: int = 2) -> None:
        self.rows, self.longest, self.indent = rows, longest, indent

    def lines(self, width: int) -> list[Line]:
        most = max((n for _, n in self.rows), default=0)
        wide = len(str(most))
        label = self.indent + max((len(key) for key, _ in self.rows), default=0) + 2 + wide + 2
        scale = max(1, min(self.longest, width - label))
        return _Rows([
            ([Text(key, style="dim"), Text(str(n).rjust(wide))], Text(bar(n, most, scale), style="green"))
            for key, n in self.rows
        ], indent=self.indent).lines(width)  # fmt: skip


class _Plot(_Laid):
    """A series' chart (``chart.lines``), laid out for the width there is when it is printed."""

    STYLES = {"bar": "green", "axis": "dim"}

    def __init__(self, series: model.Series) -> None:
        self.series = series

    def lines(self, width: int) -> list[Line]:
        from .chart import lines

        return [Line.of(Text(line, style=self.STYLES.get(kind, ""))) for line, kind in lines(self.series, width)]


class _Table(_Laid):
    """A listing's table: a bold header, a rule, and rows whose long cells wrap in their column.

    Laid out in one pass over the cells, each cell measured once (its width, its longest word)
    whatever the widths tried: Rich's Table measures and renders every cell several times,
    which costs a listing of a few hundred rows most of its run time.
    """

    GAP = 2

    def __init__(self, columns: list[views.Column], rows: list[list[Line]]) -> None:
        self.columns, self.rows = columns, rows
        self.headers = [one_line(c.header) for c in columns]  # a header may name the subject: data
        self._measured: tuple | None = None

    def _measures(self) -> tuple[list[list[_Cell]], list[int], list[int]]:
        """Each row's cells measured, each column's natural width (its widest line) and its
        longest word (a column may wrap down to it, no further), worked out once."""
        if self._measured is None:
            cells = [[_Cell(cell) for cell in row] for row in self.rows]
            natural = [_cells(h) for h in self.headers]
            longest = [1] * len(self.columns)
            for row in cells:
                for i, cell in enumerate(row):
                    if cell.width > natural[i]:
                        natural[i] = cell.width
            for i, column in enumerate(self.columns):
                if not column.no_wrap:
                    longest[i] = max((row[i].longest() for row in cells), default=1) or 1
            self._measured = cells, natural, longest
        return self._measured

    def lines(self, width: int) -> list[Line]:
        widths = self._widths(width)
        if not self.fits(widths, width):
            return self._stacked(width)
        cells, _, _ = self._measures()
        gap = self.GAP
        last = len(widths) - 1
        header = [_Cell(Line.of(Text(h, style="bold"))) for h in self.headers]
        out = []
        for row in [header, *cells]:
            if all(cell.fits(w) for cell, w in zip(row, widths, strict=True)):  # one line, cells measured
                parts: list[Line | str] = []
                for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
                    parts += [cell.line] if i == last else [cell.line, " " * (w - cell.width + gap)]
                out.append(_joined(parts))
            else:
                wrapped = [
                    [cell.line] if cell.fits(w) else wrap(cell.line, w) for cell, w in zip(row, widths, strict=True)
                ]
                for n in range(max(len(lines) for lines in wrapped)):
                    parts = []
                    for i, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
                        part = lines[n] if n < len(lines) else Line()
                        parts += [part] if i == last else [part, " " * (w - _cells(part.plain) + gap)]
                    out.append(_joined(parts))
            if row is header:
                out.append(Line("─" * (sum(widths) + gap * last)))
        return out

    def _widths(self, room: int) -> list[int]:
        """Each column's width: its longest cell, the widest wrapping columns narrowed until the
        row fits ``room``. A column with a ``max_width`` (the date) is held to it only where the
        room is short: it takes its longest value's width (a span on one line) when the text
        columns keep ``ROOMY`` cells and the table grows no longer for it."""
        _, natural, _ = self._measures()
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
        cells, _, _ = self._measures()
        return sum(max(cell.taken(w) for cell, w in zip(row, widths, strict=True)) for row in cells)

    def _shrunk(self, widths: list[int], room: int) -> list[int]:
        widths = list(widths)
        excess = sum(widths) + self.GAP * (len(widths) - 1) - room
        _, _, longest = self._measures()
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
        _, natural, _ = self._measures()
        return all(
            w >= min(c.min_width or MIN_BODY, n)
            for w, n, c in zip(widths, natural, self.columns, strict=True)
            if c.ratio
        )

    def _stacked(self, width: int) -> list[Line]:
        """One record a block, one field a line (as ``gh`` and ``kubectl`` do on narrow screens):
        each record a grid (see :func:`_grid`) of its fields that hold something, its labels as
        wide as the widest of them."""
        cells, _, _ = self._measures()
        labels = [Line.of(Text(h or "flags", style="dim")) for h in self.headers]
        sizes = [_cells(label.plain) for label in labels]
        out: list[Line] = []
        for n, row in enumerate(cells):
            if n:
                out.append(Line())
            shown = [i for i, cell in enumerate(row) if cell.line.plain]
            label = max((sizes[i] for i in shown), default=0)
            room = width - label - 2
            if room < MIN_BODY:
                out += _grid([([[labels[i]]], row[i].line) for i in shown], width, 2, 0)
                continue
            under = " " * (label + 2)
            for i in shown:
                cell = row[i]
                wrapped = [cell.line] if cell.fits(room) else wrap(cell.line, room)
                head = labels[i]
                out.append(_after(head.plain + " " * (label - sizes[i] + 2), head.spans, wrapped[0]))
                out += [_after(under, [], line) for line in wrapped[1:]]
        return out


class _Cell:
    """A table's cell as a line, measured: ``width`` is its widest line's cells."""

    __slots__ = ("line", "single", "width")

    def __init__(self, line: Line) -> None:
        plain = line.plain
        self.line, self.single = line, "\n" not in plain
        self.width = _cells(plain) if self.single else max(map(_cells, plain.split("\n")))

    def fits(self, width: int) -> bool:
        """Whether the cell takes one line at ``width`` (as :func:`wrap` leaves it whole)."""
        return self.single and self.width <= width

    def taken(self, width: int) -> int:
        """How many lines the cell takes at ``width``."""
        return 1 if self.single and self.width <= width else _lines_taken(self.line.plain, width)

    def longest(self) -> int:
        """The cells of its longest word."""
        plain = self.line.plain
        if plain.isascii():
            return max(map(len, plain.split()), default=0)
        return max(map(_cells, plain.split()), default=0)


# ----------------------------------------------------------------------------- writers


def plain(lines: list[Line]) -> str:
    """The plain writer: the lines' characters, one line each."""
    return "".join(line.plain + "\n" for line in lines)


def _segments(lines: list[Line], console):
    """The Rich writer: each line as Rich's segments, styled by ``console`` (never wrapped again)."""
    from rich.segment import Segment

    newline = Segment.line()
    for line in lines:
        yield from Text(line.plain, spans=line.spans).render(console)
        yield newline


def _styled(lines: list[Line], console) -> str | None:
    """What the Rich writer writes for ``lines`` on ``console`` (a console with colours), written
    here as Rich writes it (``Text.render``, then ``Style.render`` of each run of characters)
    without its machinery around every line: styles looked up and combined once per output,
    not per line. None, for Rich to write, where its console would do more than that: a line
    it would crop (wider than the console) or whose control characters it would strip, a
    console that drops colours."""
    from rich.console import COLOR_SYSTEMS
    from rich.control import strip_control_codes
    from rich.style import Style

    if console.no_color or console.color_system not in COLOR_SYSTEMS:
        return None
    system, legacy, width = COLOR_SYSTEMS[console.color_system], console.legacy_windows, console.width
    null = Style.null()
    base = console.get_style("", default=null)  # Text.render's own style: ours is ""
    looked_up: dict = {}
    combined: dict[tuple, Style] = {}
    bare = Style.combine((base,))  # the characters outside every span
    alone: dict = {}  # a span's style over the base, by the span's style
    out: list[str] = []
    for line in lines:
        text, spans = line.plain, line.spans
        if (not text.isprintable() and ("\n" in text or strip_control_codes(text) != text)) or _cells(text) > width:
            return None
        if not spans:
            out += [text, "\n"]
            continue
        if _apart(spans, len(text)):  # most lines: each character in one span at most
            at = 0
            for a, b, name in spans:
                if a > at:
                    out.append(
                        bare.render(text[at:a], color_system=system, legacy_windows=legacy) if bare else text[at:a]
                    )
                style = alone.get(name)
                if style is None:
                    style = alone[name] = Style.combine((base, console.get_style(name, default=null)))
                out.append(style.render(text[a:b], color_system=system, legacy_windows=legacy) if style else text[a:b])
                at = b
            if at < len(text):
                out.append(bare.render(text[at:], color_system=system, legacy_windows=legacy) if bare else text[at:])
            out.append("\n")
            continue
        styles = [base]
        for span in spans:
            style = looked_up.get(span.style)
            if style is None:
                style = looked_up[span.style] = console.get_style(span.style, default=null)
            styles.append(style)
        # as Text.render: the styles over each run of characters, combined in the spans' order
        edges = [(0, False, 0), *((a, False, i) for i, (a, _, _) in enumerate(spans, 1)),
                 *((b, True, i) for i, (_, b, _) in enumerate(spans, 1)), (len(text), True, 0)]  # fmt: skip
        edges.sort(key=lambda edge: (edge[0], edge[1]))
        stack: list[int] = []
        for (at, leaving, index), (after, _, _) in itertools.pairwise(edges):
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
            if after > at:
                on = tuple(styles[i] for i in sorted(stack))
                style = combined.get(on)
                if style is None:
                    style = combined[on] = Style.combine(on)
                run = text[at:after]
                out.append(style.render(run, color_system=system, legacy_windows=legacy) if style else run)
        out.append("\n")
    return "".join(out)


def _apart(spans: list[Span], length: int) -> bool:
    """Whether ``spans`` are in order, none over another, each over some of ``length`` characters."""
    end = 0
    for a, b, _ in spans:
        if a < end or b <= a or b > length:
            return False
        end = b
    return True


class _Written:
    """Lines already laid out, for ``console.print``."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console, options):
        yield from _segments(self.lines, console)


def to_text(part, console, *, fast: bool = True) -> str:
    """What ``console`` prints for ``part`` (see :func:`layout`), laid out at its width and
    :func:`written`."""
    with _no_collection():
        return written(layout(part, console.width), console, fast=fast)


@contextlib.contextmanager
def _no_collection():
    """Python's cycle collector paused: building and laying out a view makes many small objects
    (lines, spans, strings) and no cycles, and each collection they set off would walk every
    record of the timeline again (on 10,000 events, a third of the time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def written(lines: list[Line], console, *, fast: bool = True) -> str:
    """``lines`` as ``console`` prints them. A console that writes no styles (a pipe,
    ``NO_COLOR``, ``TERM=dumb``) gets the plain writer's text; any other the Rich writer's,
    which adds only the styles: written here as Rich writes it (see :func:`_styled`), or by
    Rich itself where it must be or with ``fast=False`` (tests compare the three)."""
    if fast and console.color_system is None:
        return plain(lines)
    if fast and (text := _styled(lines, console)) is not None:
        return text
    with console.capture() as capture:
        console.print(_Written(lines))
    return capture.get()


# ----------------------------------------------------------------------------- views


def _listing(view: views.Listing) -> _Table:
    rows = []
    shown = [i for i, col in enumerate(view.columns) if col.highlight]
    for record in view.records:
        row = [_line(col.value(record), view.matcher if col.highlight else None, col.style) for col in view.columns]
        if view.matcher is not None and shown:  # a result whose words are not in its row: say where they are
            lines = views.matched_lines(view.timeline, record, view.matcher, [row[i].plain for i in shown])
            if lines:
                row[shown[0]] = _with_lines(row[shown[0]], view.columns[shown[0]].style, lines)
        rows.append(row)
    return _marked(view.columns, rows)


def _with_lines(cell: Line, style: str | None, lines: list[tuple[str, list[tuple[int, int]]]]) -> Line:
    """``cell`` (in ``style``) and under it, dim, each of ``lines`` with its matches highlighted."""
    plain = cell.plain
    spans = cell.spans[1:] if style and plain else list(cell.spans)  # all but the cell's own style
    for line, ranges in lines:
        at = len(plain) + 1
        plain += "\n" + line
        if line:
            spans += [Span(at, at + len(line), "dim"), *_highlights(line, ranges, at)]
    return Line(plain, [Span(0, len(plain), style), *spans] if style else spans)


def _marked(columns: list[views.Column], rows: list[list[Line]]) -> _Table:
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
        parts += [_listing(group), Text("")]
    return Stack(*parts)


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
    return Stack(*parts)


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
    return Stack(*parts)


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
    return Stack(*parts)


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
        parts.append(_marked(columns, [[_line(c.value(a), None, c.style) for c in columns] for a in rows]))
    return Stack(*parts)


def table(view):
    """Any view laid out for people: tables for listings, a grid for details (see :func:`layout`)."""
    with _no_collection():
        return views.dispatch(globals(), view)
