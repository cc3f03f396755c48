"""The explorer's commands: events, races, quotes, proposals, show, search, disputes, summary,
sources, people. Each parses its options, asks the library, and hands a view to ``emit``."""

import functools
from enum import Enum
from typing import Annotated, Optional

import typer

from ..model import DISPUTE_STATUS, SECTIONS
from ..render import OutputFormat
from . import options
from .app import command, state
from .options import (
    DATE_RULES,
    MARKS_HELP,
    MATCHED_HELP,
    SEARCH_RULES,
    SEARCHED,
    AnyOpt,
    CaseOpt,
    EventOptions,
    ExactOpt,
    ExplainOpt,
    FormatOpt,
    FromOpt,
    LimitOpt,
    OnOpt,
    RegexOpt,
    ReverseOpt,
    SourceOpt,
    SpeakerOpt,
    ToOpt,
    YearOpt,
    complete_ids,
    event_options,
)
from .output import emit, note


@command("events", epilog=DATE_RULES + "\n\n" + SEARCH_RULES + "\n\n" + MATCHED_HELP + "\n\n" + MARKS_HELP)
@event_options
def events_cmd(
    ctx: typer.Context,
    events: EventOptions,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    explain: ExplainOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List events, oldest first; filters combine with AND.

    The subject's races are listed among the events as rows of kind race (by the race's id),
    so that a year or a range is complete; --kind race lists only them, --not-kind race leaves
    them out, and `ishiba races` shows them in detail.

    Examples:

      ishiba events --year 2024

      ishiba events --from 2008-09 --to 2009 --kind office

      ishiba events --tag sofa --grep okinawa --format json

      ishiba events --year 2012 --not-kind race --not-person abe-shinzo
    """
    from ..render import views

    timeline = state(ctx).timeline()
    flt = options.event_filter(timeline, events)
    if explain:
        _explain(ctx, flt)
    found = _found(ctx, timeline, "events", flt, limit, reverse)
    emit(ctx, views.listing("events", found, timeline, flt.matcher), fmt)


def _found(ctx: typer.Context, timeline, section: str, flt, limit: int | None, reverse: bool) -> list:
    """The records a listing shows, and on stderr why there are none, or that --limit held some back."""
    from .. import query

    noun = SECTIONS[section].singular
    fetch = query.year_records if section == "events" else functools.partial(query.apply, section=section)
    found = fetch(timeline, flt=flt, limit=None if limit is None else limit + 1, reverse=reverse)
    if limit is not None and len(found) > limit:
        found = found[:limit]
        if limit:  # --limit 0 asked for none, knowingly
            which = "last" if reverse else "first"
            note(ctx, f"showing the {which} {limit} {section if limit != 1 else noun}; more match (--limit {limit})")
    elif not found and limit != 0:
        note(ctx, query.why_empty(timeline, section, flt, noun, with_races=section == "events"))
        _did_you_mean(ctx, timeline, flt.matcher)
    if flt.date_windows():  # a period asked about that reaches past the record's end: say so
        _covered(ctx, timeline, query.reach_of(flt))
    return found


def _did_you_mean(ctx: typer.Context, timeline, matcher) -> None:
    """For each search word no record holds, the nearest words of the timeline (on stderr)."""
    from .. import query

    for word, near in query.suggestions(timeline, matcher):
        if near:
            note(ctx, f"no record has a word starting {word!r}; did you mean {' or '.join(near)}?")
        else:
            note(ctx, f"no record has a word starting {word!r}, nor one close to it")


def _explain(ctx: typer.Context, flt) -> None:
    from .. import query

    for line in query.explain(flt):
        note(ctx, "explain: " + line)


@command("races", epilog=MARKS_HELP)
def races_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List the races the subject stood in: result, votes, runoff, disputes.

    The votes column gives the subject's votes in the deciding round and the rival's: the
    winner's in a race the subject lost, the runner-up's (named) in one they won.

    Examples:

      ishiba races

      ishiba races --format csv
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    found = query.by_date(timeline.races)
    if not found:
        note(ctx, "the timeline has no races")
    emit(ctx, views.listing("races", found, timeline), fmt)
    for line in query.advice(timeline):
        note(ctx, f"note: {line}")


@command("quotes", epilog=DATE_RULES + "\n\n" + SEARCH_RULES + "\n\n" + MATCHED_HELP + "\n\n" + MARKS_HELP)
def quotes_cmd(
    ctx: typer.Context,
    terms: Annotated[
        Optional[list[str]], typer.Argument(help='Words or "phrases" to search for (all quotes when none).')
    ] = None,
    speaker: SpeakerOpt = None,
    year: YearOpt = None,
    on: OnOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    source: SourceOpt = None,
    any_term: AnyOpt = False,
    regex: RegexOpt = False,
    case_sensitive: CaseOpt = False,
    exact: ExactOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    explain: ExplainOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Search quotes, verbatim and attributed; matches are highlighted on a terminal.

    Searches each quote's text, original, other wordings, occasion, context and speaker.

    Examples:

      ishiba quotes "equal terms"

      ishiba quotes sofa --year 2024 --speaker ishiba-shigeru

      ishiba quotes 一朝一夕 --format json
    """
    from ..render import views

    timeline = state(ctx).timeline()
    glossary = () if exact else timeline.glossary
    found_by = options.matcher(terms or [], any_term, regex, case_sensitive, phrases=True, glossary=glossary)
    written = {"years": year, "on": on, "since": since, "until": until, "person": speaker, "source": source,
               "matcher": " ".join(terms) if terms else None}  # fmt: skip
    flt = options.criteria_filter(timeline, "quotes", written, options.QUOTE_NAMES, found_by)
    if explain:
        _explain(ctx, flt)
    found = _found(ctx, timeline, "quotes", flt, limit, reverse)
    emit(ctx, views.listing("quotes", found, timeline, found_by), fmt)


