"""The CLI's shared parts: the app, global options, consoles, output, and the one error map.

Errors from the library arrive as typed exceptions (``errors.py``) and are turned into a short
message on stderr and an exit status in one place, :func:`reported`.
"""

import contextlib
import errno
import functools
import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import EXIT_OK, EXIT_UNEXPECTED, IshibaError, UsageError
from ..render import OutputFormat

SEARCH_RULES = (
    "Search rules (the same in every command): matching ignores case, accents, width and punctuation "
    "(Ryūkyū = ryukyu, ＳＯＦＡ = SOFA, U.S. = US, curly = straight quotes). Several words must all match; "
    'a phrase in quotes matches as a phrase (ishiba quotes "equal terms", or \'"equal terms" alliance\'); '
    "a word matches at the start of a word (alliance finds alliances); Japanese text matches anywhere "
    "(石破). A word that is a term of the timeline's glossary also finds the term's other names "
    "(sofa finds Status of Forces Agreement and 地位協定); --exact turns that off. --any matches any word "
    "instead, --regex takes a regular expression, --case-sensitive turns folding off. --explain says how a "
    "search was read."
)

DATE_RULES = (
    "Dates may be partial: 2008, 2008-09 or 2008-09-22. --from starts on the first day of its period and "
    "--to ends on the last day of its own (--to 2018 includes all of 2018). A record matches when its "
    "period overlaps the one asked for: a record dated only 2008 matches --year 2008 and --from 2008-09 "
    "(it may fall there); an office held 2002-2004 matches --year 2003."
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class State:
    """What the global options chose, and the timeline once it is loaded."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.color = Color.auto
        self.cache = True
        self._timeline = None

    def timeline(self):
        if self._timeline is None:
            from ..load import load_timeline

            self._timeline = load_timeline(self.data, cache=self.cache)
        return self._timeline


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


# ----------------------------------------------------------------------------- consoles and output


def _console(color: Color, *, stderr: bool = False):
    from rich.console import Console

    plain = color is Color.never or (
        color is Color.auto and (os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb")
    )
    return Console(
        stderr=stderr,
        force_terminal=True if color is Color.always else None,
        color_system=None if plain else "standard" if color is Color.always else "auto",
        no_color=bool(plain),
        highlight=False,
        markup=False,
        emoji=False,
    )


def emit(ctx: typer.Context, view, fmt: OutputFormat) -> None:
    """Render a view in the chosen format and write it to stdout."""
    from ..render import render

    out = render(view, fmt)
    if not isinstance(out, str):
        from ..render.terminal import to_text

        out = to_text(out, _console(_state(ctx).color))
    sys.stdout.write(out)
    sys.stdout.flush()


def note(ctx: typer.Context, message: str) -> None:
    """A one-line message for the person at the terminal (stderr)."""
    from rich.text import Text

    _console(_state(ctx).color, stderr=True).print(Text(_safe(message), style="dim"), soft_wrap=True)


@contextlib.contextmanager
def reported(ctx: typer.Context | None = None):
    """The one place where errors become messages on stderr and exit statuses."""
    try:
        yield
    except IshibaError as exc:
        from rich.text import Text

        err = _console(_state(ctx).color if ctx else Color.auto, stderr=True)
        for line in exc.lines():
            err.print(Text("error: ", style="bold red") + Text(_safe(line)), soft_wrap=True)
        for line in exc.hints():
            err.print(Text("  " + _safe(line)), soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader stopped reading (head, true): not a failure
            _quiet_stdout()
            raise typer.Exit(EXIT_OK) from None
        if exc.errno in {errno.ENOSPC, errno.EIO, errno.EBADF}:
            _quiet_stdout()
            sys.stderr.write(f"error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(EXIT_UNEXPECTED) from None
        raise


def _safe(text: str) -> str:
    from ..render.text import visible

    return visible(text)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def command(*names, **settings):
    """Register a command whose body runs inside :func:`reported`."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            ctx = kwargs.get("ctx")
            with reported(ctx):
                return fn(*args, **kwargs)

        return app.command(*names, **settings)(run)

    return wrap


# ----------------------------------------------------------------------------- option parsing helpers


def _given(value: str | None, option: str) -> str | None:
    """An option's value, refused when it was given but is blank."""
    if value is not None and not value.strip():
        raise UsageError(f"{option} needs a value; an empty one was given")
    return value


def _all_given(values: list[str] | None, option: str) -> list[str]:
    return [_given(v, option) for v in values or []]  # type: ignore[misc]


def _date(value: str | None, option: str):
    if _given(value, option) is None:
        return None
    from ..dates import DateParseError, parse_date

    try:
        return parse_date(value)
    except DateParseError as exc:
        raise UsageError(f"{option} {value!r} {exc}") from None


def _matcher(terms, any_term: bool, regex: bool, case_sensitive: bool, phrases: bool = False, glossary: tuple = ()):
    """The search, its words widened by ``glossary`` (pass none for an exact search)."""
    from ..search import Matcher, expand, parse_query

    query = parse_query(terms, any_term=any_term, regex=regex, case_sensitive=case_sensitive, phrases=phrases)
    return None if query.empty else Matcher(expand(query, glossary))


def _known(values: list[str], known: list[str], option: str, what: str) -> tuple[str, ...]:
    """``values`` as given, refused (a usage error) where the timeline has no such value:
    a filter that cannot match must not look like one that matched nothing."""
    import difflib

    for value in values:
        if value.lower() not in known:
            near = difflib.get_close_matches(value.lower(), known, n=3, cutoff=0.5)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            shown = ", ".join(known[:12]) + (f" ... ({len(known)} in all)" if len(known) > 12 else "")
            raise UsageError(
                f"{option} {value!r}: no event in this timeline has that {what}{hint} (known: {shown or 'none'})"
            )
    return tuple(values)


def _complete(kinds: tuple[str, ...] | None):
    def complete(ctx: typer.Context, incomplete: str):
        try:
            from .. import query

            timeline = _state(ctx).timeline()
            return [i for i in query.ids_for_completion(timeline, kinds) if i.startswith(incomplete)]
        except IshibaError:
            return []

    return complete


def _complete_values(attr: str):
    def complete(ctx: typer.Context, incomplete: str):
        try:
            timeline = _state(ctx).timeline()
        except IshibaError:
            return []
        values = set()
        for e in timeline.events:
            value = getattr(e, attr)
            values.update(value if isinstance(value, tuple) else [value])
        return sorted(v for v in values if v.startswith(incomplete))

    return complete


# ----------------------------------------------------------------------------- the app

app = typer.Typer(
    name="ishiba",
    help=(
        "Explore a curated, sourced timeline of one person: events, the races they stood in, "
        "quotes, proposals and where sources disagree. Without --data, the bundled timeline of Ishiba "
        "Shigeru (Japan's prime minister 2024-2025) is read; --data FILE reads any timeline in the same "
        "format.\n\n"
        "Examples:\n\n"
        "  ishiba summary\n\n"
        "  ishiba events --year 2024\n\n"
        '  ishiba quotes "equal terms"'
    ),
    epilog=(
        "Global options (--data, --color, --no-cache) may come before or after the command name: "
        "ishiba events --data FILE is ishiba --data FILE events.\n\n"
        "Exit status: 0 ok (also when nothing matched, and when the reader closes the pipe early, as "
        "head and true do: the output stops quietly), 1 output failed (a full disk), 2 usage error, "
        "3 bad data file, 4 unknown id, 130 interrupted."
    ),
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)

FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table for people; json, jsonl, csv, tsv or markdown for programs and notes."),
]
AnyOpt = Annotated[bool, typer.Option("--any", help="Match any of the words, not all of them.")]
RegexOpt = Annotated[bool, typer.Option("--regex", help="Treat the search as a regular expression.")]
CaseOpt = Annotated[bool, typer.Option("--case-sensitive", help="Match case, accents and punctuation exactly.")]
YearOpt = Annotated[
    Optional[list[int]], typer.Option("--year", "-y", min=1, max=9999, help="Only this year (repeatable: any of them).")
]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")]
ToOpt = Annotated[
    Optional[str], typer.Option("--to", help="Up to the end of this date's period (--to 2018 includes 2018).")
]
OnOpt = Annotated[
    Optional[str], typer.Option("--on", help="Only records that may fall on this date (or month, or year).")
]
KindOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--kind",
        "-k",
        help="Only events of this kind (repeatable: any of them).",
        autocompletion=_complete_values("kind"),
    ),
]
TagOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--tag",
        "-t",
        help="Only events with this tag (repeatable: all must match).",
        autocompletion=_complete_values("tags"),
    ),
]
PersonOpt = Annotated[
    Optional[str],
    typer.Option(
        "--person", "-p", help="Only events involving this person (id or name).", autocompletion=_complete(("person",))
    ),
]
GrepOpt = Annotated[
    Optional[str],
    typer.Option("--grep", "-g", help="Only events whose text matches these words (see the search rules)."),
]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="Show at most N records.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
ExactOpt = Annotated[
    bool, typer.Option("--exact", help="Search for the words only, not for their glossary names (SOFA alone).")
]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="Say on stderr how the filters and the search were read.")]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ishiba {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Optional[str],
        typer.Option(
            "--data",
            "-d",
            envvar="ISHIBA_DATA",
            metavar="FILE",
            help="The timeline file to read (default: the bundled timeline of Ishiba Shigeru).",
        ),
    ] = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color", help="Colour and styles: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never."
        ),
    ] = Color.auto,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read the file afresh and leave the cache alone (also: ISHIBA_NO_CACHE=1)."),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    state = _state(ctx)
    state.data, state.color, state.cache = data, color, not no_cache
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit()
