"""A cache of validated timelines, so that only the first run on a file pays for YAML.

Where: ``$XDG_CACHE_HOME/ishiba`` when ``XDG_CACHE_HOME`` is an absolute path, else
``$HOME/.cache/ishiba``, as the XDG base directory rules say (a relative ``XDG_CACHE_HOME`` is
ignored); when neither gives an absolute folder other than ``/`` there is no cache at all.

Each timeline file gets one SQLite database, named after the file's path and valid for one
content stamp (size, modification and change times, inode) and one version of this program and
of the cache format; when the stamp changes, the same file is rebuilt, so editing a timeline
never leaves old caches behind. SQLite is a safe binary format (nothing in it can run code,
unlike pickle), and its index lets a query read only the records that may match: a filtered
listing of a 100,000-event timeline decodes tens of records, not 100,000.

Guarantees:

- the cache never changes an answer: the exact filters always run on the records it returns,
  and records are rebuilt from the same field values;
- it is never trusted blindly: each file carries a CRC-32 of all its bytes (in the SQLite
  header's ``user_version`` field, which SQLite leaves to applications), checked whenever the
  file is opened, so a changed byte anywhere (a record, the index, the header) is caught before
  anything is read; a file that is damaged, truncated, foreign or unreadable in any way is
  removed and rebuilt once, and :func:`load_cached` says so in its notes;
- it is written durably: into a temporary file that is flushed to disk (``fsync``) before it is
  renamed into place, so a concurrent run never sees half of one, and a crash leaves the old
  file or the new one;
- it does not grow without end: after each write, the least recently used files go first
  until at most :data:`MAX_FILES` files and :data:`MAX_BYTES` bytes remain, and temporary files
  older than an hour (left by an interrupted build) are removed;
- a missing or read-only cache folder only means no cache. ``--no-cache`` or
  ``ISHIBA_NO_CACHE=1`` turn it off; ``ishiba cache clear`` empties it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
from pathlib import Path

from . import __version__, model
from .errors import ExitStatus, IshibaError
from .model import SECTIONS, Subject, Term, Timeline, from_data, kind_of, title_of, to_data
from .records import cited_sources, texts_of
from .tuples import named_tuple

FORMAT = 7  # 6: a CRC-32 of the whole file in the header; 7: series
_CLASSES = {s.singular: s.record for s in SECTIONS.values()}
SUFFIX = ".sqlite"
MAX_FILES = 20  # cache files kept (one per timeline file)...
MAX_BYTES = 1024 * 2**20  # ...and bytes, the least recently used removed first
STALE_SECONDS = 3600  # a temporary file older than this was left by an interrupted build
_SUM_AT = 60  # the offset of SQLite's user_version field, where the file's CRC-32 is kept
_APP_AT = 68  # the offset of SQLite's application_id field, which marks the file as ours...
APPLICATION_ID = 0x69736862  # ...with "ishb" (files from before the checksum have none)
_CHUNK = 1 << 20


class CacheDamaged(IshibaError):
    """A cache file found damaged while it was being read (after its checksum was checked)."""

    exit_code = ExitStatus.DATA


def cache_dir(environ: dict[str, str] | None = None) -> Path | None:
    """The cache folder by the XDG rules, or None when the environment gives no absolute one."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "ishiba"
    home = env.get("HOME", "")
    if os.path.isabs(home) and home.strip("/"):  # not unset, relative or the root folder
        return Path(home) / ".cache" / "ishiba"
    return None


def cache_key(path: Path) -> str:
    st = path.stat()
    parts = [__version__, FORMAT, str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    return "|".join(str(p) for p in parts)


def cache_file(path: Path, environ: dict[str, str] | None = None) -> Path | None:
    """One cache file per timeline file: named by its path, so an edit replaces it, never adds one."""
    folder = cache_dir(environ)
    if folder is None:
        return None
    where = str(path.resolve()).encode()
    digest = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.name)[:40]
    return folder / f"{stem}-{digest}{SUFFIX}"


def _checksum(stream) -> tuple[int, int | None]:
    """The CRC-32 of a cache file's bytes with its checksum field read as zeros, and the
    checksum the field holds (None when the file is not marked as one of ours)."""
    head = stream.read(_CHUNK)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
        raise ValueError("it is not an SQLite file")
    if int.from_bytes(head[_APP_AT : _APP_AT + 4], "big") != APPLICATION_ID:
        return 0, None
    stored = int.from_bytes(head[_SUM_AT : _SUM_AT + 4], "big")
    view = memoryview(head)
    crc = zlib.crc32(view[_SUM_AT + 4 :], zlib.crc32(bytes(4), zlib.crc32(view[:_SUM_AT])))
    while chunk := stream.read(_CHUNK):
        crc = zlib.crc32(chunk, crc)
    return crc, stored


# ----------------------------------------------------------------------------- reading


