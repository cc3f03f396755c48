"""Series: numbers over time (a pollster's cabinet approval) as a section of the format, listed,
drawn, summarised and drawn under the timeline's years. The fixture, tests/data/series.yaml, is
fictional: a dozen monthly polls (two dated by a span) and a one-point series in seats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT, clean_env, run_cli, write_yaml
from ishiba_cli import model, query
from ishiba_cli.load import load_timeline
from ishiba_cli.render import chart, picture
from ishiba_cli.render.terminal import to_text

SERIES = ROOT / "tests" / "data" / "series.yaml"
OTHER = ROOT / "tests" / "data" / "other-subject.yaml"
#: the approval poll's values as the fixture writes them, in its order (not read through the code)
VALUES = ["61", "58.5", "55", "49", "44", "47", "42.5", "38", "41", "45", "46", "50"]
DATES = ["2010-02-14", "2010-03-14", "2010-04-11", "2010-05-16", "2010-06-13", "2010-07-10", "2010-08-15",
         "2010-09-12", "2010-10-17", "2010-11-14", "2010-12-12", "2011-01-16"]  # fmt: skip


@pytest.fixture(scope="module")
def fixture():
    return load_timeline(SERIES)


@pytest.fixture(scope="module")
def approval(fixture):
    return fixture.by_id["ledger-approval"]


def cli(*args, columns=80, data=SERIES):
    return run_cli("--data", str(data), *args, env=clean_env(COLUMNS=str(columns)))


# ----------------------------------------------------------------------------- the format


def test_series_is_a_section_with_ids_unique_across_the_file(fixture):
    assert "series" in model.SECTIONS and [s.id for s in fixture.series] == ["ledger-approval", "union-seats"]
    assert model.kind_of(fixture.by_id["union-seats"]) == "series"
    assert fixture.counts()["series"] == 2


def test_a_series_id_used_by_an_event_is_a_duplicate(tmp_path):
    text = SERIES.read_text(encoding="utf-8").replace("id: union-seats", "id: holt-budget")
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3 and "duplicate id 'holt-budget'" in done.stderr


def test_points_out_of_date_order_are_reported_with_their_line(tmp_path):
    text = SERIES.read_text(encoding="utf-8").replace("date: 2010-04-11", "date: 2010-01-11")
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3
    assert "series[0].points[2].date: 2010-01-11 comes after 2010-03-14" in done.stderr
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "date: 2010-01-11" in x)
    assert f":{line}:" in done.stderr  # the line of the third point


def test_a_point_whose_span_ends_before_it_begins_is_reported(tmp_path):
    text = SERIES.read_text(encoding="utf-8").replace("end: 2010-07-12", "end: 2010-06-12")
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3 and "points[5].end: end 2010-06-12 is before the date 2010-07-10" in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [("value: 55,", "value: lots,", "expected a number"),
     ("sources: [gazette-2011]}", "sources: [gazette-2012]}", "'gazette-2012' is not the id of any source"),
     ("sources: [ledger-method]", "sources: [holt-budget]", "'holt-budget' is an event, but a source")],
)  # fmt: skip
def test_values_are_numbers_and_sources_are_known(tmp_path, old, new, message):
    text = SERIES.read_text(encoding="utf-8").replace(old, new, 1)
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3 and message in done.stderr


def test_check_counts_series_and_leaves_them_out_where_there_are_none():
    assert "2 series, 1 person, 4 sources" in cli("check").stdout
    assert "series" not in cli("check", data=OTHER).stdout
    assert query.describe_counts({"events": 2, "series": 0}) == "2 events"
    assert query.describe_counts({"series": 1}) == "1 series"


# ----------------------------------------------------------------------------- found like any record


def test_show_search_and_sources_know_series():
    shown = cli("show", "ledger-approval").stdout
    assert "Points" in shown and "2010-07-10–12  47%  (ledger-poll-2010)" in shown
    assert "after the budget row" in shown and "Sources (3)" in shown
    found = cli("search", "lowest of the year").stdout  # a point's note
    assert found.startswith("Series (1)") and "ledger-approval" in found
    assert "union-seats" in cli("search", "gazette", "--format", "jsonl").stdout  # the publisher
    row = next(csv.DictReader(io.StringIO(cli("search", "lowest of the year", "--format", "csv").stdout)))
    assert (row["type"], row["date"], row["end"]) == ("series", "2010-02-14", "2011-01-16")  # its first and last
    source = cli("show", "ledger-method").stdout  # a source cited only by a series' method
    assert "Series (1)" in source and "ledger-approval" in source


def test_the_cache_answers_series_as_the_file_does(tmp_path):
    env = clean_env(XDG_CACHE_HOME=str(tmp_path))
    first = run_cli("--data", str(SERIES), "series", "ledger", "--format", "json", env=env)
    second = run_cli("--data", str(SERIES), "series", "ledger", "--format", "json", env=env)
    assert list(tmp_path.rglob("*.sqlite")), "the first run wrote no cache"
    assert first.stdout == second.stdout and json.loads(second.stdout)["points"][5]["end"] == "2010-07-12"
    again = run_cli("--data", str(SERIES), "show", "union-seats", env=env)
    assert "212 seats" in again.stdout


def test_the_json_export_carries_the_series():
    data = json.loads(cli("export", "--format", "json").stdout)
    assert [p["value"] for p in data["series"][0]["points"]][:3] == [61, 58.5, 55]
    assert json.loads(cli("export", "--format", "json", data=OTHER).stdout)["series"] == []


def test_the_markdown_export_has_each_series_with_footnoted_points():
    text = cli("export").stdout
    assert "## Series" in text and "| 2010-07-10–12 | 47[^" in text and "How the Ledger poll is drawn" in text


# ----------------------------------------------------------------------------- the chart: pure


def test_values_and_spans_are_written_as_read():
    assert [chart.value_text(v) for v in (61, 58.5, 1234567, -3)] == ["61", "58.5", "1,234,567", "-3"]
    point = model.Point
    d = model.PartialDate
    assert chart.span_text(point(d(2010, 7, 10), 1, (), end=d(2010, 7, 12))) == "2010-07-10–12"
    assert chart.span_text(point(d(2010, 7, 30), 1, (), end=d(2010, 8, 2))) == "2010-07-30–08-02"
    assert chart.span_text(point(d(2010, 12, 30), 1, (), end=d(2011, 1, 2))) == "2010-12-30–2011-01-02"


@pytest.mark.parametrize("width", [40, 60, 80, 120, 250])
def test_every_value_is_on_the_chart_and_no_line_is_too_wide(approval, width):
    lines = [text for text, _ in chart.lines(approval, width)]
    assert all(len(line) <= width for line in lines), width
    words = " ".join(lines).split()
    for value in VALUES:
        assert value in words, (width, value)


def test_a_narrow_chart_lists_one_point_a_line_with_its_date(approval):
    assert chart.columns(approval, 40) is None
    lines = [text for text, _ in chart.lines(approval, 40)]
    assert len(lines) == 12
    assert lines[5].startswith("2010-07-10–12") and " 47 " in lines[5]
    assert lines[0].split()[:2] == ["2010-02-14", "61"]


def test_a_wide_chart_has_columns_a_labelled_axis_and_dated_ends(approval):
    lines = [text for text, _ in chart.columns(approval, 80)]
    assert lines[1].lstrip().startswith("61 ┤") and lines[-2].lstrip().startswith("0 ┼")
    assert lines[0].lstrip().startswith("%")  # the unit over the axis
    assert lines[-1].split()[0] == DATES[0] and lines[-1].split()[-1] == DATES[-1]
    # the tallest column reaches the top row; the lowest is shorter than the highest
    body = lines[1:-2]
    at = lines[1].index("┤") + 2  # the first column, after the axis and a blank
    first_col = [row[at] for row in body]
    assert first_col.count("█") == len(body)


def test_bars_start_at_zero_so_their_lengths_compare(approval):
    lines = [text for text, _ in chart.bar_list(approval, 60)]
    bars = {line.split()[0]: len(line.split()[-1]) for line in lines}
    assert bars["2010-02-14"] > bars["2010-09-12"] > bars["2010-02-14"] / 2  # 61 against 38: not from 38 up


def test_one_point_is_one_line(fixture):
    lines = chart.lines(fixture.by_id["union-seats"], 80)
    assert len(lines) == 1 and lines[0][0].startswith("2010-01  212  █")


def test_extremes_are_the_first_last_highest_and_lowest(approval):
    found = {label: (p.date.iso(), p.value) for label, p in query.extremes(approval)}
    assert found == {"first": ("2010-02-14", 61), "last": ("2011-01-16", 50), "highest": ("2010-02-14", 61),
                     "lowest": ("2010-09-12", 38)}  # fmt: skip


# ----------------------------------------------------------------------------- ishiba series


@pytest.mark.parametrize("width", [40, 80, 250])
def test_series_lists_every_series_at_every_width(width):
    done = cli("series", columns=width)
    assert done.returncode == 0
    for word in ["ledger-approval", "union-seats", "seats", "12", "2010-02-14", "2011-01-16", "Gazette"]:
        assert word in done.stdout, (width, word)
    assert all(len(line) <= width for line in done.stdout.splitlines())


@pytest.mark.parametrize("width", [40, 80, 250])
def test_series_id_draws_it_with_its_source_at_every_width(width):
    done = cli("series", "ledger", columns=width)
    assert done.returncode == 0 and "taken as ledger-approval" in done.stderr  # a prefix: said which it took
    out = done.stdout
    assert all(len(line) <= width for line in out.splitlines()), width
    words = out.split()
    assert all(v in words for v in VALUES), width
    flat = " ".join(words)
    assert "The Example Ledger" in flat and "ledger-poll-2010 (Ledger poll tracker, 2010): 11 points" in flat
    assert "ledger-method (How the Ledger poll is drawn)" in flat and "after the budget row" in flat


def test_series_in_every_format_gives_the_points():
    rows = list(csv.DictReader(io.StringIO(cli("series", "ledger-approval", "--format", "csv").stdout)))
    assert [r["value"] for r in rows] == VALUES and [r["date"] for r in rows] == DATES
    assert rows[5]["end"] == "2010-07-12" and rows[4]["note"] == "after the budget row" and rows[0]["unit"] == "%"
    tsv = cli("series", "ledger-approval", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["series", "date", "end", "value", "unit", "sources", "note"] and len(tsv) == 13
    jsonl = [json.loads(x) for x in cli("series", "ledger-approval", "--format", "jsonl").stdout.splitlines()]
    assert [p["value"] for p in jsonl][:2] == [61, 58.5] and jsonl[0]["series"] == "ledger-approval"
    whole = json.loads(cli("series", "ledger-approval", "--format", "json").stdout)
    assert whole["type"] == "series" and len(whole["points"]) == 12 and whole["sources"] == ["ledger-method"]
    md = cli("series", "ledger-approval", "--format", "markdown").stdout
    assert "| 2010-09-12 | 38 | the lowest of the year | [^" in md and "Ledger poll tracker, 2011" in md
    listed = json.loads(cli("series", "--format", "json").stdout)
    assert [s["id"] for s in listed] == ["ledger-approval", "union-seats"]


def test_series_on_a_timeline_without_any_says_so():
    done = cli("series", data=OTHER)
    assert done.returncode == 0 and "the timeline has no series" in done.stderr
    both = cli("series", "c")  # words of both titles
    assert both.returncode != 0 and "in the titles of 2 series\n" in both.stderr
    missing = cli("series", "approval", data=OTHER)
    assert missing.returncode != 0 and "no series has the id or name 'approval'" in missing.stderr


# ----------------------------------------------------------------------------- summary


@pytest.mark.parametrize("width", [40, 80, 250])
def test_summary_shows_each_series_extremes(width):
    out = cli("summary", columns=width).stdout
    flat = " ".join(out.split())
    assert "Series" in out and "lowest 38% on 2010-09-12" in flat and "last 50% on 2011-01-16" in flat
    assert "highest 212 seats on 2010-01" in flat
    assert all(len(line) <= width for line in out.splitlines())


def test_summary_data_has_the_extremes():
    data = json.loads(cli("summary", "--format", "json").stdout)
    assert data["series"][0]["lowest"] == {"date": "2010-09-12", "end": None, "value": 38}
    assert "series" not in json.loads(cli("summary", "--format", "json", data=OTHER).stdout)  # as in the counts
    assert "Series" not in cli("summary", data=OTHER).stdout


# ----------------------------------------------------------------------------- the timeline picture


def test_the_series_columns_stand_in_the_cells_of_their_dates(fixture, approval):
    lay = picture.layout(fixture, list(fixture.events), query.Filter().zoom(), 80, (approval,))
    rows = picture.series_columns(lay.axis, approval)
    filled = {i for row in rows for i, ch in enumerate(row) if ch != " "}
    assert filled == {lay.axis.cell(p.date.first_day()) for p in approval.points}


@pytest.mark.parametrize("width", [40, 80, 250])
def test_timeline_draws_a_series_under_the_years(width):
    done = cli("timeline", "--series", "ledger-approval", columns=width)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    ruler = next(i for i, line in enumerate(lines) if "2010" in line and "┼" in lines[i + 1])
    top = next(i for i, line in enumerate(lines) if line.strip().startswith("61%"))
    # the columns begin where 2010 begins on the ruler: the first poll, 2010-02, is in its first year
    assert lines[top].index("61%") < lines[ruler].index("2010") <= lines[top].rindex(" ") + 1
    flat = " ".join(done.stdout.split())
    assert "lowest 38% on 2010-09-12" in flat and "every value: ishiba series ledger-approval" in flat


def test_timeline_says_when_the_series_falls_outside_the_range():
    done = cli("timeline", "--from", "2012", "--series", "ledger-approval")
    assert "none of its 12 points falls in the range shown" in " ".join(done.stdout.split())
    part = cli("timeline", "--to", "2010-06", "--series", "ledger-approval")
    assert "7 points outside the range shown" in " ".join(part.stdout.split())


def test_the_svg_has_every_point_in_range_with_its_value(tmp_path):
    done = cli("timeline", "--series", "ledger-approval", "--svg", "-")
    assert done.returncode == 0
    import xml.dom.minidom

    svg = xml.dom.minidom.parseString(done.stdout)
    tips = [c.getElementsByTagName("title")[0].firstChild.data for c in svg.getElementsByTagName("circle")
            if c.getAttribute("class") == "point"]  # fmt: skip
    assert len(tips) == 12 and tips[5] == "2010-07-10–12: 47% (ledger-poll-2010)"
    assert svg.getElementsByTagName("polyline")


def test_an_unknown_series_is_a_clear_error():
    done = cli("timeline", "--series", "nothing-like-it")
    assert done.returncode != 0 and "no series has the id or name" in done.stderr and "Traceback" not in done.stderr


def test_the_terminal_and_plain_layouts_agree(approval, fixture):
    from rich.console import Console

    from ishiba_cli.render import terminal, views

    view = terminal.table(views.Chart(approval, fixture))
    for width in (40, 80, 250):
        plain = to_text(view, Console(width=width, color_system=None, force_terminal=False))
        rich = to_text(view, Console(width=width, color_system=None, force_terminal=False), fast=False)
        assert plain == rich, width
