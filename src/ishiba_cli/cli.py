"""The command line: parse, call the library, render, print. The only module that prints or exits.

Errors from the library arrive as typed exceptions (``errors.py``) and are turned into a short
message on stderr and an exit status in one place, :func:`reported`.
"""

import contextlib
import errno
import functools
import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import EXIT_UNEXPECTED, EXIT_USAGE, IshibaError, UsageError
from .render import OutputFormat

SEARCH_RULES = (
    "Search rules (the same in every command): matching ignores case, accents, width and punctuation "
    '(Ryūkyū = ryukyu, ＳＯＦＡ = SOFA, U.S. = US, curly = straight quotes). Several words must all match; "a'
    ' phrase" in quotes matches as a phrase; a word matches at the start of a word (alliance finds '
    "alliances); Japanese text matches anywhere (石破). --any matches any word instead, --regex takes a "
    "regular expression, --case-sensitive turns folding off."
)

DATE_RULES = (
    "Dates may be partial: 2008, 2008-09 or 2008-09-22. --from starts on the first day of its period and "
    "--to ends on the last day of its own (--to 2018 includes all of 2018). A record matches when its "
    "period overlaps the one asked for: a record dated only 2008 matches --year 2008 and --from 2008-09 "
    "(it may fall there); an office held 2002-2004 matches --year 2003."
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class State:
    """What the global options chose, and the timeline once it is loaded."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.color = Color.auto
        self.cache = True
        self._timeline = None

    def timeline(self):
        if self._timeline is None:
            from .load import load_timeline

            self._timeline = load_timeline(self.data, cache=self.cache)
        return self._timeline


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


# ----------------------------------------------------------------------------- consoles and output


def _console(color: Color, *, stderr: bool = False):
    from rich.console import Console

    plain = color is Color.never or (
        color is Color.auto and (os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb")
    )
    return Console(
        stderr=stderr,
        force_terminal=True if color is Color.always else None,
        color_system=None if plain else "standard" if color is Color.always else "auto",
        no_color=bool(plain),
        highlight=False,
        markup=False,
        emoji=False,
    )


def emit(ctx: typer.Context, view, fmt: OutputFormat) -> None:
    """Render a view in the chosen format and write it to stdout."""
    from .render import render

    out = render(view, fmt)
    if not isinstance(out, str):
        from .render.terminal import to_text

        out = to_text(out, _console(_state(ctx).color))
    sys.stdout.write(out)
    sys.stdout.flush()


def note(ctx: typer.Context, message: str) -> None:
    """A one-line message for the person at the terminal (stderr)."""
    from rich.text import Text

    _console(_state(ctx).color, stderr=True).print(Text(_safe(message), style="dim"), soft_wrap=True)


@contextlib.contextmanager
def reported(ctx: typer.Context | None = None):
    """The one place where errors become messages on stderr and exit statuses."""
    try:
        yield
    except IshibaError as exc:
        from rich.text import Text

        err = _console(_state(ctx).color if ctx else Color.auto, stderr=True)
        for line in exc.lines():
            err.print(Text("error: ", style="bold red") + Text(_safe(line)), soft_wrap=True)
        for line in exc.hints():
            err.print(Text("  " + _safe(line)), soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _quiet_stdout()
            raise typer.Exit(EXIT_UNEXPECTED) from None
        if exc.errno in {errno.ENOSPC, errno.EIO, errno.EBADF}:
            _quiet_stdout()
            sys.stderr.write(f"error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(EXIT_UNEXPECTED) from None
        raise


def _safe(text: str) -> str:
    from .render.text import visible

    return visible(text)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def command(*names, **settings):
    """Register a command whose body runs inside :func:`reported`."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            ctx = kwargs.get("ctx")
            with reported(ctx):
                return fn(*args, **kwargs)

        return app.command(*names, **settings)(run)

    return wrap


# ----------------------------------------------------------------------------- option parsing helpers


def _given(value: str | None, option: str) -> str | None:
    """An option's value, refused when it was given but is blank."""
    if value is not None and not value.strip():
        raise UsageError(f"{option} needs a value; an empty one was given")
    return value


def _all_given(values: list[str] | None, option: str) -> list[str]:
    return [_given(v, option) for v in values or []]  # type: ignore[misc]


def _date(value: str | None, option: str):
    if _given(value, option) is None:
        return None
    from .dates import DateParseError, parse_date

    try:
        return parse_date(value)
    except DateParseError as exc:
        raise UsageError(f"{option} {value!r} {exc}") from None


def _matcher(terms, any_term: bool, regex: bool, case_sensitive: bool):
    from .search import Matcher, parse_query

    query = parse_query(terms, any_term=any_term, regex=regex, case_sensitive=case_sensitive)
    return None if query.empty else Matcher(query)


def _complete(kinds: tuple[str, ...] | None):
    def complete(ctx: typer.Context, incomplete: str):
        try:
            from . import query

            timeline = _state(ctx).timeline()
            return [i for i in query.ids_for_completion(timeline, kinds) if i.startswith(incomplete)]
        except IshibaError:
            return []

    return complete


def _complete_values(attr: str):
    def complete(ctx: typer.Context, incomplete: str):
        try:
            timeline = _state(ctx).timeline()
        except IshibaError:
            return []
        values = set()
        for e in timeline.events:
            value = getattr(e, attr)
            values.update(value if isinstance(value, tuple) else [value])
        return sorted(v for v in values if v.startswith(incomplete))

    return complete


# ----------------------------------------------------------------------------- the app

app = typer.Typer(
    name="ishiba",
    help=(
        "Explore a curated, sourced timeline of Ishiba Shigeru: events, LDP leadership races, "
        "quotes, and his proposals for the Japan-U.S. alliance.\n\n"
        "Examples:\n\n"
        "  ishiba summary\n\n"
        "  ishiba events --year 2024\n\n"
        '  ishiba quotes "equal terms"'
    ),
    epilog="Exit status: 0 ok (also when nothing matched), 2 usage error, 3 bad data file, 4 unknown id.",
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)

FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table for people; json, jsonl, csv, tsv or markdown for programs and notes."),
]
AnyOpt = Annotated[bool, typer.Option("--any", help="Match any of the words, not all of them.")]
RegexOpt = Annotated[bool, typer.Option("--regex", help="Treat the search as a regular expression.")]
CaseOpt = Annotated[bool, typer.Option("--case-sensitive", help="Match case, accents and punctuation exactly.")]
YearOpt = Annotated[
    Optional[list[int]], typer.Option("--year", "-y", min=1, max=9999, help="Only this year (repeatable: any of them).")
]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")]
ToOpt = Annotated[
    Optional[str], typer.Option("--to", help="Up to the end of this date's period (--to 2018 includes 2018).")
]
OnOpt = Annotated[
    Optional[str], typer.Option("--on", help="Only records that may fall on this date (or month, or year).")
]
KindOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--kind",
        "-k",
        help="Only events of this kind (repeatable: any of them).",
        autocompletion=_complete_values("kind"),
    ),
]
TagOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--tag",
        "-t",
        help="Only events with this tag (repeatable: all must match).",
        autocompletion=_complete_values("tags"),
    ),
]
PersonOpt = Annotated[
    Optional[str],
    typer.Option(
        "--person", "-p", help="Only events involving this person (id or name).", autocompletion=_complete(("person",))
    ),
]
GrepOpt = Annotated[
    Optional[str],
    typer.Option("--grep", "-g", help="Only events whose text matches these words (see the search rules)."),
]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="Show at most N records.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ishiba {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Optional[str],
        typer.Option(
            "--data",
            "-d",
            envvar="ISHIBA_DATA",
            metavar="FILE",
            help="The timeline file to read (default: the bundled Ishiba timeline).",
        ),
    ] = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color", help="Colour and styles: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never."
        ),
    ] = Color.auto,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read the file afresh and leave the cache alone (also: ISHIBA_NO_CACHE=1)."),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    state = _state(ctx)
    state.data, state.color, state.cache = data, color, not no_cache
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit()


