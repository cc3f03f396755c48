"""The records of a timeline. Immutable named tuples: no I/O, no Rich, no Typer.

(Named tuples rather than dataclasses: defining fifteen frozen dataclasses costs every call
of the program about 20 ms of start-up; named tuples cost about 3.)

Field names are the data format's field names (``docs/data-format.md``); ``to_data`` gives
the record as JSON-ready data with dates at their stored precision and references as ids.
"""

from __future__ import annotations

from .dates import PartialDate
from .tuples import named_tuple

VERIFIED = "verified"
#: how a disputed claim stands (a dispute's ``status``)
DISPUTE_STATUS = ("contradicted", "conflicting", "simplified", "unverified")


@named_tuple
class Dispute:
    claim: str
    claimed_by: tuple[str, ...]
    finding: str
    supported_by: tuple[str, ...]
    status: str


@named_tuple
class Via:
    """A copy the source was read in (a mirror, a proxy, a repost, an aggregator): not what is cited."""

    url: str
    note: str  # what the copy is: "Wikipedia mirror", "syndicated copy on Yahoo! News Japan"


@named_tuple
class Source:
    id: str
    title: str | None = None  # the publication's own headline; None when no readable page gives it
    publisher: str = ""  # required by the format (spec.SOURCE); defaults only so title may be left out
    kind: str = ""
    date: PartialDate | None = None
    url: str | None = None  # the original publisher's address, never a copy's
    note: str | None = None
    description: str | None = None  # what the work is, when its title is not known (cited in [brackets])
    via: Via | None = None
    archive_url: str | None = None
    archive_date: PartialDate | None = None
    accessed: PartialDate | None = None
    language: str | None = None  # a BCP 47 tag: en, ja
    title_translated: str | None = None  # an English rendering of a headline in another language

    @property
    def heading(self) -> str:
        """The title, or, where it is not known, the description in square brackets (as APA does)."""
        return self.title or f"[{self.description}]"


@named_tuple
class Person:
    id: str
    name: str
    roles: tuple[str, ...]
    name_ja: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    name_native: str | None = None

    @property
    def native(self) -> str | None:
        """The name in the person's own script (``name_native``, or ``name_ja`` for a Japanese name)."""
        return self.name_native or self.name_ja


@named_tuple
class Event:
    id: str
    date: PartialDate
    title: str
    kind: str
    summary: str
    sources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    end: PartialDate | None = None
    circa: bool = False
    confidence: str = VERIFIED
    disputes: tuple[Dispute, ...] = ()
    note: str | None = None


@named_tuple
class Bloc:
    """Part of a candidate's votes, named in the data's own words (``Diet members``, ``party members``)."""

    name: str
    votes: int


@named_tuple
class Tally:
    candidate: str
    votes: int
    blocs: tuple[Bloc, ...] = ()  # the split, in the order written, adding up to votes


@named_tuple
class Round:
    stage: str
    tallies: tuple[Tally, ...]
    electorate: str | None = None


@named_tuple
class Race:
    id: str
    date: PartialDate
    title: str
    attempt: int
    winner: str
    result: str
    place: int
    candidates: int
    runoff: bool
    rounds: tuple[Round, ...]
    summary: str
    sources: tuple[str, ...]
    circa: bool = False
    confidence: str = VERIFIED
    disputes: tuple[Dispute, ...] = ()
    note: str | None = None
    contest: str | None = None  # what was contested: "LDP presidential election"


@named_tuple
class Variant:
    text: str
    sources: tuple[str, ...]
    note: str | None = None


@named_tuple
class Quote:
    id: str
    text: str
    speaker: str
    date: PartialDate
    occasion: str
    sources: tuple[str, ...]
    event: str | None = None
    circa: bool = False
    original: str | None = None
    variants: tuple[Variant, ...] = ()
    context: str | None = None
    confidence: str = VERIFIED
    disputes: tuple[Dispute, ...] = ()
    note: str | None = None
    phrase: bool = False  # a fragment of a few words, not a full statement
    passage: str | None = None  # the sentence or two of the first source that hold the words, as printed


@named_tuple
class Reaction:
    by: str
    summary: str
    sources: tuple[str, ...]
    date: PartialDate | None = None
    person: str | None = None


