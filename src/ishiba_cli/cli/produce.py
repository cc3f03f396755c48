"""Commands that draw, export, cite and check: timeline, export, cite, check, schema."""

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from .core import (
    DATE_RULES,
    FromOpt,
    GrepOpt,
    KindOpt,
    OnOpt,
    PersonOpt,
    TagOpt,
    ToOpt,
    YearOpt,
    _complete,
    _console,
    _given,
    _state,
    command,
    note,
)
from .explore import _event_filter

STDOUT = "-"  # as a file name: standard output


@command("timeline", epilog=DATE_RULES)
def timeline_cmd(
    ctx: typer.Context,
    year: YearOpt = None,
    on: OnOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    person: PersonOpt = None,
    grep: GrepOpt = None,
    svg: Annotated[
        Optional[str],
        typer.Option(
            "--svg", metavar="FILE", help="Also write the picture as SVG to FILE; with - print only the SVG, to stdout."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Draw the timeline: a year ruler, offices as bars, the races and events as markers.

    Takes the same filters as `events` and zooms to the range they give. Uses the terminal's
    full width (80 columns when piped); no line is wider.

    Examples:

      ishiba timeline

      ishiba timeline --from 2024-08 --to 2025

      ishiba timeline --tag sofa --svg sofa.svg
    """
    from .. import query
    from ..render import picture
    from ..render.terminal import to_text

    state = _state(ctx)
    timeline = state.timeline()
    flt = _event_filter(timeline, locals())
    found = query.apply(timeline, "events", flt)
    if not found:
        note(ctx, query.why_empty(timeline, list(timeline.events), flt, "event"))
    window = _zoom(flt)
    console = _console(state.color)
    layout = picture.layout(timeline, found, window, console.width)
    if svg is not None:
        written = _write_out(ctx, _given(svg, "--svg"), picture.to_svg(layout), force)
        if written is None:  # --svg -: the SVG is the output, alone
            return
        note(ctx, f"wrote {written}")
    sys.stdout.write(to_text(picture.to_terminal(layout), console))
    sys.stdout.flush()


def _write_out(ctx: typer.Context, target: str, text: str, force: bool):
    """Write ``text`` to the file ``target`` (atomically, never over the data file) and return its
    path; ``-`` means standard output, as for other tools, and returns None."""
    if target == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    from ..files import write_atomic
    from ..load import resolve_path

    return write_atomic(target, text, force=force, protect=resolve_path(_state(ctx).data))


def _zoom(flt):
    """The date range the filters name (open ends where they name none)."""
    from ..dates import DateRange, range_between

    if flt.since or flt.until:
        return range_between(flt.since, flt.until)
    if flt.on is not None:
        return range_between(flt.on, flt.on)
    if flt.years:
        from ..dates import PartialDate

        return range_between(PartialDate(min(flt.years)), PartialDate(max(flt.years)))
    return DateRange()


class ExportFormat(str, Enum):
    markdown = "markdown"
    timelinejs = "timelinejs"
    json = "json"
    csv = "csv"


@command("export", epilog=DATE_RULES)
def export_cmd(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown (a document), timelinejs (TimelineJS 3 JSON), json (the whole normalised timeline) or csv (events).",
        ),
    ] = ExportFormat.markdown,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout; - is stdout."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    year: YearOpt = None,
    on: OnOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    person: PersonOpt = None,
    grep: GrepOpt = None,
) -> None:
    """Export the timeline (or the events the filters select) for notes, the web or programs.

    Examples:

      ishiba export --format markdown --output ishiba.md

      ishiba export --format timelinejs --from 2024 -o timeline.json

      ishiba export --format json | jq '.races | length'
    """
    from .. import query
    from ..render import export, render, views

    state = _state(ctx)
    timeline = state.timeline()
    flt = _event_filter(timeline, locals())
    events = query.apply(timeline, "events", flt)
    window = _zoom(flt)
    in_range = query.Filter(years=flt.years, on=flt.on, since=flt.since, until=flt.until)
    races = [r for r in query.by_date(timeline.races) if query.covers(r, window)]
    if fmt is ExportFormat.markdown:
        quotes = query.apply(timeline, "quotes", in_range)
        filtered = flt._replace(labels=None) != query.Filter()
        proposals = query.linked_proposals(timeline, events, quotes) if filtered else list(timeline.proposals)
        text = export.markdown_document(timeline, events, quotes, races, proposals)
    elif fmt is ExportFormat.timelinejs:
        text = export.timelinejs(timeline, events, races)
    elif fmt is ExportFormat.json:
        selected = events if len(events) != len(timeline.events) else None
        text = export.normalised_json(timeline, selected)
    else:
        text = render(views.listing("events", events, timeline), "csv")
    written = _write_out(ctx, _given(output, "--output") or STDOUT, text, force)
    if written is not None:
        note(ctx, f"wrote {written} ({len(events)} events)")


class CiteStyle(str, Enum):
    apa = "apa"
    chicago = "chicago"
    mla = "mla"
    bibtex = "bibtex"


@command("cite")
def cite_cmd(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record whose sources to cite (any kind).", autocompletion=_complete(None)
        ),
    ],
    style: Annotated[CiteStyle, typer.Option("--style", "-s", help="apa, chicago, mla or bibtex.")] = CiteStyle.apa,
) -> None:
    """Cite the sources behind a record, ready to paste.

    A quote cites where it appeared, an event or race its sources, a proposal all of its
    sources, a source itself.

    Examples:

      ishiba cite equal-terms

      ishiba cite revise-sofa --style bibtex > sofa.bib
    """
    from .. import query
    from ..model import Source
    from ..render.cite import citations

    timeline = _state(ctx).timeline()
    record = query.resolve(timeline, _given(ref, "ID"))
    ids = [record.id] if isinstance(record, Source) else list(record.sources)
    sources = [s for s in (timeline.by_id.get(i) for i in ids) if isinstance(s, Source)]
    if not sources:
        note(ctx, f"{record.id} cites no source")
    sys.stdout.write(citations(sources, style.value) if sources else "")
    sys.stdout.flush()


@command("init")
def init_cmd(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write the starter timeline.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a commented starter timeline for a new subject: every section, one example each.

    The file passes `ishiba check` as written; replace the examples with your subject's, then
    read it with --data FILE. An existing file is never replaced without --force.

    Examples:

      ishiba init holt.yaml

      ishiba init holt.yaml --force

    Then: ishiba --data holt.yaml check
    """
    from ..files import write_atomic
    from ..starter import STARTER

    written = write_atomic(_given(file, "FILE"), STARTER, force=force)
    note(ctx, f"wrote {written}: replace the examples, then run: ishiba --data {written} check")


@command("check")
def check_cmd(
    ctx: typer.Context,
    path: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[PATH]", help="The file to check (default: --data, $ISHIBA_DATA or the bundled timeline)."
        ),
    ] = None,
) -> None:
    """Validate a timeline file and report every problem with its file, line and field.

    Prints the counts per section and the date span on success (exit 0); otherwise every
    problem (exit 3). Never changes the file.

    Examples:

      ishiba check

      ishiba check my-timeline.yaml
    """
    from ..load import load_timeline

    state = _state(ctx)
    timeline = load_timeline(path or state.data)
    dates = timeline.dated()
    span = (
        f"{min(dates, key=lambda d: d.first_day()).iso()} to {max(dates, key=lambda d: d.last_day()).iso()}"
        if dates
        else "no dates"
    )
    from ..query import describe_counts

    counts = describe_counts(timeline.counts())
    sys.stdout.write(f"{timeline.path}: valid: {counts}; {span}\n")


@command("schema")
def schema_cmd(ctx: typer.Context) -> None:
    """Print the JSON Schema of the timeline format, for editors that validate YAML.

    Examples:

      ishiba schema > timeline.schema.json

      ishiba schema | jq '.properties | keys'
    """
    import json

    from ..spec import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
