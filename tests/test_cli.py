"""The CLI as a process: exit status, stdout and stderr, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, clean_env, run_cli, run_process, write_yaml
from ishiba_cli.render import FORMATS

LISTINGS = [
    ["events", "--year", "2024"],
    ["races"],
    ["quotes", "alliance"],
    ["proposals"],
    ["search", "okinawa"],
    ["sources", "--grep", "asahi"],
    ["people"],
]
DETAILS = [["proposals", "sofa"], ["show", "naha-speech"], ["show", "ldp-race-2020"], ["show", "abe-shinzo"],
           ["show", "diplomat-2024-10"], ["show", "help-strengthen"], ["summary"]]  # fmt: skip


def parse(fmt: str, text: str):
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt in {"csv", "tsv"}:
        if fmt == "csv":
            return list(csv.reader(io.StringIO(text)))
        return list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))  # TSV never quotes
    return text


@pytest.mark.parametrize("args", LISTINGS + DETAILS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_command_in_every_format(args, fmt):
    done = run_cli(*args, "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = parse(fmt, done.stdout)
    assert data
    if fmt == "json" and args in LISTINGS:
        assert isinstance(data, list) and all("id" in r for r in data)
    if fmt == "json" and args in DETAILS:
        assert isinstance(data, dict)
    if fmt in {"csv", "tsv"}:
        assert len({len(row) for row in data}) == 1, "every row has the header's width"
    if fmt == "table":
        assert "Traceback" not in done.stdout


def as_cell(value) -> str:
    """A JSON value as the CSV and TSV write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_search_as_csv_or_tsv_holds_all_the_json_holds(fmt):
    terms = ["--any", "nato", "sovereign nation", "prime minister of japan"]
    records = json.loads(run_cli("search", *terms, "--format", "json").stdout)
    header, *rows = parse(fmt, run_cli("search", *terms, "--format", fmt).stdout)
    found = {(row[0], row[1]): dict(zip(header, row, strict=True)) for row in rows}
    assert len(found) == len(rows) == len(records)
    for record in records:
        row = found[(record["type"], record["id"])]
        for field, value in record.items():
            assert row[field] == as_cell(value), (record["id"], field)
    by_id = {key[1]: row for key, row in found.items()}
    assert by_id["prime-minister"]["end"] == "2025-10-21"
    assert by_id["sovereign-nation"]["circa"] == "true" and by_id["sovereign-nation"]["confidence"] == "plausible"
    assert json.loads(by_id["hudson-op-ed"]["disputes"])[0]["claim"]
    assert header[:4] == ["type", "id", "date", "title"], "the first columns stay where they were"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_summary_as_csv_or_tsv_is_the_whole_summary_not_only_the_years(fmt):
    summary = json.loads(run_cli("summary", "--format", "json").stdout)
    done = run_cli("summary", "--format", fmt)
    assert done.returncode == 0 and done.stderr == ""
    header, *rows = parse(fmt, done.stdout)
    assert header == ["section", "item", "field", "value"]
    rebuilt: dict = {}
    for section, item, field, value in rows:
        if item:
            entries = rebuilt.setdefault(section, [])
            if len(entries) < int(item):
                entries.append({})
            entries[int(item) - 1][field] = value
        elif field:
            rebuilt.setdefault(section, {})[field] = value
        else:
            rebuilt[section] = value
    expected = {
        section: [{k: as_cell(v) for k, v in entry.items()} for entry in value]
        if isinstance(value, list)
        else {k: as_cell(v) for k, v in value.items()}
        if isinstance(value, dict)
        else as_cell(value)
        for section, value in summary.items()
    }
    assert rebuilt == expected
    assert ["races", "1", "disputed", "true"] in rows and ["counts", "", "races", "5"] in rows


def test_events_year_2024_lists_the_premiership():
    done = run_cli("events", "--year", "2024", "--format", "json")
    ids = [e["id"] for e in json.loads(done.stdout)]
    assert {"announces-final-bid", "prime-minister", "wins-ldp-presidency"} <= set(ids)
    dates = [e["date"] for e in json.loads(done.stdout)]
    assert dates == sorted(dates), "oldest first"


def test_quote_search_equal_terms():
    done = run_cli("quotes", "equal terms", "--format", "json")
    assert {q["id"] for q in json.loads(done.stdout)} == {"equal-terms", "own-military-strategy"}


