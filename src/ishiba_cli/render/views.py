"""What each command shows, independent of the output format.

A command builds a view (a listing, a detail, grouped search results or a summary); a format
from the registry in ``render/__init__.py`` turns it into text or a Rich renderable.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import model, query
from ..dates import approximately
from ..model import Event, Person, Proposal, Quote, Race, Series, Source, Timeline
from ..search import Matcher
from ..tuples import named_tuple
from .text import inner_quotes


@named_tuple
class Column:
    header: str
    value: Callable[[object], str]
    no_wrap: bool = False
    ratio: int | None = None
    style: str | None = None
    highlight: bool = False
    max_width: int | None = None
    min_width: int | None = None  # narrowest this text column may wrap to before the listing stacks


@named_tuple
class Listing:
    section: str  # "events", "quotes"... (one kind of record)
    records: list
    columns: list[Column]
    timeline: Timeline
    matcher: Matcher | None = None


@named_tuple
class Grouped:
    """Search results: one listing per kind of record."""

    groups: list[Listing]
    timeline: Timeline
    matcher: Matcher | None = None


@named_tuple
class Detail:
    record: object
    kind: str
    timeline: Timeline
    fields: list[tuple[str, str]]
    blocks: list[tuple[str, list[str]]]  # heading, paragraphs (variants, reactions, disputes...)
    related: dict[str, list]
    matcher: Matcher | None = None


@named_tuple
class SourceList:
    sources: list[Source]
    counts: dict[str, int]
    timeline: Timeline


@named_tuple
class SummaryView:
    summary: query.Summary


@named_tuple
class Chart:
    """One series drawn: its points with their sources (``ishiba series ID``)."""

    series: Series
    timeline: Timeline


@named_tuple
class OnThisDayView:
    """``onthisday``: the records dated to a day of the year (``anniversaries.OnThisDay``)."""

    result: object  # anniversaries.OnThisDay
    timeline: Timeline

    @property
    def records(self) -> list:
        return [a.record for a in (*self.result.dated, *self.result.month_only)]

    def parts(self) -> list[tuple[str, str, list]]:
        """``(on, heading, rows)``: the records dated to the day (``on`` is ``day``), then those
        dated only to the month (``month``: rows with no years, never placed on a day)."""
        r = self.result
        around = f" (or within {r.window} day{'s' if r.window != 1 else ''})" if r.window else ""
        months = sorted({a.record.date.month for a in r.month_only}, key=lambda m: (m - r.day.month) % 12)
        names = " and ".join(_month_name(m) for m in months) or _month_name(r.day.month)
        return [
            ("day", f"On {r.day.words()}{around}, in any year (years counted to {r.year})", list(r.dated)),
            ("month", f"This month: dated only to {names}, the day not known", list(r.month_only)),
        ]  # fmt: skip


def _month_name(month: int) -> str:
    import calendar

    return calendar.month_name[month]


#: each kind of view, by the name its renderers go by in every format module (``_listing``...)
VIEW_NAMES = {Listing: "listing", Grouped: "grouped", Detail: "detail", SourceList: "sources", SummaryView: "summary",
              Chart: "chart", OnThisDayView: "onthisday"}  # fmt: skip


def dispatch(renderers: dict, view):
    """Call the renderer a format module defines for ``view``'s kind (``_listing``, ``_detail``...)."""
    return renderers["_" + VIEW_NAMES[type(view)]](view)


# ----------------------------------------------------------------------------- small helpers


def when(record) -> str:
    """A record's date as shown: its precision, ``c.`` when approximate, ``A – B`` for spans."""
    date = record.date
    text = approximately(date.iso(), getattr(record, "circa", False))
    end = getattr(record, "end", None)
    return f"{text} – {end.iso()}" if end is not None else text


def name_of(timeline: Timeline, pid: str | None) -> str:
    person = timeline.by_id.get(pid) if pid else None
    return person.name if isinstance(person, Person) else (pid or "")


