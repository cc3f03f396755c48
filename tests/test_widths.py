"""Nothing vanishes at any width: every word of every cell and every flag is on screen.

Listings lay out as a table where the columns fit and stack (one record a block, one field a
line) where they do not; detail views wrap. Checked at 40, 60, 80, 132 and 250 columns.
"""

from __future__ import annotations

import functools
import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import clean_env, run_cli
from ishiba_cli.render import views
from ishiba_cli.render.terminal import table, to_text

WIDTHS = [40, 60, 80, 132, 250]
LISTINGS = [
    ["events"],
    ["races"],
    ["quotes"],
    ["quotes", "equal terms"],
    ["proposals"],
    ["people"],
    ["sources"],
]


def _console(width: int):
    from rich.console import Console

    return Console(width=width, no_color=True, color_system=None, highlight=False, markup=False, emoji=False)


def _words_missing(cell: str, screen: str) -> list[str]:
    """The words of ``cell`` not found on ``screen``; a word folded across lines counts when
    its pieces appear in order on consecutive lines."""
    flat = _without_spaces(screen)
    whole = _words_of(screen)  # a word shown whole is found without scanning the screen
    return [w for w in cell.split() if w not in whole and w not in screen and w not in flat and not _folded(w, screen)]


@functools.lru_cache(maxsize=4)
def _words_of(screen: str) -> frozenset[str]:
    return frozenset(screen.split())


@functools.lru_cache(maxsize=4)
def _without_spaces(screen: str) -> str:
    """The screen with its spaces and line breaks taken out (once per screen, not per cell)."""
    return "".join(screen.split())


def _folded(word: str, screen: str) -> bool:
    """Whether ``word`` is on screen in pieces of four or more characters (the way a column
    folds a word longer than itself, Japanese text above all)."""
    at = 0
    while at < len(word):
        size = next((n for n in range(len(word) - at, 0, -1) if word[at : at + n] in screen), 0)
        if size < min(4, len(word) - at):
            return False
        at += size
    return True


SECTIONS = ["events", "races", "quotes", "proposals", "people", "sources", "disputes"]


def _records(timeline, section: str) -> list:
    from ishiba_cli import query

    return query.disputes(timeline) if section == "disputes" else list(timeline.section(section))


_LAID: dict[tuple, tuple] = {}


def _laid_out(timeline, section: str, width: int):
    """A section's whole listing and its lines at ``width``: laid out once for the tests that
    read it (what is on screen, and what each writer makes of the same lines)."""
    key = (id(timeline), section, width)
    if key not in _LAID:
        from ishiba_cli.render.terminal import layout

        view = views.listing(section, _records(timeline, section), timeline)
        _LAID[key] = view, layout(table(view), width)
    return _LAID[key]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_cell_of_every_listing_is_on_screen(timeline, section, width):
    from ishiba_cli.render.terminal import written

    view, lines = _laid_out(timeline, section, width)
    screen = written(lines, _console(width))
    lines = screen.splitlines()
    assert all(len(line) <= width for line in lines), "no line is wider than the terminal"
    assert not any(a == b == "" for a, b in itertools.pairwise(lines)), "no run of blank filler lines"
    for record in view.records:
        for column in view.columns:
            missing = _words_missing(column.value(record), screen)
            assert not missing, f"{record.id}: {column.header or 'flags'} lost {missing[:3]} at {width} columns"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a))
def test_flags_survive_every_width_in_the_cli(args, width):
    done = run_cli(*args, env=clean_env(COLUMNS=str(width)))
    assert done.returncode == 0, done.stderr
    records = _as_json(tuple(args))
    disputed = [r["id"] for r in records if r.get("disputes")]
    assert done.stdout.count("⚑") == len(disputed), f"every disputed record flagged at {width} columns"
    unsure = [r["id"] for r in records if r.get("confidence", "verified") != "verified"]
    assert done.stdout.count("?") >= len(unsure)
    flat = _without_spaces(done.stdout)
    for rid in (r["id"] for r in records):
        assert rid in flat, f"{rid} is on screen at {width} columns"


@functools.lru_cache
def _as_json(args: tuple[str, ...]) -> list[dict]:
    """The records a listing holds, read from its JSON (once per listing, not per width)."""
    return json.loads(run_cli(*args, "--format", "json").stdout)


def test_a_narrow_terminal_stacks_records_instead_of_dropping_columns():
    done = run_cli("quotes", "equal terms", env=clean_env(COLUMNS="40"))
    assert "quote    “on equal terms with the U.S.”" in done.stdout
    assert "must have its own military" in done.stdout
    races = run_cli("races", env=clean_env(COLUMNS="60")).stdout
    assert "runoff" in races and "25 / 351" in races and races.count("⚑") == 2