@command("proposals", epilog=MARKS_HELP)
def proposals_cmd(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[ID]",
            help="A proposal's id, id prefix or title words, for its detail.",
            autocompletion=complete_ids(("proposal",)),
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the subject's proposals; with an ID, show one in depth.

    The detail gives the summary, the rationale, the events behind it (dated), the quotes,
    the reactions, the seed article's assessment, the outcome and every source.

    Examples:

      ishiba proposals

      ishiba proposals sofa

      ishiba proposals asian-nato --format markdown
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    if ref is None:
        if not timeline.proposals:
            note(ctx, "the timeline has no proposals")
        emit(ctx, views.listing("proposals", list(timeline.proposals), timeline), fmt)
        return
    found = query.find(timeline, options.given(ref, "ID"), ("proposal",))
    if found.others:  # a name that fits the subject and others: say whom else it fits
        options.taken(ctx, ref, found, "proposal")
    emit(ctx, views.detail(found.record, timeline), fmt)


@command("show")
def show_cmd(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Any record's id, id prefix, name or title words.", autocompletion=complete_ids(None)
        ),
    ],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show any record in detail (event, race, quote, proposal, person, source), with its links.

    Links are followed one step: a quote shows its event, an event its quotes and proposals,
    a person their events, a source every record that cites it and every dispute it is party to.

    Examples:

      ishiba show naha-speech

      ishiba show "Shigeru Ishiba" --format json
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    found = query.find(timeline, options.given(ref, "ID"))
    if found.others:
        options.taken(ctx, ref, found, "showing")
    emit(ctx, views.detail(found.record, timeline), fmt)


SEARCH_EPILOG = (
    "Searches, for each kind of record: "
    + "; ".join(f"{'people' if kind == 'person' else kind + 's'}: {fields}" for kind, fields in SEARCHED.items())
    + ".\n\n"
    + SEARCH_RULES
    + "\n\n"
    + MATCHED_HELP
    + "\n\n"
    + MARKS_HELP
)


@command("search", epilog=SEARCH_EPILOG)
def search_cmd(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(help='Words or "phrases" to search for.')],
    any_term: AnyOpt = False,
    regex: RegexOpt = False,
    case_sensitive: CaseOpt = False,
    exact: ExactOpt = False,
    explain: ExplainOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Search every kind of record at once; results are grouped by kind.

    Examples:

      ishiba search okinawa

      ishiba search 石破 --format jsonl

      ishiba search "asian nato" sofa --any
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    glossary = () if exact else timeline.glossary
    found_by = options.matcher(terms, any_term, regex, case_sensitive, phrases=True, glossary=glossary)
    if explain and found_by:
        note(ctx, "explain: search: " + found_by.query.describe())
    found = query.search_all(timeline, found_by) if found_by else {}
    if not found:
        note(ctx, f"nothing matched {found_by.query.describe() if found_by else 'an empty search'}")
        _did_you_mean(ctx, timeline, found_by)
    emit(ctx, views.grouped(found, timeline, found_by), fmt)


