"""Commands that draw, export, cite and check: timeline, export, cite, init, check, schema, help."""

from typing import Annotated, Optional

import typer

from ..render import CITATIONS, EXPORTS, CiteStyle, ExportFormat, help_for
from . import options
from .app import command, state
from .options import DATE_RULES, EventOptions, ForceOpt, complete_ids, event_options
from .output import Screen, note, write

STDOUT = "-"  # as a file name: standard output


@command("timeline", epilog=DATE_RULES)
@event_options
def timeline_cmd(
    ctx: typer.Context,
    events: EventOptions,
    svg: Annotated[
        Optional[str],
        typer.Option(
            "--svg", metavar="FILE", help="Also write the picture as SVG to FILE; with - print only the SVG, to stdout."
        ),
    ] = None,
    force: ForceOpt = False,
    series: Annotated[
        Optional[list[str]],
        typer.Option(
            "--series",
            metavar="ID",
            help="Also draw this series under the years (repeatable): ishiba timeline --series example-approval.",
            autocompletion=complete_ids(("series",)),
        ),
    ] = None,
) -> None:
    """Draw the timeline: a year ruler, offices as bars, the races and events as markers.

    Takes the same filters as `events` and zooms to the range they give. Uses the terminal's
    full width (80 columns when piped); no line is wider.

    Examples:

      ishiba timeline

      ishiba timeline --from 2024-08 --to 2025

      ishiba timeline --tag sofa --svg sofa.svg

      ishiba timeline --series example-approval --data my-timeline.yaml
    """
    from .. import query
    from ..render import picture

    current = state(ctx)
    timeline = current.timeline()
    flt = options.event_filter(timeline, events)
    found = query.apply(timeline, "events", flt)
    if not found:
        note(ctx, query.why_empty(timeline, "events", flt, "event"))
    screen = Screen(current.color, current.env)
    drawn = tuple(query.find(timeline, options.given(ref, "--series"), ("series",)).record for ref in series or ())
    layout = picture.layout(timeline, found, flt.zoom(), screen.width, drawn)
    if svg is not None:
        written = _write_out(ctx, options.given(svg, "--svg"), picture.to_svg(layout), force)
        if written is None:  # --svg -: the SVG is the output, alone
            return
        note(ctx, f"wrote {written}")
    write(screen.text(picture.to_terminal(layout)))


def _write_out(ctx: typer.Context, target: str, text: str, force: bool):
    """Write ``text`` to the file ``target`` (atomically, never over the data file) and return its
    path; ``-`` means standard output, as for other tools, and returns None (so does
    ``/dev/stdout``, which is standard output by another name, not a file to replace)."""
    from ..files import STDOUT_NAMES, write_atomic

    if target == STDOUT or target in STDOUT_NAMES:
        write(text)
        return None
    current = state(ctx)
    return write_atomic(target, text, force=force, protect=current.data_path(), cwd=current.env.cwd)


