"""Citations for the sources behind a record, in APA, Chicago, MLA, BibTeX or JSON, ready to paste.

Sources in the timeline have a publisher, a title, a date at some precision and a URL, and no
author: each style's rule for works without an author applies. A missing date is written the
style's way (``n.d.``); it is never guessed. A work whose title is not known is cited by its
description in square brackets (APA's rule for untitled works, used in every style); an English
rendering of a title in another language follows it in square brackets. The cited address is
the original publisher's: a copy the source was read in (``via``) is never cited in its place.

A record's citations (``Citing``) are grouped by the role each source plays for it
(``query.source_roles``); a quote is cited first as a quote: speaker, words, occasion and date,
quoted in its first source.
"""

from __future__ import annotations

import re

from .. import model, query
from ..dates import approximately
from ..tuples import named_tuple
from .text import inner_quotes, one_line

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip
_MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
_BIB_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _title(source: model.Source) -> str:
    """The title (or ``[description]``), with an English rendering in square brackets after it."""
    text = one_line(source.heading)
    return text + (f" [{one_line(source.title_translated)}]" if source.title and source.title_translated else "")


def _end(text: str) -> str:
    """Close a citation element with a full stop unless it already ends in punctuation."""
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _in_quotes(source: model.Source) -> str:
    """The title in double quotation marks, closed with a full stop inside them (Chicago, MLA);
    quotation marks within the title become single ones, as both styles require, and a closing
    single one takes the stop inside it too. A description is not a title: it stands in square
    brackets, without quotation marks; an English rendering follows the title in brackets."""
    if not source.title:
        return _end(one_line(source.heading))
    title = inner_quotes(one_line(source.title))
    if source.title_translated:
        return f"“{title}” [{one_line(source.title_translated)}]."
    closed = _end(title[:-1]) + "’" if title.endswith("’") else _end(title)  # the stop goes inside
    return f"“{closed}”"


def apa(source: model.Source) -> str:
    d = source.date
    if d is None:
        when = "(n.d.)"
    elif d.month is None:
        when = f"({d.year})"
    elif d.day is None:
        when = f"({d.year}, {_MONTHS[d.month - 1]})"
    else:
        when = f"({d.year}, {_MONTHS[d.month - 1]} {d.day})"
    parts = [_end(_title(source)), when + ".", _end(one_line(source.publisher))]
    if source.url:
        parts.append(one_line(source.url))
    return " ".join(parts)


def chicago(source: model.Source) -> str:
    d = source.date
    if d is None:
        when = "n.d."
    elif d.month is None:
        when = str(d.year)
    elif d.day is None:
        when = f"{_MONTHS[d.month - 1]} {d.year}"
    else:
        when = f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
    text = _end(f"{_in_quotes(source)} {one_line(source.publisher)}, {when}")
    return text + (f" {_end(one_line(source.url))}" if source.url else "")


def mla(source: model.Source) -> str:
    d = source.date
    if d is None:
        when = None
    elif d.month is None:
        when = str(d.year)
    elif d.day is None:
        when = f"{_MLA_MONTHS[d.month - 1]} {d.year}"
    else:
        when = f"{d.day} {_MLA_MONTHS[d.month - 1]} {d.year}"
    parts = [_in_quotes(source), one_line(source.publisher)]
    if when:
        parts.append(when)
    if source.url:
        parts.append(re.sub(r"^https?://", "", one_line(source.url)))
    return _end(parts[0] + " " + ", ".join(parts[1:]))


_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}  # fmt: skip


def _bib(text: str) -> str:
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in one_line(text))


