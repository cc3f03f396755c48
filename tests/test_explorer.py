"""Issue 20, items 1-6 and covered_to: on this day, exclusions, why a search matched, races among
the events, a race's margin, a key to the marks; at three levels (pure, rendered, CLI)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, clean_env, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.load import load_timeline
from ishiba_cli.records import fields_of
from ishiba_cli.render import views

OTHER = str(ROOT / "tests" / "data" / "other-subject.yaml")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cli(*args: str, columns: int = 80):
    return run_cli(*args, env=clean_env(COLUMNS=str(columns)))


def terminal(*args: str, columns: int = 80) -> str:
    """What a person at a terminal reads (``--color always`` stands for the tty), styles removed."""
    result = cli("--color", "always", *args, columns=columns)
    assert result.returncode == 0, result.stderr
    return ANSI.sub("", result.stdout)


BIG_RACE = """\
schema_version: 1
subject: {name: Ada Vey, name_western: Ada Vey, person: ada-vey}
sources:
  - {id: s1, title: Count, publisher: Pub, kind: news, date: 2001-05-02}
people:
  - {id: ada-vey, name: Ada Vey, roles: [mayor]}
  - {id: bo-lind, name: Bo Lind, roles: [rival]}
  - {id: cy-marr, name: Cy Marr, roles: [rival]}
events:
  - {id: sworn-in, date: 2001-05-09, title: Sworn in, kind: office, summary: Takes office., sources: [s1]}
races:
  - id: city-2001
    date: 2001-05-02
    title: City election
    attempt: 2
    winner: ada-vey
    result: won
    place: 1
    candidates: 3
    runoff: false
    rounds:
      - stage: first
        tallies:
          - {candidate: ada-vey, votes: 1168738}
          - {candidate: bo-lind, votes: 998001}
          - {candidate: cy-marr, votes: 12004}
    summary: Wins.
    sources: [s1]
  - id: city-1997
    date: 1997-05-04
    title: City election
    attempt: 1
    winner: bo-lind
    result: lost
    place: 2
    candidates: 2
    runoff: false
    rounds:
      - stage: first
        tallies:
          - {candidate: bo-lind, votes: 20500}
          - {candidate: ada-vey, votes: 9999}
    summary: Loses.
    sources: [s1]
