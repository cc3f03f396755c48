"""A run reads its streams, variables, folder and terminal from the Environment it is given, and
touches none of the process's: so the tests can run it in their own process, and a program can
embed it."""

from __future__ import annotations

import io
import os
import sys

import pytest

from conftest import MINIMAL, ROOT, clean_env, run_cli, write_yaml
from ishiba_cli.cli.environment import Environment
from ishiba_cli.cli.launch import main


def test_relative_paths_are_read_in_the_runs_folder_and_named_as_given(tmp_path):
    write_yaml(tmp_path, MINIMAL)
    (tmp_path / "out").mkdir()
    before = os.getcwd()
    done = run_cli("--no-cache", "--data", "timeline.yaml", "export", "-f", "json", "-o", "out/t.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "wrote out/t.json (4 events)\n"
    assert (tmp_path / "out" / "t.json").read_text(encoding="utf-8").startswith("{")
    assert os.getcwd() == before, "the process's folder is not changed"
    broken = write_yaml(tmp_path, MINIMAL.replace("date: 2008-09-22", "date: 2008-13-01"), "broken.yaml")
    checked = run_cli("check", broken.name, cwd=tmp_path)
    assert checked.returncode == 3 and checked.stderr.startswith("error: broken.yaml:"), checked.stderr
    missing = run_cli("--no-cache", "export", "-o", "nowhere/t.md", cwd=tmp_path)
    assert missing.returncode == 2 and "error: nowhere does not exist" in missing.stderr


def test_a_run_reads_its_own_variables_and_leaves_the_process_alone():
    before = dict(os.environ)
    streams = sys.stdin, sys.stdout, sys.stderr
    narrow = run_cli("events", "--year", "2024", env=clean_env(COLUMNS="40"))
    wide = run_cli("events", "--year", "2024", env=clean_env(COLUMNS="250"))
    assert max(map(len, narrow.stdout.splitlines())) <= 40 < max(map(len, wide.stdout.splitlines()))
    data = run_cli("summary", env=clean_env(ISHIBA_DATA=str(ROOT / "tests" / "data" / "other-subject.yaml")))
    assert data.returncode == 0 and "Ishiba" not in data.stdout
    assert dict(os.environ) == before and (sys.stdin, sys.stdout, sys.stderr) == streams


def test_help_and_usage_errors_go_to_the_runs_streams_at_its_width():
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ=clean_env(COLUMNS="60"), cwd=ROOT)
    assert main(["events", "--help"], env) == 0
    assert out.getvalue().startswith("Usage: ishiba events") and max(map(len, out.getvalue().splitlines())) <= 58
    assert main(["events", "--bogus"], env) == 2
    assert "No such option: --bogus" in err.getvalue()


def test_an_environment_is_fixed_and_knows_its_terminal():
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"COLUMNS": "132"})
    assert env.terminal_size() == (132, 24) and not env.is_terminal(env.stdout)
    assert env.path("a/b.yaml") == env.cwd / "a" / "b.yaml" and str(env.path("/x.yaml")) == "/x.yaml"
    with pytest.raises(AttributeError):
        env.cwd = ROOT  # type: ignore[misc]
    assert Environment(stdin=None, stdout=None, stderr=None, environ={}).terminal_size() == (80, 24)  # type: ignore[arg-type]


def test_stdin_is_read_as_bytes_where_the_run_gives_them():
    text = (ROOT / "tests" / "data" / "other-subject.yaml").read_text(encoding="utf-8")
    done = run_cli("--data", "-", "summary", "-f", "json", input=text.encode("utf-16"))
    assert done.returncode == 0, done.stderr
    bad = run_cli("--data", "-", "summary", input=b"schema_version: 1\nsubject: \xff\n")
    assert bad.returncode == 3 and bad.stderr.startswith("error: <stdin>:2:10: is not valid UTF-8"), bad.stderr
