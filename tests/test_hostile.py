"""Hostile input: every bad file, argument and pipe gets a clear error, never a traceback.

Time and memory are bounded by construction (size, depth and alias limits); the timeouts here
only catch a hang, they are not performance targets (those live in benchmarks/).
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import io
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, YAML_SUITE, clean_env, run_cli
from ishiba_cli import load, query
from ishiba_cli.cli.app import build
from ishiba_cli.errors import DataError, IshibaError
from ishiba_cli.load import MAX_FILE_BYTES, load_timeline, parse_timeline
from ishiba_cli.render import FORMATS, render, views
from ishiba_cli.search import Matcher, parse_query
from ishiba_cli.yamlsafe import YamlProblem, locate, read_yaml

#: Runs the command given after a file name and writes its peak resident memory (KiB) to that
#: file. The command is started from this small process rather than from the test's: a child's
#: peak memory counts what it held between fork and exec, which for a pytest worker can be
#: hundreds of MiB that the program under test never used.
_MEASURE = (
    "import os, subprocess, sys\n"
    "proc = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


#: The program as ``python -m ishiba_cli`` runs it, with the loader's size limit set to the
#: number given first (in bytes), for tests of what happens at the limit that need not read
#: 256 MiB to get there.
_WITH_LIMIT = (
    "import sys\n"
    "from ishiba_cli import load\n"
    "load.MAX_FILE_BYTES = int(sys.argv.pop(1))\n"
    "from ishiba_cli.entry import main\n"
    "main()\n"
)


def run_measured(
    args: list[str], timeout: float = 60, *, env: dict | None = None, stdin=None, limit: int | None = None
) -> tuple[int, str, str, float]:
    """Run the CLI; return (status, stdout, stderr, peak RSS in MiB) of that one process.
    ``limit``: the loader's size limit in that process, in bytes, instead of the real one."""
    program = ["-m", "ishiba_cli"] if limit is None else ["-c", _WITH_LIMIT, str(limit)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        peak = os.path.join(tmp, "peak")
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, peak, sys.executable, *program, *args],
            stdin=stdin,
            stdout=out,
            stderr=err,
            env=env or clean_env(),
            start_new_session=True,  # so that a hang is stopped with everything it started
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail(f"ishiba {' '.join(args)[:80]} did not finish in {timeout}s")
        out.seek(0)
        err.seek(0)
        with open(peak) as f:
            rss_kib = int(f.read())
        return (
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            rss_kib / 1024,
        )


