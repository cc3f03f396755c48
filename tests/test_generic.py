"""A generic engine: another subject's timeline through every command, the format's meaning
rules in `check`, one error per cause, and `ishiba init`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL, clean_env, run_cli, write_yaml
from ishiba_cli.errors import DataError
from ishiba_cli.load import load_timeline
from ishiba_cli.render import FORMATS
from ishiba_cli.starter import STARTER

OTHER = Path(__file__).parent / "data" / "other-subject.yaml"
COMMANDS = [["summary"], ["events"], ["races"], ["quotes"], ["proposals"], ["people"], ["sources"],
            ["disputes"], ["search", "ballot"], ["show", "union-race-2005"], ["show", "maren-holt"],
            ["show", "second-attempt"]]  # fmt: skip
SUBJECT_WORDS = re.compile(r"Ishiba|石破|\bLDP\b|\bhis\b|\bhe\b", re.IGNORECASE)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_another_subject_runs_through_every_command_without_naming_ishiba(args, fmt):
    done = run_cli("--data", str(OTHER), *args, "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert not SUBJECT_WORDS.search(done.stdout + done.stderr), done.stdout


@pytest.mark.parametrize("args", [["timeline"], ["export", "-f", "markdown"], ["export", "-f", "timelinejs"],
                                  ["cite", "second-attempt"], ["--help"], ["races", "--help"]])  # fmt: skip
def test_pictures_exports_and_help_do_not_name_ishiba_for_another_subject(args):
    done = run_cli("--data", str(OTHER), *args)
    assert done.returncode == 0, done.stderr
    text = done.stdout if "--help" not in args else done.stdout.split("Examples")[0]
    # --help names the bundled timeline as the default, and nothing else about it
    assert not re.search(r"\bLDP\b|\bhis\b", text)
    if "--help" not in args:
        assert not SUBJECT_WORDS.search(text)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_proposals_of_a_timeline_without_any_says_so(fmt):
    done = run_cli("--data", str(OTHER), "proposals", "--format", fmt)
    assert done.returncode == 0
    assert done.stderr.strip() == "the timeline has no proposals"
    if fmt == "json":
        assert json.loads(done.stdout) == []
    assert run_cli("proposals").stderr == "", "a timeline with proposals lists them without a note"


def test_a_bibtex_note_names_the_timeline_not_ishiba():
    from pybtex.database import parse_string

    done = run_cli("--data", str(OTHER), "cite", "second-attempt", "--style", "bibtex")
    entry = parse_string(done.stdout, "bibtex").entries["ledger-2009-04-18"]
    assert entry.fields["note"] == "news; timeline source id ledger-2009-04-18"
    assert "ishiba" not in done.stdout.lower()


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_the_people_listing_has_a_native_name_column_only_when_someone_has_such_a_name(fmt, tmp_path):
    other = run_cli("--data", str(OTHER), "people", "--format", fmt).stdout
    assert "native name" not in other and "name_ja" not in other and "Maren Holt" in other
    if fmt == "markdown":
        assert other.splitlines()[0] == "| id | name | roles | sources |"
    bundled = run_cli("people", "--format", fmt).stdout
    assert "native name" in bundled.splitlines()[0] and "石破茂" in bundled
    # any script, under a header that says what it is, not name_ja
    path = write_yaml(tmp_path, OTHER.read_text(encoding="utf-8").replace(
        "  - id: jonas-brandt\n", "  - id: jonas-brandt\n    name_native: Йонас Брандт\n"))  # fmt: skip
    cyrillic = run_cli("--data", str(path), "people", "--format", fmt).stdout
    assert "native name" in cyrillic.splitlines()[0] and "Йонас Брандт" in cyrillic
    assert run_cli("--data", str(path), "show", "Брандт").stdout.startswith("person jonas-brandt")


def test_the_summary_heads_races_with_their_contest_and_names_the_subject():
    out = run_cli("--data", str(OTHER), "summary").stdout
    assert "Civic Union leadership elections" in out
    assert "Jonas Brandt won 412 to Maren Holt's 388" in out
    assert "Holt / rival" in run_cli("--data", str(OTHER), "races", env=clean_env(COLUMNS="120")).stdout


def test_a_race_without_the_subjects_tally_says_so_in_words(tmp_path):
    text = OTHER.read_text(encoding="utf-8").replace("  person: maren-holt\n", "")
    path = write_yaml(tmp_path, text)
    done = run_cli("--data", str(path), "summary")
    assert "Maren Holt's votes cannot be picked out (subject.person is not set)" in " ".join(done.stdout.split())
    assert "won 530 to Jonas Brandt's 301" in done.stdout  # a race the subject won: whom they beat, and by how much
    assert "not in the sources" not in done.stdout  # the tallies hold them: the sources are not at fault
    assert "note: subject.person is not set" in done.stderr
    races = run_cli("--data", str(path), "races", env=clean_env(COLUMNS="120"))
    assert "not linked / 412" in races.stdout and "530 / 301 Jonas Brandt" in races.stdout
    assert "—" not in races.stdout
    assert "note: subject.person is not set, so 1 race(s)" in races.stderr


def test_a_subject_without_a_native_script_name_is_accepted():
    timeline = load_timeline(OTHER)
    assert timeline.subject.native is None and timeline.subject.heading() == "Maren Holt"


def test_the_bundled_subject_keeps_its_japanese_name(timeline):
    assert timeline.subject.heading() == "Ishiba Shigeru (石破茂)"


# ----------------------------------------------------------------------------- meaning rules

RACE = """\
races:
  - id: r1
    date: 2010-01-01
    title: A race
    attempt: {attempt}
    winner: {winner}
    result: {result}
    place: {place}
    candidates: {candidates}
    runoff: {runoff}
    rounds: {rounds}
    summary: x
    sources: [src-a]