#: the heading of the marks column (⚑ disputed, ? not fully verified)
MARKS = "marks"


def flags(record) -> str:
    """Short markers: ⚑ disputed, ? not fully verified."""
    marks = []
    if getattr(record, "disputes", ()):
        marks.append("⚑")
    if getattr(record, "confidence", model.VERIFIED) != model.VERIFIED:
        marks.append("?")
    return " ".join(marks)


#: what each confidence short of ``verified`` tells a reader (the ``?`` mark in words)
DOUBTS = {
    "plausible": "the sources support it only in part",
    "unverified": "the sources read do not confirm it",
}


def marks_key(records, section: str = "Where sources disagree") -> str | None:
    """What the marks on ``records`` mean, for the marks they use (None when they use none):
    ⚑, ?, c. and, for quotes, (phrase)."""
    keys = []
    if any(getattr(r, "disputes", ()) for r in records):
        keys.append(f"⚑ the sources disagree (see {section})")
    used = {getattr(r, "confidence", model.VERIFIED) for r in records} - {model.VERIFIED}
    keys += [doubt(c) for c in sorted(used)]
    if any(getattr(r, "circa", False) for r in records):
        keys.append("c. the date is approximate")
    if any(getattr(r, "phrase", False) for r in records):
        keys.append("(phrase) a fragment of a few words, not a full statement")
    return "Marks: " + "; ".join(keys) + "." if keys else None


def record_line(timeline: Timeline, record) -> str:
    """A record's line in a list of several kinds: a quote with its speaker (``Ishiba Shigeru:
    “...”``), a race with its result (``(race: lost, 2nd of 5)``), an event by its title."""
    if isinstance(record, Quote):
        return f"{name_of(timeline, record.speaker)}: {quoted(record)}"
    return event_title(record)


def anniversary_columns(timeline: Timeline) -> list[Column]:
    """``onthisday``'s columns, over ``anniversaries.Anniversary`` rows: ``ago`` is how many
    years before this year's anniversary (of the day, or of the month for a record dated only
    to the month)."""
    from ..anniversaries import years_ago_text

    return [
        Column("date", lambda a: when(a.record), max_width=13),
        Column("ago", lambda a: years_ago_text(a.years_ago, ""), no_wrap=True),
        Column("id", lambda a: a.record.id, style="cyan", no_wrap=True),
        Column("title", lambda a: record_line(timeline, a.record), ratio=3),
        Column(MARKS, lambda a: flags(a.record), no_wrap=True, style="yellow"),
    ]  # fmt: skip


#: characters of a field shown either side of the first matched word in a "matched in" line
EXCERPT = 30


