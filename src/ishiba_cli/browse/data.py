"""What the browser shows, without Textual: its sections, the search, the facets and their counts.

Every list comes from the same code as the commands: ``query.apply`` with a ``query.Filter``
for dated sections (the ``events`` command's filter, the ``quotes`` command's search), the
search's ``parse_query`` + ``expand`` (the glossary) + ``Matcher`` for the words typed in the
box, ``query.disputes`` for the disputes. Nothing here imports Textual, so it is tested apart.
"""

from __future__ import annotations

from collections import Counter

from .. import model, query
from ..dates import span_of
from ..errors import UsageError
from ..records import texts_of
from ..search import Matcher, expand, parse_query
from ..tuples import named_tuple

#: the tabs, in order: the timeline's sections (``model.SECTIONS``) and the disputes among them;
#: a tab is shown when the timeline has records of its kind
SECTIONS = ("events", "races", "quotes", "proposals", "people", "sources", "disputes", "series")
TITLES = {**{s.name: s.title for s in model.SECTIONS.values()}, "disputes": "Disputes"}
FACETS = ("year", "kind", "tag", "person")
FACET_RULES = {"year": "any of", "kind": "any of", "tag": "all of", "person": "one"}


@named_tuple
class Facets:
    """The event facets chosen: years and kinds combine with OR (as repeated ``--year`` and
    ``--kind`` do), tags with AND (as repeated ``--tag``), and one person (``--person``)."""

    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    person: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.years or self.kinds or self.tags or self.person)

    def toggled(self, facet: str, value) -> Facets:
        """These facets with ``value`` of ``facet`` switched on or off."""
        if facet == "person":
            return self._replace(person=None if self.person == value else value)
        field = {"year": "years", "kind": "kinds", "tag": "tags"}[facet]
        chosen = getattr(self, field)
        new = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        return self._replace(**{field: tuple(sorted(new)) if facet == "year" else new})

    def has(self, facet: str, value) -> bool:
        if facet == "person":
            return self.person == value
        return value in getattr(self, {"year": "years", "kind": "kinds", "tag": "tags"}[facet])

    def without(self, facet: str) -> Facets:
        if facet == "person":
            return self._replace(person=None)
        return self._replace(**{{"year": "years", "kind": "kinds", "tag": "tags"}[facet]: ()})

    def describe(self, timeline) -> list[str]:
        out = []
        if self.years:
            out.append("year " + " or ".join(str(y) for y in self.years))
        if self.kinds:
            out.append("kind " + " or ".join(self.kinds))
        if self.tags:
            out.append("tag " + " and ".join(self.tags))
        if self.person:
            from ..render.views import name_of

            out.append("person " + name_of(timeline, self.person))
        return out


NO_FACETS = Facets()


@named_tuple
class Search:
    """The words in the search box, read as the commands read them."""

    text: str
    matcher: Matcher | None
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return self.error
        return "search " + self.matcher.query.describe() if self.matcher else ""


def read_search(text: str, glossary=()) -> Search:
    """The box's words as a search: words must all match, ``"quoted phrases"`` stay whole, and a
    glossary term also finds its other names, exactly as ``ishiba events --grep`` does."""
    try:
        parsed = parse_query([text] if text.strip() else [])
    except UsageError as exc:
        return Search(text, None, str(exc))
    return Search(text, None if parsed.empty else Matcher(expand(parsed, glossary)))