def test_a_wide_terminal_keeps_the_table():
    done = run_cli("races", env=clean_env(COLUMNS="132"))
    header = done.stdout.splitlines()[0]
    assert header.split() == ["#", "date", "id", "winner", "result", "Ishiba", "/", "rival", "runoff", "marks"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rid", ["revise-sofa", "ldp-race-2020", "help-strengthen", "naha-speech"])
def test_detail_views_keep_every_word(timeline, rid, width):
    record = timeline.by_id[rid]
    view = views.detail(record, timeline)
    screen = to_text(table(view), _console(width))
    assert all(len(line) <= width for line in screen.splitlines())
    for _, value in view.fields:
        assert not _words_missing(value, screen), f"{rid} at {width}"
    for _, lines in view.blocks:
        for line in lines:
            assert not _words_missing(line, screen), f"{rid} at {width}"
    if record.disputes:
        assert "⚑" in screen and "Disputed" in screen


@pytest.mark.parametrize("width", [40, 60])
def test_the_summary_wraps_instead_of_cutting(timeline, width):
    done = run_cli("summary", env=clean_env(COLUMNS=str(width)))
    assert all(len(line) <= width for line in done.stdout.splitlines())
    assert "first-press-conference" in done.stdout
    flagged = [r for r in (*timeline.races, *timeline.proposals) if r.disputes]
    assert done.stdout.count("⚑") == len(flagged) + 1  # each disputed race and proposal, and the key
    assert "the sources disagree" in done.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_every_dispute_is_on_screen_at_every_width(width):
    done = run_cli("disputes", env=clean_env(COLUMNS=str(width)))
    rows = _as_json(("disputes",))
    for row in rows:
        for value in (row["record"], row["claim"], row["finding"], *row["claimed_by"], *row["supported_by"]):
            assert not _words_missing(value, done.stdout), f"{row['record']} at {width}"


def _coloured_console(width: int):
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), width=width, height=25, color_system="standard", force_terminal=True,
                   highlight=False, markup=False, emoji=False, legacy_windows=False)  # fmt: skip


def _check_the_writers(lines, width: int, what: str) -> None:
    """What Rich writes for ``lines`` with colour is what the styled writer writes, and its
    characters (Rich writes the same characters with colour or without, adding only the SGR
    codes of the styles: data text never holds an escape) are what the plain writer writes."""
    from ishiba_cli.render.terminal import written

    coloured = _coloured_console(width)
    by_rich = written(lines, coloured, fast=False)
    assert written(lines, coloured) == by_rich, f"styled writer: {what} at {width}"
    assert written(lines, _console(width)) == re.sub(r"\x1b\[[0-9;]*m", "", by_rich), f"plain writer: {what} at {width}"


@pytest.mark.parametrize("width", [40, 60, 80, 100, 132, 250])
@pytest.mark.parametrize("section", SECTIONS)
def test_the_plain_text_fast_path_prints_what_rich_prints(timeline, section, width):
    _check_the_writers(_laid_out(timeline, section, width)[1], width, section)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab cd  efghij石破茂地位協定-.")), min_size=0, max_size=60),
    width=st.integers(min_value=2, max_value=30),
    marked=st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60)),
)
def test_wrapping_fits_the_width_loses_nothing_and_keeps_each_style_on_its_characters(text, width, marked):
    from rich.text import Span

    from ishiba_cli.render.terminal import Line, wrap

    start, end = sorted(marked)
    start, end = min(start, len(text)), min(end, len(text))
    styled = Line(text, [Span(start, end, "bold")] if end > start else [])
    lines = wrap(styled, width)
    assert [line.plain for line in lines] == [line.plain for line in wrap(Line(text), width)], "styles move nothing"
    assert all(_cells(line.plain.rstrip()) <= width for line in lines)
    assert "".join(text.split()) == "".join("".join(line.plain for line in lines).split())  # nothing lost or added
    bold = "".join(line.plain[a:b] for line in lines for a, b, _ in line.spans)
    assert "".join(bold.split()) == "".join(text[start:end].split()), "the bold characters, and only they, stay bold"


#: words, marks and blanks a line of a listing is made of, in both scripts
PIECES = ["id", "-", "/", ".", ",", "(", ")", " ", "  ", "equal", "terms-2024", "石破茂", "地位協定の", "「NATO」",
          "。", "é"]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(PIECES), max_size=30),
    width=st.integers(min_value=1, max_value=30),
)
def test_a_printable_line_breaks_where_the_word_by_word_rule_breaks_it(words, width):
    """Printable text (most of a listing) is broken a line at a time; any other text word by word."""
    from ishiba_cli.render.terminal import _spaced_offsets, _word_offsets

    text = "".join(words)
    assert _spaced_offsets(text, width) == _word_offsets(text, width), f"{text!r} at {width}"


