"""Questions asked of a timeline: filters, id lookup, links between records, summaries.

Pure functions over model records: no printing, no environment, no clock.

Date rule (the same for every filter): a record covers a period: a day, a month or a year at
its date's precision, stretched to its ``end`` for spans such as offices held. A filter also
names a period (``--year 2008``, ``--on 2008-09``, ``--from 2008-09 --to 2009``: ``--from``
starts on the first day of its period, ``--to`` ends on the last day of its own). A record
matches when the two periods overlap, so a record dated only ``2008`` may fall in
``--from 2008-09`` and is listed, and an office held 2002-2004 matches ``--year 2003``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from . import model
from .dates import DateRange, PartialDate, range_between, span_of
from .errors import NotFoundError, UsageError
from .model import Event, Person, Proposal, Quote, Race, Source, Timeline, by_date
from .model import title_of as title_of  # re-exported: views name records through query
from .search import Matcher, fold

# ----------------------------------------------------------------------------- dates


def covers(record, window: DateRange) -> bool:
    """Whether the period a record covers overlaps ``window``."""
    first, last = span_of(record.date, getattr(record, "end", None))
    return window.overlaps(first, last)


def year_window(year: int) -> DateRange:
    if not 1 <= year <= 9999:
        raise UsageError(f"year {year} is out of range (1-9999)")
    return range_between(PartialDate(year), PartialDate(year))


# ----------------------------------------------------------------------------- searchable text


def person_names(timeline: Timeline, ids: Iterable[str]) -> list[str]:
    out = []
    for pid in ids:
        person = timeline.by_id.get(pid)
        if isinstance(person, Person):
            out.append(person.name)
            if person.name_ja:
                out.append(person.name_ja)
    return out


def texts_of(timeline: Timeline, record) -> list[str]:
    """The texts a search looks in, for any kind of record."""
    if isinstance(record, Event):
        return [record.title, record.summary, record.kind, " ".join(record.tags), record.note or "",
                *person_names(timeline, record.people), *(d.claim for d in record.disputes)]  # fmt: skip
    if isinstance(record, Quote):
        return [record.text, record.original or "", *(v.text for v in record.variants), record.occasion,
                record.context or "", *person_names(timeline, [record.speaker])]  # fmt: skip
    if isinstance(record, Race):
        candidates = [t.candidate for r in record.rounds for t in r.tallies]
        return [record.title, record.summary, record.note or "", *person_names(timeline, candidates)]
    if isinstance(record, Proposal):
        return [record.title, record.summary, record.rationale, record.assessment, record.outcome,
                *(r.summary for r in record.reactions), *(r.by for r in record.reactions)]  # fmt: skip
    if isinstance(record, Person):
        return [record.name, record.name_ja or "", *record.roles, record.note or ""]
    if isinstance(record, Source):
        return [record.title, record.publisher, record.url or "", record.note or ""]
    return []


# ----------------------------------------------------------------------------- ids


def resolve(timeline: Timeline, ref: str, kinds: tuple[str, ...] | None = None):
    """Find one record by exact id, unique id prefix, or unique word of its title.

    ``kinds`` limits the search (e.g. ``("proposal",)``). Raises ``NotFoundError`` listing
    the closest candidates when the reference names no record or more than one.
    """
    wanted = kinds or model.KINDS
    what = " or ".join(wanted) if kinds else "record"
    text = ref.strip()
    if not text:
        raise UsageError(f"an empty id names no {what}")
    lowered = text.lower()
    exact = timeline.by_id.get(lowered)
    if exact is not None and model.kind_of(exact) in wanted:
        return exact
    pool = [(rid, title) for rid, kind, title in timeline.index() if kind in wanted]
    prefixed = [rid for rid, _ in pool if rid.startswith(lowered)]
    if len(prefixed) == 1:
        return timeline.by_id[prefixed[0]]
    if prefixed:
        raise NotFoundError(f"{text!r} is ambiguous: {len(prefixed)} {what} ids start with it", sorted(prefixed)[:8])
    needle = fold(text)
    worded = [rid for rid, title in pool if needle and needle in fold(title).split()]
    if len(worded) == 1:
        return timeline.by_id[worded[0]]
    if worded:
        raise NotFoundError(
            f"{text!r} is ambiguous: it is a word in the title of {len(worded)} {what}s", sorted(worded)[:8]
        )
    import difflib

    close = difflib.get_close_matches(lowered, [rid for rid, _ in pool], n=5, cutoff=0.5)
    raise NotFoundError(f"no {what} has the id {text!r}", close)


def ids_for_completion(timeline: Timeline, kinds: tuple[str, ...] | None = None) -> list[str]:
    return [rid for rid, kind, _ in timeline.index() if kinds is None or kind in kinds]


# ----------------------------------------------------------------------------- filters


class Filter(NamedTuple):
    """Criteria that combine with AND; an empty criterion filters nothing."""

    years: tuple[int, ...] = ()
    on: PartialDate | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    person: str | None = None  # a person id (events: involved; quotes: the speaker)
    source: str | None = None  # a source id the record cites
    matcher: Matcher | None = None
    labels: dict[str, str] | None = None  # criterion -> how the user wrote it

    def hints(self) -> dict:
        """Necessary conditions an index can check before the exact predicates run."""
        dates = []
        if self.years:
            dates.append([year_window(y) for y in self.years])
        if self.on is not None:
            dates.append([range_between(self.on, self.on)])
        if self.since is not None or self.until is not None:
            dates.append([range_between(self.since, self.until)])
        hints: dict = {
            "dates": dates,
            "kinds": self.kinds,
            "tags": self.tags,
            "person": self.person,
            "source": self.source,
        }
        query = self.matcher.query if self.matcher is not None else None
        if query is not None and not query.empty and not query.regex and not query.case_sensitive:
            hints["terms"] = [fold(t) for t in query.terms]
            hints["any_term"] = query.any_term
        return hints

    def predicates(self, timeline: Timeline) -> list[tuple[str, object]]:
        """``(label, predicate)`` for each criterion in use."""
        preds: list[tuple[str, object]] = []
        if self.years:
            windows = [year_window(y) for y in self.years]
            preds.append(("year", lambda r: any(covers(r, w) for w in windows)))
        if self.on is not None:
            window = range_between(self.on, self.on)
            preds.append(("on", lambda r: covers(r, window)))
        if self.since is not None or self.until is not None:
            if self.since and self.until and self.since.first_day() > self.until.last_day():
                raise UsageError(f"--from {self.since} is after --to {self.until}")
            window = range_between(self.since, self.until)
            preds.append(("from/to", lambda r: covers(r, window)))
        if self.kinds:
            kinds = {k.lower() for k in self.kinds}
            preds.append(("kind", lambda r: getattr(r, "kind", "").lower() in kinds))
        if self.tags:
            tags = {t.lower() for t in self.tags}
            preds.append(("tag", lambda r: tags <= {t.lower() for t in getattr(r, "tags", ())}))
        if self.person is not None:
            pid = self.person
            preds.append(("person", lambda r: pid in getattr(r, "people", ()) or getattr(r, "speaker", None) == pid))
        if self.source is not None:
            sid = self.source
            preds.append(("source", lambda r: sid in cited_sources(r)))
        if self.matcher is not None and not self.matcher.query.empty:
            matcher = self.matcher
            preds.append(("search", lambda r: matcher.matches(texts_of(timeline, r))))
        return preds


def apply(timeline: Timeline, section: str, flt: Filter, *, limit: int | None = None, reverse: bool = False) -> list:
    """The records of ``section`` that pass every criterion, in date order, at most ``limit``."""
    preds = [p for _, p in flt.predicates(timeline)]
    out = []
    for record in timeline.candidates(section, reverse=reverse, **flt.hints()):
        if all(p(record) for p in preds):
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
    return out


def explain(flt: Filter) -> list[str]:
    """How each criterion in use was read, one line each: the answer to "why did (not) it match?"."""
    lines = []
    if flt.years:
        lines.append("year: any of " + ", ".join(w.describe() for w in (year_window(y) for y in flt.years)))
    if flt.on is not None:
        lines.append(f"on: {range_between(flt.on, flt.on).describe()}")
    if flt.since is not None or flt.until is not None:
        lines.append(f"from/to: {range_between(flt.since, flt.until).describe()}")
    if flt.years or flt.on is not None or flt.since is not None or flt.until is not None:
        lines.append(
            "dates: a record matches when the period it covers overlaps the range (a year-only date covers its year)"
        )
    if flt.kinds:
        lines.append("kind: any of " + ", ".join(flt.kinds) + " (ignoring case)")
    if flt.tags:
        lines.append("tag: all of " + ", ".join(flt.tags) + " (ignoring case)")
    if flt.person:
        lines.append(f"person: {flt.person}")
    if flt.source:
        lines.append(f"source: {flt.source}")
    query = flt.matcher.query if flt.matcher is not None else None
    if query is not None and not query.empty:
        how = "as a regular expression" if query.regex else (
            "exactly as written" if query.case_sensitive else "ignoring case, accents, width and punctuation; words match at word starts"
        )  # fmt: skip
        lines.append(f"search: {query.describe()}, {how}")
    return lines or ["no filters: everything, oldest first"]


def why_empty(timeline: Timeline, records: list, flt: Filter, noun: str) -> str:
    """One line saying which criteria matched nothing (or that only their combination did)."""
    labelled = flt.predicates(timeline)
    if not records:
        return f"the timeline has no {noun}"
    alone = [label for label, pred in labelled if not any(pred(r) for r in records)]
    shown = [(flt.labels or {}).get(label, label) for label in alone]
    if shown:
        return f"no {noun} matched " + "; ".join(shown)
    every = "; ".join((flt.labels or {}).get(label, label) for label, _ in labelled)
    return f"no {noun} matched all of: {every} (each matches some on its own)"


# ----------------------------------------------------------------------------- links


def cited_sources(record) -> list[str]:
    """Every source id a record cites, in its fields, disputes, variants and reactions."""
    out = list(getattr(record, "sources", ()))
    for dispute in getattr(record, "disputes", ()):
        out.extend(dispute.claimed_by)
        out.extend(dispute.supported_by)
    for variant in getattr(record, "variants", ()):
        out.extend(variant.sources)
    for reaction in getattr(record, "reactions", ()):
        out.extend(reaction.sources)
    return list(dict.fromkeys(out))


def citation_counts(timeline: Timeline) -> Counter:
    counts: Counter = Counter()
    for section in ("events", "races", "quotes", "proposals", "people"):
        for record in timeline.section(section):
            counts.update(cited_sources(record))
    return counts


def candidates_of(race: Race) -> list[str]:
    return list(dict.fromkeys(t.candidate for r in race.rounds for t in r.tallies))


def related(timeline: Timeline, record) -> dict[str, list]:
    """The records one step away, grouped by section name, each list in date order."""
    rid = record.id
    out: dict[str, list] = {}

    def put(section: str, items: Iterable) -> None:
        items = [i for i in dict.fromkeys(items) if i is not None]
        if items:
            out[section] = by_date(items) if hasattr(items[0], "date") and not isinstance(items[0], Source) else items

    get = timeline.by_id.get
    if isinstance(record, Event):
        put("quotes", (q for q in timeline.quotes if q.event == rid))
        put("proposals", (p for p in timeline.proposals if rid in p.events))
        put("people", (get(p) for p in record.people))
    elif isinstance(record, Quote):
        put("events", [get(record.event)] if record.event else [])
        put("proposals", (p for p in timeline.proposals if rid in p.quotes))
        put("people", [get(record.speaker)])
    elif isinstance(record, Race):
        put("people", (get(c) for c in candidates_of(record)))
        put("events", (e for e in timeline.events if e.date == record.date))
    elif isinstance(record, Proposal):
        put("events", (get(e) for e in record.events))
        put("quotes", (get(q) for q in record.quotes))
        put("people", (get(r.person) for r in record.reactions if r.person))
    elif isinstance(record, Person):
        put("events", (e for e in timeline.events if rid in e.people))
        put("races", (r for r in timeline.races if rid in candidates_of(r)))
        put("quotes", (q for q in timeline.quotes if q.speaker == rid))
    elif isinstance(record, Source):
        for section in ("events", "races", "quotes", "proposals", "people"):
            put(section, (r for r in timeline.section(section) if rid in cited_sources(r)))
    if not isinstance(record, Source):
        put("sources", (get(s) for s in cited_sources(record)))
    return out


# ----------------------------------------------------------------------------- search and summary


def describe_counts(counts: dict[str, int]) -> str:
    """``49 events, 1 race, ...``: each section's count with the right number."""
    parts = []
    for section, n in counts.items():
        noun = section if n != 1 else model.SECTIONS[section][0]
        parts.append(f"{n} {noun}")
    return ", ".join(parts)