def assert_clean_failure(tmp_path: Path, data: bytes | str, expect: str, status: int = 3, name: str = "hostile.yaml"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    done = run_cli("check", str(path))  # in-process: an exception that escapes fails the test
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == status, err
    assert "Traceback" not in err and out == ""
    assert name in err, "the message names the file"
    assert expect in err
    return err


# --- the catalogue of bad files -----------------------------------------------------------------

CASES = {
    "empty file": (b"", "no YAML document"),
    "comments only": (b"# nothing here\n# at all\n", "no YAML document"),
    "a scalar at the top": (b"just text\n", "top level must be a mapping"),
    "a list at the top": (b"- a\n- b\n", "top level must be a mapping"),
    "invalid UTF-8": (b"schema_version: 1\ntitle: \xff\xfe bad\n", "hostile.yaml:2:8: is not valid UTF-8"),
    "a NUL byte": (b"schema_version: 1\nx: a\x00b\n", "hostile.yaml:2:5: contains a NUL character"),
    "unclosed flow": (b"events: [a, b\n", "YAML syntax error"),
    "bad indentation": (b"events:\n  - id: a\n date: 2008\n", "YAML syntax error"),
    "unclosed quote": (b'title: "open\n', "YAML syntax error"),
    "tab indentation": (b"events:\n\t- id: a\n", "YAML syntax error"),
    "python object apply": (b"events: !!python/object/apply:os.system ['touch /tmp/ishiba-pwned']\n", "is not allowed"),
    "python name": (b"x: !!python/name:os.system\n", "is not allowed"),
    "python module": (b"x: !!python/module:os\n", "is not allowed"),
    "an unknown local tag": (b"x: !secret value\n", "is not allowed"),
    "a tagged mapping": (b"x: !!set {a, b}\n", "is not allowed"),
    "an undefined alias": (b"a: *nowhere\n", "names no anchor"),
    "two documents": (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
    "duplicate keys": (b"schema_version: 1\nschema_version: 1\n", "duplicate key 'schema_version'"),
    "a mapping as a key": (b"? {a: 1}\n: b\n", "mapping key must be plain text"),
    "wrong version": (b"schema_version: 7\n", "version 7 is not supported"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file(tmp_path, case):
    data, expect = CASES[case]
    assert_clean_failure(tmp_path, data, expect)
    assert not Path("/tmp/ishiba-pwned").exists()


def test_missing_file(tmp_path):
    done = run_cli("--data", str(tmp_path / "missing.yaml"), "events")
    code, err = done.returncode, done.stderr
    assert code == 3 and "missing.yaml: no such file" in err and "Traceback" not in err


def test_a_directory(tmp_path):
    done = run_cli("check", str(tmp_path))
    code, err = done.returncode, done.stderr
    assert code == 3 and "is a folder" in err


def test_no_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text(MINIMAL)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "open", denied, raising=False)  # the loader's open(), not the builtin
    with pytest.raises(DataError, match=r"secret\.yaml: permission denied"):
        load_timeline(path)
    if os.geteuid() != 0:  # root reads anything, so only an ordinary user can see the real thing
        monkeypatch.undo()
        path.chmod(0)
        done = run_cli("check", str(path))
        assert done.returncode == 3 and "permission denied" in done.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marked_encodings_load(tmp_path, encoding):
    text = EXAMPLE.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / "bom.yaml"
    path.write_bytes(data)
    assert load_timeline(path).subject.name_ja == "石破茂"


def test_windows_line_endings_load(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(EXAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    timeline = load_timeline(path)
    assert "\r" not in timeline.events[0].summary


def test_billion_laughs_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    err = assert_clean_failure(tmp_path, "\n".join(lines) + "\n", "alias bomb")
    line = int(err.split("hostile.yaml:")[1].split(":")[0])
    assert line < len(lines), "it stops at the first alias that goes over the limit, not at the end"


def test_nesting_100000_deep(tmp_path):
    assert_clean_failure(tmp_path, "x: " + "[" * 100_000 + "]" * 100_000 + "\n", "nest")
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(2000)) + "  " * 2000 + "v\n"
    assert_clean_failure(tmp_path, block, "nest", name="block.yaml")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # zeros, sparse on disk
    code, _, err, rss = run_measured(["check", str(path)])
    assert code == 3 and f"the limit is {MAX_FILE_BYTES // 2**20} MiB" in err
    assert rss < 200, "refused without reading it"


def test_a_10_mb_string_is_handled_in_bounded_memory(tmp_path):
    path = tmp_path / "long.yaml"
    long = "x" * (10 * 1024 * 1024)
    path.write_text(MINIMAL.replace("summary: A day.", f"summary: {long}"), encoding="utf-8")
    code, out, err, rss = run_measured(["--data", str(path), "show", "day-event"])
    assert code == 0, err
    assert "more characters" in out  # the table shows a cut, with a pointer to JSON
    assert len(out) < 20_000
    assert rss < 600


@pytest.mark.parametrize(
    ("field", "value", "expect"),
    [
        ("title", "123", "the number 123"),
        ("title", "[a, b]", "found a list"),
        ("title", "{a: 1}", "found a mapping"),
        ("title", "2008-09-22", "the date 2008-09-22"),
        ("title", "", "found empty"),
        ("date", "2024-02-30", "2024-02 has 29 days"),
        ("date", "2024-13", "month 13"),
        ("date", "24-01-01", "is not a date"),
        ("date", "'0000'", "year 0000"),
        ("date", "0000", "'0000' has year 0000"),
        ("date", "yes", "read by YAML as a boolean, not a date"),
        ("date", "2024-01-01 10:00:00", "is not a date"),
        ("tags", "[1, 2]", "the number 1"),
        ("people", "[nobody-here]", "not the id of any person"),
        ("sources", "[]", "needs at least 1 entry"),
        ("kind", "no", "boolean"),
        ("kind", "Not A Slug", "is not a valid name"),
    ],
)
def test_wrong_values_at_every_field(tmp_path, field, value, expect):
    record = "{id: day-event, date: 2008-09-22, title: Day event, kind: election, tags: [a, b], summary: A day., sources: [src-a], people: [test-person]}"
    import re

    broken = re.sub(rf"\b{field}: (\[[^\]]*\]|[^,}}]*)", f"{field}: {value}", record, count=1)
    text = MINIMAL.replace(record, broken)
    assert text != MINIMAL
    err = assert_clean_failure(tmp_path, text, expect)
    assert f"events[1].{field}" in err


def test_duplicate_ids_and_yaml_11_booleans(tmp_path):
    text = MINIMAL.replace("id: later,", "id: day-event,").replace("title: Year only event", "title: off")
    err = assert_clean_failure(tmp_path, text, "duplicate id 'day-event'")
    assert "unquoted word 'off'" in err and "quote it" in err


# --- the public YAML test suite -------------------------------------------------------------------

SUITE = sorted(p.name for p in YAML_SUITE.glob("*.yaml")) if YAML_SUITE.is_dir() else []


@pytest.fixture(scope="module")
def whole_app():
    """The app with every command, built once: Click parses each run as the console script does."""
    import typer

    return typer.main.get_command(build())


@pytest.mark.skipif(not SUITE, reason="../shared/corpora/yaml-test-suite is not present")
@pytest.mark.parametrize("name", SUITE)
def test_yaml_test_suite_file_gives_a_clear_answer(whole_app, name):
    path = str(YAML_SUITE / name)
    for args in (["check", path], ["--data", path, "events"]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:  # any exception but the exit fails the test, with its traceback
                whole_app.main(args, prog_name="ishiba")
                code = 0
            except SystemExit as exc:
                code = exc.code
        assert code in (0, 3), (args, out.getvalue(), err.getvalue())
        if code == 3:
            assert name in err.getvalue() and err.getvalue().startswith("error: ")
        assert "Traceback" not in out.getvalue() + err.getvalue()


# --- arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--from", "yesterday"],
        ["events", "--on", "2024-02-30"],
        ["events", "--year", "99999"],
        ["events", "--year", "-5"],
        ["events", "--limit", "-1"],
        ["events", "--format", "xml"],
        ["quotes", "[", "--regex"],
        ["events", "--kind", ""],
        ["events", "--grep", "  "],
        ["quotes", ""],
        ["show", ""],
        ["events", "--from", ""],
        ["search", "x" * 100_000],
        ["--color", "sometimes", "events"],
    ],
    ids=lambda a: " ".join(a)[:40],
)
def test_bad_arguments_are_usage_errors(args):
    done = run_cli(*args)
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 2, err
    assert out == "" and "Traceback" not in err and err.strip()


# --- pipes and signals --------------------------------------------------------------------------


# A closed pipe (`| true`, `| head`) and a full disk: tests/test_pipes.py and tests/test_faults.py
# run them as processes, for every kind of output.
# Ctrl-C: tests/test_faults.py sends it at named steps of a run (no sleeps, so no flakes).


# --- fuzzing: the format's own shape, damaged ---------------------------------------------------

BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
NASTY = st.lists(
    st.sampled_from([*list("abc \x1b[]/\x07\x08\r\n\t\u202e\x9b:-#&*!|>'\"%@`{},?"), "[bold]", "[/]", "石破"]),
    max_size=12,
).map("".join)
VALUES = st.one_of(NASTY, st.integers(-5, 3000), st.booleans(), st.none(), st.lists(NASTY, max_size=3),
                   st.dictionaries(NASTY, NASTY, max_size=2), st.dates().map(str), st.floats(allow_nan=True))  # fmt: skip


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*prefix, i))


def damage(doc, data):
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 4))):
        all_paths = [p for p in paths(doc) if p]
        if not all_paths:
            break
        path = data.draw(st.sampled_from(all_paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["drop", "swap", "add"]))
        if action == "drop":
            del parent[path[-1]]
        elif action == "swap":
            parent[path[-1]] = data.draw(VALUES)
        elif isinstance(parent, dict):
            parent[data.draw(NASTY)] = data.draw(VALUES)
        else:
            parent.append(data.draw(VALUES))
    return doc


