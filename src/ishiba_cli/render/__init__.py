"""The one registry of output formats.

Every listing and detail command accepts ``--format`` with one of :data:`FORMATS`; the CLI
calls :func:`render` with a view from :mod:`.views` and prints what comes back: a ``str``
(written as it is) or a Rich renderable (printed on the stdout console). Format modules are
imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from enum import Enum


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


#: format name -> (module under render/, what that module calls the variant)
FORMATS: dict[str, tuple[str, str]] = {
    "table": ("terminal", "table"),
    "json": ("data", "json"),
    "jsonl": ("data", "jsonl"),
    "csv": ("data", "csv"),
    "tsv": ("data", "tsv"),
    "markdown": ("markdown", "markdown"),
}

assert set(FORMATS) == {f.value for f in OutputFormat}


def render(view: object, fmt: str | OutputFormat):
    """Render a view in a format: a ``str`` for machine and note formats, a renderable for tables."""
    name = fmt.value if isinstance(fmt, OutputFormat) else fmt
    module_name, variant = FORMATS[name]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return module.render(view, variant)
