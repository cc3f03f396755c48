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
from collections.abc import Callable, Iterable

from . import model
from .dates import DateRange, PartialDate, range_between, span_of
from .errors import NotFoundError, UsageError
from .model import Event, Person, Proposal, Quote, Race, Series, Source, Timeline, by_date, in_date_order, title_of
from .records import cited_sources, fields_of, texts_of
from .search import Matcher, fold
from .tuples import named_tuple

# ----------------------------------------------------------------------------- dates


def covers(record, window: DateRange) -> bool:
    """Whether the period a record covers overlaps ``window``."""
    first, last = span_of(record.date, getattr(record, "end", None))
    return window.overlaps(first, last)


def year_window(year: int) -> DateRange:
    if not 1 <= year <= 9999:
        raise CriterionError(YEAR, "{years} {value} is out of range (1-9999)", value=year)
    return range_between(PartialDate(year), PartialDate(year))


# ----------------------------------------------------------------------------- searchable text


@named_tuple
class Matched:
    """Where a search matched a record: the field, its whole text, and the character ranges of
    the text that a search word matched."""

    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


def why_matched(timeline: Timeline, record, matcher: Matcher | None) -> list[Matched]:
    """Every field of ``record`` in which ``matcher`` finds a word, with the words' places: the
    answer to "why is this here?" (the table's "matched in" line, JSON's ``matched``, and
    browse's detail pane may show it). Spans come from the one folding that maps back to the
    text (``search.fold_with_map``)."""
    if matcher is None or matcher.query.empty:
        return []
    out = []
    for field, text in fields_of(timeline, record):
        spans = matcher.spans(text)
        if spans:
            out.append(Matched(field, text, tuple(spans)))
    return out


def unseen_matches(timeline: Timeline, record, matcher: Matcher | None, shown: list[str]) -> list[Matched]:
    """The fields that hold the search words the ``shown`` texts (what a listing shows of the
    record) do not: one field per such word, the first in :func:`fields_of`'s order."""
    if matcher is None or matcher.query.empty:
        return []
    seen = [any(found for text in shown for found in matcher.spans_by_term(text)[i:i + 1]) for i in
            range(len(matcher.patterns))]  # fmt: skip
    if all(seen):
        return []
    out: list[Matched] = []
    for field, text in fields_of(timeline, record):
        by_term = matcher.spans_by_term(text)
        wanted = [i for i, spans in enumerate(by_term) if spans and not seen[i]]
        if wanted:
            out.append(Matched(field, text, tuple(sorted(sp for i in wanted for sp in by_term[i]))))
            for i in wanted:
                seen[i] = True
        if all(seen):
            break
    return out


def vocabulary(timeline: Timeline) -> set[str]:
    """Every folded word of the texts a search looks in, in every section."""
    words: set[str] = set()
    for section in model.SECTIONS:
        for record in timeline.section(section):
            for text in texts_of(timeline, record):
                words.update(fold(text).split())
    return words


def suggestions(timeline: Timeline, matcher: Matcher | None) -> list[tuple[str, list[str]]]:
    """For each search word that is the start of no word of the timeline, the nearest words of
    its vocabulary (``nucleer``: ``nuclear``). Regular expressions, case-sensitive searches and
    Japanese words (matched anywhere) get none."""
    import difflib

    from .search import is_cjk

    if matcher is None or matcher.query.empty or matcher.query.regex or matcher.query.case_sensitive:
        return []
    vocab: set[str] | None = None
    out = []
    for term in matcher.query.terms:
        for word in fold(term).split():
            if not word or is_cjk(word[0]):
                continue
            if vocab is None:
                vocab = vocabulary(timeline)
            if any(w.startswith(word) for w in vocab):
                continue
            near = difflib.get_close_matches(word, sorted(vocab), n=3, cutoff=0.75)
            out.append((word, near))
    return out


# ----------------------------------------------------------------------------- ids


@named_tuple
class Found:
    """The record a name stands for, and the other records it also fits (when it fits several and
    one of them is the subject, the subject is meant: ``Ishiba`` is Ishiba Shigeru, not his father)."""

    record: object
    others: tuple[str, ...] = ()


def resolve(timeline: Timeline, ref: str, kinds: tuple[str, ...] | None = None, *, glossary: bool = True):
    """The one record ``ref`` names: see :func:`find`."""
    return find(timeline, ref, kinds, glossary=glossary).record


