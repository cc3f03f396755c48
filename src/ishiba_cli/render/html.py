"""The timeline as one self-contained web page: every record, searchable and faceted.

Everything is in the one file (style, script, data, the SVG picture) and nothing is fetched:
a Content-Security-Policy of ``default-src 'none'`` makes sure of it. The records are written
here, as HTML, so the page reads without its script too; the script (``page.js``) only hides
and shows them. It searches as ``ishiba search`` does: the texts it searches are the CLI's
(``records.texts_of``), folded here by ``search.fold``, and the query is folded in the page by a
port of ``fold`` whose tables come from ``search.py``.

Every data text goes through ``h`` (``visible``, then HTML-escaped); the JSON in the page's
``<script>`` escapes ``<``, ``>``, ``&`` and U+2028/2029, so no data can end the script.
"""

from __future__ import annotations

import html as _html
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import model, query, search
from ..dates import DateRange
from ..records import texts_of
from . import picture, views
from .text import json_safe, visible

HERE = Path(__file__).resolve().parent
#: the sections the page lists (and counts as records), in ``model.SECTIONS``' order, each with the
#: _Page method that writes one of its records; a new section is a line here
SECTIONS = {"events": "event", "races": "race", "quotes": "quote", "proposals": "proposal", "series": "series",
            "people": "person_record", "sources": "source"}  # fmt: skip
PICTURE_COLUMNS = 100  # the picture's axis, in the terminal's cells (12 px each in the SVG)
#: above this many records, a page is long: its records wait in a <template> (parsed, not laid
#: out) and each list shows PAGE_SIZE at a time, a button showing as many more, so that a search
#: answers within a frame or two however long the timeline is. A shorter page shows every record.
INLINE_LIMIT = 2000
PAGE_SIZE = 50
MORE = (
    '<p class="more" hidden><span class="left"></span> <button type="button" class="show-more">Show more</button></p>'
)


def h(text: object) -> str:
    """Data text as HTML: controls made visible, then escaped (quotes too, for attributes)."""
    return _html.escape(visible(str(text) if text is not None else ""), quote=True)


