"""The timeline as a SQLite database that Datasette serves as it is, and its Datasette metadata.

Built with the standard library's ``sqlite3``: the schema has to be written out anyway (declared
foreign keys, external-content FTS5 tables with the trigram tokenizer), and a CLI that counts
its start-up time gains nothing from a library (and its dependencies) for a few ``CREATE``s.

The layout, one table per section and a link table per many-to-many reference:

- ``events``, ``races``, ``quotes``, ``proposals``, ``people``, ``sources``, ``disputes``,
  ``glossary``; ``rounds``, ``tallies`` and their ``blocs`` under races, ``variants`` under quotes,
  ``reactions`` under proposals;
- ``<kind>_sources`` (every record to its sources, in the record's order), ``event_people``,
  ``event_tags`` (and ``tags``), ``proposal_events``, ``proposal_quotes``, ``dispute_sources``;
- dated records have ``date`` (as written), ``precision`` (year, month or day), ``start`` and
  ``end`` (the first and last day the record may cover) and ``year``;
- ``events_fts`` (title, summary) and ``quotes_fts`` (text, original, context): FTS5 with the
  trigram tokenizer, which finds any run of three or more characters, Japanese included. A
  shorter term (``石破``, ``核``) is found with ``LIKE``: the metadata's canned queries
  ``quotes_containing`` and ``events_containing`` do that.

Each section's tables are written by one function, listed in ``SECTIONS``: a new section of the
format (series and their points, say) is one more function and one more line there.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import model, query
from ..dates import DAY, MONTH, YEAR, PartialDate, span_of
from ..errors import UsageError

#: the SQLite version that brought FTS5's trigram tokenizer
TRIGRAM_SINCE = (3, 34, 0)
PRECISIONS = {YEAR: "year", MONTH: "month", DAY: "day"}
#: the columns every dated record has, in this order
DATE_COLUMNS = ["date TEXT NOT NULL", "precision TEXT NOT NULL", "start TEXT NOT NULL", "end TEXT NOT NULL",
                "year INTEGER NOT NULL", "circa INTEGER NOT NULL"]  # fmt: skip
#: full-text indexes: table -> its indexed columns
FTS = {"events": ("title", "summary"), "quotes": ("text", "original", "context")}


def _dates(date: PartialDate, end: PartialDate | None = None, circa: bool = False) -> tuple:
    first, last = span_of(date, end)
    return (date.iso(), PRECISIONS[date.precision], first.isoformat(), last.isoformat(), date.year, int(circa))


def _maybe_dates(date: PartialDate | None) -> tuple:
    return _dates(date) if date is not None else (None,) * 6


def _list(values: Iterable[str]) -> str:
    """A list as a JSON array: Datasette facets such a column by its values (``_facet_array``)."""
    return json.dumps(list(values), ensure_ascii=False)


class _Writer:
    """The database being written, and what the selection holds (references to records outside
    it are left out, so every declared foreign key holds)."""

    def __init__(self, db: sqlite3.Connection, timeline: model.Timeline, selection) -> None:
        self.db, self.timeline, self.selection = db, timeline, selection
        self.present = {r.id for part in (selection.events, selection.quotes, selection.races, selection.proposals)
                        for r in part} | {r.id for r in (*timeline.people, *timeline.sources)}  # fmt: skip

    def table(self, name: str, columns: list[str], rows: Iterable[tuple], primary: str | None = None) -> None:
        """``CREATE TABLE name (columns)`` and its rows; ``primary`` adds a compound primary key."""
        decl = ", ".join([*columns, *([f"PRIMARY KEY ({primary})"] if primary else [])])
        self.db.execute(f"CREATE TABLE [{name}] ({decl})")
        marks = ", ".join("?" * len(columns))
        self.db.executemany(f"INSERT INTO [{name}] VALUES ({marks})", rows)

    def links(self, name: str, owner: str, owner_table: str, target: str, target_table: str, pairs) -> None:
        """A link table ``name (owner, target, position)``: each owner's targets in their order."""
        self.table(
            name,
            [f"{owner} TEXT NOT NULL REFERENCES {owner_table}(id)", f"{target} TEXT NOT NULL REFERENCES {target_table}(id)",
             "position INTEGER NOT NULL"],
            ((o, t, i) for o, targets in pairs for i, t in enumerate(targets) if t in self.present),
            primary=f"{owner}, {target}",
        )  # fmt: skip

    def sources_of(self, kind: str, table: str, records) -> None:
        self.links(f"{kind}_sources", kind, table, "source", "sources", ((r.id, r.sources) for r in records))

    def ref(self, value: str | None) -> str | None:
        return value if value in self.present else None


