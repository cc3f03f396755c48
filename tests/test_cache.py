"""The cache never changes an answer, notices edits, survives damage and needs no permission."""

from __future__ import annotations

import json
import os
import random
import shutil
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, clean_env, parse_once, run_cli, write_yaml
from ishiba_cli import cache, model, query
from ishiba_cli.load import bundled_path, load_timeline
from ishiba_cli.search import Matcher, parse_query

COMMANDS = [
    ["events", "--year", "2024"],
    ["events", "--from", "2008-09", "--to", "2009", "--format", "json"],
    ["events", "--tag", "sofa", "--grep", "okinawa", "--reverse", "-n", "3"],
    ["events", "--person", "abe", "--format", "csv"],
    ["events", "--grep", "NATO|SOFA", "--regex", "--format", "jsonl"],
    ["quotes", "alliance"],
    ["quotes", "一朝一夕", "--format", "json"],
    ["quotes", "--speaker", "iwaya", "--source", "asahi-2024-10-02-iwaya"],
    ["proposals", "sofa"],
    ["races", "--format", "markdown"],
    ["show", "ldp-race-2020", "--format", "json"],
    ["search", "okinawa"],
    ["summary"],
    ["sources", "--format", "tsv"],
    ["timeline"],
    ["export", "--format", "timelinejs"],
    ["cite", "revise-sofa", "--style", "bibtex"],
    ["events", "--year", "1900"],
]


@pytest.fixture(scope="module", autouse=True)
def bundled_parsed_once():
    """The bundled timeline is parsed once for this module: every uncached run of it
    (``--no-cache``, or the first run, which writes the cache) is handed that timeline, without
    parsing the same 444 KB again (about 0.1 s each, thirty times). Other files are parsed on
    every run, as always."""
    with pytest.MonkeyPatch.context() as patch:
        parse_once(patch, bundled_path())
        yield


@pytest.fixture
def cache_home(tmp_path):
    return str(tmp_path / "cache")


