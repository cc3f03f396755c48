"""Exports that carry the whole timeline: the Markdown document (races, proposals, disputes,
every source a footnote), Markdown detail views that survive a CommonMark renderer, and an SVG
that shows disputed records distinctly and carries the terminal picture's legend."""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from conftest import run_cli, write_yaml
from ishiba_cli import model, query
from ishiba_cli.dates import DateRange
from ishiba_cli.load import load_timeline
from ishiba_cli.records import cited_sources
from ishiba_cli.render import export, picture, render, views
from ishiba_cli.render.terminal import to_text

SVG = "{http://www.w3.org/2000/svg}"


def commonmark(text: str) -> str:
    return MarkdownIt("commonmark").render(text)


def rendered_lines(page: str) -> list[str]:
    """The text a reader sees in rendered HTML, one entry per visual line (a line break, a list
    item, a paragraph or a heading ends a line)."""
    page = page.replace("\n", " ")  # a soft line break shows as a space
    page = re.sub(r"<br\s*/?>|</?(?:li|p|h\d|ul|ol|blockquote)>", "\n", page)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def whole_document(timeline) -> str:
    return export.markdown_document(
        timeline, list(timeline.events), list(timeline.quotes), list(timeline.races), list(timeline.proposals)
    )


# --- the Markdown document -----------------------------------------------------------------------


def test_the_document_has_every_race_with_its_rounds_and_votes(timeline):
    lines = rendered_lines(commonmark(whole_document(timeline)))
    for race in timeline.races:
        assert any(race.title in line and race.date.iso() in line for line in lines), race.id
        assert f"votes: {views.race_votes(timeline, race)}" in lines, race.id
        for rnd in race.rounds:
            for tally in rnd.tallies:
                name = views.name_of(timeline, tally.candidate)
                assert any(line.startswith(f"{name}: {tally.votes}") for line in lines), (race.id, name)


def test_the_document_has_every_proposal_in_full(timeline):
    lines = rendered_lines(commonmark(whole_document(timeline)))
    text = "\n".join(lines)
    for p in timeline.proposals:
        for label in ("summary", "rationale", "assessment", "outcome", "status"):
            value = getattr(p, label)
            if value:
                assert any(line.startswith(f"{label}: {' '.join(value.split())}") for line in lines), (p.id, label)
        for r in p.reactions:
            assert " ".join(r.summary.split()) in text, (p.id, r.by)


def test_the_document_lists_every_dispute_with_both_sides(timeline):
    lines = rendered_lines(commonmark(whole_document(timeline)))
    text = "\n".join(lines)
    rows = query.disputes(timeline)
    assert rows
    for row in rows:
        assert " ".join(row.claim.split()) in text and " ".join(row.finding.split()) in text, row.record
    assert lines.index("Where sources disagree") > lines.index("Proposals"), "the section comes last"


def test_every_source_the_document_shows_is_a_footnote_used_and_defined(timeline):
    text = whole_document(timeline)
    used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defined = dict(re.findall(r"^\[\^(\d+)\]: .*\(`([^`]+)`\)$", text, re.M))
    assert used == set(defined), "every footnote is referenced and every reference defined"
    shown = [*timeline.events, *timeline.quotes, *timeline.races, *timeline.proposals]
    cited = {s for r in shown for s in cited_sources(r)}
    assert set(defined.values()) == cited, "every source cited by an exported record, dispute or reaction"


def test_each_footnote_is_its_own_paragraph_when_rendered(timeline):
    page = commonmark(whole_document(timeline))
    footnotes = [line for line in rendered_lines(page) if re.match(r"\[\^\d+\]:", line)]
    assert len(footnotes) == len(re.findall(r"^\[\^\d+\]:", whole_document(timeline), re.M))


def test_a_filtered_document_keeps_to_what_the_filters_select(timeline):
    events = query.apply(timeline, "events", query.Filter(years=(2021,)))
    quotes = query.apply(timeline, "quotes", query.Filter(years=(2021,)))
    text = export.markdown_document(timeline, events, quotes, [], query.linked_proposals(timeline, events, quotes))
    assert "declines-2021-race" in text and "ldp-race-2020" not in text
    assert "## Proposals" not in text, "no 2021 event or quote belongs to a proposal"


