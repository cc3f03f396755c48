"""The command line: parse, call the library, render, print. The only package that prints or exits.

``core`` holds the app, its global options and the one place errors become exit statuses;
``explore`` and ``produce`` register the commands; ``launch`` starts the app.
"""

from . import explore, produce  # noqa: F401  (importing them registers their commands)
from .core import DATE_RULES, SEARCH_RULES, Color, State, _console, app, reported
from .launch import _invoked_command, main

__all__ = ["DATE_RULES", "SEARCH_RULES", "Color", "State", "_console", "_invoked_command", "app", "main", "reported"]
