"""Quotes in their passage and archive snapshots (issue 18): the rules ``check`` applies, as pure
functions, through the loader, through the CLI, and as checks of the curated data."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT, run_cli, write_yaml
from ishiba_cli.errors import DataError
from ishiba_cli.load import load_timeline
from ishiba_cli.spec import missing_from_passage, snapshot_time

OTHER = ROOT / "tests" / "data" / "other-subject.yaml"
QUOTE = "    text: A second attempt is a promise kept.\n"
SOURCE = "    url: https://example.org/ledger/2009/04/18/holt-wins\n"


# --- the passage rule, as a pure function -------------------------------------------------------


@pytest.mark.parametrize(
    "words, passage",
    [
        ("A second attempt is a promise kept.", "She said: “A second attempt is a promise kept,” and left."),
        ("a SECOND attempt—is a promise", "She said a second attempt - is a promise"),  # folded as search folds
        ("We will … act", "We will, of course, act now."),  # an ellipsis stands for words
        ("We will ... act", "We will, of course, act now."),
        ("[The union] will act", "It will act now."),  # a bracketed insertion for what the passage has
        ("and [the creation of] more formal institutions", "and more formal institutions"),  # or for nothing
        ("Ryukyu's bases", "the Ryūkyū’s bases"),  # accents and curly apostrophes
        ("議論はしないといけない。…「持ち込ませない」", "石破氏は「議論はしないといけない。非核三原則の「持ち込ませない」"),
        ("持ち込ませない", "非核三原則の「持ち込ませない」ということ"),  # Japanese has no spaces: inside a sentence
    ],
)  # fmt: skip
def test_words_the_passage_holds_pass(words, passage):
    assert missing_from_passage(words, passage) is None


@pytest.mark.parametrize(
    "words, passage, missing",
    [
        ("A second attempt is a promise kept.", "A second try is a promise kept.", "A second attempt is a promise kept."),
        ("the nation", "the nations are strong", "the nation"),  # a word cut short is not the word
        ("nation will act", "the international will act", "nation will act"),  # nor a word's tail
        ("We will … act … today", "We will act tomorrow", "today"),  # each piece, in order
        ("act … We will", "We will act", "We will"),  # stitched out of order
        ("持ち込ませない。議論は", "議論はしないといけない。持ち込ませない", "持ち込ませない。議論は"),
    ],
)  # fmt: skip
def test_words_the_passage_does_not_hold_are_named(words, passage, missing):
    assert missing_from_passage(words, passage) == missing


# --- the archive rule, as a pure function -------------------------------------------------------


def test_snapshot_addresses_and_their_times():
    assert snapshot_time("https://web.archive.org/web/20241003120000/https://example.org/a") == dt.datetime(
        2024, 10, 3, 12, 0, 0
    )
    assert snapshot_time("https://web.archive.org/web/20241003120000id_/https://example.org/a").day == 3
    assert snapshot_time("https://archive.ph/2024.10.03-120000/https://example.org/a").month == 10
    assert snapshot_time("https://archive.today/20241003120000/https://example.org/a").year == 2024
    assert snapshot_time("https://archive.is/AbC12") is None  # a short address names no time
    for not_a_snapshot in (
        "https://web.archive.org/web/2024/https://example.org/a",  # a search, not a snapshot
        "https://web.archive.org/web/*/https://example.org/a",
        "https://example.org/a",
        "https://web.archive.org/web/20241399120000/https://example.org/a",  # month 13
    ):
        assert snapshot_time(not_a_snapshot) is False, not_a_snapshot


# --- through the loader and the CLI -------------------------------------------------------------


def _timeline(tmp_path, *pairs):
    text = OTHER.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write_yaml(tmp_path, text)


def _problems(path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_timeline(path)
    return caught.value.lines()


def test_a_quote_in_its_passage_is_valid(tmp_path):
    path = _timeline(
        tmp_path, (QUOTE, QUOTE + "    passage: Holt told members “A second attempt is a promise kept.”\n")
    )
    assert load_timeline(path).by_id["second-attempt"].passage.startswith("Holt told")


def test_check_refuses_a_quote_its_passage_does_not_hold_naming_quote_and_field(tmp_path):
    path = _timeline(tmp_path, (QUOTE, QUOTE + "    passage: Holt told members a second try was a promise kept.\n"))
    (line,) = [p for p in _problems(path) if "passage" in p]
    assert "quotes[0].text:" in line and "'second-attempt'" in line and "A second attempt" in line
    done = run_cli("check", str(path))
    assert done.returncode == 3 and "quote 'second-attempt': its text is not in its passage" in done.stderr


def test_a_japanese_passage_is_compared_with_the_original(tmp_path):
    original = "    original: 二度目の挑戦は約束を守ることだ。\n"
    good = _timeline(
        tmp_path, (QUOTE, QUOTE + original + "    passage: 彼女は「二度目の挑戦は約束を守ることだ。」と述べた。\n")
    )
    load_timeline(good)
    bad = _timeline(tmp_path, (QUOTE, QUOTE + original + "    passage: 彼女は「二度目の挑戦だ。」と述べた。\n"))
    assert any("quotes[0].original:" in p and "its original is not in its passage" in p for p in _problems(bad))
    untranslated = _timeline(tmp_path, (QUOTE, QUOTE + "    passage: 彼女は「二度目の挑戦だ。」と述べた。\n"))
    assert any("give the Japanese words in 'original'" in p for p in _problems(untranslated))


@pytest.mark.parametrize(
    "lines, field, words",
    [
        ("    archive_url: https://example.org/copy/holt-wins\n", "archive_url", "is not a web-archive snapshot"),
        ("    archive_url: https://web.archive.org/web/2009/https://example.org/a\n", "archive_url",
         "is not a web-archive snapshot"),
        ("    archive_url: https://web.archive.org/web/20090419080000/https://example.org/a\n    archive_date: 2010-04\n",
         "archive_date", "the snapshot was taken on 2009-04-19 (its address says so), not in 2010-04"),
        ("    archive_date: 2009-04-19\n", "archive_date", "there is no archive_url"),
    ],
)  # fmt: skip
def test_check_refuses_an_archive_that_is_not_a_dated_snapshot(tmp_path, lines, field, words):
    path = _timeline(tmp_path, (SOURCE, SOURCE + lines))
    hit = [p for p in _problems(path) if words in p]
    assert hit and f"sources[0].{field}:" in hit[0], hit


@pytest.mark.parametrize(
    "lines",
    [
        "    archive_url: https://web.archive.org/web/20090419080000/https://example.org/a\n    archive_date: 2009-04\n",
        "    archive_url: https://archive.ph/2009.04.19-080000/https://example.org/a\n    archive_date: 2009-04-19\n",
        "    archive_url: https://archive.ph/AbC12\n    archive_date: 2009-04-19\n",
    ],
)  # fmt: skip
def test_a_snapshot_of_its_date_is_valid(tmp_path, lines):
    load_timeline(_timeline(tmp_path, (SOURCE, SOURCE + lines)))


# --- the curated data ---------------------------------------------------------------------------


def test_nearly_every_quote_carries_its_passage_and_the_rest_say_why(timeline):
    quotes = list(timeline.quotes)
    without = [q for q in quotes if not q.passage]
    assert len(without) <= len(quotes) * 0.05, f"{len(without)} of {len(quotes)} quotes have no passage"
    unexplained = [q.id for q in without if "passage" not in (q.note or "").lower()]
    assert not unexplained, f"quotes without a passage whose note does not say why: {unexplained}"
