"""JSON, JSON Lines, CSV and TSV: records with the data format's field names, for programs.

Dates are ISO strings at their stored precision, references are ids. A listing is a JSON
array (``[]`` when nothing matched), a detail an object. CSV and TSV have a header row and
join lists with ``; ``; nested records (disputes, rounds, reactions) are compact JSON.
"""

from __future__ import annotations

import csv
import io
import json

from .. import model
from ..model import to_data
from . import views
from .text import json_safe, visible


def _dumps(value: object, *, indent: int | None) -> str:
    if indent is None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
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
                "disputed": bool(r.disputes),
            }
            for r in s.races
        ],
        "proposals": [{"id": p.id, "title": p.title, "status": p.status} for p in s.proposals],
        "disputes": [
            {"record": r.id, "type": model.kind_of(r), "status": d.status, "claim": d.claim}
            for r in s.disputed
            for d in r.disputes
        ],
    }


def _as_data(view) -> object:
    """The JSON value of any view: arrays for listings, objects for details and summaries."""
    if isinstance(view, views.Listing):
        return [to_data(r) for r in view.records]
    if isinstance(view, views.Grouped):
        return [_typed(r) for g in view.groups for r in g.records]
    if isinstance(view, views.SourceList):
        return [{**to_data(s), "cited_by": view.counts.get(s.id, 0)} for s in view.sources]
    if isinstance(view, views.Detail):
        return _detail_data(view)
    if isinstance(view, views.SummaryView):
        return _summary_data(view)
    raise TypeError(f"no data form for {type(view).__name__}")


def _cell(value: object, sep: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "; ".join(_cell(v, sep) for v in value)
        return _dumps(value, indent=None)
    if isinstance(value, dict):
        return _dumps(value, indent=None)
    text = visible(str(value))
    if sep == "\t":
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _rows(view) -> tuple[list[str], list[dict]]:
    """Header and rows for CSV/TSV."""
    if isinstance(view, views.Listing):
        cls = views.ROW_CLASSES.get(view.section) or model.SECTIONS[view.section][1]
        header = list(cls._fields)
        return header, [to_data(r) for r in view.records]
    if isinstance(view, views.Grouped):
        header = ["type", "id", "date", "title"]
        rows = []
        for g in view.groups:
            for r in g.records:
                date = getattr(r, "date", None)
                rows.append(
                    {
                        "type": model.kind_of(r),
                        "id": r.id,
                        "date": date.iso() if date else None,
                        "title": views.query.title_of(r),
                    }
                )
        return header, rows
    if isinstance(view, views.SourceList):
        header = [*model.Source._fields, "cited_by"]
        return header, _as_data(view)  # type: ignore[return-value]
    if isinstance(view, views.Detail):
        data = _detail_data(view)
        return list(data), [data]
    if isinstance(view, views.SummaryView):
        return ["year", "events"], [{"year": y, "events": n} for y, n in view.summary.per_year]
    raise TypeError(f"no table form for {type(view).__name__}")


def render(view, variant: str) -> str:
    if variant == "json":
        return _dumps(_as_data(view), indent=2) + "\n"
    if variant == "jsonl":
        data = _as_data(view)
        items = data if isinstance(data, list) else [data]
        return "".join(_dumps(item, indent=None) + "\n" for item in items)
    sep = "," if variant == "csv" else "\t"
    header, rows = _rows(view)
    if variant == "tsv":  # cells hold no tab or newline (escaped above), so no quoting is needed
        lines = ["\t".join(header), *("\t".join(_cell(row.get(h), sep) for h in header) for row in rows)]
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(h), sep) for h in header])
    return out.getvalue()
