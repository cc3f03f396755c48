"""Markdown for notes: tables and detail pages with footnoted sources, ready to paste.

The output is CommonMark (tables and ``[^n]`` footnotes as GitHub-flavoured Markdown adds them):
data text is escaped where Markdown would read it as markup, each field is a list item, a
paragraph's further lines are hard line breaks or nested items, and footnotes are separated by
blank lines, so no renderer runs two of them together.
"""

from __future__ import annotations

import re

from .. import model, query
from ..records import cited_sources
from . import views
from .text import one_line


class Notes:
    """Numbers each cited source once, in order of first use, and writes the footnotes."""

    def __init__(self, timeline: model.Timeline) -> None:
        self.timeline = timeline
        self.numbers: dict[str, int] = {}

    def refs(self, ids) -> str:
        out = []
        for sid in ids:
            if sid not in self.numbers:
                self.numbers[sid] = len(self.numbers) + 1
            out.append(f"[^{self.numbers[sid]}]")
        return "".join(out)

    def footnotes(self) -> list[str]:
        """The footnote definitions, each a paragraph of its own (a blank line before each)."""
        lines = []
        for sid, n in self.numbers.items():
            source = self.timeline.by_id.get(sid)
            text = citation(source) if isinstance(source, model.Source) else inline(sid)
            lines += ["", f"[^{n}]: {text} ({code_span(sid)})"]
        return lines


# Markdown's markup characters where they can start markup inside a line; ``&`` only where it
# would begin a character reference (``&amp;``).
_MARKUP = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")


def inline(text: str) -> str:
    """Data text as literal text inside a Markdown line or table cell: on one line, with every
    character Markdown would read as markup (emphasis, links, HTML, code, table pipes) escaped."""
    return _MARKUP.sub(lambda m: "\\" + m.group(), one_line(text))