def render_everything(timeline):
    out = []
    for section in ("events", "races", "quotes", "proposals", "people"):
        out.append(views.listing(section, list(timeline.section(section)), timeline))
    out.append(views.SourceList(list(timeline.sources), dict(query.citation_counts(timeline)), timeline))
    out.extend(views.detail(r, timeline) for r in timeline.by_id.values())
    out.append(views.SummaryView(query.summarize(timeline)))
    out.append(views.grouped(query.search_all(timeline, Matcher(parse_query(["a"]))), timeline, None))
    for view in out:
        for fmt in FORMATS:
            render(view, fmt)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_documents_raise_only_typed_errors(data):
    doc = damage(BASE, data)
    text = yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)  # libyaml: the quick one
    try:
        timeline = parse_timeline(text, "fuzz.yaml")
    except IshibaError:
        return
    render_everything(timeline)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_typed_errors(text):
    try:
        parse_timeline(text, "fuzz.yaml")
    except DataError as exc:
        assert all(str(p).startswith("fuzz.yaml") for p in exc.problems)


@pytest.mark.parametrize("before", ["", "石破茂 "], ids=["ascii", "after-japanese"])
@pytest.mark.parametrize("char", ["\x07", "\x01", "\x7f"])
def test_a_raw_control_character_is_reported_at_its_line_and_column(tmp_path, before, char):
    """The reader refuses it with only an offset (bytes for the C parser): the error still says
    where, as every other problem does."""
    text = MINIMAL.replace("summary: A day.", f"summary: A {before}day{char}.", 1)
    assert text != MINIMAL
    path = tmp_path / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(char)].count("\n") + 1
    column = text.index(char) - text.rfind("\n", 0, text.index(char))
    with pytest.raises(DataError) as caught:
        load_timeline(path)
    message = caught.value.lines()[0]
    assert f"timeline.yaml:{line}:{column}:" in message, message
    assert f"U+{ord(char):04X}" in message and "position" not in message


def test_check_shows_escape_codes_in_a_file_name_as_text(tmp_path):
    path = tmp_path / "evil\x1b[31mred\x07.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    done = run_cli("check", str(path))
    assert done.returncode == 0 and "valid:" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "evil\\x1b[31mred\\x07.yaml" in done.stdout


