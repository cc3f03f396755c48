"""Markdown for notes: tables and detail pages with footnoted sources, ready to paste."""

from __future__ import annotations

from .. import model, query
from . import views
from .text import one_line, visible


class _Notes:
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
        lines = []
        for sid, n in self.numbers.items():
            source = self.timeline.by_id.get(sid)
            text = views.cite(source) if isinstance(source, model.Source) else sid
            lines.append(f"[^{n}]: {_inline(text)} (`{sid}`)")
        return ["", *lines] if lines else []


def _inline(text: str) -> str:
    """Safe inside a Markdown line or table cell."""
    return one_line(text).replace("|", "\\|")


def _table(view: views.Listing, notes: _Notes) -> list[str]:
    headers = [c.header or "flags" for c in view.columns] + ["sources"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for record in view.records:
        cells = [_inline(c.value(record)) for c in view.columns]
        cells.append(notes.refs(getattr(record, "sources", ())) if not isinstance(record, model.Source) else "")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _listing(view: views.Listing) -> str:
    notes = _Notes(view.timeline)
    return "\n".join(_table(view, notes) + notes.footnotes()) + "\n"


def _grouped(view: views.Grouped) -> str:
    notes = _Notes(view.timeline)
    lines: list[str] = []
    for group in view.groups:
        lines += [f"## {group.section.capitalize()} ({len(group.records)})", ""]
        lines += _table(group, notes)
        lines.append("")
    return "\n".join(lines + notes.footnotes()).rstrip("\n") + "\n"


def _sources(view: views.SourceList) -> str:
    lines = ["| id | citation | cited by |", "|---|---|---|"]
    for s in view.sources:
        lines.append(f"| `{s.id}` | {_inline(views.cite(s))} | {view.counts.get(s.id, 0)} |")
    return "\n".join(lines) + "\n"


def _detail(view: views.Detail) -> str:
    record = view.record
    notes = _Notes(view.timeline)
    title = query.title_of(record)
    lines = [
        f"# {_inline(title)}",
        "",
        f"*{view.kind}* `{record.id}`"
        + (
            f" {notes.refs(record.sources)}"
            if hasattr(record, "sources") and not isinstance(record, model.Source)
            else ""
        ),
        "",
    ]
    if isinstance(record, model.Quote):
        lines += [
            "> " + _inline(record.text),
            ">",
            f"> — {_inline(views.name_of(view.timeline, record.speaker))}, {views.when(record)}",
            "",
        ]
    for label, value in view.fields:
        lines.append(f"- **{label}:** {_inline(value)}")
    for heading, paragraphs in view.blocks:
        lines += ["", f"## {heading}", ""]
        for p in paragraphs:
            lines.append("- " + visible(p).replace("\n", "\n  "))
    for section, records in view.related.items():
        if section == "sources":
            continue
        lines += ["", f"## {section.capitalize()}", ""]
        for item in records:
            lines.append(f"- {_inline(views.related_line(item))}")
    if isinstance(record, model.Source):
        lines += ["", f"Citation: {_inline(views.cite(record))}"]
    else:
        extra = [s for s in query.cited_sources(record) if s not in getattr(record, "sources", ())]
        if extra:
            lines += ["", "Also cited (in disputes, other wordings and reactions): " + notes.refs(extra)]
    return "\n".join(lines + notes.footnotes()) + "\n"


def _summary(view: views.SummaryView) -> str:
    s = view.summary
    t = s.timeline
    subj = t.subject
    lines = [f"# {_inline(subj.heading())}", ""]
    if subj.summary:
        lines += [_inline(subj.summary), ""]
    if s.first and s.last:
        lines.append(f"- **span:** {s.first.iso()} to {s.last.iso()}")
    lines.append("- **records:** " + query.describe_counts(s.counts))
    lines += ["", "## Events per year", "", "| year | events |", "|---|---|"]
    lines += [f"| {y} | {n} |" for y, n in s.per_year]
    if s.races:
        lines += [
            "",
            f"## {views.contest_heading(s.races)}",
            "",
            "| # | date | winner | result | disputed |",
            "|---|---|---|---|---|",
        ]
        for r in s.races:
            result = views.race_result(r)
            lines.append(
                f"| {r.attempt} | {r.date.iso()} | {_inline(views.name_of(t, r.winner))} | {result} | {'yes' if r.disputes else ''} |"
            )
    if s.proposals:
        lines += ["", "## Proposals", ""]
        lines += [f"- `{p.id}` {_inline(p.title)}" + (f" ({p.status})" if p.status else "") for p in s.proposals]
    if s.disputed:
        lines += ["", "## Where sources disagree", ""]
        lines += [f"- `{r.id}` [{d.status}] {_inline(d.claim)}" for r in s.disputed for d in r.disputes]
    return "\n".join(lines) + "\n"


def markdown(view) -> str:
    """Any view as Markdown: a table, or a page with footnoted sources."""
    return views.dispatch(globals(), view)
