"""The one registry of output formats: listing and detail formats, export formats and citation
styles, each declared once here with the module and function that write it and its help text.

The CLI's choices (``--format``, ``export --format``, ``cite --style``) and their help are
generated from these tables, and output is produced by looking the format up in them. Format
modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import NamedTuple


class Format(NamedTuple):
    name: str
    module: str  # a module under render/
    function: str  # what to call in it
    help: str


def _table(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


#: listings and details: ``function(view) -> str | Rich renderable``
FORMATS = _table(
    Format("table", "terminal", "table", "aligned columns for people (stacked on a narrow terminal)"),
    Format("json", "data", "json", "records as JSON: a listing is an array, a detail an object"),
    Format("jsonl", "data", "jsonl", "one JSON record a line"),
    Format("csv", "data", "csv", "comma-separated values with a header row"),
    Format("tsv", "data", "tsv", "tab-separated values with a header row"),
    Format("markdown", "markdown", "markdown", "a table or a page with footnoted sources, for notes"),
)

#: whole-timeline exports: ``function(timeline, selection) -> str``
EXPORTS = _table(
    Format("markdown", "export", "markdown_export", "a document with footnoted sources"),
    Format("timelinejs", "export", "timelinejs_export", "TimelineJS 3 JSON"),
    Format("json", "export", "json_export", "the whole normalised timeline"),
    Format("csv", "export", "csv_export", "the events as CSV"),
)

#: citation styles: ``function(source) -> str``
CITATIONS = _table(
    Format("apa", "cite", "apa", "APA"),
    Format("chicago", "cite", "chicago", "Chicago"),
    Format("mla", "cite", "mla", "MLA"),
    Format("bibtex", "cite", "bibtex", "BibTeX"),
)


#: the marks listings show beside a record, and what each means: ``--help``, browse's ``?``
#: screen and the README read this list (a listing's own key, ``views.marks_key``, names just the
#: marks it shows)
MARKS = (
    ("⚑", "the sources disagree (ishiba disputes lists where)"),
    ("?", "plausible or unverified: the sources support it only in part, or do not confirm it"),
    ("c.", "the date is approximate"),
    ("(phrase)", "a quote that is a fragment of a few words, not a full statement"),
)


def choices(name: str, formats: dict[str, Format]) -> type[Enum]:
    """An Enum of the formats' names, for Typer's choices."""
    return Enum(name, {f: f for f in formats}, type=str)  # type: ignore[return-value]


def help_for(formats: dict[str, Format]) -> str:
    return "; ".join(f"{f.name}: {f.help}" for f in formats.values()) + "."


OutputFormat = choices("OutputFormat", FORMATS)
ExportFormat = choices("ExportFormat", EXPORTS)
CiteStyle = choices("CiteStyle", CITATIONS)


def _named(fmt) -> str:
    return fmt.value if isinstance(fmt, Enum) else fmt


def function(fmt: Format):
    """The function that writes ``fmt``, its module imported now."""
    return getattr(importlib.import_module(f"{__name__}.{fmt.module}"), fmt.function)


def render(view: object, fmt):
    """Render a view: a ``str`` for machine and note formats, a Rich renderable for tables."""
    return function(FORMATS[_named(fmt)])(view)


def export_text(timeline, selection, fmt) -> str:
    """A whole-timeline export (see ``export.Selection``)."""
    return function(EXPORTS[_named(fmt)])(timeline, selection)


def citations(sources: list, style) -> str:
    """Citations of ``sources``, one each; entries of several lines are set apart by a blank line."""
    entries = [function(CITATIONS[_named(style)])(s) for s in sources]
    sep = "\n\n" if any("\n" in e for e in entries) else "\n"
    return sep.join(entries) + "\n" if entries else ""
