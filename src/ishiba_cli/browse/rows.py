"""One line per record for the browser's list: which of a listing's columns fit, and how wide.

The columns are the commands' own (``views.columns_for``). A list line never wraps: a cell too
long for its column ends in ``…`` (the detail on the right shows it whole), and a column that
does not fit at all is left out, never the text column or the flags (⚑, ?).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ..render import views
from ..render.terminal import HIGHLIGHT
from ..render.text import one_line

GAP = 1
MIN_TEXT = 16  # the text column is never narrower than this while another column could go
MAX_SHORT = 24  # a short column (date, id, speaker) is never wider than this
SAMPLE = 400  # records looked at to size the short columns
CONTEXT = 8  # characters kept before a match that would otherwise be cut off
#: the short columns kept first where not all fit: a race's winner and result, a quote's speaker
#: (a quote is never shown without it), then the date; the id and the rest where room is left
PRIORITY = ("winner", "result", "speaker", "date")


def sample(records: list) -> list:
    """Up to :data:`SAMPLE` records spread over the whole list, for sizing its columns."""
    if len(records) <= SAMPLE:
        return records
    step = len(records) / SAMPLE
    return [records[int(i * step)] for i in range(SAMPLE)]


def _main(columns: list[views.Column]) -> int | None:
    """The column that takes the room left: the highlighted text column (title, quote...), or
    the widest-ratio one; None when every column is short (races)."""
    for i, c in enumerate(columns):
        if c.highlight:
            return i
    ratios = [i for i, c in enumerate(columns) if c.ratio]
    return max(ratios, key=lambda i: columns[i].ratio) if ratios else None


def layout(columns: list[views.Column], records: list, width: int) -> list[tuple[int, int]]:
    """``(column index, width)`` of the columns shown in ``width`` cells, in listing order."""
    main = _main(columns)
    natural, whole = [], []
    for i, column in enumerate(columns):
        cells = [cell_len(one_line(column.value(r))) for r in sample(records)]
        wide = max([cell_len(one_line(column.header)), *cells], default=1)
        limit = min(column.max_width or MAX_SHORT, MAX_SHORT)
        natural.append(max(1, wide if i == main or column.header == "" else min(wide, limit)))
        whole.append(max(1, wide))
    keep = {i for i, c in enumerate(columns) if c.header == ""}
    if main is not None:
        keep.add(main)
    reserve = MIN_TEXT if main is not None else 0
    used = sum(natural[i] + GAP for i in keep if i != main)
    first = [i for name in PRIORITY for i, c in enumerate(columns) if c.header == name]
    for i in [*first, *range(len(columns))]:  # what tells records apart first, then in the listing's order
        if i in keep:
            continue
        if used + natural[i] + GAP + reserve <= width:
            keep.add(i)
            used += natural[i] + GAP
    room = max(1, width - used)
    widths = {i: room if i == main else natural[i] for i in keep}
    spare = room - whole[main] if main is not None else room
    for i in sorted(keep):  # room the text column does not need widens the short columns cut short
        if spare <= 0:
            break
        if i != main and whole[i] > widths[i]:
            grow = min(spare, whole[i] - widths[i])
            widths[i] += grow
            spare -= grow
            if main is not None:
                widths[main] -= grow
    return [(i, widths[i]) for i in range(len(columns)) if i in keep]


def fit(text: Text, width: int) -> Text:
    """``text`` in exactly ``width`` cells: padded, or cut with a visible ``…``."""
    out = text.copy()
    out.truncate(width, overflow="ellipsis", pad=True)
    return out


def header(columns: list[views.Column], shown: list[tuple[int, int]]) -> Text:
    line = Text(style="bold")
    for n, (i, width) in enumerate(shown):
        if n:
            line.append(" " * GAP)
        line.append_text(fit(Text(one_line(columns[i].header)), width))
    return line


def line(record, columns: list[views.Column], shown: list[tuple[int, int]], matcher=None) -> Text:
    """A record's list line: its shown cells, data text as plain text (never markup), the words
    the search matched highlighted."""
    out = Text()
    for n, (i, width) in enumerate(shown):
        column = columns[i]
        value = one_line(column.value(record))
        spans = matcher.spans(value) if matcher is not None and column.highlight else []
        if spans and cell_len(value[: spans[0][1]]) > width - 1:
            # the first match would be cut off: start the cell shortly before it, after a "…"
            cut = max(0, spans[0][0] - CONTEXT)
            value = "…" + value[cut:]
            spans = [(start - cut + 1, end - cut + 1) for start, end in spans if start >= cut]
        cell = Text(value, style=column.style or "")
        for start, end in spans:
            cell.stylize(HIGHLIGHT, start, end)
        if n:
            out.append(" " * GAP)
        out.append_text(fit(cell, width))
    return out
