"""``ishiba browse``: an interactive explorer of a timeline in the terminal, built on Textual.

Only the ``browse`` command imports this package, so Textual costs no other command any time.
"""

from __future__ import annotations

import os
import signal
import sys

from ..errors import UsageError


def run(timeline, *, style: str = "apa", color: str = "auto", terminal: bool | None = None) -> None:
    """Run the browser on ``timeline`` until the user quits. ``style`` is the citation style of
    ``c``; ``color`` is the ``--color`` choice (``never`` is ``NO_COLOR``); ``terminal`` says
    whether the run's input and output are a terminal (when None, the process's are asked).
    Textual itself draws on the process's terminal and reads its environment."""
    if terminal is None:
        terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not terminal:
        raise UsageError("browse needs a terminal (its input and output are not one); the other commands do not")
    if color == "never":
        os.environ["NO_COLOR"] = "1"
    from .app import BrowseApp

    app = BrowseApp(timeline, style=style)
    # Textual reads Ctrl-C as a key; a SIGINT from elsewhere must still restore the terminal,
    # which the console script's quick exit (entry.py) would not do.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        app.run()
    finally:
        signal.signal(signal.SIGINT, previous)
