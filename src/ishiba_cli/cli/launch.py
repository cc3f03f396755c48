"""Starting the app: argument limits, global options after the command name, and building only
the command that was asked for (see ``commands.py``)."""

from __future__ import annotations

import os
import sys

from ..errors import ExitStatus
from .commands import COMMANDS

MAX_ARGUMENT_CHARS = 4096
_GLOBAL_WITH_VALUE = {"--data", "-d", "--color"}
_GLOBAL_ALONE = {"--help", "-h", "--version", "--install-completion", "--show-completion"}
_GLOBAL_FLAGS = {"--no-cache"}


def invoked_command(args: list[str]) -> str | None:
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


def hoist_globals(args: list[str]) -> list[str]:
    """The arguments with global options written after the command name moved before it, so
    that ``ishiba events --data FILE`` means what ``ishiba --data FILE events`` does.

    Only ``--data``/``-d``, ``--color`` and ``--no-cache`` move (no command has options of those
    names); everything after ``--`` stays where it is.
    """
    name = invoked_command(args)
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


def main(argv: list[str] | None = None) -> None:
    """The console script's entry point (``entry.py`` guards the imports and the exit)."""
    args = sys.argv[1:] if argv is None else list(argv)
    for position, arg in enumerate(args, 1):
        if len(arg) > MAX_ARGUMENT_CHARS:
            sys.stderr.write(
                f"error: argument {position} is {len(arg):,} characters long; the limit is {MAX_ARGUMENT_CHARS:,}\n"
            )
            sys.exit(ExitStatus.USAGE)
    args = hoist_globals(args)
    name = invoked_command(args)
    completing = any(k.startswith("_ISHIBA_COMPLETE") for k in os.environ)
    from .app import build

    app = build([name] if name in COMMANDS and not completing else None)
    app(args=args, prog_name="ishiba")