def find(timeline: Timeline, ref: str, kinds: tuple[str, ...] | None = None, *, glossary: bool = True) -> Found:
    """Find one record by the names people use for it, most exact first:

    1. its id (``kono-taro``), also as typed with spaces or accents (``Asian NATO``, ``Kōno-Taro``);
    2. its whole title, or a person's whole name in either order or in Japanese script
       (``Ishiba Shigeru``, ``Shigeru Ishiba``, ``石破茂``);
    3. a word of one person's name (``trump``, ``kono``): a name means the person before the
       events that mention them;
    4. a unique id prefix (``asian-nato``);
    5. words of its title or name (``status of forces``, ``石破``): each word of ``ref`` is a
       whole word of the title, or failing that the start of one; Japanese matches anywhere.

    Failing all of these, a name the glossary gives the same thing (``地位協定`` for ``SOFA``)
    is tried in its place. All with the search's folding (case, accents, width, punctuation).
    ``kinds`` limits the
    search (e.g. ``("proposal",)``). A name that fits several records, one of them the subject
    (``subject.person``), means the subject; the others are returned in ``Found.others``.
    Raises ``NotFoundError`` listing the candidates when the reference names more than one
    record, or the closest ones when it names none.
    """
    wanted = kinds or model.KINDS
    what = " or ".join(wanted) if kinds else "record"
    text = ref.strip()
    if not text:
        raise UsageError(f"an empty id names no {what}")
    folded = fold(text)
    slug = "-".join(folded.split())
    for key in (text.lower(), slug):
        exact = timeline.by_id.get(key)
        if exact is not None and model.kind_of(exact) in wanted:
            return Found(exact)
    kinds_of = {rid: kind for rid, kind, _ in timeline.index() if kind in wanted}
    pool = [(rid, title) for rid, kind, title in timeline.index() if kind in wanted]
    names = _names(timeline, pool, wanted)

    me = timeline.subject.person

    def one(found: list[str], how: str):
        if len(found) == 1:
            return Found(timeline.by_id[found[0]])
        if me in found:  # in a timeline about a person, that person is what the name means
            ranked = sorted((rid for rid in found if rid != me), key=lambda rid: (_RANK.get(kinds_of[rid], 9), rid))
            return Found(timeline.by_id[me], tuple(ranked))
        if found:  # people and proposals first: they are what a name most often means
            ranked = sorted(found, key=lambda rid: (_RANK.get(kinds_of[rid], 9), rid))
            plural = what if what.endswith("s") else f"{what}s"  # series, series
            many = "people" if what == "person" else plural if len(wanted) == 1 or not kinds else "records"
            raise NotFoundError(f"{text!r} is ambiguous: {how} {len(found)} {many}", ranked[:8])
        return None

    whole = [rid for rid, _ in pool if folded and folded in names[rid]]
    if (hit := one(whole, "it is the name of")) is not None:
        return hit
    words = [w for w in folded.split() if w not in _HONORIFICS] or folded.split()

    def worded(starts: bool) -> list[str]:  # every word in one title or name, not spread over several
        return [
            rid for rid, _ in pool
            if words and any(all(_has_word((form,), w, starts) for w in words) for form in names[rid])
        ]  # fmt: skip

    # a name people use for a person (``trump``, ``kono``) is theirs before it is an id prefix
    # of some event (trump-summit) or a word in the titles of the events they are in
    people = [rid for rid in worded(False) if kinds_of[rid] == "person"]
    if (hit := one(people, "it is a name of")) is not None:
        return hit
    prefixed = [rid for rid, _ in pool if slug and rid.startswith(slug)]
    if (hit := one(prefixed, "it starts the ids of")) is not None:
        return hit
    for starts in (False, True):
        if (hit := one(worded(starts), "its words are in the titles of")) is not None:
            return hit
    if glossary and (hit := _by_glossary(timeline, folded, kinds)) is not None:
        return Found(hit)
    import difflib

    choices = {rid: rid for rid, _ in pool}
    for rid, forms in names.items():
        for form in forms:
            choices.setdefault(form, rid)
    close = difflib.get_close_matches(folded, list(choices), n=5, cutoff=0.5)
    raise NotFoundError(f"no {what} has the id or name {text!r}", list(dict.fromkeys(choices[c] for c in close)))


def _by_glossary(timeline: Timeline, folded: str, kinds):
    """The one record that the other names of the glossary term ``folded`` names, if any."""
    found: dict[str, object] = {}
    for entry in timeline.glossary:
        if folded not in {fold(name) for name in entry.names}:
            continue
        for name in entry.names:
            if fold(name) == folded:
                continue
            try:
                record = resolve(timeline, name, kinds, glossary=False)
            except (NotFoundError, UsageError):
                continue
            found.setdefault(record.id, record)
    if len(found) > 1:
        raise NotFoundError(f"{folded!r} is ambiguous: its glossary names name {len(found)} records", list(found))
    return next(iter(found.values()), None)