def test_the_document_marks_records_short_of_verified_as_the_terminal_does(timeline):
    lines = rendered_lines(commonmark(whole_document(timeline)))
    doubtful = [r for s in ("events", "quotes", "proposals") for r in timeline.section(s) if r.confidence != "verified"]
    assert {model.kind_of(r) for r in doubtful} == {"event", "quote", "proposal"}
    for record in doubtful:
        shown = " ".join((f"“{record.text}”" if isinstance(record, model.Quote) else record.title).split())
        line = next(line for line in lines if shown in line)
        marks = "⚑ ?" if record.disputes else "?"
        assert line.split(shown, 1)[1].startswith(f" {marks}"), (record.id, line)
    sure = timeline.by_id["declines-2021-race"]
    assert any(line.startswith(f"{sure.date.iso()} {sure.title} ⚑:") for line in lines), "verified: no ?"
    phrase = (
        "; (phrase) a fragment of a few words, not a full statement" if any(q.phrase for q in timeline.quotes) else ""
    )
    assert (
        "Marks: ⚑ the sources disagree (see Where sources disagree); ? plausible: the sources support it only in "
        f"part; c. the date is approximate{phrase}." in lines
    )


def test_a_document_without_marked_records_has_no_key_to_the_marks(timeline):
    events = query.apply(timeline, "events", query.Filter(years=(2004,)))
    text = export.markdown_document(timeline, [e for e in events if not e.disputes], [])
    assert "Marks:" not in text and " ?" not in text


def test_timelinejs_says_in_words_which_records_the_sources_support_only_in_part(timeline):
    data = json.loads(export.timelinejs(timeline, list(timeline.events), list(timeline.races)))
    by_id = {s["unique_id"]: s for s in data["events"]}
    for event in timeline.events:
        text = by_id[event.id]["text"]["text"]
        said = "<strong>? plausible:</strong> the sources support it only in part." in text
        assert said == (event.confidence == "plausible"), event.id
    credits = [s["media"]["credit"] for s in data["events"] if "media" in s]
    assert any(c.endswith("(? plausible: the sources support it only in part)") for c in credits)
    for slide in data["events"]:
        if "media" in slide:
            quote = query.by_date([q for q in timeline.quotes if q.event == slide["unique_id"]])[0]
            assert ("? plausible" in slide["media"]["credit"]) == (quote.confidence == "plausible"), quote.id


# --- Markdown detail views as CommonMark ----------------------------------------------------------


DETAILS = ["ldp-race-2020", "revise-sofa", "help-strengthen", "defense-agency-chief", "ishiba-shigeru",
           "diplomat-2024-10", "equal-terms", "ldp-race-2024"]  # fmt: skip


@pytest.mark.parametrize("rid", DETAILS)
def test_every_field_and_every_line_of_a_detail_survives_commonmark(timeline, rid):
    view = views.detail(timeline.by_id[rid], timeline)
    lines = rendered_lines(commonmark(render(view, "markdown")))
    for label, value in view.fields:
        assert f"{label}: {' '.join(value.split())}" in lines, (rid, label)
    for heading, paragraphs in view.blocks:
        assert heading in lines
        for paragraph in paragraphs:
            for line in paragraph.splitlines():
                assert " ".join(line.split()) in lines, (rid, heading, line)


def test_rounds_render_as_nested_items_and_dispute_findings_on_their_own_line(timeline):
    page = commonmark(render(views.detail(timeline.by_id["ldp-race-2024"], timeline), "markdown"))
    assert "<li>Takaichi Sanae: 181 (Diet members 72, party members 109)</li>" in page
    assert re.search(
        r"<br\s*/>\s*Better sources:",
        commonmark(render(views.detail(timeline.by_id["ldp-race-2020"], timeline), "markdown")),
    )


HOSTILE = """\
schema_version: 1
subject: {name: Test Person, name_western: Person Test}
sources:
  - {id: src-a, title: "A *bold* [claim](http://evil.example)", publisher: "<b>Pub</b>", kind: news, date: 2020-05,
     url: "https://example.com/a_b_c"}
events:
  - {id: e1, date: 2008, title: "Uses *stars* and _underscores_ and `ticks`", kind: party,
     summary: "<script>alert(1)</script> and [a link](http://x.example) & &amp; | pipe", sources: [src-a]}
"""


