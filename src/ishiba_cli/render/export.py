"""Whole-timeline exports: a Markdown document, TimelineJS 3 JSON, and the normalised JSON."""

from __future__ import annotations

import html
import json

from .. import model, query
from ..dates import approximately
from ..model import to_data
from ..tuples import named_tuple
from . import views
from .text import json_safe, visible


def normalised_json(timeline: model.Timeline, events: list[model.Event] | None = None) -> str:
    """The whole timeline as the ``--format json`` commands print its records (dated ones in date order)."""

    def ordered(section: str) -> list:
        records = timeline.section(section)
        return query.by_date(records) if model.SECTIONS[section].dated else list(records)

    data = {
        "schema_version": timeline.schema_version,
        "subject": to_data(timeline.subject),
        **{section: [to_data(r) for r in ordered(section)] for section in model.SECTIONS},
    }
    if timeline.glossary:
        data["glossary"] = to_data(timeline.glossary)
    if events is not None:
        data["events"] = [to_data(e) for e in events]
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# ----------------------------------------------------------------------------- markdown


def markdown_document(
    timeline: model.Timeline,
    events: list[model.Event],
    quotes: list[model.Quote],
    races: list[model.Race] = (),  # type: ignore[assignment]
    proposals: list[model.Proposal] = (),  # type: ignore[assignment]
    series: list[model.Series] = (),  # type: ignore[assignment]
) -> str:
    """The timeline as one readable document: events and quotes by year, the races with their
    rounds and votes, the proposals in full, and every dispute among them; every source they
    cite (disputes and reactions included) is a footnote, numbered in order of first use."""
    from .markdown import Notes, code_span, inline, paragraph_item

    notes = Notes(timeline)
    subject = timeline.subject
    lines = [f"# {inline(subject.heading())}: a sourced timeline", ""]
    if subject.summary:
        lines += [inline(subject.summary), ""]
    lines += _marks_key([*events, *quotes, *races, *proposals])

    def flagged(record) -> str:
        """The terminal's marks after a record's title: ⚑ disputed, ? short of verified."""
        marks = views.flags(record)
        return " " + marks if marks else ""

    def field(label: str, value: str | None, refs: str = "") -> None:
        if value:
            lines.append(f"- **{label}:** {inline(value)}{refs}")

    by_year: dict[int, list] = {}
    for record in query.by_date([*events, *quotes]):
        by_year.setdefault(record.date.year, []).append(record)
    if by_year:
        lines += ["## Events and quotes", ""]
    for year, records in by_year.items():
        lines += [f"### {year}", ""]
        for record in records:
            refs = notes.refs(record.sources)
            if isinstance(record, model.Quote):
                speaker = views.name_of(timeline, record.speaker)
                if lines[-1] != "":
                    lines.append("")
                lines += [
                    f"> “{inline(record.text)}”{flagged(record)}",
                    ">",
                    f"> — {inline(speaker)}, {views.when(record)}, {inline(record.occasion)}{refs}",
                ]
                for v in record.variants:
                    note = f" ({inline(v.note)})" if v.note else ""
                    lines += [">", f"> Also reported as “{inline(v.text)}”{notes.refs(v.sources)}{note}"]
                lines.append("")
            else:
                lines.append(
                    f"- **{views.when(record)}** {inline(record.title)}{flagged(record)}: "
                    f"{inline(record.summary)}{refs}"
                )
        if lines[-1] != "":
            lines.append("")

    if races:
        lines += [f"## {inline(views.contest_heading(races))}", ""]
        for race in query.by_date(races):
            lines += [f"### {race.attempt}. {views.when(race)}: {inline(race.title)}{flagged(race)}", ""]
            field("result", views.race_result(race), notes.refs(race.sources))
            field("winner", views.name_of(timeline, race.winner))
            field("votes", views.race_votes(timeline, race))
            field("runoff", "yes" if race.runoff else "no")
            field("summary", race.summary)
            for paragraph in views.rounds_lines(timeline, race):
                lines += paragraph_item(paragraph)
            field("note", race.note)
            lines.append("")

    if proposals:
        lines += ["## Proposals", ""]
        for proposal in proposals:
            lines += [
                f"### {inline(proposal.title)}{flagged(proposal)}",
                "",
                f"{code_span(proposal.id)}{notes.refs(proposal.sources)}",
                "",
            ]
            field("summary", proposal.summary)
            field("rationale", proposal.rationale)
            field("assessment", proposal.assessment)
            field("outcome", proposal.outcome)
            field("status", proposal.status)
            if proposal.reactions:
                lines.append("- **reactions:**")
                for r in model.in_date_order(proposal.reactions):
                    when = r.date.iso() if r.date else "n.d."
                    lines.append(f"  - {when} {inline(r.by)}: {inline(r.summary)}{notes.refs(r.sources)}")
            field("note", proposal.note)
            lines.append("")

    for one in series:
        from .chart import value_text

        if one is series[0]:
            lines += ["## Series", ""]
        lines += [
            f"### {inline(one.title)}",
            "",
            f"{code_span(one.id)} {inline(one.publisher)}, in {inline(one.unit)}{notes.refs(one.sources)}",
            "",
        ]
        if one.note:
            lines += [inline(one.note), ""]
        lines += [f"| date | {inline(one.unit)} | note |", "|---|---|---|"]
        lines += [f"| {views.chart_date(p)} | {value_text(p.value)}{notes.refs(p.sources)} | {inline(p.note or '')} |"
                  for p in one.points]  # fmt: skip
        lines.append("")

    shown = [*events, *races, *quotes, *proposals]
    disputed = [r for r in query.disputed(timeline) if r in shown]
    if disputed:
        lines += ["## Where sources disagree", ""]
        for record in disputed:
            when = f", {views.when(record)}" if getattr(record, "date", None) else ""
            for d in record.disputes:
                lines.append(
                    f"- {code_span(record.id)} ({model.kind_of(record)}{when}), {inline(d.status)}: "
                    f"claimed: {inline(d.claim)}{notes.refs(d.claimed_by)}\\"
                )
                lines.append(f"  Better sources: {inline(d.finding)}{notes.refs(d.supported_by)}")
        lines.append("")

    if not shown:
        lines += ["No event, race, quote or proposal is in this selection.", ""]
    if notes.numbers:
        lines += ["## Sources"]
    return "\n".join(lines + notes.footnotes()).rstrip("\n") + "\n"