@named_tuple
class Proposal:
    id: str
    title: str
    summary: str
    rationale: str
    assessment: str
    outcome: str
    sources: tuple[str, ...]
    events: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    status: str | None = None
    confidence: str = VERIFIED
    disputes: tuple[Dispute, ...] = ()
    note: str | None = None


@named_tuple
class Point:
    """One value of a series (a poll's result), dated by its fieldwork (the last day, or the span)."""

    date: PartialDate
    value: float | int
    sources: tuple[str, ...]
    note: str | None = None
    end: PartialDate | None = None  # where the date is the start of a span (a poll's fieldwork)


@named_tuple
class Series:
    """Numbers over time from one publisher: cabinet approval in one pollster's monthly poll."""

    id: str
    title: str
    unit: str  # "%", "seats"
    publisher: str
    points: tuple[Point, ...]
    note: str | None = None
    sources: tuple[str, ...] = ()  # where the series as a whole is described (its method)

    # A series is listed, searched and cited as the other records are: its date is its first
    # point's, its end its last point's (the last day of a span where the point gives one).
    @property
    def date(self) -> PartialDate:
        return self.points[0].date

    @property
    def end(self) -> PartialDate | None:
        last = self.points[-1]
        end = last.end or last.date
        return None if len(self.points) == 1 and last.end is None else end


@named_tuple
class Term:
    """A glossary entry: one thing and every name it goes by (in any language)."""

    term: str
    also: tuple[str, ...]
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@named_tuple
class Subject:
    name: str
    name_western: str
    name_ja: str | None = None
    person: str | None = None
    born: PartialDate | None = None
    summary: str | None = None
    name_native: str | None = None
    short_name: str | None = None
    covered_to: PartialDate | None = None  # the date the record is curated to: silence after it is no news

    @property
    def native(self) -> str | None:
        """The name in the subject's own script, where the timeline gives one."""
        return self.name_native or self.name_ja

    def heading(self) -> str:
        """``Name (native name)``, or the name alone."""
        return f"{self.name} ({self.native})" if self.native and self.native != self.name else self.name


Record = Source | Person | Event | Race | Quote | Proposal | Series


@named_tuple
class Section:
    """One section of a timeline: what every part of the program (loader, cache, queries, views,
    exports, browser) knows of it. A new section is a line of :data:`SECTIONS`."""

    name: str  # the file's key and the commands' word: "events"
    singular: str  # one record of it, and its kind (``--format json``'s "type"): "event"
    title: str  # its heading: "Events"
    record: type  # the record class
    dated: bool  # every record has a date: listed oldest first, found by dates, in the timeline's span
    chronological: bool  # its records stand at dates (a series at its first point's): a search lists them so
    optional: bool = False  # a timeline may well leave it out: its count is named only when there are any

    def noun(self, count: int) -> str:
        """``events`` or, for one, ``event``."""
        return self.singular if count == 1 else self.name


#: every section, in the order of display
SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("events", "event", "Events", Event, dated=True, chronological=True),
        Section("races", "race", "Races", Race, dated=True, chronological=True),
        Section("quotes", "quote", "Quotes", Quote, dated=True, chronological=True),
        Section("proposals", "proposal", "Proposals", Proposal, dated=False, chronological=False),
        Section("series", "series", "Series", Series, dated=False, chronological=True, optional=True),
        Section("people", "person", "People", Person, dated=False, chronological=False),
        Section("sources", "source", "Sources", Source, dated=False, chronological=False),
    )
}
KIND_OF_CLASS = {s.record: s.singular for s in SECTIONS.values()}
KINDS = tuple(s.singular for s in SECTIONS.values())
#: the sections whose records all have dates (see ``Section.dated``)
DATED = tuple(s.name for s in SECTIONS.values() if s.dated)