def _script_json(data: object) -> str:
    """JSON that cannot close or confuse the ``<script>`` it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return json_safe(text)  # U+2028/2029 and the other controls json.dumps leaves raw


@lru_cache(maxsize=1)
def folding_tables() -> dict:
    """What the page's ``fold`` needs from ``search.py`` and Python's Unicode tables: the
    characters that vanish, those that are spaces, whitespace, quotation marks, the combining
    marks, and ``casefold`` where it differs from lower-casing (``ß`` -> ``ss``)."""
    bmp = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    return {
        "drop": "".join(sorted(search.DROP)),
        "space": "".join(sorted(search.SPACE_LIKE)),
        "ws": "".join(c for c in bmp if c.isspace()),
        "quotes": "".join(sorted(search.QUOTE_CHARS)),
        "combining": search.COMBINING_MARKS,
        "casefold": {c: c.casefold() for c in bmp if c.lower() == c and c.casefold() != c},
    }


def _link(url: str | None, text: str | None = None) -> str:
    """A link to a web address; anything but http(s) stays text (no ``javascript:``)."""
    if not url:
        return ""
    if urlsplit(url).scheme.lower() in {"http", "https"}:
        return f'<a href="{h(url)}" rel="noopener noreferrer">{h(text or url)}</a>'
    return h(text or url)


class _Page:
    def __init__(self, timeline: model.Timeline, selection) -> None:
        self.timeline = timeline
        self.sections = {
            "events": list(selection.events),
            "races": query.by_date(selection.races),
            "quotes": query.by_date(selection.quotes),
            "proposals": list(selection.proposals),
            "series": list(timeline.series),
            "people": list(timeline.people),
            "sources": model.in_date_order(timeline.sources),
        }
        self.complete = selection.complete
        self.index: dict[str, int] = {}
        for records in self.sections.values():
            for r in records:
                self.index[r.id] = len(self.index)
        self.quotes_of: dict[str, list] = {}
        for q in self.sections["quotes"]:
            if q.event:
                self.quotes_of.setdefault(q.event, []).append(q)

    # ------------------------------------------------------------------ small parts

    def ref(self, rid: str | None, text: str | None = None) -> str:
        """A link to a record on the page; a record not on it is named, unlinked."""
        if not rid:
            return ""
        shown = (
            text
            if text is not None
            else model.title_of(self.timeline.by_id[rid])
            if rid in self.timeline.by_id
            else rid
        )
        return f'<a href="#r-{h(rid)}">{h(shown)}</a>' if rid in self.index else h(shown)

    def person(self, pid: str | None) -> str:
        return self.ref(pid, views.name_of(self.timeline, pid))

    def source_refs(self, ids) -> str:
        parts = []
        for sid in ids:
            s = self.timeline.by_id.get(sid)
            label = f"{s.publisher}, {s.date.iso() if s.date else 'n.d.'}" if isinstance(s, model.Source) else sid
            parts.append(self.ref(sid, label))
        return "; ".join(parts)

    def sources_line(self, record) -> str:
        return f'<p class="srcs">Sources: {self.source_refs(record.sources)}</p>' if record.sources else ""

    def marks(self, record) -> str:
        marks = views.flags(record)
        if not marks:
            return ""
        meaning = "; ".join(filter(None, ["⚑ the sources disagree" if record.disputes else "",
                                          views.doubt(record.confidence)]))  # fmt: skip
        return f' <span class="mk" title="{h(meaning)}">{h(marks)}</span>'

    def caveats(self, record) -> str:
        out = []
        doubt = views.doubt(getattr(record, "confidence", model.VERIFIED))
        if doubt:
            out.append(f'<p class="doubt-note">{h(doubt)}.</p>')
        for d in getattr(record, "disputes", ()):
            out.append(
                f'<div class="disputed-box"><p><strong>⚑ Disputed ({h(d.status)}):</strong> {h(d.claim)} '
                f'<span class="muted">(claimed by {self.source_refs(d.claimed_by)})</span></p>'
                f"<p><strong>Better sources:</strong> {h(d.finding)} "
                f'<span class="muted">({self.source_refs(d.supported_by)})</span></p></div>'
            )
        if getattr(record, "note", None):
            out.append(f'<p class="muted">Note: {h(record.note)}</p>')
        return "".join(out)

    def open(self, record, cls: str, tag: str = "article") -> str:
        return f'<{tag} class="rec {cls}" id="r-{h(record.id)}" data-r="{self.index[record.id]}">'

    # ------------------------------------------------------------------ records

    def event(self, e: model.Event) -> str:
        meta = [h(e.kind)]
        if e.tags:
            meta.append("tags: " + "".join(f'<span class="tagname">{h(t)}</span>' for t in e.tags))
        if e.people:
            meta.append("people: " + ", ".join(self.person(p) for p in e.people))
        quotes = self.quotes_of.get(e.id, [])
        said = (
            '<p class="muted">Quotes: '
            + "; ".join(self.ref(q.id, f"“{q.text}” ({views.name_of(self.timeline, q.speaker)})") for q in quotes)
            + "</p>"
            if quotes
            else ""
        )
        return (
            f'{self.open(e, "ev")}<h3><span class="when">{h(views.when(e))}</span>'
            f'<a href="#r-{h(e.id)}">{h(e.title)}</a>{self.marks(e)}</h3>'
            f'<p class="meta">{" · ".join(meta)}</p><p>{h(e.summary)}</p>'
            f"{self.caveats(e)}{said}{self.sources_line(e)}</article>"
        )

    def race(self, r: model.Race) -> str:
        tables = []
        for rnd in r.rounds:
            caption = views.stage_name(rnd.stage) + (f": {rnd.electorate}" if rnd.electorate else "")
            names = list(dict.fromkeys(b.name for t in rnd.tallies for b in t.blocs))  # the blocs, in order met
            head = "<tr><th>candidate</th><th>votes</th>" + "".join(f"<th>{h(n)}</th>" for n in names) + "</tr>"
            rows = []
            for t in rnd.tallies:
                split = {b.name: b.votes for b in t.blocs}
                extra = "".join(
                    f'<td class="num">{h(views.count_text(split.get(n)))}</td>' for n in names
                )  # fmt: skip
                won = ' class="winner"' if t.candidate == r.winner and rnd is r.rounds[-1] else ""
                rows.append(
                    f'<tr{won}><td>{self.person(t.candidate)}</td><td class="num">{views.number(t.votes)}</td>{extra}</tr>'
                )
            tables.append(
                f'<div class="wide"><table class="tally"><caption>{h(caption)}</caption>{head}{"".join(rows)}</table></div>'
            )
        contest = f"<dt>contest</dt><dd>{h(r.contest)}</dd>" if r.contest else ""
        return (
            f'{self.open(r, "rc")}<h3><span class="when">{h(views.when(r))}</span>'
            f'<a href="#r-{h(r.id)}">{r.attempt}. {h(r.title)}</a>{self.marks(r)}</h3>'
            f'<dl class="depth">{contest}<dt>result</dt><dd>{h(views.race_result(r))}</dd>'
            f"<dt>winner</dt><dd>{self.person(r.winner)}</dd><dt>votes</dt><dd>{h(views.race_votes(self.timeline, r))}</dd>"
            f"<dt>runoff</dt><dd>{'yes' if r.runoff else 'no'}</dd></dl><p>{h(r.summary)}</p>"
            f"{''.join(tables)}{self.caveats(r)}{self.sources_line(r)}</article>"
        )

    def quote(self, q: model.Quote) -> str:
        phrase = ' <span class="muted">(a phrase: a fragment of a few words)</span>' if q.phrase else ""
        extra = []
        if q.original:
            extra.append(f"<p>Original: {h(q.original)}</p>")  # in whatever language the speaker used
        if q.context:
            extra.append(f'<p class="muted">Context: {h(q.context)}</p>')
        for v in q.variants:
            note = f" — {h(v.note)}" if v.note else ""
            extra.append(f'<p class="muted">Also reported as “{h(v.text)}” ({self.source_refs(v.sources)}){note}</p>')
        if q.event:
            extra.append(f'<p class="muted">Event: {self.ref(q.event)}</p>')
        wording = ""
        first = self.timeline.by_id.get(q.sources[0]) if q.sources else None
        if isinstance(first, model.Source):
            wording = f'<p class="srcs">Words as printed in {self.ref(first.id, first.heading)}</p>'
        return (
            f"{self.open(q, 'qt')}<blockquote><p>“{h(q.text)}”{phrase}</p></blockquote>"
            f'<p class="by">— {self.person(q.speaker)}, {h(views.when(q))}, {h(q.occasion)}'
            f'{self.marks(q)} <a href="#r-{h(q.id)}" aria-label="link to this quote">#</a></p>'
            f"{''.join(extra)}{self.caveats(q)}{wording}{self.sources_line(q)}</article>"
        )

    def series(self, s: model.Series) -> str:
        """A series as a table of its points: date (the fieldwork's span), value, note, sources."""
        rows = "".join(
            f'<tr><td class="when">{h(p.date.iso() + (" – " + p.end.iso() if p.end else ""))}</td>'
            f'<td class="num">{h(f"{p.value:g}")}</td><td>{h(p.note or "")}</td>'
            f"<td>{self.source_refs(p.sources)}</td></tr>"
            for p in s.points
        )
        note = f"<p>{h(s.note)}</p>" if s.note else ""
        return (
            f'{self.open(s, "se")}<h3><a href="#r-{h(s.id)}">{h(s.title)}</a></h3>'
            f'<p class="meta">{h(s.publisher)} · values in {h(s.unit)} · {len(s.points)} points</p>{note}'
            f"<table><tr><th>date</th><th>{h(s.unit)}</th><th>note</th><th>sources</th></tr>{rows}</table>"
            f"{self.sources_line(s)}</article>"
        )

    def proposal(self, p: model.Proposal) -> str:
        depth = "".join(
            f"<dt>{label}</dt><dd>{h(value)}</dd>"
            for label, value in (
                ("summary", p.summary),
                ("rationale", p.rationale),
                ("assessment", p.assessment),
                ("outcome", p.outcome),
                ("status", p.status),
            )
            if value
        )
        reactions = [
            f"<li>{h(r.date.iso() if r.date else 'n.d.')} <strong>{h(r.by)}</strong>"
            f"{f' ({self.person(r.person)})' if r.person else ''}: {h(r.summary)} "
            f'<span class="muted">({self.source_refs(r.sources)})</span></li>'
            for r in model.in_date_order(p.reactions)
        ]
        linked = []
        if p.events:
            linked.append("<p>Events: " + "; ".join(self.ref(e) for e in p.events) + "</p>")
        if p.quotes:
            linked.append("<p>Quotes: " + "; ".join(self._quote_ref(q) for q in p.quotes) + "</p>")
        return (
            f'{self.open(p, "pr")}<h3><a href="#r-{h(p.id)}">{h(p.title)}</a>{self.marks(p)}</h3>'
            f'<dl class="depth">{depth}</dl>'
            + (
                f"<p><strong>Reactions</strong></p><ul>{''.join(reactions)}</ul>"
                if reactions
                else '<p class="muted">Reactions: none recorded in the sources read.</p>'
            )
            + f"{''.join(linked)}{self.caveats(p)}{self.sources_line(p)}</article>"
        )

    def _quote_ref(self, qid: str) -> str:
        q = self.timeline.by_id.get(qid)
        if not isinstance(q, model.Quote):
            return h(qid)
        return self.ref(qid, f"“{q.text}” ({views.name_of(self.timeline, q.speaker)})")

    def person_record(self, p: model.Person) -> str:
        lang = ' lang="ja"' if p.name_ja and not p.name_native else ""  # name_ja is Japanese; name_native any script
        native = f" <span{lang}>({h(p.native)})</span>" if p.native else ""
        note = f'<p class="muted">Note: {h(p.note)}</p>' if p.note else ""
        return (
            f'{self.open(p, "pe")}<h3><a href="#r-{h(p.id)}">{h(p.name)}</a>{native}</h3>'
            f"<p>{h('; '.join(p.roles))}</p>{note}{self.sources_line(p)}</article>"
        )

    def source(self, s: model.Source) -> str:
        title = f"“{h(s.title)}”" if s.title else h(s.heading)
        parts = [h(s.publisher), title, h(s.date.iso() if s.date else "n.d.")]
        out = ", ".join(parts) + "."
        translated = getattr(s, "title_translated", None)
        if translated:
            out += f" [{h(translated)}]"
        if s.url:
            out += " " + _link(s.url)
        archive = getattr(s, "archive_url", None)
        if archive:
            when = getattr(s, "archive_date", None)
            out += " (archived" + (f" {h(when.iso())}" if when else "") + ": " + _link(archive, "copy") + ")"
        via = getattr(s, "via", None)
        if via:
            out += f" Read via {_link(via.url, via.note or via.url)}."
        accessed = getattr(s, "accessed", None)
        if accessed:
            out += f" Accessed {h(accessed.iso())}."
        note = f'<br><span class="muted">{h(s.note)}</span>' if s.note else ""
        return f"{self.open(s, 'so', 'li')}{out}{note}</li>"

    # ------------------------------------------------------------------ the page

    def search_data(self) -> list:
        """Per record: [section, folded texts, year, event kind, tags, people]."""
        out = []
        for section, records in self.sections.items():
            for r in records:
                texts = [search.fold(t) for t in texts_of(self.timeline, r) if t]
                year = r.date.year if getattr(r, "date", None) is not None else None
                kind = r.kind if isinstance(r, model.Event) else None
                tags = list(r.tags) if isinstance(r, model.Event) else []
                out.append([section, texts, year, kind, tags, _people_of(r)])
        return out

    def facets(self) -> str:
        data = self.search_data_cache
        years: dict[int, int] = {}
        kinds: dict[str, int] = {}
        tags: dict[str, int] = {}
        people: dict[str, int] = {}
        for _section, _texts, year, kind, tag_list, persons in data:
            if year is not None:
                years[year] = years.get(year, 0) + 1
            if kind:
                kinds[kind] = kinds.get(kind, 0) + 1
            for t in tag_list:
                tags[t] = tags.get(t, 0) + 1
            for p in persons:
                people[p] = people.get(p, 0) + 1

        def select(name: str, label: str, counts: dict, show=str, order=None) -> str:
            keys = order(counts) if order else sorted(counts)
            options = "".join(f'<option value="{h(k)}">{h(show(k))} ({counts[k]})</option>' for k in keys)
            return (f'<label class="facet">{h(label)}<select data-facet="{name}" aria-label="{h(label)}">'
                    f'<option value="">any</option>{options}</select></label>')  # fmt: skip

        by_name = lambda counts: sorted(counts, key=lambda p: views.name_of(self.timeline, p).lower())  # noqa: E731
        return (
            select("year", "Year", years)
            + select("kind", "Kind of event", kinds)
            + select("tag", "Tag", tags)
            + select("person", "Person", people, lambda p: views.name_of(self.timeline, p), by_name)
        )

    def render(self) -> str:
        t = self.timeline
        subject = t.subject
        self.search_data_cache = self.search_data()
        total = self.total = len(self.index)
        self.held_disputes: list[str] = []
        title = f"{subject.heading()}: a sourced timeline"
        shown_records = [r for s in ("events", "races", "quotes", "proposals") for r in self.sections[s]]
        key = views.marks_key(shown_records, "Where sources disagree")
        counts = query.describe_counts({s: len(v) for s, v in self.sections.items()})
        partial = (
            f" This page holds the {len(self.sections['events'])} of {len(t.events)} events the export's filters "
            "chose, with the races and quotes of their dates."
            if not self.complete
            else ""
        )
        body = {section: [getattr(self, write)(r) for r in self.sections[section]]
                for section, write in SECTIONS.items()}  # fmt: skip
        stock = self.total > INLINE_LIMIT  # a long page keeps its records out of the layout until shown
        blocks, held = [], []
        for section in SECTIONS:
            heading, items = model.SECTIONS[section].title, body[section]
            n = len(items)
            held += items if stock else []
            listed = "" if stock else "".join(items)
            inner = f'<ul class="sources list" data-list="{section}">{listed}</ul>' if section == "sources" else (
                f'<div class="list" data-list="{section}">{listed}</div>')  # fmt: skip
            if section == "races" and items:
                heading = views.contest_heading(self.sections["races"])
            none = ' class="none"' if not n else ""
            blocks.append(
                f'<section id="{section}" data-section="{section}"{none}>'
                f'<h2>{h(heading)} <span class="muted">(<span class="shown">{n}</span> of {n})</span></h2>'
                f'<p class="empty">None {"match" if n else "in this export"}.</p>{inner}{MORE}</section>'
            )
        self.held = held
        disputes = self.disputes()
        events = self.sections["events"]
        lay = picture.layout(t, events, DateRange(), PICTURE_COLUMNS)
        svg = picture.to_svg(lay)
        svg = svg[svg.index("<svg") :]
        svg = svg.replace("<svg ", '<svg role="img" aria-labelledby="picture-title" ', 1).replace(
            "<title>", '<title id="picture-title">', 1
        )
        toc = "".join(f'<li><a href="#{s}">{h(model.SECTIONS[s].title)}</a></li>' for s in SECTIONS)
        data = {"records": self.search_data_cache, "page": PAGE_SIZE if total > INLINE_LIMIT else max(total, 1), "glossary": [list(g.names) for g in t.glossary],
                "tables": folding_tables()}  # fmt: skip
        script = (HERE / "page.js").read_text(encoding="utf-8")
        style = (HERE / "page.css").read_text(encoding="utf-8")
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{h(title)}</title>
<style>
{style}</style>
</head>
<body>
<a class="skip" href="#records">Skip to the records</a>
<div class="page">
<header>
<h1>{h(subject.heading())}</h1>
{f'<p class="lede">{h(subject.summary)}</p>' if subject.summary else ""}
<p class="about">A sourced timeline: {h(counts)}. Every record names its sources; quotes are the sources' words, verbatim, with their speaker.{h(partial)}</p>
<nav class="toc" aria-label="Sections"><ul><li><a href="#picture">Picture</a></li>{toc}<li><a href="#disputes">Where sources disagree</a></li></ul></nav>
</header>
<section id="find" role="search" aria-label="Search and filter the records">
<div class="row"><label for="q" class="muted">Search</label>
<input id="q" type="search" name="q" autocomplete="off" spellcheck="false" placeholder="words or &quot;a phrase&quot;">
<button type="button" id="clear">Clear</button></div>
<div class="row">{self.facets()}</div>
<p id="count" role="status" aria-live="polite">{total} of {total} records</p>
<p id="problem" role="alert"></p>
<details><summary class="hint">How the search works</summary><p class="hint">As the command line's search does: every word must match, at the start of a word
(<code>report</code> finds <em>reports</em>); Japanese, Chinese and Korean match anywhere; <code>"quoted words"</code> stay together as a phrase.
Case, accents, full- and half-width forms and punctuation are ignored (<code>us</code> finds <em>U.S.</em>, <code>resume</code> finds <em>résumé</em>).
{self.glossary_hint()}The facets narrow the records further.
Keys: <kbd>/</kbd> goes to the search box, <kbd>Esc</kbd> clears it. The address's <code>?q=</code> fills the box, so a link can share a search.</p></details>
</section>
{f'<p class="marks-key">{h(key)}</p>' if key else ""}
<main id="records">
<figure class="picture" id="picture"><div class="scroll">{svg}</div>
<figcaption>The timeline's events and races; the picture shows the whole export and does not follow the search.</figcaption></figure>
{"".join(blocks)}
{disputes}
</main>
</div>
{self.stock()}
<noscript><p class="page">The search and the facets need JavaScript; every record is listed above{"" if self.total <= INLINE_LIMIT else " only when it runs (this page is long)"}.</p></noscript>
<script type="application/json" id="timeline-data">{_script_json(data)}</script>
<script>
{script}</script>
</body>
</html>
"""

    def stock(self) -> str:
        """The records not yet shown, for a long page: parsed, but outside the layout."""
        if self.total <= INLINE_LIMIT:
            return ""
        return f'<template id="stock">{"".join(self.held)}{"".join(self.held_disputes)}</template>'

    def glossary_hint(self) -> str:
        entry = next((g for g in self.timeline.glossary if len(g.names) > 1), None)
        if entry is None:
            return ""
        return (f"A name the glossary knows finds its other names too (<code>{h(entry.names[0])}</code> finds "
                f"<em>{h(entry.names[1])}</em>). ")  # fmt: skip

    def disputes(self) -> str:
        rows = []
        for record in query.disputed(self.timeline):
            if record.id not in self.index:
                continue
            when = f", {views.when(record)}" if getattr(record, "date", None) else ""
            for d in record.disputes:
                rows.append(
                    f'<div class="row" data-of="{self.index[record.id]}"><p>{self.ref(record.id)} '
                    f'<span class="muted">({model.kind_of(record)}{h(when)})</span> '
                    f'<span class="mk">⚑ {h(d.status)}</span></p>'
                    f'<p><strong>Claimed:</strong> {h(d.claim)} <span class="muted">({self.source_refs(d.claimed_by)})</span></p>'
                    f"<p><strong>Better sources:</strong> {h(d.finding)} "
                    f'<span class="muted">({self.source_refs(d.supported_by)})</span></p></div>'
                )
        if not rows:
            return ('<section id="disputes" class="plain"><h2>Where sources disagree</h2>'
                    '<p class="muted">No record in this export is disputed.</p></section>')  # fmt: skip
        listed = "" if self.total > INLINE_LIMIT else "".join(rows)
        self.held_disputes = rows if self.total > INLINE_LIMIT else []
        return (f'<section id="disputes" class="plain disputes-list"><h2>Where sources disagree '
                f'<span class="muted">(<span class="shown">{len(rows)}</span> of {len(rows)})</span></h2>'
                f'<p class="empty">None match.</p><div class="list" data-list="disputes">{listed}</div>{MORE}</section>')  # fmt: skip


def _people_of(record) -> list[str]:
    """The people a record is about, for the person facet."""
    if isinstance(record, model.Event):
        return list(record.people)
    if isinstance(record, model.Quote):
        return [record.speaker]
    if isinstance(record, model.Race):
        return list(dict.fromkeys([record.winner, *(t.candidate for rnd in record.rounds for t in rnd.tallies)]))
    if isinstance(record, model.Proposal):
        return list(dict.fromkeys(r.person for r in record.reactions if r.person))
    if isinstance(record, model.Person):
        return [record.id]
    return []


def html_export(timeline: model.Timeline, selection) -> str:
    return _Page(timeline, selection).render()