def _sources(w: _Writer) -> None:
    w.table(
        "sources",
        ["id TEXT PRIMARY KEY", "heading TEXT NOT NULL", "title TEXT", "description TEXT", "publisher TEXT NOT NULL",
         "kind TEXT", *(c.replace(" NOT NULL", "") for c in DATE_COLUMNS[:5]), "url TEXT", "archive_url TEXT",
         "archive_date TEXT", "accessed TEXT", "language TEXT", "title_translated TEXT", "via_url TEXT",
         "via_note TEXT", "note TEXT"],
        ((s.id, s.heading, s.title, getattr(s, "description", None), s.publisher, s.kind, *_maybe_dates(s.date)[:5],
          s.url, getattr(s, "archive_url", None), _iso(getattr(s, "archive_date", None)),
          _iso(getattr(s, "accessed", None)), getattr(s, "language", None), getattr(s, "title_translated", None),
          *((s.via.url, s.via.note) if getattr(s, "via", None) else (None, None)), s.note)
         for s in w.timeline.sources),
    )  # fmt: skip


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date is not None else None


def _people(w: _Writer) -> None:
    people = w.timeline.people
    w.table(
        "people",
        ["id TEXT PRIMARY KEY", "name TEXT NOT NULL", "name_native TEXT", "roles TEXT NOT NULL", "note TEXT"],
        ((p.id, p.name, p.native, _list(p.roles), p.note) for p in people),
    )
    w.sources_of("person", "people", people)


def _events(w: _Writer) -> None:
    events = w.selection.events
    w.table(
        "events",
        ["id TEXT PRIMARY KEY", *DATE_COLUMNS, "end_date TEXT", "title TEXT NOT NULL", "kind TEXT NOT NULL",
         "summary TEXT NOT NULL", "tags TEXT NOT NULL", "people TEXT NOT NULL", "confidence TEXT NOT NULL",
         "disputed INTEGER NOT NULL", "note TEXT"],
        ((e.id, *_dates(e.date, e.end, e.circa), _iso(e.end), e.title, e.kind, e.summary, _list(e.tags),
          _list(e.people), e.confidence, int(bool(e.disputes)), e.note) for e in events),
    )  # fmt: skip
    w.sources_of("event", "events", events)
    w.links("event_people", "event", "events", "person", "people", ((e.id, e.people) for e in events))
    tags = sorted({t for e in events for t in e.tags})
    w.table("tags", ["id TEXT PRIMARY KEY"], ((t,) for t in tags))
    w.present.update(tags)
    w.links("event_tags", "event", "events", "tag", "tags", ((e.id, e.tags) for e in events))


def _races(w: _Writer) -> None:
    races = w.selection.races
    w.table(
        "races",
        ["id TEXT PRIMARY KEY", *DATE_COLUMNS, "title TEXT NOT NULL", "contest TEXT", "attempt INTEGER NOT NULL",
         "winner TEXT NOT NULL REFERENCES people(id)", "result TEXT NOT NULL", "place INTEGER NOT NULL",
         "candidates INTEGER NOT NULL", "runoff INTEGER NOT NULL", "summary TEXT NOT NULL",
         "confidence TEXT NOT NULL", "disputed INTEGER NOT NULL", "note TEXT"],
        ((r.id, *_dates(r.date, None, r.circa), r.title, r.contest, r.attempt, r.winner, r.result, r.place,
          r.candidates, int(r.runoff), r.summary, r.confidence, int(bool(r.disputes)), r.note) for r in races),
    )  # fmt: skip
    w.sources_of("race", "races", races)
    rounds, tallies, blocs = [], [], []
    for race in races:
        for number, rnd in enumerate(race.rounds, 1):
            rounds.append((len(rounds) + 1, race.id, number, rnd.stage, rnd.electorate))
            for t in rnd.tallies:
                tallies.append((len(tallies) + 1, len(rounds), race.id, t.candidate, t.votes))
                for n, b in enumerate(t.blocs, 1):
                    blocs.append((len(blocs) + 1, len(tallies), race.id, n, b.name, b.votes))
    w.table("rounds", ["id INTEGER PRIMARY KEY", "race TEXT NOT NULL REFERENCES races(id)", "number INTEGER NOT NULL",
                       "stage TEXT NOT NULL", "electorate TEXT"], rounds)  # fmt: skip
    w.table("tallies", ["id INTEGER PRIMARY KEY", "round INTEGER NOT NULL REFERENCES rounds(id)",
                        "race TEXT NOT NULL REFERENCES races(id)", "candidate TEXT NOT NULL REFERENCES people(id)",
                        "votes INTEGER NOT NULL"], tallies)  # fmt: skip
    w.table("blocs", ["id INTEGER PRIMARY KEY", "tally INTEGER NOT NULL REFERENCES tallies(id)",
                      "race TEXT NOT NULL REFERENCES races(id)", "position INTEGER NOT NULL", "name TEXT NOT NULL",
                      "votes INTEGER NOT NULL"], blocs)  # fmt: skip


