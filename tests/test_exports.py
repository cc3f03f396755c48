"""The timeline picture, exports (Markdown, TimelineJS, JSON, CSV) and citations."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from conftest import run_cli
from ishiba_cli import query
from ishiba_cli.dates import DateRange, parse_date, range_between
from ishiba_cli.errors import UsageError
from ishiba_cli.files import write_atomic
from ishiba_cli.load import load_timeline
from ishiba_cli.model import Source
from ishiba_cli.render import CITATIONS, cite, export, picture
from ishiba_cli.render.terminal import to_text
from test_render import GOLDEN_DATA, check_golden


def draw(timeline, width, window=None, events=None):
    window = window or DateRange()
    events = list(timeline.events) if events is None else events
    lay = picture.layout(timeline, query.by_date(events), window, width)
    console = Console(file=io.StringIO(), width=width, color_system=None, no_color=True, highlight=False, markup=False)
    return lay, to_text(picture.to_terminal(lay), console)


@pytest.mark.parametrize("width", [80, 132])
def test_timeline_picture_matches_its_golden_file(width):
    _, text = draw(load_timeline(GOLDEN_DATA), width)  # the golden files' fictional timeline
    check_golden(f"timeline-{width}.txt", text)


@pytest.mark.parametrize("width", [50, 80, 100, 132, 200])
def test_no_line_is_wider_than_the_terminal_and_wide_terminals_are_used(timeline, width):
    _, text = draw(timeline, width)
    widths = [cell_len(line) for line in text.splitlines()]
    assert max(widths) <= width
    assert max(widths) >= width - 6, "the ruler spans the full width"


def test_the_picture_shows_offices_races_and_disputes(timeline):
    _, text = draw(timeline, 80)
    for office in ("defense-agency-chief", "defense-minister", "secretary-general", "prime-minister"):
        assert office in text
    race_row = text.splitlines()[text.splitlines().index("races") + 1]
    assert re.sub(r"\s+", "", race_row) == "12345"  # at 80 columns no two races share a cell
    assert "2020-09-14  lost, 3rd of 3  ⚑" in text and "⚑ disputed" in text.splitlines()[-2]


@pytest.mark.parametrize("width", [38, 40, 60, 80, 250])
def test_the_picture_writes_every_label_whole_with_its_flag_at_any_width(timeline, width):
    _, text = draw(timeline, width)
    lines = text.splitlines()
    for event in timeline.events:
        if event.kind == "office" and event.end is not None:
            label = event.id + (" ⚑" if event.disputes else "")
            assert any(line.rstrip() == label or line.startswith(label + " ") for line in lines), (label, width)
    for event in timeline.events:
        assert not any(line.startswith(event.kind[:5]) and "…" in line for line in lines)
    assert "…" not in text
    marks = lines[lines.index("races") + 1 : next(i for i, line in enumerate(lines) if line.startswith("  1  "))]
    assert sorted("".join("".join(marks).split())) == sorted(str(r.attempt) for r in timeline.races), marks
    for race in timeline.races:
        row = next(line for line in lines if race.date.iso() in line)
        assert row.rstrip().endswith("⚑") == bool(race.disputes), row


def test_zoom_follows_the_filters(timeline):
    window = range_between(parse_date("2024-08"), parse_date("2025"))
    events = query.apply(timeline, "events", query.Filter(since=parse_date("2024-08"), until=parse_date("2025")))
    lay, text = draw(timeline, 80, window, events)
    assert lay.axis.start.isoformat() == "2024-08-01" and lay.axis.end.isoformat() == "2025-12-31"
    assert "2024-09" in text.splitlines()[1] or "2025-01" in text.splitlines()[1]
    assert [r.attempt for r in lay.races] == [5]


def test_summary_and_timeline_share_the_bar_scale():
    from ishiba_cli.render.bars import bar, spark

    assert spark([0, 1, 8]) == " ▁█"
    assert bar(8, 8, 1) == "█" and bar(1, 8, 1) == "▏"


def test_svg_parses_as_xml_and_escapes_data(timeline, tmp_path):
    lay, _ = draw(timeline, 80)
    svg = picture.to_svg(lay)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) >= len(timeline.races)


def test_timeline_command_writes_svg_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "t.svg"
    first = run_cli("timeline", "--svg", str(out))
    assert first.returncode == 0 and out.exists() and "wrote" in first.stderr
    ET.parse(out)
    again = run_cli("timeline", "--svg", str(out))
    assert again.returncode == 2 and "exists; add --force" in again.stderr
    assert run_cli("timeline", "--svg", str(out), "--force").returncode == 0


# --- exports ------------------------------------------------------------------------------------


def test_timelinejs_export_has_every_required_field(timeline):
    data = json.loads(export.timelinejs(timeline, list(timeline.events), list(timeline.races)))
    assert data["title"]["text"]["headline"]
    unlinked = sum(1 for q in timeline.quotes if q.event is None)  # each on a slide of its own
    assert len(data["events"]) == len(timeline.events) + len(timeline.races) + unlinked
    for slide in data["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"] and slide["unique_id"] and slide["group"]
        if "media" in slide:  # an event's first quote, as a blockquote credited to its source
            assert slide["media"]["url"].startswith("<blockquote>") and slide["media"]["credit"]
    by_id = {s["unique_id"]: s for s in data["events"]}
    assert by_id["hudson-op-ed"]["start_date"] == {"year": 2024, "month": 9}
    assert by_id["first-elected"]["start_date"] == {"year": 1986}
    assert by_id["prime-minister"]["end_date"] == {"year": 2025, "month": 10, "day": 21}
    assert {e["text"]["headline"] for e in data["eras"]} >= {"Prime Minister of Japan"}
    assert "The Diplomat" in by_id["first-press-conference"]["media"]["credit"]
    assert len({s["unique_id"] for s in data["events"]}) == len(data["events"])


def test_markdown_export_has_year_sections_quotes_and_resolving_footnotes(timeline):
    events = list(timeline.events)
    text = export.markdown_document(timeline, events, list(timeline.quotes))
    assert "## 2024" in text and "## 1957" in text
    assert "> “on equal terms with the U.S.”" in text
    used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defined = set(re.findall(r"^\[\^(\d+)\]:", text, re.M))
    assert used == defined and used


def test_json_export_is_the_whole_normalised_timeline(timeline):
    done = run_cli("export", "--format", "json")
    data = json.loads(done.stdout)
    assert set(data) >= {"schema_version", "subject", "sources", "people", "events", "races", "quotes", "proposals"}
    assert len(data["events"]) == len(timeline.events)
    listed = [r for r in json.loads(run_cli("events", "--format", "json").stdout) if r.get("type") != "race"]
    assert data["events"] == listed, "the same records the --format json commands print"


def test_csv_export_takes_the_events_filters():
    done = run_cli("export", "--format", "csv", "--year", "2004")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["id"] for r in rows][:1] == ["defense-agency-chief"] and all("2004" in r["date"] + r["end"] for r in rows)


@pytest.mark.parametrize("fmt", ["markdown", "timelinejs", "json", "csv"])
def test_an_export_that_matches_nothing_says_so_and_is_still_valid(fmt, tmp_path):
    done = run_cli("export", "--format", fmt, "--year", "1900")
    assert done.returncode == 0
    assert done.stderr.strip() == "no event matched --year 1900; the export holds no events"
    if fmt == "markdown":
        assert done.stdout.endswith("No event, race, quote or proposal is in this selection.\n")
        assert "## Sources" not in done.stdout, "no empty heading"
    elif fmt == "csv":
        assert done.stdout.splitlines()[0].startswith("id,date,title") and len(done.stdout.splitlines()) == 1
    else:
        assert json.loads(done.stdout)["events"] == []
    out = tmp_path / "empty.out"
    written = run_cli("export", "--format", fmt, "--year", "1900", "-o", str(out))
    assert written.stderr.splitlines() == [
        "no event matched --year 1900; the export holds no events",
        f"wrote {out} (0 events)",
    ]
    assert run_cli("export", "--format", fmt, "--year", "2021").stderr == "", "no note when events match"


def test_export_to_a_file_is_atomic_and_guarded(tmp_path):
    out = tmp_path / "notes.md"
    assert run_cli("export", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Ishiba Shigeru")
    assert run_cli("export", "-o", str(out)).returncode == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".notes.md.")], "no temporary file left"


def test_never_writes_over_the_data_file(tmp_path):
    data = tmp_path / "mine.yaml"
    shutil.copy(Path(__file__).parent / "data" / "example.yaml", data)
    before = data.read_bytes()
    done = run_cli("--data", str(data), "export", "-o", str(data), "--force")
    assert done.returncode == 2 and "never writes to its data file" in done.stderr
    assert data.read_bytes() == before
    with pytest.raises(UsageError):
        write_atomic(data, "x", force=True, protect=data)


# --- citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("record", ["equal-terms", "first-press-conference", "revise-sofa"])
@pytest.mark.parametrize("style", CITATIONS)
def test_cite_in_every_style(record, style):
    done = run_cli("cite", record, "--style", style)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    if style == "bibtex":
        from pybtex.database import parse_string

        db = parse_string(done.stdout, "bibtex")
        assert len(db.entries) >= 1
        for key, entry in db.entries.items():
            assert entry.fields["title"] and re.match(r"^[a-z0-9-]+$", key)


def test_citation_styles_follow_their_rules(timeline):
    source = timeline.by_id["asahi-2024-09-27-president"]
    assert cite.apa(source).startswith(  # a work whose title is not known: its description in brackets
        "[Asahi Shimbun (AJW) report on Ishiba's election as LDP president in the runoff against Takaichi]. "
        "(2024, September 27). The Asahi Shimbun. https://www.asahi.com/ajw/articles/15443221"
    )
    assert "September 27, 2024." in cite.chicago(source)
    assert "27 Sept. 2024" in cite.mla(source)
    undated = timeline.by_id["wikipedia-ldp-2020"]
    assert "(n.d.)" in cite.apa(undated) and "n.d." in cite.chicago(undated)
    month = timeline.by_id["diplomat-2024-10"]
    assert "(2024, October)" in cite.apa(month) and "Oct. 2024" in cite.mla(month)


UNDATED = [
    Source("a", "A title", "Pub", "news", url="https://example.org/a"),
    Source("b", "A title", "Pub", "news"),
    Source("c", "Is it?", "Acme Inc.", "news"),
    Source("d", "Is it?", "Acme Inc.", "news", parse_date("2024-05")),
]


@pytest.mark.parametrize("source", UNDATED, ids=lambda s: s.id)
@pytest.mark.parametrize("style", ["apa", "chicago", "mla"])
def test_no_citation_doubles_its_punctuation(source, style):
    text = getattr(cite, style)(source)
    assert not re.search(r"[.?!][”’]?\.", text), text
    assert text.endswith("." if source.url is None else ("a." if style != "apa" else "/a"))


def test_an_undated_source_ends_n_d_once_in_chicago():
    assert cite.chicago(UNDATED[1]) == "“A title.” Pub, n.d."
    assert cite.chicago(UNDATED[0]) == "“A title.” Pub, n.d. https://example.org/a."
    assert cite.mla(UNDATED[2]) == "“Is it?” Acme Inc."


def test_quotation_marks_inside_a_quoted_title_become_single():
    titled = Source("q", 'Statement on "Atago" and “Seiun”', "Pub", "official")
    assert cite.chicago(titled).startswith("“Statement on ‘Atago’ and ‘Seiun.’” Pub")
    assert cite.mla(titled).startswith("“Statement on ‘Atago’ and ‘Seiun.’” Pub")


def _entries(text: str) -> list[str]:
    """The citations of a text style's output, without its headings and blank lines."""
    return [line for line in text.splitlines() if line and not line.endswith(":")]


