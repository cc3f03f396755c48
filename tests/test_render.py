"""Rendered output: golden files at a fixed width without colour, and safety of data text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from conftest import MINIMAL, write_yaml
from ishiba_cli import query
from ishiba_cli.load import load_timeline
from ishiba_cli.render import FORMATS, render, views
from ishiba_cli.render.terminal import to_text
from ishiba_cli.render.text import visible
from ishiba_cli.search import Matcher, parse_query

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def as_text(view, width: int = 80, color: bool = False) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, markup=False, emoji=False,
                      legacy_windows=False)  # fmt: skip
    return to_text(render(view, "table"), console)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing and has been written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (UPDATE_GOLDEN=1 rewrites it)"


def widest(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.splitlines()), default=0)


def views_of(t):
    return {
        "summary": views.SummaryView(query.summarize(t)),
        "events-2024": views.listing("events", query.apply(t, "events", query.Filter(years=(2024,))), t),
        "races": views.listing("races", query.by_date(t.races), t),
        "quotes-equal-terms": views.listing("quotes", [t.by_id["equal-terms"], t.by_id["own-military-strategy"]], t),
        "proposal-revise-sofa": views.detail(t.by_id["revise-sofa"], t),
        "quote-help-strengthen": views.detail(t.by_id["help-strengthen"], t),
        "race-2020": views.detail(t.by_id["ldp-race-2020"], t),
    }


#: the golden files' timeline: a fictional one with one of each thing the views draw, so that a
#: golden file changes when the code does, never when the curated data is edited
GOLDEN_DATA = Path(__file__).parent / "data" / "golden.yaml"


@pytest.fixture(scope="module")
def fixture_timeline():
    return load_timeline(GOLDEN_DATA)


def golden_views(t):
    return {
        "summary": views.SummaryView(query.summarize(t)),
        "events": views.listing("events", query.by_date(t.events), t),
        "races": views.listing("races", query.by_date(t.races), t),
        "quotes-harbour": views.listing(
            "quotes", [t.by_id["one-harbour"], t.by_id["shared-rules"], t.by_id["too-early"]], t
        ),
        "proposal-harbour-authority": views.detail(t.by_id["harbour-authority"], t),
        "quote-one-harbour": views.detail(t.by_id["one-harbour"], t),
        "race-coast-2012": views.detail(t.by_id["coast-race-2012"], t),
        "race-coast-2016": views.detail(t.by_id["coast-race-2016"], t),
        "event-mayor-term": views.detail(t.by_id["mayor-term"], t),
        "source-herald-2012": views.detail(t.by_id["herald-2012-10-07"], t),
    }


GOLDEN_VIEWS = ["summary", "events", "races", "quotes-harbour", "proposal-harbour-authority", "quote-one-harbour",
                "race-coast-2012", "race-coast-2016", "event-mayor-term", "source-herald-2012"]  # fmt: skip


@pytest.mark.parametrize("name", GOLDEN_VIEWS)
def test_tables_and_details_match_their_golden_files(fixture_timeline, name):
    text = as_text(golden_views(fixture_timeline)[name])
    check_golden(f"{name}.txt", text)
    assert widest(text) <= 80
    assert not re.search(r" +$", text, re.M), "no trailing blanks"


def test_the_curated_races_are_the_five_bids_the_sources_report(timeline):
    """Facts of the curated data, checked as facts (they were pinned by a golden file before):
    each LDP race's date, winner, Ishiba's place and the votes of the deciding round."""
    expected = {  # id: (date, winner, result, place, candidates, runoff, Ishiba's votes, the winner's)
        "ldp-race-2008": ("2008-09-22", "aso-taro", "lost", 5, 5, False, 25, 351),
        "ldp-race-2012": ("2012-09-26", "abe-shinzo", "lost", 2, 5, True, 89, 108),
        "ldp-race-2018": ("2018-09-20", "abe-shinzo", "lost", 2, 2, False, 254, 553),
        "ldp-race-2020": ("2020-09-14", "suga-yoshihide", "lost", 3, 3, False, 68, 377),
        "ldp-race-2024": ("2024-09-27", "ishiba-shigeru", "won", 1, 9, True, 215, 215),
    }
    races = {r.id: r for r in timeline.races}
    assert set(races) == set(expected)
    for rid, (date, winner, result, place, candidates, runoff, his, theirs) in expected.items():
        race = races[rid]
        votes = {t.candidate: t.votes for t in race.rounds[-1].tallies}
        assert (str(race.date), race.winner, race.result, race.place, race.candidates, race.runoff) == (
            date, winner, result, place, candidates, runoff), rid  # fmt: skip
        assert (votes["ishiba-shigeru"], votes[winner]) == (his, theirs), rid
    assert [r.attempt for r in query.by_date(timeline.races)] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("width", [60, 80, 132])
def test_no_line_is_wider_than_the_console(timeline, fixture_timeline, width):
    for view in [*views_of(timeline).values(), *golden_views(fixture_timeline).values()]:
        assert widest(as_text(view, width)) <= width


def test_the_table_has_the_same_shape_with_and_without_colour(timeline):
    view = views_of(timeline)["races"]
    plain = as_text(view)
    coloured = as_text(view, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_matches_are_highlighted_only_where_colour_is_on(timeline):
    matcher = Matcher(parse_query(["equal"]))
    view = views.listing("quotes", [timeline.by_id["equal-terms"]], timeline, matcher)
    assert "\x1b[1;33mequal\x1b[0m" in as_text(view, width=120, color=True)
    assert "\x1b" not in as_text(view, width=120)


def test_dates_keep_their_precision_everywhere(timeline):
    view = views.listing("events", [timeline.by_id["hudson-op-ed"], timeline.by_id["first-elected"]], timeline)
    data = json.loads(render(view, "json"))
    assert [e["date"] for e in data] == ["2024-09", "1986"]
    assert "2024-09-01" not in as_text(view) and "1986-01-01" not in render(view, "csv")


# --- every format parses back -----------------------------------------------------------------


def test_json_listing_is_an_array_with_format_field_names(timeline):
    data = json.loads(render(views_of(timeline)["races"], "json"))
    assert isinstance(data, list) and len(data) == 5
    assert {"id", "date", "attempt", "winner", "result", "rounds", "sources", "disputes"} <= set(data[0])
    assert data[3]["disputes"][0]["status"] == "contradicted"


def test_json_detail_is_an_object_with_related_ids(timeline):
    data = json.loads(render(views_of(timeline)["quote-help-strengthen"], "json"))
    assert data["type"] == "quote" and data["id"] == "help-strengthen"
    assert data["related"]["events"] == ["first-press-conference"]


def test_jsonl_is_one_record_per_line(timeline):
    lines = render(views_of(timeline)["events-2024"], "jsonl").splitlines()
    assert len(lines) == len(views_of(timeline)["events-2024"].records)
    assert all(json.loads(line)["id"] for line in lines)


def test_csv_and_tsv_have_a_header_and_join_lists(timeline):
    view = views_of(timeline)["events-2024"]
    rows = list(csv.DictReader(io.StringIO(render(view, "csv"))))
    assert [r["id"] for r in rows] == [e.id for e in view.records]
    assert "; " in next(r["sources"] for r in rows if r["id"] == "hudson-op-ed")
    tsv = render(view, "tsv").splitlines()
    assert tsv[0].split("\t")[:3] == ["id", "date", "title"]
    assert all(len(line.split("\t")) == len(tsv[0].split("\t")) for line in tsv)


def test_tsv_escapes_tabs_newlines_and_controls_and_keeps_one_line_a_record(tmp_path, accept_controls):
    text = MINIMAL.replace("summary: A day.", "summary: " + json.dumps("col\tumn\nline\x1b[31m"))
    timeline = load_timeline(write_yaml(tmp_path, text))
    view = views.listing("events", timeline.events, timeline)
    lines = render(view, "tsv").splitlines()
    header = lines[0].split("\t")
    assert len(lines) == 1 + len(view.records)
    assert all(len(line.split("\t")) == len(header) for line in lines)
    rows = {line.split("\t")[0]: dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]}
    row = rows["day-event"]
    assert row["summary"] == "col\\x09umn\\nline\\x1b[31m"
    assert row["tags"] == "a; b" and row["date"] == "2008-09-22" and row["end"] == ""
    assert rows["span-event"]["end"] == "2004-09-27"


def test_markdown_footnotes_all_resolve(timeline):
    for name, view in views_of(timeline).items():
        text = render(view, "markdown")
        used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
        defined = set(re.findall(r"^\[\^(\d+)\]:", text, re.M))
        assert used <= defined, name
        assert defined <= used, name


def test_every_view_renders_in_every_format(timeline):
    from rich.console import Console

    from ishiba_cli.render.terminal import to_text

    for name, view in views_of(timeline).items():
        record = getattr(view, "record", None) or next(iter(getattr(view, "records", []) or []), None)
        for fmt in FORMATS:
            out = render(view, fmt)
            text = out if isinstance(out, str) else to_text(out, Console(width=100, color_system=None))
            assert text.strip(), f"{name} in {fmt} is empty"
            if record is not None:
                assert record.id in text, f"{name} in {fmt} does not show {record.id}"


def test_an_empty_listing_is_an_empty_array_and_a_header(timeline):
    view = views.listing("events", [], timeline)
    assert json.loads(render(view, "json")) == []
    assert render(view, "csv").count("\n") == 1
    assert "title" in as_text(view)


# --- hostile text stays inert -----------------------------------------------------------------

HOSTILE = "A\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x1b]0;title\x07 bell\x07 back\x08 cr\r \u202egnp.exe [bold]b[/bold] [/] [link=http://x]l[/link] \x9b2J hid\u200bden tag\U000e0041s join\u2060ed"


@pytest.fixture
def hostile(tmp_path, accept_controls):
    quoted = json.dumps(HOSTILE).replace("\\udb40\\udc41", "\\U000e0041")  # YAML has no surrogate escapes
    text = MINIMAL.replace("title: Day event", "title: " + quoted).replace("summary: A day.", "summary: " + quoted)
    return load_timeline(write_yaml(tmp_path, text))


def test_control_characters_are_made_visible():
    shown = visible(HOSTILE)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", shown)
    assert "\\x1b[31m" in shown and "\\u202e" in shown and "\\x07" in shown
    # invisible characters would hide text or make two equal-looking ids differ: shown too
    assert "hid\\u200bden" in shown and "tag\\U000e0041s" in shown and "join\\u2060ed" in shown


def test_hostile_text_is_inert_in_every_text_format(hostile):
    record = hostile.by_id["day-event"]
    for view in (views.listing("events", [record], hostile), views.detail(record, hostile)):
        for fmt in ("table", "markdown", "csv", "tsv"):
            out = as_text(view, 200) if fmt == "table" else render(view, fmt)
            assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202e\u200b\u2060\U000e0041]", out), fmt
            assert "\r" not in out
        table = as_text(views.detail(record, hostile), 200)
        assert "[bold]b[/bold]" in table and "[link=http://x]" in table  # markup shown as text


def test_hostile_text_round_trips_through_json(hostile):
    record = hostile.by_id["day-event"]
    out = render(views.detail(record, hostile), "json")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202e]", out.replace("\n", ""))
    assert json.loads(out)["title"] == HOSTILE


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not(tmp_path, fmt):
    text = MINIMAL.replace("title: Day event", 'title: "=HYPERLINK(\\"http://x\\",\\"click\\")"').replace(
        "summary: A day.", 'summary: "@SUM(A1:A2)"'
    )
    timeline = load_timeline(write_yaml(tmp_path, text))
    record = timeline.by_id["day-event"]
    out = render(views.listing("events", [record], timeline), fmt)
    sep = "," if fmt == "csv" else "\t"
    row = list(csv.reader(io.StringIO(out), delimiter=sep))[1]
    assert '\'=HYPERLINK("http://x","click")' in row
    detail = render(views.detail(record, timeline), fmt)
    assert "'@SUM(A1:A2)" in detail and "\n@" not in detail and ",@" not in detail
    from ishiba_cli.render.data import _cell

    assert _cell("-5", sep) == "-5" and _cell("+3.2", sep) == "+3.2" and _cell("-", sep) == "'-"


def test_a_one_line_citation_makes_quotation_marks_in_a_title_single(timeline):
    from ishiba_cli.render.views import cite

    titled = [s for s in timeline.sources if s.title and ('"' in s.title or "“" in s.title)]
    assert titled, "the bundled timeline has titles with quotation marks"
    for source in titled:
        line = cite(source)
        assert "““" not in line and "””" not in line and '"' not in line, line


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_linked_records_in_a_detail_keep_their_flags(timeline, fmt):
    """A reader following a proposal or a person to its evidence sees which items are disputed
    or only partly supported, as the listings show them."""
    proposal = timeline.by_id["asian-nato"]
    view = views.detail(proposal, timeline)
    out = as_text(view, 250) if fmt == "table" else render(view, fmt)
    lines = out.splitlines()
    checked = 0
    for section in view.related.values():
        for record in section:
            marks = views.flags(record)
            if not marks or not hasattr(record, "date"):
                continue
            line = next(line for line in lines if f"{record.id}" in line and ("  " in line or "- " in line))
            assert line.rstrip().endswith(marks), line
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_the_summary_keeps_the_marks_of_races_and_proposals(timeline, fmt):
    summary = views.SummaryView(query.summarize(timeline))
    out = as_text(summary, 250) if fmt == "table" else render(summary, fmt)
    if fmt == "json":
        data = json.loads(out)
        assert {p["id"]: p["confidence"] for p in data["proposals"]} == {p.id: p.confidence for p in timeline.proposals}
        assert all("circa" in r and "confidence" in r for r in data["races"])
        return
    for p in timeline.proposals:
        marks = views.flags(p)
        line = next(line for line in out.splitlines() if p.id in line)
        assert line.rstrip().endswith(marks) if marks else not line.rstrip().endswith(("?", "⚑")), line
    assert "Marks: ⚑ the sources disagree" in out and "? plausible" in out


def test_a_quote_says_which_source_its_wording_is_from(timeline):
    quote = timeline.by_id["sovereign-nation"]
    shown = as_text(views.detail(quote, timeline), 80)
    assert f"wording     as {quote.sources[0]} prints it" in shown
    assert json.loads(render(views.detail(quote, timeline), "json"))["sources"][0] == quote.sources[0]


def test_bibtex_keeps_a_url_with_braces_inside_its_field(tmp_path):
    from ishiba_cli.render.cite import bibtex

    text = MINIMAL.replace("date: 2020-05}", "date: 2020-05, url: 'https://example.org/a_b%20c#frag}{'}")
    timeline = load_timeline(write_yaml(tmp_path, text))
    entry = bibtex(timeline.by_id["src-a"])
    url = next(line for line in entry.splitlines() if line.strip().startswith("url"))
    assert url.count("{") == url.count("}") and r"\%7D\%7B" in url, url


def _unescape(cell: str) -> str:
    """What a program reading our TSV does: \\\\ is a backslash, \\xHH \\uHHHH \\n \\t are characters."""
    simple = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
    return re.sub(
        r"\\(\\|[nrt]|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})",
        lambda m: simple.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
        cell,
    )


def test_tsv_cells_read_back_to_the_data(tmp_path, accept_controls):
    """A real tab and the typed text \\x09 once came out the same."""
    tricky = "real tab:\t literal:\\t literal-x09:\\x09 back\\\\slash real-nl:\n end \x1b[31m"
    text = MINIMAL.replace("summary: A day.", "summary: " + json.dumps(tricky))
    timeline = load_timeline(write_yaml(tmp_path, text))
    out = render(views.listing("events", [timeline.by_id["day-event"]], timeline), "tsv")
    header, row = out.rstrip("\n").split("\n")
    cell = row.split("\t")[header.split("\t").index("summary")]
    assert "\x1b" not in cell and "\t" not in cell
    assert _unescape(cell) == tricky


@pytest.mark.parametrize("width", [40, 80, 250])
@pytest.mark.parametrize("name", GOLDEN_VIEWS)
def test_the_plain_and_rich_writers_write_the_same_characters_for_one_layout(fixture_timeline, name, width):
    from ishiba_cli.render.terminal import layout, plain, table, to_text

    view = table(golden_views(fixture_timeline)[name])
    lines = layout(view, width)
    written = plain(lines)
    assert written == "".join(line.plain + "\n" for line in lines)
    console = Console(file=io.StringIO(), width=width, height=25, color_system="standard", force_terminal=True,
                      highlight=False, markup=False, emoji=False, legacy_windows=False)  # fmt: skip
    coloured = to_text(view, console)
    assert "\x1b[" in coloured, "the Rich writer adds styles"
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == written, "and nothing else"