def _marks_key(records: list) -> list[str]:
    """A line that says what the document's marks mean, for the marks it uses (none: no line)."""
    key = views.marks_key(records, "*Where sources disagree*")
    return [key, ""] if key else []


# ----------------------------------------------------------------------------- TimelineJS


def _tl_date(date) -> dict:
    """A TimelineJS date object with only the parts the stored date has."""
    out = {"year": date.year}
    if date.month is not None:
        out["month"] = date.month
    if date.day is not None:
        out["day"] = date.day
    return out


def _html(text: str) -> str:
    return html.escape(visible(text or ""), quote=True)


def _linked(text: str, url: str | None) -> str:
    """``text`` as HTML, the whole of it a link to ``url`` where there is one (an http(s) address:
    the format allows no other)."""
    if not url or not url.startswith(("https://", "http://")):
        return _html(text)
    return f'<a href="{_html(url)}" target="_blank" rel="noopener">{_html(text)}</a>'


def timelinejs(
    timeline: model.Timeline, events: list[model.Event], races: list[model.Race], quotes: list | None = None
) -> str:
    """TimelineJS 3 JSON: a slide per event and race, each with its quotes (the first as the
    slide's media, the rest in its text); a quote of no event shown gets a slide of its own;
    offices and terms also as eras."""

    quotes = query.by_date(timeline.quotes if quotes is None else quotes)
    shown = {e.id for e in events}
    quotes_by_event: dict[str, list[model.Quote]] = {}
    for q in quotes:
        if q.event in shown:
            quotes_by_event.setdefault(q.event, []).append(q)

    def credit_of(quote) -> str:
        source = timeline.by_id.get(quote.sources[0])
        credit = views.name_of(timeline, quote.speaker)
        if isinstance(source, model.Source):
            credit += ", in " + views.cite(source)
        if views.doubt(quote.confidence):
            credit += f" ({views.doubt(quote.confidence)})"
        return credit

    def more_quotes(record) -> str:
        rest = quotes_by_event.get(record.id, [])[1:]
        items = "".join(f"<li>“{_html(q.text)}” ({_html(credit_of(q))})</li>" for q in rest)
        return f"<p>Also said:</p><ul>{items}</ul>" if items else ""

    def media(record) -> dict | None:
        """The record's first quote as a TimelineJS blockquote, credited to its speaker and source."""
        quotes = quotes_by_event.get(record.id)
        if not quotes:
            return None
        quote = quotes[0]
        source = timeline.by_id.get(quote.sources[0])
        out = {"url": f"<blockquote>“{_html(quote.text)}”</blockquote>", "credit": _html(credit_of(quote))}
        if isinstance(source, model.Source) and source.url:
            out["link"] = source.url
        return out

    def sources_html(record) -> str:
        items = []
        for sid in record.sources:
            source = timeline.by_id.get(sid)
            if isinstance(source, model.Source):
                items.append(f"<li>{_linked(views.cite(source), source.url)}</li>")
        return f"<p>Sources:</p><ul>{''.join(items)}</ul>" if items else ""

    def outcome(record) -> str:
        """A race's result in the words of ``ishiba races``: place, votes, the winner or runner-up."""
        if not isinstance(record, model.Race):
            return ""
        return (f"<p><strong>Result:</strong> {_html(views.race_result(record))}. "
                f"<strong>Votes:</strong> {_html(views.race_votes(timeline, record))}.</p>")  # fmt: skip

    def slide(record, headline: str, group: str, end=None) -> dict:
        body = outcome(record) + f"<p>{_html(record.summary)}</p>"
        if views.doubt(record.confidence):
            mark, words = views.doubt(record.confidence).split(": ", 1)
            body += f"<p><strong>{_html(mark)}:</strong> {_html(words)}.</p>"
        for d in record.disputes:
            body += f"<p><strong>Disputed ({_html(d.status)}):</strong> {_html(d.claim)} Better sources: {_html(d.finding)}</p>"
        out = {
            "unique_id": record.id,
            "start_date": _tl_date(record.date),
            "text": {"headline": _html(headline), "text": body + more_quotes(record) + sources_html(record)},
            "group": group,
            "autolink": False,
        }
        if record.circa:
            out["display_date"] = approximately(record.date.iso(), record.circa)
        if end is not None:
            out["end_date"] = _tl_date(end)
        found = media(record)
        if found:
            out["media"] = found
        return out

    slides = [slide(e, e.title, e.kind, e.end) for e in events]
    slides += [slide(r, f"{r.title} ({r.result})", "race") for r in races]
    for q in quotes:  # a quote whose event is not on the timeline stands on its own slide
        if q.event not in shown:
            body = f"<blockquote>“{_html(q.text)}”</blockquote><p>{_html(credit_of(q))}</p>"
            if q.context:
                body += f"<p>{_html(q.context)}</p>"
            entry = {"unique_id": q.id, "start_date": _tl_date(q.date), "group": "quote", "autolink": False,
                     "text": {"headline": _html(q.occasion or views.name_of(timeline, q.speaker)),
                              "text": body + sources_html(q)}}  # fmt: skip
            if q.circa:
                entry["display_date"] = approximately(q.date.iso(), q.circa)
            slides.append(entry)
    eras = [
        {"start_date": _tl_date(e.date), "end_date": _tl_date(e.end), "text": {"headline": _html(e.title)}}
        for e in events
        if e.end is not None and e.kind == "office"
    ]
    subject = timeline.subject
    data = {
        "title": {"text": {"headline": _html(subject.heading()), "text": _html(subject.summary or "")}},
        "events": slides,
        "eras": eras,
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# ----------------------------------------------------------------------------- the registry's entries


@named_tuple
class Selection:
    """What an export carries: the events the filters chose, the quotes and races in their date
    range, the proposals linked to them (all when nothing is filtered), and whether that is the
    whole timeline."""

    events: list
    quotes: list
    races: list
    proposals: list
    complete: bool


def markdown_export(timeline: model.Timeline, selection: Selection) -> str:
    series = list(timeline.series) if selection.complete else []  # numbers over time go with the whole timeline
    return markdown_document(timeline, selection.events, selection.quotes, selection.races, selection.proposals, series)


def timelinejs_export(timeline: model.Timeline, selection: Selection) -> str:
    return timelinejs(timeline, selection.events, selection.races, selection.quotes)


def json_export(timeline: model.Timeline, selection: Selection) -> str:
    return normalised_json(timeline, None if selection.complete else selection.events)


def csv_export(timeline: model.Timeline, selection: Selection) -> str:
    from .data import csv

    return csv(views.listing("events", selection.events, timeline))
