"""Citations for the sources behind a record, in APA, Chicago, MLA or BibTeX, ready to paste.

Sources in the timeline have a publisher, a title, a date at some precision and a URL, and no
author: each style's rule for works without an author applies. A missing date is written the
style's way (``n.d.``); it is never guessed.
"""

from __future__ import annotations

import re

from .. import model
from .text import inner_quotes, one_line

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip
_MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
_BIB_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _title(source: model.Source) -> str:
    return one_line(source.title)


def _end(text: str) -> str:
    """Close a citation element with a full stop unless it already ends in punctuation."""
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _in_quotes(source: model.Source) -> str:
    """The title in double quotation marks, closed with a full stop inside them (Chicago, MLA);
    quotation marks within the title become single ones, as both styles require, and a closing
    single one takes the stop inside it too."""
    title = inner_quotes(_title(source))
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
    fields = [("title", "{" + _bib(source.title) + "}"), ("organization", _bib(source.publisher))]
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
    fields.append(("note", _bib(f"{source.kind}; timeline source id {source.id}")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{source.id},\n{body}\n}}"
