"""The filter criteria, declared once (``query.CRITERIA``): every command that filters offers each
criterion of its section as an option with a --help line, the library's errors name criteria,
and the command line says them with the options the user typed."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import run_cli
from ishiba_cli import query
from ishiba_cli.cli.app import build
from ishiba_cli.cli.options import FILTERING
from ishiba_cli.dates import parse_date
from ishiba_cli.load import load_timeline

COMMANDS = typer.main.get_command(build()).commands


@pytest.mark.parametrize("name", sorted(FILTERING))
def test_each_criterion_of_a_command_is_one_of_its_options_with_a_help_line(name):
    section, names = FILTERING[name]
    offered = {opt for param in COMMANDS[name].params for opt in (*param.opts, *param.secondary_opts)}
    shown = run_cli(name, "--help", env={"COLUMNS": "250"}).stdout
    fields = [f for c in query.criteria_of(section) for f in c.fields]
    assert fields, f"{name} lists {section}, which no criterion filters"
    for field in fields:
        assert names[field] in offered, f"{name} has no option for the criterion field {field}"
        assert re.search(rf"^\s+(-\w, )?{re.escape(names[field])}\b", shown, re.M), f"no --help line for {names[field]}"


def test_every_criterion_is_offered_by_some_command():
    sections = {section for section, _ in FILTERING.values()}
    assert [c.name for c in query.CRITERIA if not sections & set(c.sections)] == []


def test_quotes_take_the_speaker_and_source_and_not_the_event_facets():
    offered = {opt for param in COMMANDS["quotes"].params for opt in param.opts}
    assert {"--speaker", "--source", "--year", "--on", "--from", "--to"} <= offered
    assert not {"--kind", "--tag", "--not-kind", "--person"} & offered


@pytest.fixture
def small(minimal):
    return load_timeline(minimal)


def _refused(check) -> query.CriterionError:
    with pytest.raises(query.CriterionError) as caught:
        check()
    return caught.value


def test_library_errors_name_the_criterion_not_an_option(small):
    by_name = {c.name: c for c in query.CRITERIA}
    errors = {
        "from/to": _refused(query.Filter(since=parse_date("2020"), until=parse_date("2019")).check),
        "year": _refused(query.Filter(years=(0,)).check),
        "on": _refused(lambda: by_name["on"].read(small, "on", "2020-13")),
        "kind": _refused(lambda: by_name["kind"].read(small, "kinds", ["offce"])),
        "not tag": _refused(lambda: by_name["not tag"].read(small, "not_tags", ["nope"])),
    }
    assert errors["from/to"].message == "from 2020 is after to 2019"
    assert errors["year"].message == "year 0 is out of range (1-9999)"
    assert errors["on"].message.startswith("on '2020-13' has month 13")
    assert errors["kind"].message.startswith("kind 'offce': no event in this timeline has that kind")
    assert errors["not tag"].message.startswith("not tag 'nope': no event in this timeline has that tag")
    for name, error in errors.items():
        assert error.criterion.name == name
        assert "--" not in error.message


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["events", "--from", "2020", "--to", "2019"], "--from 2020 is after --to 2019"),
        (["quotes", "--from", "2020", "--to", "2019"], "--from 2020 is after --to 2019"),
        (["timeline", "--on", "2020-13"], "--on '2020-13' has month 13, outside 01-12"),
        (["export", "--not-kind", "offce"], "--not-kind 'offce': no event in this timeline has that kind; nearest: office"),
    ],
)  # fmt: skip
def test_the_command_line_says_a_refused_criterion_with_its_option(args, said):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {said}")


def test_without_labels_a_note_names_criteria_in_the_librarys_words(small):
    flt = query.Filter(since=parse_date("1900-01"), until=parse_date("1900-02"), kinds=("office",))
    assert query.why_empty(small, "events", flt, "event") == "no event matched from 1900-01 to 1900-02"


def test_quotes_label_their_criteria_with_their_own_options():
    done = run_cli("quotes", "--speaker", "ishiba-shigeru", "--year", "1900", "--year", "1901")
    assert done.returncode == 0
    assert done.stderr.strip() == "no quote matched --year 1900 or --year 1901"