# --- input: every read bounded, every bad file one clear error (issue 23) ------------------------

#: every hostile file below must be handled in less than this (peak resident memory, MiB)
MEMORY_BOUND = 512


#: the size limit for the endless sources below: reading one to the real limit (256 MiB) costs a
#: quarter of a second, and stops at the limit all the same
SMALL_LIMIT = 4 * 2**20
#: their bound: far below the real limit, so that a read past the limit (to the real one, say,
#: or to the end of an endless source) fails the test
SMALL_LIMIT_MEMORY_BOUND = 100


@pytest.mark.parametrize("source", ["/dev/zero", "a FIFO", "--data /dev/stdin", "--data -"])
def test_a_device_a_fifo_or_stdin_is_read_only_up_to_the_limit(tmp_path, source):
    """Their size is unknown (st_size is 0): reading stops at the limit plus one byte. The limit
    is made small (the real one is tested on a file above); memory shows where reading stopped."""
    writer = None
    stdin = None
    if source == "/dev/zero":
        args, name = ["check", "/dev/zero"], "/dev/zero"
    elif source == "a FIFO":
        fifo = tmp_path / "endless.yaml"
        os.mkfifo(fifo)
        # the writer blocks until the reader opens the FIFO, and ends when it closes it
        writer = subprocess.Popen(["sh", "-c", f"exec yes 'x: y' > '{fifo}'"], stderr=subprocess.DEVNULL)
        args, name = ["check", str(fifo)], "endless.yaml"
    else:
        stdin = open("/dev/zero", "rb")  # noqa: SIM115 - closed below
        args = ["--data", source.split()[1], "events"]
        name = "/dev/stdin" if source.endswith("stdin") else "<stdin>"
    try:
        code, out, err, rss = run_measured(args, stdin=stdin, limit=SMALL_LIMIT)
    finally:
        if stdin is not None:
            stdin.close()
        if writer is not None:
            writer.kill()
            writer.wait(timeout=60)
    assert code == 3 and out == "" and "Traceback" not in err
    assert err.strip().endswith(f"{name}: is over the limit of {SMALL_LIMIT // 2**20} MiB")
    assert rss < SMALL_LIMIT_MEMORY_BOUND, f"{rss:.0f} MiB: read past the limit of {SMALL_LIMIT // 2**20} MiB"


def test_one_long_string_aliased_300_times_is_refused(tmp_path):
    """A 1 MB file that stands for 300 MB of text: refused while reading, nothing cached."""
    events = "".join(
        f"  - {{id: copy-{i}, date: 2008, title: T, kind: party, summary: *long, sources: [src-a]}}\n"
        for i in range(300)
    )
    text = MINIMAL.replace("summary: A day.", "summary: &long " + "x" * 1_000_000) + events
    path = tmp_path / "amplified.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 1_100_000
    cache_home = tmp_path / "cache"
    code, out, err, rss = run_measured(["--data", str(path), "events"], env=clean_env(XDG_CACHE_HOME=str(cache_home)))
    assert code == 3 and out == "" and "Traceback" not in err
    assert "amplified.yaml:" in err and "characters of text" in err and "(an alias bomb?)" in err
    assert rss < MEMORY_BOUND
    assert not cache_home.exists() or not any(cache_home.rglob("*")), "no cache and no temporary file"


def test_the_text_bound_counts_what_aliases_stand_for():
    from ishiba_cli import yamlsafe

    long = "y" * 200_000
    fine = f"a: &a {long}\nb: [*a, *a, *a]\n"  # 600,000 characters: under the allowance
    assert read_yaml(fine)["b"] == [long] * 3
    over = f"a: &a {long}\nb: [*a, *a, *a, *a, *a, *a]\n"  # 1,200,000 from 200,000 read
    with pytest.raises(YamlProblem, match="characters of text") as info:
        read_yaml(over)
    assert info.value.line == 2
    assert yamlsafe.ALIAS_TEXT_ALLOWANCE == 1_000_000


def test_at_most_200_problems_are_listed_then_a_count(tmp_path):
    """10,000 bad records: fifty times the listed problems (every one listed took 10,000 lines,
    and 30 MiB; 100,000 took 114 MiB, still inside the bound: the count shows it, not memory)."""
    text = MINIMAL + "".join("  - 1\n" for _ in range(10_000))
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err, rss = run_measured(["check", str(path)])
    lines = err.splitlines()
    assert code == 3 and out == "" and "Traceback" not in err
    assert len(lines) == 201
    assert lines[0].startswith("error: ") and "many.yaml:12:5: events[4]: expected a mapping" in lines[0]
    assert lines[-1].endswith(
        "many.yaml: 9,800 more problems not listed (at most 200 are): fix these, then check again"
    )
    assert rss < MEMORY_BOUND


