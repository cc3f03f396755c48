"""Starting the app: argument limits, and building only the command that was asked for (see
``commands.py``); Click parses every option, the global ones wherever they are written."""

from __future__ import annotations

from ..errors import ExitStatus
from .commands import COMMANDS
from .environment import Environment

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


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run ishiba on ``argv`` (the process's arguments when None) in ``env`` (the process's own
    streams, variables and folder when None) and return the exit status. The run reads its
    streams, variables, folder and terminal from ``env`` alone, save for the few things listed in
    docs/architecture.md (shell completion, ``browse``'s Textual); ``entry.py``, the console
    script, guards the imports and the exit."""
    import sys

    if env is None:
        env = Environment.from_process()
    args = sys.argv[1:] if argv is None else list(argv)
    for position, arg in enumerate(args, 1):
        if len(arg) > MAX_ARGUMENT_CHARS:
            env.stderr.write(
                f"error: argument {position} is {len(arg):,} characters long; the limit is {MAX_ARGUMENT_CHARS:,}\n"
            )
            return ExitStatus.USAGE
    name = invoked_command(args)
    completing = any(k.startswith("_ISHIBA_COMPLETE") for k in env.environ)
    import typer

    from .app import click_command
    from .output import State, running

    command = click_command([name] if name in COMMANDS and not completing else None, env)
    run = State(env)
    try:
        with running(run):
            # Not standalone: Click's own handling would write to sys.stdout and sys.stderr and
            # exit the process; here what it would write goes to the run's streams and its status
            # is returned.
            status = command.main(args=args, prog_name="ishiba", standalone_mode=False, obj=run)
    except typer.TyperException as exc:  # a usage error: the message and the usage line
        if not hasattr(exc, "show"):
            raise
        exc.show(file=env.stderr)
        return exc.exit_code
    except typer.Abort:  # end of input at a prompt (there is none today): as Click says it
        env.stderr.write("Aborted!\n")
        return ExitStatus.OUTPUT
    # A command's own return value is not a status (``command`` drops it); an exit code comes
    # back only when a command or option ended the run with one (``typer.Exit``).
    return status if isinstance(status, int) else ExitStatus.OK
