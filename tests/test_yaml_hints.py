"""check's YAML syntax errors: PyYAML's words, the line and column kept, and a one-line hint
saying what to write instead, for the mistakes people commonly make in a hand-written file."""

from __future__ import annotations

import pytest

from conftest import run_cli
from ishiba_cli.yamlsafe import YamlProblem, read_yaml

HEAD = """\
schema_version: 1
subject:
  name: A B
  name_western: B A
sources:
  - id: s1
    title: T
    publisher: P
    kind: news
events:
  - id: e1
"""  # the event's next line is line 12

CASES = {
    "tab": ("\tdate: 2020\n", "12:1", "indent with spaces, not tabs"),
    "tab after a field": ("    date: 2020\n\ttags: [a]\n", "13:1", "indent with spaces, not tabs"),
    "colon in a value": (
        "    date: 2020\n    title: Born: New York City\n",
        "13:16",
        "a value with ': ' in it must be quoted: write title: \"Born: New York City\"",
    ),
    "a field indented too far": (
        "    date: 2020\n      title: x\n",
        "13:12",
        "this line is indented further than the field above",
    ),
    "unclosed double quote": (
        '    title: "unclosed\n    date: 2020\n',
        "14:1",
        "a quoted value opened at line 12 is never closed",
    ),
    "unclosed single quote": ("    title: 'unclosed\n", "13:1", "a quoted value opened at line 12 is never closed"),
    "unclosed bracket": ("    sources: [s1, s2\n    date: 2020\n", "13:9", "a list written with [ is not closed"),
    "unclosed brace": ("    sources: {a: 1\n    date: 2020\n", "13:9", "a mapping written with { is not closed"),
    "a stray dash": ("    date: 2020\n   - id: e2\n", "13:4", "check this line's indentation"),
    "a field out of line": ("    date: 2020\n  title: x\n", "13:3", "check this line's indentation"),
}


@pytest.mark.parametrize("case", CASES)
def test_check_gives_the_yaml_error_its_position_and_a_hint(tmp_path, case):
    tail, where, hint = CASES[case]
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + tail, encoding="utf-8")
    done = run_cli("check", str(path))
    assert done.returncode == 3
    (line,) = done.stderr.splitlines()  # one line: the error and its hint
    assert line.startswith(f"error: {path}:{where}: YAML syntax error: "), line
    assert f"; hint: {hint}" in line


def test_the_two_mistakes_a_newcomer_met_read_as_such():
    with pytest.raises(YamlProblem) as tab:
        read_yaml("a:\n\tb: 1\n")
    assert "found a tab character" in tab.value.message or "cannot start any token" in tab.value.message
    assert tab.value.message.endswith("hint: indent with spaces, not tabs (YAML does not allow tabs in indentation)")
    with pytest.raises(YamlProblem) as colon:
        read_yaml("title: Born: New York City\n")
    assert "mapping values are not allowed" in colon.value.message
    assert colon.value.message.endswith(
        "hint: a value with ': ' in it must be quoted: write title: \"Born: New York City\""
    )


def test_an_error_with_no_common_cause_gets_no_invented_hint():
    with pytest.raises(YamlProblem) as caught:
        read_yaml("a: &x 1\nb: *y\n")  # an alias to an anchor never defined
    assert "hint:" not in caught.value.message