class Timeline:
    """A whole timeline in memory: its sections, and every record by id."""

    def __init__(
        self,
        schema_version: int,
        subject: Subject,
        sources: tuple = (),
        people: tuple = (),
        events: tuple = (),
        races: tuple = (),
        quotes: tuple = (),
        proposals: tuple = (),
        path: str = "",
        glossary: tuple = (),
        series: tuple = (),
    ) -> None:
        self.schema_version, self.subject, self.path = schema_version, subject, path
        self.sources, self.people, self.events = sources, people, events
        self.races, self.quotes, self.proposals = races, quotes, proposals
        self.glossary: tuple[Term, ...] = glossary
        self.series: tuple[Series, ...] = series  # numbers over time
        self.by_id: dict[str, Record] = {}
        for section in SECTIONS:
            for record in getattr(self, section):
                self.by_id[record.id] = record

    def __repr__(self) -> str:
        return f"Timeline({self.path!r}, {self.counts()})"

    def section(self, name: str) -> tuple:
        return getattr(self, name)

    def candidates(self, section: str, reverse: bool = False, **_hints):
        """The section's records in date order: every one that might match (here, all of them).

        A cached timeline (``cache.py``) narrows this down in its index first; the caller always
        applies the exact filter, so both give the same answer.
        """
        return iter(by_date(self.section(section), reverse))

    def index(self) -> list[tuple[str, str, str]]:
        """``(id, kind, title)`` of every record, for looking records up by id, prefix or title word."""
        return [(rid, kind_of(r), title_of(r)) for rid, r in self.by_id.items()]

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}

    def facets(self) -> dict[str, list[str]]:
        """The event kinds and tags in use (lowercase, sorted): what ``--kind`` and ``--tag`` accept."""
        kinds = {e.kind.lower() for e in self.events}
        tags = {t.lower() for e in self.events for t in e.tags}
        return {"kind": sorted(kinds), "tag": sorted(tags)}

    def dated(self) -> list[PartialDate]:
        """Every date the timeline holds (starts and ends), for its span."""
        out: list[PartialDate] = []
        for record in (r for name in DATED for r in getattr(self, name)):
            out.append(record.date)
            end = getattr(record, "end", None)
            if end is not None:
                out.append(end)
        return out


def by_date(records, reverse: bool = False) -> list:
    """Oldest first (newest first with ``reverse``); ties keep the file's order."""
    return sorted(records, key=lambda r: r.date.sort_key(), reverse=reverse)


def in_date_order(records) -> list:
    """Oldest first, the undated (``date`` None: some sources and reactions) last; ties keep
    their order. Every list of related records is shown in this order."""
    return sorted(records, key=lambda r: (0, r.date.sort_key()) if r.date is not None else (1,))


def title_of(record) -> str:
    """The one line that names a record in a list."""
    if isinstance(record, Quote):
        return record.text
    if isinstance(record, Person):
        return record.name + (f" ({record.native})" if record.native else "")
    if isinstance(record, Source):
        return record.heading
    return record.title


def kind_of(record: object) -> str:
    return KIND_OF_CLASS[type(record)]


_DATE_FIELDS = {"date", "end", "born", "archive_date", "accessed", "covered_to"}
_NESTED: dict[str, type] = {}  # field name -> record class of its items (filled below)


def from_data(cls: type, data: dict):
    """The inverse of :func:`to_data` for a record class: ISO dates and lists back to the model.

    The cache reads every record through here, so the loop is kept tight: one type test for
    lists, and each distinct date parsed once."""
    kwargs = {}
    for name, value in data.items():
        if value is None:
            continue
        if type(value) is list:
            nested = _NESTED.get(name)
            value = tuple(from_data(nested, item) for item in value) if nested else tuple(value)
        elif type(value) is dict:
            value = from_data(_NESTED[name], value)
        elif name in _DATE_FIELDS:
            value = _DATES.get(value) or _date(value)
        kwargs[name] = value
    return cls(**kwargs)


_DATES: dict = {}  # ISO text -> PartialDate, for the dates from_data has met


def _date(value):
    from .dates import parse_date

    parsed = parse_date(value)
    if len(_DATES) < 65536:
        _DATES[value] = parsed
    return parsed


def to_data(value: object) -> object:
    """A record (or any model value) as JSON-ready data; references stay ids."""
    if isinstance(value, PartialDate):
        return value.iso()
    if hasattr(value, "_fields"):
        return {name: to_data(getattr(value, name)) for name in value._fields}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value


_NESTED.update(
    points=Point,
    via=Via,
    disputes=Dispute,
    rounds=Round,
    tallies=Tally,
    blocs=Bloc,
    variants=Variant,
    reactions=Reaction,
)
