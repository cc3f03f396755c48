"""Options, declared once, and how their values are read.

The event filters (``--year``, ``--on``, ``--from``, ``--to``, ``--kind``, ``--tag``,
``--person``, ``--grep`` and the search switches) are one group: :func:`event_options` gives a
command all of them as one :class:`EventOptions` argument, and :func:`event_filter` turns that
into the library's :class:`~ishiba_cli.query.Filter`.
"""

from __future__ import annotations

import functools
import inspect
from typing import Annotated, NamedTuple, Optional

import typer

from ..errors import IshibaError, UsageError
from ..render import FORMATS, MARKS, OutputFormat, help_for
from .output import given

SEARCH_RULES = (
    "Search rules (the same in every command): matching ignores case, accents, width and punctuation "
    "(Ryūkyū = ryukyu, ＳＯＦＡ = SOFA, U.S. = US, curly = straight quotes). Several words must all match; "
    'a phrase in quotes matches as a phrase (ishiba quotes "equal terms", or \'"equal terms" alliance\'); '
    "a word matches at the start of a word (alliance finds alliances); Japanese text matches anywhere "
    "(石破). A word that is a term of the timeline's glossary also finds the term's other names "
    "(sofa finds Status of Forces Agreement and 地位協定); --exact turns that off. --any matches any word "
    "instead, --regex takes a regular expression, --case-sensitive turns folding off. --explain says how a "
    "search was read."
)

#: the fields a search looks in, per kind of record, for --help (``query.fields_of`` names them
#: so in every "matched in" line and JSON's ``matched``; a test keeps the two in step)
SEARCHED = {
    "event": "title, summary, kind, tags, note, people, disputed claim",
    "quote": "text, original, other wordings, occasion, context, speaker",
    "race": "title, summary, note, candidates",
    "proposal": "title, summary, rationale, assessment, outcome, reactions",
    "person": "name, native name, roles, note",
    "source": "title, description, title translated, publisher, url, note",
}

MATCHED_HELP = (
    "Each result says why it matched: a table row whose search words are not in the text shown gets a "
    "'matched in FIELD: ...' line under it, and JSON and JSON Lines give 'matched': [{field, text, spans}]. "
    "A word that no record holds gets the timeline's nearest words on stderr (did you mean nuclear?)."
)

DATE_RULES = (
    "Dates may be partial: 2008, 2008-09 or 2008-09-22. --from starts on the first day of its period and "
    "--to ends on the last day of its own (--to 2018 includes all of 2018). A record matches when its "
    "period overlaps the one asked for: a record dated only 2008 matches --year 2008 and --from 2008-09 "
    "(it may fall there); an office held 2002-2004 matches --year 2003."
)

MARKS_HELP = (
    "Marks (in the marks column, dates and quotes): "
    + "; ".join(f"{mark} {meaning}" for mark, meaning in MARKS)
    + ". On a terminal a listing ends with a key to the marks it shows; a pipe gets the rows alone."
)


# ----------------------------------------------------------------------------- reading values


def all_given(values: list[str] | None, option: str) -> list[str]:
    return [given(v, option) for v in values or []]  # type: ignore[misc]


def date_option(value: str | None, option: str):
    if given(value, option) is None:
        return None
    from ..dates import DateParseError, parse_date

    try:
        return parse_date(value)
    except DateParseError as exc:
        raise UsageError(f"{option} {value!r} {exc}") from None


def matcher(terms, any_term: bool, regex: bool, case_sensitive: bool, phrases: bool = False, glossary: tuple = ()):
    """The search, its words widened by ``glossary`` (pass none for an exact search)."""
    from ..search import Matcher, expand, parse_query

    query = parse_query(terms, any_term=any_term, regex=regex, case_sensitive=case_sensitive, phrases=phrases)
    if query.empty:
        idle = [
            flag for flag, on in (("--any", any_term), ("--regex", regex), ("--case-sensitive", case_sensitive)) if on
        ]
        if idle:
            from .output import note

            note(None, f"{', '.join(idle)} shape a search, and no words were given to search for: ignored")
        return None
    return Matcher(expand(query, glossary))


def known(values: list[str], known_values: list[str], option: str, what: str) -> tuple[str, ...]:
    """``values`` as given, refused (a usage error) where the timeline has no such value:
    a filter that cannot match must not look like one that matched nothing."""
    import difflib

    for value in values:
        if value.lower() not in known_values:
            near = difflib.get_close_matches(value.lower(), known_values, n=3, cutoff=0.6)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            shown = ", ".join(known_values[:12]) + (
                f" ... ({len(known_values)} in all)" if len(known_values) > 12 else ""
            )
            raise UsageError(
                f"{option} {value!r}: no event in this timeline has that {what}{hint} (known: {shown or 'none'})"
            )
    return tuple(values)


