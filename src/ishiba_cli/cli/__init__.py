"""The command line: parse, call the library, render, print. The only package that prints or exits.

- ``commands.py``: the command table, name -> the module that defines the command;
- ``app.py``: ``build()``, the Typer app, built per run with only the command asked for; global options and state;
- ``options.py``: options declared once (the event filters among them) and how their values are read;
- ``output.py``: consoles, stdout and stderr, and the one map from errors to exit statuses;
- ``explore.py`` and ``produce.py``: the commands;
- ``launch.py``: start-up: argument limits, global options after the command name, running the app.
"""

from .launch import main

__all__ = ["main"]
