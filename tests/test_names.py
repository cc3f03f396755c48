"""Records by the names people use: ids, prefixes, full names in either order, Japanese script,
words of a title; folded as searches are. Filters that cannot silently match nothing."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE, run_cli
from ishiba_cli import query
from ishiba_cli.errors import NotFoundError


@pytest.mark.parametrize(
    "ref, kinds, expected",
    [
        ("ishiba-shigeru", None, "ishiba-shigeru"),
        ("Ishiba Shigeru", ("person",), "ishiba-shigeru"),
        ("Shigeru Ishiba", ("person",), "ishiba-shigeru"),
        ("shigeru ISHIBA", None, "ishiba-shigeru"),
        ("石破茂", None, "ishiba-shigeru"),
        ("石破茂", ("person",), "ishiba-shigeru"),
        ("Kōno", None, "kono-taro"),
        ("kono", None, "kono-taro"),
        ("ＫＯＮＯ", None, "kono-taro"),
        ("Asian NATO", None, "asian-nato"),
        ("status of forces", ("proposal",), "revise-sofa"),
        ("sofa", ("proposal",), "revise-sofa"),
        ("Prime Minister of Japan", None, "prime-minister"),
        ("naha-sp", None, "naha-speech"),
        ("地位協定", ("proposal",), "revise-sofa"),  # by the glossary: 地位協定 is a name of SOFA
        ("日米地位協定", ("proposal",), "revise-sofa"),
        ("trump", None, "donald-trump"),  # not trump-summit, whose id starts with the name
        ("Trump", None, "donald-trump"),
        ("marcos", None, "ferdinand-marcos-jr"),
    ],
)
def test_names_people_use_find_the_record(timeline, ref, kinds, expected):
    assert query.resolve(timeline, ref, kinds).id == expected


def test_an_ambiguous_name_lists_the_candidates(timeline):
    with pytest.raises(NotFoundError) as caught:
        query.resolve(timeline, "koizumi", ("person",))  # the father and the son; neither is the subject
    assert "ambiguous" in caught.value.message
    assert caught.value.candidates == ["koizumi-junichiro", "koizumi-shinjiro"]


@pytest.mark.parametrize(
    "ref, kinds", [("石破", ("person",)), ("石破", None), ("Ishiba", None), ("ishiba", ("person",))]
)
def test_a_name_that_fits_the_subject_and_others_means_the_subject(timeline, ref, kinds):
    found = query.find(timeline, ref, kinds)  # Ishiba Shigeru and his father, Ishiba Jiro
    assert found.record.id == "ishiba-shigeru"
    assert found.others[0] == "ishiba-jiro", "the others it fits are named, people first"


def test_the_subject_wins_a_name_in_any_timeline(tmp_path):
    from conftest import write_yaml

    path = write_yaml(
        tmp_path,
        """\
        schema_version: 1
        subject: {name: Holt Maren, name_western: Maren Holt, person: holt-maren}
        sources: [{id: s, title: T, publisher: P, kind: news}]
        people:
          - {id: holt-maren, name: Holt Maren, roles: [leader]}
          - {id: holt-jonas, name: Holt Jonas, roles: [her brother]}
        events: []
    """,
    )
    done = run_cli("--data", str(path), "show", "holt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("person holt-maren")
    assert "'holt' taken as holt-maren (Holt Maren); also: holt-jonas" in done.stderr


def test_a_name_that_fits_nothing_suggests_the_nearest(timeline):
    with pytest.raises(NotFoundError) as caught:
        query.resolve(timeline, "Ishiba Shigeruu", ("person",))
    assert caught.value.candidates[0] == "ishiba-shigeru"


def test_speaker_by_full_name_in_the_cli():
    by_name = run_cli("quotes", "--speaker", "Ishiba Shigeru", "--format", "json")
    by_id = run_cli("quotes", "--speaker", "ishiba-shigeru", "--format", "json")
    assert by_name.returncode == 0, by_name.stderr
    assert json.loads(by_name.stdout) == json.loads(by_id.stdout) != []
    western = run_cli("events", "--person", "Shigeru Ishiba", "--format", "json")
    assert western.returncode == 0 and json.loads(western.stdout)


@pytest.mark.parametrize("args", [["show", "Asian NATO"], ["show", "Kōno"], ["cite", "equal terms"],
                                  ["proposals", "status of forces"]])  # fmt: skip
def test_show_cite_and_proposals_take_names(args):
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr


def test_ambiguity_and_nothing_found_exit_4():
    ambiguous = run_cli("show", "koizumi")
    assert ambiguous.returncode == 4 and "ambiguous" in ambiguous.stderr and "koizumi-shinjiro" in ambiguous.stderr
    missing = run_cli("show", "Ishiba Shigeruu")
    assert missing.returncode == 4 and "did you mean: ishiba-shigeru" in missing.stderr


@pytest.mark.parametrize("option, value, nearest", [("--kind", "offce", "office"), ("--tag", "okinowa", "okinawa")])
def test_unknown_kind_or_tag_is_a_usage_error_naming_the_nearest(option, value, nearest):
    done = run_cli("events", option, value)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"nearest: {nearest}" in done.stderr


def test_known_kind_in_another_case_still_works():
    done = run_cli("events", "--kind", "OFFICE", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)


@pytest.mark.parametrize("command", ["events", "quotes"])
def test_limit_zero_shows_no_records(command):
    done = run_cli(command, "-n", "0", "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    assert done.stderr == ""


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("spelling", [["--data", "{}"], ["--data={}"], ["-d", "{}"], ["-d{}"]], ids=" ".join)
def test_global_options_work_before_or_after_the_command_in_every_spelling(where, spelling):
    options = [part.format(EXAMPLE) for part in spelling] + ["--no-cache", "--color", "never"]
    args = [*options, "events", "-f", "json"] if where == "before" else ["events", "-f", "json", *options]
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert [e["id"] for e in json.loads(done.stdout)] == ["ldp-race-2024", "prime-minister"]  # the race among them


def test_a_global_option_after_the_command_wins_over_one_before_it(tmp_path):
    done = run_cli("--data", "no-such-file.yaml", "events", "-f", "json", "--data", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert [e["id"] for e in json.loads(done.stdout)] == [
        "ldp-race-2024",
        "prime-minister",
    ]  # the race is among the events


def test_a_global_options_bad_value_is_a_usage_error_wherever_it_stands():
    for args in (["--color", "bogus", "events"], ["events", "--color", "bogus"]):
        done = run_cli(*args)
        assert done.returncode == 2 and "'bogus' is not one of: auto, always, never" in done.stderr


def test_an_option_named_like_a_global_after_double_dash_is_a_search_word():
    done = run_cli("search", "-f", "json", "--", "--data")
    assert done.returncode == 0, done.stderr  # searched for the word, not read as --data


@pytest.mark.parametrize("args", [["events", "--help"], ["show", "--help"], ["check", "--help"]])
def test_every_command_lists_the_global_options_in_its_help(args):
    out = run_cli(*args).stdout
    assert "-d, --data FILE" in out and "--color [auto|always|never]" in out and "--no-cache" in out


@pytest.mark.parametrize("args", [["--help"], ["events", "--help"], ["show", "--help"], ["check", "--help"]])
def test_help_documents_global_options_after_the_command(args):
    assert "before or after the command" in " ".join(run_cli(*args).stdout.split())


def test_show_a_surname_offers_the_person_and_a_shared_one_is_ambiguous():
    done = run_cli("show", "trump")
    assert done.returncode == 0 and done.stdout.startswith("person donald-trump")
    shared = run_cli("show", "koizumi")
    assert shared.returncode == 4
    assert "ambiguous" in shared.stderr and "koizumi-junichiro, koizumi-shinjiro" in shared.stderr


def test_proposals_take_a_glossary_name_in_any_language():
    done = run_cli("proposals", "地位協定")
    assert done.returncode == 0 and done.stdout.startswith("proposal revise-sofa")
    missing = run_cli("proposals", "地位協定x")
    assert missing.returncode == 4


def test_an_ambiguous_person_is_counted_in_people():
    done = run_cli("quotes", "--speaker", "koizumi")
    assert done.returncode == 4 and "2 people" in done.stderr and "persons" not in done.stderr


def test_an_honorific_never_matches_by_prefix():
    """'Mr. Ishiba' once cited a page about Mrs. Ishiba, because 'mr' starts 'mrs'."""
    done = run_cli("cite", "Mr. Ishiba")  # the subject, as a name he shares with his father means him
    assert done.returncode == 0 and "taken as ishiba-shigeru" in done.stderr and "also: ishiba-jiro" in done.stderr
    assert "mofa" not in done.stdout


def test_a_publisher_names_its_sources_and_words_must_share_one_title():
    """'Japan Times' once matched a Financial Times source whose title said 'U.S.-Japan'."""
    done = run_cli("quotes", "--source", "Japan Times")
    assert done.returncode == 4 and "ambiguous" in done.stderr
    listed = done.stderr.split("did you mean:")[1]
    assert "japantimes-" in listed


def test_a_name_that_is_not_the_id_says_which_record_it_was_taken_as():
    done = run_cli("cite", "asian nato")
    assert done.returncode == 0 and "citing 'asian nato' taken as asian-nato (An Asian NATO)" in done.stderr
    assert run_cli("cite", "asian-nato").stderr == ""
    speaker = run_cli("quotes", "--speaker", "Shigeru Ishiba", "--year", "2024")
    assert "--speaker 'Shigeru Ishiba' taken as ishiba-shigeru" in speaker.stderr


def test_an_unknown_tag_suggests_only_a_near_spelling():
    assert "nearest: okinawa (" in run_cli("events", "--tag", "okinowa").stderr
    far = run_cli("events", "--tag", "nosuchtag")
    assert far.returncode == 2 and "nearest" not in far.stderr and "known:" in far.stderr


@pytest.mark.parametrize(
    "args, note",
    [
        (["show", "Ishiba"], "showing 'Ishiba' taken as ishiba-shigeru"),
        (["quotes", "--speaker", "石破", "-f", "json"], "--speaker '石破' taken as ishiba-shigeru"),
        (["events", "--person", "ishiba", "-f", "json"], "--person 'ishiba' taken as ishiba-shigeru"),
        (["cite", "石破"], "citing '石破' taken as ishiba-shigeru"),
    ],
)
def test_the_cli_takes_the_subject_and_says_whom_else_the_name_fits(args, note):
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if note in line)
    assert line.endswith("also: ishiba-jiro"), line