def test_cells_are_counted_as_rich_counts_them():
    """Summed a character at a time where that is Rich's count, else counted by Rich."""
    from rich.cells import cell_len

    from ishiba_cli.render.terminal import _cells

    for text in ["石破茂", "地位協定の改定。", "ＡＢＣ", "café", "cafe\u0301", "Ж\u0483", "a\u00a0b", "全\u3000角", "👍🏽",
                 "👨\u200d👩\u200d👧", "☺\ufe0f", "é石 a", "\u2500\u2502"]:  # fmt: skip
        assert _cells(text) == cell_len(text), text


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


@pytest.mark.parametrize(
    "text, width, lines",
    [
        # an id or URL too long for its column breaks after a hyphen or slash, not mid-word
        ("nuclear-sharing-budget-committee-2023", 20, ["nuclear-sharing-", "budget-committee-", "2023"]),
        ("https://news.livedoor.com/topics/detail/29754937/", 30,
         ["https://news.livedoor.com/", "topics/detail/29754937/"]),
        # no line starts with a closing mark or ends with an opening one (kinsoku)
        ("石破氏は「アジア版NATO」構想を語った。", 10, ["石破氏は", "「アジア版", "NATO」構想", "を語った。"]),
        ("地位協定の改定は一朝一夕にはできない。", 18, ["地位協定の改定は一", "朝一夕にはできな", "い。"]),
        # ordinary words still move to the next line whole
        ("equal terms with the U.S.", 12, ["equal terms", "with the", "U.S."]),
    ],
)  # fmt: skip
def test_long_words_fold_where_a_reader_expects(text, width, lines):
    from ishiba_cli.render.terminal import Line, wrap

    assert [line.plain.rstrip() for line in wrap(Line(text), width)] == lines


@pytest.mark.parametrize("width", [40, 80, 250])
def test_search_results_are_written_as_rich_writes_them_highlights_over_styles_and_all(timeline, width):
    from ishiba_cli import query
    from ishiba_cli.render.terminal import _apart, layout
    from ishiba_cli.search import Matcher, parse_query

    matcher = Matcher(parse_query(["sofa"]))
    lines = layout(table(views.grouped(query.search_all(timeline, matcher), timeline, matcher)), width)
    assert not all(_apart(line.spans, len(line.plain)) for line in lines), "a highlight over a styled cell"
    _check_the_writers(lines, width, "search sofa")


def test_styles_over_one_another_are_written_as_rich_writes_them():
    from rich.style import Style
    from rich.text import Span

    from ishiba_cli.render.terminal import Line

    lines = [
        Line("a cyan id with a match", [Span(0, 22, "cyan"), Span(14, 22, "bold yellow")]),  # the later one wins
        Line("nested and touching", [Span(0, 6, "dim"), Span(2, 4, "red"), Span(6, 10, "green"), Span(4, 6, "blue")]),
        Line("empty and past the end", [Span(3, 3, "red"), Span(2, 5, "bold"), Span(18, 40, "italic")]),
        Line("a Style object", [Span(0, 1, Style(color="magenta", underline=True)), Span(0, 14, "yellow")]),
        Line("石破茂 plain", []),
    ]
    _check_the_writers(lines, 40, "overlapping styles")


@pytest.mark.parametrize("width", [40, 60, 80, 132, 250])
def test_the_plain_text_fast_path_prints_details_and_the_summary_as_rich_does(timeline, width):
    from ishiba_cli import query
    from ishiba_cli.render.terminal import layout

    shown = {rid: views.detail(timeline.by_id[rid], timeline) for rid in
             ("revise-sofa", "asian-nato", "ldp-race-2012", "help-strengthen", "diplomat-2024-10", "ishiba-shigeru",
              "prime-minister", "us-japan-trade-deal")}  # fmt: skip
    shown["summary"] = views.SummaryView(query.summarize(timeline))
    for what, view in shown.items():
        _check_the_writers(layout(table(view), width), width, what)


