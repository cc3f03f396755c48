"""What a record holds for the code that indexes, searches and cites it: the texts a search
reads (each with the field it comes from) and the sources it cites.

Below ``query`` and ``cache``, which both read records through these; pure functions over model
records (a record's one-line title is ``model.title_of``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Event, Person, Proposal, Quote, Race, Series, Source, Timeline


def person_names(timeline: Timeline, ids: Iterable[str]) -> list[str]:
    out = []
    for pid in ids:
        person = timeline.by_id.get(pid)
        if isinstance(person, Person):
            out.append(person.name)
            if person.native:
                out.append(person.native)
    return out


def fields_of(timeline: Timeline, record) -> list[tuple[str, str]]:
    """The texts a search looks in, for any kind of record, each with the name of the field it
    comes from (``context``, ``other wordings``...): what "matched in" names. Empty texts are left
    out; a field of several texts (tags, people) gives one entry each."""
    out: list[tuple[str, str]]
    if isinstance(record, Event):
        out = [("title", record.title), ("summary", record.summary), ("kind", record.kind),
               ("tags", " ".join(record.tags)), ("note", record.note or ""),
               *(("people", n) for n in person_names(timeline, record.people)),
               *(("disputed claim", d.claim) for d in record.disputes)]  # fmt: skip
    elif isinstance(record, Quote):
        out = [("text", record.text), ("original", record.original or ""),
               *(("other wordings", v.text) for v in record.variants), ("occasion", record.occasion),
               ("context", record.context or ""),
               *(("speaker", n) for n in person_names(timeline, [record.speaker]))]  # fmt: skip
    elif isinstance(record, Race):
        candidates = [t.candidate for r in record.rounds for t in r.tallies]
        out = [("title", record.title), ("summary", record.summary), ("note", record.note or ""),
               *(("candidates", n) for n in person_names(timeline, candidates))]  # fmt: skip
    elif isinstance(record, Proposal):
        out = [("title", record.title), ("summary", record.summary), ("rationale", record.rationale),
               ("assessment", record.assessment), ("outcome", record.outcome),
               *(("reactions", r.summary) for r in record.reactions), *(("reactions", r.by) for r in record.reactions)]  # fmt: skip
    elif isinstance(record, Person):
        out = [("name", record.name), ("native name", record.native or ""),
               *(("roles", r) for r in record.roles), ("note", record.note or "")]  # fmt: skip
    elif isinstance(record, Source):
        out = [("title", record.title or ""), ("description", record.description or ""),
               ("title translated", record.title_translated or ""), ("publisher", record.publisher),
               ("url", record.url or ""), ("note", record.note or "")]  # fmt: skip
    elif isinstance(record, Series):
        out = [("title", record.title), ("publisher", record.publisher), ("unit", record.unit),
               ("note", record.note or ""), *(("points", p.note or "") for p in record.points)]  # fmt: skip
    else:
        out = []
    return [(name, text) for name, text in out if text]


def texts_of(timeline: Timeline, record) -> list[str]:
    """The texts a search looks in, for any kind of record (:func:`fields_of` without names)."""
    return [text for _, text in fields_of(timeline, record)]


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
    for point in getattr(record, "points", ()):
        out.extend(point.sources)
    return list(dict.fromkeys(out))
