"""Options, declared once, and how their values are read.

The event filters (``--year``, ``--on``, ``--from``, ``--to``, ``--kind``, ``--tag``,
``--person``, ``--not-...``, ``--grep`` and the search switches) are one group:
:func:`event_options` gives a command all of them as one :class:`EventOptions` argument, and
:func:`event_filter` turns that into the library's :class:`~ishiba_cli.query.Filter`.

The criteria themselves are the library's (``query.CRITERIA``); here they only get their option
names (``FILTERING``), and :func:`criteria_filter` is the one way a command builds its filter.
"""

from __future__ import annotations

import functools
import inspect
from typing import Annotated, Optional

import typer

from ..errors import IshibaError, UsageError
from ..render import FORMATS, MARKS, OutputFormat, help_for
from ..tuples import named_tuple
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

#: the fields a search looks in, per kind of record, for --help (``records.fields_of`` names them
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
        from ..model import title_of
        from .output import note

        also = f"; also: {', '.join(found.others)}" if found.others else ""
        note(ctx, f"{what} {ref!r} taken as {record.id} ({title_of(record)}){also}")


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


def _record_option(decls: tuple[str, ...], kind: str, help: str, metavar: str | None = None):
    """``--person``, ``--speaker``, ``--source``: one record, by id, prefix, name or title words,
    completed from the ids of its ``kind``."""
    return Annotated[
        Optional[str], typer.Option(*decls, metavar=metavar, help=help, autocompletion=complete_ids((kind,)))
    ]


PersonOpt = _record_option(
    ("--person", "-p"), "person", "Only events involving this person (id, name, or name in its own script).", "PERSON"
)
SpeakerOpt = _record_option(
    ("--speaker", "-s"), "person", "Only quotes by this person (id, name, or name in its own script)."
)
SourceOpt = _record_option(("--source",), "source", "Only quotes from this source (id, prefix or title words).")
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


@named_tuple
class EventOptions:
    """The event filters as given on the command line: each field of a criterion the events take
    (``query.CRITERIA``), named as the library's ``Filter`` names it and holding the value as
    written (``matcher``: the --grep words), then the search's switches."""

    years: Optional[list[int]] = None
    on: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    kinds: Optional[list[str]] = None
    tags: Optional[list[str]] = None
    person: Optional[str] = None
    not_kinds: Optional[list[str]] = None
    not_tags: Optional[list[str]] = None
    not_people: Optional[list[str]] = None
    matcher: Optional[str] = None
    any_term: bool = False
    regex: bool = False
    case_sensitive: bool = False
    exact: bool = False


_EVENT_OPTION_TYPES = {
    "years": YearOpt,
    "on": OnOpt,
    "since": FromOpt,
    "until": ToOpt,
    "kinds": KindOpt,
    "tags": TagOpt,
    "person": PersonOpt,
    "not_kinds": NotKindOpt,
    "not_tags": NotTagOpt,
    "not_people": NotPersonOpt,
    "matcher": GrepOpt,
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
    """The library's filter for the event options: :func:`criteria_filter` with the search widened
    by the glossary unless ``--exact``."""
    found_by = matcher(
        [options.matcher] if given(options.matcher, "--grep") else [],
        options.any_term,
        options.regex,
        options.case_sensitive,
        glossary=() if options.exact else timeline.glossary,
    )
    return criteria_filter(timeline, "events", options._asdict(), EVENT_NAMES, found_by)


# ----------------------------------------------------------------------------- the criteria as options


def option_name(option) -> str:
    """The long name of an option declared above (``--year`` for ``YearOpt``)."""
    import typing

    info = typing.get_args(option)[1]
    return next(d for d in (info.default, *info.param_decls) if isinstance(d, str) and d.startswith("--"))


#: how the command line names each field of the criteria (``query.CRITERIA``), read from the
#: options that give them: ``events``, ``timeline`` and ``export`` take every criterion of the
#: events, ...
EVENT_NAMES = {field: option_name(kind) for field, kind in _EVENT_OPTION_TYPES.items()}
#: ... and ``quotes`` those of the quotes, its speaker the person, its search words an argument
QUOTE_NAMES = {
    **{field: option_name(kind) for field, kind in (("years", YearOpt), ("on", OnOpt), ("since", FromOpt),
                                                    ("until", ToOpt), ("person", SpeakerOpt), ("source", SourceOpt))},
    "matcher": "terms",
}  # fmt: skip
#: the commands that filter, each with the section it lists and its names for the criteria
#: (a test reads each command's options and --help against the library's criteria)
FILTERING = {
    "events": ("events", EVENT_NAMES),
    "timeline": ("events", EVENT_NAMES),
    "export": ("events", EVENT_NAMES),
    "quotes": ("quotes", QUOTE_NAMES),
}


def criteria_filter(timeline, section: str, written: dict, names: dict[str, str], found_by=None):
    """The library's :class:`~ishiba_cli.query.Filter` from the criteria as the command line gave
    them (``written``: a Filter field -> the option's value; the search's words under
    ``matcher``, ``found_by`` the search built from them), the same way for every command.

    Each value is read as its criterion says (a blank one refused; people and sources found by
    name, saying which record a name stood for), each criterion is labelled as it was written for
    "no event matched --year 1900", and a criterion the library refuses is reported under the
    option's name (``--from 2020 is after --to 2019``)."""
    from .. import query

    values: dict = {}
    shown: dict[str, list[str]] = {}  # each field's values as typed, for the labels
    try:
        for criterion in query.criteria_of(section):
            for field in criterion.fields:
                raw, option = written.get(field), names[field]
                if criterion.value == "search":
                    values[field] = found_by
                    shown[field] = [repr(raw)] if raw else []
                    continue
                if criterion.value != "year":  # Click reads whole numbers; text must not be blank
                    raw = all_given(raw, option) if criterion.many else given(raw, option)
                listed = list(raw or ()) if criterion.many else ([] if raw is None else [raw])
                shown[field] = [str(v) for v in listed]
                if criterion.value in ("person", "source"):
                    found = tuple(resolved(timeline, ref, option, (criterion.value,)) for ref in listed)
                    values[field] = found if criterion.many else (found[0] if found else None)
                else:
                    values[field] = criterion.read(timeline, field, raw)
        flt = query.Filter(**values).check()
    except query.CriterionError as exc:
        raise UsageError(exc.spoken(names.__getitem__)) from None
    labels = {c.name: c.label(shown, names.__getitem__) for c in flt.in_use()}
    return flt._replace(labels=labels)