@command("export", epilog=DATE_RULES)
@event_options
def export_cmd(
    ctx: typer.Context,
    events: EventOptions,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", metavar="FORMAT", help=help_for(EXPORTS))
    ] = ExportFormat.markdown,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of stdout; - is stdout. A link is written through (with --force); a folder, device or FIFO is refused.",
        ),
    ] = None,
    metadata: Annotated[
        Optional[str],
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="With --format sqlite: also write Datasette metadata (titles, facets, search notes) to FILE.yml.",
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Export the timeline (or the events the filters select) for notes, the web or programs.

    Examples:

      ishiba export --format markdown --output ishiba.md

      ishiba export --format timelinejs --from 2024 -o timeline.json

      ishiba export --format json | jq '.races | length'

      ishiba export --format csl-json -o ishiba.json

      ishiba export --format sqlite -o ishiba.db --metadata ishiba.yml

      ishiba export --format html -o ishiba.html

    Then serve the database with: datasette ishiba.db -m ishiba.yml
    """
    from .. import query
    from ..errors import UsageError
    from ..files import STDOUT_NAMES, check_target
    from ..render import export_format, export_text
    from ..render.export import Selection

    binary = export_format(fmt).binary
    output = options.given(output, "--output")
    metadata = options.given(metadata, "--metadata")
    if binary and output in (None, STDOUT, *STDOUT_NAMES):
        raise UsageError(f"--format {export_format(fmt).name} writes a database file: give --output FILE.db")
    if metadata is not None and export_format(fmt).name != "sqlite":
        raise UsageError("--metadata goes with --format sqlite (it describes the database to Datasette)")
    current = state(ctx)
    files = [t for t in (output, metadata) if t not in (None, STDOUT, *STDOUT_NAMES)]
    for target in files:  # both, before either is written
        check_target(target, force=force, protect=current.data_path(), cwd=current.env.cwd)
    timeline = current.timeline()
    flt = options.event_filter(timeline, events)
    chosen = query.apply(timeline, "events", flt)
    window = flt.zoom()
    quotes = query.apply(timeline, "quotes", flt.dates())
    filtered = bool(flt.in_use())
    selection = Selection(
        events=chosen,
        quotes=quotes,
        races=[r for r in query.by_date(timeline.races) if query.covers(r, window)],
        proposals=query.linked_proposals(timeline, chosen, quotes) if filtered else list(timeline.proposals),
        complete=len(chosen) == len(timeline.events),
    )
    if not chosen:
        note(ctx, query.why_empty(timeline, "events", flt, "event") + "; the export holds no events")
    text = export_text(timeline, selection, fmt)
    written = _write_out(ctx, output or STDOUT, text, force)
    if written is not None:
        note(ctx, f"wrote {written} ({len(chosen)} events)")
    if metadata is not None:
        from pathlib import Path

        from ..render.sqlite import metadata_yaml

        database = Path(output).stem  # Datasette names a database after its file
        if metadata == STDOUT:
            write(metadata_yaml(timeline, database))
        else:
            note(ctx, f"wrote {_write_out(ctx, metadata, metadata_yaml(timeline, database), force)} "
                      f"(serve it with: datasette {output} -m {metadata})")  # fmt: skip


@command("cite")
def cite_cmd(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record whose sources to cite (any kind).", autocompletion=complete_ids(None)
        ),
    ],
    style: Annotated[CiteStyle, typer.Option("--style", "-s", help=help_for(CITATIONS))] = CiteStyle.apa,
    csl: Annotated[
        Optional[str],
        typer.Option(
            "--csl",
            metavar="FILE",
            help="Render the citations in the CSL style FILE.csl (any of the styles Zotero uses) instead of "
            "--style; needs the csl extra: pip install 'ishiba[csl]'. Example: ishiba cite revise-sofa "
            "--csl apa.csl (from the Zotero style repository).",
        ),
    ] = None,
) -> None:
    """Cite the sources behind a record, ready to paste, grouped by the role each plays.

    Every source the record shows (as `show` lists them): those that support it (its own, those
    that back a dispute's finding, other wordings' and reactions'), then those the record says
    are wrong or simplify it (its disputes), then those that report the other account where the
    sources conflict. A quote is cited first as a quote: speaker, words, occasion and date,
    quoted in its first source. A source cites itself. JSON gives each item its `role`;
    CSL-JSON is the citation data Zotero and pandoc read.

    Examples:

      ishiba cite equal-terms

      ishiba cite ldp-race-2020 --style json

      ishiba cite revise-sofa --style bibtex > sofa.bib

      ishiba cite revise-sofa --style csl-json > sofa.json

      ishiba cite revise-sofa --csl my-style.csl
    """
    from .. import query
    from ..render import citations
    from ..render.cite import citing

    timeline = state(ctx).timeline()
    found = query.find(timeline, options.given(ref, "ID"))
    options.taken(ctx, ref, found, "citing")
    record = found.record
    cited = citing(timeline, record)
    if not cited.groups:
        note(ctx, f"{record.id} cites no source")
    if csl is not None:
        from ..errors import UsageError
        from ..render.csl import styled

        if getattr(ctx.get_parameter_source("style"), "name", None) == "COMMANDLINE":  # typed, not the default
            raise UsageError("--csl and --style each choose the citation style: give one of them")

        write(
            styled(cited, str(state(ctx).env.path(options.given(csl, "--csl"))))
        )  # as given, read in the run's folder
        return
    write(citations(cited, style))


@command("init")
def init_cmd(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write the starter timeline (- for stdout).")],
    force: ForceOpt = False,
) -> None:
    """Write a commented starter timeline for a new subject: every section, one example each.

    The file passes `ishiba check` as written; replace the examples with your subject's, then
    read it with --data FILE. An existing file is never replaced without --force.

    Examples:

      ishiba init holt.yaml

      ishiba init holt.yaml --force

    Then: ishiba --data holt.yaml check
    """
    from ..starter import STARTER

    written = _write_out(ctx, options.given(file, "FILE"), STARTER, force)
    if written is not None:  # with -, the starter went to stdout
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
    from ..load import load_timeline, read_stdin

    current = state(ctx)
    chosen = options.given(path, "PATH") or options.given(current.data, "--data")
    env = current.env
    timeline = read_stdin(env.stdin) if chosen == "-" else load_timeline(chosen, env.environ, cwd=env.cwd)
    dates = timeline.dated()
    span = (
        f"{min(dates, key=lambda d: d.first_day()).iso()} to {max(dates, key=lambda d: d.last_day()).iso()}"
        if dates
        else "no dates"
    )
    from ..query import advice, describe_counts

    counts = describe_counts(timeline.counts())
    from ..render.text import visible

    write(f"{visible(str(timeline.path), newlines=False)}: valid: {counts}; {span}\n")  # a file name is data too
    for line in advice(timeline):
        note(ctx, f"note: {timeline.path}: {line}")


@command("schema")
def schema_cmd(ctx: typer.Context) -> None:
    """Print the JSON Schema of the timeline format, for editors that validate YAML.

    Examples:

      ishiba schema > timeline.schema.json

      ishiba schema | jq '.properties | keys'
    """
    import json

    from ..spec import json_schema

    write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


@command("help")
def help_cmd(
    ctx: typer.Context,
    topic: Annotated[
        Optional[str],
        typer.Argument(metavar="[TOPIC]", help="A topic: format, search, dates or exit. Without one, the topics."),
    ] = None,
) -> None:
    """Read a help topic: the timeline format, the search rules, dates, exit statuses.

    The format topic is the format's full documentation as installed with the package, so it
    needs no network and matches this version. Each command's own options: ishiba COMMAND --help.

    Examples:

      ishiba help

      ishiba help format | less
    """
    from .. import topics

    if topic is None:
        width = max(len(t.name) for t in topics.TOPICS)
        lines = [f"  {t.name:<{width}}  {t.summary}" for t in topics.TOPICS]
        write("Help topics (ishiba help TOPIC):\n" + "\n".join(lines) + "\n")
        return
    chosen = topics.find(topic).name
    if chosen == "format":
        path = topics.format_doc_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            from ..errors import IshibaError

            raise IshibaError(f"{path}: the format's documentation is not installed ({exc.strerror})") from None
        write(text if text.endswith("\n") else text + "\n")
        return
    from ..errors import ExitStatus
    from .options import DATE_RULES, SEARCH_RULES

    if chosen == "search":
        write(SEARCH_RULES + "\n")
    elif chosen == "dates":
        write(DATE_RULES + "\n")
    else:
        write("".join(f"{int(s):>3}  {s.meaning}\n" for s in ExitStatus))