def _quotes(w: _Writer) -> None:
    quotes = w.selection.quotes
    w.table(
        "quotes",
        ["id TEXT PRIMARY KEY", *DATE_COLUMNS, "speaker TEXT NOT NULL REFERENCES people(id)", "text TEXT NOT NULL",
         "original TEXT", "occasion TEXT NOT NULL", "event TEXT REFERENCES events(id)", "context TEXT",
         "passage TEXT", "phrase INTEGER NOT NULL", "source TEXT REFERENCES sources(id)",
         "confidence TEXT NOT NULL", "disputed INTEGER NOT NULL", "note TEXT"],
        ((q.id, *_dates(q.date, None, q.circa), q.speaker, q.text, q.original, q.occasion, w.ref(q.event), q.context,
          getattr(q, "passage", None), int(q.phrase), q.sources[0] if q.sources else None, q.confidence,
          int(bool(q.disputes)), q.note) for q in quotes),
    )  # fmt: skip
    w.sources_of("quote", "quotes", quotes)
    variants = [(q.id, v) for q in quotes for v in q.variants]
    w.table("variants", ["id INTEGER PRIMARY KEY", "quote TEXT NOT NULL REFERENCES quotes(id)", "text TEXT NOT NULL",
                         "note TEXT"], ((i, qid, v.text, v.note) for i, (qid, v) in enumerate(variants, 1)))  # fmt: skip
    w.table("variant_sources", ["variant INTEGER NOT NULL REFERENCES variants(id)",
                                "source TEXT NOT NULL REFERENCES sources(id)", "position INTEGER NOT NULL"],
            ((i, s, n) for i, (_, v) in enumerate(variants, 1) for n, s in enumerate(v.sources)),
            primary="variant, source")  # fmt: skip


def _proposals(w: _Writer) -> None:
    proposals = w.selection.proposals
    w.table(
        "proposals",
        ["id TEXT PRIMARY KEY", "title TEXT NOT NULL", "summary TEXT NOT NULL", "rationale TEXT NOT NULL",
         "assessment TEXT NOT NULL", "outcome TEXT NOT NULL", "status TEXT", "confidence TEXT NOT NULL",
         "disputed INTEGER NOT NULL", "note TEXT"],
        ((p.id, p.title, p.summary, p.rationale, p.assessment, p.outcome, p.status, p.confidence,
          int(bool(p.disputes)), p.note) for p in proposals),
    )  # fmt: skip
    w.sources_of("proposal", "proposals", proposals)
    w.links("proposal_events", "proposal", "proposals", "event", "events", ((p.id, p.events) for p in proposals))
    w.links("proposal_quotes", "proposal", "proposals", "quote", "quotes", ((p.id, p.quotes) for p in proposals))
    reactions = [(p.id, r) for p in proposals for r in model.in_date_order(p.reactions)]
    w.table("reactions", ["id INTEGER PRIMARY KEY", "proposal TEXT NOT NULL REFERENCES proposals(id)",
                          "by TEXT NOT NULL", "person TEXT REFERENCES people(id)",
                          *(c.replace(" NOT NULL", "") for c in DATE_COLUMNS[:5]), "summary TEXT NOT NULL"],
            ((i, pid, r.by, r.person, *_maybe_dates(r.date)[:5], r.summary)
             for i, (pid, r) in enumerate(reactions, 1)))  # fmt: skip
    w.table("reaction_sources", ["reaction INTEGER NOT NULL REFERENCES reactions(id)",
                                 "source TEXT NOT NULL REFERENCES sources(id)", "position INTEGER NOT NULL"],
            ((i, s, n) for i, (_, r) in enumerate(reactions, 1) for n, s in enumerate(r.sources)),
            primary="reaction, source")  # fmt: skip


