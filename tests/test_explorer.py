"""Issue 20, items 1-6 and covered_to: on this day, exclusions, why a search matched, races among
the events, a race's margin, a key to the marks; at three levels (pure, rendered, CLI)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, clean_env, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.load import load_timeline
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
