"""Starting the app: argument limits, and the start-up savings (one command, deferred modules)."""

import os
import sys

import typer

from ..errors import EXIT_USAGE
from .core import app

MAX_ARGUMENT_CHARS = 4096
_GLOBAL_WITH_VALUE = {"--data", "-d", "--color"}
_GLOBAL_ALONE = {"--help", "-h", "--version", "--install-completion", "--show-completion"}
_GLOBAL_FLAGS = {"--no-cache"}


def hoist_globals(args: list[str]) -> list[str]:
    """The arguments with global options written after the command name moved before it, so
    that ``ishiba events --data FILE`` means what ``ishiba --data FILE events`` does.

    Only ``--data``/``-d``, ``--color`` and ``--no-cache`` move (no command has options of those
    names); everything after ``--`` stays where it is.
    """
    name = _invoked_command(args)
    if name is None:
        return args
    at = args.index(name)
    moved: list[str] = []
    kept: list[str] = []
    rest = args[at + 1 :]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            kept += rest[i:]
            break
        if arg in _GLOBAL_WITH_VALUE and i + 1 < len(rest):
            moved += rest[i : i + 2]
            i += 2
            continue
        if arg in _GLOBAL_FLAGS or (arg.split("=", 1)[0] in {"--data", "--color"} and "=" in arg):
            moved.append(arg)
        else:
            kept.append(arg)
        i += 1
    return [*args[:at], *moved, name, *kept]


def _invoked_command(args: list[str]) -> str | None:
    """The command the arguments name, when they plainly name one after the global options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif arg in _GLOBAL_ALONE:
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _lean_app(args: list[str]) -> typer.Typer:
    """The app, with only the invoked command when there is one: Typer builds every command it
    holds before parsing, and building all fifteen costs a call about 20 ms."""
    import copy

    name = _invoked_command(args)
    chosen = [c for c in app.registered_commands if name and (c.name or c.callback.__name__) == name]
    if len(chosen) != 1 or any(k.startswith("_ISHIBA_COMPLETE") for k in os.environ):
        return app
    lean = copy.copy(app)
    lean.registered_commands = chosen
    return lean


class _DeferredClass(type):
    """A stand-in for a class whose module is costly to import: the real one loads on first use."""

    def _real(cls):
        import importlib

        sys.modules.pop(cls._module, None)
        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __getattr__(cls, name):
        if name.startswith("__"):  # typing and introspection ask for these; they need no loading
            raise AttributeError(name)
        return getattr(cls._real(), name)

    def __call__(cls, *args, **kwargs):
        return cls._real()(*args, **kwargs)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, cls._real())


def _defer_rich_extras() -> None:
    """Typer's help and error formatter imports rich.markdown and rich.traceback at the top, but
    uses them only for markdown help text (not ours) and crash reports; together they cost every
    ``--help`` about 60 ms. Until something really uses them, stand-ins take their place."""
    import types

    for module, names in (("rich.markdown", ("Markdown",)), ("rich.traceback", ("Traceback", "install"))):
        if module in sys.modules:
            continue
        stand_in = types.ModuleType(module)
        for name in names:
            setattr(stand_in, name, _DeferredClass(name, (), {"_module": module}))

        def load(attr, module=module):
            if attr.startswith("__"):
                raise AttributeError(attr)
            import importlib

            sys.modules.pop(module, None)
            return getattr(importlib.import_module(module), attr)

        stand_in.__getattr__ = load  # type: ignore[attr-defined]
        sys.modules[module] = stand_in


def main(argv: list[str] | None = None) -> None:
    """The console script's entry point (see also ``entry.py``, which guards the imports)."""
    args = sys.argv[1:] if argv is None else argv
    for position, arg in enumerate(args, 1):
        if len(arg) > MAX_ARGUMENT_CHARS:
            sys.stderr.write(
                f"error: argument {position} is {len(arg):,} characters long; the limit is {MAX_ARGUMENT_CHARS:,}\n"
            )
            sys.exit(EXIT_USAGE)
    args = hoist_globals(args)
    _defer_rich_extras()
    _lean_app(args)(args=args, prog_name="ishiba")
