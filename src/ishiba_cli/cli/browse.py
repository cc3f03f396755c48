"""The ``browse`` command: a thin wrapper that hands the loaded timeline to ``ishiba_cli.browse``."""

from typing import Annotated

import typer

from ..render import CITATIONS, CiteStyle, help_for
from .app import command, state


@command("browse")
def browse_cmd(
    ctx: typer.Context,
    style: Annotated[
        CiteStyle, typer.Option("--style", "-s", help="Citation style of the c key: " + help_for(CITATIONS))
    ] = CiteStyle.apa,
) -> None:
    """Explore the timeline interactively: tabs, search as you type, facets, links, citations.

    A tab per section, the list on the left and the selected record on the right; / searches,
    f picks event facets, Enter follows a link and Backspace comes back, t draws the timeline,
    c copies a citation, o opens a source's URL, ? lists every key, q quits. Needs a terminal.

    Examples:

      ishiba browse

      ishiba browse --data other.yaml --style chicago
    """
    from .. import browse

    current = state(ctx)
    env = current.env
    terminal = env.is_terminal(env.stdin) and env.is_terminal(env.stdout)
    browse.run(current.timeline(), style=style.value, color=current.color.value, terminal=terminal)
