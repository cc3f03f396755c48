"""What a run has and writes: its :class:`State` (the global options' choices, its
:class:`~.environment.Environment`, the timeline once loaded), consoles, results on stdout,
messages on stderr, and the one place where errors become messages and exit statuses
(:func:`reported`)."""

from __future__ import annotations

import contextlib
import errno
import os
from enum import Enum

import typer

from ..errors import ExitStatus, IshibaError, UsageError
from .environment import Environment


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def given(value: str | None, option: str) -> str | None:
    """An option's value, refused when it was given but is blank."""
    if value is not None and not value.strip():
        raise UsageError(f"{option} needs a value; an empty one was given")
    return value


class State:
    """One run: its environment, what the global options chose, and the timeline once it is loaded."""

    def __init__(self, env: Environment | None = None) -> None:
        self.env = Environment.from_process() if env is None else env
        self.data: str | None = None
        self.color = Color.auto
        self.cache = True
        self._timeline = None

    def data_path(self):
        """The timeline file the run reads (``--data``, ``$ISHIBA_DATA`` or the bundled one), read
        against the run's folder: what a written file must never replace."""
        from ..load import resolve_path

        return self.env.path(resolve_path(self.data, self.env.environ))

    def timeline(self):
        if self._timeline is None:
            given(self.data, "--data")  # an empty --data is a mistake, not the bundled timeline
            if self.data == "-":  # a timeline piped in: read once, never cached
                from ..load import read_stdin

                self._timeline = read_stdin(self.env.stdin)
            else:
                from ..load import load_timeline

                notes: list[str] = []
                self._timeline = load_timeline(
                    self.data, self.env.environ, cache=self.cache, notes=notes, cwd=self.env.cwd
                )
                for line in notes:
                    note(None, f"note: {line}", self)
        return self._timeline


_RUNS: list[State] = []  # the runs in progress, the latest last (one, but for a run inside a run)


@contextlib.contextmanager
def running(current: State):
    """Make ``current`` the run that :func:`state` gives where no context is at hand."""
    _RUNS.append(current)
    try:
        yield current
    finally:
        _RUNS.pop()


def state(ctx: typer.Context | None) -> State:
    """The run's state: kept on the root context (``launch.main`` puts it there), else the run
    in progress (:func:`running`), else a new one for this process."""
    if ctx is not None:
        root = ctx.find_root()
        if not isinstance(root.obj, State):
            root.obj = _RUNS[-1] if _RUNS else State()
        return root.obj
    return _RUNS[-1] if _RUNS else State()


def console(color: Color, *, stderr: bool = False, env: Environment | None = None):
    """A Rich console that never reads markup or emoji codes out of data, writing to the run's
    stdout (or stderr) and reading the run's environment variables."""
    from rich.console import Console

    env = Environment.from_process() if env is None else env
    plain = color is Color.never or (
        color is Color.auto and (env.environ.get("NO_COLOR") or env.environ.get("TERM") == "dumb")
    )
    return Console(
        file=env.stderr if stderr else env.stdout,
        _environ=env.environ,  # Rich's own switch for where it reads COLUMNS, NO_COLOR, FORCE_COLOR...
        width=_width(env),
        force_terminal=True if color is Color.always else None,
        color_system=None if plain else "standard" if color is Color.always else "auto",
        no_color=bool(plain),
        highlight=False,
        markup=False,
        emoji=False,
    )


#: the narrowest layout: below it a table cannot hold a word a line, so the terminal wraps instead
MIN_WIDTH = 20


def _width(env: Environment) -> int | None:
    """The width to lay out for, where $COLUMNS would mislead Rich: ``COLUMNS=0`` (which Rich
    takes as zero columns, printing nothing) means "unknown", and fewer than ``MIN_WIDTH``
    columns are laid out as ``MIN_WIDTH``."""
    raw = env.environ.get("COLUMNS", "").strip()
    if not raw.isdigit():
        return None  # unset or not a number: Rich asks the terminal, or assumes 80
    columns = int(raw) or env.stdout_columns()
    return max(MIN_WIDTH, columns)


def _screen(ctx: typer.Context | None, current: State | None = None, *, stderr: bool = False):
    """The run's console for stdout (or stderr), in the colours ``--color`` chose (``auto``
    before the options are read)."""
    current = state(ctx) if current is None else current
    return console(current.color if ctx is not None else Color.auto, stderr=stderr, env=current.env)


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

        screen = _screen(ctx)
        out = to_text(out, screen)
        key = views.view_key(view) if screen.is_terminal else None
        if key:
            from rich.text import Text

            out += "\n" + to_text(Text(key, style="dim"), screen)
    write(out, ctx)


def write(text: str, ctx: typer.Context | None = None) -> None:
    """Write results to the run's stdout, now."""
    stdout = state(ctx).env.stdout
    stdout.write(text)
    stdout.flush()


def note(ctx: typer.Context | None, message: str, current: State | None = None) -> None:
    """A one-line message for the person at the terminal (stderr)."""
    from rich.text import Text

    _screen(ctx, current, stderr=True).print(Text(_safe(message), style="dim"), soft_wrap=True)


@contextlib.contextmanager
def reported(ctx: typer.Context | None = None):
    """The one place where errors become messages on stderr and exit statuses."""
    try:
        yield
    except IshibaError as exc:
        from rich.text import Text

        err = _screen(ctx, stderr=True)
        for line in exc.lines():
            err.print(Text("error: ", style="bold red") + Text(_safe(line)), soft_wrap=True)
        for line in exc.hints():
            err.print(Text("  " + _safe(line)), soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        env = state(ctx).env
        if exc.errno == errno.EPIPE:  # the reader stopped reading (head, true): not a failure
            _quiet_stdout(env)
            raise typer.Exit(ExitStatus.OK) from None
        if exc.errno in {errno.ENOSPC, errno.EIO, errno.EBADF}:
            _quiet_stdout(env)
            env.stderr.write(f"error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(ExitStatus.OUTPUT) from None
        raise


def _safe(text: str) -> str:
    from ..render.text import visible

    return visible(text)


def _quiet_stdout(env: Environment) -> None:
    """Point stdout at /dev/null so that the final flush at exit cannot fail again (a stream
    with no descriptor, such as a test's, has nothing to point)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = env.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
