"""JSON, JSON Lines, CSV and TSV: records with the data format's field names, for programs.

Dates are ISO strings at their stored precision, references are ids. A listing is a JSON
array (``[]`` when nothing matched), a detail an object. CSV and TSV have a header row and
join lists with ``; ``; nested records (disputes, rounds, reactions) are compact JSON. Search
results, of several kinds, share one header: every field of every kind, a kind's missing
fields empty. The summary, not a table, is its JSON a value a row (``section,item,field,value``).
"""

from __future__ import annotations

import csv as _csv
import io
import json as _json

from .. import model
from ..dates import PartialDate
from ..model import to_data
from . import views
from .text import json_safe, visible


def _dumps(value: object, *, indent: int | None) -> str:
    if indent is None:
        text = _json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = _json.dumps(value, ensure_ascii=False, indent=indent)
    return json_safe(text)


def _typed(record) -> dict:
    return {"type": model.kind_of(record), **to_data(record)}


def _detail_data(view: views.Detail) -> dict:
    related = {section: [r.id for r in records] for section, records in view.related.items()}
    return {"type": view.kind, **to_data(view.record), "related": related}


def _summary_data(view: views.SummaryView) -> dict:
    s = view.summary
    t = s.timeline
    return {
        "subject": to_data(t.subject),
        "first": s.first.iso() if s.first else None,
        "last": s.last.iso() if s.last else None,
        "counts": s.counts,
        "events_per_year": {str(year): n for year, n in s.per_year},
        "races": [
            {
                "id": r.id,
                "date": r.date.iso(),
                "attempt": r.attempt,
                "winner": r.winner,
                "result": r.result,
                "place": r.place,
                "candidates": r.candidates,
                "circa": r.circa,
                "confidence": r.confidence,
                "disputed": bool(r.disputes),
            }
            for r in s.races
        ],
        "proposals": [
            {"id": p.id, "title": p.title, "status": p.status, "confidence": p.confidence, "disputed": bool(p.disputes)}
            for p in s.proposals
        ],
        # an optional section: named where the timeline has any (an empty list has no CSV row)
        **(
            {
                "series": [
                    {
                        "id": x.id,
                        "title": x.title,
                        "publisher": x.publisher,
                        "unit": x.unit,
                        "points": len(x.points),
                        **{
                            label: {"date": p.date.iso(), "end": p.end.iso() if p.end else None, "value": p.value}
                            for label, p in views.query.extremes(x)
                        },
                    }
                    for x in s.series
                ]
            }
            if s.series
            else {}
        ),
        "disputes": [
            {"record": r.id, "type": model.kind_of(r), "status": d.status, "claim": d.claim}
            for r in s.disputed
            for d in r.disputes
        ],
    }


#: a series' points as rows (JSON Lines, CSV, TSV): each with its series and unit
POINT_HEADER = ["series", "date", "end", "value", "unit", "sources", "note"]


def _point_rows(view: views.Chart) -> list[dict]:
    s = view.series
    return [{"series": s.id, "date": p.date, "end": p.end, "value": p.value, "unit": s.unit, "sources": p.sources,
             "note": p.note} for p in s.points]  # fmt: skip


def _row(record) -> dict:
    """A listing's row: the record's data; a race among the events (``events``) is typed
    (``"type": "race", "kind": "race"``) so that a program tells it from an event."""
    if isinstance(record, model.Race):
        return {"type": "race", "kind": "race", **to_data(record)}
    return to_data(record)


def _anniversary(on: str, a, timeline) -> dict:
    """One record of ``onthisday``: where it falls (``on``: ``day`` or ``month``), how many years
    ago (null for a record dated only to the month), its type and its data."""
    row = {"on": on, "years_ago": a.years_ago, "days_off": a.days_off, "type": model.kind_of(a.record)}
    return {**row, **to_data(a.record)}


def _onthisday_rows(view) -> list[dict]:
    return [_anniversary(on, a, view.timeline) for on, _, rows in view.parts() for a in rows]


def _onthisday_data(view) -> dict:
    r = view.result
    rows = _onthisday_rows(view)
    return {
        "day": r.day.text(),
        "window": r.window,
        "year": r.year,
        "on_the_day": [row for row in rows if row["on"] == "day"],
        "this_month": [row for row in rows if row["on"] == "month"],
    }