def test_hints_for_unknown_references_are_looked_for_at_most_200_times(monkeypatch):
    """Each hint compares the reference with every id of its kind: for thousands of bad
    references that was quadratic (more than 120 s for 100,000)."""
    from ishiba_cli import spec

    calls = []
    real = spec._closest
    monkeypatch.setattr(spec, "_closest", lambda word, options: calls.append(word) or real(word, options))
    events = "".join(
        f"  - {{id: e{i}, date: 2008, title: T, kind: party, summary: S., sources: [nosuch-{i}]}}\n"
        for i in range(3000)
    )
    with pytest.raises(DataError) as caught:
        parse_timeline(MINIMAL + events, "refs.yaml")
    assert len(calls) <= spec.MAX_PROBLEMS
    lines = caught.value.lines()
    assert len(lines) == spec.MAX_PROBLEMS + 1 and "2,800 more problems not listed" in lines[-1]
    assert "refs.yaml:12:" in lines[0] and "'nosuch-0' is not the id of any source" in lines[0]


def test_the_position_pass_keeps_only_the_paths_it_is_asked_for():
    text = "a: [" + ", ".join(["1"] * 10_000) + "]\nb: {c: [x, {d: 2}]}\n"
    found = locate(text, [("b", "c", 1, "d")])
    assert found == {
        (): (1, 1),
        ("b",): (2, 4),
        ("b", "c"): (2, 8),
        ("b", "c", 1): (2, 12),
        ("b", "c", 1, "d"): (2, 16),
    }


def test_one_problem_in_a_wide_file_is_located_in_small_memory(tmp_path):
    """The position pass used to note every value's path: about 130 times the file's size."""
    text = MINIMAL.replace("schema_version: 1", "schema_version: 1\nextra: [" + ",".join(["1"] * 300_000) + "]")
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err, rss = run_measured(["check", str(path)])
    assert code == 3 and "wide.yaml:2:8: extra: unknown field" in err, err
    assert rss < 60, "before: 92 MiB for this 600 kB file (25 MiB now)"


@pytest.mark.parametrize(
    "number", ["9" * 5000, "-" + "1" * 4400, "0x" + "f" * 4000], ids=["decimal", "negative", "hex"]
)
def test_an_integer_too_long_to_read_is_one_error_at_its_line(tmp_path, number):
    text = MINIMAL.replace("title: Day event", f"title: {number}")
    err = assert_clean_failure(tmp_path, text, "is too long to read; quote it if it is text")
    assert "hostile.yaml:9:" in err


