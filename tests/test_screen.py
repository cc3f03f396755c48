"""Where a run shows its output (``cli/output.py``'s ``Screen``): whether it is a terminal, whether
styles are written, and the width tables are laid out for; decided by the project's own rule, so
that plain output needs no Rich console."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import termios

import pytest

from conftest import clean_env, run_cli
from ishiba_cli.cli.environment import Environment
from ishiba_cli.cli.output import Color, Screen


class _Tty(io.StringIO):
    """An in-memory stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _env(tty: bool = True, **variables: str) -> Environment:
    out = _Tty() if tty else io.StringIO()
    return Environment(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), environ=variables)


# (colour, variables, stdout a terminal) -> (a terminal, styles written), by the rule in README.md
CASES = [
    (Color.auto, {}, True, (True, True)),
    (Color.auto, {}, False, (False, False)),
    (Color.auto, {"NO_COLOR": "1"}, True, (True, False)),
    (Color.auto, {"NO_COLOR": ""}, True, (True, True)),  # set but empty: not set, as no-color.org says
    (Color.auto, {"TERM": "dumb"}, True, (True, False)),
    (Color.auto, {"TERM": "unknown"}, True, (True, False)),
    (Color.auto, {"FORCE_COLOR": "1"}, False, (True, True)),
    (Color.auto, {"FORCE_COLOR": ""}, True, (False, False)),  # set and empty: not a terminal
    (Color.auto, {"TTY_COMPATIBLE": "1"}, False, (True, True)),
    (Color.auto, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True, (False, False)),  # it wins over FORCE_COLOR
    (Color.auto, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, (True, False)),
    (Color.never, {}, True, (True, False)),  # still a terminal: the table's key is shown, uncoloured
    (Color.never, {"FORCE_COLOR": "1"}, False, (True, False)),
    (Color.always, {}, False, (True, True)),
    (Color.always, {"NO_COLOR": "1", "TERM": "dumb"}, False, (True, True)),  # asked for in so many words
]


@pytest.mark.parametrize("color, variables, tty, expected", CASES)
def test_the_screen_is_a_terminal_and_styled_by_the_documented_rule(color, variables, tty, expected):
    screen = Screen(color, _env(tty, **variables))
    assert (screen.terminal, screen.styled) == expected


@pytest.mark.parametrize(
    ("columns", "width"), [("60", 60), (" 120 ", 120), ("5", 20), ("0", 80), ("wide", 80), ("", 80)]
)
def test_the_width_is_columns_else_the_terminals_else_80_and_never_below_20(columns, width):
    assert Screen(Color.auto, _env(COLUMNS=columns)).width == width


def test_without_columns_a_pipe_into_a_pager_is_laid_out_for_the_terminal_on_stdin():
    """``ishiba events | less``: stdout is a pipe, but the terminal the person reads on is stdin's."""
    main, side = os.openpty()
    try:
        fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 132, 0, 0))
        with open(side, closefd=False) as stdin:
            env = Environment(stdin=stdin, stdout=io.StringIO(), stderr=io.StringIO(), environ={})
            assert env.terminal_columns() == 132
            assert Screen(Color.auto, env).width == 132
    finally:
        os.close(main)
        os.close(side)


def test_plain_output_writes_the_same_characters_rich_would(timeline):
    """The screen's plain writer and Rich's console (styles off) agree character for character."""
    from ishiba_cli.render import render, views
    from ishiba_cli.render.terminal import to_text

    screen = Screen(Color.never, _env(False, COLUMNS="60"))
    records = list(timeline.events[:12])
    part = render(views.Listing("events", records, views.columns_for("events", timeline), timeline), "table")
    shown = screen.text(part)
    assert shown == to_text(part, screen.console(), fast=False)
    assert all(r.id in shown.replace("\n", " ") or r.id[:20] in shown for r in records[:3])


def test_a_dumb_terminal_keeps_the_width_it_is_given():
    """Rich laid out every dumb terminal at 80 columns, whatever its width or $COLUMNS; the width
    rule is now the same for every terminal."""
    done = run_cli("events", "--year", "2024", env=clean_env(COLUMNS="60", TERM="dumb", FORCE_COLOR="1"))
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and lines and "\x1b[" not in done.stdout
    assert max(len(line) for line in lines) <= 60 and max(len(line) for line in lines) > 50


def test_messages_on_stderr_are_plain_or_styled_as_the_output_is():
    plain = run_cli("show", "no-such-record", env=clean_env())
    styled = run_cli("--color", "always", "show", "no-such-record", env=clean_env())
    assert plain.stderr.startswith("error: no record has the id or name 'no-such-record'\n")
    assert "\x1b[" not in plain.stderr
    assert styled.stderr.startswith("\x1b[1;31merror: no record has the id or name 'no-such-record'\x1b[0m\n")