def test_markup_in_the_data_is_shown_as_text_not_obeyed(tmp_path):
    tl = load_timeline(write_yaml(tmp_path, HOSTILE), cache=False)
    for text in (
        render(views.detail(tl.by_id["e1"], tl), "markdown"),
        export.markdown_document(tl, list(tl.events), []),
    ):
        page = commonmark(text)
        assert "<script>" not in page and "<b>" not in page
        assert "<em>stars</em>" not in page and "<em>underscores</em>" not in page and "<em>bold</em>" not in page
        assert 'href="http://x.example"' not in page and 'href="http://evil.example"' not in page
        seen = "\n".join(rendered_lines(page))
        assert "<script>alert(1)</script> and [a link](http://x.example) & &amp; | pipe" in seen
        assert "Uses *stars* and _underscores_ and `ticks`" in seen
        assert 'href="https://example.com/a_b_c"' in page, "a source's URL is a working link"


# --- the SVG --------------------------------------------------------------------------------------


def css_rules(svg: str) -> list[tuple[list[set[str]], dict[str, str]]]:
    """The SVG's style sheet as (selectors as sets of classes, declarations), in order."""
    style = re.search(r"<style>(.*?)</style>", svg, re.S).group(1)
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", style):
        classes = [set(re.findall(r"\.([\w-]+)", sel)) for sel in selectors.split(",") if sel.strip().startswith(".")]
        decls = dict(d.split(":", 1) for d in body.split(";") if ":" in d)
        if classes:
            out.append((classes, decls))
    return out


def computed_fill(rules, classes: set[str]) -> str | None:
    """The fill CSS gives an element with these classes: the most specific rule wins, then the last."""
    best, best_key = None, (-1, -1)
    for order, (selectors, decls) in enumerate(rules):
        for sel in selectors:
            if sel <= classes and "fill" in decls and (len(sel), order) >= best_key:
                best, best_key = decls["fill"], (len(sel), order)
    return best


def svg_of(timeline, width=80):
    lay = picture.layout(timeline, query.by_date(timeline.events), DateRange(), width)
    return lay, picture.to_svg(lay)


def test_disputed_records_are_amber_and_flagged_and_the_rest_are_not(timeline):
    _, svg = svg_of(timeline)
    root, rules = ET.fromstring(svg), css_rules(svg)
    marks = [el for el in root.iter() if "event" in el.get("class", "").split()]
    disputed = [el for el in marks if "disputed" in el.get("class", "").split()]
    plain = [el for el in marks if el not in disputed]
    assert disputed and plain
    amber = picture.COLOURS["disputed"]
    for el in disputed:
        assert computed_fill(rules, set(el.get("class").split())) == amber, el.get("data-id")
        assert el.tag == SVG + "path", "a disputed event is the flag mark, not a dot"
    for el in plain:
        assert computed_fill(rules, set(el.get("class").split())) != amber
        assert el.tag == SVG + "circle"
    by_id = timeline.by_id
    for el in disputed:  # as in the terminal, a cell holding a disputed event shows the flag
        assert any(by_id[i].disputes for i in el.get("data-id").split())
    flagged = {i for el in disputed for i in el.get("data-id").split()}
    points = [e for e in timeline.events if not (e.kind == "office" and e.end is not None)]
    assert {e.id for e in points if e.disputes} <= flagged


def test_disputed_races_and_offices_are_marked_too(timeline):
    _, svg = svg_of(timeline)
    root, rules = ET.fromstring(svg), css_rules(svg)
    races = [el for el in root.iter(SVG + "circle") if "race" in el.get("class", "").split()]
    assert len(races) == len(timeline.races)
    assert sum("disputed" in el.get("class") for el in races) == sum(bool(r.disputes) for r in timeline.races)
    bars = [
        el for el in root.iter(SVG + "rect") if "span" in el.get("class", "").split() and el.get("data-key") is None
    ]
    for bar in bars:
        fill = computed_fill(rules, set(bar.get("class").split()))
        assert (fill == picture.COLOURS["disputed"]) == ("disputed" in bar.get("class"))
    flags = [el for el in root.iter(SVG + "path") if el.get("class") == "flag" and el.get("data-key") is None]
    disputed_spans = sum(bool(e.disputes) for e in timeline.events if e.kind == "office" and e.end is not None)
    assert len(flags) == disputed_spans + sum(bool(r.disputes) for r in timeline.races)