@command("events", epilog=DATE_RULES + "\n\n" + SEARCH_RULES)
def events_cmd(
    ctx: typer.Context,
    year: YearOpt = None,
    on: OnOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    person: PersonOpt = None,
    grep: GrepOpt = None,
    any_term: AnyOpt = False,
    regex: RegexOpt = False,
    case_sensitive: CaseOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List events, oldest first; filters combine with AND.

    Examples:

      ishiba events --year 2024

      ishiba events --from 2008-09 --to 2009 --kind office

      ishiba events --tag sofa --grep okinawa --format json
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    flt = _event_filter(timeline, locals())
    found = query.apply(timeline, "events", flt, limit=limit, reverse=reverse)
    if not found:
        note(ctx, query.why_empty(timeline, list(timeline.events), flt, "event"))
    emit(ctx, views.listing("events", found, timeline, flt.matcher), fmt)


def _event_filter(timeline, given: dict):
    """The events filter from the options that ``events``, ``timeline`` and ``export`` share."""
    from . import query

    person = given.get("person")
    grep = given.get("grep")
    return query.Filter(
        years=tuple(given.get("year") or ()),
        on=_date(given.get("on"), "--on"),
        since=_date(given.get("since"), "--from"),
        until=_date(given.get("until"), "--to"),
        kinds=tuple(_all_given(given.get("kind"), "--kind")),
        tags=tuple(_all_given(given.get("tag"), "--tag")),
        person=query.resolve(timeline, person, ("person",)).id if _given(person, "--person") else None,
        matcher=_matcher([grep] if _given(grep, "--grep") else [], given.get("any_term", False),
                         given.get("regex", False), given.get("case_sensitive", False)),
        labels=_labels(**{k: given.get(k) for k in ("year", "on", "since", "until", "kind", "tag", "person", "grep")}),
    )  # fmt: skip


def _labels(**given) -> dict[str, str]:
    """How each criterion was written on the command line, for 'nothing matched' notes."""
    out = {}
    if given.get("year"):
        out["year"] = " or ".join(f"--year {y}" for y in given["year"])
    if given.get("on"):
        out["on"] = f"--on {given['on']}"
    if given.get("since") or given.get("until"):
        out["from/to"] = " ".join(
            p
            for p in (
                f"--from {given['since']}" if given.get("since") else "",
                f"--to {given['until']}" if given.get("until") else "",
            )
            if p
        )
    if given.get("kind"):
        out["kind"] = " or ".join(f"--kind {k}" for k in given["kind"])
    if given.get("tag"):
        out["tag"] = " and ".join(f"--tag {t}" for t in given["tag"])
    for name in ("person", "speaker", "source"):
        if given.get(name):
            out["person" if name == "speaker" else name] = f"--{name} {given[name]}"
    if given.get("grep"):
        out["search"] = f"the search {given['grep']!r}"
    return out


@command("races")
def races_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List the LDP presidential races he contested: result, votes, runoff, disputes.

    Examples:

      ishiba races

      ishiba races --format csv
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    found = query.by_date(timeline.races)
    if not found:
        note(ctx, "the timeline has no races")
    emit(ctx, views.listing("races", found, timeline), fmt)


@command("quotes", epilog=DATE_RULES + "\n\n" + SEARCH_RULES)
def quotes_cmd(
    ctx: typer.Context,
    terms: Annotated[
        Optional[list[str]], typer.Argument(help='Words or "phrases" to search for (all quotes when none).')
    ] = None,
    speaker: Annotated[
        Optional[str],
        typer.Option(
            "--speaker", "-s", help="Only quotes by this person (id or name).", autocompletion=_complete(("person",))
        ),
    ] = None,
    year: YearOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    source: Annotated[
        Optional[str],
        typer.Option(
            "--source", help="Only quotes from this source (id or prefix).", autocompletion=_complete(("source",))
        ),
    ] = None,
    any_term: AnyOpt = False,
    regex: RegexOpt = False,
    case_sensitive: CaseOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Search quotes, verbatim and attributed; matches are highlighted on a terminal.

    Searches the words, their other wordings and translations, the occasion and the speaker.

    Examples:

      ishiba quotes "equal terms"

      ishiba quotes sofa --year 2024 --speaker ishiba

      ishiba quotes 一朝一夕 --format json
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    matcher = _matcher(terms or [], any_term, regex, case_sensitive)
    flt = query.Filter(
        years=tuple(year or ()),
        since=_date(since, "--from"),
        until=_date(until, "--to"),
        person=query.resolve(timeline, speaker, ("person",)).id if _given(speaker, "--speaker") else None,
        source=query.resolve(timeline, source, ("source",)).id if _given(source, "--source") else None,
        matcher=matcher,
        labels=_labels(
            year=year, since=since, until=until, speaker=speaker, source=source, grep=" ".join(terms) if terms else None
        ),
    )
    found = query.apply(timeline, "quotes", flt, limit=limit, reverse=reverse)
    if not found:
        note(ctx, query.why_empty(timeline, list(timeline.quotes), flt, "quote"))
    emit(ctx, views.listing("quotes", found, timeline, matcher), fmt)


@command("proposals")
def proposals_cmd(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[ID]",
            help="A proposal's id, id prefix or title word, for its detail.",
            autocompletion=_complete(("proposal",)),
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List his proposals for the alliance; with an ID, show one in depth.

    The detail gives the summary, his rationale, the events behind it (dated), his quotes,
    the reactions, the seed article's assessment, the outcome and every source.

    Examples:

      ishiba proposals

      ishiba proposals sofa

      ishiba proposals asian-nato --format markdown
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    if ref is None:
        emit(ctx, views.listing("proposals", list(timeline.proposals), timeline), fmt)
        return
    record = query.resolve(timeline, _given(ref, "ID"), ("proposal",))
    emit(ctx, views.detail(record, timeline), fmt)


@command("show")
def show_cmd(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(metavar="ID", help="Any record's id, id prefix or title word.", autocompletion=_complete(None)),
    ],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show any record in detail (event, race, quote, proposal, person, source), with its links.

    Links are followed one step: a quote shows its event, an event its quotes and proposals,
    a person their events, a source every record that cites it.

    Examples:

      ishiba show naha-speech

      ishiba show ldp-race-2020 --format json
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    emit(ctx, views.detail(query.resolve(timeline, _given(ref, "ID")), timeline), fmt)


@command("search", epilog=SEARCH_RULES)
def search_cmd(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(help='Words or "phrases" to search for.')],
    any_term: AnyOpt = False,
    regex: RegexOpt = False,
    case_sensitive: CaseOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Search every kind of record at once; results are grouped by kind.

    Examples:

      ishiba search okinawa

      ishiba search 石破 --format jsonl

      ishiba search "asian nato" sofa --any
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    matcher = _matcher(terms, any_term, regex, case_sensitive)
    found = query.search_all(timeline, matcher) if matcher else {}
    if not found:
        note(ctx, f"nothing matched {matcher.query.describe() if matcher else 'an empty search'}")
    emit(ctx, views.grouped(found, timeline, matcher), fmt)


@command("summary")
def summary_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """The whole timeline at a glance: who, when, how much, the races, proposals and disputes.

    Examples:

      ishiba summary

      ishiba summary --format json
    """
    from . import query
    from .render import views

    emit(ctx, views.SummaryView(query.summarize(_state(ctx).timeline())), fmt)


@command("sources", epilog=SEARCH_RULES)
def sources_cmd(
    ctx: typer.Context,
    grep: Annotated[
        Optional[str], typer.Option("--grep", "-g", help="Only sources whose title, publisher or URL matches.")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List every source with its full citation and how many records cite it.

    Examples:

      ishiba sources

      ishiba sources --grep asahi --format csv
    """
    from . import query
    from .render import views

    timeline = _state(ctx).timeline()
    matcher = _matcher([grep] if _given(grep, "--grep") else [], False, False, False)
    found = [s for s in timeline.sources if matcher is None or matcher.matches(query.texts_of(timeline, s))]
    if not found:
        note(ctx, f"no source matched the search {grep!r}")
    emit(ctx, views.SourceList(found, dict(query.citation_counts(timeline)), timeline), fmt)


@command("people")
def people_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List everyone the records name, with Japanese-script names where known.

    Examples:

      ishiba people

      ishiba people --format json
    """
    from .render import views

    timeline = _state(ctx).timeline()
    emit(ctx, views.listing("people", list(timeline.people), timeline), fmt)


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
        Optional[str], typer.Option("--svg", metavar="FILE", help="Also write the picture as SVG to FILE.")
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
    from . import query
    from .render import picture
    from .render.terminal import to_text

    state = _state(ctx)
    timeline = state.timeline()
    flt = _event_filter(timeline, locals())
    found = query.apply(timeline, "events", flt)
    if not found:
        note(ctx, query.why_empty(timeline, list(timeline.events), flt, "event"))
    window = _zoom(flt)
    console = _console(state.color)
    layout = picture.layout(timeline, found, window, console.width)
    if svg:
        from .files import write_atomic
        from .load import resolve_path

        written = write_atomic(svg, picture.to_svg(layout), force=force, protect=resolve_path(state.data))
        note(ctx, f"wrote {written}")
    sys.stdout.write(to_text(picture.to_terminal(layout), console))
    sys.stdout.flush()


def _zoom(flt):
    """The date range the filters name (open ends where they name none)."""
    from .dates import DateRange, range_between

    if flt.since or flt.until:
        return range_between(flt.since, flt.until)
    if flt.on is not None:
        return range_between(flt.on, flt.on)
    if flt.years:
        from .dates import PartialDate

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
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
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
    from . import query
    from .render import export, render, views

    state = _state(ctx)
    timeline = state.timeline()
    flt = _event_filter(timeline, locals())
    events = query.apply(timeline, "events", flt)
    window = _zoom(flt)
    in_range = query.Filter(years=flt.years, on=flt.on, since=flt.since, until=flt.until)
    if fmt is ExportFormat.markdown:
        text = export.markdown_document(timeline, events, query.apply(timeline, "quotes", in_range))
    elif fmt is ExportFormat.timelinejs:
        races = [r for r in query.by_date(timeline.races) if query.covers(r, window)]
        text = export.timelinejs(timeline, events, races)
    elif fmt is ExportFormat.json:
        selected = events if len(events) != len(timeline.events) else None
        text = export.normalised_json(timeline, selected)
    else:
        text = render(views.listing("events", events, timeline), "csv")
    if output:
        from .files import write_atomic
        from .load import resolve_path

        written = write_atomic(output, text, force=force, protect=resolve_path(state.data))
        note(ctx, f"wrote {written} ({len(events)} events)")
        return
    sys.stdout.write(text)
    sys.stdout.flush()


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
    from . import query
    from .model import Source
    from .render.cite import citations

    timeline = _state(ctx).timeline()
    record = query.resolve(timeline, _given(ref, "ID"))
    ids = [record.id] if isinstance(record, Source) else list(record.sources)
    sources = [s for s in (timeline.by_id.get(i) for i in ids) if isinstance(s, Source)]
    if not sources:
        note(ctx, f"{record.id} cites no source")
    sys.stdout.write(citations(sources, style.value) if sources else "")
    sys.stdout.flush()


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
    from .load import load_timeline

    state = _state(ctx)
    timeline = load_timeline(path or state.data)
    dates = timeline.dated()
    span = (
        f"{min(dates, key=lambda d: d.first_day()).iso()} to {max(dates, key=lambda d: d.last_day()).iso()}"
        if dates
        else "no dates"
    )
    from .query import describe_counts

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

    from .spec import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


MAX_ARGUMENT_CHARS = 4096
_GLOBAL_WITH_VALUE = {"--data", "-d", "--color"}
_GLOBAL_ALONE = {"--help", "-h", "--version", "--install-completion", "--show-completion"}


def _invoked_command(args: list[str]) -> str | None:
    """The command the arguments name, when they plainly name one after the global options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif arg in _GLOBAL_ALONE:
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _lean_app(args: list[str]) -> typer.Typer:
    """The app, with only the invoked command when there is one: Typer builds every command it
    holds before parsing, and building all fifteen costs a call about 20 ms."""
    import copy

    name = _invoked_command(args)
    chosen = [c for c in app.registered_commands if name and (c.name or c.callback.__name__) == name]
    if len(chosen) != 1 or any(k.startswith("_ISHIBA_COMPLETE") for k in os.environ):
        return app
    lean = copy.copy(app)
    lean.registered_commands = chosen
    return lean


class _DeferredClass(type):
    """A stand-in for a class whose module is costly to import: the real one loads on first use."""

    def _real(cls):
        import importlib

        sys.modules.pop(cls._module, None)
        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __getattr__(cls, name):
        if name.startswith("__"):  # typing and introspection ask for these; they need no loading
            raise AttributeError(name)
        return getattr(cls._real(), name)

    def __call__(cls, *args, **kwargs):
        return cls._real()(*args, **kwargs)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, cls._real())


def _defer_rich_extras() -> None:
    """Typer's help and error formatter imports rich.markdown and rich.traceback at the top, but
    uses them only for markdown help text (not ours) and crash reports; together they cost every
    ``--help`` about 60 ms. Until something really uses them, stand-ins take their place."""
    import types

    for module, names in (("rich.markdown", ("Markdown",)), ("rich.traceback", ("Traceback", "install"))):
        if module in sys.modules:
            continue
        stand_in = types.ModuleType(module)
        for name in names:
            setattr(stand_in, name, _DeferredClass(name, (), {"_module": module}))

        def load(attr, module=module):
            if attr.startswith("__"):
                raise AttributeError(attr)
            import importlib

            sys.modules.pop(module, None)
            return getattr(importlib.import_module(module), attr)

        stand_in.__getattr__ = load  # type: ignore[attr-defined]
        sys.modules[module] = stand_in


def main(argv: list[str] | None = None) -> None:
    """The console script's entry point (see also ``entry.py``, which guards the imports)."""
    args = sys.argv[1:] if argv is None else argv
    for position, arg in enumerate(args, 1):
        if len(arg) > MAX_ARGUMENT_CHARS:
            sys.stderr.write(
                f"error: argument {position} is {len(arg):,} characters long; the limit is {MAX_ARGUMENT_CHARS:,}\n"
            )
            sys.exit(EXIT_USAGE)
    _defer_rich_extras()
    _lean_app(args)(args=args, prog_name="ishiba")