def _disputes(w: _Writer) -> None:
    rows, sides = [], []
    for record in query.disputed(w.timeline):
        if record.id not in w.present:
            continue
        kind = model.kind_of(record)
        for d in record.disputes:
            number = len(rows) + 1
            refs = tuple(record.id if kind == k else None for k in ("event", "race", "quote", "proposal"))
            rows.append((number, record.id, kind, *refs, d.status, d.claim, d.finding))
            sides += [(number, s, "claims", i) for i, s in enumerate(d.claimed_by)]
            sides += [(number, s, "supports the finding", i) for i, s in enumerate(d.supported_by)]
    w.table("disputes", ["id INTEGER PRIMARY KEY", "record TEXT NOT NULL", "kind TEXT NOT NULL",
                         "event TEXT REFERENCES events(id)", "race TEXT REFERENCES races(id)",
                         "quote TEXT REFERENCES quotes(id)", "proposal TEXT REFERENCES proposals(id)",
                         "status TEXT NOT NULL", "claim TEXT NOT NULL", "finding TEXT NOT NULL"], rows)  # fmt: skip
    w.table("dispute_sources", ["dispute INTEGER NOT NULL REFERENCES disputes(id)",
                                "source TEXT NOT NULL REFERENCES sources(id)", "side TEXT NOT NULL",
                                "position INTEGER NOT NULL"], sides, primary="dispute, source, side")  # fmt: skip


def _glossary(w: _Writer) -> None:
    w.table("glossary", ["term TEXT PRIMARY KEY", "also TEXT NOT NULL", "note TEXT"],
            ((t.term, _list(t.also), t.note) for t in w.timeline.glossary))  # fmt: skip


def _series(w: _Writer) -> None:
    """Each series, its points (dated as events are, from the fieldwork's first day to its last),
    and the sources of both."""
    series = w.timeline.series
    w.table("series", ["id TEXT PRIMARY KEY", "title TEXT NOT NULL", "unit TEXT NOT NULL", "publisher TEXT NOT NULL",
                       "first TEXT", "last TEXT", "points INTEGER NOT NULL", "note TEXT"],
            ((s.id, s.title, s.unit, s.publisher, s.date.iso(), (s.end or s.date).iso(), len(s.points), s.note)
             for s in series))  # fmt: skip
    w.sources_of("series", "series", series)
    rows, sources = [], []
    for s in series:
        for p in s.points:
            rows.append((len(rows) + 1, s.id, *_dates(p.date, p.end), _iso(p.end), p.value, p.note))
            sources += [(len(rows), sid, i) for i, sid in enumerate(p.sources) if sid in w.present]
    w.table("points", ["id INTEGER PRIMARY KEY", "series TEXT NOT NULL REFERENCES series(id)", *DATE_COLUMNS,
                       "end_date TEXT", "value REAL NOT NULL", "note TEXT"], rows)  # fmt: skip
    w.table("point_sources", ["point INTEGER NOT NULL REFERENCES points(id)",
                              "source TEXT NOT NULL REFERENCES sources(id)", "position INTEGER NOT NULL"],
            sources, primary="point, source")  # fmt: skip


#: section -> the function that writes its tables, in an order that lets each reference the
#: ones before it. A new section is one function and one line here.
SECTIONS: dict[str, Callable[[_Writer], None]] = {
    "sources": _sources,
    "people": _people,
    "events": _events,
    "races": _races,
    "quotes": _quotes,
    "proposals": _proposals,
    "disputes": _disputes,
    "glossary": _glossary,
    "series": _series,
}


def trigram_available() -> bool:
    return sqlite3.sqlite_version_info >= TRIGRAM_SINCE


def build(timeline: model.Timeline, selection, path: str | os.PathLike) -> None:
    """Write the database to ``path`` (a new file)."""
    if not trigram_available():
        raise UsageError(
            f"this Python's SQLite is {sqlite3.sqlite_version}; the database's Japanese full-text search "
            f"needs the trigram tokenizer of SQLite {'.'.join(map(str, TRIGRAM_SINCE))} or later"
        )
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place when whole
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            writer = _Writer(db, timeline, selection)
            for write in SECTIONS.values():
                write(writer)
            for table, columns in FTS.items():
                names = ", ".join(columns)
                db.execute(f"CREATE VIRTUAL TABLE [{table}_fts] USING fts5({names}, "
                           f"content=\"{table}\", content_rowid='rowid', tokenize='trigram')")  # fmt: skip
                db.execute(f"INSERT INTO [{table}_fts] (rowid, {names}) SELECT rowid, {names} FROM [{table}]")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - the writer leaves out references outside the selection
            raise AssertionError(f"foreign keys broken: {problems[:5]}")
        db.execute("VACUUM")
    finally:
        db.close()


