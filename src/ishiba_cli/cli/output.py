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


class Screen:
    """Where a run shows its results (stdout) or its messages (stderr), decided once by the
    project's own rule rather than left to Rich, so that plain output (a pipe, a script,
    ``NO_COLOR``, ``TERM=dumb``) is written without importing Rich's console at all:

    - ``terminal``: ``--color always``; else ``TTY_COMPATIBLE`` (1 or 0) or ``FORCE_COLOR``
      (set and not empty) where set, as Rich and other tools read them; else whether the stream
      is a terminal.
    - ``styled`` (colour and styles are written): ``--color always``; never with ``never``;
      with ``auto``, on a terminal unless ``NO_COLOR`` is set or ``TERM`` is dumb or unknown.
    - ``width``: ``$COLUMNS`` when it is a positive number, else the terminal's (asked of stdout,
      then stdin and stderr, so that ``ishiba events | less`` fits the screen), else 80; never
      less than ``MIN_WIDTH``.
    """

    __slots__ = ("color", "env", "stream", "styled", "terminal", "width")

    def __init__(self, color: Color, env: Environment, *, stderr: bool = False) -> None:
        environ = env.environ
        self.color, self.env = color, env
        self.stream = env.stderr if stderr else env.stdout
        self.terminal = color is Color.always or _is_terminal(env, self.stream)
        self.styled = color is Color.always or (
            color is Color.auto
            and self.terminal
            and not environ.get("NO_COLOR")
            and environ.get("TERM", "").lower() not in {"dumb", "unknown"}
        )
        self.width = _width(env)

    def text(self, part) -> str:
        """``part`` (a view's laid-out parts, see ``render/terminal.py``) as this screen shows it:
        the plain writer's characters, or Rich's with the styles where styles are written."""
        from ..render.terminal import layout, plain, to_text

        return to_text(part, self.console()) if self.styled else plain(layout(part, self.width))

    def console(self):
        """A Rich console for this screen, which never reads markup or emoji codes out of data
        and reads the run's variables, never the process's. Its width, height and colours are
        the ones decided here."""
        from rich.console import Console

        return Console(
            file=self.stream,
            _environ=self.env.environ,  # Rich's own switch for where it reads its variables
            width=self.width,
            height=self.env.terminal_size().lines,
            force_terminal=self.terminal,
            color_system=("standard" if self.color is Color.always else "auto") if self.styled else None,
            no_color=not self.styled,
            highlight=False,
            markup=False,
            emoji=False,
        )

    def line(self, text: str, style: str = "") -> None:
        """Write ``text`` as a message line (in ``style`` where styles are written), made safe
        to show."""
        text = _safe(text)
        if not self.styled:
            self.stream.write(text + "\n")
            return
        from rich.text import Text

        self.console().print(Text(text, style=style), soft_wrap=True)


def _is_terminal(env: Environment, stream) -> bool:
    compatible = env.environ.get("TTY_COMPATIBLE", "")
    if compatible in {"0", "1"}:
        return compatible == "1"
    forced = env.environ.get("FORCE_COLOR")
    if forced is not None:
        return forced != ""
    return env.is_terminal(stream)


#: the narrowest layout: below it a table cannot hold a word a line, so the terminal wraps instead
MIN_WIDTH = 20


def _width(env: Environment) -> int:
    """The width to lay out for: ``$COLUMNS`` when it is a positive number (``COLUMNS=0``, which
    Rich took as zero columns and printed nothing, means "unknown"), else the terminal's, else
    80; fewer than ``MIN_WIDTH`` columns are laid out as ``MIN_WIDTH``."""
    raw = env.environ.get("COLUMNS", "").strip()
    columns = int(raw) if raw.isdigit() else 0
    return max(MIN_WIDTH, columns or env.terminal_columns())


def _screen(ctx: typer.Context | None, current: State | None = None, *, stderr: bool = False) -> Screen:
    """The run's screen for stdout (or stderr), in the colours ``--color`` chose (``auto``
    before the options are read)."""
    current = state(ctx) if current is None else current
    return Screen(current.color if ctx is not None else Color.auto, current.env, stderr=stderr)


def emit(ctx: typer.Context, view, fmt) -> None:
    """Render a view in the chosen format and write it to stdout.

    A table bound for a terminal (the console's own test, the one that decides colour: a tty, or
    ``--color always``) ends with a key to the marks it shows (⚑, ?, c., (phrase)). A pipe gets
    the table alone, so that what a script reads is unchanged."""
    from ..render import render

    out = render(view, fmt)
    if not isinstance(out, str):
        from ..render import views

        screen = _screen(ctx)
        out = screen.text(out)
        key = views.view_key(view) if screen.terminal else None
        if key:
            from rich.text import Text

            out += "\n" + screen.text(Text(key, style="dim"))
    write(out, ctx)


def write(text: str, ctx: typer.Context | None = None) -> None:
    """Write results to the run's stdout, now."""
    stdout = state(ctx).env.stdout
    stdout.write(text)
    stdout.flush()


def note(ctx: typer.Context | None, message: str, current: State | None = None) -> None:
    """A one-line message for the person at the terminal (stderr)."""
    _screen(ctx, current, stderr=True).line(message, "dim")


@contextlib.contextmanager
def reported(ctx: typer.Context | None = None):
    """The one place where errors become messages on stderr and exit statuses."""
    try:
        yield
    except IshibaError as exc:
        err = _screen(ctx, stderr=True)
        for line in exc.lines():
            err.line("error: " + line, "bold red")
        for line in exc.hints():
            err.line("  " + line)
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