def test_records_survive_the_round_trip(timeline):
    for record in timeline.by_id.values():
        assert model.from_data(type(record), model.to_data(record)) == record


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory) -> str:
    """A cache of the bundled timeline, written once for the module by a first run."""
    home = str(tmp_path_factory.mktemp("cache"))
    assert run_cli("summary", env=clean_env(XDG_CACHE_HOME=home)).returncode == 0
    assert os.listdir(os.path.join(home, "ishiba")), "a cache was written"
    return home


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_cached_and_uncached_runs_give_byte_identical_output(args, built_cache):
    env = clean_env(XDG_CACHE_HOME=built_cache)
    fresh = run_cli("--no-cache", *args, env=env)
    cached = run_cli(*args, env=env)  # reads the cache
    assert (cached.returncode, cached.stdout, cached.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


@pytest.mark.parametrize("args", [COMMANDS[0], COMMANDS[11]], ids=lambda a: " ".join(a)[:40])
def test_the_run_that_writes_the_cache_answers_as_an_uncached_one(args, cache_home):
    env = clean_env(XDG_CACHE_HOME=cache_home)
    fresh = run_cli("--no-cache", *args, env=env)
    first = run_cli(*args, env=env)  # writes the cache
    assert os.listdir(os.path.join(cache_home, "ishiba")), "a cache was written"
    assert (first.returncode, first.stdout, first.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_the_cache_is_used_on_the_second_run(tmp_path, cache_home):
    path = write_yaml(tmp_path, MINIMAL)
    first = load_timeline(path, {"XDG_CACHE_HOME": cache_home}, cache=True)
    second = load_timeline(path, {"XDG_CACHE_HOME": cache_home}, cache=True)
    assert isinstance(first, model.Timeline) and isinstance(second, cache.CachedTimeline)
    assert [e.id for e in second.events] == [e.id for e in first.events]
    assert second.counts() == first.counts() and second.subject == first.subject


def test_editing_the_file_invalidates_the_cache(tmp_path, cache_home):
    env = clean_env(XDG_CACHE_HOME=cache_home)
    path = write_yaml(tmp_path, MINIMAL)
    assert "Day event" in run_cli("--data", str(path), "events", env=env).stdout
    written = path.stat().st_mtime_ns

    def edit(text: str, seconds_later: int) -> None:
        """An edit saved that many seconds later: the time is set, not waited for (a file system
        with coarse timestamps would otherwise give two quick edits the same one)."""
        path.write_text(text, encoding="utf-8")
        later = written + seconds_later * 1_000_000_000
        os.utime(path, ns=(later, later))

    edit(MINIMAL.replace("title: Day event", "title: Renamed event"), 1)
    out = run_cli("--data", str(path), "events", env=env).stdout
    assert "Renamed event" in out and "Day event" not in out
    assert len(os.listdir(os.path.join(cache_home, "ishiba"))) == 1, "an edit replaces the cache, it does not add one"
    edit(MINIMAL.replace("date: 2008-09-22,", "date: 2008-02-30,"), 2)  # the same size as before
    assert run_cli("--data", str(path), "events", env=env).returncode == 3, "a broken edit is reported, not hidden"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(tmp_path, cache_home, damage):
    env = clean_env(XDG_CACHE_HOME=cache_home)
    path = write_yaml(tmp_path, MINIMAL)
    expected = run_cli("--no-cache", "--data", str(path), "events", env=env).stdout
    run_cli("--data", str(path), "events", env=env)
    (file,) = [p for p in (tmp_path / "cache" / "ishiba").iterdir()]
    data = file.read_bytes()
    if damage == "garbage":
        file.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        file.write_bytes(b"")
    else:  # another timeline's cache under this name
        other = write_yaml(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "other.yaml")
        run_cli("--data", str(other), "events", env=env)
        (other_file,) = [p for p in (tmp_path / "cache" / "ishiba").iterdir() if p != file]
        shutil.copy(other_file, file)
    done = run_cli("--data", str(path), "events", env=env)
    assert (done.returncode, done.stdout) == (0, expected)
    if damage == "foreign":  # another file's cache is not damage: it is replaced without a word
        assert done.stderr == ""
    else:
        assert done.stderr.startswith(f"note: the cache of {path} was damaged (")
        assert done.stderr.rstrip().endswith("the file was read instead, and the cache rebuilt")
    again = run_cli("--data", str(path), "events", env=env)
    assert (again.stdout, again.stderr) == (expected, ""), "rebuilt once: the next run reads the new cache quietly"


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    done = run_cli("events", "--year", "2024", env=clean_env(XDG_CACHE_HOME=str(blocker)))
    assert done.returncode == 0 and done.stderr == "" and "announces-final-bid" in done.stdout


def test_no_cache_and_the_environment_variable_leave_the_cache_alone(tmp_path, cache_home):
    run_cli("--no-cache", "events", env=clean_env(XDG_CACHE_HOME=cache_home))
    run_cli("events", env=clean_env(XDG_CACHE_HOME=cache_home, ISHIBA_NO_CACHE="1"))
    assert not os.path.exists(os.path.join(cache_home, "ishiba")) or not os.listdir(os.path.join(cache_home, "ishiba"))


def test_no_temporary_files_are_left(cache_home):
    load_timeline(bundled_path(), {"XDG_CACHE_HOME": cache_home}, cache=True)
    names = os.listdir(os.path.join(cache_home, "ishiba"))
    assert len(names) == 1 and names[0].endswith(".sqlite")


@settings(max_examples=60, deadline=None)
@given(
    years=st.lists(st.integers(1955, 2027), max_size=2),
    words=st.lists(
        st.sampled_from(["sofa", "abe", "nato", "okinawa", "石破", "U.S.", "race", "zzz", '"asian nato"']), max_size=2
    ),
    any_term=st.booleans(),
    reverse=st.booleans(),
    limit=st.one_of(st.none(), st.integers(0, 5)),
    tag=st.sampled_from([None, "sofa", "ldp", "okinawa"]),
)
def test_the_index_narrows_but_never_changes_a_filter(cached_pair, years, words, any_term, reverse, limit, tag):
    memory, cached = cached_pair
    matcher = Matcher(parse_query(words, any_term=any_term)) if words else None
    flt = query.Filter(years=tuple(years), tags=(tag,) if tag else (), matcher=matcher)
    for section in ("events", "quotes"):
        a = query.apply(memory, section, flt, limit=limit, reverse=reverse)
        b = query.apply(cached, section, flt, limit=limit, reverse=reverse)
        assert [r.id for r in a] == [r.id for r in b]


@pytest.fixture(scope="module")
def cached_pair(tmp_path_factory):
    home = tmp_path_factory.mktemp("cache")
    env = {"XDG_CACHE_HOME": str(home)}
    memory = load_timeline(bundled_path(), env, cache=True)
    cached = load_timeline(bundled_path(), env, cache=True)
    assert isinstance(cached, cache.CachedTimeline)
    return memory, cached


def test_a_query_that_matches_nothing_reads_no_record_to_say_why(tmp_path, monkeypatch):
    """On a cached timeline, "no event matched --from X" is answered through the index."""
    import json

    from ishiba_cli.dates import parse_date

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    load_timeline(bundled_path(), env, cache=True)
    cached = load_timeline(bundled_path(), env, cache=True)
    assert isinstance(cached, cache.CachedTimeline)
    decoded = []
    real = cache._record
    monkeypatch.setattr(cache, "_record", lambda kind, data: decoded.append(json.loads(data)["id"]) or real(kind, data))
    flt = query.Filter(since=parse_date("1900-01"), until=parse_date("1900-02"), labels={"from/to": "--from 1900-01"})
    assert query.why_empty(cached, "events", flt, "event") == "no event matched --from 1900-01"
    assert decoded == []


# --- a cache never trusted blindly (issue 23) ----------------------------------------------------


def _cached(tmp_path, text: str = MINIMAL):
    """A timeline, its uncached `events` output, its environment and its one cache file."""
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    path = write_yaml(tmp_path, text)
    expected = run_cli("--no-cache", "--data", str(path), "events", "-f", "json", env=env).stdout
    assert run_cli("--data", str(path), "events", "-f", "json", env=env).stdout == expected
    (file,) = (tmp_path / "cache" / "ishiba").iterdir()
    return path, expected, env, file


def test_one_changed_byte_in_a_record_is_never_served(tmp_path):
    path, expected, env, file = _cached(tmp_path)
    data = bytearray(file.read_bytes())
    at = data.index(b'"title":"Month event about') + len(b'"title":"')  # in the record itself
    data[at] = ord("N")  # "Nonth event about": still valid UTF-8 and JSON
    file.write_bytes(bytes(data))
    done = run_cli("--data", str(path), "events", "-f", "json", env=env)
    assert (done.returncode, done.stdout) == (0, expected)
    assert "Nonth" not in done.stdout
    assert "checksum does not match" in done.stderr and "cache rebuilt" in done.stderr
    assert b"Month event about" in file.read_bytes(), "rebuilt from the timeline file"


def _damages():
    """Deterministic damage: bytes flipped at spread positions, a page zeroed, the tail cut."""
    for trial in range(12):
        yield f"20 bytes #{trial}", lambda data, seed=trial: _flip(data, random.Random(seed), 20)
    yield "one page zeroed", lambda data: data[:4096] + bytes(4096) + data[8192:]
    yield "header zeroed", lambda data: bytes(100) + data[100:]
    yield "the tail cut", lambda data: data[: len(data) - 4096]


def _flip(data: bytes, rng, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(100, len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


@pytest.mark.parametrize(("name", "damage"), list(_damages()), ids=[name for name, _ in _damages()])
def test_any_damage_is_dropped_and_rebuilt_never_a_traceback(tmp_path, name, damage):
    path, expected, env, file = _cached(tmp_path)
    file.write_bytes(damage(file.read_bytes()))
    done = run_cli("--data", str(path), "events", "-f", "json", env=env)
    assert (done.returncode, done.stdout) == (0, expected)
    assert done.stderr.startswith("note: the cache of ") and "was damaged" in done.stderr
    again = run_cli("--data", str(path), "events", "-f", "json", env=env)
    assert (again.returncode, again.stdout, again.stderr) == (0, expected, "")


def test_damage_found_while_reading_is_one_error_and_the_file_goes(tmp_path, monkeypatch):
    """Damage after the checksum was checked (the file changed under a running command)."""
    path, expected, env, file = _cached(tmp_path)

    def broken(kind, data):
        raise ValueError("Expecting value")

    monkeypatch.setattr(cache, "_record", broken)
    done = run_cli("--data", str(path), "events", env=env)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: the cache file ") and "run the command again" in done.stderr
    assert not file.exists()
    monkeypatch.undo()
    assert run_cli("--data", str(path), "events", "-f", "json", env=env).stdout == expected


def test_the_cache_is_flushed_to_disk_before_it_is_renamed(tmp_path, monkeypatch):
    steps = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(
        os, "fsync", lambda fd: steps.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))) or real_fsync(fd)
    )
    monkeypatch.setattr(os, "replace", lambda a, b: steps.append(("replace", str(a))) or real_replace(a, b))
    timeline = load_timeline(write_yaml(tmp_path, MINIMAL))
    file = tmp_path / "cache" / "x.sqlite"
    assert cache.write_cache(file, "key", timeline, "x")
    (tmp,) = [name for step, name in steps if step == "replace"]
    assert steps.index(("fsync", tmp)) < steps.index(("replace", tmp)), steps
    assert ("fsync", str(file.parent)) in steps, "and the folder, for the rename"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache/ishiba"),
        ({"XDG_CACHE_HOME": "relative/cache", "HOME": "/home/u"}, "/home/u/.cache/ishiba"),
        ({"XDG_CACHE_HOME": "", "HOME": "/home/u"}, "/home/u/.cache/ishiba"),
        ({"HOME": ""}, None),
        ({"HOME": "/"}, None),
        ({"HOME": "relative"}, None),
        ({}, None),
    ],
    ids=["xdg", "relative xdg ignored", "empty xdg", "empty home", "root home", "relative home", "no home"],
)
def test_the_cache_folder_follows_the_xdg_rules(env, expected):
    found = cache.cache_dir(env)
    assert (str(found) if found is not None else None) == expected


