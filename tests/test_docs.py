"""README, --help and docs stay in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import ROOT
from ishiba_cli.cli.app import build
from ishiba_cli.errors import ExitStatus

sys.path.insert(0, str(ROOT / "scripts"))
import readme_examples

README = (ROOT / "README.md").read_text(encoding="utf-8")
app = build()
COMMANDS = typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_two_examples(name):
    command = COMMANDS[name]
    assert command.help and command.help.strip().splitlines()[0].strip(), f"{name} has no help"
    examples = [line for line in command.help.splitlines() if line.strip().startswith(f"ishiba {name}")]
    assert len(examples) >= 2, f"{name} --help needs at least two examples"
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "100", "TERM": "dumb"})
    assert result.exit_code == 0
    assert examples[0].strip() in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_appears_in_the_readme(name):
    assert re.search(rf"(\$ |`)ishiba {name}\b", README), f"README does not show `ishiba {name}`"


def test_every_exit_status_is_in_the_readme():
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", README, re.M))
    assert {int(k): v for k, v in table.items()} == {s.value: s.meaning for s in ExitStatus}


def test_help_lists_every_exit_status():
    from conftest import run_cli

    shown = " ".join(run_cli("--help").stdout.split())
    for status in ExitStatus:
        assert f"{status.value} {status.short}" in shown


EXAMPLES = readme_examples.examples(README)


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_the_readme_examples_show_real_output(command, shown):
    """In-process, with the environment the script gives a process (test_cli checks that the
    console script prints what an in-process run prints)."""
    from conftest import run_cli

    args, env, limit = readme_examples.parse(command)
    done = run_cli(*args, env=env, cwd=ROOT)
    assert readme_examples.cut(done.stdout, limit) == shown, (
        f"README output of `{command}` is stale: run scripts/readme_examples.py --write"
    )


def test_ci_runs_the_readme_test_command():
    """Each step of the README's command is a line of .ci/run, in the same order (CI runs them
    one a line so that it can time the suite alone)."""
    match = re.search(r"^    (python3 -m venv \.venv && .*pytest)$", README, re.M)
    assert match, "README has no test command"
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    steps = match.group(1).split(" && ")
    found = [lines.index(step) if step in lines else -1 for step in steps]
    assert -1 not in found and found == sorted(found), f".ci/run does not run {steps} in order"


def test_search_and_date_rules_are_documented_in_help():
    from ishiba_cli.cli.options import DATE_RULES, SEARCH_RULES

    events = CliRunner().invoke(app, ["events", "--help"], env={"COLUMNS": "200", "TERM": "dumb"}).output
    quotes = CliRunner().invoke(app, ["quotes", "--help"], env={"COLUMNS": "200", "TERM": "dumb"}).output
    squash = lambda s: " ".join(s.replace("│", " ").split())  # noqa: E731
    assert squash(DATE_RULES)[:60] in squash(events)
    assert squash(SEARCH_RULES)[:60] in squash(quotes)


def test_the_format_doc_exists_and_is_linked():
    assert "(docs/data-format.md)" in README
    assert Path(ROOT / "docs" / "data-format.md").exists()


def _imported_after(args: list[str]) -> set[str]:
    """The modules a real process has imported after running ``ishiba ARGS``."""
    from conftest import clean_env

    code = (
        "import sys\nfrom ishiba_cli.cli.launch import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), check=False)
    return set(done.stderr.split())


def test_help_needs_neither_rich_markdown_nor_traceback():
    modules = _imported_after(["--help"])
    assert "ishiba_cli.cli.explore" in modules and "ishiba_cli.cli.produce" in modules  # help sees every command
    assert "rich.markdown" not in modules and "rich.traceback" not in modules


def test_only_the_invoked_commands_module_is_imported():
    modules = _imported_after(["races", "--format", "json"])
    assert "ishiba_cli.cli.explore" in modules
    assert "ishiba_cli.cli.produce" not in modules


def test_a_table_written_to_a_pipe_needs_no_rich_console():
    """Plain output (a pipe, as scripts read it) is laid out and written without Rich's console,
    which alone costs about a sixth of the start-up; styled output is written through it."""
    assert "rich.console" not in _imported_after(["events", "--year", "2024"])
    assert "rich.console" in _imported_after(["--color", "always", "events", "--year", "2024"])


def test_rich_classes_keep_their_identity_after_a_run():
    from rich.markdown import Markdown

    from conftest import run_cli

    run_cli("--help")
    run_cli("events", "--bogus")
    import rich.markdown

    assert rich.markdown.Markdown is Markdown and isinstance(Markdown("# hi"), Markdown)


def test_the_command_table_names_every_command_and_where_it_lives():
    import importlib

    from ishiba_cli.cli.commands import COMMANDS as TABLE

    assert list(TABLE) == list(COMMANDS)
    for name, module in TABLE.items():
        source = importlib.import_module(f"ishiba_cli.cli.{module}").__file__
        assert f'@command("{name}"' in Path(source).read_text(encoding="utf-8"), f"{name} is not in cli/{module}.py"


@pytest.mark.parametrize(
    ("args", "command"),
    [(["events", "--year", "2024"], "events"), (["--data", "x.yaml", "--color", "never", "show", "a"], "show"),
     (["--help"], None), (["--no-cache", "races"], "races"), ([], None), (["-d", "events"], None)],
)  # fmt: skip
def test_the_invoked_command_is_found_after_the_global_options(args, command):
    from ishiba_cli.cli.launch import invoked_command

    assert invoked_command(args) == command


def test_a_command_run_alone_behaves_as_in_the_full_app():
    from conftest import run_cli

    lean = run_cli("events", "--help").stdout
    full = (
        CliRunner().invoke(app, ["events", "--help"], env={"COLUMNS": "80", "TERM": "dumb"}, prog_name="ishiba").output
    )
    assert "".join(lean.split()) == "".join(full.split())


HELP_EXAMPLES = sorted(
    (name, line.strip())
    for name, command in COMMANDS.items()
    if name != "browse"  # interactive: its examples open the app
    for line in (command.help or "").splitlines()
    if line.strip().startswith(f"ishiba {name}")
)


@pytest.mark.parametrize("name, example", HELP_EXAMPLES, ids=[e for _, e in HELP_EXAMPLES])
def test_every_help_example_runs(name, example, tmp_path):
    """An example a reader copies from --help works as shown (one once failed as ambiguous)."""
    import shlex

    from conftest import clean_env, run_cli
    from ishiba_cli.starter import STARTER

    if "my-timeline.yaml" in example:  # a file of the reader's own: the starter stands in for it
        (tmp_path / "my-timeline.yaml").write_text(STARTER, encoding="utf-8")
    if "my-style.csl" in example:  # a CSL style of the reader's own: citeproc-py's bundled one stands in
        import citeproc

        style = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
        (tmp_path / "my-style.csl").write_bytes(style.read_bytes())
    words = shlex.split(re.split(r"\s[|>]\s", example)[0])  # the command itself, without the shell's pipe
    done = run_cli(*words[1:], env=clean_env(), cwd=tmp_path)
    assert done.returncode == 0, (example, done.stderr)