def sqlite_export(timeline: model.Timeline, selection) -> bytes:
    """The database as bytes, for ``files.write_atomic`` to put in place in one rename."""
    with tempfile.TemporaryDirectory(prefix="ishiba-") as folder:
        path = Path(folder) / "timeline.db"
        build(timeline, selection, path)
        return path.read_bytes()


# ----------------------------------------------------------------------------- Datasette metadata


def metadata(timeline: model.Timeline, database: str) -> dict:
    """Datasette metadata for the database file whose name (less ``.db``) is ``database``:
    titles and descriptions from the subject, facets, links and the notes on search."""
    subject = timeline.subject
    heading = subject.heading()
    short = "Full-text search uses trigrams: it finds any run of three or more characters, in Japanese as in English (地位協定, alliance). " \
            "A term of one or two characters (石破, 核) is too short for trigrams: use the canned queries " \
            "“Quotes containing a term” and “Events containing a term”, which find any text."  # fmt: skip
    title = {name: section.title for name, section in model.SECTIONS.items()}  # each section's heading
    dated = "date is as the sources give it (precision: year, month or day); start and end are the first and last day it may cover."
    tables = {
        "events": {"title": f"{title['events']}: {heading}", "description": f"What happened, with its sources. {dated}",
                   "sort": "start", "label_column": "title", "facets": ["year", "kind", {"array": "tags"}],
                   "fts_table": "events_fts", "fts_pk": "rowid"},
        "quotes": {"title": f"{title['quotes']}: {heading}",
                   "description": "Words quoted verbatim from the source in the source column, always with their speaker.",
                   "sort": "start", "label_column": "text", "facets": ["year", "speaker"],
                   "fts_table": "quotes_fts", "fts_pk": "rowid"},
        "races": {"title": title["races"], "description": "Contests; their rounds and tallies are linked from each race.",
                  "sort": "start", "label_column": "title", "facets": ["result", "contest"]},
        "rounds": {"label_column": "stage", "description": "The rounds of each race."},
        "tallies": {"description": "Votes per candidate in each round.", "facets": ["candidate"]},
        "blocs": {"description": "A tally's votes split by bloc, named in the sources' words.", "facets": ["name"]},
        "series": {"title": title["series"], "label_column": "title", "facets": ["publisher", "unit"],
                   "description": "Numbers over time (cabinet approval by one pollster); each point is sourced."},
        "points": {"description": "The values of each series, dated by their fieldwork.", "sort": "start",
                   "facets": ["series", "year"]},
        "proposals": {"title": title["proposals"], "label_column": "title", "facets": ["status"]},
        "people": {"title": title["people"], "label_column": "name", "facets": [{"array": "roles"}]},
        "sources": {"title": title["sources"], "description": "Every publication the records cite; url is the original publisher's address.",
                    "label_column": "heading", "sort": "start", "facets": ["kind", "publisher", "year"]},
        "disputes": {"title": "Where sources disagree", "label_column": "claim", "facets": ["status", "kind"]},
        "tags": {"label_column": "id"},
    }  # fmt: skip
    queries = {
        "quotes_containing": {
            "title": "Quotes containing a term",
            "description": "Any text, however short (石破, 核), in a quote's text, original or context.",
            "sql": "select id, date, speaker, text, original, source from quotes where text like '%' || :term || '%' "
            "or original like '%' || :term || '%' or context like '%' || :term || '%' order by start",
        },
        "events_containing": {
            "title": "Events containing a term",
            "description": "Any text, however short (石破, 核), in an event's title or summary.",
            "sql": "select id, date, title, kind, summary from events where title like '%' || :term || '%' "
            "or summary like '%' || :term || '%' order by start",
        },
    }
    description = " ".join(filter(None, [subject.summary, short]))
    return {
        "title": f"{heading}: a sourced timeline",
        "description": description,
        "source": "the sources each record cites (the sources table)",
        "license": "not stated by the timeline; quoted words belong to their publishers",
        "databases": {database: {"title": f"{heading}: a sourced timeline", "description": description,
                                 "tables": tables, "queries": queries}},
    }  # fmt: skip


def metadata_yaml(timeline: model.Timeline, database: str) -> str:
    import yaml

    return yaml.safe_dump(metadata(timeline, database), allow_unicode=True, sort_keys=False, width=100)