def search_all(timeline: Timeline, matcher: Matcher) -> dict[str, list]:
    """Every record that matches, grouped by section, in the display order of sections."""
    out = {}
    for section in model.SECTIONS:
        records = timeline.section(section)
        if records and hasattr(records[0], "date") and not isinstance(records[0], Source):
            records = by_date(records)
        found = [r for r in records if matcher.matches(texts_of(timeline, r))]
        if found:
            out[section] = found
    return out


def disputed(timeline: Timeline) -> list:
    """Records that carry disputes, in date order where they have dates."""
    dated = [r for s in ("events", "races", "quotes") for r in timeline.section(s) if r.disputes]
    return by_date(dated) + [p for p in timeline.proposals if p.disputes]


class Summary(NamedTuple):
    timeline: Timeline
    first: PartialDate | None
    last: PartialDate | None
    counts: dict[str, int]
    per_year: list[tuple[int, int]]  # (year, events dated or running in it), every year with any
    races: list[Race]
    proposals: list[Proposal]
    disputed: list


def summarize(timeline: Timeline) -> Summary:
    dates = timeline.dated()
    first = min(dates, key=lambda d: d.first_day()) if dates else None
    last = max(dates, key=lambda d: d.last_day()) if dates else None
    years: Counter = Counter()
    for event in timeline.events:
        years[event.date.year] += 1
    return Summary(
        timeline=timeline,
        first=first,
        last=last,
        counts=timeline.counts(),
        per_year=sorted(years.items()),
        races=by_date(timeline.races),
        proposals=list(timeline.proposals),
        disputed=disputed(timeline),
    )
