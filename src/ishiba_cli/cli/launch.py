"""Starting the app: argument limits, and building only the command that was asked for (see
``commands.py``); Click parses every option, the global ones wherever they are written."""

from __future__ import annotations

import os
import sys

from ..errors import ExitStatus
from .commands import COMMANDS

MAX_ARGUMENT_CHARS = 4096


def invoked_command(args: list[str]) -> str | None:
    """The command the arguments name: the first that is not an option or an option's value.
    Only the global options come before it (see ``app.GLOBALS``); their values are skipped."""
    from .app import GLOBALS

    with_value = {d for g in GLOBALS if g.metavar for d in g.decls}
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in with_value:
            skip = True
        elif arg in ("--help", "-h", "--version", "--install-completion", "--show-completion"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> None:
    """The console script's entry point (``entry.py`` guards the imports and the exit)."""
    args = sys.argv[1:] if argv is None else list(argv)
    for position, arg in enumerate(args, 1):
        if len(arg) > MAX_ARGUMENT_CHARS:
            sys.stderr.write(
                f"error: argument {position} is {len(arg):,} characters long; the limit is {MAX_ARGUMENT_CHARS:,}\n"
            )
            sys.exit(ExitStatus.USAGE)
    name = invoked_command(args)
    completing = any(k.startswith("_ISHIBA_COMPLETE") for k in os.environ)
    from .app import build

    app = build([name] if name in COMMANDS and not completing else None)
    app(args=args, prog_name="ishiba")