def resolved(timeline, ref: str | None, option: str, kinds: tuple[str, ...]) -> str | None:
    """The id of the record an option names (by id, prefix, name or title words), or None."""
    if given(ref, option) is None:
        return None
    from .. import query

    found = query.find(timeline, ref, kinds)
    taken(None, ref, found, option)
    return found.record.id


def taken(ctx, ref: str, found, what: str) -> None:
    """Say on stderr which record a name stood for, unless it was the record's id as written, and
    which others it also fits when the subject was preferred to them (``query.Found``)."""
    record = found.record
    if ref.strip() != record.id:
        from .. import query
        from .output import note

        also = f"; also: {', '.join(found.others)}" if found.others else ""
        note(ctx, f"{what} {ref!r} taken as {record.id} ({query.title_of(record)}){also}")


# ----------------------------------------------------------------------------- completion


def complete_ids(kinds: tuple[str, ...] | None):
    def complete(ctx: typer.Context, incomplete: str):
        from .. import query
        from .app import state

        try:
            timeline = state(ctx).timeline()
        except IshibaError:
            return []
        return [i for i in query.ids_for_completion(timeline, kinds) if i.startswith(incomplete)]

    return complete


def complete_facet(name: str):
    def complete(ctx: typer.Context, incomplete: str):
        from .app import state

        try:
            timeline = state(ctx).timeline()
        except IshibaError:
            return []
        return [v for v in timeline.facets()[name] if v.startswith(incomplete)]

    return complete


# ----------------------------------------------------------------------------- the options

FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=help_for(FORMATS),
    ),
]
AnyOpt = Annotated[bool, typer.Option("--any", help="Match any of the words, not all of them.")]
RegexOpt = Annotated[
    bool,
    typer.Option("--regex", help="Treat the search as a regular expression (stopped with a message after 3 s in all)."),
]
CaseOpt = Annotated[bool, typer.Option("--case-sensitive", help="Match case, accents and punctuation exactly.")]
ExactOpt = Annotated[
    bool, typer.Option("--exact", help="Search for the words only, not for their glossary names (SOFA alone).")
]
YearOpt = Annotated[
    Optional[list[int]],
    typer.Option("--year", "-y", min=1, max=9999, metavar="YEAR", help="Only this year (repeatable: any of them)."),
]
FromOpt = Annotated[
    Optional[str], typer.Option("--from", metavar="DATE", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
]
ToOpt = Annotated[
    Optional[str],
    typer.Option("--to", metavar="DATE", help="Up to the end of this date's period (--to 2018 includes 2018)."),
]
OnOpt = Annotated[
    Optional[str],
    typer.Option("--on", metavar="DATE", help="Only records that may fall on this date (or month, or year)."),
]


def _facet_option(name: str, short: str, how: str):
    """``--kind`` and ``--tag``: repeatable, completed from the values the timeline uses."""
    return Annotated[
        Optional[list[str]],
        typer.Option(f"--{name}", short, metavar=name.upper(), help=f"Only events {how}.",
                     autocompletion=complete_facet(name)),
    ]  # fmt: skip


KindOpt = _facet_option("kind", "-k", "of this kind (repeatable: any of them); race: the subject's races")
TagOpt = _facet_option("tag", "-t", "with this tag (repeatable: all must match)")


def _exclusion(name: str, what: str, example: str, complete):
    """``--not-kind``, ``--not-tag``, ``--not-person``: repeatable, each drops what it names."""
    return Annotated[
        Optional[list[str]],
        typer.Option(f"--not-{name}", metavar=name.upper(), autocompletion=complete,
                     help=f"Leave out events {what} (repeatable: none of them; e.g. {example})."),
    ]  # fmt: skip


NotKindOpt = _exclusion("kind", "of this kind", "--not-kind race", complete_facet("kind"))
NotTagOpt = _exclusion("tag", "with this tag", "--not-tag sofa", complete_facet("tag"))
NotPersonOpt = _exclusion("person", "involving this person", "--not-person abe-shinzo", complete_ids(("person",)))
PersonOpt = Annotated[
    Optional[str],
    typer.Option(
        "--person",
        "-p",
        metavar="PERSON",
        help="Only events involving this person (id, name, or name in its own script).",
        autocompletion=complete_ids(("person",)),
    ),
]
GrepOpt = Annotated[
    Optional[str],
    typer.Option(
        "--grep",
        "-g",
        metavar="WORDS",
        help=f"Only events whose text matches these words: their {SEARCHED['event']} (see the search rules).",
    ),
]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most N records.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="Say on stderr how the filters and the search were read.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


# ----------------------------------------------------------------------------- the event filters


class EventOptions(NamedTuple):
    """The event filters as given on the command line."""

    year: Optional[list[int]] = None
    on: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    kind: Optional[list[str]] = None
    tag: Optional[list[str]] = None
    person: Optional[str] = None
    not_kind: Optional[list[str]] = None
    not_tag: Optional[list[str]] = None
    not_person: Optional[list[str]] = None
    grep: Optional[str] = None
    any_term: bool = False
    regex: bool = False
    case_sensitive: bool = False
    exact: bool = False


_EVENT_OPTION_TYPES = {
    "year": YearOpt,
    "on": OnOpt,
    "since": FromOpt,
    "until": ToOpt,
    "kind": KindOpt,
    "tag": TagOpt,
    "person": PersonOpt,
    "not_kind": NotKindOpt,
    "not_tag": NotTagOpt,
    "not_person": NotPersonOpt,
    "grep": GrepOpt,
    "any_term": AnyOpt,
    "regex": RegexOpt,
    "case_sensitive": CaseOpt,
    "exact": ExactOpt,
}


def event_options(fn):
    """Give a command every event filter as one argument, ``events: EventOptions``.

    The filters take the place of the ``events`` parameter among the command's own, declared
    here once (Typer reads the options from the signature this sets).
    """
    sig = inspect.signature(fn)
    at = list(sig.parameters).index("events")
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in sig.parameters.values() if p.name != "events"]
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=EventOptions._field_defaults[name]
        )
        for name, kind in _EVENT_OPTION_TYPES.items()
    ]

    @functools.wraps(fn)
    def run(**kwargs):
        options = EventOptions(**{name: kwargs.pop(name) for name in EventOptions._fields})
        return fn(events=options, **kwargs)

    run.__signature__ = sig.replace(parameters=[*own[:at], *added, *own[at:]])  # type: ignore[attr-defined]
    run.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "events"} | _EVENT_OPTION_TYPES
    return run


