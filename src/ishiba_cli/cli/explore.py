"""The explorer's commands: events, races, quotes, proposals, show, search, summary, sources, people."""

from enum import Enum
from typing import Annotated, Optional

import typer

from ..render import OutputFormat
from .core import (
    DATE_RULES,
    SEARCH_RULES,
    AnyOpt,
    CaseOpt,
    ExactOpt,
    ExplainOpt,
    FormatOpt,
    FromOpt,
    GrepOpt,
    KindOpt,
    LimitOpt,
    OnOpt,
    PersonOpt,
    RegexOpt,
    ReverseOpt,
    TagOpt,
    ToOpt,
    YearOpt,
    _all_given,
    _complete,
    _date,
    _given,
    _known,
    _matcher,
    _state,
    command,
    emit,
    note,
)


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
    exact: ExactOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    explain: ExplainOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List events, oldest first; filters combine with AND.

    Examples:

      ishiba events --year 2024

      ishiba events --from 2008-09 --to 2009 --kind office

      ishiba events --tag sofa --grep okinawa --format json
    """
    from .. import query
    from ..render import views

    timeline = _state(ctx).timeline()
    flt = _event_filter(timeline, locals())
    if explain:
        _explain(ctx, flt)
    found = query.apply(timeline, "events", flt, limit=limit, reverse=reverse)
    if not found and limit != 0:
        note(ctx, query.why_empty(timeline, list(timeline.events), flt, "event"))
    emit(ctx, views.listing("events", found, timeline, flt.matcher), fmt)


def _explain(ctx: typer.Context, flt) -> None:
    from .. import query

    for line in query.explain(flt):
        note(ctx, "explain: " + line)


def _event_filter(timeline, given: dict):
    """The events filter from the options that ``events``, ``timeline`` and ``export`` share."""
    from .. import query

    person = given.get("person")
    grep = given.get("grep")
    facets = timeline.facets()
    glossary = () if given.get("exact") else timeline.glossary
    return query.Filter(
        years=tuple(given.get("year") or ()),
        on=_date(given.get("on"), "--on"),
        since=_date(given.get("since"), "--from"),
        until=_date(given.get("until"), "--to"),
        kinds=_known(_all_given(given.get("kind"), "--kind"), facets["kind"], "--kind", "kind"),
        tags=_known(_all_given(given.get("tag"), "--tag"), facets["tag"], "--tag", "tag"),
        person=query.resolve(timeline, person, ("person",)).id if _given(person, "--person") else None,
        matcher=_matcher([grep] if _given(grep, "--grep") else [], given.get("any_term", False),
                         given.get("regex", False), given.get("case_sensitive", False), glossary=glossary),
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
    """List the races the subject stood in: result, votes, runoff, disputes.

    Examples:

      ishiba races

      ishiba races --format csv
    """
    from .. import query
    from ..render import views

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
    exact: ExactOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    explain: ExplainOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Search quotes, verbatim and attributed; matches are highlighted on a terminal.

    Searches the words, their other wordings and translations, the occasion and the speaker.

    Examples:

      ishiba quotes "equal terms"

      ishiba quotes sofa --year 2024 --speaker ishiba

      ishiba quotes 一朝一夕 --format json
    """
    from .. import query
    from ..render import views

    timeline = _state(ctx).timeline()
    glossary = () if exact else timeline.glossary
    matcher = _matcher(terms or [], any_term, regex, case_sensitive, phrases=True, glossary=glossary)
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
    if explain:
        _explain(ctx, flt)
    found = query.apply(timeline, "quotes", flt, limit=limit, reverse=reverse)
    if not found and limit != 0:
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
    from .. import query
    from ..render import views

    timeline = _state(ctx).timeline()
    emit(ctx, views.detail(query.resolve(timeline, _given(ref, "ID")), timeline), fmt)


@command("search", epilog=SEARCH_RULES)
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

    timeline = _state(ctx).timeline()
    matcher = _matcher(
        terms, any_term, regex, case_sensitive, phrases=True, glossary=() if exact else timeline.glossary
    )
    if explain and matcher:
        note(ctx, "explain: search: " + matcher.query.describe())
    found = query.search_all(timeline, matcher) if matcher else {}
    if not found:
        note(ctx, f"nothing matched {matcher.query.describe() if matcher else 'an empty search'}")
    emit(ctx, views.grouped(found, timeline, matcher), fmt)


class DisputeStatus(str, Enum):
    contradicted = "contradicted"
    conflicting = "conflicting"
    simplified = "simplified"
    unverified = "unverified"


@command("disputes")
def disputes_cmd(
    ctx: typer.Context,
    source: Annotated[
        Optional[str],
        typer.Option(
            "--source",
            help="Only the claims this source makes (id, prefix or title words).",
            autocompletion=_complete(("source",)),
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

    timeline = _state(ctx).timeline()
    sid = query.resolve(timeline, source, ("source",)).id if _given(source, "--source") else None
    found = query.disputes(timeline, sid, status.value if status else None)
    if not found:
        where = f" among the claims of {sid}" if sid else ""
        note(ctx, f"no dispute{where}" + (f" has the status {status.value}" if status else " is recorded"))
    emit(ctx, views.listing("disputes", found, timeline), fmt)


@command("summary")
def summary_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """The whole timeline at a glance: who, when, how much, the races, proposals and disputes.

    Examples:

      ishiba summary

      ishiba summary --format json
    """
    from .. import query
    from ..render import views

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
    from .. import query
    from ..render import views

    timeline = _state(ctx).timeline()
    matcher = _matcher([grep] if _given(grep, "--grep") else [], False, False, False)
    found = [s for s in timeline.sources if matcher is None or matcher.matches(query.texts_of(timeline, s))]
    if not found:
        note(ctx, f"no source matched the search {grep!r}")
    emit(ctx, views.SourceList(found, dict(query.citation_counts(timeline)), timeline), fmt)


@command("people")
def people_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List everyone the records name, with their names in Japanese script where known.

    Examples:

      ishiba people

      ishiba people --format json
    """
    from ..render import views

    timeline = _state(ctx).timeline()
    emit(ctx, views.listing("people", list(timeline.people), timeline), fmt)
