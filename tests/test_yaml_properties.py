"""The YAML reader (``yamlsafe.read_yaml``) against PyYAML's ``yaml.safe_load``: on generated
documents of the kinds a timeline is written in (block and flow mappings and lists, plain and
quoted scalars, numbers in many spellings, dates, block scalars, anchors and aliases) the two read
the same values, or both refuse the text. Where they differ on purpose, the difference is listed
below, in ``SCALARS`` (how one plain scalar is read) and ``DOCUMENTS`` (what a whole document
gives), each with its reason and pinned by its own example.

Any other difference is a bug in the reader."""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import NamedTuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ishiba_cli.yamlsafe import YamlBool, YamlProblem, read_yaml

# Fixed examples (derandomize), no deadline, few enough to take a second or two: it cannot flake.
FAST = settings(max_examples=100, deadline=None, derandomize=True, database=None)


def plain(value: object) -> object:
    """A value as a comparable tree: types kept apart (``1``, ``1.0`` and ``True`` differ),
    NaN equal to itself, our YamlBool as the bool it stands for."""
    if isinstance(value, YamlBool):
        return ("bool", value.value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else float(value))
    if isinstance(value, datetime.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, str):
        return ("str", str(value))
    if value is None:
        return ("null",)
    if isinstance(value, list):
        return ("list", [plain(v) for v in value])
    if isinstance(value, dict):
        return ("map", sorted((repr(plain(k)), plain(v)) for k, v in value.items()))
    return ("other", type(value).__name__, repr(value))


REFUSED = ("refused",)


def ours(text: str) -> object:
    try:
        return plain(read_yaml(text))
    except YamlProblem:
        return REFUSED


def pyyaml(text: str) -> object:
    try:
        return plain(yaml.safe_load(text))
    except (yaml.YAMLError, ValueError):  # PyYAML lets ValueError out on 0x_ and 2024-02-30
        return REFUSED


# ----------------------------------------------------------------------------- the deviations


class Deviation(NamedTuple):
    """Plain scalars matching ``form`` are read as ``ours(text)``; PyYAML reads them as
    ``theirs(text)`` (None: it refuses them), or, where it agrees, as we do."""

    name: str
    form: str
    ours: object  # text -> our value
    theirs: object  # text -> PyYAML's value, REFUSED, or a type PyYAML's value has
    example: str
    why: str


def _float(text: str) -> float:
    return float(text.replace("_", ""))


def _octal(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    return sign * int(text.lstrip("+-").removeprefix("0o").replace("_", ""), 8)


SCALARS = [
    Deviation(
        "floats as YAML 1.2 writes them",
        r"(?=.*\d)(?:[-+]?(?:\d[\d_]*)?\.[\d_]*(?:[eE][-+]\d+)?|[-+]?\d[\d_]*[eE][-+]?\d+)",  # with a digit
        _float,
        str,
        "1e3",
        "PyYAML (YAML 1.1) wants a dot and a signed exponent (1.0e+3) and no sign before a bare dot; "
        "YAML 1.2 reads 1e3, +.5 and 2E-2 as numbers, and so do we: a number written as a number is one, "
        "and remembers its spelling so a field that wants text can name what was written",
    ),
    Deviation(
        "octal as YAML 1.2 writes it",
        r"[-+]?0o[0-7_]*[0-7][0-7_]*",
        _octal,
        str,
        "0o17",
        "YAML 1.2 writes octal 0o17; PyYAML knows only 1.1's 017 and leaves 0o17 as text",
    ),
    Deviation(
        "no base 60",
        r"[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?",
        str,
        (int, float),
        "8:30",
        "YAML 1.1 reads 8:30 as 510 (base 60); a time or a score written so is meant as text, "
        "and YAML 1.2 dropped base 60",
    ),
    Deviation(
        "a base prefix without digits is text",
        r"[-+]?0[xb]_+",
        str,
        REFUSED,
        "0x_",
        "PyYAML crashes with a ValueError (not a YAML error) on 0x_; it has no digit, so it is text",
    ),
    Deviation(
        "an impossible date is text",
        r"\d{4}-\d\d-\d\d",
        str,
        REFUSED,
        "2024-02-30",
        "PyYAML crashes with a ValueError on 2024-02-30; kept as text, the date field names it",
    ),
    Deviation(
        "a date with a time of day is text",
        r"\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?",
        str,
        datetime.datetime,
        "2024-01-05 10:00:00",
        "a timeline's dates are days: kept as text, a date field refuses it by name instead of "
        "silently dropping the time",
    ),
]


def deviation_of(text: str) -> Deviation | None:
    found = [d for d in SCALARS if re.fullmatch(d.form, text)]
    found = [d for d in found if d.name != "an impossible date is text" or not _valid_date(text)]
    assert len(found) <= 1, (text, found)
    return found[0] if found else None


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_scalar(text: str) -> None:
    """``k: TEXT`` reads as PyYAML reads it, or as the deviation its form falls under says."""
    doc = f"k: {text}\n"
    mine, theirs = ours(doc), pyyaml(doc)
    deviation = deviation_of(text)
    if deviation is None or mine == REFUSED:
        assert mine == theirs, (text, mine, theirs)
        return
    assert mine == plain({"k": deviation.ours(text)}), (deviation.name, text, mine)
    if theirs == mine:
        return
    if deviation.theirs is REFUSED:
        assert theirs == REFUSED, (deviation.name, text, theirs)
    elif deviation.theirs is str:
        assert theirs == plain({"k": text}), (deviation.name, text, theirs)
    else:
        value = yaml.safe_load(doc)["k"]
        assert isinstance(value, deviation.theirs) and not isinstance(value, bool), (deviation.name, text, value)


@pytest.mark.parametrize("deviation", SCALARS, ids=[d.name for d in SCALARS])
def test_each_scalar_deviation_is_what_its_example_shows(deviation):
    doc = f"k: {deviation.example}\n"
    assert deviation_of(deviation.example) is deviation
    assert ours(doc) == plain({"k": deviation.ours(deviation.example)})
    assert ours(doc) != pyyaml(doc), f"PyYAML now agrees on {deviation.example}: drop the deviation"
    check_scalar(deviation.example)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1e3", 1000.0), ("+.5", 0.5), ("-2E-2", -0.02), ("0o17", 15), ("-0o17", -15), ("8:30", "8:30"),
     ("190:20:30", "190:20:30"), ("0x_", "0x_"), ("0b__", "0b__"), ("0o_", "0o_"), ("2024-02-30", "2024-02-30"),
     ("2024-01-05T10:00:00Z", "2024-01-05T10:00:00Z"), ("2024-01-05", datetime.date(2024, 1, 5)),
     ("0x1F", 31), ("017", 15), ("1_000", 1000), ("1.0e+3", 1000.0), ("1.5e3", "1.5e3"), ("09", "09")],
)  # fmt: skip
def test_what_we_read_for_numbers_and_dates(text, value):
    """What each spelling reads as: the deviations' examples and their neighbours that agree."""
    assert ours(f"k: {text}\n") == plain({"k": value})
    check_scalar(text)