@command("onthisday", epilog=MARKS_HELP)
def onthisday_cmd(
    ctx: typer.Context,
    day: Annotated[
        Optional[str],
        typer.Argument(metavar="[MM-DD]", help="The day of the year, month first (02-04); today when left out."),
    ] = None,
    window: Annotated[
        int,
        typer.Option("--window", "-w", min=0, max=183, metavar="N",
                     help="Also the records N days either side of the day (--window 3: a week)."),
    ] = 0,
    year: Annotated[
        Optional[int],
        typer.Option("--year", "-y", min=1, max=9999, metavar="YEAR",
                     help="Count the years to this year's anniversary instead of this one's (--year 2027)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:  # fmt: skip
    """What happened on this day in any year: events, races and quotes dated to the day, each
    with how many years ago (counted to this year).

    Records dated only to the month are listed apart, as "this month", never placed on a
    guessed day; records dated only to a year are left out. A span (an office held) counts on
    the day it began.

    Examples:

      ishiba onthisday

      ishiba onthisday 02-04

      ishiba onthisday 09-27 --window 3 --format json

      ishiba onthisday 02-04 --year 2027
    """
    import datetime

    from .. import anniversaries
    from ..render import views

    timeline = state(ctx).timeline()
    today = datetime.date.today()  # the clock is read here, in the CLI, and nowhere below
    asked = anniversaries.parse_day(options.given(day, "MM-DD")) if day is not None else (
        anniversaries.Day(today.month, today.day)
    )  # fmt: skip
    counted_to = year or today.year
    result = anniversaries.on_this_day(timeline, asked, counted_to, window)
    if not result.dated and not result.month_only:
        note(
            ctx,
            f"no event, race or quote is dated to {asked.words()}" + (f" or within {window} days" if window else ""),
        )
    emit(ctx, views.OnThisDayView(result, timeline), fmt)
    _covered(ctx, timeline, anniversaries.latest_day(asked, counted_to, window))


def _covered(ctx: typer.Context, timeline, reaches) -> None:
    """Say on stderr that the record stops at ``subject.covered_to`` when the period asked about
    reaches past it (``reaches``: the period's last day, None when it has no end)."""
    from .. import query

    line = query.past_coverage(timeline, reaches)
    if line:
        note(ctx, line)


DisputeStatus = Enum("DisputeStatus", {s: s for s in DISPUTE_STATUS}, type=str)  # type: ignore[misc]


@command("disputes")
def disputes_cmd(
    ctx: typer.Context,
    source: Annotated[
        Optional[str],
        typer.Option(
            "--source",
            help="Only the claims this source makes (id, prefix or title words).",
            autocompletion=complete_ids(("source",)),
        ),
    ] = None,
    status: Annotated[Optional[DisputeStatus], typer.Option("--status", help="Only disputes with this status.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Every place where sources disagree: the record, the claim and who makes it, what the
    better sources say, and how the claim stands (contradicted, conflicting, simplified,
    unverified).

    Examples:

      ishiba disputes

      ishiba disputes --source diplomat-2024-10

      ishiba disputes --status contradicted --format csv
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    sid = options.resolved(timeline, source, "--source", ("source",))
    found = query.disputes(timeline, sid, status.value if status else None)
    if not found:
        where = f" among the claims of {sid}" if sid else ""
        note(ctx, f"no dispute{where}" + (f" has the status {status.value}" if status else " is recorded"))
    emit(ctx, views.listing("disputes", found, timeline), fmt)


@command("summary")
def summary_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """The whole timeline at a glance: who, when, how much, the races, proposals and disputes.

    As CSV or TSV it is the JSON one value a row: section, item (a position in a list, from 1),
    field, value.

    Examples:

      ishiba summary

      ishiba summary --format json
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    emit(ctx, views.SummaryView(query.summarize(timeline)), fmt)
    for line in query.advice(timeline):
        note(ctx, f"note: {line}")


@command("sources", epilog=SEARCH_RULES)
def sources_cmd(
    ctx: typer.Context,
    grep: Annotated[
        Optional[str],
        typer.Option(
            "--grep", "-g", help=f"Only sources whose {SEARCHED['source'].replace(', note', ' or note')} matches."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List every source with its full citation and how many records cite it.

    Examples:

      ishiba sources

      ishiba sources --grep asahi --format csv
    """
    from .. import query
    from ..records import texts_of
    from ..render import views

    timeline = state(ctx).timeline()
    found_by = options.matcher([grep] if options.given(grep, "--grep") else [], False, False, False)
    found = [s for s in timeline.sources if found_by is None or found_by.matches(texts_of(timeline, s))]
    if not found:
        note(ctx, f"no source matched the search {grep!r}")
    emit(ctx, views.SourceList(found, dict(query.citation_counts(timeline)), timeline), fmt)


@command("people")
def people_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List everyone the records name, with their names in their own script where known.

    Examples:

      ishiba people

      ishiba people --format json
    """
    from ..render import views

    timeline = state(ctx).timeline()
    emit(ctx, views.listing("people", list(timeline.people), timeline), fmt)
