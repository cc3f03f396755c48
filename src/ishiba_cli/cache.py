"""A cache of validated timelines, so that only the first run on a file pays for YAML.

Each timeline file gets one SQLite database under ``$XDG_CACHE_HOME/ishiba`` (``~/.cache``
otherwise), named after the file's path and valid for one content stamp (size, modification
and change times, inode) and one version of this program and of the cache format; when the
stamp changes, the same file is rebuilt, so editing a timeline never leaves old caches behind. SQLite is a safe
binary format (nothing in it can run code, unlike pickle), and its index lets a query read
only the records that may match: a filtered listing of a 100,000-event timeline decodes
tens of records, not 100,000.

Guarantees: the cache never changes an answer (the exact filters always run on the records
it returns, and records are rebuilt from the same field values); a corrupt, truncated or
foreign cache file is ignored and rebuilt; a cache being written is a temporary file renamed
into place, so a concurrent run never sees half of one; a missing or read-only cache folder
only means no cache. ``--no-cache`` or ``ISHIBA_NO_CACHE=1`` turn it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from pathlib import Path

from . import __version__, model, query
from .model import SECTIONS, Subject, Term, Timeline, from_data, kind_of, to_data

FORMAT = 6  # 5: reactions in date order; 6: series
_CLASSES = {kind: cls for kind, cls in SECTIONS.values()}


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ishiba"


def cache_key(path: Path) -> str:
    st = path.stat()
    parts = [__version__, FORMAT, str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    return "|".join(str(p) for p in parts)


def cache_file(path: Path, environ: dict[str, str] | None = None) -> Path:
    """One cache file per timeline file: named by its path, so an edit replaces it, never adds one."""
    where = str(path.resolve()).encode()
    digest = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.name)[:40]
    return cache_dir(environ) / f"{stem}-{digest}.sqlite"


# ----------------------------------------------------------------------------- reading


class CachedTimeline:
    """The :class:`~ishiba_cli.model.Timeline` interface over a cache database, loaded lazily."""

    def __init__(self, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        self._conn = conn
        self.schema_version = int(meta["schema_version"])
        self.subject = from_data(Subject, json.loads(meta["subject"]))
        self.path = meta["name"]
        self._counts = json.loads(meta["counts"])
        self._span_years = int(meta["span_years"])
        self._facets = json.loads(meta["facets"])
        self.glossary = tuple(from_data(Term, t) for t in json.loads(meta["glossary"]))
        self._sections: dict[str, tuple] = {}
        self.by_id = _Index(self)

    # -- the Timeline interface
    def section(self, name: str) -> tuple:
        if name not in self._sections:
            rows = self._conn.execute("SELECT kind, data FROM records WHERE section = ? ORDER BY seq", (name,))
            records = tuple(_record(kind, data) for kind, data in rows)
            self._sections[name] = records
            self.by_id.remember(records)
        return self._sections[name]

    events = property(lambda self: self.section("events"))
    races = property(lambda self: self.section("races"))
    quotes = property(lambda self: self.section("quotes"))
    proposals = property(lambda self: self.section("proposals"))
    series = property(lambda self: self.section("series"))
    people = property(lambda self: self.section("people"))
    sources = property(lambda self: self.section("sources"))

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def facets(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self._facets.items()}

    def dated(self):
        return Timeline.dated(self)  # type: ignore[arg-type]

    def index(self) -> list[tuple[str, str, str]]:
        return list(self._conn.execute("SELECT id, kind, title FROM records ORDER BY seq"))

    def candidates(self, section: str, reverse: bool = False, **hints):
        """Records of ``section`` in date order that may match; the caller filters exactly.

        The hints (``dates``: lists of ranges, any of each list; ``kinds``, ``tags``, ``person``,
        ``source``, ``terms`` (each a list of alternatives) with ``any_term``) narrow the SQL; each is a necessary condition of
        the exact filter, never a sufficient one.
        """
        where, args = ["section = ?"], [section]
        reach = self._span_years  # no record starts more than this many years before it ends
        for windows in hints.get("dates") or ():
            ors = []
            for w in windows:
                clause = []
                if w.start is not None:  # the year bound lets SQLite use the date index
                    clause.append("y >= ? AND last >= ?")
                    args += [w.start.year - reach, w.start.isoformat()]
                if w.end is not None:
                    clause.append("y <= ? AND first <= ?")
                    args += [w.end.year, w.end.isoformat()]
                ors.append("(" + " AND ".join(clause or ["1"]) + ")")
            where.append("(" + " OR ".join(ors) + ")")
        if hints.get("kinds"):
            where.append(f"rkind IN ({','.join('?' * len(hints['kinds']))})")
            args += [k.lower() for k in hints["kinds"]]
        for tag in hints.get("tags") or ():
            where.append("instr(tags, ?) > 0")
            args.append(f" {tag.lower()} ")
        if hints.get("person"):
            where.append("instr(people, ?) > 0")
            args.append(f" {hints['person']} ")
        if hints.get("source"):
            where.append("instr(cited, ?) > 0")
            args.append(f" {hints['source']} ")
        terms = hints.get("terms")  # per term, its alternatives (glossary names): any of them
        if terms:
            joiner = " OR " if hints.get("any_term") else " AND "
            where.append(
                "(" + joiner.join("(" + " OR ".join("instr(folded, ?) > 0" for _ in alts) + ")" for alts in terms) + ")"
            )
            args += [alt for alts in terms for alt in alts]
        order = "y DESC, m DESC, d DESC, seq" if reverse else "y, m, d, seq"
        sql = f"SELECT kind, data FROM records WHERE {' AND '.join(where)} ORDER BY {order}"
        for kind, data in self._conn.execute(sql, args):
            record = _record(kind, data)
            self.by_id.remember((record,))
            yield record


class _Index:
    """``by_id`` for a cached timeline: point look-ups by id, everything only when asked."""

    def __init__(self, owner: CachedTimeline) -> None:
        self._owner = owner
        self._known: dict[str, object] = {}
        self._complete = False

    def remember(self, records) -> None:
        for r in records:
            self._known.setdefault(r.id, r)

    def get(self, rid, default=None):
        if rid in self._known:
            return self._known[rid]
        if self._complete or not isinstance(rid, str):
            return default
        row = self._owner._conn.execute("SELECT kind, data FROM records WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return default
        record = _record(*row)
        self._known[rid] = record
        return record

    def __getitem__(self, rid):
        found = self.get(rid)
        if found is None:
            raise KeyError(rid)
        return found

    def __contains__(self, rid) -> bool:
        return self.get(rid) is not None

    def _all(self) -> dict:
        if not self._complete:
            for name in SECTIONS:
                self._owner.section(name)
            self._complete = True
            order = [r.id for name in SECTIONS for r in self._owner.section(name)]
            self._known = {rid: self._known[rid] for rid in order}
        return self._known

    def items(self):
        return self._all().items()

    def values(self):
        return self._all().values()

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _record(kind: str, data: str):
    return from_data(_CLASSES[kind], json.loads(data))


def open_cache(file: Path, key: str) -> CachedTimeline | None:
    """The cached timeline, or None when the cache file is missing, foreign or damaged."""
    if not file.is_file():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if meta.get("key") != key or meta.get("format") != str(FORMAT):
            conn.close()
            return None
        (rows,) = conn.execute("SELECT count(*) FROM records").fetchone()
        if rows != int(meta["rows"]):
            conn.close()
            return None
        return CachedTimeline(conn, meta)
    except (sqlite3.Error, KeyError, ValueError, TypeError, json.JSONDecodeError):
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        return None


# ----------------------------------------------------------------------------- writing


def write_cache(file: Path, key: str, timeline: Timeline, name: str) -> bool:
    """Write the cache for ``timeline`` atomically; False (and no file) if that is not possible."""
    import tempfile

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        os.close(fd)
    except OSError:
        return False
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE records (
                seq INTEGER PRIMARY KEY, section TEXT, id TEXT UNIQUE, kind TEXT, title TEXT,
                y INTEGER, m INTEGER, d INTEGER, first TEXT, last TEXT,
                rkind TEXT, tags TEXT, people TEXT, cited TEXT, folded TEXT, data TEXT);
            """
        )
        rows = list(_rows(timeline))
        span_years = max((int(r[9][:4]) - r[5] for r in rows if r[9] is not None), default=0)
        conn.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("CREATE INDEX by_date ON records (section, y, m, d, seq)")
        meta = {
            "key": key,
            "format": str(FORMAT),
            "name": name,
            "rows": str(len(rows)),
            "schema_version": str(timeline.schema_version),
            "subject": json.dumps(to_data(timeline.subject), ensure_ascii=False),
            "counts": json.dumps(timeline.counts()),
            "span_years": str(span_years),
            "facets": json.dumps(timeline.facets(), ensure_ascii=False),
            "glossary": json.dumps(to_data(timeline.glossary), ensure_ascii=False),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.commit()
        conn.close()
        os.replace(tmp, file)
        return True
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def _rows(timeline: Timeline):
    from .dates import span_of
    from .search import fold

    seq = 0
    for section in SECTIONS:
        for record in timeline.section(section):
            seq += 1
            date = getattr(record, "date", None)
            if date is not None and section in {"events", "races", "quotes", "series"}:
                first, last = span_of(date, getattr(record, "end", None))
                y, m, d = date.sort_key()
                first_s, last_s = first.isoformat(), last.isoformat()
            else:
                y = m = d = 0
                first_s = last_s = None
            people = getattr(record, "people", ()) or ((record.speaker,) if isinstance(record, model.Quote) else ())
            yield (
                seq, section, record.id, kind_of(record), query.title_of(record), y, m, d, first_s, last_s,
                getattr(record, "kind", "").lower() if section == "events" else "",
                " " + " ".join(t.lower() for t in getattr(record, "tags", ())) + " ",
                " " + " ".join(people) + " ",
                " " + " ".join(query.cited_sources(record)) + " ",
                "\n".join(fold(t) for t in query.texts_of(timeline, record) if t),
                json.dumps(to_data(record), ensure_ascii=False, separators=(",", ":")),
            )  # fmt: skip


# ----------------------------------------------------------------------------- the entry point


def load_cached(path: Path, name: str, parse, environ: dict[str, str] | None = None):
    """The timeline at ``path``: from the cache when it is fresh, else parsed and cached."""
    try:
        key = cache_key(path)
    except OSError:
        return parse()  # let the loader report the missing or unreadable file
    file = cache_file(path, environ)
    cached = open_cache(file, key)
    if cached is not None:
        cached.path = name
        return cached
    timeline = parse()
    write_cache(file, key, timeline, name)
    return timeline