@pytest.mark.parametrize("args", [["events", "--year", "2024"], ["quotes", "sofa"], ["races"], ["timeline"]])
def test_columns_zero_or_tiny_still_shows_everything(args):
    """COLUMNS=0 reads to Rich as zero columns (it printed nothing and exited 0): it means an
    unknown width; fewer than 20 columns are laid out as 20 and left to the terminal to wrap."""
    wide = run_cli(*args, env=clean_env(COLUMNS="80"))
    zero = run_cli(*args, env=clean_env(COLUMNS="0"))
    assert zero.returncode == 0 and zero.stdout == wide.stdout and zero.stdout.strip()
    tiny = run_cli(*args, env=clean_env(COLUMNS="5"))
    twenty = run_cli(*args, env=clean_env(COLUMNS="20"))
    assert tiny.returncode == 0 and tiny.stdout == twenty.stdout and tiny.stdout.strip()


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_summary_bars_fit_the_width_one_line_a_year(timeline, width):
    out = run_cli("summary", env=clean_env(COLUMNS=str(width))).stdout.splitlines()
    start = out.index("Events per year") + 1
    years = {str(d.year) for e in timeline.events for d in [e.date]}
    block = out[start : start + len(years)]
    assert [line.split()[0] for line in block] == sorted(years)  # no bar wrapped onto a line of its own
    assert all(len(line) <= width for line in block)


def test_wrapped_lines_keep_their_indent_and_a_circa_date_stays_whole():
    from ishiba_cli.render.terminal import Line, wrap

    assert [line.plain.rstrip() for line in wrap(Line("    Takaichi Sanae: 181 (Diet 72, regional 109)"), 34)] == [
        "    Takaichi Sanae: 181 (Diet 72,",
        "    regional 109)",
    ]
    out = run_cli("show", "ldp-race-2024", env=clean_env(COLUMNS="40")).stdout
    assert "      72, party members 109)" in out  # under the tally it continues, not at the bullet's indent
    summary = run_cli("summary", env=clean_env(COLUMNS="40")).stdout.splitlines()
    assert not any(line.startswith(("contradicted", "conflicting", "simplified")) for line in summary)
    events = run_cli("events", "--year", "1983", env=clean_env(COLUMNS="60")).stdout
    assert "c. 1983" in events


@pytest.mark.parametrize("width", [100, 110, 132, 250])
def test_a_span_keeps_its_date_on_one_line_where_there_is_room(timeline, width):
    """The date column wrapped '2001-06-07 –' / '2008-06' even at 100-110 columns."""
    done = run_cli("events", "--kind", "office", env=clean_env(COLUMNS=str(width)))
    spans = [views.when(e) for e in timeline.events if e.kind == "office" and e.end is not None]
    assert spans
    lines = done.stdout.splitlines()
    for span in spans:
        assert any(line.startswith(span + "  ") for line in lines), span
    assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("width", [80, 90])
def test_where_room_is_short_the_date_column_wraps_a_span_and_the_title_keeps_its_room(timeline, width):
    done = run_cli("events", "--kind", "office", env=clean_env(COLUMNS=str(width)))
    header = done.stdout.splitlines()[0]
    assert header.index("id") <= len("c. 2010-01-12") + 2, "the date column holds its narrow width"
    assert "2002-09-30 –\n2004-09-27" in "\n".join(line[:13].rstrip() for line in done.stdout.splitlines())


def _small_table():
    """Two records in a listing of an id column and a title that wraps (the second in Japanese,
    two cells a character)."""
    from types import SimpleNamespace

    records = [
        SimpleNamespace(id="kono-2024", title="Wins the leadership at the third attempt"),
        SimpleNamespace(id="ishiba", title="石破茂が自由民主党総裁選挙で勝利し首相に就任する"),
    ]
    columns = [
        views.Column("id", lambda r: r.id, no_wrap=True, style="cyan"),
        views.Column("title", lambda r: r.title, ratio=1),
    ]
    return table(views.Listing("events", records, columns, None))


def test_a_small_table_is_laid_out_as_these_lines_at_40_columns():
    from rich.text import Span

    from ishiba_cli.render.terminal import layout

    lines = layout(_small_table(), 40)
    assert [line.plain for line in lines] == [
        "id         title",
        "────────────────────────────────────────",
        "kono-2024  Wins the leadership at the",
        "           third attempt",
        "ishiba     石破茂が自由民主党総裁選挙で",
        "           勝利し首相に就任する",
    ]
    assert lines[0].spans == [Span(0, 2, "bold"), Span(11, 16, "bold")]
    assert lines[2].spans == [Span(0, 9, "cyan")] and lines[3].spans == []


def test_where_the_title_would_get_too_narrow_the_small_table_stacks():
    from ishiba_cli.render.terminal import layout

    assert [line.plain for line in layout(_small_table(), 30)] == [
        "id     kono-2024",
        "title  Wins the leadership at",
        "       the third attempt",
        "",
        "id     ishiba",
        "title  石破茂が自由民主党総裁",
        "       選挙で勝利し首相に就任",
        "       する",
    ]