def code_span(text: str) -> str:
    """``text`` as a code span (ids), with a fence longer than any run of backticks inside it."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _url(url: str | None) -> str:
    """A URL as an autolink (``<https://...>``), which Markdown leaves unescaped; as text when
    it cannot be one."""
    if not url:
        return ""
    url = one_line(url)
    return f"<{url}>" if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>|]*", url) else inline(url)


def citation(source: model.Source) -> str:
    """A source's one-line citation in Markdown: the text escaped, the URL as a link; a copy it
    was read in follows as "read via ..." (the original is what is cited)."""
    text = views.cite(source._replace(url=None))
    text = inline(text) + (f" {_url(source.url)}" if source.url else "")
    if source.via:
        text += f"; read via {inline(source.via.note)}: {_url(source.via.url)}"
    return text


def paragraph_item(text: str, indent: str = "") -> list[str]:
    """A paragraph of a detail view as one list item that keeps its lines: the first line is the
    item, indented lines under it nested items (a round's tallies), other lines hard breaks."""
    first, *rest = (text or "").split("\n")
    lines = [f"{indent}- {inline(first)}"]
    for line in rest:
        if not line.strip():
            continue
        if line[:1].isspace():
            lines.append(f"{indent}  - {inline(line)}")
        else:
            lines[-1] += "\\"  # a hard line break: the next line stays a line of its own
            lines.append(f"{indent}  {inline(line)}")
    return lines


def _table(view: views.Listing, notes: Notes) -> list[str]:
    headers = [inline(c.header) or "flags" for c in view.columns] + ["sources"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for record in view.records:
        cells = [inline(c.value(record)) for c in view.columns]
        cells.append(
            notes.refs(cited_sources(record) if isinstance(record, model.Series) else getattr(record, "sources", ()))
            if not isinstance(record, model.Source)
            else ""
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _listing(view: views.Listing) -> str:
    notes = Notes(view.timeline)
    return "\n".join(_table(view, notes) + notes.footnotes()) + "\n"


def _grouped(view: views.Grouped) -> str:
    notes = Notes(view.timeline)
    lines: list[str] = []
    for group in view.groups:
        lines += [f"## {group.section.capitalize()} ({len(group.records)})", ""]
        lines += _table(group, notes)
        lines.append("")
    return "\n".join(lines + notes.footnotes()).rstrip("\n") + "\n"


def _sources(view: views.SourceList) -> str:
    lines = ["| id | citation | cited by |", "|---|---|---|"]
    for s in view.sources:
        lines.append(f"| {code_span(s.id)} | {citation(s)} | {view.counts.get(s.id, 0)} |")
    return "\n".join(lines) + "\n"


def _detail(view: views.Detail) -> str:
    record = view.record
    notes = Notes(view.timeline)
    title = model.title_of(record)
    lines = [
        f"# {inline(title)}",
        "",
        f"*{view.kind}* {code_span(record.id)}"
        + (
            f" {notes.refs(record.sources)}"
            if hasattr(record, "sources") and not isinstance(record, model.Source)
            else ""
        ),
        "",
    ]
    if isinstance(record, model.Quote):
        lines += [
            "> " + inline(record.text),
            ">",
            f"> — {inline(views.name_of(view.timeline, record.speaker))}, {views.when(record)}",
            "",
        ]
    for label, value in view.fields:
        lines.append(f"- **{label}:** {inline(value)}")
    for heading, paragraphs in view.blocks:
        lines += ["", f"## {inline(heading)}", ""]
        for p in paragraphs:
            lines += paragraph_item(p)
    for section, records in view.related.items():
        if section == "sources":
            continue
        lines += ["", f"## {section.capitalize()}", ""]
        for item in records:
            lines.append(f"- {inline(views.related_line(item, view.timeline))}")
    if isinstance(record, model.Source):
        lines += ["", f"Citation: {citation(record)}"]
    else:
        extra = [s for s in cited_sources(record) if s not in getattr(record, "sources", ())]
        if extra:
            lines += ["", "Also cited (in disputes, other wordings and reactions): " + notes.refs(extra)]
    return "\n".join(lines + notes.footnotes()) + "\n"


def _summary(view: views.SummaryView) -> str:
    s = view.summary
    t = s.timeline
    subj = t.subject
    lines = [f"# {inline(subj.heading())}", ""]
    if subj.summary:
        lines += [inline(subj.summary), ""]
    if s.first and s.last:
        lines.append(f"- **span:** {s.first.iso()} to {s.last.iso()}")
    if subj.covered_to:
        lines.append(f"- **curated to:** {subj.covered_to.iso()} ({views.COVERED_TO})")
    lines.append("- **records:** " + query.describe_counts(s.counts))
    lines += ["", "## Events per year", "", "| year | events |", "|---|---|"]
    lines += [f"| {y} | {n} |" for y, n in s.per_year]
    if s.races:
        lines += [
            "",
            f"## {inline(views.contest_heading(s.races))}",
            "",
            "| # | date | winner | result | marks |",
            "|---|---|---|---|---|",
        ]
        for r in s.races:
            result = views.race_result(r)
            if views.contests_differ(s.races):
                result = f"{r.contest or 'contest not given'}: {result}"
            result = inline(result)  # a contest is data: a | in it must not end the cell
            lines.append(
                f"| {r.attempt} | {views.when(r)} | {inline(views.name_of(t, r.winner))} | {result} | {views.flags(r)} |"
            )
    if s.proposals:
        lines += ["", "## Proposals", ""]
        lines += [
            f"- {code_span(p.id)} {inline(p.title)}"
            + (f" ({inline(p.status)})" if p.status else "")
            + (f" {views.flags(p)}" if views.flags(p) else "")
            for p in s.proposals
        ]
    if s.series:
        lines += ["", "## Series", "", "| series | publisher | first | last | highest | lowest |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        for x in s.series:
            cells = [f"{views.value_with_unit(x, p.value)} ({views.chart_date(p)})" for _, p in query.extremes(x)]
            lines.append(
                f"| {inline(x.title)} {code_span(x.id)} | {inline(x.publisher)} | "
                + " | ".join(inline(c) for c in cells)
                + " |"
            )
    if s.disputed:
        lines += ["", "## Where sources disagree", ""]
        lines += [
            f"- {code_span(r.id)} \\[{inline(d.status)}\\] {inline(d.claim)}" for r in s.disputed for d in r.disputes
        ]
    if key := views.marks_key([*s.races, *s.proposals]):
        lines += ["", inline(key)]
    return "\n".join(lines) + "\n"


def _chart(view: views.Chart) -> str:
    """A series as a table of its points, each footnoted to its sources."""
    from .chart import value_text

    s = view.series
    notes = Notes(view.timeline)
    lines = [f"# {inline(s.title)}", "", f"*series* {code_span(s.id)}" + (f" {notes.refs(s.sources)}" if s.sources else ""),
             "", f"- **publisher:** {inline(s.publisher)}", f"- **unit:** {inline(s.unit)}"]  # fmt: skip
    if s.note:
        lines.append(f"- **note:** {inline(s.note)}")
    lines += ["", f"| date | value ({inline(s.unit)}) | note | sources |", "|---|---|---|---|"]
    for p in s.points:
        lines.append(
            f"| {views.chart_date(p)} | {value_text(p.value)} | {inline(p.note or '')} | {notes.refs(p.sources)} |"
        )
    return "\n".join(lines + notes.footnotes()) + "\n"


def _onthisday(view: views.OnThisDayView) -> str:
    notes = Notes(view.timeline)
    columns = views.anniversary_columns(view.timeline)
    lines: list[str] = []
    for on, heading, rows in view.parts():
        if on == "month" and not rows:
            continue
        lines += [f"## {inline(heading)}", ""]
        if not rows:
            lines += ["No record is dated to this day.", ""]
            continue
        lines.append("| " + " | ".join(c.header for c in columns) + " | sources |")
        lines.append("|" + "---|" * (len(columns) + 1))
        for a in rows:
            cells = [inline(c.value(a)) for c in columns] + [notes.refs(a.record.sources)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines + notes.footnotes()).rstrip("\n") + "\n"


def markdown(view) -> str:
    """Any view as Markdown: a table, or a page with footnoted sources."""
    return views.dispatch(globals(), view)
