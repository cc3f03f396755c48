"""The Typer app, built for each run with only the commands it needs; the global options and
the state they set.

Commands register themselves with :func:`command` when their module is imported; :func:`build`
imports the modules the command table (``commands.py``) names and adds their commands to a new
app. Help is formatted by Click's plain formatter (``rich_markup_mode=None``), which needs none
of Rich's Markdown or traceback machinery, and Typer's pretty exceptions are off: both through
Typer's public settings.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from typing import Annotated

import typer

from .. import __version__
from ..errors import ExitStatus
from ..tuples import named_tuple
from .commands import COMMANDS
from .environment import Environment
from .output import Color, reported, state

_REGISTERED: dict[str, tuple[Callable, dict]] = {}

HELP = (
    "Explore a curated, sourced timeline of one person: events, the races they stood in, quotes, "
    "proposals and where sources disagree. Without --data, the bundled timeline of Ishiba Shigeru "
    "(Japan's prime minister 2024-2025) is read; --data FILE reads any timeline in the same format."
    "\n\nExamples:\n\n"
    "\b\n"
    "  ishiba summary\n"
    "  ishiba events --year 2024\n"
    '  ishiba quotes "equal terms"'
)
GLOBAL_OPTIONS = (
    "Global options (--data, --color, --no-cache) may come before or after the command name, in any "
    "spelling: ishiba events --data FILE, ishiba events -dFILE and ishiba --data=FILE events are one."
)
EPILOG = GLOBAL_OPTIONS + "\n\nExit status: " + ", ".join(f"{s.value} {s.short}" for s in ExitStatus) + "."


def command(name: str, **settings) -> Callable:
    """Declare a command: its body runs inside :func:`~.output.reported`; :func:`build` adds it
    to the app when the command table says it is wanted."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs) -> None:  # what a command returns is not an exit status: dropped
            with reported(kwargs.get("ctx")):
                fn(*args, **kwargs)

        epilog = settings.get("epilog")
        _REGISTERED[name] = (run, {**settings, "epilog": (epilog + "\n\n" if epilog else "") + GLOBAL_OPTIONS})
        return run

    return wrap


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        state(ctx).env.stdout.write(f"ishiba {__version__}\n")
        raise typer.Exit()


@named_tuple
class Global:
    """A global option, declared once: the group and every command carry it, so it is parsed
    by Click wherever it is written (``ishiba -dFILE events``, ``ishiba events --data=FILE``)."""

    decls: tuple[str, ...]
    field: str  # the State attribute it sets
    help: str
    metavar: str | None = None  # None: a flag
    read: Callable[[str], object] = str  # text -> the value State keeps


def _color(text: str) -> Color:
    try:
        return Color(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not one of: {', '.join(c.value for c in Color)}") from None


# fmt: off
GLOBALS = (
    Global(("--data", "-d"), "data", "The timeline file to read, - for stdin (default: $ISHIBA_DATA, else the bundled "
           "timeline of Ishiba Shigeru).", "FILE"),
    Global(("--color",), "color", "Colour and styles: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or "
           "never.", "[auto|always|never]", _color),
    Global(("--no-cache",), "cache", "Read the file afresh and leave the cache alone (also: ISHIBA_NO_CACHE=1)."),
)
# fmt: on


def _setter(option: Global):
    def store(ctx, _param, value):
        if value is None or value is False:  # not given here: what was given elsewhere stands
            return
        current = state(ctx)
        if option.metavar is None:
            setattr(current, option.field, False)  # --no-cache: the one flag, which turns caching off
        else:
            setattr(current, option.field, option.read(value))

    return store


def global_params() -> list:
    """Fresh Click options for the global options (a parameter object belongs to one command)."""
    from typer.core import TyperOption

    return [
        TyperOption(param_decls=list(g.decls), help=g.help, metavar=g.metavar, is_flag=g.metavar is None,
                    default=False if g.metavar is None else None, expose_value=False, callback=_setter(g))
        for g in GLOBALS
    ]  # fmt: skip


def _show_help(ctx, _param, value) -> None:
    """``--help``: Click's own, written to the run's stdout."""
    if value and not ctx.resilient_parsing:
        stdout = state(ctx).env.stdout
        stdout.write(ctx.get_help() + "\n")
        stdout.flush()
        ctx.exit()


def _with_globals(cls):
    """A Typer command or group class whose instances also take the global options, and whose
    ``--help`` writes to the run's stdout."""

    class WithGlobals(cls):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.params.extend(global_params())

        def get_help_option(self, ctx):
            option = super().get_help_option(ctx)
            if option is not None:
                option.callback = _show_help
            return option

    return WithGlobals


def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        state(ctx).env.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit()


def help_width(env: Environment) -> int:
    """The width of ``--help`` and usage lines: Click's own rule (the terminal's width up to 80,
    less 2, at least 50), read from the run's environment."""
    return max(min(env.terminal_size().columns, 80) - 2, 50)


def build(names: Iterable[str] | None = None, env: Environment | None = None) -> typer.Typer:
    """An app with the global options and the named commands (every command when None), its
    help laid out for ``env``'s terminal."""
    env = Environment.from_process() if env is None else env
    return _app(names, help_width(env))


def _app(names: Iterable[str] | None, width: int) -> typer.Typer:
    from typer.core import TyperCommand, TyperGroup

    app = typer.Typer(
        name="ishiba",
        help=HELP,
        epilog=EPILOG,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"], "terminal_width": width},
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        cls=_with_globals(TyperGroup),
    )
    app.callback(invoke_without_command=True)(_main)
    command_class = _with_globals(TyperCommand)
    for name in COMMANDS if names is None else names:
        importlib.import_module(f"{__package__}.{COMMANDS[name]}")
        fn, settings = _REGISTERED[name]
        app.command(name, cls=command_class, **settings)(fn)
    return app


def click_command(names: Iterable[str] | None, env: Environment):
    """The Click command that runs the app :func:`build` makes (Typer's public
    ``typer.main.get_command``). Built once per process for each set of commands and help width:
    a program that runs ishiba in-process many times (a script, the test suite) reuses it, as
    Click's commands keep nothing of a run; each run gets a context of its own."""
    return _click_command(None if names is None else tuple(names), help_width(env))


@functools.lru_cache(maxsize=32)
def _click_command(names: tuple[str, ...] | None, width: int):
    return typer.main.get_command(_app(names, width))
