"""CSL-JSON, the citation data of Zotero, pandoc and every CSL processor: one item per source.

Each item gives what the source record holds, in CSL's variables: the type from the source's
``kind``, ``title`` (a work whose title is not known: its description in square brackets),
the publication (``container-title`` for periodicals and sites, ``publisher`` for reports),
``issued`` as date-parts at the precision written (a month stays a month), ``URL`` (the
original publisher's address, never a copy's), ``accessed``, ``language``, and a web-archive
snapshot as ``archive`` (the archive's name) and ``archive_location`` (the snapshot's address).
"""

from __future__ import annotations

import json
import re

from .. import model
from ..records import cited_sources
from .text import json_safe

#: the CSL type of each source kind (CSL 1.0.1 types, which every processor knows)
CSL_TYPES = {
    "seed-article": "article",
    "news": "article-newspaper",
    "editorial": "article-newspaper",
    "official": "webpage",
    "transcript": "webpage",
    "document": "report",
    "encyclopedia": "entry-encyclopedia",
    "think-tank": "report",
    "blog": "post-weblog",
    "aggregator": "webpage",
}
#: kinds CSL has no type of its own for, said as the item's ``genre``
_GENRES = {"editorial": "Editorial", "transcript": "Transcript", "official": "Official statement"}

#: the web archives whose snapshot addresses ``check`` accepts, by host (see spec.ARCHIVE_URL)
ARCHIVES = {
    "web.archive.org": "Internet Archive",
    "archive.org": "Internet Archive",
    "archive.today": "archive.today",
    "archive.ph": "archive.today",
    "archive.is": "archive.today",
}


def date_parts(date) -> dict:
    """A partial date as CSL date-parts, with only the parts written: ``2024-10`` -> [[2024, 10]]."""
    parts = [date.year] + [p for p in (date.month, date.day) if p is not None]
    return {"date-parts": [parts]}


def archive_name(url: str) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url).split("/", 1)[0].lower()
    return ARCHIVES.get(host, host)


def item(source: model.Source) -> dict:
    """A source as one CSL-JSON item."""
    kind = CSL_TYPES.get(source.kind, "webpage")
    out: dict = {"id": source.id, "type": kind, "title": source.heading}
    if source.title and source.title_translated:
        out["title"] += f" [{source.title_translated}]"
    if source.kind in _GENRES:
        out["genre"] = _GENRES[source.kind]
    out["publisher" if kind == "report" else "container-title"] = source.publisher
    if source.date is not None:
        out["issued"] = date_parts(source.date)
    if source.url:
        out["URL"] = source.url
    if source.accessed is not None:
        out["accessed"] = date_parts(source.accessed)
    if source.language:
        out["language"] = source.language
    if source.archive_url:
        out["archive"] = archive_name(source.archive_url)
        out["archive_location"] = source.archive_url
    return out


def _dumps(items: list) -> str:
    return json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


def quote_item(c) -> dict:
    """A quote as a CSL ``speech`` item: its speaker the author, its words the title, its
    occasion the event, the source it is quoted from named in ``note``."""
    q = c.quote
    out = {"id": q.id, "type": "speech", "author": [{"literal": c.speaker}], "title": f"“{q.text}”",
           "genre": "Remarks", "event": q.occasion, "issued": date_parts(q.date)}  # fmt: skip
    if q.circa:
        out["issued"]["circa"] = True
    if c.quoted_in is not None:
        out["note"] = f"Quoted in {c.quoted_in.heading}, {c.quoted_in.publisher}"
    return out


def csl_json_document(c) -> str:
    """``cite --style csl-json``: a quote's own item first (``speech``), then the record's
    sources, grouped by role in the order ``cite`` lists them, each role kept in CSL's free
    ``custom`` object."""
    items = [] if c.quote is None else [{**quote_item(c), "custom": {"role": "quote"}}]
    for role, sources in c.groups:
        for s in sources:
            items.append({**item(s), "custom": {"role": role}} if role else item(s))
    return _dumps(items)


def csl_export(timeline: model.Timeline, selection) -> str:
    """``export --format csl-json``: every source of the timeline, or, when filters chose part of
    it, every source the chosen records cite (their disputes and reactions included)."""
    if selection.complete:
        sources = list(timeline.sources)
    else:
        ids = {sid for r in [*selection.events, *selection.quotes, *selection.races, *selection.proposals]
               for sid in cited_sources(r)}  # fmt: skip
        sources = [s for s in timeline.sources if s.id in ids]
    return _dumps([item(s) for s in sources])


def render_csl(sources: list[model.Source], style_path: str) -> str:
    """The bibliography of ``sources`` in the CSL style at ``style_path``, as plain text, through
    citeproc-py (the optional ``csl`` extra; imported only here)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    data = CiteProcJSON([item(s) for s in sources])
    style = CitationStylesStyle(style_path, validate=False)
    bibliography = CitationStylesBibliography(style, data, formatter.plain)
    for s in sources:
        bibliography.register(Citation([CitationItem(s.id.lower())]))
    return "".join(str(entry) + "\n" for entry in bibliography.bibliography())


def styled(c, path: str) -> str:
    """``cite --csl FILE``: each role's sources in the CSL style at ``path``, under the heading the
    text styles give it; a quote first, as APA cites it (a CSL style has no form for a remark
    quoted in a source). Raises ``UsageError`` when citeproc-py is missing or the file is not a
    style it can use."""
    import importlib.util
    import os

    from ..errors import UsageError
    from .cite import heading, quote_apa

    if importlib.util.find_spec("citeproc") is None:
        raise UsageError("--csl needs citeproc-py, which is not installed: pip install 'ishiba[csl]'")
    if not os.path.isfile(path):
        raise UsageError(f"--csl {path}: no such file (give the path of a CSL style, a .csl file)")
    blocks = [] if c.quote is None else [f"The quote ({c.record_id}), as quoted in its first source:\n{quote_apa(c)}\n"]
    try:
        for role, sources in c.groups:
            head = f"{heading(role, c.record_id)}\n" if role else ""
            blocks.append(head + render_csl(sources, path))
    except OSError as err:
        raise UsageError(f"--csl {path}: cannot read the style: {err.strerror or err}") from None
    except Exception as err:  # citeproc-py and lxml raise many kinds for a file that is not a CSL style
        raise UsageError(f"--csl {path}: not a CSL style citeproc-py can use ({type(err).__name__}: {err})") from None
    return "\n".join(blocks)