class Browser:
    """A timeline's sections as the browser lists them, filtered by a search and facets."""

    def __init__(self, timeline) -> None:
        self.timeline = timeline
        self._disputes: list | None = None
        self._cache: dict[tuple, list] = {}
        counts = timeline.counts()
        self.sections = [s for s in SECTIONS if (counts.get(s) if s != "disputes" else bool(self.disputes()))]

    def disputes(self) -> list:
        if self._disputes is None:
            self._disputes = query.disputes(self.timeline)
        return self._disputes

    def cited(self, record):
        """What ``c`` copies for ``record``: its sources as ``ishiba cite`` cites them, by role, a
        quote first as a quote, from the same code (``render.cite.citing``)."""
        from ..render.cite import citing

        return citing(self.timeline, record)

    def total(self, section: str) -> int:
        return len(self.disputes()) if section == "disputes" else self.timeline.counts()[section]

    def records(self, section: str, search: Search | None = None, facets: Facets = NO_FACETS) -> list:
        """The section's records that match the search (and, for events, the facets), in the
        order the commands list them."""
        matcher = search.matcher if search else None
        if section != "events":
            facets = NO_FACETS
        key = (section, matcher.query if matcher else None, facets)
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = self._records(section, matcher, facets)
        return self._cache[key]

    def _records(self, section: str, matcher: Matcher | None, facets: Facets) -> list:
        timeline = self.timeline
        dated = section in model.DATED  # listed oldest first, through the commands' filter
        if dated and matcher is None and facets.empty:
            # what query.apply gives for an empty filter (Timeline.candidates is by_date of the
            # section; the cache's index sorts by the same key), without decoding a cached
            # timeline's records a second time
            return query.by_date(timeline.section(section))
        if dated:
            flt = query.Filter(years=facets.years, kinds=facets.kinds, tags=facets.tags, person=facets.person,
                               matcher=matcher)  # fmt: skip
            return query.apply(timeline, section, flt)
        if section == "disputes":
            rows = self.disputes()
            return [r for r in rows if matcher is None or matcher.matches(dispute_texts(r))]
        records = list(timeline.section(section))
        return [r for r in records if matcher is None or matcher.matches(texts_of(timeline, r))]

    def facet_counts(self, search: Search | None, facets: Facets) -> dict[str, list[tuple[object, int]]]:
        """For each facet, its values with how many events choosing that value would list.

        Years, kinds and the person are counted among the events that match the search and the
        other facets (choosing one widens or switches); tags among those the list holds now
        (a tag narrows). A year counts every event whose period overlaps it, as ``--year`` does.
        """
        out: dict[str, list[tuple[object, int]]] = {}
        for facet in FACETS:
            base = facets if facet == "tag" else facets.without(facet)
            events = self.records("events", search, base)
            counts: Counter = Counter()
            for e in events:
                if facet == "year":
                    first, last = span_of(e.date, e.end)
                    counts.update(range(first.year, last.year + 1))
                elif facet == "kind":
                    counts[e.kind.lower()] += 1
                elif facet == "tag":
                    counts.update({t.lower() for t in e.tags})
                else:
                    counts.update(set(e.people))
            for chosen in _chosen(facets, facet):  # a chosen value stays listed, even at 0
                counts.setdefault(chosen, 0)
            if facet == "year":
                out[facet] = sorted(counts.items())
            else:
                out[facet] = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        return out


def _chosen(facets: Facets, facet: str) -> tuple:
    if facet == "person":
        return (facets.person,) if facets.person else ()
    return getattr(facets, {"year": "years", "kind": "kinds", "tag": "tags"}[facet])


def dispute_texts(row: query.DisputeRow) -> list[str]:
    """What a search looks in for a dispute: its record's title and id, the claim, the finding."""
    return [row.title, row.record, row.status, row.claim, row.finding]


def record_of(timeline, row):
    """The record a list row shows in the detail: a dispute row shows its disputed record."""
    if isinstance(row, query.DisputeRow):
        return timeline.by_id.get(row.record)
    return row


def section_of(record) -> str:
    """The tab a record lives in."""
    return next(s.name for s in model.SECTIONS.values() if s.record is type(record))


def noun(section: str, count: int) -> str:
    """What ``count`` records of a tab are called: ``events``, ``1 person``, ``1 dispute``."""
    if section == "disputes":
        return "dispute" if count == 1 else "disputes"
    return model.SECTIONS[section].noun(count)