def test_without_a_home_nothing_is_cached_anywhere(tmp_path, monkeypatch):
    written = []
    monkeypatch.setattr(cache, "write_cache", lambda *args: written.append(args) or True)
    path = write_yaml(tmp_path, MINIMAL)
    timeline = load_timeline(path, {"HOME": ""}, cache=True)
    assert isinstance(timeline, model.Timeline) and written == []
    done = run_cli(
        "--data", str(path), "events", env={k: v for k, v in clean_env().items() if k not in {"HOME", "XDG_CACHE_HOME"}}
    )
    assert done.returncode == 0 and done.stderr == "" and "Day event" in done.stdout and written == []


def _timeline_files(tmp_path, count):
    return [write_yaml(tmp_path, MINIMAL, f"t{i}.yaml") for i in range(count)]


def test_the_least_recently_used_files_are_evicted(tmp_path, monkeypatch):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    monkeypatch.setattr(cache, "MAX_FILES", 2)
    first, second, third = _timeline_files(tmp_path, 3)
    load_timeline(first, env, cache=True)
    load_timeline(second, env, cache=True)
    files = {p: cache.cache_file(p, env) for p in (first, second, third)}
    os.utime(files[first], (2_000_000_000, 2_000_000_000))  # used last
    os.utime(files[second], (1_000_000_000, 1_000_000_000))
    load_timeline(third, env, cache=True)
    assert files[first].exists() and files[third].exists() and not files[second].exists()
    # a cache that is read counts as used now
    os.utime(files[first], (1_000_000_000, 1_000_000_000))
    assert isinstance(load_timeline(first, env, cache=True), cache.CachedTimeline)
    assert files[first].stat().st_mtime > 1_000_000_000


