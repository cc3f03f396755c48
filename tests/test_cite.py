"""Citations that cite the original and say what they cite (issue 18): sources by role, a quote
cited as a quote, untitled works by their description, the copy read as "read via", CSL-JSON
through citeproc-py. Pure functions first, then rendered output, then the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.dates import parse_date
from ishiba_cli.model import Dispute, Event, Source, Via
from ishiba_cli.render import CITATIONS, cite, csl, views

OTHER = ROOT / "tests" / "data" / "other-subject.yaml"
TEXT_STYLES = ["apa", "chicago", "mla", "bibtex"]

UNTITLED = Source(
    "nhk-text",
    description="NHK text on the first news conference",
    publisher="NHK",
    kind="news",
    date=parse_date("2024-10"),
    url="https://www3.nhk.or.jp/news/html/20241001/k1.html",
    via=Via("https://english-tools.example/readings/1", "a language-learning site's copy"),
)
JAPANESE = Source(
    "ntv", "首相肝いり「アジア版NATO構想」など議論", "NTV News", "news", parse_date("2024-11-28"),
    title_translated="Asian NATO idea, the PM's pet project, among topics debated", language="ja",
)  # fmt: skip


# --- pure functions -----------------------------------------------------------------------------


def _event(*disputes) -> Event:
    return Event("e", parse_date("2020"), "E", "party", "S.", ("a", "b", "c"), disputes=disputes)


def test_roles_put_a_source_the_record_calls_wrong_apart_from_its_support():
    record = _event(
        Dispute("Lost in 2020.", ("c", "d"), "Won.", ("b", "e"), "contradicted"),
        Dispute("Left in 1994.", ("f",), "1993.", ("e",), "conflicting"),
    )
    assert query.source_roles(record) == [("supports", ["a", "b", "e"]), ("disputed", ["c", "d"]),
                                          ("conflicting", ["f"])]  # fmt: skip


def test_a_source_called_wrong_anywhere_is_disputed_even_if_it_reports_both_elsewhere():
    record = _event(
        Dispute("X.", ("d",), "Y.", ("d", "a"), "conflicting"),
        Dispute("Z.", ("d",), "W.", ("a",), "simplified"),
    )
    assert dict(query.source_roles(record))["disputed"] == ["d"]
    assert "conflicting" not in dict(query.source_roles(record))


@pytest.mark.parametrize("style", ["apa", "chicago", "mla"])
def test_an_untitled_work_is_cited_by_its_description_in_brackets(style):
    text = getattr(cite, style)(UNTITLED)
    assert "[NHK text on the first news conference]" in text
    assert "“" not in text, "a description is not a title: no quotation marks"
    assert "english-tools" not in text, "the copy read is never the cited address"


def test_an_untitled_work_in_bibtex_and_csl():
    assert "title = {{[NHK text on the first news conference]}}" in cite.bibtex(UNTITLED)
    item = csl.item(UNTITLED)
    assert item["title"] == "[NHK text on the first news conference]" and item["URL"] == UNTITLED.url


def test_one_line_citations_cite_the_description_and_the_original():
    assert views.cite(UNTITLED) == (
        "NHK, [NHK text on the first news conference], 2024-10. https://www3.nhk.or.jp/news/html/20241001/k1.html"
    )


def test_a_translated_title_follows_in_brackets():
    assert cite.apa(JAPANESE).startswith(
        "首相肝いり「アジア版NATO構想」など議論 [Asian NATO idea, the PM's pet project, among topics debated]. (2024,"
    )
    assert "” [Asian NATO idea, the PM's pet project, among topics debated]. NTV News" in cite.chicago(JAPANESE)
    assert "titleaddon = {[Asian NATO idea" in cite.bibtex(JAPANESE)
    assert "language = {ja}" in cite.bibtex(JAPANESE)
    assert views.cite(JAPANESE).startswith("NTV News, “首相肝いり「アジア版NATO構想」など議論” [Asian NATO")


@pytest.mark.parametrize(
    "kind, written, parts",
    [("news", "2024", [2024]), ("think-tank", "2024-10", [2024, 10]), ("blog", "2024-10-03", [2024, 10, 3])],
)
def test_csl_items_keep_the_precision_written_and_map_the_kind(kind, written, parts):
    item = csl.item(Source("s", "T", "P", kind, parse_date(written)))
    assert item["issued"] == {"date-parts": [parts]}
    assert item["type"] == {"news": "article-newspaper", "think-tank": "report", "blog": "post-weblog"}[kind]


def test_csl_items_carry_the_archive_the_access_date_and_the_language():
    source = UNTITLED._replace(
        archive_url="https://web.archive.org/web/20241003120000/https://www3.nhk.or.jp/news/html/20241001/k1.html",
        archive_date=parse_date("2024-10-03"),
        accessed=parse_date("2024-10-05"),
        language="ja",
    )
    item = csl.item(source)
    assert item["archive"] == "Internet Archive" and item["archive_location"] == source.archive_url
    assert item["accessed"] == {"date-parts": [[2024, 10, 5]]} and item["language"] == "ja"


# --- the bundled timeline, through the CLI ------------------------------------------------------

DIPLOMAT = "The Diplomat (Tokyo Report)"


def _groups(text: str) -> dict[str, str]:
    """A text style's output cut at its headings: heading -> what follows it."""
    parts = re.split(r"^(?:% )?(.*\):)$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize("style", TEXT_STYLES)
def test_the_diplomat_is_cited_as_disputing_ldp_race_2020_in_every_style(style):
    done = run_cli("cite", "ldp-race-2020", "--style", style)
    assert done.returncode == 0, done.stderr
    groups = _groups(done.stdout)
    supports = groups["Sources that support it (ldp-race-2020):"]
    disputed = groups["Sources it says are wrong or simplify it (ldp-race-2020):"]
    assert ("diplomat-2024-10" if style == "bibtex" else DIPLOMAT) in disputed
    assert DIPLOMAT not in supports and "diplomat-2024-10" not in supports


@pytest.mark.parametrize("style", ["json", "csl-json"])
def test_the_diplomat_is_disputing_ldp_race_2020_in_json(style):
    items = json.loads(run_cli("cite", "ldp-race-2020", "--style", style).stdout)
    roles = {i["id"]: i["role"] if style == "json" else i["custom"]["role"] for i in items}
    assert roles["diplomat-2024-10"] == "disputed"
    assert roles["wikipedia-ldp-2020"] == "supports"
    assert set(roles.values()) == {"supports", "disputed"}


def test_a_source_the_record_says_reports_both_accounts_is_listed_so():
    items = json.loads(run_cli("cite", "leaves-ldp", "--style", "json").stdout)
    roles = {i["id"]: i["role"] for i in items}
    assert roles["mirror-de-wikipedia-ishiba"] == "conflicting"
    assert roles["mirror-en-wikipedia-ishiba"] == "supports"


@pytest.mark.parametrize("style", [*TEXT_STYLES, "json", "csl-json"])
def test_a_quote_is_cited_as_a_quote_with_its_speaker(style, timeline):
    done = run_cli("cite", "kritenbrink-too-early-quote", "--style", style)
    quote = timeline.by_id["kritenbrink-too-early-quote"]
    blocks = done.stdout.split("\n\n")
    head = {"json": done.stdout, "csl-json": done.stdout, "bibtex": "\n\n".join(blocks[:2])}.get(style, blocks[0])
    assert "Daniel Kritenbrink" in head
    if style == "json":
        first = json.loads(done.stdout)[0]
        assert first["role"] == "quote" and first["speaker"]["name"] == "Daniel Kritenbrink"
        assert first["occasion"] == quote.occasion and first["date"] == "2024-09-17"
        assert first["quoted_in"] == quote.sources[0]
    elif style == "apa":
        line = head.splitlines()[1]
        assert line.startswith("Daniel Kritenbrink. (2024, September 17). “It's too early")
        assert f"[{quote.occasion}]. Quoted in: 'Too early' for an Asian NATO" in line


def test_an_approximate_date_is_said_to_be_one_in_every_style():
    texts = {
        style: run_cli("cite", "sovereign-nation", "--style", style).stdout for style in ["apa", "json", "csl-json"]
    }
    assert "Ishiba Shigeru. (c. 2024, September). “sovereign nation”" in texts["apa"]
    assert json.loads(texts["json"])[0]["circa"] is True
    assert json.loads(texts["csl-json"])[0]["issued"] == {"date-parts": [[2024, 9]], "circa": True}


def test_the_quote_cited_in_bibtex_parses_with_its_speaker_as_author():
    from pybtex.database import parse_string

    db = parse_string(run_cli("cite", "kritenbrink-too-early-quote", "--style", "bibtex").stdout, "bibtex")
    entry = db.entries["kritenbrink-too-early-quote"]
    assert str(entry.persons["author"][0]) == "{Daniel Kritenbrink}"
    assert "rfa-2024-09-17-kritenbrink" in db.entries


def test_export_csl_json_gives_every_source_once(timeline):
    items = json.loads(run_cli("export", "--format", "csl-json").stdout)
    assert [i["id"] for i in items] == [s.id for s in timeline.sources]
    by_id = {i["id"]: i for i in items}
    assert by_id["diplomat-2024-10"]["issued"] == {"date-parts": [[2024, 10]]}, "a month stays a month"
    assert "issued" not in by_id["wikipedia-ldp-2020"], "no date is never a guessed one"
    assert by_id["wikipedia-ldp-2020"]["type"] == "entry-encyclopedia"


def test_a_filtered_csl_export_gives_the_sources_its_records_cite(timeline):
    items = json.loads(run_cli("export", "--format", "csl-json", "--year", "2020").stdout)
    chosen = [e for e in timeline.events if e.date.year == 2020 or (e.end and e.date.year <= 2020 <= e.end.year)]
    assert items and {i["id"] for i in items} <= {s.id for s in timeline.sources}
    assert chosen[0].sources[0] in {i["id"] for i in items}


def test_every_bundled_source_renders_through_citeproc_with_its_title_and_date(timeline):
    pytest.importorskip("citeproc")
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(run_cli("export", "--format", "csl-json").stdout)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # the style citeproc-py bundles
    by_id = {s.id: s for s in timeline.sources}
    for item in items:
        bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bib.register(Citation([CitationItem(item["id"].lower())]))
        text = str(bib.bibliography()[0])
        source = by_id[item["id"]]
        assert " ".join(source.heading.split())[:40] in " ".join(text.split()), (item["id"], text)
        assert (str(source.date.year) if source.date else "(no date)") in text, (item["id"], text)


def test_cite_csl_renders_a_csl_style_file(tmp_path):
    pytest.importorskip("citeproc")
    import citeproc

    styles = sorted((Path(citeproc.__file__).parent / "data" / "styles").glob("*.csl"))
    done = run_cli("cite", "ldp-race-2020", "--csl", str(styles[0]))
    assert done.returncode == 0, done.stderr
    groups = _groups(done.stdout)
    assert "The Diplomat" in groups["Sources it says are wrong or simplify it (ldp-race-2020):"]
    assert "2020 Liberal Democratic Party presidential election" in done.stdout


def test_cite_csl_and_style_together_are_refused_not_one_ignored(tmp_path):
    done = run_cli("cite", "ldp-race-2020", "--style", "mla", "--csl", str(tmp_path / "a.csl"))
    assert done.returncode == 2 and "give one of them" in done.stderr and done.stdout == ""


def test_cite_csl_says_what_is_wrong_with_a_file(tmp_path):
    missing = run_cli("cite", "ldp-race-2020", "--csl", str(tmp_path / "nope.csl"))
    assert missing.returncode == 2 and "--csl" in missing.stderr and "Traceback" not in missing.stderr
    bad = tmp_path / "bad.csl"
    bad.write_text("not a style", encoding="utf-8")
    done = run_cli("cite", "ldp-race-2020", "--csl", str(bad))
    assert done.returncode == 2 and "not a CSL style" in done.stderr and done.stdout == ""


def test_cite_csl_without_citeproc_says_how_to_install_it(monkeypatch, tmp_path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "citeproc" else real(name, *a))
    done = run_cli("cite", "ldp-race-2020", "--csl", str(tmp_path / "apa.csl"))
    assert done.returncode == 2 and "pip install 'ishiba[csl]'" in done.stderr


def test_every_style_is_in_the_one_registry():
    assert {"apa", "chicago", "mla", "bibtex", "json", "csl-json"} <= set(CITATIONS)


# --- another subject, with an untitled source read in a copy -------------------------------------

GAZETTE = """  - id: gazette-2009
    title: "[profile] Maren Holt"
    publisher: Example Gazette
    kind: encyclopedia
"""
UNTITLED_GAZETTE = """  - id: gazette-2009
    description: Profile of Maren Holt
    publisher: Example Gazette
    kind: encyclopedia
    url: https://example.org/gazette/holt
    via: {url: https://mirror.example.net/gazette/holt, note: a mirror of the Gazette's site}
    archive_url: https://web.archive.org/web/20090501000000/https://example.org/gazette/holt
    archive_date: 2009-05-01
    accessed: 2024-10-03
    language: en
"""
DISPUTE = """    summary: Loses narrowly to Brandt in her first bid.
    disputes:
      - {claim: She lost by ten votes., claimed_by: [gazette-2009], finding: She lost by 24 votes.,
         supported_by: [ledger-2005-10-02], status: simplified}
"""


@pytest.fixture
def holt(tmp_path):
    text = OTHER.read_text(encoding="utf-8")
    assert GAZETTE in text
    text = text.replace(GAZETTE, UNTITLED_GAZETTE).replace(
        "    summary: Loses narrowly to Brandt in her first bid.\n", DISPUTE
    )
    return str(write_yaml(tmp_path, text))


def test_chicago_ends_the_quoted_words_with_one_comma_inside_the_marks():
    done = run_cli("--data", str(OTHER), "cite", "second-attempt", "--style", "chicago")
    assert (
        "Maren Holt, “A second attempt is a promise kept,” Victory speech after the ballot, April 18, 2009."
        in done.stdout
    )


def test_other_subject_cites_read_right():
    done = run_cli("--data", str(OTHER), "cite", "second-attempt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("Maren Holt. (2009, April 18). “A second attempt is a promise kept.”")
    assert "Holt wins Civic Union leadership at second attempt" in done.stdout
    assert "Ishiba" not in done.stdout and "LDP" not in done.stdout


@pytest.mark.parametrize("style", TEXT_STYLES)
def test_an_untitled_source_read_in_a_copy_is_cited_by_description_and_original(holt, style):
    done = run_cli("--data", holt, "cite", "union-race-2005", "--style", style)
    assert done.returncode == 0, done.stderr
    disputed = _groups(done.stdout)["Sources it says are wrong or simplify it (union-race-2005):"]
    assert "[Profile of Maren Holt]" in disputed
    assert "example.org/gazette/holt" in disputed and "mirror.example.net" not in done.stdout


def test_the_copy_read_is_shown_where_there_is_room(holt):
    detail = " ".join(run_cli("--data", holt, "show", "gazette-2009", env={"COLUMNS": "250"}).stdout.split())
    assert detail.startswith("source gazette-2009 [Profile of Maren Holt]")
    assert "read via a mirror of the Gazette's site: https://mirror.example.net/gazette/holt" in detail
    assert "archived https://web.archive.org/web/20090501000000/" in detail and "accessed 2024-10-03" in detail
    markdown = run_cli("--data", holt, "show", "maren-holt", "--format", "markdown").stdout
    assert (
        "Example Gazette, \\[Profile of Maren Holt\\], n.d. <https://example.org/gazette/holt>; "
        "read via a mirror of the Gazette's site: <https://mirror.example.net/gazette/holt>"
    ) in markdown
    data = json.loads(run_cli("--data", holt, "cite", "maren-holt", "--style", "json").stdout)
    assert data[0]["via"] == {
        "url": "https://mirror.example.net/gazette/holt",
        "note": "a mirror of the Gazette's site",
    }


@pytest.mark.parametrize("columns", ["40", "250"])
def test_an_untitled_source_is_named_by_its_description_everywhere(holt, columns):
    env = {"COLUMNS": columns}
    flat = {
        " ".join(args): " ".join(run_cli("--data", holt, *args, env=env).stdout.split())
        for args in (["sources"], ["show", "maren-holt"], ["export", "--format", "timelinejs"],
                     ["export", "--format", "markdown"], ["search", "Profile of Maren"])
    }  # fmt: skip
    for name, text in flat.items():
        assert re.search(r"\\?\[Profile of Maren Holt\\?\]", text), name
        assert "None" not in text, name