# Plain scalars from the pieces numbers, dates and times are written with, joined at random:
# every spelling the resolvers tell apart (signs, underscores, prefixes, exponents, colons).
PIECES = ["0", "1", "7", "9", "00", "12", "017", "0o", "0x", "0b", "1F", "_", "+", "-", ".", "e", "E",
          "e3", "e+3", "E-2", ":", ":30", ":5", ".5", "inf", ".inf", ".NaN", "2024-01-05", "2024-1-5",
          "2024-02-30", "T10:00:00", " 10:00:00", "Z", "+09:00", "yes", "Off", "null", "~"]  # fmt: skip
NUMBERISH = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join).map(str.strip)


@FAST
@given(st.lists(NUMBERISH, min_size=1, max_size=12))
def test_scalars_read_as_pyyaml_reads_them_but_for_the_listed_deviations(texts):
    for text in texts:
        if text and not text.startswith(("-", ":", "~ ")) and ": " not in text and not text.endswith(":"):
            check_scalar(text)


# ----------------------------------------------------------------------------- whole documents

WORD = st.from_regex(r"[A-Za-z][A-Za-z0-9 ._'()/-]{0,14}[A-Za-z0-9.)]|[A-Za-z]", fullmatch=True)
KEY = st.from_regex(r"[a-z][a-z0-9_-]{0,9}", fullmatch=True).filter(
    lambda k: k.lower() not in {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20)
PLAIN = st.one_of(
    WORD,
    NUMBERISH.filter(lambda t: t and t[0] not in "-:~" and ": " not in t and not t.endswith(":") and "#" not in t),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["yes", "No", "on", "OFF", "true", "False", "null", "~", ".inf", "-.Inf", ".NaN"]),
).filter(lambda t: deviation_of(t) is None)  # the deviations are checked one scalar at a time above
QUOTED = st.one_of(
    TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)), TEXT.map(lambda t: "'" + t.replace("'", "''") + "'")
)
SCALAR = st.one_of(PLAIN, QUOTED).map(lambda t: ("scalar", t))
BLOCK_TEXT = st.lists(st.from_regex(r"[A-Za-z0-9 ,.:#'\"-]{0,20}", fullmatch=True), min_size=1, max_size=3)
BLOCK = st.tuples(st.sampled_from(["|", ">", "|-", ">-", "|+"]), BLOCK_TEXT).map(lambda b: ("block", *b))


def flow(leaf):
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda items: ("seq", items, True)),
            st.lists(st.tuples(KEY, inner), max_size=3, unique_by=lambda kv: kv[0]).map(lambda kv: ("map", kv, True)),
        ),
        max_leaves=6,
    )