def _matched(row: dict, record, view) -> dict:
    """``row`` with, for a search, where it matched: ``matched: [{field, text, spans}]`` (spans are
    ``[start, end)`` character ranges of ``text``, the field's whole text)."""
    if view.matcher is None or view.matcher.query.empty:
        return row
    found = views.query.why_matched(view.timeline, record, view.matcher)
    return {**row, "matched": [{"field": m.field, "text": m.text, "spans": [list(sp) for sp in m.spans]}
                               for m in found]}  # fmt: skip


def _listing_data(view: views.Listing) -> list:
    rows = (_row(r) for r in view.records) if view.section == "events" else (to_data(r) for r in view.records)
    return [_matched(row, r, view) for row, r in zip(rows, view.records, strict=True)]


_DATA = {
    views.Chart: lambda v: {"type": "series", **to_data(v.series)},
    views.Listing: _listing_data,
    views.Grouped: lambda v: [_matched(_typed(r), r, v) for g in v.groups for r in g.records],
    views.SourceList: lambda v: [{**to_data(s), "cited_by": v.counts.get(s.id, 0)} for s in v.sources],
    views.Detail: _detail_data,
    views.SummaryView: _summary_data,
    views.OnThisDayView: _onthisday_data,
}


def _as_data(view) -> object:
    """The JSON value of any view: arrays for listings, objects for details and summaries."""
    return _DATA[type(view)](view)


def _cell(value: object, sep: str) -> str:
    """One CSV or TSV cell of a field's value, read straight from the model (no JSON round trip)."""
    if value is None:
        return ""
    if type(value) is str:  # most cells: test the common case first
        if value.isprintable() and "\\" not in value:  # no control, tab, newline or backslash: as it is
            return _defused(value)
        text = _escaped(value)
    elif isinstance(value, PartialDate):
        return value.iso()
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, (tuple, list)) and not hasattr(value, "_fields"):
        if all(type(v) is str for v in value):  # tags, people, sources: one pass over the joined text
            text = _escaped("; ".join(value))
        elif all(not isinstance(v, (dict, list, tuple)) for v in value):
            return "; ".join(_cell(v, sep) for v in value)
        else:
            return _dumps(to_data(value), indent=None)
    elif isinstance(value, dict) or hasattr(value, "_fields"):
        return _dumps(to_data(value), indent=None)
    else:
        text = _escaped(str(value))
    if sep == "\t":
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return _defused(text)


def _escaped(text: str) -> str:
    """Controls shown as escapes, and a backslash doubled so that \\x09 in data stays apart from a tab."""
    return visible(text.replace("\\", "\\\\"))


def _defused(text: str) -> str:
    """A leading apostrophe on a cell a spreadsheet would run as a formula."""
    return "'" + text if text[:1] in _FORMULA and _is_formula(text) else text


#: what a spreadsheet reads as the start of a formula (=HYPERLINK(...) in a data file would run
#: when a CSV export is opened); such a cell gets a leading apostrophe, as OWASP advises
_FORMULA = frozenset("=+-@")


def _is_formula(text: str) -> bool:
    try:
        float(text)  # -5 or +3.2 is a number, not a formula
    except ValueError:
        return bool(text)
    return False


def _listing_rows(view: views.Listing) -> tuple[list[str], list[dict]]:
    cls = views.ROW_CLASSES.get(view.section) or model.SECTIONS[view.section].record
    return list(cls._fields), [_race_as_event(r) if isinstance(r, model.Race) else r._asdict() for r in view.records]


def _race_as_event(race: model.Race) -> dict:
    """A race among the events, in the events' columns: kind ``race``, its candidates as the
    people, its result in the summary (``ishiba races`` has the rest)."""
    from .. import query

    row = race._asdict()
    row.update(kind="race", people=tuple(query.candidates_of(race)),
               summary=f"{views.race_result(race)}. {race.summary}")  # fmt: skip
    return row