def bibtex(source: model.Source) -> str:
    fields = [("title", "{" + _bib(source.heading) + "}")]
    if source.title and source.title_translated:
        fields.append(("titleaddon", "[" + _bib(source.title_translated) + "]"))
    fields.append(("organization", _bib(source.publisher)))
    d = source.date
    if d is not None:
        fields.append(("year", str(d.year)))
        if d.month is not None:
            fields.append(("month", _BIB_MONTHS[d.month - 1]))
        fields.append(("date", d.iso()))
    if source.url:
        # braces would close the field early: a URL takes them percent-encoded, as browsers accept
        url = one_line(source.url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
        url = url.replace("%", r"\%").replace("#", r"\#")
        fields.append(("url", url))
        fields.append(("howpublished", r"\url{" + url + "}"))
        if source.accessed is not None:
            fields.append(("urldate", source.accessed.iso()))
    if source.language:
        fields.append(("language", _bib(source.language)))
    fields.append(("note", _bib(f"{source.kind}; timeline source id {source.id}")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{source.id},\n{body}\n}}"


# ----------------------------------------------------------------------------- a record's citations


@named_tuple
class Citing:
    """What ``cite`` cites for a record: the quote itself (for a quote), then its sources by role.

    ``groups`` pairs a role of ``query.ROLES`` with its sources; the role is None for a list
    that plays none (a source citing itself)."""

    record_id: str
    groups: list[tuple[str | None, list[model.Source]]]
    quote: model.Quote | None = None
    speaker: str = ""  # the quote's speaker, by name
    quoted_in: model.Source | None = None  # the quote's first source: its text is as printed there


def citing(timeline: model.Timeline, record) -> Citing:
    """The citations of ``record``: a source cites itself; any other record its sources by role."""
    if isinstance(record, model.Source):
        return Citing(record.id, [(None, [record])])
    get = timeline.by_id.get
    groups = [
        (role, [s for s in map(get, ids) if isinstance(s, model.Source)]) for role, ids in query.source_roles(record)
    ]
    groups = [(role, sources) for role, sources in groups if sources]
    if not isinstance(record, model.Quote):
        return Citing(record.id, groups)
    person = get(record.speaker)
    first = get(record.sources[0]) if record.sources else None
    return Citing(
        record.id,
        groups,
        quote=record,
        speaker=person.name if isinstance(person, model.Person) else record.speaker,
        quoted_in=first if isinstance(first, model.Source) else None,
    )


def heading(role: str, record_id: str) -> str:
    """A group's heading in the text styles: what role its sources play for the record."""
    return f"{query.ROLES[role]} ({record_id}):"


def _words(quote: model.Quote) -> str:
    return inner_quotes(one_line(quote.text))


def _said(quote: model.Quote, style: str) -> str:
    """The quote's date the style's way (APA ``2024, September 17``; Chicago ``September 17,
    2024``; MLA ``17 Sept. 2024``), after ``c.`` when it is approximate."""
    d = quote.date
    if d.month is None:
        said = str(d.year)
    elif style == "apa":
        said = f"{d.year}, {_MONTHS[d.month - 1]}" + (f" {d.day}" if d.day else "")
    elif style == "chicago":
        said = _MONTHS[d.month - 1] + (f" {d.day}," if d.day else "") + f" {d.year}"
    else:
        said = (f"{d.day} " if d.day else "") + f"{_MLA_MONTHS[d.month - 1]} {d.year}"
    return approximately(said, quote.circa)


def quote_apa(c: Citing) -> str:
    """The quote of ``c`` cited in APA: speaker, date, words, occasion, quoted in its first source."""
    q = c.quote
    text = f"{_end(one_line(c.speaker))} ({_said(q, 'apa')}). “{_words(q)}” [{one_line(q.occasion)}]."
    return text + (f" Quoted in: {apa(c.quoted_in)}" if c.quoted_in else "")


def _quote_chicago(c: Citing) -> str:
    q = c.quote
    words = _words(q)
    if not words.endswith(("?", "!", ",")):  # the comma goes inside the marks, in place of a full stop
        words = (words[:-1] if words.endswith(".") and not words.endswith("...") else words) + ","
    text = _end(f"{one_line(c.speaker)}, “{words}” {one_line(q.occasion)}, {_said(q, 'chicago')}")
    return text + (f" Quoted in {chicago(c.quoted_in)}" if c.quoted_in else "")


def _quote_mla(c: Citing) -> str:
    q = c.quote
    text = f"{_end(one_line(c.speaker))} “{_end(_words(q))}” {_end(one_line(q.occasion) + ', ' + _said(q, 'mla'))}"
    return text + (f" Quoted in {mla(c.quoted_in)}" if c.quoted_in else "")


def _quote_bibtex(c: Citing) -> str:
    q = c.quote
    fields = [
        ("author", "{" + _bib(c.speaker) + "}"),  # braced: a name as written, never reordered
        ("title", "{“" + _bib(q.text) + "”}"),
        ("howpublished", _bib(q.occasion)),
        ("year", str(q.date.year)),
    ]
    if q.date.month is not None:
        fields.append(("month", _BIB_MONTHS[q.date.month - 1]))
    fields.append(("date", q.date.iso() + ("~" if q.circa else "")))  # biblatex's mark of an approximate date
    if c.quoted_in:
        where = f"Quoted in {c.quoted_in.heading}, {c.quoted_in.publisher}"
        where += f", {c.quoted_in.date.iso()}" if c.quoted_in.date else ", n.d."
        fields.append(("note", _bib(f"{where} (entry {c.quoted_in.id})")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{q.id},\n{body}\n}}"


def _document(c: Citing, one, quote_line, comment: str = "") -> str:
    """The text styles' layout: the quote first (for a quote), then each group under a heading
    that names its role; entries of several lines (BibTeX) set apart by a blank line."""
    blocks: list[list[str]] = []
    if c.quote is not None:
        blocks.append([f"{comment}The quote ({c.record_id}), as quoted in its first source:", quote_line(c)])
    for role, sources in c.groups:
        blocks.append(([f"{comment}{heading(role, c.record_id)}"] if role else []) + [one(s) for s in sources])
    entries = [e for b in blocks for e in b]
    sep = "\n\n" if any("\n" in e for e in entries) else "\n"
    return "\n\n".join(sep.join(b) for b in blocks) + "\n" if entries else ""


def apa_document(c: Citing) -> str:
    return _document(c, apa, quote_apa)


def chicago_document(c: Citing) -> str:
    return _document(c, chicago, _quote_chicago)


def mla_document(c: Citing) -> str:
    return _document(c, mla, _quote_mla)


def bibtex_document(c: Citing) -> str:
    """BibTeX entries; the headings are ``%`` comment lines, which BibTeX and biber skip."""
    return _document(c, bibtex, _quote_bibtex, comment="% ")


def json_document(c: Citing) -> str:
    """JSON: an array with an item per source, each with its ``role`` (``supports``, ``disputed``,
    ``conflicting``; ``cited`` for a source citing itself) and its fields as the timeline gives
    them (``via`` included); a quote's own item comes first, with the role ``quote``."""
    import json

    from .text import json_safe

    items = []
    if c.quote is not None:
        q = c.quote
        item = {"role": "quote", "id": q.id, "speaker": {"id": q.speaker, "name": c.speaker}, "text": q.text}
        if q.original:
            item["original"] = q.original
        item.update(occasion=q.occasion, date=q.date.iso())
        if q.circa:
            item["circa"] = True
        item["quoted_in"] = c.quoted_in.id if c.quoted_in else None
        items.append(item)
    for role, sources in c.groups:
        for s in sources:
            data = {k: v for k, v in model.to_data(s).items() if v is not None}
            items.append({"role": role or "cited", **data, "citation": apa(s)})
    return json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"