def matched_lines(timeline: Timeline, record, matcher: Matcher | None, shown: list[str]) -> list[tuple[str, list]]:
    """For a search result whose words are not all in what a listing shows of it (``shown``):
    ``matched in context: …the tariff deal.`` lines, each with the ranges of its matched words
    (to highlight). One line per field holding words the listing does not show."""
    from .text import one_line

    out = []
    for m in query.unseen_matches(timeline, record, matcher, shown):
        first = m.spans[0][0]
        start = max(0, first - EXCERPT)
        end = min(len(m.text), max(e for _, e in m.spans if _ - first <= 2 * EXCERPT) + EXCERPT)
        if start:  # start at a word
            space = m.text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        if end < len(m.text):
            space = m.text.rfind(" ", end - EXCERPT // 2, end)
            end = space if space > first else end
        head = f"matched in {m.field}: " + ("…" if start else "")
        body = one_line(m.text[start:end])
        spans = [(len(head) + a - start, len(head) + b - start) for a, b in m.spans if a >= start and b <= end]
        out.append((head + body + ("…" if end < len(m.text) else ""), spans))
    return out


def view_key(view) -> str | None:
    """The key to the marks a listing or search result shows (None for other views, or none shown)."""
    if isinstance(view, Listing):
        records = view.records
    elif isinstance(view, Grouped):
        records = [r for g in view.groups for r in g.records]
    else:
        records = getattr(view, "records", None)
        if records is None:
            return None
    return marks_key(records, "ishiba disputes")


def doubt(confidence: str) -> str:
    """The ``?`` mark in words, ``? plausible: the sources support it only in part``; empty for
    ``verified``."""
    if confidence == model.VERIFIED:
        return ""
    return f"? {confidence}: {DOUBTS.get(confidence, 'not verified')}"


def headline(source: Source) -> str:
    """A source's title in quotation marks, with its English rendering in brackets after it; a
    work whose title is not known, its description in square brackets (never in quotation marks)."""
    if not source.title:
        return source.heading
    title = f"“{inner_quotes(source.title)}”"
    return title + (f" [{inner_quotes(source.title_translated)}]" if source.title_translated else "")


def cite(source: Source) -> str:
    """A one-line citation: Publisher, "Title", date. URL (the original's, never a copy's)."""
    parts = [source.publisher, headline(source), source.date.iso() if source.date else "n.d"]
    text = ", ".join(parts) + "."
    return text + (f" {source.url}" if source.url else "")


def quoted(quote: Quote) -> str:
    """A quote's words in quotation marks; a fragment says that it is one."""
    return f"“{quote.text}”" + (" (phrase)" if quote.phrase else "")


def speaker_of(timeline: Timeline, quote: Quote) -> str:
    """Who said ``quote``, as a list of quotes inside another record names them: the subject by
    the short name (``Ishiba``), anyone else by full name, so nobody's words pass as another's."""
    if quote.speaker and quote.speaker == timeline.subject.person:
        return short_name(timeline)
    return name_of(timeline, quote.speaker)


def attributed(timeline: Timeline, quote: Quote) -> str:
    """A quote with its speaker: ``Daniel Kritenbrink: “It's too early...”``."""
    return f"{speaker_of(timeline, quote)}: {quoted(quote)}"


def final_votes(race: Race, person: str | None) -> tuple[int | None, int | None]:
    """(the subject's votes, the winner's votes) in the deciding round; None where unknown."""
    final = {t.candidate: t.votes for t in race.rounds[-1].tallies}
    if person is None and race.result == "won":  # unlinked, but a race the subject won is the winner's
        return final.get(race.winner), final.get(race.winner)
    return final.get(person) if person else None, final.get(race.winner)


def runner_up(race: Race) -> tuple[str, int] | None:
    """(the runner-up, their votes) in the deciding round: the best tally after the winner's."""
    others = [t for t in race.rounds[-1].tallies if t.candidate != race.winner]
    if not others:
        return None
    best = max(others, key=lambda t: t.votes)
    return best.candidate, best.votes


#: what ``subject.covered_to`` tells a reader, where the summary states it
COVERED_TO = "the record stops there; after it, no record means not yet curated, not that nothing happened"

#: what stands for the subject's votes when the timeline does not say which person the subject is
UNLINKED = "not linked"


# ----------------------------------------------------------------------------- listings


def event_title(record) -> str:
    """An events listing's title: a race among the events says it is one, and how it went."""
    if isinstance(record, Race):
        return f"{record.title} (race: {race_result(record)})"
    return record.title


EVENT_COLUMNS = [
    Column("date", when, max_width=13),  # c. 2010-01-12 stays on one line
    Column("id", lambda e: e.id, style="cyan", no_wrap=True),
    Column("title", event_title, ratio=3, highlight=True),
    Column(MARKS, flags, no_wrap=True, style="yellow"),
]


def quote_columns(timeline: Timeline) -> list[Column]:
    return [
        Column("date", when, no_wrap=True),
        Column("id", lambda q: q.id, style="cyan", no_wrap=True),
        Column("speaker", lambda q: name_of(timeline, q.speaker)),
        Column("quote", quoted, ratio=3, highlight=True),
        Column(MARKS, flags, no_wrap=True, style="yellow"),
    ]


def race_columns(timeline: Timeline) -> list[Column]:
    def votes(r):
        return race_margin(timeline, r)

    # races of more than one contest lose the shared heading that named it: each names its own
    contest = [Column("contest", lambda r: r.contest or "")] if contests_differ(timeline.races) else []
    return [
        Column("#", lambda r: str(r.attempt), no_wrap=True),
        Column("date", when, no_wrap=True),
        Column("id", lambda r: r.id, style="cyan", no_wrap=True),
        *contest,
        Column("winner", lambda r: name_of(timeline, r.winner)),
        Column("result", lambda r: race_result(r, compact=True), no_wrap=True),
        Column(f"{short_name(timeline)} / rival", votes, min_width=14),
        Column("runoff", lambda r: "yes" if r.runoff else "no", no_wrap=True),
        Column(MARKS, flags, no_wrap=True, style="yellow"),
    ]


def source_heading(timeline: Timeline, sid: str) -> str:
    """A source's title (or its description in brackets) by id; the id where none is known."""
    source = timeline.by_id.get(sid)
    return source.heading if isinstance(source, Source) else sid


def series_span(series: Series) -> str:
    """``2010-02-14 to 2011-01-16``: the dates of the first and the last point."""
    from .chart import span_text

    first, last = span_text(series.points[0]), span_text(series.points[-1])
    return first if len(series.points) == 1 else f"{first} to {last}"


def chart_date(point) -> str:
    """A point's date as the chart writes it (a span briefly: ``2010-07-10–12``)."""
    from .chart import span_text

    return span_text(point)


def value_with_unit(series: Series, value) -> str:
    """``47%``, ``212 seats``: a value as read, with its series' unit."""
    from .chart import value_text

    return value_text(value) + (series.unit if series.unit in {"%", "‰"} else f" {series.unit}")


def point_line(series: Series, point) -> str:
    """``2010-07-10–12  47%  (ledger-poll-2010) — a note``: one point as a line of text."""
    note = f" — {point.note}" if point.note else ""
    return f"{chart_date(point)}  {value_with_unit(series, point.value)}  ({', '.join(point.sources)}){note}"


SERIES_COLUMNS = [
    Column("id", lambda s: s.id, style="cyan", no_wrap=True),
    Column("title", lambda s: s.title, ratio=3, highlight=True),
    Column("publisher", lambda s: s.publisher, highlight=True, max_width=11),
    Column("unit", lambda s: s.unit, no_wrap=True),
    Column("points", lambda s: str(len(s.points)), no_wrap=True),
    Column("span", series_span, max_width=13),  # 2010-02-14 to / 2011-01-16
]

PROPOSAL_COLUMNS = [
    Column("id", lambda p: p.id, style="cyan", no_wrap=True),
    Column("title", lambda p: p.title, ratio=2, highlight=True),
    Column("status", lambda p: p.status or "", no_wrap=True),
    Column("quotes", lambda p: str(len(p.quotes)), no_wrap=True),
    Column(MARKS, flags, no_wrap=True, style="yellow"),
]


def person_columns(people) -> list[Column]:
    """The people's columns; ``native name`` (``name_native`` or ``name_ja``) only when one of
    ``people`` has such a name (another subject's timeline may have none: an empty column would
    say nothing)."""
    cols = [
        Column("id", lambda p: p.id, style="cyan", no_wrap=True),
        Column("name", lambda p: p.name, highlight=True),
        Column("native name", lambda p: p.native or "", no_wrap=True),
        Column("roles", lambda p: "; ".join(p.roles), ratio=2),
    ]
    return cols if any(p.native for p in people) else [c for c in cols if c.header != "native name"]


def source_columns(counts: dict[str, int] | None = None) -> list[Column]:
    cols = [
        Column("id", lambda s: s.id, style="cyan", no_wrap=True),
        Column("citation", cite, ratio=3, highlight=True),
    ]
    if counts is not None:
        cols.append(Column("cited by", lambda s: str(counts.get(s.id, 0)), no_wrap=True))
    return cols


def race_result(race: Race, compact: bool = False) -> str:
    """``lost, 5th of 5`` (or ``lost, 5th/5``): the subject's result and place."""
    of = "/" if compact else " of "
    return f"{race.result}, {ordinal(race.place)}{of}{race.candidates}"


def number(n: int) -> str:
    """A count as people read it: four digits or more grouped by thousands (``1,168,738``).
    Views for people use it; the machine formats keep the plain number."""
    return f"{n:,}" if n >= 1000 else str(n)


def count_text(n: int | None) -> str:
    return "not recorded" if n is None else number(n)


def short_name(timeline: Timeline) -> str:
    """The subject's ``short_name``, else the last word of the Western-order name (``Ishiba``),
    for tight headers."""
    if timeline.subject.short_name:
        return timeline.subject.short_name
    words = timeline.subject.name_western.split()
    return words[-1] if words else timeline.subject.name


def race_margin(timeline: Timeline, race: Race) -> str:
    """The subject's votes against the rival's in the deciding round, for a table cell: in a race
    the subject won, the runner-up's, named (``215 / 194 Takaichi Sanae``); in one they lost, the
    winner's (``25 / 351``: the winner column names them). Numbers grouped (``1,168,738``)."""
    subject = timeline.subject.person
    own, theirs = final_votes(race, subject)
    mine = UNLINKED if own is None and subject is None else count_text(own)
    if race.result == "won":
        second = runner_up(race)
        if second is None:
            return f"{mine} / no rival recorded"
        return f"{mine} / {number(second[1])} {name_of(timeline, second[0])}"
    return f"{mine} / {count_text(theirs)}"


def race_votes(timeline: Timeline, race: Race) -> str:
    """The deciding count in words: ``Aso Taro won 351 to Ishiba Shigeru's 25``, and for a race
    the subject won, whom they beat: ``won 215 to Takaichi Sanae's 194``; where the sources give
    no tally for someone, the sentence says so."""
    name = timeline.subject.name
    own, theirs = final_votes(race, timeline.subject.person)
    winner = name_of(timeline, race.winner)
    missing = (  # the tallies may hold them, but without subject.person nobody knows which they are
        f"{name}'s votes cannot be picked out (subject.person is not set)"
        if timeline.subject.person is None
        else f"{name}'s votes are not in the sources"
    )
    second = runner_up(race)
    if race.result == "won" and own is not None and second is not None:
        text = f"won {number(own)} to {name_of(timeline, second[0])}'s {number(second[1])}"
    elif race.result == "won":
        text = f"won with {number(own)} votes" if own is not None else f"won; {missing}"
    elif own is not None and theirs is not None:
        text = f"{winner} won {number(theirs)} to {name}'s {number(own)}"
    elif theirs is not None:
        text = f"{winner} won with {number(theirs)} votes; {missing}"
    elif own is not None:
        text = f"{winner} won; {name} had {number(own)} votes, the winner's are not in the sources"
    else:
        text = f"{winner} won; the votes are not in the sources"
    return text + (" in a runoff" if race.runoff else "")


def contests_differ(races) -> bool:
    return len({r.contest for r in races}) > 1


def contest_heading(races) -> str:
    """A heading for the races, from their ``contest``: ``LDP presidential elections`` when they
    share one, ``Races`` otherwise."""
    contests = {r.contest for r in races}
    if len(contests) == 1 and None not in contests:
        (contest,) = contests
        return contest[0].upper() + contest[1:] + ("" if contest.endswith("s") else "s")
    return "Races"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DISPUTE_COLUMNS = [
    Column("record", lambda d: d.record, style="cyan", no_wrap=True),
    Column("status", lambda d: d.status, no_wrap=True, style="yellow"),
    Column("claim", lambda d: d.claim, ratio=2, highlight=True, min_width=32),
    Column("claimed by", lambda d: ", ".join(d.claimed_by)),
    Column("better sources say", lambda d: d.finding, ratio=2, min_width=32),
    Column("supported by", lambda d: ", ".join(d.supported_by)),
]

#: listings whose rows are not records of a section: the class of their rows
ROW_CLASSES = {"disputes": query.DisputeRow}


def columns_for(
    section: str, timeline: Timeline, counts: dict[str, int] | None = None, records: list | None = None
) -> list[Column]:
    """The columns of a listing of ``section``; fitted to ``records`` when given (a column that
    only some records fill is left out when none of them do), else to the whole timeline."""
    return {
        "disputes": lambda: DISPUTE_COLUMNS,
        "events": lambda: EVENT_COLUMNS,
        "quotes": lambda: quote_columns(timeline),
        "races": lambda: race_columns(timeline),
        "proposals": lambda: PROPOSAL_COLUMNS,
        "series": lambda: SERIES_COLUMNS,
        "people": lambda: person_columns(timeline.people if records is None else records),
        "sources": lambda: source_columns(counts),
    }[section]()


def listing(section: str, records: list, timeline: Timeline, matcher: Matcher | None = None) -> Listing:
    counts = query.citation_counts(timeline) if section == "sources" else None
    return Listing(section, records, columns_for(section, timeline, counts, records), timeline, matcher)


def grouped(found: dict[str, list], timeline: Timeline, matcher: Matcher | None) -> Grouped:
    return Grouped(
        [listing(section, records, timeline, matcher) for section, records in found.items()], timeline, matcher
    )


# ----------------------------------------------------------------------------- details


def _dispute_lines(record) -> list[str]:
    out = []
    for d in getattr(record, "disputes", ()):
        out.append(
            f"[{d.status}] {d.claim} (claimed by {', '.join(d.claimed_by)})\n"
            f"Better sources: {d.finding} ({', '.join(d.supported_by)})"
        )
    return out


def stage_name(stage: str) -> str:
    """A round's heading: a one-word stage is a round (``first round``, ``runoff round``); a stage
    of several words is the data's own name for the ballot (``members' ballot``), kept as written."""
    return stage if " " in stage.strip() else f"{stage} round"


def rounds_lines(timeline: Timeline, race: Race) -> list[str]:
    out = []
    for rnd in race.rounds:
        head = stage_name(rnd.stage) + (f": {rnd.electorate}" if rnd.electorate else "")
        rows = []
        for t in rnd.tallies:
            split = ", ".join(f"{b.name} {number(b.votes)}" for b in t.blocs)
            rows.append(f"  {name_of(timeline, t.candidate)}: {number(t.votes)}" + (f" ({split})" if split else ""))
        out.append(head + "\n" + "\n".join(rows))
    return out


def detail(record, timeline: Timeline, matcher: Matcher | None = None) -> Detail:
    kind = model.kind_of(record)
    fields: list[tuple[str, str]] = []
    blocks: list[tuple[str, list[str]]] = []
    add = fields.append
    if isinstance(record, Event):
        add(("date", when(record)))
        add(("kind", record.kind))
        if record.tags:
            add(("tags", ", ".join(record.tags)))
        if record.people:
            add(("people", ", ".join(name_of(timeline, p) for p in record.people)))
        add(("summary", record.summary))
    elif isinstance(record, Quote):
        add(("speaker", name_of(timeline, record.speaker)))
        add(("date", when(record)))
        add(("occasion", record.occasion))
        if record.sources:  # the format: the text is verbatim as the first source prints it
            add(("wording", f"as {record.sources[0]} prints it"))
        if record.phrase:
            add(("phrase", "yes: a fragment of a few words, not a full statement"))
        if record.original:
            add(("original", record.original))
        if record.context:
            add(("context", record.context))
        if record.variants:
            blocks.append(("Other wordings", [
                f"“{v.text}” ({', '.join(v.sources)})" + (f" — {v.note}" if v.note else "") for v in record.variants
            ]))  # fmt: skip
    elif isinstance(record, Race):
        add(("date", when(record)))
        if record.contest:
            add(("contest", record.contest))
        add(("attempt", str(record.attempt)))
        add(("winner", name_of(timeline, record.winner)))
        add(("result", race_result(record)))
        add(("runoff", "yes" if record.runoff else "no"))
        add(("votes", race_votes(timeline, record)))
        add(("summary", record.summary))
        blocks.append(("Rounds", rounds_lines(timeline, record)))
    elif isinstance(record, Proposal):
        add(("summary", record.summary))
        add(("rationale", record.rationale))
        add(("assessment", record.assessment))
        add(("outcome", record.outcome))
        if record.status:
            add(("status", record.status))
        lines = []
        for r in model.in_date_order(record.reactions):
            when_text = r.date.iso() if r.date else "n.d."
            lines.append(f"{when_text}  {r.by}: {r.summary} ({', '.join(r.sources)})")
        blocks.append(("Reactions", lines or ["none recorded in the sources read"]))
    elif isinstance(record, Series):
        add(("publisher", record.publisher))
        add(("unit", record.unit))
        add(("span", series_span(record)))
        add(("points", str(len(record.points))))
        if record.sources:
            add(("method", ", ".join(record.sources)))
        blocks.append(("Points", [point_line(record, p) for p in record.points]))
    elif isinstance(record, Person):
        if record.native:
            add(("native name", record.native))
        add(("roles", "; ".join(record.roles)))
    elif isinstance(record, Source):
        if not record.title:
            add(("title", "not known: cited by its description, in square brackets"))
        if record.title_translated:
            add(("title in English", record.title_translated))
        add(("publisher", record.publisher))
        add(("date", record.date.iso() if record.date else "n.d. (not known)"))
        add(("kind", record.kind))
        if record.language:
            add(("language", record.language))
        if record.url:
            add(("url", record.url))
        if record.via:
            add(("read via", f"{record.via.note}: {record.via.url}"))
        if record.archive_url:
            taken = f" (snapshot of {record.archive_date.iso()})" if record.archive_date else ""
            add(("archived", record.archive_url + taken))
        if record.accessed:
            add(("accessed", record.accessed.iso()))
        citing = query.citation_counts(timeline).get(record.id, 0)
        add(("cited by", f"{citing} record" + ("" if citing == 1 else "s")))
        party = query.disputes_of_source(timeline, record.id)
        if party:
            blocks.append(("Disputes this source is party to", [
                f"[{row.status}] {row.record}: {how}: {row.claim if how == 'claims' else row.finding}"
                for how, row in party
            ]))  # fmt: skip
    confidence = getattr(record, "confidence", None)
    if confidence and confidence != model.VERIFIED:
        add(("confidence", confidence))
    if getattr(record, "note", None):
        add(("note", record.note))
    disputes = _dispute_lines(record)
    if disputes:
        blocks.insert(0, ("Disputed", disputes))
    return Detail(record, kind, timeline, fields, blocks, query.related(timeline, record), matcher)


def related_cells(record, timeline: Timeline) -> list[str]:
    """How a related record appears under a detail view: [date,] id, title; a quote's title is
    its words after its speaker's name."""
    if isinstance(record, Source):
        return [record.id, cite(record)]
    marks = flags(record)  # a disputed or partly supported record keeps its mark wherever it is listed
    marks = f"  {marks}" if marks else ""
    if isinstance(record, (Person, Proposal, Series)):
        return [record.id, model.title_of(record) + marks]
    title = attributed(timeline, record) if isinstance(record, Quote) else record.title
    return [when(record).replace(" – ", " –\n"), record.id, title + marks]


def related_line(record, timeline: Timeline) -> str:
    return "  ".join(related_cells(record, timeline)).replace("\n", " ")