#: words that say how a person is addressed, not who: "Mr. Ishiba" means Ishiba (and never Mrs. X)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam"})

_RANK = {"person": 0, "proposal": 1, "event": 2, "race": 3, "quote": 4, "series": 5, "source": 6}


def _names(timeline: Timeline, pool: list[tuple[str, str]], kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Every record's folded names: its title, and for a person the name in both orders and in
    Japanese script (with and without spaces). The records of a section are read only when
    ``kinds`` asks for it (from the cache, reading a section decodes every record in it)."""
    out = {rid: (fold(title),) for rid, title in pool}
    for source in timeline.sources if "source" in kinds else ():  # by its publisher too ("Japan Times")
        if source.id in out and source.publisher:
            out[source.id] = (*out[source.id], fold(source.publisher))
    if "person" in kinds:
        for person in timeline.people:
            if person.id not in out:
                continue
            forms = [fold(person.name), " ".join(reversed(fold(person.name).split()))]
            if person.native:
                forms += [fold(person.native), "".join(fold(person.native).split())]
            out[person.id] = (*out[person.id], *forms)
    return out


def _has_word(forms: tuple[str, ...], word: str, starts: bool) -> bool:
    """Whether ``word`` is a word of one of ``forms`` (or starts one); Japanese anywhere."""
    from .search import is_cjk

    if is_cjk(word[0]):
        return any(word in form for form in forms)
    return any((w.startswith(word) if starts else w == word) for form in forms for w in form.split())


def ids_for_completion(timeline: Timeline, kinds: tuple[str, ...] | None = None) -> list[str]:
    return [rid for rid, kind, _ in timeline.index() if kinds is None or kind in kinds]


# ----------------------------------------------------------------------------- filters
#
# The criteria a listing can be filtered by are declared once, in CRITERIA: what each is called,
# the Filter fields it reads, how its values are read, what it matches, its predicate and the
# sections it applies to. Filter, explain, why_empty and the command line's options all read it.


@named_tuple
class Criterion:
    """One filter criterion: a record passes it, or not; criteria combine with AND."""

    name: str  # how --explain and the "no record matched" notes name it
    fields: tuple[str, ...]  # the Filter fields it reads (from/to reads two)
    words: tuple[str, ...]  # each field's name in a message of the library's own ("from", "to")
    value: str  # what a value is: year, date, kind, tag, person, source or search
    many: bool  # whether its fields hold several values (repeatable options)
    join: str  # how several values join in a message: "or" (any of them), "and" (all), "" (none of)
    sections: tuple[str, ...]  # the sections whose listings take it
    test: Callable[[Filter, Timeline], Callable[[object], bool]] | None = None  # its predicate, given the filter
    explains: Callable[[Filter], str] | None = None  # how its values were read, for --explain
    windows: Callable[[Filter], list[DateRange]] | None = None  # a date criterion's periods (its predicate)

    def word(self, field: str) -> str:
        return self.words[self.fields.index(field)]

    def in_use(self, flt: Filter) -> bool:
        if self.value == "search":
            return flt.matcher is not None and not flt.matcher.query.empty
        return any(getattr(flt, field) not in (None, ()) for field in self.fields)

    def alone(self, flt: Filter) -> Filter:
        """``flt`` with this criterion alone."""
        return Filter(**{field: getattr(flt, field) for field in self.fields})

    def label(self, written: dict[str, list[str]], name_of: Callable[[str], str] | None = None) -> str:
        """The criterion as it was written, each field's values after the field's name (``--year
        1900 or --year 2000``; the library's own words when ``name_of`` gives no other name)."""
        if self.value == "search":
            return "the search " + " ".join(written.get("matcher") or ())
        join = f" {self.join} " if self.join else " "
        name_of = name_of or self.word
        parts = [join.join(f"{name_of(f)} {v}" for v in written.get(f) or ()) for f in self.fields]
        return " ".join(p for p in parts if p)

    def read(self, timeline: Timeline, field: str, raw):
        """A field's value as written (text; whole numbers for years) as the Filter holds it:
        a date parsed, a kind or tag checked against the timeline's. Raises :class:`CriterionError`
        naming the criterion. People, sources and searches are read by the caller (:func:`find`,
        ``search.parse_query``), which says which record a name was taken for."""
        if raw is None:
            return () if self.many else None
        if self.value == "year":
            for year in raw:
                year_window(year)
            return tuple(raw)
        if self.value == "date":
            from .dates import DateParseError, parse_date

            try:
                return parse_date(raw)
            except DateParseError as exc:
                raise CriterionError(self, f"{{{field}}} {{value}} {{reason}}", value=repr(raw), reason=exc) from None
        if self.value in ("kind", "tag"):
            return _known(self, field, raw, event_kinds(timeline) if self.value == "kind" else timeline.facets()["tag"])
        return tuple(raw) if self.many else raw

    def explained(self, flt: Filter) -> str:
        """How its values in ``flt`` were read (a date criterion: as periods)."""
        if self.windows is not None:
            windows = [w.describe() for w in self.windows(flt)]
            return ("any of " if len(windows) > 1 else "") + ", ".join(windows)
        return self.explains(flt)  # type: ignore[misc]


class CriterionError(UsageError):
    """A criterion's value refused, said in the criterion's own words (``from 2020 is after to
    2019``); :meth:`spoken` says it with other names for its fields, as the command line names
    its options (``--from 2020 is after --to 2019``)."""

    def __init__(self, criterion: Criterion, template: str, **values) -> None:
        self.criterion = criterion
        self.template = template
        self.values = values
        super().__init__(self.spoken(criterion.word))

    def spoken(self, name_of: Callable[[str], str]) -> str:
        names = {field: name_of(field) for field in self.criterion.fields}
        return self.template.format(**names, **self.values)


def _known(criterion: Criterion, field: str, values, known_values: list[str]) -> tuple[str, ...]:
    """``values`` as given, refused where the timeline has no such value: a filter that cannot
    match must not look like one that matched nothing."""
    import difflib

    for value in values:
        if value.lower() not in known_values:
            near = difflib.get_close_matches(value.lower(), known_values, n=3, cutoff=0.6)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            shown = ", ".join(known_values[:12]) + (
                f" ... ({len(known_values)} in all)" if len(known_values) > 12 else ""
            )
            raise CriterionError(
                criterion,
                f"{{{field}}} {{value}}: no event in this timeline has that {{what}}{{hint}} (known: {{shown}})",
                value=repr(value), what=criterion.value, hint=hint, shown=shown or "none",
            )  # fmt: skip
    return tuple(values)


def _from_to(flt: Filter) -> list[DateRange]:
    if flt.since and flt.until and flt.since.first_day() > flt.until.last_day():
        raise CriterionError(FROM_TO, "{since} {first} is after {until} {last}", first=flt.since, last=flt.until)
    return [range_between(flt.since, flt.until)]


def _search_read(flt: Filter) -> str:
    query = flt.matcher.query  # type: ignore[union-attr]
    how = "as a regular expression" if query.regex else (
        "exactly as written" if query.case_sensitive else "ignoring case, accents, width and punctuation; words match at word starts"
    )  # fmt: skip
    return f"{query.describe()}, {how}"


def _tags_of(record) -> set[str]:
    return {t.lower() for t in getattr(record, "tags", ())}


# each criterion's predicate, given the filter and the timeline


def _of_kind(flt: Filter, _timeline: Timeline):
    kinds = {k.lower() for k in flt.kinds}
    return lambda r: event_kind(r) in kinds


def _with_tags(flt: Filter, _timeline: Timeline):
    tags = {t.lower() for t in flt.tags}
    return lambda r: tags <= _tags_of(r)


def _involving(flt: Filter, _timeline: Timeline):
    pid = flt.person
    return lambda r: pid in involved(r)


def _not_of_kind(flt: Filter, _timeline: Timeline):
    kinds = {k.lower() for k in flt.not_kinds}
    return lambda r: event_kind(r) not in kinds


def _without_tags(flt: Filter, _timeline: Timeline):
    tags = {t.lower() for t in flt.not_tags}
    return lambda r: not tags & _tags_of(r)


def _not_involving(flt: Filter, _timeline: Timeline):
    people = set(flt.not_people)
    return lambda r: not people & set(involved(r))


def _citing(flt: Filter, _timeline: Timeline):
    sid = flt.source
    return lambda r: sid in cited_sources(r)


def _searched(flt: Filter, timeline: Timeline):
    matcher = flt.matcher
    return lambda r: matcher.matches(texts_of(timeline, r))  # type: ignore[union-attr]


_DATED = ("events", "quotes")  # the sections whose listings take the date criteria

#: every criterion, in the order --explain lists them and the notes name them
CRITERIA: tuple[Criterion, ...] = (
    YEAR := Criterion("year", ("years",), ("year",), "year", True, "or", _DATED,
                      windows=lambda f: [year_window(y) for y in f.years]),
    ON := Criterion("on", ("on",), ("on",), "date", False, "", _DATED,
                    windows=lambda f: [range_between(f.on, f.on)]),
    FROM_TO := Criterion("from/to", ("since", "until"), ("from", "to"), "date", False, "", _DATED, windows=_from_to),
    Criterion("kind", ("kinds",), ("kind",), "kind", True, "or", ("events",), _of_kind,
              lambda f: f"any of {', '.join(f.kinds)} (ignoring case)"),
    Criterion("tag", ("tags",), ("tag",), "tag", True, "and", ("events",), _with_tags,
              lambda f: f"all of {', '.join(f.tags)} (ignoring case)"),
    Criterion("person", ("person",), ("person",), "person", False, "", ("events", "quotes"), _involving,
              lambda f: f.person),
    Criterion("not kind", ("not_kinds",), ("not kind",), "kind", True, "", ("events",), _not_of_kind,
              lambda f: f"none of {', '.join(f.not_kinds)} (ignoring case)"),
    Criterion("not tag", ("not_tags",), ("not tag",), "tag", True, "", ("events",), _without_tags,
              lambda f: f"none of {', '.join(f.not_tags)} (ignoring case)"),
    Criterion("not person", ("not_people",), ("not person",), "person", True, "", ("events",), _not_involving,
              lambda f: f"none of {', '.join(f.not_people)} (as people, speakers or candidates)"),
    Criterion("source", ("source",), ("source",), "source", False, "", ("quotes",), _citing, lambda f: f.source),
    Criterion("search", ("matcher",), ("search",), "search", False, "", ("events", "quotes"), _searched, _search_read),
)  # fmt: skip


def criteria_of(section: str) -> tuple[Criterion, ...]:
    """The criteria a listing of ``section`` takes."""
    return tuple(c for c in CRITERIA if section in c.sections)


@named_tuple
class Filter:
    """Criteria that combine with AND; an empty criterion filters nothing (see :data:`CRITERIA`)."""

    years: tuple[int, ...] = ()
    on: PartialDate | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    person: str | None = None  # a person id (events: involved; quotes: the speaker; races: a candidate)
    source: str | None = None  # a source id the record cites
    matcher: Matcher | None = None
    labels: dict[str, str] | None = None  # criterion name -> how the user wrote it
    not_kinds: tuple[str, ...] = ()  # exclusions: a record of any of these kinds is left out
    not_tags: tuple[str, ...] = ()  # ... with any of these tags
    not_people: tuple[str, ...] = ()  # ... involving any of these people

    def in_use(self) -> list[Criterion]:
        """The criteria this filter uses, in :data:`CRITERIA`'s order."""
        return [c for c in CRITERIA if c.in_use(self)]

    def only(self, criteria: Iterable[Criterion]) -> Filter:
        """This filter with ``criteria`` alone (their labels kept)."""
        kept = {f: getattr(self, f) for c in criteria for f in c.fields}
        return Filter(**kept, labels=self.labels)

    def dates(self) -> Filter:
        """This filter's date criteria alone: the period it asks about."""
        return self.only(c for c in CRITERIA if c.windows is not None)

    def check(self) -> Filter:
        """This filter, its values checked (a year out of range, ``from`` after ``to``: a
        :class:`CriterionError`) before any record is read."""
        self.date_windows()
        return self

    def label(self, criterion: Criterion) -> str:
        """How ``criterion`` was written: the caller's label, else in the library's words."""
        if self.labels and criterion.name in self.labels:
            return self.labels[criterion.name]
        if criterion.value == "search":
            return criterion.label({"matcher": [self.matcher.query.describe()]})  # type: ignore[union-attr]
        written = {}
        for field in criterion.fields:
            value = getattr(self, field)
            written[field] = [str(v) for v in value] if criterion.many else ([] if value is None else [str(value)])
        return criterion.label(written)

    def date_windows(self) -> list[tuple[str, list[DateRange]]]:
        """Each date criterion in use as ``(name, windows)``: a record matches a criterion when
        the period it covers overlaps one of its windows. The one place dates become ranges:
        filtering, index hints, ``--explain`` and the picture's zoom all read it."""
        return [(c.name, c.windows(self)) for c in CRITERIA if c.windows is not None and c.in_use(self)]

    def zoom(self) -> DateRange:
        """The range a picture of the matches should show: the narrowest date criterion's
        windows, end to end (open where the filters name no date)."""
        windows = dict(self.date_windows())
        chosen = windows.get(FROM_TO.name) or windows.get(ON.name) or windows.get(YEAR.name)
        if not chosen:
            return DateRange()
        starts, ends = [w.start for w in chosen], [w.end for w in chosen]
        return DateRange(None if None in starts else min(starts), None if None in ends else max(ends))

    def hints(self) -> dict:
        """Necessary conditions an index can check before the exact predicates run."""
        hints: dict = {
            "dates": [windows for _, windows in self.date_windows()],
            "kinds": self.kinds,
            "tags": self.tags,
            "person": self.person,
            "source": self.source,
        }
        query = self.matcher.query if self.matcher is not None else None
        if query is not None and not query.empty and not query.regex and not query.case_sensitive:
            hints["terms"] = [[fold(t) for t in query.alternatives(i)] for i in range(len(query.terms))]
            hints["any_term"] = query.any_term
        return hints

    def predicates(self, timeline: Timeline) -> list[tuple[str, Callable[[object], bool]]]:
        """``(criterion name, predicate)`` for each criterion in use."""
        preds: list[tuple[str, Callable[[object], bool]]] = []
        for criterion in self.in_use():
            if criterion.windows is not None:
                windows = criterion.windows(self)
                preds.append((criterion.name, lambda r, windows=windows: any(covers(r, w) for w in windows)))
            else:
                preds.append((criterion.name, criterion.test(self, timeline)))  # type: ignore[misc]
        return preds


#: the kind a race has among the events (``events --kind race``)
RACE = "race"


def event_kind(record) -> str:
    """A record's kind as the event filters read it: an event's ``kind``, ``race`` for a race."""
    return RACE if isinstance(record, Race) else getattr(record, "kind", "").lower()


def involved(record) -> tuple[str, ...]:
    """The people a record involves: an event's people, a quote's speaker, a race's candidates."""
    if isinstance(record, Race):
        return tuple(candidates_of(record))
    if isinstance(record, Quote):
        return (record.speaker,)
    return tuple(getattr(record, "people", ()))


def event_kinds(timeline: Timeline) -> list[str]:
    """What ``--kind`` accepts: the events' kinds, and ``race`` when the timeline has races."""
    kinds = timeline.facets()["kind"]
    return sorted({*kinds, RACE}) if timeline.counts().get("races") else kinds


def year_records(timeline: Timeline, flt: Filter, *, limit: int | None = None, reverse: bool = False) -> list:
    """The events that pass ``flt`` and the subject's races among them (rows of kind ``race``),
    in date order, at most ``limit``: a year or a range is complete. A race has no tags, so a
    ``--tag`` leaves races out; its people are its candidates."""
    events = apply(timeline, "events", flt, limit=limit, reverse=reverse)
    if (flt.kinds and RACE not in {k.lower() for k in flt.kinds}) or flt.tags:
        return events
    # the cache indexes no kind and no people for races: those hints are left to the exact filter
    hinted = flt._replace(kinds=(), person=None)
    preds = [p for _, p in flt.predicates(timeline)]
    races = [r for r in timeline.candidates("races", reverse=reverse, **hinted.hints()) if all(p(r) for p in preds)]
    if not races:
        return events
    merged = sorted([*events, *races], key=lambda r: r.date.sort_key(), reverse=reverse)
    return merged if limit is None else merged[:limit]


def apply(timeline: Timeline, section: str, flt: Filter, *, limit: int | None = None, reverse: bool = False) -> list:
    """The records of ``section`` that pass every criterion, in date order, at most ``limit``."""
    preds = [p for _, p in flt.predicates(timeline)]
    out: list = []
    if limit is not None and limit <= 0:
        return out
    for record in timeline.candidates(section, reverse=reverse, **flt.hints()):
        if all(p(record) for p in preds):
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
    return out


def explain(flt: Filter) -> list[str]:
    """How each criterion in use was read, one line each: the answer to "why did (not) it match?"."""
    used = flt.in_use()
    lines = [f"{c.name}: {c.explained(flt)}" for c in used]
    dated = sum(c.windows is not None for c in used)
    if dated:
        lines.insert(
            dated,
            "dates: a record matches when the period it covers overlaps the range (a year-only date covers its year)",
        )
    return lines or ["no filters: everything, oldest first"]


def why_empty(timeline: Timeline, section: str, flt: Filter, noun: str, *, with_races: bool = False) -> str:
    """One line saying which criteria matched nothing (or that only their combination did), each
    as the filter's labels wrote it (the command line: as its options were given).

    Each criterion is tried alone through the same index as the listing, so a large cached
    timeline answers without reading every record. ``with_races``: the listing is the events
    with the races among them (:func:`year_records`)."""
    if not timeline.counts().get(section):
        return f"the timeline has no {noun}"
    used = flt.in_use()
    alone = []
    for criterion in used:
        single = criterion.alone(flt)
        found = year_records(timeline, single, limit=1) if with_races else apply(timeline, section, single, limit=1)
        if not found:
            alone.append(criterion)
    if alone:
        return f"no {noun} matched " + "; ".join(flt.label(c) for c in alone)
    every = "; ".join(flt.label(c) for c in used)
    return f"no {noun} matched all of: {every} (each matches some on its own)"


# ----------------------------------------------------------------------------- links


#: the roles a source plays for a record that cites it, in the order citations list them: what
#: each means, as headings and ``cite --style json`` name them
ROLES = {
    "supports": "Sources that support it",
    "disputed": "Sources it says are wrong or simplify it",
    "conflicting": "Sources that report both accounts, or the other one where the sources conflict",
}


def source_roles(record) -> list[tuple[str, list[str]]]:
    """The sources ``record`` cites (as :func:`cited_sources` lists them), grouped by role, each
    group in that order and left out when empty: ``supports`` (its sources, those that support a
    dispute's finding, its other wordings' and reactions'), ``disputed`` (a dispute's
    ``claimed_by`` that the record says is wrong or simplifies: every status but
    ``conflicting``) and ``conflicting`` (a conflicting dispute's ``claimed_by``: it reports the
    other account, or both). A source takes one role: ``disputed`` before ``conflicting`` before
    ``supports``, so a source the record calls wrong is never listed among its support."""
    role: dict[str, str] = {}
    for dispute in getattr(record, "disputes", ()):
        for sid in dispute.claimed_by:
            if dispute.status != "conflicting":
                role[sid] = "disputed"
            else:
                role.setdefault(sid, "conflicting")
    groups: dict[str, list[str]] = {name: [] for name in ROLES}
    for sid in cited_sources(record):
        groups[role.get(sid, "supports")].append(sid)
    return [(name, ids) for name, ids in groups.items() if ids]


#: the sections whose records cite sources (every one but the sources themselves)
CITING = tuple(s.name for s in model.SECTIONS.values() if "sources" in s.record._fields)


def citation_counts(timeline: Timeline) -> Counter:
    counts: Counter = Counter()
    for section in CITING:
        for record in timeline.section(section):
            counts.update(cited_sources(record))
    return counts


def candidates_of(race: Race) -> list[str]:
    return list(dict.fromkeys(t.candidate for r in race.rounds for t in r.tallies))


def related(timeline: Timeline, record) -> dict[str, list]:
    """The records one step away, grouped by section name, each list in date order (the undated
    last); people, who have no date, in the order of the dated links that name them."""
    rid = record.id
    out: dict[str, list] = {}

    def put(section: str, items: Iterable) -> None:
        items = [i for i in dict.fromkeys(items) if i is not None]
        if items:
            out[section] = in_date_order(items) if hasattr(items[0], "date") else items

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
        put("people", (get(r.person) for r in in_date_order(record.reactions) if r.person))
    elif isinstance(record, Person):
        put("events", (e for e in timeline.events if rid in e.people))
        put("races", (r for r in timeline.races if rid in candidates_of(r)))
        put("quotes", (q for q in timeline.quotes if q.speaker == rid))
    elif isinstance(record, Source):
        for section in CITING:
            put(section, (r for r in timeline.section(section) if rid in cited_sources(r)))
    if not isinstance(record, Source):
        put("sources", (get(s) for s in cited_sources(record)))
    return out


# ----------------------------------------------------------------------------- search and summary


def past_coverage(timeline: Timeline, reaches) -> str | None:
    """A note when the period asked about reaches past ``subject.covered_to`` (the date the
    record is curated to): after it, no record means not yet curated, not that nothing happened.
    ``reaches`` is the period's last day (a ``datetime.date``), or None for a period with no end."""
    covered = timeline.subject.covered_to
    if covered is None:
        return None
    if reaches is not None and reaches <= covered.last_day():
        return None
    return (
        f"note: the record is curated to {covered.iso()}: it stops there, so nothing listed after that date "
        "means not yet recorded, not that nothing happened"
    )


def reach_of(flt: Filter):
    """The last day ``flt``'s dates ask about: None when a date criterion has no end (``--from``
    without ``--to``). Only for a filter that names dates (``flt.date_windows()``)."""
    import datetime

    far = datetime.date.max
    ends = [max(far if w.end is None else w.end for w in ws) for _, ws in flt.date_windows()]
    last = min(ends, default=far)
    return None if last == far else last


def advice(timeline: Timeline) -> list[str]:
    """What a valid timeline leaves the views unable to show: ``check`` prints it as notes."""
    notes = []
    lost = [r for r in timeline.races if r.result != "won"]
    if lost and not timeline.subject.person:
        notes.append(
            f"subject.person is not set, so {len(lost)} race(s) the subject lost cannot show the subject's "
            "votes (they read 'not linked'): set it to the subject's id in people"
        )
    return notes


def describe_counts(counts: dict[str, int]) -> str:
    """``49 events, 1 race, ...``: each section's count with the right number."""
    parts = []
    for section, n in counts.items():
        if not n and model.SECTIONS[section].optional:
            continue
        parts.append(f"{n} {model.SECTIONS[section].noun(n)}")
    return ", ".join(parts)


def search_all(timeline: Timeline, matcher: Matcher) -> dict[str, list]:
    """Every record that matches, grouped by section, in the display order of sections."""
    out = {}
    for section in model.SECTIONS:
        records = timeline.section(section)
        if model.SECTIONS[section].chronological:
            records = by_date(records)
        found = [r for r in records if matcher.matches(texts_of(timeline, r))]
        if found:
            out[section] = found
    return out


def linked_proposals(timeline: Timeline, events, quotes) -> list[Proposal]:
    """The proposals that name any of these events or quotes, in the file's order."""
    ids = {r.id for r in events} | {q.id for q in quotes}
    return [p for p in timeline.proposals if ids.intersection(p.events) or ids.intersection(p.quotes)]


def disputed(timeline: Timeline) -> list:
    """Records that carry disputes, in date order where they have dates."""
    disputable = [s for s in model.SECTIONS.values() if "disputes" in s.record._fields]
    dated = [r for s in disputable if s.dated for r in timeline.section(s.name) if r.disputes]
    return by_date(dated) + [r for s in disputable if not s.dated for r in timeline.section(s.name) if r.disputes]


@named_tuple
class DisputeRow:
    """One dispute with the record it is about: what is claimed, by whom, what the better
    sources say, and how the claim stands."""

    record: str
    kind: str
    date: PartialDate | None
    title: str
    status: str
    claim: str
    claimed_by: tuple[str, ...]
    finding: str
    supported_by: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.record

    @property
    def sources(self) -> tuple[str, ...]:
        return (*self.claimed_by, *(s for s in self.supported_by if s not in self.claimed_by))


def disputes(timeline: Timeline, source: str | None = None, status: str | None = None) -> list[DisputeRow]:
    """Every dispute in the timeline, in the order of :func:`disputed`; ``source`` keeps those
    whose claim that source makes, ``status`` those with that status."""
    out = []
    for record in disputed(timeline):
        for d in record.disputes:
            if source is not None and source not in d.claimed_by:
                continue
            if status is not None and d.status != status:
                continue
            out.append(DisputeRow(record.id, model.kind_of(record), getattr(record, "date", None), title_of(record),
                                  d.status, d.claim, d.claimed_by, d.finding, d.supported_by))  # fmt: skip
    return out


def disputes_of_source(timeline: Timeline, sid: str) -> list[tuple[str, DisputeRow]]:
    """The disputes a source is party to: ``("claims", row)`` or ``("supports the finding", row)``."""
    out = []
    for row in disputes(timeline):
        if sid in row.claimed_by:
            out.append(("claims", row))
        if sid in row.supported_by:
            out.append(("supports the finding", row))
    return out


@named_tuple
class Summary:
    timeline: Timeline
    first: PartialDate | None
    last: PartialDate | None
    counts: dict[str, int]
    per_year: list[tuple[int, int]]  # (year, events dated in it): a span counts in the year it begins
    races: list[Race]
    proposals: list[Proposal]
    disputed: list
    series: list[Series] = []


def extremes(series: Series) -> list[tuple[str, model.Point]]:
    """A series' first, last, highest and lowest points (the earliest where values tie)."""
    points = series.points
    return [("first", points[0]), ("last", points[-1]), ("highest", max(points, key=lambda p: p.value)),
            ("lowest", min(points, key=lambda p: p.value))]  # fmt: skip


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
        series=list(timeline.series),
    )