def test_the_total_size_is_bounded_too(tmp_path, monkeypatch):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, second = _timeline_files(tmp_path, 2)
    load_timeline(first, env, cache=True)
    one = cache.cache_file(first, env).stat().st_size
    os.utime(cache.cache_file(first, env), (1_000_000_000, 1_000_000_000))
    monkeypatch.setattr(cache, "MAX_BYTES", one + one // 2)
    load_timeline(second, env, cache=True)
    assert [e.file for e in cache.entries(cache.cache_dir(env))] == [cache.cache_file(second, env)]


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    folder = tmp_path / "cache" / "ishiba"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".t.yaml-1.sqlite.abc.tmp", folder / ".t.yaml-1.sqlite.def.tmp"
    stale.write_bytes(b"half a build")
    fresh.write_bytes(b"a build in progress")
    old = time.time() - 2 * cache.STALE_SECONDS
    os.utime(stale, (old, old))
    load_timeline(write_yaml(tmp_path, MINIMAL), env, cache=True)
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("failure", [MemoryError, KeyboardInterrupt, OSError])
def test_a_build_that_fails_leaves_no_temporary_file(tmp_path, monkeypatch, failure):
    def fail(timeline):
        raise failure()

    monkeypatch.setattr(cache, "_rows", fail)
    timeline = load_timeline(write_yaml(tmp_path, MINIMAL))
    file = tmp_path / "cache" / "x.sqlite"
    if failure is OSError:
        assert cache.write_cache(file, "key", timeline, "x") is False
    else:
        with pytest.raises(failure):
            cache.write_cache(file, "key", timeline, "x")
    assert list(file.parent.iterdir()) == []


# --- ishiba cache --------------------------------------------------------------------------------


def test_the_cache_command_shows_the_folder_its_size_and_its_timelines(tmp_path):
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    empty = run_cli("cache", env=env)
    assert empty.returncode == 0
    assert empty.stdout.startswith(f"folder  {tmp_path / 'cache' / 'ishiba'}\nfiles   0 (0 bytes); at most 20 files")
    path = write_yaml(tmp_path, MINIMAL)
    run_cli("--data", str(path), "events", env=env)
    shown = run_cli("cache", env=env)
    assert "files   1 (" in shown.stdout and str(path) in shown.stdout
    data = json.loads(run_cli("cache", "--format", "json", env=env).stdout)
    (entry,) = data["entries"]
    assert data["folder"] == str(tmp_path / "cache" / "ishiba") and data["files"] == 1
    assert entry["timeline"] == str(path) and entry["bytes"] == data["bytes"] > 0
    assert os.path.exists(entry["file"])
    csv_lines = run_cli("cache", "--format", "csv", env=env).stdout.splitlines()
    assert csv_lines[0] == "timeline,file,bytes,last_used" and csv_lines[1].startswith(f"{path},")
    assert json.loads(run_cli("cache", "--format", "jsonl", env=env).stdout)["timeline"] == str(path)
    assert f"| {path} |" in run_cli("cache", "--format", "markdown", env=env).stdout


def test_cache_clear_empties_it(tmp_path):
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    for path in _timeline_files(tmp_path, 2):
        run_cli("--data", str(path), "events", env=env)
    done = run_cli("cache", "clear", env=env)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.startswith("removed 2 cache files (") and str(tmp_path / "cache" / "ishiba") in done.stderr
    assert list((tmp_path / "cache" / "ishiba").iterdir()) == []
    assert run_cli("cache", "clear", "--format", "json", env=env).returncode == 2


def test_the_cache_command_without_a_home(tmp_path):
    env = {k: v for k, v in clean_env().items() if k not in {"HOME", "XDG_CACHE_HOME"}}
    assert run_cli("cache", env=env).stdout == "no cache: neither XDG_CACHE_HOME nor HOME is an absolute folder\n"
    assert json.loads(run_cli("cache", "-f", "json", env=env).stdout)["folder"] is None
