"""export --format html: the page as written, its search under node, and the page in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from chromium import executable
from conftest import ROOT, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.render import html as page_module
from ishiba_cli.search import Matcher, expand, fold, parse_query

OTHER = ROOT / "tests" / "data" / "other-subject.yaml"
PAGE_JS = ROOT / "src" / "ishiba_cli" / "render" / "page.js"
SUBJECT_WORDS = re.compile(r"Ishiba|石破|\bLDP\b", re.IGNORECASE)

#: texts whose folding the page must get exactly as search.fold does
FOLD_CASES = [
    "SOFA", "ＳＯＦＡ", "Ryūkyū", "U.S.-U.K.", "“Asian NATO”", "ﾃｽﾄ", "ガ is not カ", "Straße", "ΣΟΦΊΑ ΟΔΟΣ",
    "İstanbul", "café  au\u00a0lait", "石破茂・地位協定", "ｶﾞｲｱﾂ", "ﬁnance", "Ⅻ", "naïve—résumé", "  spaced\tout\n",
    "don't", "a_b/c\\d", "Ꭰ cherokee ꭰ", "①②", "𝐁𝐨𝐥𝐝", "tab\x1fsep", "Ǆemal", "",
]  # fmt: skip
#: (query typed into the box, text searched): whether it matches must be the CLI's answer
MATCH_CASES = [
    ("alliance", "The Japan-U.S. alliances"), ("alliance", "a realliance"), ("us", "the U.S. side"),
    ("ryukyu", "Ryūkyū Islands"), ('"equal terms"', "on equal terms now"), ('"equal terms"', "equal, terms"),
    ("sofa", "地位協定の改定"), ("地位協定", "Status of Forces Agreement"), ("協定", "日米地位協定"),
    ("okinawa crash", "Okinawa helicopter crash"), ("okinawa crash", "Okinawa only"), ("ＮＡＴＯ", "Asian NATO"),
    ("naive", "naïve"), ("strasse", "Straße"), ("石破", "石破茂"), ("ss", "Straße"),
]  # fmt: skip


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    made = {}
    for name, data in (("ishiba", None), ("other", OTHER)):
        target = folder / f"{name}.html"
        args = (["--data", str(data)] if data else []) + ["export", "--format", "html", "-o", str(target)]
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        made[name] = target
    return made


# ----------------------------------------------------------------------------- the page as written


def test_the_page_fetches_nothing_and_names_its_subject(pages, timeline):
    text = pages["ishiba"].read_text(encoding="utf-8")
    assert "<title>Ishiba Shigeru (石破茂): a sourced timeline</title>" in text
    assert not re.search(r"<script[^>]+src=|<link\b|<img\b|@import|url\(|<iframe", text)
    assert "default-src 'none'" in text  # the browser itself refuses any fetch
    total = sum(
        len(timeline.section(s)) for s in ("events", "races", "quotes", "proposals", "series", "people", "sources")
    )
    assert f'<p id="count" role="status" aria-live="polite">{total} of {total} records</p>' in text


def test_every_record_is_on_the_page_with_its_marks_and_their_key(pages, timeline):
    text = pages["ishiba"].read_text(encoding="utf-8")
    for section in ("events", "races", "quotes", "proposals", "people", "sources"):
        for record in timeline.section(section):
            assert f'id="r-{record.id}"' in text
    disputed = next(e for e in timeline.events if e.disputes)
    article = re.search(rf'<article class="rec ev" id="r-{disputed.id}".*?</article>', text, re.S).group()
    assert "⚑" in article and "Disputed (" in article
    doubtful = next(e for e in timeline.events if e.confidence != "verified")
    article = re.search(rf'<article class="rec ev" id="r-{doubtful.id}".*?</article>', text, re.S).group()
    assert '<span class="mk"' in article and "?" in article
    circa = next(e for e in timeline.events if e.circa)
    assert f"c. {circa.date.iso()}" in re.search(rf'id="r-{circa.id}".*?</article>', text, re.S).group()
    key = re.search(r'<p class="marks-key">(.*?)</p>', text).group(1)
    assert "⚑ the sources disagree" in key and "? plausible" in key and "c. the date is approximate" in key


def test_quotes_always_name_their_speaker_and_races_show_their_tallies(pages, timeline):
    text = pages["ishiba"].read_text(encoding="utf-8")
    quotes = re.findall(r'<article class="rec qt".*?</article>', text, re.S)
    assert len(quotes) == len(timeline.quotes)
    for quote in quotes:
        assert re.search(r'<p class="by">— <a href="#r-[^"]+">[^<]+</a>', quote)
    race = next(r for r in timeline.races if r.runoff)
    article = re.search(rf'id="r-{race.id}".*?</article>', text, re.S).group()
    assert article.count('<table class="tally">') == len(race.rounds)
    for tally in race.rounds[-1].tallies:
        assert f'<td class="num">{tally.votes}</td>' in article
    proposal = timeline.proposals[0]
    article = re.search(rf'id="r-{proposal.id}".*?</article>', text, re.S).group()
    for field in ("rationale", "assessment", "outcome"):
        assert f"<dt>{field}</dt>" in article


def test_sources_are_citations_with_links(pages, timeline):
    text = pages["ishiba"].read_text(encoding="utf-8")
    source = next(s for s in timeline.sources if s.url and s.title)
    item = re.search(rf'<li class="rec so" id="r-{source.id}".*?</li>', text, re.S).group()
    assert source.publisher in item.replace("&amp;", "&") and f'href="{source.url.replace("&", "&amp;")}"' in item


def test_another_subject_gets_its_own_page(pages):
    text = pages["other"].read_text(encoding="utf-8")
    assert "<title>Maren Holt: a sourced timeline</title>" in text and "<h1>Maren Holt</h1>" in text
    assert not SUBJECT_WORDS.search(text)


def test_data_cannot_break_out_of_the_markup_or_the_script(tmp_path):
    hostile = '</script><script>alert(1)</script><b onmouseover="x">\u2028'
    document = {  # JSON is YAML: the data's strings written with JSON's escapes
        "schema_version": 1,
        "subject": {"name": f"Test {hostile}", "name_western": "Test", "person": "t"},
        "sources": [{"id": "s", "title": "T <i>", "publisher": "P & Q", "kind": "news", "date": "2020",
                     "url": 'https://example.org/x?a="><u>'}],
        "people": [{"id": "t", "name": f"Test {hostile}", "roles": ["x"]}],
        "events": [{"id": "e", "date": "2020", "title": hostile, "kind": "party", "summary": f"S {hostile}",
                    "sources": ["s"], "people": ["t"]}],
    }  # fmt: skip
    path = write_yaml(tmp_path, json.dumps(document))
    done = run_cli("--data", str(path), "export", "-f", "html")
    assert done.returncode == 0, done.stderr
    page = done.stdout
    assert "<script>alert" not in page and "<b onmouseover" not in page and "<i>" not in page
    assert page.count("</script>") == 2  # the data's and the code's, nothing else
    assert "\u2028" not in page and "<u>" not in page and 'href="https://example.org/x?a=&quot;&gt;&lt;u&gt;"' in page
    data = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data)["records"][0][1][0] == fold(hostile)  # the escapes read back as the data


# ----------------------------------------------------------------------------- the search, under node

node = shutil.which("node")


def _python_answers() -> dict:
    glossary = query_glossary()
    matches = []
    for typed, text in MATCH_CASES:
        q = expand(parse_query(typed), glossary)
        matches.append(Matcher(q).matches([text]))
    return {"fold": [fold(t) for t in FOLD_CASES], "match": matches}


def query_glossary():
    from ishiba_cli.load import bundled_path, load_timeline

    return load_timeline(bundled_path()).glossary


RUN_CASES = """(() => {
  const S = Searching(DATA.tables);
  return JSON.stringify({
    fold: DATA.fold.map(S.fold),
    match: DATA.match.map(([typed, text]) => S.matcher(S.expand(S.parse(typed), DATA.glossary))(S.fold(text))),
  });
})()"""


def _cases() -> dict:
    return {"tables": page_module.folding_tables(), "glossary": [list(g.names) for g in query_glossary()],
            "fold": FOLD_CASES, "match": MATCH_CASES}  # fmt: skip


@pytest.mark.skipif(node is None, reason="needs node to run the page's script outside a browser")
def test_the_pages_search_folds_and_matches_as_the_cli_does_under_node():
    program = f"const {{Searching}} = require({json.dumps(str(PAGE_JS))});\nconst DATA = {json.dumps(_cases())};\n"
    program += f"process.stdout.write({RUN_CASES});"
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expected = _python_answers()
    assert list(zip(FOLD_CASES, got["fold"], strict=True)) == list(zip(FOLD_CASES, expected["fold"], strict=True))
    assert list(zip(MATCH_CASES, got["match"], strict=True)) == list(zip(MATCH_CASES, expected["match"], strict=True))
    assert any(expected["match"]) and not all(expected["match"])  # the cases can tell a wrong port


def test_the_casefold_table_gives_pythons_casefold():
    table = page_module.folding_tables()["casefold"]
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        lowered = ch.lower()
        assert "".join(table.get(c, c) for c in lowered) == ch.casefold(), ch


# ----------------------------------------------------------------------------- in a real browser

needs_chromium = pytest.mark.skipif(
    executable() is None, reason="needs Chromium (Debian: apt-get install chromium; .ci/run installs it)"
)


def _expected_count(timeline, words: str) -> int:
    matcher = Matcher(expand(parse_query(words.split()), timeline.glossary))
    return sum(len(v) for v in query.search_all(timeline, matcher).values())


@needs_chromium
def test_count_before_and_after_a_search_in_the_address(browser, pages, timeline):
    total = sum(
        len(timeline.section(s)) for s in ("events", "races", "quotes", "proposals", "series", "people", "sources")
    )
    page = browser.open(pages["ishiba"].as_uri())
    assert page.evaluate("document.querySelector('#count').textContent") == f"{total} of {total} records"
    assert page.evaluate("document.title") == "Ishiba Shigeru (石破茂): a sourced timeline"
    searched = browser.open(pages["ishiba"].as_uri() + "?" + urllib.parse.urlencode({"q": "okinawa crash"}))
    expected = _expected_count(timeline, "okinawa crash")
    assert 0 < expected < total
    assert searched.evaluate("document.querySelector('#q').value") == "okinawa crash"
    assert searched.evaluate("document.querySelector('#count').textContent") == f"{expected} of {total} records"
    shown = searched.evaluate("document.querySelectorAll('#records [data-r]').length")
    assert shown == expected
    for opened in (page, searched):
        assert opened.remote_requests() == []
        assert opened.errors == []


@needs_chromium
def test_search_as_you_type_by_keyboard_with_facets(browser, pages, timeline):
    page = browser.open(pages["ishiba"].as_uri())
    page.key("/", "Slash", "/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.type("sofa")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    total = sum(
        len(timeline.section(s)) for s in ("events", "races", "quotes", "proposals", "series", "people", "sources")
    )
    assert page.evaluate("document.querySelector('#count').textContent") == (
        f"{_expected_count(timeline, 'sofa')} of {total} records"
    )
    assert "q=sofa" in page.evaluate("location.search")  # the address shares the search
    page.key("Escape")
    assert page.evaluate("document.querySelector('#q').value") == ""
    year = 2024
    page.evaluate(f"(s => {{ s.value = '{year}'; s.dispatchEvent(new Event('change')); }})"
                  "(document.querySelector('select[data-facet=year]'))")  # fmt: skip
    in_year = sum(1 for s in ("events", "races", "quotes", "series", "sources") for r in timeline.section(s)
                  if getattr(r, "date", None) is not None and r.date.year == year)  # fmt: skip
    assert page.evaluate("document.querySelector('#count').textContent") == f"{in_year} of {total} records"
    assert page.errors == [] and page.remote_requests() == []


@needs_chromium
def test_a_long_page_shows_its_lists_a_part_at_a_time(browser, timeline, tmp_path, monkeypatch):
    monkeypatch.setattr(page_module, "INLINE_LIMIT", 100)  # the bundled timeline made "long"
    monkeypatch.setattr(page_module, "PAGE_SIZE", 25)
    target = tmp_path / "long.html"
    assert run_cli("export", "-f", "html", "-o", str(target)).returncode == 0
    assert '<template id="stock">' in target.read_text(encoding="utf-8")
    total = sum(
        len(timeline.section(s)) for s in ("events", "races", "quotes", "proposals", "series", "people", "sources")
    )
    page = browser.open(target.as_uri())
    assert page.evaluate("document.querySelector('#count').textContent") == f"{total} of {total} records"
    events = "document.querySelectorAll('#events [data-r]').length"
    assert page.evaluate(events) == 25
    assert page.evaluate("document.querySelector('#events .more').textContent").startswith(
        f"Showing the first 25 of {len(timeline.events)}. Show 25 more"
    )
    page.evaluate("document.querySelector('#events .show-more').click()")
    assert page.evaluate(events) == 50
    last = query.by_date(timeline.events)[-1].id  # a link to a record not shown yet brings it in
    assert page.evaluate(f"document.getElementById('r-{last}')") is None
    followed = (  # the page's own hashchange listener, added first, has run when this one runs
        f"new Promise(r => {{ addEventListener('hashchange', () => r(document.getElementById('r-{last}') !== null),"
        f" {{once: true}}); location.hash = '#r-{last}'; }})"
    )
    assert page.evaluate(followed)
    expected = _expected_count(timeline, "okinawa crash")
    assert page.evaluate("timelineSearch('okinawa crash')") == f"{expected} of {total} records"
    assert page.evaluate("document.querySelectorAll('#records [data-r]').length") == expected  # each list < 25
    assert page.errors == [] and page.remote_requests() == []


@needs_chromium
def test_the_page_fits_a_phone(browser, pages):
    page = browser.open(pages["ishiba"].as_uri(), width=375, height=740, mobile=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("document.querySelector('#q').getBoundingClientRect().width") > 150
    assert page.errors == []


@needs_chromium
def test_the_browser_folds_as_python_does(browser, pages):
    page = browser.open(pages["other"].as_uri())
    got = json.loads(page.evaluate(f"(() => {{ const DATA = {json.dumps(_cases())}; return {RUN_CASES}; }})()"))
    expected = _python_answers()
    assert list(zip(FOLD_CASES, got["fold"], strict=True)) == list(zip(FOLD_CASES, expected["fold"], strict=True))
    assert list(zip(MATCH_CASES, got["match"], strict=True)) == list(zip(MATCH_CASES, expected["match"], strict=True))
    assert page.evaluate("document.title") == "Maren Holt: a sourced timeline"
    assert page.errors == [] and page.remote_requests() == []


def test_page_module_has_its_assets():
    here = Path(page_module.__file__).parent
    assert (here / "page.js").is_file() and (here / "page.css").is_file()
