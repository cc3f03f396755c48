"""The one registry of output formats: listing and detail formats, export formats and citation
styles, each declared once here with the module and function that write it and its help text.

The CLI's choices (``--format``, ``export --format``, ``cite --style``) and their help are
generated from these tables, and output is produced by looking the format up in them. Format
modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from enum import Enum

from ..tuples import named_tuple


@named_tuple
class Format:
    name: str
    module: str  # a module under render/
    function: str  # what to call in it
    help: str
    binary: bool = False  # writes bytes (a database), to a file only


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

#: whole-timeline exports: ``function(timeline, selection) -> str`` (``bytes`` when ``binary``)
EXPORTS = _table(
    Format("markdown", "export", "markdown_export", "a document with footnoted sources"),
    Format("timelinejs", "export", "timelinejs_export", "TimelineJS 3 JSON"),
    Format("json", "export", "json_export", "the whole normalised timeline"),
    Format("csv", "export", "csv_export", "the events as CSV"),
    Format("csl-json", "csl", "csl_export", "every source the export cites as CSL-JSON, for Zotero and pandoc"),
    Format("sqlite", "sqlite", "sqlite_export", "a SQLite database for Datasette (needs -o FILE.db)", binary=True),
    Format("html", "html", "html_export", "one self-contained web page with search and facets"),
)

#: citation styles: ``function(citing) -> str``, ``citing`` a ``cite.Citing`` (a record's
#: sources grouped by role, and for a quote the quote itself)
CITATIONS = _table(
    Format("apa", "cite", "apa_document", "APA"),
    Format("chicago", "cite", "chicago_document", "Chicago"),
    Format("mla", "cite", "mla_document", "MLA"),
    Format("bibtex", "cite", "bibtex_document", "BibTeX"),
    Format("json", "cite", "json_document", "JSON, each source with its role"),
    Format("csl-json", "csl", "csl_json_document", "CSL-JSON, for Zotero and pandoc"),
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


def export_text(timeline, selection, fmt) -> str | bytes:
    """A whole-timeline export (see ``export.Selection``); bytes for a binary format."""
    return function(EXPORTS[_named(fmt)])(timeline, selection)


def export_format(fmt) -> Format:
    return EXPORTS[_named(fmt)]


def citations(cited, style) -> str:
    """The citations of a ``cite.Citing`` (a record's sources by role, a quote as a quote) in ``style``."""
    return function(CITATIONS[_named(style)])(cited)
