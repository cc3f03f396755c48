"""The glossary: a search for one name of a term also finds its other names, in any language."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, run_cli, write_yaml
from ishiba_cli.errors import DataError
from ishiba_cli.load import load_timeline
from ishiba_cli.model import Term
from ishiba_cli.search import Matcher, expand, parse_query

GLOSSARY = (Term("SOFA", ("Status of Forces Agreement", "地位協定")), Term("SDF", ("Self-Defense Forces", "自衛隊")))


def _matches(words, text, glossary=GLOSSARY):
    return Matcher(expand(parse_query(words, phrases=True), glossary)).matches([text])


@pytest.mark.parametrize("word", ["sofa", "SOFA", "ＳＯＦＡ", "status of forces agreement", "地位協定"])
def test_any_name_of_a_term_finds_every_other(word):
    assert _matches([word], "revise the Status of Forces Agreement")
    assert _matches([word], "日米地位協定の改定")
    assert _matches([word], "SOFA revision")


def test_without_the_glossary_only_the_word_matches():
    assert not _matches(["sofa"], "Status of Forces Agreement", glossary=())
    assert not _matches(["sdf"], "the Status of Forces Agreement")


def test_regex_and_case_sensitive_searches_are_not_widened():
    query = parse_query(["sofa"], regex=True)
    assert expand(query, GLOSSARY) == query
    query = parse_query(["sofa"], case_sensitive=True)
    assert expand(query, GLOSSARY) == query


def test_the_highlight_covers_the_other_name():
    matcher = Matcher(expand(parse_query(["sofa"]), GLOSSARY))
    text = "the Status of Forces Agreement"
    ((start, end),) = matcher.spans(text)
    assert text[start:end] == "Status of Forces Agreement"


def test_the_bundled_glossary_has_at_least_fifteen_terms(timeline):
    assert len(timeline.glossary) >= 15
    names = {n for t in timeline.glossary for n in t.names}
    assert {"SOFA", "地位協定", "SDF", "自衛隊", "Asian NATO", "アジア版NATO", "関税"} <= names


def test_quotes_sofa_finds_status_of_forces_agreement_and_exact_turns_it_off(tmp_path):
    path = write_yaml(
        tmp_path,
        MINIMAL
        + "quotes:\n"
        + "  - {id: long-name, text: Revise the Status of Forces Agreement, speaker: test-person, date: 2020,"
        + " occasion: x, sources: [src-a]}\n"
        + "  - {id: japanese-name, text: 日米地位協定を改定する, speaker: test-person, date: 2020, occasion: x,"
        + " sources: [src-a]}\n"
        + "  - {id: other, text: Nothing to do with it, speaker: test-person, date: 2020, occasion: x, sources: [src-a]}\n"
        + "glossary:\n  - {term: SOFA, also: [Status of Forces Agreement, 地位協定]}\n",
    )
    wide = {q["id"] for q in json.loads(run_cli("--data", str(path), "quotes", "sofa", "-f", "json").stdout)}
    exact = {
        q["id"] for q in json.loads(run_cli("--data", str(path), "quotes", "sofa", "--exact", "-f", "json").stdout)
    }
    assert wide == {"long-name", "japanese-name"}
    assert exact == set()


def test_the_bundled_glossary_widens_a_bundled_search():
    wide = json.loads(run_cli("search", "地位協定", "-f", "json").stdout)
    exact = json.loads(run_cli("search", "地位協定", "--exact", "-f", "json").stdout)
    assert len(wide) > len(exact)


def test_japanese_finds_english_records():
    found = json.loads(run_cli("quotes", "地位協定", "-f", "json").stdout)
    assert any("SOFA" in q["text"] for q in found)


def test_explain_says_the_glossary_widened_the_search():
    done = run_cli("quotes", "sofa", "--explain")
    assert "from the glossary" in done.stderr and "Status of Forces Agreement" in done.stderr
    assert "from the glossary" not in run_cli("quotes", "sofa", "--exact", "--explain").stderr


def test_the_cache_answers_glossary_searches_like_the_file(tmp_path):
    path = write_yaml(tmp_path, MINIMAL + "glossary:\n  - {term: Ryukyu, also: [琉球]}\n")
    for _ in range(2):  # the second run answers from the cache
        found = json.loads(run_cli("--data", str(path), "events", "--grep", "琉球", "-f", "json").stdout)
        assert [e["id"] for e in found] == ["later"]


def test_a_name_given_to_two_terms_is_refused(tmp_path):
    path = write_yaml(
        tmp_path, MINIMAL + "glossary:\n  - {term: SOFA, also: [pact]}\n  - {term: Treaty, also: [Pact]}\n"
    )
    with pytest.raises(DataError) as caught:
        load_timeline(path)
    assert "already a name of the glossary term 'SOFA'" in str(caught.value.lines())


def test_a_glossary_term_without_other_names_is_refused(tmp_path):
    path = write_yaml(tmp_path, MINIMAL + "glossary:\n  - {term: SOFA}\n")
    with pytest.raises(DataError):
        load_timeline(path)
