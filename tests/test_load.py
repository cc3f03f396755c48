"""The loader: every error class names the file, line and field; the bundled timeline is sound."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, SEED, write_yaml
from ishiba_cli import model
from ishiba_cli.errors import DataError
from ishiba_cli.load import load_timeline, parse_timeline, resolve_path
from ishiba_cli.records import cited_sources
from ishiba_cli.yamlsafe import ALIAS_RATIO, YamlBool, YamlProblem, locate, read_yaml


def problems_of(tmp_path, text) -> list[str]:
    path = write_yaml(tmp_path, text, "bad.yaml")
    with pytest.raises(DataError) as info:
        load_timeline(path)
    return info.value.lines()


def only_problem(tmp_path, text) -> str:
    lines = problems_of(tmp_path, text)
    assert len(lines) == 1, lines
    return lines[0]


def replace(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


# --- the reader ---------------------------------------------------------------------------


def test_reader_keeps_dates_and_booleans_recognisable():
    doc = read_yaml("a: [2008, 2008-09, 2008-09-22, yes, 'no', off]")
    assert doc["a"][:3] == [2008, "2008-09", dt.date(2008, 9, 22)]
    assert doc["a"][3] == YamlBool(True, "yes") and doc["a"][4] == "no" and doc["a"][5] == YamlBool(False, "off")


def test_reader_refuses_duplicate_keys_with_their_line():
    with pytest.raises(YamlProblem, match="duplicate key 'title'") as info:
        read_yaml("title: a\nkind: b\ntitle: c\n")
    assert (info.value.line, info.value.column) == (3, 1)


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['echo hacked']", "!!python/name:os.system", "!custom x", "!!binary aGVsbG8="],
)
def test_reader_never_constructs_tagged_objects(tag):
    with pytest.raises(YamlProblem, match="is not allowed"):
        read_yaml(f"a: {tag}\n")


def test_reader_bounds_alias_expansion():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(YamlProblem, match=f"more than {ALIAS_RATIO} times the"):
        read_yaml("\n".join(lines))


def test_reader_bounds_nesting_without_recursion():
    with pytest.raises(YamlProblem, match="nest"):
        read_yaml("[" * 100_000 + "]" * 100_000)


def test_reader_records_positions_by_path():
    positions = locate("events:\n  - id: x\n    date: 2008\n", [("events", 0, "date")])
    assert positions[("events", 0, "date")] == (3, 11)


# --- one test per error class: file, line, column and field named -------------------------


def test_invalid_date(tmp_path):
    line = only_problem(tmp_path, replace("date: 2019-01,", "date: 2024-02-30,"))
    assert line.endswith("bad.yaml:11:23: events[3].date: '2024-02-30' is not a date (2024-02 has 29 days)")


def test_a_file_changed_while_checked_gets_no_wrong_lines(tmp_path, monkeypatch):
    """The loader lets the text go while it checks the records and reads the file again to
    place a problem: if it now reads differently, the problem is named without a line."""
    from ishiba_cli import load

    bad = replace("date: 2019-01,", "date: 2024-02-30,")
    path = write_yaml(tmp_path, bad, "bad.yaml")
    first_read = load.read_text

    def reading(where, name):
        text = first_read(where, name)
        path.write_text("# three lines\n# added above\n# the records\n" + bad, encoding="utf-8")
        return text

    monkeypatch.setattr(load, "read_text", reading)
    with pytest.raises(DataError) as info:
        load_timeline(path)
    (line,) = info.value.lines()
    assert line.endswith("bad.yaml: events[3].date: '2024-02-30' is not a date (2024-02 has 29 days)")


def test_missing_required_field(tmp_path):
    line = only_problem(tmp_path, replace("title: Day event, ", ""))
    assert "bad.yaml:9:5: events[1]: event is missing the required field 'title'" in line


def test_unknown_field_suggests_the_right_one(tmp_path):
    line = only_problem(tmp_path, replace("summary: A day.", "sumary: A day., summary: A day."))
    assert "events[1].sumary: unknown field 'sumary' in event (did you mean 'summary'?)" in line


def test_unquoted_yes_where_text_is_expected(tmp_path):
    line = only_problem(tmp_path, replace("title: Year only event", "title: yes"))
    assert "events[0].title" in line and "boolean" in line and "quote it" in line


def test_duplicate_key(tmp_path):
    line = only_problem(tmp_path, replace("kind: office,", "kind: office, kind: party,"))
    assert "bad.yaml:10:" in line and "duplicate key 'kind'" in line


def test_duplicate_id_across_sections(tmp_path):
    line = only_problem(tmp_path, replace("id: later,", "id: src-a,"))
    assert "events[3].id: duplicate id 'src-a': already used by sources[0]" in line


def test_reference_to_unknown_id(tmp_path):
    line = only_problem(tmp_path, replace("people: [test-person]", "people: [test-persn]"))
    assert "events[1].people[0]: 'test-persn' is not the id of any person (did you mean 'test-person'?)" in line


def test_reference_to_the_wrong_kind(tmp_path):
    line = only_problem(tmp_path, replace("people: [test-person]", "people: [src-a]"))
    assert "'src-a' is a source, but a person is expected here" in line
    assert "bad.yaml:9:" in line


def test_record_without_sources(tmp_path):
    line = only_problem(tmp_path, replace("summary: A span., sources: [src-a]", "summary: A span., sources: []"))
    assert "events[2].sources: needs at least 1 entry" in line


def test_bad_id(tmp_path):
    line = only_problem(tmp_path, replace("id: later,", "id: Later_Event,"))
    assert "events[3].id: 'Later_Event' is not a valid id" in line
    assert line.endswith("write it as 'later-event'") and "naha" not in line  # the file's own words, not ours


def test_a_bad_id_with_nothing_to_keep_gets_no_suggestion(tmp_path):
    line = only_problem(tmp_path, replace("id: later,", "id: 石破,"))
    assert line.endswith("(lowercase letters, digits and single hyphens)")


def test_wrong_type(tmp_path):
    line = only_problem(tmp_path, replace("tags: [a], ", "tags: a, "))
    assert "events[2].tags: expected a list, found 'a'" in line


def test_yaml_syntax_error(tmp_path):
    line = only_problem(tmp_path, MINIMAL + "  - {id: broken, date: [\n")
    assert "bad.yaml:" in line and "YAML syntax error" in line


def test_top_level_must_be_a_mapping(tmp_path):
    assert "the top level must be a mapping" in only_problem(tmp_path, "- a\n- b\n")


def test_unsupported_schema_version(tmp_path):
    assert "version 2 is not supported" in only_problem(
        tmp_path, MINIMAL.replace("schema_version: 1", "schema_version: 2")
    )


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    text = (
        replace("date: 2008,", "date: 2008-13,")
        .replace("title: Day event", "title: on")
        .replace("id: later,", "id: LATER,")
    )
    lines = problems_of(tmp_path, text)
    assert len(lines) == 3
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_meaning_is_checked_once_the_shape_is_clean(tmp_path):
    # an end before its date is a rule of meaning, read on the typed records: a file whose shape
    # is wrong elsewhere lists the shape first, and the meaning once that is fixed
    backwards = replace("end: 2004-09-27,", "end: 2001-01,")
    line = only_problem(tmp_path, backwards.replace("id: later, date: 2019-01,", "id: later, date: 2019-13,"))
    assert line.endswith("bad.yaml:11:23: events[3].date: '2019-13' has month 13, outside 01-12")
    line = only_problem(tmp_path, backwards)
    assert line.endswith("bad.yaml:10:45: events[2].end: end 2001-01 is before the date 2002-09-30; a span ends "
                         "on or after the day it begins (swap the two, or correct the year)")  # fmt: skip


def test_a_source_with_an_empty_title_needs_a_description(tmp_path):
    # title: ~ is no title: the source would otherwise be cited as "[None]"
    line = only_problem(tmp_path, replace("title: A source,", "title: ~,"))
    assert line.endswith("bad.yaml:4:5: sources[0]: a source needs its 'title' or, where no page gives the title, "
                         "a 'description' (cited in square brackets)")  # fmt: skip
    assert parse_timeline(replace("title: A source,", "title: ~, description: A leaflet,"), "t.yaml").sources[0]


def test_missing_file_names_it(tmp_path):
    with pytest.raises(DataError, match=r"nope\.yaml: no such file"):
        load_timeline(tmp_path / "nope.yaml")


def test_quoted_and_unquoted_dates_load_alike(tmp_path):
    text = replace("date: 2008,", "date: '2008',").replace("date: 2008-09-22,", "date: '2008-09-22',")
    loaded = load_timeline(write_yaml(tmp_path, text))
    assert [e.date.iso() for e in loaded.events][:2] == ["2008", "2008-09-22"]


def test_data_path_precedence(tmp_path):
    assert resolve_path("x.yaml", {"ISHIBA_DATA": "y.yaml"}).name == "x.yaml"
    assert resolve_path(None, {"ISHIBA_DATA": "y.yaml"}).name == "y.yaml"
    assert resolve_path(None, {}).name == "timeline.yaml"


def test_the_documented_example_is_the_test_example_and_is_valid():
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    block = re.search(r"## A complete small example\n\n.*?```yaml\n(.*?)```", doc, re.S).group(1)
    other = EXAMPLE.parent / "other-subject.yaml"
    assert block == other.read_text(encoding="utf-8")
    assert load_timeline(other).counts()["events"] == 2


# --- the bundled timeline -----------------------------------------------------------------


def test_bundled_timeline_meets_the_brief(timeline):
    counts = timeline.counts()
    assert counts["events"] >= 35 and counts["quotes"] >= 15 and counts["proposals"] >= 6
    assert [r.date.year for r in sorted(timeline.races, key=lambda r: r.date.sort_key())] == [
        2008,
        2012,
        2018,
        2020,
        2024,
    ]
    assert [r.attempt for r in sorted(timeline.races, key=lambda r: r.date.sort_key())] == [1, 2, 3, 4, 5]
    ids = {e.id for e in timeline.events}
    for needed in ["born", "first-elected", "leaves-ldp", "rejoins-ldp", "defense-agency-chief", "defense-minister",
                   "agriculture-minister", "secretary-general", "regional-revitalization-minister", "prime-minister",
                   "oiu-helicopter-crash", "sofa-remark-2004", "gates-press-conference", "article-9-cabinet-decision",
                   "refuses-security-post", "security-laws-enacted", "declines-2021-race", "announces-final-bid",
                   "naha-speech", "hudson-op-ed", "wins-ldp-presidency", "first-press-conference",
                   "general-election-2024", "upper-house-election-2025", "announces-resignation", "term-ends",
                   "security-treaty-signed"]:  # fmt: skip
        assert needed in ids, needed
    offices = {e.id: (e.date.iso(), e.end.iso()) for e in timeline.events if e.kind == "office" and e.end}
    assert offices["defense-agency-chief"] == ("2002-09-30", "2004-09-27")
    assert offices["prime-minister"] == ("2024-10-01", "2025-10-21")


def test_the_article_2021_bid_is_a_dispute_not_a_race(timeline):
    assert all(r.date.year != 2021 for r in timeline.races)
    race_2020 = timeline.by_id["ldp-race-2020"]
    assert any(
        "2021" in d.claim and d.status == "contradicted" and "diplomat-2024-10" in d.claimed_by
        for d in race_2020.disputes
    )


def test_every_record_is_sourced_and_every_source_is_cited(timeline):
    cited = set()
    for section in ("events", "races", "quotes", "proposals", "people"):
        for record in timeline.section(section):
            refs = cited_sources(record)
            if section != "people":
                assert record.sources, record.id
            cited.update(refs)
    for series in timeline.series:  # a series cites its method's sources and each point's
        cited.update(series.sources)
        for point in series.points:
            assert point.sources, series.id
            cited.update(point.sources)
    unused = {s.id for s in timeline.sources} - cited
    assert not unused, f"sources nobody cites: {sorted(unused)}"


def test_ids_are_unique_and_references_resolve(timeline):
    all_ids = [r.id for section in model.SECTIONS for r in timeline.section(section)]
    assert len(all_ids) == len(set(all_ids))
    for q in timeline.quotes:
        assert isinstance(timeline.by_id[q.speaker], model.Person)
        assert q.event is None or isinstance(timeline.by_id[q.event], model.Event)
    for p in timeline.proposals:
        assert all(isinstance(timeline.by_id[e], model.Event) for e in p.events)
        assert all(isinstance(timeline.by_id[q], model.Quote) for q in p.quotes)


def test_bundled_timeline_validates_against_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from ishiba_cli.load import bundled_path
    from ishiba_cli.spec import json_schema

    doc = read_yaml(bundled_path().read_text(encoding="utf-8"))

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, YamlBool):
            return value.value
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    schema = json_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    validator.check_schema(schema)
    validator.validate(plain(doc))
    # one event with a bad date, among the sections otherwise valid: refused, at that date
    broken = plain(doc)
    broken["events"] = broken["events"][:1]
    broken["events"][0]["date"] = "2024/01/01"
    errors = list(validator.iter_errors(broken))
    assert [list(error.absolute_path) for error in errors] == [["events", 0, "date"]], errors
    json.dumps(schema)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_quotes_attributed_to_the_article_occur_in_it_verbatim(timeline):
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    article_quotes = [q for q in timeline.quotes if q.sources[0] == "diplomat-2024-10"]
    assert len(article_quotes) >= 8
    for q in article_quotes:
        assert f"“{q.text}" in seed, q.id


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_the_articles_scare_quotes_are_not_his_quotes(timeline):
    texts = {q.text for q in timeline.quotes}
    assert "status quo" not in texts and "source of friction" not in texts


def test_parse_timeline_never_leaks_python_errors():
    for text in ["", "{", "[]", "a: b", "schema_version: x", "events: 5", "subject: []", "? [a]\n: b"]:
        with pytest.raises(DataError):
            parse_timeline(text, "t.yaml")


def test_a_key_that_is_not_text_is_reported_as_written(tmp_path):
    line = only_problem(tmp_path, replace("{id: later,", "{~: 1, id: later,"))
    assert "events[3].~: a field name must be text, found a null" in line and "None" not in line