def test_the_svg_carries_the_terminal_pictures_legend(timeline):
    lay, svg = svg_of(timeline)
    console = Console(file=io.StringIO(), width=80, color_system=None, no_color=True, highlight=False, markup=False)
    terminal = to_text(picture.to_terminal(lay), console)
    root = ET.fromstring(svg)
    texts = [el.text for el in root.iter(SVG + "text")]
    keys = {el.get("data-key") for el in root.iter() if el.get("data-key")}
    for row in picture.legend(lay):
        for what, symbol, meaning in row:
            assert f"{symbol} {meaning}" in terminal
            assert meaning in texts and what in keys, what


def test_several_events_in_one_cell_are_one_ring_as_in_the_terminal(timeline):
    lay, svg = svg_of(timeline)
    root = ET.fromstring(svg)
    several = [el for el in root.iter(SVG + "circle") if "several" in el.get("class", "").split() and el.get("data-id")]
    expected = sum(
        1
        for lane in lay.lanes
        for found in picture.cells_of(lay, lane).values()
        if len(found) > 1 and not any(e.disputes for e in found)
    )
    assert len(several) == expected > 0
    assert all(len(el.get("data-id").split()) > 1 for el in several)


# --- the CLI as a process -------------------------------------------------------------------------


def test_export_markdown_prints_the_whole_timeline():
    done = run_cli("export", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    for heading in ("## Events and quotes", "## LDP presidential elections", "## Proposals",
                    "## Where sources disagree", "## Sources"):  # fmt: skip
        assert f"\n{heading}\n" in done.stdout, heading
    assert "### 4. 2020-09-14: LDP presidential election after Abe's resignation ⚑" in done.stdout


def test_timeline_svg_dash_has_the_legend_and_amber_flags():
    done = run_cli("timeline", "--svg", "-")
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout)
    assert "several in one cell" in [el.text for el in root.iter(SVG + "text")]
    assert any("disputed" in el.get("class", "") for el in root.iter(SVG + "path"))


def test_timelinejs_carries_every_quote(timeline):
    """An event with several quotes once kept only the first; quotes of no event were left out."""
    from ishiba_cli.render.text import visible

    data = json.loads(run_cli("export", "--format", "timelinejs").stdout)
    text = json.dumps(data, ensure_ascii=False)
    missing = [q.id for q in timeline.quotes if html.escape(visible(q.text), quote=True) not in text]
    assert not missing
    assert len(data["events"]) == len(timeline.events) + len(timeline.races) + sum(
        1 for q in timeline.quotes if q.event is None
    )


def test_timelinejs_race_slides_give_the_result_votes_and_whom_the_race_was_against(timeline):
    data = json.loads(export.timelinejs(timeline, list(timeline.events), list(timeline.races)))
    slides = {s["unique_id"]: s["text"]["text"] for s in data["events"] if s["group"] == "race"}
    assert (
        "<strong>Result:</strong> won, 1st of 9. <strong>Votes:</strong> won 215 to Takaichi Sanae&#x27;s 194 in a runoff."
        in slides["ldp-race-2024"]
    )
    assert (
        "<strong>Result:</strong> lost, 5th of 5. <strong>Votes:</strong> Aso Taro won 351 to Ishiba Shigeru&#x27;s 25."
        in slides["ldp-race-2008"]
    )


def test_timelinejs_sources_are_links_to_their_addresses(timeline):
    data = json.loads(export.timelinejs(timeline, list(timeline.events), list(timeline.races)))
    text = next(s["text"]["text"] for s in data["events"] if s["unique_id"] == "ldp-race-2024")
    race = timeline.by_id["ldp-race-2024"]
    for sid in race.sources:
        url = timeline.by_id[sid].url
        if url:
            assert f'<a href="{url}" target="_blank" rel="noopener">' in text