def test_a_loop_of_symbolic_links_is_one_error(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    for args in (["--data", str(tmp_path / "a.yaml"), "events"], ["check", str(tmp_path / "a.yaml")]):
        done = run_cli(*args, env=clean_env(XDG_CACHE_HOME=str(tmp_path / "cache")))
        assert done.returncode == 3 and done.stdout == ""
        assert done.stderr.strip().endswith("a.yaml: is a loop of symbolic links (each points on to the next)")


@pytest.mark.parametrize(
    "args", [["--data", "", "events"], ["check", ""], ["--data", "", "check"], ["-d", " ", "summary"]]
)
def test_an_empty_data_option_is_a_usage_error_not_the_bundled_timeline(args):
    done = run_cli(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert "needs a value; an empty one was given" in done.stderr


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_a_unicode_line_break_does_not_shift_the_reported_line(tmp_path, char):
    """YAML 1.1 counts U+0085, U+2028 and U+2029 as line breaks; editors and grep do not."""
    text = MINIMAL.replace("summary: A day.", f"summary: 'A{char}day{char}.'").replace(
        "title: Office held", "title: 12"
    )
    line = text[: text.index("title: 12")].count("\n") + 1
    column = text.index("title: 12") - text.rfind("\n", 0, text.index("title: 12")) + len("title: ")
    err = assert_clean_failure(tmp_path, text, "found the number 12")
    assert f"hostile.yaml:{line}:{column}: events[2].title" in err
    bad = MINIMAL.replace("summary: A day.", f"summary: 'A{char}day{char}.'").replace("kind: office,", "kind: [,")
    line = bad[: bad.index("kind: [,")].count("\n") + 1
    err = assert_clean_failure(tmp_path, bad, "YAML syntax error", name="syntax.yaml")
    assert f"syntax.yaml:{line}:" in err


# === Output, writes and exits (issue 23: the output side) =======================================
# Kept apart from the input-side tests above: what reaches a terminal, a clipboard or a document,
# what -o writes through, and how a run ends.

import re as _re  # noqa: E402

from conftest import parse_once, write_yaml  # noqa: E402
from ishiba_cli import spec  # noqa: E402
from ishiba_cli.render import CITATIONS, EXPORTS  # noqa: E402

#: the exports written as text (the SQLite database is binary and needs a file: run apart)
TEXT_EXPORTS = [name for name, fmt in EXPORTS.items() if not fmt.binary]

#: what a terminal acts on: ESC, BEL and the C1 controls (CSI, OSC... as single characters)
TERMINAL_CODES = _re.compile("[\x1b\x07\x80-\x9f]")
#: every kind of escape sequence a data file could try: window title, screen clear, CSI as one
#: C1 character, OSC 52 (write the clipboard), OSC 8 (a hyperlink), bidi override, zero width,
#: a tag character, DEL; and Markdown's table pipe, emphasis and HTML
PAYLOAD = "\x1b]0;T\x07\x1b[2J\x9b31m\x1b]52;c;aGk=\x07\x1b]8;;http://e\x1b\\\u202e\u200b\U000e0041|*x*<b>\x7f"
URL_PAYLOAD = "\x1b]0;T\x07\x9b\u202e|<"


def _poison(obj: spec.Obj, value: dict) -> None:
    """Append the payload to every text field the format declares, optional ones included."""
    for name, field in obj.fields.items():
        kind = field.type
        if type(kind) is spec.Text:
            value[name] = (value.get(name) or name) + PAYLOAD
        elif kind is spec.URL:
            value[name] = (value.get(name) or "https://example.org/") + URL_PAYLOAD
        elif isinstance(kind, spec.ListOf) and type(kind.item) is spec.Text:
            value[name] = [*(value.get(name) or [name]), "x" + PAYLOAD]
        elif isinstance(kind, spec.Obj):
            value.setdefault(name, {})
            _poison(kind, value[name])
        elif isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Obj):
            for item in value.get(name) or []:
                _poison(kind.item, item)


def hostile_document(same_contest: bool) -> dict:
    """The example timeline with the payload in every text field and URL, two races (of one
    contest, for a heading made from it, or of two, for a contest column), a glossary, a
    reaction and a variant."""
    doc = copy.deepcopy(BASE)
    race = copy.deepcopy(doc["races"][0])
    race.update(id="other-race", date="2020-09-14", attempt=4, result="lost", winner="takaichi-sanae", place=2)
    race["rounds"][0]["tallies"][0].update(votes=100, blocs={"Diet members" + PAYLOAD: 74, "chapters": 26})
    if not same_contest:
        race["contest"] = "another contest"
    doc["races"].append(race)
    doc["glossary"] = [{"term": "SOFA", "also": ["Status of Forces Agreement"]}]
    doc["proposals"][0]["reactions"] = [{"by": "someone", "summary": "s", "sources": ["diplomat-2024-10"]}]
    doc["quotes"][0]["variants"] = [{"text": "v", "sources": ["diplomat-2024-10"]}]
    _poison(spec.DOCUMENT, doc)
    for quote in doc["quotes"]:  # a quote's words stand in its passage (check's passage rule)
        quote["passage"] = f"Before. {quote['text']} After."
    for source in doc["sources"]:  # a snapshot address is checked as one: keep the archive out
        source.pop("archive_url", None)
        source.pop("archive_date", None)
    return doc


@pytest.fixture(params=[True, False], ids=["one-contest", "two-contests"])
def hostile_file(request, tmp_path, accept_controls, monkeypatch):
    """The file, parsed once for all the runs of a test (each of them parsing it again took
    half of the test's time)."""
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(hostile_document(request.param), allow_unicode=True), encoding="utf-8")
    parse_once(monkeypatch, path)
    return path


def every_run(path: Path, out: Path) -> list[list[str]]:
    data = ["--no-cache", "--data", str(path)]
    records = ["prime-minister", "ldp-race-2024", "last-fight", "revise-sofa", "ishiba-shigeru", "diplomat-2024-10"]
    runs = []
    for command in ("events", "races", "quotes", "proposals", "disputes", "summary", "sources", "people"):
        runs += [[*data, command, "-f", f] for f in FORMATS]
    runs += [[*data, "search", "x", "-f", f] for f in FORMATS]
    runs += [[*data, "show", r, "-f", f] for r in records for f in FORMATS]
    runs += [[*data, "cite", r, "-s", s] for r in records for s in CITATIONS]
    runs += [[*data, "export", "-f", f] for f in TEXT_EXPORTS]
    runs += [[*data, "export", "-f", f, "-o", str(out / f"export.{f}")] for f in TEXT_EXPORTS]
    runs += [[*data, "export", "-f", "sqlite", "-o", str(out / "export.db"), "--metadata", str(out / "meta.yml")]]
    runs += [[*data, "timeline"], [*data, "timeline", "--svg", "-"], [*data, "timeline", "--svg", str(out / "t.svg")]]
    return runs


