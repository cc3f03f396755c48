"""Tables and detail views for people, as Rich renderables.

Data text only ever reaches Rich as ``Text`` (never parsed as markup) and only after
:func:`~.text.visible` has made control characters inert. The table keeps its shape when
piped; the CLI's console decides whether colour and styles are emitted.
"""

from __future__ import annotations

import re

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .. import model, query
from ..search import Matcher
from . import views
from .bars import bar
from .text import one_line, visible

HIGHLIGHT = "bold yellow"
MAX_SHOWN = 5000  # characters of one text shown in a table or detail view; JSON has it all
SECTION_TITLES = {"events": "Events", "races": "Races", "quotes": "Quotes", "proposals": "Proposals",
                  "people": "People", "sources": "Sources"}  # fmt: skip


def _text(value: str, matcher: Matcher | None = None, style: str | None = None, *, newlines: bool = False) -> Text:
    if len(value) > MAX_SHOWN:
        value = value[:MAX_SHOWN] + f" … (cut: {len(value) - MAX_SHOWN:,} more characters; --format json has all)"
    shown = visible(value) if newlines else one_line(value)
    text = Text(shown, style=style or "")
    if matcher is not None:
        for start, end in matcher.spans(shown):
            text.stylize(HIGHLIGHT, start, end)
    return text


def _listing(view: views.Listing) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True, header_style="bold")
    for col in view.columns:
        table.add_column(col.header, no_wrap=col.no_wrap, style=col.style or "", overflow="fold",
                         min_width=12 if col.ratio else None, max_width=col.max_width)  # fmt: skip
    for record in view.records:
        table.add_row(*(_text(col.value(record), view.matcher if col.highlight else None) for col in view.columns))
    return table


def _grouped(view: views.Grouped):
    parts = []
    for group in view.groups:
        parts.append(Text(f"{SECTION_TITLES[group.section]} ({len(group.records)})", style="bold"))
        parts.append(Padding(_listing(group), (0, 0, 1, 0), expand=False))
    return Group(*parts)


def _detail(view: views.Detail):
    record = view.record
    head = Text.assemble((view.kind, "dim"), " ", (record.id, "cyan"))
    marks = views.flags(record)
    if marks:
        head.append("  " + marks, style="yellow")
    title = _text(query.title_of(record) if not isinstance(record, model.Quote) else f"“{record.text}”",
                  view.matcher, "bold", newlines=True)  # fmt: skip
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in view.fields:
        grid.add_row(label, _text(value, view.matcher, newlines=True))
    parts = [head, title, Text(""), grid]
    for heading, lines in view.blocks:
        style = "bold yellow" if heading == "Disputed" else "bold"
        parts.append(Text(""))
        parts.append(Text(heading, style=style))
        for line in lines:
            parts.append(_indent(_text(line, newlines=True), hang=True))
    for section, records in view.related.items():
        parts.append(Text(""))
        parts.append(Text(f"{SECTION_TITLES[section]} ({len(records)})", style="bold"))
        rows = [views.related_cells(item) for item in records]
        grid = _grid(max(len(r) for r in rows))
        if len(grid.columns) == 3:
            grid.columns[0].max_width = 12  # a span's dates wrap instead of squeezing the title
        for row in rows:
            cells = [Text(one_line(c)) for c in row]
            cells[-2].stylize("cyan")
            grid.add_row(*cells, *[Text("")] * (len(grid.columns) - len(cells)))
        parts.append(_indent(grid))
    return Group(*parts)


def _sources(view: views.SourceList) -> Table:
    listing = views.Listing("sources", view.sources, views.source_columns(view.counts), view.timeline)
    return _listing(listing)


def _summary(view: views.SummaryView):
    s = view.summary
    t = s.timeline
    subject = t.subject
    parts = [
        Text.assemble(
            (one_line(subject.name), "bold"), " ", one_line(subject.name_ja), "  ·  ", one_line(subject.name_western)
        ),
    ]
    if subject.summary:
        parts.append(_text(subject.summary))
    span = f"{s.first.iso()} to {s.last.iso()}" if s.first and s.last else "no dated records"
    counts = query.describe_counts(s.counts)
    parts += [Text(""), Text.assemble(("span  ", "dim"), span), Text.assemble(("count ", "dim"), counts)]

    parts += [Text(""), Text("Events per year", style="bold")]
    most = max((n for _, n in s.per_year), default=0)
    grid = _grid(3)
    for year, n in s.per_year:
        grid.add_row(Text(str(year), style="dim"), Text(str(n), justify="right"), Text(bar(n, most, 30), style="green"))
    parts.append(_indent(grid))

    if s.races:
        parts += [Text(""), Text("LDP leadership races", style="bold")]
        grid = _grid(4)
        for r in s.races:
            his, theirs = views.final_votes(r, subject.person)
            outcome = f"{r.result}, {views._ordinal(r.place)} of {r.candidates}"
            if r.result == "lost":
                votes = f"{views.name_of(t, r.winner)} won {views._fmt(theirs)} to his {views._fmt(his)}"
            else:
                votes = f"won with {views._fmt(his)} votes"
            votes += " in a runoff" if r.runoff else ""
            flag = Text("  ⚑ disputed", style="yellow") if r.disputes else Text("")
            grid.add_row(Text(r.date.iso()), Text(f"#{r.attempt}"), Text(outcome), _text(votes) + flag)
        parts.append(_indent(grid))
    if s.proposals:
        parts += [Text(""), Text("Proposals", style="bold")]
        grid = _grid(3)
        for p in s.proposals:
            grid.add_row(Text(p.id, style="cyan"), Text(p.status or "", style="dim"), _text(p.title))
        parts.append(_indent(grid))
    if s.disputed:
        parts += [Text(""), Text("Where sources disagree", style="bold yellow")]
        grid = _grid(3)
        for r in s.disputed:
            for d in r.disputes:
                grid.add_row(Text(r.id, style="cyan"), Text(d.status, style="yellow"), _text(d.claim))
        parts.append(_indent(grid))
    return Group(*parts)


def _grid(columns: int) -> Table:
    """A borderless table whose last column wraps and whose others keep their width."""
    grid = Table.grid(padding=(0, 2))
    for i in range(columns):
        last = i == columns - 1
        grid.add_column(no_wrap=not last, overflow="fold")
    grid.columns[0].no_wrap = columns == 1
    return grid


def _indent(renderable, hang: bool = False):
    """Indent by two; with ``hang``, a bullet and wrapped lines aligned under the first."""
    if hang:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("•", renderable)
        renderable = grid
    return Padding(renderable, (0, 0, 0, 2), expand=False)


# Rich pads table cells to the column's width; the blanks at the end of a line go, the style
# codes among them stay.
_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def to_text(renderable, console) -> str:
    """What ``console`` would print for ``renderable``, without trailing blanks on its lines."""
    with console.capture() as capture:
        console.print(renderable)
    return _TRAILING.sub(lambda m: m.group().replace(" ", ""), capture.get())


_RENDERERS = {
    views.Listing: _listing,
    views.Grouped: _grouped,
    views.Detail: _detail,
    views.SourceList: _sources,
    views.SummaryView: _summary,
}


def render(view, variant: str):
    return _RENDERERS[type(view)](view)
