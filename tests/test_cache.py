"""The cache never changes an answer, notices edits, survives damage and needs no permission."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, clean_env, run_cli, write_yaml
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


@pytest.fixture
def cache_home(tmp_path):
    return str(tmp_path / "cache")


def test_records_survive_the_round_trip(timeline):
    for record in timeline.by_id.values():
        assert model.from_data(type(record), model.to_data(record)) == record


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_cached_and_uncached_runs_give_byte_identical_output(args, cache_home):
    env = clean_env(XDG_CACHE_HOME=cache_home)
    fresh = run_cli("--no-cache", *args, env=env)
    first = run_cli(*args, env=env)  # writes the cache
    again = run_cli(*args, env=env)  # reads it
    assert os.listdir(os.path.join(cache_home, "ishiba")), "a cache was written"
    for done in (first, again):
        assert (done.returncode, done.stdout, done.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_the_cache_is_used_on_the_second_run(tmp_path, cache_home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    path = write_yaml(tmp_path, MINIMAL)
    first = load_timeline(path, cache=True)
    second = load_timeline(path, cache=True)
    assert isinstance(first, model.Timeline) and isinstance(second, cache.CachedTimeline)
    assert [e.id for e in second.events] == [e.id for e in first.events]
    assert second.counts() == first.counts() and second.subject == first.subject


def test_editing_the_file_invalidates_the_cache(tmp_path, cache_home):
    env = clean_env(XDG_CACHE_HOME=cache_home)
    path = write_yaml(tmp_path, MINIMAL)
    assert "Day event" in run_cli("--data", str(path), "events", env=env).stdout
    time.sleep(0.01)
    path.write_text(MINIMAL.replace("title: Day event", "title: Renamed event"), encoding="utf-8")
    out = run_cli("--data", str(path), "events", env=env).stdout
    assert "Renamed event" in out and "Day event" not in out
    assert len(os.listdir(os.path.join(cache_home, "ishiba"))) == 1, "an edit replaces the cache, it does not add one"
    path.write_text(MINIMAL.replace("date: 2008-09-22,", "date: 2008-02-30,"), encoding="utf-8")
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


def test_no_temporary_files_are_left(tmp_path, cache_home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    load_timeline(bundled_path(), cache=True)
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