@pytest.mark.parametrize("columns", ["40", "80", "250"])
def test_no_field_of_a_hostile_file_reaches_the_output_as_a_terminal_code(hostile_file, tmp_path, columns):
    """Every command, format, style and export, on a file with the payload in every field:
    nothing written (stdout, stderr, written files) holds ESC, BEL or a C1 control."""
    out = tmp_path / "out"
    out.mkdir()
    leaks = []
    runs = every_run(hostile_file, out)
    if columns != "80":  # only the terminal's own layouts change with the width
        runs = [args for args in runs if "table" in args or args[3:] == ["timeline"]]
    for args in runs:
        done = run_cli(*args, env=clean_env(COLUMNS=columns))
        assert done.returncode == 0, (args, done.stderr)
        for stream, text in (("stdout", done.stdout), ("stderr", done.stderr)):
            found = TERMINAL_CODES.search(text)
            if found:
                leaks.append(
                    f"ishiba {' '.join(args[3:])}: {stream}: {text[max(0, found.start() - 40) : found.end() + 5]!r}"
                )
    for written in out.iterdir():  # the database keeps the data as it is, for queries: a store, not a display
        if written.suffix != ".db" and TERMINAL_CODES.search(written.read_text(encoding="utf-8")):
            leaks.append(f"written file {written.name}")
    assert not leaks, "\n".join(leaks)
    assert len(list(out.iterdir())) == (len(TEXT_EXPORTS) + 3 if columns == "80" else 0)


def test_browse_copies_a_hostile_citation_escaped(accept_controls):
    """``c`` in browse puts the citation on the clipboard (OSC 52, base64 of the text): the
    text must be escaped as everywhere else, the URL included, in every citation style (one app,
    its style changed between presses as ``--style`` would have set it)."""
    import asyncio

    from ishiba_cli.browse.app import BrowseApp

    timeline = parse_timeline(yaml.safe_dump(hostile_document(True), allow_unicode=True), "hostile.yaml")
    copied = {}

    async def go():
        app = BrowseApp(timeline)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for style in CITATIONS:
                app.cite_style = style
                await pilot.press("c")  # the press returns once the app has handled the key
                copied[style] = app.clipboard

    asyncio.run(go())
    assert list(copied) == list(CITATIONS)
    for style, text in copied.items():
        assert "example.org" in text, (style, text)
        assert not TERMINAL_CODES.search(text), (style, repr(text))
    assert len(set(copied.values())) == len(CITATIONS), "each press copied its own style"


def test_a_pipe_in_a_contest_keeps_the_markdown_summary_table_whole(accept_controls, tmp_path):
    doc = hostile_document(False)
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    done = run_cli("--no-cache", "--data", str(path), "summary", "-f", "markdown")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 4 |") or line.startswith("| 5 |")]
    assert len(rows) == 2
    for row in rows:  # five cells: # | date | winner | result | marks (an escaped \| is not a border)
        assert len(_re.findall(r"(?<!\\)\|", row)) == 6, row


def test_json_escapes_zero_width_and_tag_characters_as_other_formats_do(tmp_path):
    path = write_yaml(tmp_path, MINIMAL.replace("Year only event", "Year\u200b only\U000e0041 event\u2066"))
    done = run_cli("--no-cache", "--data", str(path), "events", "-f", "json")
    assert "\u200b" not in done.stdout and "\U000e0041" not in done.stdout and "\u2066" not in done.stdout
    assert "\\u200b" in done.stdout and "\\udb40\\udc41" in done.stdout
    import json

    titles = [e["title"] for e in json.loads(done.stdout)]
    assert "Year\u200b only\U000e0041 event\u2066" in titles, "the same value, read back"


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ('"https://example.org/\\e]0;title\\a"', "U+001B"),
        ('"https://example.org/\\x9b31m"', "U+009B"),
        ('"https://example.org/\\u202eevil"', "is not an http(s) URL of printable characters"),
        ('"https://example.org/\\u200b"', "is not an http(s) URL of printable characters"),
    ],
    ids=["esc-bel", "c1", "bidi", "zero-width"],
)
def test_check_refuses_a_url_with_anything_but_printable_characters(tmp_path, value, expect):
    text = MINIMAL.replace("date: 2020-05}", f"date: 2020-05, url: {value}}}")
    assert text != MINIMAL
    err = assert_clean_failure(tmp_path, text, "sources[0].url")
    assert "hostile.yaml:4:" in err and expect in err


@pytest.mark.parametrize("char", ["\\e", "\\a", "\\x9b", "\\x7f", "\\b", "\\r"])
@pytest.mark.parametrize("field", ["summary", "title"])
def test_check_refuses_a_control_character_in_any_text_field(tmp_path, char, field):
    old = "summary: A day." if field == "summary" else "title: Day event"
    text = MINIMAL.replace(old, f'{old.split(":")[0]}: "A {char}day"', 1)
    assert text != MINIMAL
    err = assert_clean_failure(tmp_path, text, f"events[1].{field}: contains the control character U+")
    assert "hostile.yaml:9:" in err


def test_check_still_accepts_tabs_newlines_and_bidi_marks_in_text(tmp_path):
    text = MINIMAL.replace("summary: A day.", 'summary: "A\\tday.\\nAnd \\u200fשלום\\u200f."', 1)
    path = write_yaml(tmp_path, text)
    assert run_cli("--no-cache", "check", str(path)).returncode == 0


# --- regular expressions ---------------------------------------------------------------------


def test_a_repetition_count_too_large_is_a_usage_error():
    done = run_cli("events", "--regex", "--grep", "a{99999999999}")
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.startswith("error: invalid regular expression 'a{99999999999}'") and "Traceback" not in done.stderr
    )