def test_a_quote_cites_where_it_appeared_in_every_wording(timeline):
    done = run_cli("cite", "help-strengthen")
    quote = timeline.by_id["help-strengthen"]
    wordings = [s for v in quote.variants for s in v.sources]
    first, *rest = _entries(done.stdout)
    assert first.startswith("Ishiba Shigeru. (2024, October 1). “help strengthen”"), "the quote as a quote, first"
    assert first.endswith("Quoted in: " + cite.apa(timeline.by_id[quote.sources[0]]))
    assert wordings and len(rest) == len(quote.sources) + len(wordings), "then one citation a source"
    assert rest[0].startswith("Ishiba Shigeru Wants a Stronger Japan-US Alliance")  # its own sources first
    for sid in wordings:
        assert cite.apa(timeline.by_id[sid]) in rest, sid


def test_a_proposal_cites_the_sources_of_its_reactions_too(timeline):
    proposal = timeline.by_id["revise-sofa"]
    reacting = [s for r in proposal.reactions for s in r.sources if s not in proposal.sources]
    assert reacting
    lines = _entries(run_cli("cite", "revise-sofa").stdout)
    assert len(lines) == len(set(proposal.sources) | set(reacting))
    assert lines[: len(proposal.sources)] == [cite.apa(timeline.by_id[s]) for s in proposal.sources]
    for sid in reacting:
        assert cite.apa(timeline.by_id[sid]) in lines, sid
    shown = query.related(timeline, proposal)["sources"]
    assert {cite.apa(s) for s in shown} == set(lines), "the sources show lists, no more, no fewer"


