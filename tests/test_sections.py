"""The one table of sections (``model.SECTIONS``), checked against the timeline files and the
record classes; and browse's citations, checked against what ``ishiba cite`` prints."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT, run_cli
from ishiba_cli import model, query
from ishiba_cli.browse.data import TITLES, Browser
from ishiba_cli.load import bundled_path, load_timeline
from ishiba_cli.render import views

FIXTURES = [bundled_path(), *sorted((ROOT / "tests" / "data").glob("*.yaml"))]
NOT_SECTIONS = {"schema_version", "subject", "glossary"}  # the file's other top-level keys


def _doc(path):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader, in C where PyYAML has it


@pytest.fixture(scope="module")
def docs():
    return {path.name: _doc(path) for path in FIXTURES}


def test_every_section_a_timeline_file_holds_is_in_the_table_with_all_its_records(docs):
    seen = set()
    for path in FIXTURES:
        doc = docs[path.name]
        sections = set(doc) - NOT_SECTIONS
        assert sections <= set(model.SECTIONS), f"{path.name}: {sections - set(model.SECTIONS)} not in SECTIONS"
        timeline = load_timeline(path)
        for name in sections:
            assert len(timeline.section(name)) == len(doc[name]), f"{path.name}: {name}"
            assert all(isinstance(r, model.SECTIONS[name].record) for r in timeline.section(name))
            assert {model.kind_of(r) for r in timeline.section(name)} <= {model.SECTIONS[name].singular}
        seen |= sections
    assert seen == set(model.SECTIONS), "the fixtures between them use every section"


def test_the_dated_sections_are_those_whose_records_must_have_a_date():
    must = {name for name, s in model.SECTIONS.items() if "date" in s.record._fields}
    must -= {name for name, s in model.SECTIONS.items() if "date" in s.record._field_defaults}
    assert must == {"events", "races", "quotes"}  # sources may leave the date out; a series has none of its own
    assert set(model.DATED) == must
    assert [s.dated for s in model.SECTIONS.values()] == [name in must for name in model.SECTIONS]


def test_a_chronological_section_is_a_dated_one_or_one_whose_records_take_a_date_from_their_parts():
    from_parts = {name for name, s in model.SECTIONS.items() if isinstance(getattr(s.record, "date", None), property)}
    assert from_parts == {"series"}
    assert {name for name, s in model.SECTIONS.items() if s.chronological} == set(model.DATED) | from_parts


def test_a_section_names_one_record_and_many():
    people, series = model.SECTIONS["people"], model.SECTIONS["series"]
    assert (people.noun(1), people.noun(2), people.noun(0)) == ("person", "people", "people")
    assert (series.noun(1), series.noun(3)) == ("series", "series")
    assert (
        query.describe_counts({"events": 1, "people": 1, "series": 0, "sources": 2}) == "1 event, 1 person, 2 sources"
    )


def test_every_section_and_the_disputes_have_a_browse_tab_with_a_title():
    assert set(TITLES) == {*model.SECTIONS, "disputes"}
    assert TITLES["people"] == "People" and TITLES["disputes"] == "Disputes"


def test_the_dispute_statuses_are_what_disputes_status_accepts():
    shown = run_cli("disputes", "--help").stdout
    assert "<contradicted|conflicting|simplified|unverified>" in shown
    assert model.DISPUTE_STATUS == ("contradicted", "conflicting", "simplified", "unverified")


# ----------------------------------------------------------------------------- cite and browse


def _cited_by_cli(rid: str) -> tuple[list[str], bool]:
    """The source ids ``ishiba cite ID --style json`` lists, in order, and whether it cites a quote first."""
    done = run_cli("cite", rid, "--style", "json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    return [i["id"] for i in items if i["role"] != "quote"], any(i["role"] == "quote" for i in items)


CHUNKS = 8  # the records are checked in this many tests, which the suite's workers share


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_browse_cites_every_record_as_the_cite_command_does(timeline, chunk):
    """Every record that cites sources (and a few sources, which cite themselves): what browse's
    ``c`` copies lists the sources ``ishiba cite`` prints, in its order, and the detail's links
    hold the same ones."""
    browser = Browser(timeline)
    records = [r for name, s in model.SECTIONS.items() if name != "sources" for r in timeline.section(name)]
    records += timeline.sources[:5]
    for record in records[chunk::CHUNKS]:
        expected, quote_first = _cited_by_cli(record.id)
        assert expected, f"{record.id} cites no source"
        cited = browser.cited(record)
        assert [s.id for _, sources in cited.groups for s in sources] == expected, record.id
        assert (cited.quote is not None) == quote_first, record.id
        if not isinstance(record, model.Source):
            links = views.detail(record, timeline).related.get("sources", [])
            assert sorted(s.id for s in links) == sorted(expected), record.id