def test_a_catastrophic_regex_is_stopped_with_a_clear_message(tmp_path, monkeypatch):
    """``(a|aa)+$`` against 60 a's and a stop backtracks through every split of the a's: far
    beyond any limit on any machine. The limit is made small so the test is quick; the outcome
    does not depend on the machine's speed."""
    from ishiba_cli import search

    monkeypatch.setattr(search, "REGEX_SECONDS", 0.05)
    path = write_yaml(tmp_path, MINIMAL.replace("summary: A day.", f"summary: {'a' * 60}!", 1))
    done = run_cli("--no-cache", "--data", str(path), "events", "--regex", "--grep", "(a|aa)+$")
    assert done.returncode == 2 and done.stdout == ""
    assert "ran for 0.05 s without finishing and was stopped" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_nested_repeat_that_re_would_hang_on_finishes(tmp_path):
    path = write_yaml(tmp_path, MINIMAL.replace("summary: A day.", f"summary: {'a' * 60}!", 1))
    done = run_cli("--no-cache", "--data", str(path), "events", "--regex", "--grep", "(a+)+$", "-f", "jsonl")
    assert done.returncode == 0 and "day-event" not in done.stdout, done.stderr  # a's, then "!": no match


# --- writes: -o through links, devices, FIFOs, folders --------------------------------------


def export_to(target: str, *more: str, cwd: Path):
    return run_cli("--no-cache", "--data", str(EXAMPLE), "export", "-f", "json", "-o", target, *more, cwd=cwd)


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    refused = export_to("link.json", cwd=tmp_path)
    assert refused.returncode == 2 and "add --force" in refused.stderr
    done = export_to("link.json", "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.json").is_symlink(), "the link itself is kept"
    assert (tmp_path / "real.json").read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"], "no temporary file left"


def test_a_dangling_link_needs_force(tmp_path):
    (tmp_path / "link.json").symlink_to("missing.json")
    refused = export_to("link.json", cwd=tmp_path)
    assert refused.returncode == 2 and "link.json is a link to nothing yet; add --force" in refused.stderr
    assert not (tmp_path / "missing.json").exists()
    done = export_to("link.json", "--force", cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "missing.json").read_text(encoding="utf-8").startswith("{")
    assert (tmp_path / "link.json").is_symlink()


def test_a_link_to_the_data_file_is_refused_even_with_force(tmp_path):
    data = tmp_path / "t.yaml"
    data.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "link.json").symlink_to("t.yaml")
    done = run_cli("--no-cache", "--data", str(data), "export", "-o", "link.json", "--force", cwd=tmp_path)
    assert done.returncode == 2 and "never writes to its data file" in done.stderr
    assert data.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_is_refused_even_with_force(tmp_path, kind):
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe")
        target, expect = str(tmp_path / "pipe"), "is not a regular file"
    else:
        (tmp_path / "dir").mkdir()
        target, expect = str(tmp_path / "dir"), "is a folder"
    done = export_to(target, "--force", cwd=tmp_path)
    assert done.returncode == 2 and expect in done.stderr and done.stdout == ""
    if kind == "fifo":
        assert (tmp_path / "pipe").is_fifo(), "the FIFO is left as it was"


@pytest.mark.parametrize("through_a_link", [False, True], ids=["device", "link-to-device"])
def test_a_device_is_refused_even_with_force(tmp_path, monkeypatch, through_a_link):
    """Run in-process with every way of writing a file made to fail the test first: a run as
    root that wrongly went ahead would replace /dev/null for the whole machine."""
    import tempfile

    from ishiba_cli import files

    def never(*args, **kwargs):
        raise AssertionError("a write was attempted next to a device")

    monkeypatch.setattr(tempfile, "mkstemp", never)
    monkeypatch.setattr(files.os, "replace", never)
    target = "/dev/null"
    if through_a_link:
        (tmp_path / "link").symlink_to("/dev/null")
        target = str(tmp_path / "link")
    with pytest.raises(IshibaError) as refused:
        files.write_atomic(target, "text", force=True)
    assert "is not a regular file (a device, a FIFO or a socket)" in refused.value.message
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("name", ["/dev/stdout", "-"])
def test_output_to_dev_stdout_is_standard_output(tmp_path, name):
    done = export_to(name, cwd=tmp_path)
    assert done.returncode == 0 and "--force" not in done.stderr
    assert done.stdout.startswith("{")


def test_an_output_name_too_long_is_a_one_line_error(tmp_path):
    done = export_to("x" * 300 + ".json", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.endswith(": File name too long\n")


def test_an_empty_output_name_is_a_usage_error(tmp_path):
    done = export_to("", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == "error: --output needs a value; an empty one was given\n"


def test_a_file_used_as_a_folder_is_named_as_such(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = export_to("file/out.json", cwd=tmp_path)
    assert done.returncode == 2 and "file is not a folder" in done.stderr