# --- TimelineJS in a real browser (when the machine has one) ------------------------------------


def _timelinejs_dist() -> Path | None:
    for base in filter(None, [os.environ.get("TIMELINEJS_DIR"), "/tmp/tljs/node_modules/@knight-lab/timelinejs/dist"]):
        path = Path(base)
        if (path / "js" / "timeline.js").exists():
            return path
    return None


#: the text TimelineJS's 'loaded' handler writes in the test page, once it is there
_LOADED = """new Promise(done => {
  const out = document.getElementById('out');
  const written = () => out.textContent !== 'pending' && done(out.textContent);
  if (!written()) new MutationObserver(written).observe(out, {childList: true, characterData: true, subtree: true});
})"""


@pytest.mark.skipif(not _timelinejs_dist(), reason="needs @knight-lab/timelinejs (.ci/run installs it with npm)")
def test_timelinejs_loads_the_export_in_headless_chromium(timeline, tmp_path, browser):
    dist = _timelinejs_dist()
    data = export.timelinejs(timeline, list(timeline.events), list(timeline.races))
    page = tmp_path / "index.html"
    page.write_text(
        f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{dist}/css/timeline.css"><script src="{dist}/js/timeline.js"></script></head>
<body><div id="tl" style="width:1000px;height:600px"></div><pre id="out">pending</pre><script>
var tl = new TL.Timeline('tl', {data});
tl.on('loaded', function () {{
  var slides = document.querySelectorAll('.tl-slide');
  var race = Array.prototype.find.call(slides, function (s) {{ return s.textContent.indexOf('Votes:') >= 0 && s.textContent.indexOf('1st of 9') >= 0; }});
  document.getElementById('out').textContent = 'slides=' + slides.length + '\\nrace=' + (race ? race.textContent.replace(/\\s+/g, ' ') : '')
    + '\\nlinks=' + (race ? race.querySelectorAll('a[href^="http"]').length : 0);
}});
</script></body></html>""",
        encoding="utf-8",
    )
    opened = browser.open(page.as_uri())  # the run's Chromium (conftest), not one started for this page
    try:
        out = opened.evaluate(_LOADED)
    finally:
        opened.close()  # TimelineJS's timers stop with its tab
    match = re.search(r"slides=(\d+)", out)
    assert match, (out, opened.errors)
    unlinked = sum(1 for q in timeline.quotes if q.event is None)
    assert int(match.group(1)) == len(timeline.events) + len(timeline.races) + unlinked + 1  # and the title
    race = re.search(r"race=(.*)", out).group(1)  # the 2024 race's slide, as TimelineJS drew it
    assert "Result: won, 1st of 9." in race and "Votes: won 215 to Takaichi Sanae's 194 in a runoff." in race
    won = next(r for r in timeline.races if r.result == "won")
    assert int(re.search(r"links=(\d+)", out).group(1)) == sum(1 for sid in won.sources if timeline.by_id[sid].url), (
        "every source with an address is a link"
    )


def test_svg_bars_start_after_the_longest_label(timeline):
    """A zoomed picture puts a bar at the left edge of the plot: it must not cover its label."""
    window = range_between(parse_date("2014"), parse_date("2016"))
    events = query.apply(timeline, "events", query.Filter(since=parse_date("2014"), until=parse_date("2016")))
    svg = picture.to_svg(picture.layout(timeline, query.by_date(events), window, 80))
    label = "regional-revitalization-minister"
    assert f">{label}" in svg
    bar = re.search(r'<rect x="([\d.]+)"[^>]*class="span', svg)
    assert float(bar.group(1)) >= 8 + 6.5 * len(label)


def test_the_picture_marks_partly_supported_records_and_approximate_dates(tmp_path):
    from conftest import write_yaml

    other = Path(__file__).parent / "data" / "other-subject.yaml"
    text = (
        other.read_text(encoding="utf-8")
        .replace(
            "    summary: Beats the sitting leader", "    confidence: plausible\n    summary: Beats the sitting leader"
        )
        .replace("    attempt: 2\n", "    attempt: 2\n    circa: true\n    confidence: plausible\n")
    )
    from ishiba_cli.load import load_timeline

    timeline = load_timeline(write_yaml(tmp_path, text))
    lay, out = draw(timeline, 80)
    election = next(line for line in out.splitlines() if line.startswith("election"))
    assert "?" in election
    assert "2  c. 2009-04-18  won, 1st of 2  ?" in out
    assert "? partly supported" in out
    svg = picture.to_svg(lay)
    assert 'class="doubt">?</text>' in svg and 'data-key="doubtful"' in svg


@pytest.mark.parametrize("width", [20, 30, 36])
def test_a_narrow_picture_never_wraps_its_plot(timeline, width):
    """At 30 columns the plot once ran past the edge, so the terminal wrapped bars to column 0."""
    from rich.cells import cell_len

    lay, text = draw(timeline, width)
    assert lay.label_width + lay.axis.cells <= width  # the plot fits, so nothing is wrapped into it
    assert all(cell_len(line) <= width for line in text.splitlines())
    lines = text.splitlines()
    marks = lines[lines.index("races") + 1 : next(i for i, line in enumerate(lines) if line.startswith("  1  "))]
    assert sorted("".join("".join(marks).split())) == sorted(str(r.attempt) for r in timeline.races)


def test_the_legend_explains_only_what_is_drawn(timeline):
    window = range_between(parse_date("1957"), parse_date("1957"))
    events = query.apply(timeline, "events", query.Filter(years=(1957,)))
    _, text = draw(timeline, 80, window, events)
    assert "race, by attempt" not in text and "office or term" not in text and "● event" in text
    empty, text = draw(timeline, 80, range_between(parse_date("1900"), parse_date("1900")), [])
    assert picture.legend(empty) == [] and "●" not in text
