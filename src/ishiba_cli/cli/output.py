"""What the CLI writes: consoles, results on stdout, messages on stderr, and the one place
where errors become messages and exit statuses (:func:`reported`)."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from enum import Enum

import typer

from ..errors import ExitStatus, IshibaError


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def console(color: Color, *, stderr: bool = False):
    """A Rich console that never reads markup or emoji codes out of data."""
    from rich.console import Console

    plain = color is Color.never or (
        color is Color.auto and (os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb")
    )
    return Console(
        stderr=stderr,
        width=_width(),
        force_terminal=True if color is Color.always else None,
        color_system=None if plain else "standard" if color is Color.always else "auto",
        no_color=bool(plain),
        highlight=False,
        markup=False,
        emoji=False,
    )


#: the narrowest layout: below it a table cannot hold a word a line, so the terminal wraps instead
MIN_WIDTH = 20


def _width() -> int | None:
    """The width to lay out for, where $COLUMNS would mislead Rich: ``COLUMNS=0`` (which Rich
    takes as zero columns, printing nothing) means "unknown", and fewer than ``MIN_WIDTH``
    columns are laid out as ``MIN_WIDTH``."""
    raw = os.environ.get("COLUMNS", "").strip()
    if not raw.isdigit():
        return None  # unset or not a number: Rich asks the terminal, or assumes 80
    columns = int(raw)
    if columns == 0:
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            columns = 80
    return max(MIN_WIDTH, columns)


def _color(ctx: typer.Context | None) -> Color:
    from .app import state

    return state(ctx).color if ctx is not None else Color.auto


def emit(ctx: typer.Context, view, fmt) -> None:
    """Render a view in the chosen format and write it to stdout.

    A table bound for a terminal (the console's own test, the one that decides colour: a tty, or
    ``--color always``) ends with a key to the marks it shows (⚑, ?, c., (phrase)). A pipe gets
    the table alone, so that what a script reads is unchanged."""
    from ..render import render

    out = render(view, fmt)
    if not isinstance(out, str):
        from ..render import views
        from ..render.terminal import to_text

        screen = console(_color(ctx))
        out = to_text(out, screen)
        key = views.view_key(view) if screen.is_terminal else None
        if key:
            from rich.text import Text

            out += "\n" + to_text(Text(key, style="dim"), screen)
    write(out)


def write(text: str) -> None:
    """Write results to stdout, now."""
    sys.stdout.write(text)
    sys.stdout.flush()


def note(ctx: typer.Context | None, message: str) -> None:
    """A one-line message for the person at the terminal (stderr)."""
    from rich.text import Text

    console(_color(ctx), stderr=True).print(Text(_safe(message), style="dim"), soft_wrap=True)


@contextlib.contextmanager
def reported(ctx: typer.Context | None = None):
    """The one place where errors become messages on stderr and exit statuses."""
    try:
        yield
    except IshibaError as exc:
        from rich.text import Text

        err = console(_color(ctx), stderr=True)
        for line in exc.lines():
            err.print(Text("error: ", style="bold red") + Text(_safe(line)), soft_wrap=True)
        for line in exc.hints():
            err.print(Text("  " + _safe(line)), soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader stopped reading (head, true): not a failure
            _quiet_stdout()
            raise typer.Exit(ExitStatus.OK) from None
        if exc.errno in {errno.ENOSPC, errno.EIO, errno.EBADF}:
            _quiet_stdout()
            sys.stderr.write(f"error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(ExitStatus.OUTPUT) from None
        raise


def _safe(text: str) -> str:
    from ..render.text import visible

    return visible(text)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