class CachedTimeline:
    """The :class:`~ishiba_cli.model.Timeline` interface over a cache database, loaded lazily."""

    def __init__(self, conn: sqlite3.Connection, meta: dict[str, str], file: Path | None = None) -> None:
        self._conn = conn
        self.file = file
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
    def _rows(self, sql: str, args=()):
        """The rows of a query; any failure to read them means the file was damaged after its
        checksum was checked: it is removed, and the error says to run again."""
        try:
            yield from self._conn.execute(sql, args)
        except sqlite3.Error as exc:
            raise self.damaged(exc) from None

    def damaged(self, exc: BaseException) -> CacheDamaged:
        with contextlib.suppress(OSError):
            os.unlink(self.file)
        return CacheDamaged(
            f"the cache file {self.file} was damaged while being read ({exc.__class__.__name__}); "
            "it has been removed: run the command again"
        )

    def _record(self, kind: str, data: str):
        try:
            return _record(kind, data)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:  # ValueError: JSON, UTF-8
            raise self.damaged(exc) from None

    def section(self, name: str) -> tuple:
        if name not in self._sections:
            rows = self._rows("SELECT kind, data FROM records WHERE section = ? ORDER BY seq", (name,))
            records = tuple(self._record(kind, data) for kind, data in rows)
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
        return list(self._rows("SELECT id, kind, title FROM records ORDER BY seq"))

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
        for kind, data in self._rows(sql, args):
            record = self._record(kind, data)
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
        row = next(self._owner._rows("SELECT kind, data FROM records WHERE id = ?", (rid,)), None)
        if row is None:
            return default
        record = self._owner._record(*row)
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


def open_cache(file: Path, key: str) -> tuple[CachedTimeline | None, str | None]:
    """The cached timeline, or None and why not: no reason when the file is missing, stale or
    another program version's (nothing is wrong), a reason when it is damaged or unreadable."""
    try:
        stream = open(file, "rb")  # noqa: SIM115 - closed below, before SQLite opens the file
    except (FileNotFoundError, NotADirectoryError):  # no cache yet, or no cache folder
        return None, None
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    with stream:
        try:
            crc, stored = _checksum(stream)
            inode = os.fstat(stream.fileno()).st_ino
        except (OSError, ValueError) as exc:
            return None, f"cannot be read: {getattr(exc, 'strerror', None) or exc}"
    if stored is None:  # another program's database, or ours from before the checksum: replaced quietly
        return None, None
    if crc != stored:
        return None, "its checksum does not match its contents"
    conn = None
    try:
        conn = sqlite3.connect(f"{file.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA cell_size_check = ON")  # SQLite's own cheap check of each page read
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if os.stat(file).st_ino != inode:  # replaced by a concurrent run since it was checked
            conn.close()
            return None, None
        if meta.get("key") != key or meta.get("format") != str(FORMAT):
            conn.close()
            return None, None
        (rows,) = conn.execute("SELECT count(*) FROM records").fetchone()
        if rows != int(meta["rows"]):
            conn.close()
            return None, "it holds fewer records than it says"
        return CachedTimeline(conn, meta, file), None
    except (sqlite3.Error, OSError, KeyError, ValueError, TypeError, AttributeError) as exc:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        return None, f"cannot be read: {exc.__class__.__name__}: {exc}"


# ----------------------------------------------------------------------------- writing


def write_cache(file: Path, key: str, timeline: Timeline, name: str) -> bool:
    """Write the cache for ``timeline`` durably and atomically; False (and no file) if that is
    not possible. Whatever happens (a full disk, Ctrl-C, no memory), no temporary file stays."""
    import itertools
    import tempfile

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        os.close(fd)
    except OSError:
        return False
    done = False
    try:
        conn = sqlite3.connect(tmp)
        try:
            # No journal and no syncing while the temporary file is built (nobody reads it, and
            # an interrupted build is thrown away); it is flushed to disk once, whole, below.
            conn.executescript(
                f"""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA application_id = {APPLICATION_ID};
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE records (
                    seq INTEGER PRIMARY KEY, section TEXT, id TEXT UNIQUE, kind TEXT, title TEXT,
                    y INTEGER, m INTEGER, d INTEGER, first TEXT, last TEXT,
                    rkind TEXT, tags TEXT, people TEXT, cited TEXT, folded TEXT, data TEXT);
                """
            )
            # The rows go to SQLite a thousand at a time, as they are made: held all at once they
            # would cost more than the records they come from (each record's JSON and folded text).
            rows, span_years = _rows(timeline), 0
            while batch := list(itertools.islice(rows, 1000)):
                span = max((int(r[9][:4]) - r[5] for r in batch if r[9] is not None), default=0)
                span_years = max(span_years, span)
                conn.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            conn.execute("CREATE INDEX by_date ON records (section, y, m, d, seq)")
            meta = {
                "key": key,
                "format": str(FORMAT),
                "name": name,
                "rows": str(sum(len(timeline.section(s)) for s in SECTIONS)),
                "schema_version": str(timeline.schema_version),
                "subject": json.dumps(to_data(timeline.subject), ensure_ascii=False),
                "counts": json.dumps(timeline.counts()),
                "span_years": str(span_years),
                "facets": json.dumps(timeline.facets(), ensure_ascii=False),
                "glossary": json.dumps(to_data(timeline.glossary), ensure_ascii=False),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.commit()
        finally:
            conn.close()
        _seal(tmp)
        os.replace(tmp, file)
        done = True
        _sync_folder(file.parent)
    except (OSError, sqlite3.Error):
        return False
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError):
        evict(file.parent, keep=file)
    return True


