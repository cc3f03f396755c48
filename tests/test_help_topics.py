"""`ishiba help`: the topics, and the format's documentation readable from the tool itself."""

from __future__ import annotations

from conftest import ROOT, run_cli
from ishiba_cli.errors import ExitStatus
from ishiba_cli.starter import STARTER


def test_help_lists_its_topics():
    done = run_cli("help")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert listed == ["format", "search", "dates", "exit"]


def test_help_format_prints_the_format_document_whole():
    done = run_cli("help", "format")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert done.stdout.startswith("# The timeline format")


def test_help_exit_lists_every_status_with_its_meaning():
    done = run_cli("help", "exit")
    for status in ExitStatus:
        assert f"{int(status):>3}  {status.meaning}" in done.stdout


def test_help_search_and_dates_say_their_rules():
    assert "glossary" in run_cli("help", "search").stdout
    assert "--to 2018 includes all of 2018" in run_cli("help", "dates").stdout


def test_an_unknown_topic_is_a_usage_error_naming_the_topics():
    done = run_cli("help", "formt")
    assert done.returncode == 2 and done.stdout == ""
    assert "no help topic 'formt'; the topics are: format, search, dates, exit" in done.stderr


def test_the_starter_points_to_the_tools_own_help_not_to_an_address():
    first = STARTER.splitlines()[0]
    assert "ishiba help format" in first and "http" not in first
