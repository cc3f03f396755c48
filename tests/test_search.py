import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ishiba_cli.errors import UsageError
from ishiba_cli.search import Matcher, fold, fold_with_map, parse_query


def matches(words, text, **kw):
    return Matcher(parse_query(words, **kw)).matches([text])


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("ryukyu", "Ryūkyū Islands"),
        ("ＳＯＦＡ", "revise SOFA now"),
        ("sofa", "ＳＯＦＡ"),
        ("US", "the U.S. alliance"),
        ("u.s.", "US forces"),
        ("us-uk", "the U.S.-U.K. alliance"),
        ("japan's", "Japan’s foreign policy"),
        ("alliance", "Alliances matter"),
        ("石破", "石破茂 (Ishiba)"),
        ("カク", "ﾊﾝｶｸ"),
        ("long-term", "long–term view"),
    ],
)
def test_folding_finds_what_people_mean(query, text):
    assert matches([query], text)


def test_words_match_at_the_start_of_a_word():
    assert not matches(["us"], "thus it was")
    assert not matches(["nato"], "senatorial")


def test_all_words_must_match_by_default_and_any_switches_to_or():
    assert matches(["asian", "nato"], "An Asian NATO")
    assert not matches(["asian", "sofa"], "An Asian NATO")
    assert matches(["asian", "sofa"], "An Asian NATO", any_term=True)


@pytest.mark.parametrize("phrase", ['"equal terms"', "“equal terms”"])
def test_quoted_phrases_match_as_phrases(phrase):
    assert matches([phrase], "on equal terms with the U.S.")
    assert not matches([phrase], "terms that are equal")


def test_regex_and_case_sensitive_modes():
    assert matches([r"\bSOFA\b"], "revise sofa", regex=True)
    assert not matches([r"\bSOFA\b"], "revise sofa", regex=True, case_sensitive=True)
    assert not matches(["sofa"], "revise SOFA", case_sensitive=True)


def test_an_invalid_regex_is_a_usage_error():
    with pytest.raises(UsageError, match="invalid regular expression"):
        parse_query(["(unclosed"], regex=True)


def test_a_query_of_only_punctuation_is_a_usage_error():
    with pytest.raises(UsageError, match="no letters or digits"):
        parse_query(["--", "..."])


def test_spans_point_into_the_original_text():
    text = "Revising SOFA will strengthen the Japan-U.S. alliance."
    spans = Matcher(parse_query(["sofa", "japan"])).spans(text)
    assert [text[a:b] for a, b in spans] == ["SOFA", "Japan"]


def test_fold_map_has_one_origin_per_folded_character():
    folded, origin = fold_with_map("Ｒyūkyū  U.S.")
    assert len(folded) == len(origin)
    assert folded == "ryukyu us"


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(texts)
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéüÜＡＢ石破", min_size=1, max_size=8), min_size=1, max_size=6)
)
def test_a_record_matches_a_query_made_of_words_from_its_own_text(words):
    text = " ".join(words)
    chosen = words[: max(1, len(words) // 2)]
    assert Matcher(parse_query(chosen)).matches([text])


# fold() finds a record, fold_with_map() places the highlight and the "matched in" spans: they must
# agree, or a record could match with nothing to show why (issue 22 point 2)
_ALPHABET = (
    "abcXYZ019 .,'’-–—/()~～〜「」、。・ｰｶｷﾞﾟｱガパかがカ\u3099\u309a石破茂地位協定ūŌéÉçñÅ\u0301\u0308ＳＯＦＡ１２ﬁ™½İß"
)


@settings(derandomize=True, max_examples=300)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join))
def test_fold_and_fold_with_map_agree(text):
    folded, origin = fold_with_map(text)
    assert folded == fold(text)
    assert len(origin) == len(folded) and origin == sorted(origin)


@pytest.mark.parametrize("text", ["ｶﾞｰﾄﾞ", "カ\u3099", "ｶ.ﾞ", "～tilde~", "e\u0301t\u00e9", "\u034fx"])
def test_fold_and_fold_with_map_agree_on_what_once_split_them(text):
    assert fold_with_map(text)[0] == fold(text)