def block(leaf):
    return st.recursive(
        st.one_of(flow(leaf), BLOCK),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda items: ("seq", items, False)),
            st.lists(st.tuples(KEY, inner), min_size=1, max_size=4, unique_by=lambda kv: kv[0]).map(
                lambda kv: ("map", kv, False)
            ),
        ),
        max_leaves=12,
    )


def inline(node) -> str:
    kind = node[0]
    if kind == "scalar":
        return node[1]
    if kind == "alias":
        return "*" + node[1]
    if kind == "seq":
        return "[" + ", ".join(inline(n) for n in node[1]) + "]"
    return "{" + ", ".join(f"{k}: {inline(v)}" for k, v in node[1]) + "}"


def is_block(node) -> bool:
    return node[0] == "block" or (node[0] in {"seq", "map"} and not node[2])


def render(node, indent: int) -> list[str]:
    """A block collection's lines at ``indent``."""
    pad, lines = " " * indent, []
    items = node[1] if node[0] == "map" else [("- ", n) for n in node[1]]
    for key, value in items:
        head = f"{pad}{key}:" if node[0] == "map" else f"{pad}-"
        if not is_block(value):
            lines.append(f"{head} {inline(value)}")
        elif value[0] == "block":
            lines.append(f"{head} {value[1]}")
            lines.extend(f"{pad}  {line}".rstrip() for line in value[2])
        else:
            lines.append(head)
            lines.extend(render(value, indent + 2))
    return lines


@st.composite
def documents(draw) -> str:
    """A mapping whose first fields are anchored values, which the rest may name by alias."""
    anchors = draw(st.lists(flow(SCALAR), max_size=3))
    names = [f"a{i}" for i in range(len(anchors))]
    leaf = st.one_of(SCALAR, st.sampled_from(names).map(lambda n: ("alias", n))) if names else SCALAR
    body = draw(block(leaf))
    lines = [f"def{i}: &{names[i]} {inline(value)}" for i, value in enumerate(anchors)]
    if body[0] != "map" or body[2]:
        body = ("map", [("body", body)], False)
    return "\n".join(lines + render(body, 0)) + "\n"


@settings(FAST, max_examples=50)
@given(documents())
def test_documents_read_as_pyyaml_reads_them(text):
    assert ours(text) == pyyaml(text), text


@pytest.mark.parametrize(
    ("text", "value"),
    [("a: [1, {b: x}]\nc: |\n  two\n  lines\n", {"a": [1, {"b": "x"}], "c": "two\nlines\n"}),
     ("a: &x [1, 2]\nb: *x\n", {"a": [1, 2], "b": [1, 2]}), ("a: >-\n  one\n  two\n", {"a": "one two"}),
     ("'k': \"v\\u00e9\"\n", {"k": "vé"})],
)  # fmt: skip
def test_the_generated_kinds_read_as_written(text, value):
    """The shapes the generator writes, read by hand: the property compares like with like."""
    assert ours(text) == pyyaml(text) == plain(value)


# Whole documents where we differ on purpose: what PyYAML gives, what we give, and why.
DOCUMENTS = [
    ("a: 1\na: 2\n", {"a": 2}, "a duplicate key is refused: YAML would silently keep only the last one"),
    ("yes: 1\ntrue: 2\n", {True: 2}, "yes and true are one key (true) in YAML, so this is a duplicate key"),
    ("", None, "an empty file is refused: a timeline has at least its version and subject"),
    ("# only a comment\n", None, "a file of comments is as empty"),
    ("a: !!binary aGk=\n", {"a": b"hi"}, "only plain text, numbers, dates, lists and mappings are built"),
    ("a: !!set {x: null}\n", {"a": {"x"}}, "a set is not one of a timeline's types"),
    ("a: !!omap [x: 1]\n", {"a": [("x", 1)]}, "nor an ordered map of pairs"),
]


@pytest.mark.parametrize(("text", "theirs", "why"), DOCUMENTS, ids=[d[2][:40] for d in DOCUMENTS])
def test_documents_we_refuse_on_purpose(text, theirs, why):
    assert yaml.safe_load(text) == theirs
    with pytest.raises(YamlProblem):
        read_yaml(text)


def test_a_non_specific_tag_makes_text_as_the_yaml_spec_says():
    """``! 12`` is text by the spec's rule for the ``!`` tag; PyYAML reads it as a number."""
    assert yaml.safe_load("a: ! 12\n") == {"a": 12}
    assert read_yaml("a: ! 12\n") == {"a": "12"}


def test_a_merge_key_is_an_ordinary_key():
    """YAML 1.2 has no merge key: ``<<`` is kept as a field named ``<<``, which the validator then
    names as an unknown field, rather than fields copied in from elsewhere without a line of their own."""
    text = "base: &b {x: 1}\nrecord:\n  <<: *b\n  y: 2\n"
    assert yaml.safe_load(text)["record"] == {"x": 1, "y": 2}
    assert read_yaml(text)["record"] == {"<<": {"x": 1}, "y": 2}