def _seal(tmp: str) -> None:
    """Write the file's checksum into its header, then flush the whole file to disk."""
    with open(tmp, "r+b") as stream:
        crc, _ = _checksum(stream)
        stream.seek(_SUM_AT)
        stream.write(crc.to_bytes(4, "big"))
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file, where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------- the folder


@named_tuple
class Entry:
    """One cache file: its path, size in bytes, when it was last used (seconds since the epoch)
    and the timeline file it holds (None when that cannot be read from it)."""

    file: Path
    size: int
    used: float
    timeline: str | None


def entries(folder: Path | None, *, timelines: bool = False) -> list[Entry]:
    """The cache files in ``folder``, the most recently used first (``timelines``: with the
    timeline file each holds, which opens each)."""
    found = []
    if folder is None or not folder.is_dir():
        return found
    for path in folder.iterdir():
        if path.suffix != SUFFIX or path.name.startswith("."):
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        found.append(Entry(path, st.st_size, st.st_mtime, _timeline_of(path) if timelines else None))
    return sorted(found, key=lambda e: e.used, reverse=True)


def _timeline_of(file: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{file.absolute().as_uri()}?mode=ro", uri=True)
        try:
            (key,) = conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
        finally:
            conn.close()
        return "|".join(str(key).split("|")[2:-5])  # the path, between the versions and the stamp
    except (sqlite3.Error, TypeError, ValueError, IndexError):
        return None


def _stale_temporaries(folder: Path, older_than: float) -> list[Path]:
    now = time.time()
    stale = []
    for path in folder.iterdir():
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime >= older_than:
                    stale.append(path)
    return stale


def evict(folder: Path, keep: Path | None = None) -> list[Path]:
    """Remove the least recently used cache files beyond :data:`MAX_FILES` files or
    :data:`MAX_BYTES` bytes (never ``keep``), and temporary files left by interrupted builds."""
    removed = _stale_temporaries(folder, STALE_SECONDS)
    total = 0
    for rank, entry in enumerate(entries(folder)):
        total += entry.size
        if entry.file != keep and (rank >= MAX_FILES or total > MAX_BYTES):
            removed.append(entry.file)
    for path in removed:
        with contextlib.suppress(OSError):
            path.unlink()
    return removed


def clear(folder: Path | None) -> tuple[int, int]:
    """Empty the cache folder: every cache file and temporary file. Returns (files, bytes)."""
    if folder is None or not folder.is_dir():
        return 0, 0
    files = bytes_ = 0
    for path in [e.file for e in entries(folder)] + _stale_temporaries(folder, 0):
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:
            continue
        files += 1
        bytes_ += size
    return files, bytes_


def _rows(timeline: Timeline):
    from .dates import span_of
    from .search import fold

    seq = 0
    for section in SECTIONS:
        for record in timeline.section(section):
            seq += 1
            if SECTIONS[section].dated:  # indexed by date: Timeline.candidates lists them by it
                date = record.date
                first, last = span_of(date, getattr(record, "end", None))
                y, m, d = date.sort_key()
                first_s, last_s = first.isoformat(), last.isoformat()
            else:
                y = m = d = 0
                first_s = last_s = None
            people = getattr(record, "people", ()) or ((record.speaker,) if isinstance(record, model.Quote) else ())
            yield (
                seq, section, record.id, kind_of(record), title_of(record), y, m, d, first_s, last_s,
                getattr(record, "kind", "").lower() if section == "events" else "",
                " " + " ".join(t.lower() for t in getattr(record, "tags", ())) + " ",
                " " + " ".join(people) + " ",
                " " + " ".join(cited_sources(record)) + " ",
                "\n".join(fold(t) for t in texts_of(timeline, record) if t),
                json.dumps(to_data(record), ensure_ascii=False, separators=(",", ":")),
            )  # fmt: skip


# ----------------------------------------------------------------------------- the entry point


def load_cached(path: Path, name: str, parse, environ: dict[str, str] | None = None, notes: list[str] | None = None):
    """The timeline at ``path``: from the cache when it is fresh and sound, else parsed and
    cached. A damaged cache file is removed and rebuilt once; ``notes`` gets a line saying so."""
    try:
        key = cache_key(path)
        file = cache_file(path, environ)
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return parse()  # let the loader report the missing or unreadable file
    if file is None:  # no cache folder (no absolute XDG_CACHE_HOME or HOME)
        return parse()
    cached, problem = open_cache(file, key)
    if cached is not None:
        with contextlib.suppress(OSError):
            os.utime(file)  # last used: the least recently used are evicted first
        cached.path = name
        return cached
    if problem is not None:
        with contextlib.suppress(OSError):
            file.unlink()
    timeline = parse()
    written = write_cache(file, key, timeline, name)
    if problem is not None and notes is not None:
        notes.append(
            f"the cache of {name} was damaged ({problem}): the file was read instead"
            + (", and the cache rebuilt" if written else "")
        )
    return timeline