def test_japanese_script_finds_records_about_him():
    done = run_cli("search", "石破", "--format", "json")
    types = {r["type"] for r in json.loads(done.stdout)}
    assert {"event", "quote", "person"} <= types


def test_races_flag_the_2021_dispute():
    done = run_cli("races")
    line = next(line for line in done.stdout.splitlines() if "ldp-race-2020" in line)
    assert "⚑" in line


def test_nothing_matched_exits_0_with_empty_output_and_a_note():
    done = run_cli("events", "--year", "1900", "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    assert done.stderr.strip() == "no event matched --year 1900"
    table = run_cli("quotes", "zebra")
    assert table.returncode == 0 and "quote" in table.stdout and "no quote matched" in table.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--from", "2024-13"], "--from '2024-13' has month 13"),
        (["events", "--to", "24-01-01"], "is not a date"),
        (["events", "--year", "0"], "--year"),
        (["events", "--limit", "-1"], "--limit"),
        (["events", "--format", "yaml"], "yaml"),
        (["quotes", "(", "--regex"], "invalid regular expression"),
        (["events", "--nope"], "No such option"),
        (["events", "--from", "2010", "--to", "2009"], "after"),
        (["nosuchcommand"], "No such command"),
    ],
)
def test_usage_errors_exit_2(args, message):
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr


def test_unknown_id_exits_4_with_suggestions():
    done = run_cli("show", "naha-speach")
    assert done.returncode == 4
    assert "error: no record has the id or name 'naha-speach'" in done.stderr
    assert "did you mean: naha-speech" in done.stderr
    assert done.stdout == ""


def test_ambiguous_id_exits_4():
    done = run_cli("show", "ldp-race-20")
    assert done.returncode == 4 and "ambiguous" in done.stderr


def test_bad_data_file_exits_3_naming_file_line_and_field(tmp_path):
    path = write_yaml(tmp_path, MINIMAL.replace("date: 2019-01,", "date: 2024-02-30,"), "mine.yaml")
    done = run_cli("--data", str(path), "events")
    assert done.returncode == 3
    assert "mine.yaml:11:23: events[3].date: '2024-02-30' is not a date" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_missing_data_file_exits_3(tmp_path):
    done = run_cli("--data", str(tmp_path / "none.yaml"), "summary")
    assert done.returncode == 3 and "none.yaml: no such file" in done.stderr


def test_the_environment_variable_chooses_the_timeline(tmp_path):
    done = run_cli("check", env=clean_env(ISHIBA_DATA=str(EXAMPLE)))
    assert done.returncode == 0 and "example.yaml: valid: 1 event, 1 race" in done.stdout


def test_data_option_wins_over_the_environment(tmp_path):
    done = run_cli("--data", str(EXAMPLE), "check", env=clean_env(ISHIBA_DATA=str(tmp_path / "x.yaml")))
    assert done.returncode == 0