"""
TALLIES = "{candidate: test-person, votes: 9}, {candidate: other, votes: 5}"
PEOPLE_AND_OTHER = MINIMAL.replace(
    "  - {id: test-person, name: Test Person, name_ja: 試験, roles: [subject]}",
    "  - {id: test-person, name: Test Person, name_ja: 試験, roles: [subject]}\n"
    "  - {id: other, name: Other One, roles: [rival]}",
)


def _problems(tmp_path, text) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_timeline(write_yaml(tmp_path, text))
    return caught.value.lines()


def _race(**changes) -> str:
    values = dict(attempt=1, winner="test-person", result="won", place=1, candidates=2, tallies=TALLIES,
                  runoff="false", rounds="[{{stage: first, tallies: [{tallies}]}}]")  # fmt: skip
    values.update(changes)
    values["rounds"] = values["rounds"].format(tallies=values["tallies"])
    return PEOPLE_AND_OTHER + RACE.format(**values)


def test_a_valid_race_passes(tmp_path):
    load_timeline(write_yaml(tmp_path, _race()))


@pytest.mark.parametrize(
    "changes, field, words",
    [
        (dict(place=3, candidates=2, result="lost", winner="other"), "place", "is not between 1 and candidates"),
        (dict(place=2, result="won"), "result", "a winner is placed 1st"),
        (dict(result="won", winner="other"), "winner", "not the subject"),
        (dict(result="lost", place=2, winner="test-person"), "winner", "the winner is the subject"),
        (dict(result="lost", place=2, winner="other"), "rounds[0].tallies", "'test-person' has 9"),
        (dict(tallies="{candidate: other, votes: 5}"), "rounds[0].tallies", "the winner 'test-person' has no tally"),
        (
            dict(tallies=TALLIES + ", {candidate: test-person, votes: 4}"),
            "rounds[0].tallies[2].candidate",
            "'test-person' has a second tally in this round (the first is tallies[0])",
        ),
        (
            dict(
                tallies="{candidate: test-person, votes: 9, blocs: {MPs: 3, members: 5}}, {candidate: other, votes: 5}"
            ),
            "rounds[0].tallies[0].blocs",
            "the blocs add up to 8 (MPs 3 + members 5), not to votes (9)",
        ),
        (
            dict(tallies="{candidate: test-person, votes: 9, diet: 4, regional: 5}, {candidate: other, votes: 5}"),
            "rounds[0].tallies[0].diet",
            "'diet' is no longer a field: write the split as blocs named in your sources' words, adding up to "
            "votes: blocs: {Diet: 4, ...}",
        ),
        (dict(runoff="true"), "runoff", "runoff is true but the final round's stage is not 'runoff'"),
        (
            dict(rounds="[{{stage: first, tallies: [{tallies}]}}, {{stage: runoff, tallies: [{tallies}]}}]"),
            "runoff",
            "runoff is false but a round has stage 'runoff'",
        ),
        (
            dict(
                runoff="true",
                rounds="[{{stage: runoff, tallies: [{tallies}]}}, {{stage: first, tallies: [{tallies}]}}]",
            ),
            "runoff",
            "runoff is true but the final round's stage is not 'runoff'",
        ),
        (
            dict(rounds="[{{stage: runoff, tallies: [{tallies}]}}, {{stage: first, tallies: [{tallies}]}}]"),
            "rounds",
            "a round of stage 'runoff' is not the last",
        ),
        (
            dict(
                rounds="[{{stage: 'a ballot whose name runs on for far more than forty characters', tallies: [{tallies}]}}]"
            ),
            "rounds[0].stage",
            "is not a short name of the ballot (40 characters at most)",
        ),
    ],
)
def test_check_refuses_races_that_contradict_themselves(tmp_path, changes, field, words):
    lines = _problems(tmp_path, _race(**changes))
    hit = [line for line in lines if words in line]
    assert hit, lines
    assert re.match(r".*timeline\.yaml:\d+:\d+: races\[0\]\." + re.escape(field), hit[0])


def test_a_race_with_a_runoff_round_and_blocs_that_add_up_passes(tmp_path):
    tallies = "{candidate: test-person, votes: 9, blocs: {MPs: 4, members: 5}}, {candidate: other, votes: 5}"
    rounds = "[{{stage: first, tallies: [{tallies}]}}, {{stage: runoff, tallies: [{tallies}]}}]"
    race = load_timeline(write_yaml(tmp_path, _race(runoff="true", rounds=rounds, tallies=tallies))).races[0]
    assert [(b.name, b.votes) for b in race.rounds[0].tallies[0].blocs] == [("MPs", 4), ("members", 5)]


def test_rounds_are_read_in_the_order_written_with_stages_in_the_datas_words(tmp_path):
    rounds = ("[{{stage: first ballot, tallies: [{tallies}]}}, {{stage: second ballot, tallies: [{tallies}]}}, "
              "{{stage: \"members' ballot\", tallies: [{tallies}]}}]")  # fmt: skip
    race = load_timeline(write_yaml(tmp_path, _race(rounds=rounds))).races[0]
    assert [r.stage for r in race.rounds] == ["first ballot", "second ballot", "members' ballot"]


def test_check_notes_races_it_cannot_show_against_the_subject(tmp_path):
    path = write_yaml(tmp_path, OTHER.read_text(encoding="utf-8").replace("  person: maren-holt\n", ""))
    done = run_cli("check", str(path))
    assert done.returncode == 0 and "valid:" in done.stdout
    assert "subject.person is not set, so 1 race(s) the subject lost cannot show the subject's votes" in done.stderr
    assert "note:" not in run_cli("check", str(OTHER)).stderr


def test_attempts_must_increase_with_the_date(tmp_path):
    second = _race().removeprefix(PEOPLE_AND_OTHER)
    text = _race() + second.replace("races:\n", "").replace("id: r1", "id: r2").replace("2010-01-01", "2012-01-01")
    lines = _problems(tmp_path, text)
    assert any("races[1].attempt: attempt 1 comes after attempt 1" in line for line in lines), lines


def test_attempts_are_counted_per_contest(tmp_path):
    """A party race after two mayoral races is the subject's first bid for the party's leadership."""
    from conftest import ROOT

    several = ROOT / "tests" / "data" / "several-ballots.yaml"
    assert run_cli("check", str(several)).returncode == 0
    text = several.read_text(encoding="utf-8")
    for contest in ("Harbour Party leadership election", "Example City mayoral election"):
        text = text.replace(f"contest: {contest}", "contest: x")  # one contest: the party bid is then the third
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3 and "attempt 1 comes after attempt 2 in time of the 'x' races" in done.stderr


def test_an_end_before_its_date_is_refused_with_its_line(tmp_path):
    text = MINIMAL.replace("date: 2002-09-30, end: 2004-09-27", "date: 2004-09-27, end: 2002-09-30")
    (line,) = _problems(tmp_path, text)
    assert re.search(r"timeline\.yaml:\d+:\d+: events\[2\]\.end: end 2002-09-30 is before the date 2004-09-27", line)


def test_a_partial_end_in_the_same_period_is_fine(tmp_path):
    load_timeline(write_yaml(tmp_path, MINIMAL.replace("end: 2004-09-27", "end: 2002")))


def test_a_quote_outside_its_events_period_is_refused(tmp_path):
    text = MINIMAL + (
        "quotes:\n  - {id: q, text: hi, speaker: test-person, date: 2009-01-01, occasion: x, "
        "event: day-event, sources: [src-a]}\n"
    )
    (line,) = _problems(tmp_path, text)
    assert "quotes[0].date: 2009-01-01 is outside the period of its event 'day-event'" in line


def test_a_role_span_that_ends_before_it_begins_is_refused(tmp_path):
    (line,) = _problems(tmp_path, MINIMAL.replace("roles: [subject]", "roles: [leader 2012-2008]"))
    assert "people[0].roles[0]: the span 2012-2008 ends before it begins" in line


def test_one_broken_section_is_one_error_and_a_count(tmp_path, timeline):
    text = (Path(__file__).parent.parent / "data" / "timeline.yaml").read_text(encoding="utf-8")
    start, end = text.index("\nevents:\n"), text.index("\nraces:\n")
    broken = text[:start] + "\nevents:\n  oops: [not, a, list]\n" + text[end:]
    done = run_cli("check", str(write_yaml(tmp_path, broken)))
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert "events: expected a list, found a mapping" in lines[0]
    assert re.search(r"\d+ more problems not listed: references into events", lines[-1])
    assert len(lines) == 2


# ----------------------------------------------------------------------------- init


def test_the_starter_is_check_clean_and_covers_every_section(tmp_path):
    path = write_yaml(tmp_path, STARTER, "starter.yaml")
    timeline = load_timeline(path)
    assert all(timeline.counts()[s] >= 1 for s in ("events", "races", "quotes", "proposals", "people", "sources"))
    assert timeline.glossary


def test_init_writes_a_file_check_accepts_and_never_overwrites_unasked(tmp_path):
    target = tmp_path / "new.yaml"
    first = run_cli("init", str(target))
    assert first.returncode == 0 and target.read_text(encoding="utf-8") == STARTER
    assert "wrote" in first.stderr and first.stdout == ""
    assert run_cli("--data", str(target), "check").returncode == 0
    target.write_text("mine", encoding="utf-8")
    again = run_cli("init", str(target))
    assert again.returncode == 2 and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert run_cli("init", str(target), "--force").returncode == 0
    assert target.read_text(encoding="utf-8") == STARTER


def test_init_output_runs_through_summary_json(tmp_path):
    target = tmp_path / "t.yaml"
    run_cli("init", str(target))
    done = run_cli("--data", str(target), "summary", "-f", "json", env=clean_env())
    assert json.loads(done.stdout)["subject"]["name"] == "Example Ada"


def test_init_dash_prints_the_starter(tmp_path):
    done = run_cli("init", "-", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == STARTER
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "written, words",
    [("0377", "'0377' is read by YAML as 255 (a leading zero or a base prefix makes octal, hex or binary)"),
     ("0388", "'0388' has a leading zero: write 388"),
     ("0x184", "'0x184' is read by YAML as 388"), ("0b110000100", "is read by YAML as 388")],
)  # fmt: skip
def test_a_count_is_never_re_based_silently(tmp_path, written, words):
    """YAML 1.1 reads 0377 as octal 255: a vote count must be written as the number it is
    (+388 and 3_88 keep their digits, and are read as written)."""
    text = OTHER.read_text(encoding="utf-8").replace("{candidate: maren-holt, votes: 388}",
                                                     f"{{candidate: maren-holt, votes: {written}}}")  # fmt: skip
    lines = _problems(tmp_path, text)
    assert len(lines) == 1 and "races[0].rounds[0].tallies[1].votes" in lines[0] and words in lines[0], lines


def _other(tmp_path, *pairs):
    text = OTHER.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    "pairs, field, words",
    [
        ([("  born: 1961-03", "  born: 2006")], "races[0].date", "is before the subject was born (2006)"),
        ([("  born: 1961-03", "  born: 2009-05"), ("    attempt: 1\n", "    attempt: 1\n")],
         "quotes[0].date", "is before the speaker, the subject, was born"),
        ([("    tags: [government]", "    tags: [government, government]")], "events[0].tags[1]",
         "'government' is listed twice (also at [0])"),
        ([("    people: [maren-holt]\n    summary: Heads", "    people: [maren-holt, maren-holt]\n    summary: Heads")],
         "events[0].people[1]", "'maren-holt' is listed twice"),
        ([("  - id: ledger-2009-04-18\n    title: Holt wins Civic Union leadership at second attempt\n"
           "    publisher: The Example Ledger\n    kind: news\n    date: 2009-04-18",
           "  - id: ledger-2009-04-18\n    title: Holt wins Civic Union leadership at second attempt\n"
           "    publisher: The Example Ledger\n    kind: news\n    date: 2001-04-18")],
         "quotes[0].sources[0]", "that source is dated 2001-04-18, before the words were said"),
    ],
)  # fmt: skip
def test_check_refuses_what_cannot_have_happened(tmp_path, pairs, field, words):
    lines = _problems(tmp_path, _other(tmp_path, *pairs))
    hit = [line for line in lines if words in line]
    assert hit, lines
    assert f": {field}:" in hit[0], hit[0]


def test_a_source_on_both_sides_of_a_dispute_only_when_it_reports_both_accounts(tmp_path):
    dispute = ("    disputes:\n      - {{claim: She lost., claimed_by: [ledger-2009-04-18], finding: She won., "
               "supported_by: [ledger-2009-04-18], status: {status}}}\n")  # fmt: skip
    anchor = "    summary: Beats the sitting leader"
    wrong = _other(tmp_path, (anchor, dispute.format(status="contradicted") + anchor))
    assert any("both makes the claim and refutes it" in line for line in _problems(tmp_path, wrong))
    both = _other(tmp_path, (anchor, dispute.format(status="conflicting") + anchor))
    load_timeline(write_yaml(tmp_path, both))


def test_races_of_different_contests_each_name_their_contest(tmp_path):
    text = OTHER.read_text(encoding="utf-8")
    at = text.rindex("    contest: Civic Union leadership election")
    text = text[:at] + text[at:].replace("Civic Union leadership election", "general election", 1)
    path = write_yaml(tmp_path, text)
    races = run_cli("--data", str(path), "races", env=clean_env(COLUMNS="120")).stdout
    assert "contest" in races.splitlines()[0] and "general election" in races
    summary = run_cli("--data", str(path), "summary").stdout
    assert "Races" in summary and "general election: won 530 to Jonas Brandt's 301" in " ".join(summary.split())
    assert "contest" not in run_cli("--data", str(OTHER), "races", env=clean_env(COLUMNS="120")).stdout.splitlines()[0]


def test_a_short_name_heads_the_races_table_instead_of_a_guessed_surname(tmp_path):
    path = write_yaml(tmp_path, OTHER.read_text(encoding="utf-8").replace(
        "  name_western: Maren Holt\n", "  name_western: Maren Holt\n  short_name: Holt-Brandt\n"))  # fmt: skip
    assert "Holt-Brandt / rival" in run_cli("--data", str(path), "races", env=clean_env(COLUMNS="120")).stdout


SEVERAL = Path(__file__).parent / "data" / "several-ballots.yaml"
SEVERAL_COMMANDS = [["events"], ["races"], ["summary"], ["timeline"], ["people"], ["sources"], ["search", "ballot"],
                    ["show", "party-leadership-2015"], ["show", "mayor-2004"], ["export", "-f", "markdown"],
                    ["export", "-f", "json"], ["export", "-f", "timelinejs"], ["cite", "mayor-2004"]]  # fmt: skip


@pytest.mark.parametrize("args", SEVERAL_COMMANDS, ids=lambda a: " ".join(a))
def test_a_contest_of_several_ballots_and_named_blocs_runs_through_every_command(args):
    done = run_cli("--data", str(SEVERAL), *args)
    assert done.returncode == 0, done.stderr
    assert not SUBJECT_WORDS.search(done.stdout + done.stderr), done.stdout


def test_a_race_shows_every_ballot_and_bloc_as_the_data_names_them():
    out = " ".join(
        run_cli("--data", str(SEVERAL), "show", "party-leadership-2015", env=clean_env(COLUMNS="120")).stdout.split()
    )
    for words in ("first ballot: the party's MPs", "second ballot: the party's MPs", "third ballot: the party's MPs",
                  "members' ballot: party members and affiliated supporters",
                  "Rowan Ashdown: 139,402 (party members 121,877, affiliated supporters 17,525)",
                  "won 139,402 to Colm Ferris's 112,988"):  # fmt: skip
        assert words in out
    assert "round" not in out.split("Rounds")[1], "a stage of several words is the data's own name, kept as written"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_keep_numbers_plain(fmt):
    done = run_cli("--data", str(SEVERAL), "races", "-f", fmt)
    assert "1168738" in run_cli("--data", str(SEVERAL), "export", "-f", "json").stdout
    assert (
        "1,168,738" not in done.stdout
        and "1,168,738" not in run_cli("--data", str(SEVERAL), "export", "-f", "json").stdout
    )
    table = run_cli("--data", str(SEVERAL), "races", env=clean_env(COLUMNS="132")).stdout
    assert "1,094,201 / 1,168,738" in table