"""


# ----------------------------------------------------------------------------- 5. a race's margin


def test_margin_names_the_runner_up_of_a_won_race_and_gives_the_winners_votes_in_a_lost_one(tmp_path):
    timeline = load_timeline(write_yaml(tmp_path, BIG_RACE))
    won, lost = timeline.by_id["city-2001"], timeline.by_id["city-1997"]
    assert views.race_margin(timeline, won) == "1,168,738 / 998,001 Bo Lind"
    assert views.race_margin(timeline, lost) == "9,999 / 20,500"


def test_races_table_shows_whom_the_bundled_subject_beat():
    out = cli("races", columns=250).stdout
    assert "Ishiba / rival" in out
    row = next(line for line in out.splitlines() if "ldp-race-2024" in line)
    assert "215 / 194 Takaichi Sanae" in row and "215 / 215" not in out
    assert "25 / 351" in next(line for line in out.splitlines() if "ldp-race-2008" in line)


@pytest.mark.parametrize("columns", [40, 80, 250])
def test_races_margin_at_every_width_about_someone_else(columns):
    out = cli("--data", OTHER, "races", columns=columns).stdout
    words = out.split()
    for word in ("530", "301", "Jonas", "Brandt", "388", "412"):
        assert word in words
    if columns == 250:
        assert "530 / 301 Jonas Brandt" in out and "388 / 412" in out


def test_machine_formats_keep_plain_numbers(tmp_path):
    path = str(write_yaml(tmp_path, BIG_RACE))
    data = json.loads(cli("--data", path, "races", "--format", "json").stdout)
    votes = [t["votes"] for r in data for rnd in r["rounds"] for t in rnd["tallies"]]
    assert 1168738 in votes
    assert "1168738" in cli("--data", path, "races", "--format", "csv").stdout
    assert "1,168,738 / 998,001 Bo Lind" in cli("--data", path, "races", columns=250).stdout


# ----------------------------------------------------------------------------- 6. a key to the marks


def test_key_names_just_the_marks_used():
    quote = next(q for q in load_timeline_bundled().quotes if q.phrase)
    assert "(phrase) a fragment" in views.marks_key([quote])
    plain = [r for r in load_timeline_bundled().events if not views.flags(r) and not r.circa]
    assert views.marks_key(plain[:3]) is None


def load_timeline_bundled():
    from ishiba_cli.load import bundled_path

    return load_timeline(bundled_path())


@pytest.mark.parametrize("columns", [40, 80, 250])
def test_a_listing_on_a_terminal_ends_with_the_key_of_its_marks(columns):
    out = terminal("races", columns=columns)
    tail = " ".join(out.split("Marks:")[-1].split())
    assert "⚑ the sources disagree" in tail
    assert "?" not in tail and "c." not in tail  # only the marks the races show


def test_the_key_is_not_in_a_pipe_nor_in_json():
    assert "Marks:" not in cli("races").stdout
    assert "Marks:" not in cli("--color", "always", "races", "--format", "json").stdout


def test_the_flags_column_has_a_heading():
    header = cli("events", "--year", "2012").stdout.splitlines()[0]
    assert header.split()[-1] == "marks"


def test_quotes_key_explains_phrase_and_about_someone_else_none_when_unmarked():
    out = terminal("quotes")
    assert "(phrase) a fragment" in " ".join(out.split())
    other = terminal("--data", OTHER, "quotes")
    assert "Marks:" not in other or "⚑" in other or "?" in other


@pytest.mark.parametrize("command", ["events", "quotes", "races", "proposals", "search"])
def test_help_explains_every_mark(command):
    out = " ".join(cli(command, "--help").stdout.split())
    for mark in ("⚑", "?", "c.", "(phrase)"):
        assert f"{mark} " in out.split("Marks")[1]


# ----------------------------------------------------------------------------- 2. exclusions


def test_exclusions_drop_what_they_name(timeline):
    everything = query.year_records(timeline, query.Filter(years=(2012,)))
    kept = query.year_records(timeline, query.Filter(years=(2012,), not_kinds=("race",)))
    assert {r.id for r in everything} - {r.id for r in kept} == {"ldp-race-2012"}
    no_abe = query.year_records(timeline, query.Filter(years=(2012,), not_people=("abe-shinzo",)))
    assert no_abe == []  # both the office under Abe and the race Abe won involve him
    sofa = [e for e in timeline.events if "sofa" in e.tags]
    left = query.apply(timeline, "events", query.Filter(not_tags=("sofa",)))
    assert sofa and not {e.id for e in sofa} & {e.id for e in left}
    assert len(left) == len(timeline.events) - len(sofa)


def test_explain_says_how_exclusions_were_read():
    done = cli("events", "--year", "2012", "--not-kind", "race", "--not-tag", "sofa", "--explain")
    assert done.returncode == 0
    assert "explain: not kind: none of race" in done.stderr
    assert "explain: not tag: none of sofa" in done.stderr
    assert "ldp-race-2012" not in done.stdout and "secretary-general" in done.stdout


@pytest.mark.parametrize("option", ["--not-kind", "--not-tag"])
def test_an_unknown_exclusion_is_refused_as_for_kind_and_tag(option):
    done = cli("events", option, "nosuchthing")
    assert done.returncode == 2
    assert f"{option} 'nosuchthing'" in done.stderr


def test_not_person_about_someone_else_and_in_the_picture():
    done = cli("--data", OTHER, "events", "--not-person", "jonas-brandt", "--format", "json")
    ids = [r["id"] for r in json.loads(done.stdout)]
    assert ids == ["holt-chancellor"]
    picture = cli("--data", OTHER, "timeline", "--not-kind", "office")
    assert picture.returncode == 0


# ----------------------------------------------------------------------------- 4. races among the events


def test_a_year_lists_its_race_among_the_events(timeline):
    ids = [r.id for r in query.year_records(timeline, query.Filter(years=(2012,)))]
    assert ids == ["secretary-general", "ldp-race-2012"]
    races = query.year_records(timeline, query.Filter(kinds=("race",)))
    assert [r.id for r in races] == [r.id for r in query.by_date(timeline.races)]
    assert query.year_records(timeline, query.Filter(kinds=("race",), tags=("sofa",))) == []


@pytest.mark.parametrize("columns", [40, 80, 250])
def test_events_year_2012_shows_the_race(columns):
    out = cli("events", "--year", "2012", columns=columns).stdout
    assert "ldp-race-2012" in out and "race:" in out
    assert "lost, 2nd" in " ".join(out.split())


def test_races_in_machine_formats_are_typed():
    rows = json.loads(cli("events", "--year", "2012", "--format", "json").stdout)
    race = next(r for r in rows if r["id"] == "ldp-race-2012")
    assert race["type"] == "race" and race["kind"] == "race" and race["winner"] == "abe-shinzo"
    assert "type" not in next(r for r in rows if r["id"] == "secretary-general")
    csv_out = cli("events", "--kind", "race", "--format", "csv").stdout.splitlines()
    assert len(csv_out) == 1 + 5 and all(",race," in line for line in csv_out[1:])


def test_races_among_events_about_someone_else_and_with_the_cache(tmp_path):
    rows = json.loads(cli("--data", OTHER, "events", "--kind", "race", "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["union-race-2005", "union-race-2009"]
    for cache in ([], ["--no-cache"]):
        args = ["--data", OTHER, *cache, "events", "--person", "jonas-brandt", "--format", "json"]
        person = json.loads(cli(*args).stdout)
        assert [r["id"] for r in person] == ["union-race-2005", "holt-wins-leadership", "union-race-2009"]
    for cache in ([], ["--no-cache"]):  # the bundled timeline is read through the cache by default
        rows = json.loads(cli(*cache, "events", "--kind", "race", "--person", "takaichi", "-f", "json").stdout)
        assert [r["id"] for r in rows] == ["ldp-race-2024"]


# ----------------------------------------------------------------------------- 1. on this day

from ishiba_cli import anniversaries  # noqa: E402


@pytest.mark.parametrize("text", ["02-30", "13-01", "2-4-1", "feb 4", "", "00-10"])
def test_a_day_that_is_not_mm_dd_is_refused(text):
    with pytest.raises(Exception) as caught:
        anniversaries.parse_day(text)
    assert "MM-DD" in str(caught.value) or "not a day of the year" in str(caught.value)


def test_29_february_is_a_day(timeline):
    assert anniversaries.parse_day("02-29") == anniversaries.Day(2, 29)
    found = anniversaries.on_this_day(timeline, anniversaries.Day(2, 29), 2026)
    assert [a.record.id for a in found.dated] == ["willingness-to-take-responsibility"]
    assert found.dated[0].years_ago == 18


def test_records_of_the_day_in_any_year_with_years_ago(timeline):
    found = anniversaries.on_this_day(timeline, anniversaries.Day(9, 27), 2026)
    by_id = {a.record.id: a for a in found.dated}
    assert by_id["ldp-race-2024"].years_ago == 2  # races count
    assert "believe-in-the-people" in by_id  # and quotes
    assert all(a.record.date.month == 9 and a.record.date.day == 27 for a in found.dated)
    # dated only to September: apart, never on a day
    assert found.month_only and all(a.record.date.day is None for a in found.month_only)
    assert not {a.record.id for a in found.month_only} & set(by_id)


def test_the_window_reaches_across_new_year(tmp_path):
    text = (
        Path(OTHER)
        .read_text(encoding="utf-8")
        .replace(
            "events:\n",
            "events:\n  - {id: eve, date: 2011-12-30, title: New Year's Eve eve, kind: party, "
            "summary: A party., sources: [gazette-2009]}\n  - {id: dec, date: 2012-12, title: A December, kind: party, "
            "summary: A month., sources: [gazette-2009]}\n",
        )
    )
    timeline = load_timeline(write_yaml(tmp_path, text))
    found = anniversaries.on_this_day(timeline, anniversaries.Day(1, 2), 2026, window=3)
    assert [(a.record.id, a.years_ago, a.days_off) for a in found.dated] == [("eve", 14, -3)]
    assert [(a.record.id, a.years_ago) for a in found.month_only] == [("dec", 13)]
    assert anniversaries.on_this_day(timeline, anniversaries.Day(1, 2), 2026, window=2).dated == []


@pytest.mark.parametrize("columns", [40, 80, 250])
def test_onthisday_02_04_at_every_width(columns):
    done = cli("onthisday", "02-04", columns=columns)
    assert done.returncode == 0
    out = " ".join(done.stdout.split())
    assert "On 4 February" in out and "born" in out and "Ishiba Shigeru is born" in out
    assert "years" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown", "table"])
def test_onthisday_in_every_format_about_someone_else(fmt):
    done = cli("--data", OTHER, "onthisday", "04-18", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert "second-attempt" in done.stdout and "union-race-2009" in done.stdout
    if fmt == "json":
        data = json.loads(done.stdout)
        assert data["day"] == "04-18" and data["this_month"] == []
        quote = next(r for r in data["on_the_day"] if r["id"] == "second-attempt")
        assert quote["type"] == "quote" and quote["speaker"] == "maren-holt" and isinstance(quote["years_ago"], int)
    if fmt in ("csv", "table", "markdown"):
        assert "Maren Holt" in done.stdout  # a quote always with its speaker


def test_onthisday_today_by_default_and_errors():
    assert cli("onthisday").returncode == 0
    bad = cli("onthisday", "02-30")
    assert bad.returncode == 2 and "02-30" in bad.stderr and "Traceback" not in bad.stderr
    assert cli("onthisday", "02-04", "--window", "400").returncode == 2
    empty = cli("--data", OTHER, "onthisday", "07-07", "-f", "json")
    assert empty.returncode == 0 and json.loads(empty.stdout)["on_the_day"] == []
    assert "no event, race or quote is dated to 7 July" in empty.stderr


# ----------------------------------------------------------------------------- 7. covered_to


@pytest.fixture
def covered(tmp_path):
    text = (
        Path(OTHER)
        .read_text(encoding="utf-8")
        .replace("  summary: A fictional politician", "  covered_to: 2016-12\n  summary: A fictional politician")
    )
    return str(write_yaml(tmp_path, text))


def test_summary_states_covered_to_in_every_format(covered):
    assert "curated to 2016-12" in " ".join(cli("--data", covered, "summary").stdout.split())
    assert "curated to:** 2016-12" in cli("--data", covered, "summary", "-f", "markdown").stdout
    assert json.loads(cli("--data", covered, "summary", "-f", "json").stdout)["subject"]["covered_to"] == "2016-12"


@pytest.mark.parametrize(
    "args, says",
    [
        (["events", "--from", "2015"], True),  # no end: reaches past
        (["events", "--year", "2017"], True),
        (["events", "--year", "2009"], False),
        (["events"], False),  # no period asked
        (["quotes", "--to", "2030"], True),
        (["onthisday", "04-18"], True),  # this year's anniversary is after 2016
    ],
)
def test_a_period_past_covered_to_says_so_on_stderr(covered, args, says):
    done = cli("--data", covered, *args)
    assert done.returncode == 0
    assert ("curated to 2016-12" in done.stderr) is says
    assert "curated to" not in done.stdout


def test_without_covered_to_nothing_is_said():
    assert "curated" not in cli("--data", OTHER, "events", "--from", "2015").stderr


def test_init_writes_a_covered_to_example(tmp_path):
    from ishiba_cli import starter

    assert "  # covered_to: 2026-02" in starter.STARTER
    done = cli("init", str(tmp_path / "new.yaml"))
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert "# covered_to:" in written
    assert cli("check", str(tmp_path / "new.yaml")).returncode == 0
    uncommented = written.replace("  # covered_to: 2026-02", "  covered_to: 2026-02")
    (tmp_path / "set.yaml").write_text(uncommented, encoding="utf-8")
    assert cli("check", str(tmp_path / "set.yaml")).returncode == 0


# ----------------------------------------------------------------------------- 3. why it matched

from ishiba_cli.search import Matcher, expand, parse_query  # noqa: E402


def _matcher(timeline, *words):
    return Matcher(expand(parse_query(list(words), phrases=True), timeline.glossary))


def test_why_matched_names_the_field_and_the_words(timeline):
    quote = timeline.by_id["decided-to-resign"]
    found = query.why_matched(timeline, quote, _matcher(timeline, "tariffs"))
    assert [m.field for m in found] == ["context"]
    ((a, b),) = found[0].spans
    assert found[0].text[a:b] == "tariff"
    unseen = query.unseen_matches(timeline, quote, _matcher(timeline, "tariffs"), [quote.text])
    assert [m.field for m in unseen] == ["context"]
    assert query.unseen_matches(timeline, quote, _matcher(timeline, "resign"), [quote.text]) == []


def test_a_word_no_record_holds_gets_the_nearest_words(timeline, example):
    assert query.suggestions(timeline, _matcher(timeline, "nucleer")) == [("nucleer", ["nuclear"])]
    assert query.suggestions(timeline, _matcher(timeline, "nuclea")) == []  # starts a word: no hint


@pytest.mark.parametrize("columns", [40, 80, 250])
def test_the_table_says_where_a_hidden_match_is(columns):
    out = " ".join(cli("quotes", "tariffs", columns=columns).stdout.split())
    assert "matched in context:" in out and "tariff deal" in out
    equal = " ".join(cli("quotes", "equal terms", columns=columns).stdout.split())
    assert "matched in other wordings:" in equal and "equal terms" in equal


def test_a_visible_match_gets_no_line():
    out = cli("quotes", "resign", columns=250).stdout
    row = out.split("decided-to-resign")[1].split("\n")
    assert "matched in" not in row[1] if len(row) > 1 else True
    assert "matched in" not in cli("events", "--year", "2012").stdout  # no search, no line


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_says_where_each_result_matched(fmt):
    out = cli("quotes", "tariffs", "--format", fmt).stdout
    rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    resign = next(r for r in rows if r["id"] == "decided-to-resign")
    (entry,) = resign["matched"]
    assert entry["field"] == "context"
    assert [entry["text"][a:b] for a, b in entry["spans"]] == ["tariff"]
    assert all(r["matched"] for r in rows)
    search = json.loads(cli("search", "okinawa", "-f", "json").stdout)
    assert all(r["matched"] and all(m["spans"] for m in r["matched"]) for r in search)
    assert "matched" not in json.loads(cli("quotes", "-f", "json").stdout)[0]  # no search: no key


def test_did_you_mean_on_stderr_about_someone_else():
    done = cli("quotes", "nucleer")
    assert "did you mean nuclear?" in done.stderr and done.stdout.count("\n") <= 2
    other = cli("--data", OTHER, "search", "promize")
    assert "did you mean promise?" in other.stderr
    assert "did you mean" in cli("events", "--grep", "chanceler", "--data", OTHER).stderr


def test_help_names_every_field_searched(timeline):
    from ishiba_cli.cli.options import SEARCHED

    samples = {"event": timeline.events, "quote": timeline.quotes, "race": timeline.races,
               "proposal": timeline.proposals, "person": timeline.people, "source": timeline.sources}  # fmt: skip
    for kind, records in samples.items():
        named = {field for r in records for field, _ in fields_of(timeline, r)}
        assert named <= set(SEARCHED[kind].split(", ")), kind
    quotes_help = " ".join(cli("quotes", "--help").stdout.split())
    assert "context" in quotes_help and "other wordings" in quotes_help
    search_help = " ".join(cli("search", "--help").stdout.split())
    for fields in SEARCHED.values():
        assert fields in search_help