#: search results in CSV and TSV: what the table shows first (the date with its end and circa,
#: the title: a record's own, else the line that names it (a quote's words, a person's name), the
#: marks' fields), then every other field of every kind of record, so that a row
#: holds all its JSON record holds; fields a kind lacks stay empty
GROUPED_HEADER = list(dict.fromkeys([
    "type", "id", "date", "title", "end", "circa", "confidence", "disputes",
    *(name for s in model.SECTIONS.values() for name in s.record._fields),
]))  # fmt: skip


def _grouped_rows(view: views.Grouped) -> tuple[list[str], list[dict]]:
    rows = [
        _matched({"title": model.title_of(r), **r._asdict(), "type": model.kind_of(r),  # its own title wins
                  **({"date": r.date, "end": r.end} if isinstance(r, model.Series) else {})}, r, view)
        for g in view.groups
        for r in g.records
    ]  # fmt: skip
    return [*GROUPED_HEADER, "matched"], rows  # matched: where the search found it, as JSON in one cell


def _summary_rows(view: views.SummaryView) -> tuple[list[str], list[dict]]:
    """The summary's JSON one value a row: its top-level key (``section``), the position in a
    list from 1 (``item``: races, proposals, disputes), the key under it (``field``), the value."""
    rows: list[dict] = []
    for section, value in _summary_data(view).items():
        if isinstance(value, dict):
            rows += [{"section": section, "field": k, "value": v} for k, v in value.items()]
        elif isinstance(value, list):
            for n, entry in enumerate(value, 1):
                rows += [{"section": section, "item": str(n), "field": k, "value": v} for k, v in entry.items()]
        else:
            rows.append({"section": section, "value": value})
    return ["section", "item", "field", "value"], rows


def _detail_rows(view: views.Detail) -> tuple[list[str], list[dict]]:
    data = _detail_data(view)
    return list(data), [data]


#: header and rows for CSV and TSV, per kind of view
_ROWS = {
    views.Listing: _listing_rows,
    views.Grouped: _grouped_rows,
    views.SourceList: lambda v: ([*model.Source._fields, "cited_by"], _as_data(v)),
    views.Detail: _detail_rows,
    views.SummaryView: _summary_rows,
    views.Chart: lambda v: (POINT_HEADER, _point_rows(v)),
    views.OnThisDayView: lambda v: (ONTHISDAY_HEADER, [_onthisday_csv(v, row) for row in _onthisday_rows(v)]),
}

#: ``onthisday`` as CSV and TSV: where and when each record falls, then what the table shows
ONTHISDAY_HEADER = ["on", "years_ago", "days_off", "type", "id", "date", "title", "speaker", "confidence", "disputed"]


def _onthisday_csv(view, row: dict) -> dict:
    record = view.timeline.by_id[row["id"]]
    speaker = views.name_of(view.timeline, record.speaker) if isinstance(record, model.Quote) else None
    title = record.text if isinstance(record, model.Quote) else record.title
    return {**row, "date": record.date, "title": title, "speaker": speaker, "disputed": bool(record.disputes)}


def json(view) -> str:
    return _dumps(_as_data(view), indent=2) + "\n"


def jsonl(view) -> str:
    """One JSON value a line: a listing's records, a series' points, onthisday's records."""
    if isinstance(view, views.Chart):
        rows = ({k: to_data(v) for k, v in row.items()} for row in _point_rows(view))
        return "".join(_dumps(row, indent=None) + "\n" for row in rows)
    data = _onthisday_rows(view) if isinstance(view, views.OnThisDayView) else _as_data(view)
    items = data if isinstance(data, list) else [data]
    return "".join(_dumps(item, indent=None) + "\n" for item in items)


def csv(view) -> str:
    return _delimited(view, ",")


def tsv(view) -> str:
    return _delimited(view, "\t")


def _delimited(view, sep: str) -> str:
    header, rows = _ROWS[type(view)](view)
    if sep == "\t":  # cells hold no tab or newline (escaped above), so no quoting is needed
        lines = ["\t".join(header), *("\t".join(_cell(row.get(h), sep) for h in header) for row in rows)]
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    writer = _csv.writer(out, delimiter=sep, lineterminator="\n", quoting=_csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(h), sep) for h in header])
    return out.getvalue()