def test_check_reports_counts_and_span_for_the_bundled_timeline():
    done = run_cli("check")
    assert done.returncode == 0
    assert done.stdout.startswith("data/timeline.yaml: valid: ")
    import yaml

    raw = yaml.load((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert f"{len(raw['events'])} events, {len(raw['races'])} races, {len(raw['quotes'])} quotes" in done.stdout
    dates = [str(r[k]) for s in ("events", "races", "quotes") for r in raw[s] for k in ("date", "end") if k in r]
    assert f"{min(dates)} to " in done.stdout and "1957-02-04 to " in done.stdout


def test_check_lists_every_problem_and_exits_3(tmp_path):
    text = MINIMAL.replace("title: Day event", "title: yes").replace("date: 2008,", "date: 2008-13,")
    done = run_cli("check", str(write_yaml(tmp_path, text)))
    assert done.returncode == 3
    assert done.stderr.count("error: ") == 2
    assert "quote it" in done.stderr and "month 13" in done.stderr


def test_check_never_writes_to_the_data_file(tmp_path):
    path = write_yaml(tmp_path, MINIMAL)
    before = path.read_bytes(), path.stat().st_mtime_ns
    for args in (["check", str(path)], ["--data", str(path), "summary"], ["--data", str(path), "events", "-f", "json"]):
        assert run_cli(*args).returncode == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_no_command_shows_help_with_examples():
    done = run_cli()
    assert done.returncode == 0
    assert "ishiba events --year 2024" in done.stdout and 'ishiba quotes "equal terms"' in done.stdout


def test_schema_is_json_schema():
    done = run_cli("schema")
    schema = json.loads(done.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "events" in schema["properties"]


def test_table_keeps_its_shape_when_piped_and_colour_can_be_forced():
    piped = run_cli("races")
    forced = run_cli("--color", "always", "races")
    assert "\x1b[" not in piped.stdout and "\x1b[" in forced.stdout
    never = run_cli("--color", "never", "races", env=clean_env(FORCE_COLOR="1"))
    assert "\x1b[" not in never.stdout
    no_color = run_cli("--color", "always", "races", env=clean_env(NO_COLOR="1"))
    assert "\x1b[" in no_color.stdout  # an explicit --color always wins over NO_COLOR


def test_version():
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("ishiba ")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ishiba show naha", "naha-speech"),
        ("ishiba proposals asi", "asian-nato"),
        ("ishiba events --tag so", "sofa"),
        ("ishiba events --kind off", "office"),
        ("ishiba quotes --speaker iwa", "iwaya-takeshi"),
    ],
)
def test_shell_completion_completes_ids_kinds_tags_and_people(words, expected):
    env = clean_env(_ISHIBA_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
    done = run_process(env=env)  # the shell runs the program, and Click reads these from the process
    assert done.returncode == 0
    assert expected in done.stdout.split()


def test_a_shell_quoted_argument_is_a_phrase_and_separate_words_are_and():
    phrase = json.loads(run_cli("quotes", "terms equal", "--format", "json").stdout)
    words = json.loads(run_cli("quotes", "terms", "equal", "--format", "json").stdout)
    assert phrase == [] and {q["id"] for q in words} == {"equal-terms", "own-military-strategy"}


def test_explain_says_how_dates_and_search_were_read():
    done = run_cli("events", "--from", "2008-09", "--to", "2009", "--grep", "defense", "--explain")
    assert done.returncode == 0
    assert "explain: from/to: 2008-09-01 to 2009-12-31" in done.stderr
    assert "overlaps the range" in done.stderr
    assert 'explain: search: "defense"' in done.stderr
    assert "explain" not in done.stdout


@pytest.mark.parametrize("args, status", [(["events", "--year", "2024"], 0), (["show", "nothing-here"], 4),
                                          (["events", "--bogus"], 2), (["--data", "missing.yaml", "events"], 3)])  # fmt: skip
def test_the_console_script_exits_as_the_in_process_runs_do(args, status):
    """The real exit path (entry.py flushes and leaves with os._exit) gives the same answers."""
    real, inner = run_process(*args), run_cli(*args)
    assert real.returncode == inner.returncode == status
    assert real.stdout == inner.stdout


def test_limit_says_when_it_held_records_back():
    done = run_cli("events", "-n", "3")
    assert len(json.loads(run_cli("events", "-n", "3", "-f", "json").stdout)) == 3
    assert "showing the first 3 events; more match (--limit 3)" in done.stderr
    assert run_cli("events", "--year", "1957", "-n", "5").stderr == ""  # all shown: nothing to say
    assert "showing the last 1 quote" in run_cli("quotes", "-n", "1", "-r").stderr


def test_search_flags_without_words_say_they_change_nothing():
    done = run_cli("events", "--regex", "--any", "-n", "1")
    assert done.returncode == 0 and "--any, --regex shape a search, and no words were given" in done.stderr


def test_a_timeline_can_be_piped_in():
    other = (ROOT / "tests" / "data" / "other-subject.yaml").read_text(encoding="utf-8")
    done = run_cli("--data", "-", "summary", input=other)
    assert done.returncode == 0 and done.stdout.startswith("Maren Holt")
    checked = run_cli("check", "-", input=other)
    assert checked.returncode == 0 and checked.stdout.startswith("<stdin>: valid:")
    broken = run_cli("--data", "-", "events", input="x: [\n")
    assert broken.returncode == 3 and broken.stderr.startswith("error: <stdin>:2:1:")


def test_quotes_take_on_as_events_do():
    rows = json.loads(run_cli("quotes", "--on", "2024-09", "-f", "json").stdout)
    assert rows and all(r["date"].startswith("2024-09") or r["date"] == "2024" for r in rows)
    assert run_cli("quotes", "--on", "1900").stderr.startswith("no quote matched --on 1900")