def event_filter(timeline, options: EventOptions):
    """The library's filter for ``options``: values checked against the timeline (unknown kinds
    and tags are usage errors, people are found by name), the search widened by the glossary
    unless ``--exact``."""
    from .. import query

    facets = timeline.facets()
    kinds = query.event_kinds(timeline)
    return query.Filter(
        years=tuple(options.year or ()),
        on=date_option(options.on, "--on"),
        since=date_option(options.since, "--from"),
        until=date_option(options.until, "--to"),
        kinds=known(all_given(options.kind, "--kind"), kinds, "--kind", "kind"),
        tags=known(all_given(options.tag, "--tag"), facets["tag"], "--tag", "tag"),
        person=resolved(timeline, options.person, "--person", ("person",)),
        not_kinds=known(all_given(options.not_kind, "--not-kind"), kinds, "--not-kind", "kind"),
        not_tags=known(all_given(options.not_tag, "--not-tag"), facets["tag"], "--not-tag", "tag"),
        not_people=tuple(
            resolved(timeline, p, "--not-person", ("person",)) for p in all_given(options.not_person, "--not-person")
        ),
        matcher=matcher(
            [options.grep] if given(options.grep, "--grep") else [],
            options.any_term,
            options.regex,
            options.case_sensitive,
            glossary=() if options.exact else timeline.glossary,
        ),
        labels=labels(
            **{
                k: getattr(options, k)
                for k in (
                    "year",
                    "on",
                    "since",
                    "until",
                    "kind",
                    "tag",
                    "person",
                    "not_kind",
                    "not_tag",
                    "not_person",
                    "grep",
                )
            }
        ),
    )


def labels(**written) -> dict[str, str]:
    """How each criterion was written on the command line, for 'nothing matched' notes."""
    out = {}
    if written.get("year"):
        out["year"] = " or ".join(f"--year {y}" for y in written["year"])
    if written.get("on"):
        out["on"] = f"--on {written['on']}"
    if written.get("since") or written.get("until"):
        parts = [f"--from {written['since']}" if written.get("since") else "",
                 f"--to {written['until']}" if written.get("until") else ""]  # fmt: skip
        out["from/to"] = " ".join(p for p in parts if p)
    if written.get("kind"):
        out["kind"] = " or ".join(f"--kind {k}" for k in written["kind"])
    if written.get("tag"):
        out["tag"] = " and ".join(f"--tag {t}" for t in written["tag"])
    for name in ("kind", "tag", "person"):
        if written.get(f"not_{name}"):
            out[f"not {name}"] = " ".join(f"--not-{name} {v}" for v in written[f"not_{name}"])
    for name in ("person", "speaker", "source"):
        if written.get(name):
            out["person" if name == "speaker" else name] = f"--{name} {written[name]}"
    if written.get("grep"):
        out["search"] = f"the search {written['grep']!r}"
    return out
