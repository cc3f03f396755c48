"""The timeline format, defined once: it drives validation, model building and ``ishiba schema``.

Each section is a list of records; each record is a mapping whose fields are declared here
with a type. ``validate_document`` checks a parsed document against these declarations and
returns model objects plus every problem found (never raising on bad data).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import dataclass

from . import model
from .dates import DateParseError, parse_date
from .yamlsafe import YamlBool

SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_PATTERN = ID_PATTERN
_ID = re.compile(ID_PATTERN)
#: an address: printable characters only (``\S`` alone would let ESC, BEL, C1 and bidi controls
#: through, which a terminal or a clipboard acts on); ``URL.check`` also asks ``str.isprintable``
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+$")
#: control characters no text field may hold: C0 but tab and newline, DEL, C1. They move the cursor
#: or command a terminal; a file that means them is wrong, and ``check`` says so where.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

CONFIDENCE = ("verified", "plausible", "unverified")
DISPUTE_STATUS = model.DISPUTE_STATUS
SOURCE_KINDS = (
    "seed-article", "news", "editorial", "official", "transcript", "document",
    "encyclopedia", "think-tank", "blog", "aggregator",
)  # fmt: skip

INVALID = object()


#: the path of a closing line about the problems themselves (shown last, without a position)
SUMMARY_PATH = ("<summary>",)


#: problems listed for one file; past them, only their number is given (a file with 100,000 bad
#: records is answered at once, with the first problems to fix)
MAX_PROBLEMS = 200


class Problems:
    """Collects ``(path, message)`` pairs (paths are tuples of keys and indices): the first
    :data:`MAX_PROBLEMS`, and the number of the others in ``unlisted``."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []
        self.unlisted = 0

    @property
    def full(self) -> bool:
        """Whether more problems are only counted (so a costly message need not be written)."""
        return len(self.items) >= MAX_PROBLEMS

    def add(self, path: tuple, message: str) -> object:
        if self.full:
            self.unlisted += 1
        else:
            self.items.append((path, message))
        return INVALID

    def listed(self) -> list[tuple[tuple, str]]:
        """The problems, with a last line giving the number of those not listed."""
        if not self.unlisted:
            return self.items
        more = (
            f"{self.unlisted:,} more problem{'s' if self.unlisted > 1 else ''} not listed (at most {MAX_PROBLEMS} are)"
        )
        return [*self.items, (SUMMARY_PATH, more + ": fix these, then check again")]


def _describe(value: object) -> str:
    if isinstance(value, YamlBool):
        return f"the unquoted word {value.word!r}, which YAML reads as a boolean ({str(value.value).lower()}); quote it to keep it as text"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool | int | float):
        return f"the number {value!r}; quote it if it is text"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}; quote it if it is text"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# ----------------------------------------------------------------------------- field types


class FieldType:
    json: dict = {}

    def check(self, value: object, path: tuple, problems: Problems) -> object:  # pragma: no cover
        raise NotImplementedError


class Text(FieldType):
    json = {"type": "string", "minLength": 1, "pattern": "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$"}

    def check(self, value, path, problems):
        if not isinstance(value, str):
            return problems.add(path, f"expected text, found {_describe(value)}")
        if not value.strip():
            return problems.add(path, "is empty")
        control = None if value.isprintable() else _CONTROL.search(value)  # most text is: no search
        if control:
            char = control.group()
            where = f"character {control.start() + 1}"
            return problems.add(path, f"contains the control character U+{ord(char):04X} ({where}): remove it; "
                                      "a terminal would act on it")  # fmt: skip
        return value


class Pattern(Text):
    def __init__(self, regex: str, what: str) -> None:
        self.regex, self.what = re.compile(regex), what
        self.json = {"type": "string", "pattern": regex}

    def check(self, value, path, problems):
        value = super().check(value, path, problems)
        if value is not INVALID and not self.regex.match(value):
            hint = _slug(value)
            hint = f": write it as {hint!r}" if hint and self.regex.match(hint) else ""
            return problems.add(path, f"{_describe(value)} is not {self.what}{hint}")
        return value


def _slug(text: str) -> str:
    """``text`` as an id would write it: ``Naha Speech`` -> ``naha-speech`` (empty if nothing is left)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


ID = Pattern(ID_PATTERN, "a valid id (lowercase letters, digits and single hyphens)")
SLUG = Pattern(SLUG_PATTERN, "a valid name (lowercase letters, digits and hyphens)")


class Url(Pattern):
    """An http(s) address of printable characters only."""

    def check(self, value, path, problems):
        value = super().check(value, path, problems)
        if value is not INVALID and not value.isprintable():
            bad = next(ch for ch in value if not ch.isprintable())
            return problems.add(path, f"{_describe(value)} contains U+{ord(bad):04X}, which is not printable: "
                                      "an address holds printable characters only")  # fmt: skip
        return value


URL = Url(_URL.pattern, "an http(s) URL of printable characters")


class Date(FieldType):
    json = {
        "description": "YYYY, YYYY-MM or YYYY-MM-DD; the precision written is the precision kept",
        "anyOf": [
            {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            {"type": "integer", "minimum": 1, "maximum": 9999},
        ],
    }

    def check(self, value, path, problems):
        # A number YAML made of an unusual spelling (+2024, 2_024, 02024) is judged as the text
        # written, so an unquoted value reads exactly as the same value quoted would.
        value = getattr(value, "written", value)
        try:
            return parse_date(value)
        except DateParseError as exc:
            if isinstance(value, YamlBool):
                return problems.add(path, f"the unquoted word {value.word!r} is read by YAML as a boolean, not a date")
            if value is None or isinstance(value, dict | list):
                return problems.add(path, f"expected a date, found {_describe(value)}")
            shown = value.isoformat() if isinstance(value, _dt.date) else str(value)
            return problems.add(path, f"{shown!r} {exc}")


class Flag(FieldType):
    json = {"type": "boolean"}

    def check(self, value, path, problems):
        if isinstance(value, YamlBool):
            return value.value
        return problems.add(path, f"expected true or false, found {_describe(value)}")


class Count(FieldType):
    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum
        self.json = {"type": "integer", "minimum": minimum}

    def check(self, value, path, problems):
        if not isinstance(value, int) or isinstance(value, bool):
            if isinstance(value, str) and re.fullmatch(r"[-+]?0[0-9_]+", value):  # 0388: not octal, not decimal
                return problems.add(path, f"{value!r} has a leading zero: write {value.lstrip('+-0') or '0'}")
            return problems.add(path, f"expected a whole number, found {_describe(value)}")
        written = getattr(value, "written", None)
        if written is not None and re.match(r"[-+]?0[0-9a-zA-Z]", written):  # 0377 is octal 255 to YAML: never re-base
            return problems.add(path, f"{written!r} is read by YAML as {int(value)} (a leading zero or a base "
                                      "prefix makes octal, hex or binary): write the number in decimal digits")  # fmt: skip
        if value < self.minimum:
            return problems.add(path, f"{value} is below the minimum of {self.minimum}")
        return int(value)  # a plain int, whatever spelling the reader remembered


class Choice(Text):
    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values
        self.json = {"type": "string", "enum": list(values)}

    def check(self, value, path, problems):
        value = super().check(value, path, problems)
        if value is not INVALID and value not in self.values:
            return problems.add(path, f"{_describe(value)} is not one of: {', '.join(self.values)}")
        return value


class Ref(FieldType):
    """The id of a record of one of ``kinds``; resolved after the whole file is read."""

    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds
        self.json = {"type": "string", "pattern": ID_PATTERN, "description": f"the id of a {' or '.join(kinds)}"}

    def check(self, value, path, problems):
        return ID.check(value, path, problems)


class ListOf(FieldType):
    """A list of ``item``; with ``order``, the built list is put in that order (a stable sort of
    the valid items, after every problem is found at its place in the file)."""

    def __init__(self, item: FieldType, min_items: int = 0, order=None) -> None:
        self.item, self.min_items, self.order = item, min_items, order

    @property
    def json(self):  # type: ignore[override]
        out = {"type": "array", "items": self.item.json}
        if self.min_items:
            out["minItems"] = self.min_items
        return out

    def check(self, value, path, problems):
        if value is None and self.min_items == 0:
            return ()
        if not isinstance(value, list):
            return problems.add(path, f"expected a list, found {_describe(value)}")
        if len(value) < self.min_items:
            what = "entry" if self.min_items == 1 else "entries"
            return problems.add(path, f"needs at least {self.min_items} {what}")
        out = [self.item.check(item, (*path, i), problems) for i, item in enumerate(value)]
        if any(v is INVALID for v in out):
            return INVALID
        seen: dict[str, int] = {}
        for i, item in enumerate(out):  # a reference, tag or name listed twice would be shown twice
            if isinstance(item, str) and item in seen:
                return problems.add((*path, i), f"{item!r} is listed twice (also at [{seen[item]}]): list it once")
            if isinstance(item, str):
                seen[item] = i
        return tuple(self.order(out) if self.order else out)


class Blocs(FieldType):
    """A mapping from a bloc's name, in the data's own words, to its votes: ``{Diet members: 189,
    prefectural chapters: 26}``. Read in the order written."""

    json = {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": {"type": "integer", "minimum": 0},
        "description": "bloc name -> votes, adding up to votes",
    }

    def check(self, value, path, problems):
        if not isinstance(value, dict) or not value:
            return problems.add(path, f"expected a mapping of bloc names to votes ({{Diet members: 100, "
                                      f"party members: 14}}), found {_describe(value)}")  # fmt: skip
        out, ok = [], True
        for name, votes in value.items():
            if not isinstance(name, str) or not name.strip():
                problems.add((*path, name), f"a bloc's name must be text, found {_describe(name)}")
                ok = False
                continue
            checked = Count().check(votes, (*path, name), problems)
            if checked is INVALID:
                ok = False
            else:
                out.append(model.Bloc(name, checked))
        return tuple(out) if ok else INVALID


class Retired(FieldType):
    """A field earlier versions of the format had: refused with a message saying how to write it now."""

    def __init__(self, how: str) -> None:
        self.how = how
        self.json = {"not": {}, "description": f"no longer a field: {how}"}

    def check(self, value, path, problems):
        shown = value if isinstance(value, int) and not isinstance(value, bool) else "N"
        word = str(path[-1]).capitalize() if path[-1] == "diet" else str(path[-1])  # the Diet is a name
        return problems.add(path, f"{path[-1]!r} is no longer a field: {self.how.format(word=word, votes=shown)}")


@dataclass(frozen=True)
class F:
    """A field of a record: its name, type, whether it is required, and what it means."""

    name: str
    type: FieldType
    doc: str
    required: bool = True


class Obj(FieldType):
    def __init__(self, cls: type | None, title: str, fields: list[F]) -> None:
        self.cls, self.title, self.fields = cls, title, {f.name: f for f in fields}

    @property
    def json(self):  # type: ignore[override]
        return {
            "type": "object",
            "title": self.title,
            "additionalProperties": False,
            "required": [f.name for f in self.fields.values() if f.required],
            "properties": {f.name: {**f.type.json, "description": f.doc} for f in self.fields.values()},
        }

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            return problems.add(path, f"expected a mapping of fields ({self.title}), found {_describe(value)}")
        out: dict = {}
        ok = True
        for key in value:
            if key not in self.fields:
                if not isinstance(key, str):  # ~: 1 or 3: x, a key YAML made a null or a number of
                    found = "a null (~ or nothing)" if key is None else _describe(key)
                    problems.add((*path, key), f"a field name must be text, found {found}")
                    ok = False
                    continue
                near = _closest(key, self.fields)
                hint = f" (did you mean {near!r}?)" if near else ""
                problems.add((*path, key), f"unknown field {key!r} in {self.title}{hint}")
                ok = False
        for name, spec in self.fields.items():
            if name not in value or (value[name] is None and not spec.required):
                if spec.required:
                    problems.add(path, f"{self.title} is missing the required field {name!r}")
                    ok = False
                continue
            checked = spec.type.check(value[name], (*path, name), problems)
            if checked is INVALID:
                ok = False
            else:
                out[name] = checked
        if not ok:
            return INVALID
        return self.cls(**out) if self.cls else out


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _closest(word: str, options) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.75)
    return found[0] if found else None


# ----------------------------------------------------------------------------- the format

SOURCE_REFS = ListOf(Ref("source"), min_items=1)
NOTE = F("note", Text(), "A curator's note, shown with the record", required=False)
CONF = F(
    "confidence", Choice(CONFIDENCE), "How well the sources support the record (default: verified)", required=False
)
CIRCA = F("circa", Flag(), "true when the date is approximate", required=False)

DISPUTE = Obj(model.Dispute, "dispute", [
    F("claim", Text(), "What the disputed source says"),
    F("claimed_by", ListOf(Ref("source"), 1), "The sources that make the claim"),
    F("finding", Text(), "What the better sources say instead"),
    F("supported_by", ListOf(Ref("source"), 1), "The sources behind the finding"),
    F("status", Choice(DISPUTE_STATUS), "contradicted, conflicting, simplified or unverified"),
])  # fmt: skip
DISPUTES = F(
    "disputes", ListOf(DISPUTE), "Where sources disagree: who claims what, what the better sources say", required=False
)

VIA = Obj(model.Via, "via", [
    F("url", URL, "The copy's address"),
    F("note", Text(), "What the copy is (a mirror, a proxy, a repost, an aggregator)"),
])  # fmt: skip

SOURCE = Obj(model.Source, "source", [
    F("id", ID, "Unique id"),
    F("title", Text(), "The headline or title as the publication prints it (leave out when unknown: give a description)",
      required=False),
    F("publisher", Text(), "Who published it"),
    F("kind", Choice(SOURCE_KINDS), "What sort of source it is"),
    F("date", Date(), "Publication date, at the precision known", required=False),
    F("url", URL, "The original publisher's address (a copy goes under via)", required=False),
    NOTE,
    F("description", Text(), "What the work is, when no readable page gives its title (cited in [brackets])",
      required=False),
    F("via", VIA, "A copy it was read in: a mirror, a proxy, a repost or an aggregator", required=False),
    F("archive_url", URL, "A web-archive snapshot of the page", required=False),
    F("archive_date", Date(), "The snapshot's date", required=False),
    F("accessed", Date(), "When the page was read", required=False),
    F("language", Pattern(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "a language tag (en, ja, zh-Hans)"),
      "The language it is written in, as a BCP 47 tag", required=False),
    F("title_translated", Text(), "An English rendering of a title in another language", required=False),
])  # fmt: skip

PERSON = Obj(model.Person, "person", [
    F("id", ID, "Unique id"),
    F("name", Text(), "Name in Japanese order for Japanese people (family name first)"),
    F("roles", ListOf(Text(), 1), "Roles relevant to the timeline"),
    F("name_ja", Text(), "Name in Japanese script", required=False),
    NOTE,
    F("sources", ListOf(Ref("source")), "Sources for the name or roles", required=False),
    F("name_native", Text(), "Name in the person's own script, any language (name_ja serves for Japanese)",
      required=False),
])  # fmt: skip

EVENT = Obj(model.Event, "event", [
    F("id", ID, "Unique id"),
    F("date", Date(), "When it happened (or began, for a span)"),
    F("title", Text(), "A one-line title"),
    F("kind", SLUG, "What sort of event (office, election, speech...)"),
    F("summary", Text(), "What happened, in the curators' own words"),
    F("sources", SOURCE_REFS, "The sources for the event (at least one)"),
    F("tags", ListOf(SLUG), "Topic tags", required=False),
    F("people", ListOf(Ref("person")), "People involved", required=False),
    F("end", Date(), "When a span (an office held, a term) ended", required=False),
    CIRCA, CONF, DISPUTES, NOTE,
])  # fmt: skip

_BLOCS_HOW = (
    "write the split as blocs named in your sources' words, adding up to votes: blocs: {{{word}: {votes}, ...}}"
)

TALLY = Obj(model.Tally, "tally", [
    F("candidate", Ref("person"), "The candidate"),
    F("votes", Count(), "Total votes"),
    F("blocs", Blocs(), "The split of the votes by bloc, in the sources' words (Diet members, party members)",
      required=False),
    F("diet", Retired(_BLOCS_HOW), "Retired: write blocs", required=False),
    F("regional", Retired(_BLOCS_HOW), "Retired: write blocs", required=False),
])  # fmt: skip

ROUND = Obj(model.Round, "round", [
    F("stage", Pattern(r"^.{1,40}$", "a short name of the ballot (40 characters at most)"),
      "The ballot, in a few words: first, second ballot, members' ballot, runoff (a final runoff is 'runoff')"),
    F("tallies", ListOf(TALLY, 1), "Votes per candidate, as far as the sources give them"),
    F("electorate", Text(), "Who voted in this round", required=False),
])  # fmt: skip

RACE = Obj(model.Race, "race", [
    F("id", ID, "Unique id"),
    F("date", Date(), "Voting day"),
    F("title", Text(), "A one-line title"),
    F("attempt", Count(1), "Which of the subject's bids for this contest it was (1 = the first), counted per contest"),
    F("winner", Ref("person"), "Who won"),
    F("result", Choice(("won", "lost")), "The subject's result"),
    F("place", Count(1), "The subject's place in the final count"),
    F("candidates", Count(1), "How many candidates stood"),
    F("runoff", Flag(), "Whether a runoff was held"),
    F("rounds", ListOf(ROUND, 1), "The rounds of voting"),
    F("summary", Text(), "What happened, in the curators' own words"),
    F("sources", SOURCE_REFS, "The sources for the race (at least one)"),
    CIRCA, CONF, DISPUTES, NOTE,
    F("contest", Text(), "What was contested (LDP presidential election); headings are made from it",
      required=False),
])  # fmt: skip

VARIANT = Obj(model.Variant, "variant", [
    F("text", Text(), "Another wording or translation, verbatim from its source"),
    F("sources", SOURCE_REFS, "Where that wording appears"),
    F("note", Text(), "What the variant is", required=False),
])  # fmt: skip

QUOTE = Obj(model.Quote, "quote", [
    F("id", ID, "Unique id"),
    F("text", Text(), "The words, verbatim as the first source prints them"),
    F("speaker", Ref("person"), "Who said or wrote it"),
    F("date", Date(), "When, at the precision known"),
    F("occasion", Text(), "Where and how it was said"),
    F("sources", SOURCE_REFS, "Where the quote appears (the first prints the text as given)"),
    F("event", Ref("event"), "The event it belongs to", required=False),
    CIRCA,
    F("original", Text(), "The original wording (e.g. Japanese), where known", required=False),
    F("variants", ListOf(VARIANT), "Other wordings and translations, each with its source", required=False),
    F("context", Text(), "What the quote refers to, in the curators' words", required=False),
    CONF, DISPUTES, NOTE,
    F("phrase", Flag(), "true when the text is a fragment of a few words, not a full statement", required=False),
    F("passage", Text(), "The sentence or two of the first source that contain the words, copied exactly as printed",
      required=False),
])  # fmt: skip

REACTION = Obj(model.Reaction, "reaction", [
    F("by", Text(), "Who reacted (a person, a government, a newspaper)"),
    F("summary", Text(), "The reaction, in the curators' words"),
    F("sources", SOURCE_REFS, "Where it is reported"),
    F("date", Date(), "When", required=False),
    F("person", Ref("person"), "The person, when one is on record", required=False),
])  # fmt: skip

PROPOSAL = Obj(model.Proposal, "proposal", [
    F("id", ID, "Unique id"),
    F("title", Text(), "A one-line title"),
    F("summary", Text(), "What the subject proposes"),
    F("rationale", Text(), "The subject's reasons, as given"),
    F("assessment", Text(), "The seed article's assessment, in the curators' words"),
    F("outcome", Text(), "What became of it"),
    F("sources", SOURCE_REFS, "The sources for the proposal"),
    F("events", ListOf(Ref("event")), "Events that motivated or carried it", required=False),
    F("quotes", ListOf(Ref("quote")), "Quotes that state it", required=False),
    F("reactions", ListOf(REACTION, order=model.in_date_order), "Reactions to it (read in date order, undated last)",
      required=False),
    F("status", SLUG, "Where it stands, in a word or two (e.g. not-pursued)", required=False),
    CONF, DISPUTES, NOTE,
])  # fmt: skip

SUBJECT = Obj(model.Subject, "subject", [
    F("name", Text(), "Name in Japanese order (family name first)"),
    F("name_western", Text(), "Name in Western order (given name first)"),
    F("name_ja", Text(), "Name in Japanese script, for a Japanese subject", required=False),
    F("person", Ref("person"), "The subject's own record under people (races count the subject's votes)",
      required=False),
    F("born", Date(), "Date of birth", required=False),
    F("summary", Text(), "Who the subject is, in a sentence", required=False),
    F("name_native", Text(), "Name in the subject's own script, where it is not the Latin one (any language)",
      required=False),
    F("short_name", Text(), "How tight headings name the subject (García Márquez); else the last word of "
      "name_western", required=False),
    F("covered_to", Date(), "The date the record is curated to: after it, no record means not yet curated, "
      "not that nothing happened", required=False),
])  # fmt: skip

TERM = Obj(model.Term, "glossary term", [
    F("term", Text(), "The term as the timeline mostly writes it (SOFA)"),
    F("also", ListOf(Text(), 1), "Its other names and spellings, in any language (Status of Forces Agreement, 地位協定)"),
    F("note", Text(), "What it means, in the curators' words", required=False),
])  # fmt: skip


class Number(FieldType):
    json = {"type": "number"}

    def check(self, value, path, problems):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN is no value
            return problems.add(path, f"expected a number, found {_describe(value)}")
        return value if isinstance(value, float) else int(value)


POINT = Obj(model.Point, "point", [
    F("date", Date(), "When: a poll's last day of fieldwork, or its first with end"),
    F("value", Number(), "The value, in the series' unit"),
    F("sources", SOURCE_REFS, "Where the value is published"),
    F("note", Text(), "A curator's note (the fieldwork dates, the sample, a change of method)", required=False),
    F("end", Date(), "The last day of a span (a poll's fieldwork) that date begins", required=False),
])  # fmt: skip

SERIES = Obj(model.Series, "series", [
    F("id", ID, "Unique id"),
    F("title", Text(), "What is measured (Cabinet approval, NHK poll)"),
    F("unit", Text(), "The unit of the values (%, seats)"),
    F("publisher", Text(), "Who publishes the numbers (the pollster)"),
    F("points", ListOf(POINT, 1), "The values, in date order"),
    NOTE,
    F("sources", ListOf(Ref("source")), "Where the series as a whole (its method) is described", required=False),
])  # fmt: skip

RECORDS = {
    "source": SOURCE,
    "person": PERSON,
    "event": EVENT,
    "race": RACE,
    "quote": QUOTE,
    "proposal": PROPOSAL,
    "series": SERIES,
}

DOCUMENT = Obj(None, "timeline", [
    F("schema_version", Count(1), f"The format's version; this program reads version {SCHEMA_VERSION}"),
    F("subject", SUBJECT, "Whom the timeline is about"),
    F("sources", ListOf(SOURCE, 1), "Every source cited"),
    F("events", ListOf(EVENT), "Events, in any order (shown oldest first)"),
    F("people", ListOf(PERSON), "Everyone the records name", required=False),
    F("races", ListOf(RACE), "Races (elections, leadership contests) the subject stood in", required=False),
    F("quotes", ListOf(QUOTE), "Quotes, verbatim and attributed", required=False),
    F("proposals", ListOf(PROPOSAL), "Policy proposals", required=False),
    F("glossary", ListOf(TERM), "Terms and their other names; a search for one finds the others", required=False),
    F("series", ListOf(SERIES), "Numbers over time (cabinet approval by one pollster), each point sourced",
      required=False),
])  # fmt: skip


def json_schema() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:ishiba-cli:timeline-format:1",  # a name, not an address: the project has no web site
        "description": "An ishiba timeline file (YAML), format version 1. See docs/data-format.md.",
        **DOCUMENT.json,
    }
    schema["properties"]["schema_version"] = {**schema["properties"]["schema_version"], "const": SCHEMA_VERSION}
    return schema


# ----------------------------------------------------------------------------- references


def _walk_refs(obj: Obj, value: dict, path: tuple):
    """Yield ``(path, id, kinds)`` for every reference inside a raw record."""
    for name, spec in obj.fields.items():
        item = value.get(name) if isinstance(value, dict) else None
        if item is None:
            continue
        kind = spec.type
        if isinstance(kind, Ref):
            yield (*path, name), item, kind.kinds
        elif isinstance(kind, ListOf) and isinstance(item, list):
            for i, element in enumerate(item):
                if isinstance(kind.item, Ref):
                    yield (*path, name, i), element, kind.item.kinds
                elif isinstance(kind.item, Obj):
                    yield from _walk_refs(kind.item, element, (*path, name, i))


def validate_document(doc: object) -> tuple[dict | None, list[tuple[tuple, str]]]:
    """Check a parsed document. Returns ``(sections, problems)``; sections is None on failure.

    Two passes. The first reads the raw document: each field's type, ids and references, the
    glossary's names; it checks every record whatever the others hold, so a file's problems are
    listed at once, and it builds the typed records. The second, the meaning rules, reads those
    typed records, and so runs only when the first found nothing."""
    problems = Problems()
    sections = _check_shape(doc, problems)
    if sections is not None:  # a clean first pass: the meaning rules read the records it built
        _check_meaning(sections, problems)
    if problems.items:
        return None, problems.listed()
    return sections, []


def _check_shape(doc: object, problems: Problems) -> dict | None:
    """The first pass, on the raw document: the typed sections, or None when it found a problem."""
    if not isinstance(doc, dict):
        problems.add(
            (), f"the top level must be a mapping of sections (schema_version, subject, ...), found {_describe(doc)}"
        )
        return None
    version = doc.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        problems.add(
            ("schema_version",), f"version {version} is not supported; this program reads version {SCHEMA_VERSION}"
        )
        return None
    checked = DOCUMENT.check(doc, (), problems)
    _check_references(doc, problems)
    _check_glossary(doc.get("glossary"), problems)
    return None if problems.items else checked


def _check_references(doc: dict, problems: Problems) -> None:
    """Ids are unique across the whole file; references resolve to a record of the right kind."""
    kinds: dict[str, str] = {}
    first_seen: dict[str, tuple] = {}
    duplicated: set[str] = set()
    in_file_order = [key for key in doc if key in model.SECTIONS]
    for section in in_file_order:
        kind = model.SECTIONS[section].singular
        records = doc.get(section)
        if not isinstance(records, list):
            continue
        for i, record in enumerate(records):
            rid = record.get("id") if isinstance(record, dict) else None
            if not isinstance(rid, str) or not _ID.match(rid):
                continue
            if rid in kinds:
                where = first_seen[rid]
                problems.add((section, i, "id"), f"duplicate id {rid!r}: already used by {where[0]}[{where[1]}]")
                duplicated.add(rid)
            else:
                kinds[rid], first_seen[rid] = kind, (section, i)
    # A section of the wrong type is one mistake: references into it are its consequences,
    # counted instead of listed one by one.
    broken = {s.singular for s in model.SECTIONS.values() if s.name in doc and not isinstance(doc[s.name], list)}
    suppressed = 0
    ids_of: dict[tuple, list[str]] = {}  # ids by the kinds a reference wants, gathered once
    for section, kind in ((s.name, s.singular) for s in model.SECTIONS.values()):
        records = doc.get(section)
        if not isinstance(records, list):
            continue
        for i, record in enumerate(records):
            for path, ref, wanted in _walk_refs(RECORDS[kind], record, (section, i)):
                if not isinstance(ref, str) or not _ID.match(ref) or ref in duplicated:
                    continue  # already reported (a bad value, or an id used twice)
                found = kinds.get(ref)
                if found is None and broken & set(wanted):
                    suppressed += 1
                elif found is None:
                    hint = ""
                    if not problems.full:  # the hint costs a comparison with every id of the kind
                        if wanted not in ids_of:
                            ids_of[wanted] = [k for k, v in kinds.items() if v in wanted]
                        near = _closest(ref, ids_of[wanted])
                        hint = f" (did you mean {near!r}?)" if near else ""
                    problems.add(path, f"{ref!r} is not the id of any {' or '.join(wanted)}{hint}")
                elif found not in wanted:
                    problems.add(path, f"{ref!r} is {_a(found)}, but {_a(' or '.join(wanted))} is expected here")
    subject = doc.get("subject")
    person = subject.get("person") if isinstance(subject, dict) else None
    if isinstance(person, str) and _ID.match(person) and kinds.get(person) != "person":
        if "person" in broken:
            suppressed += 1
        else:
            problems.add(("subject", "person"), f"{person!r} is not the id of any person")
    if suppressed:
        what = " and ".join(sorted(s.name for s in model.SECTIONS.values() if s.singular in broken))
        problems.add(SUMMARY_PATH, f"{suppressed} more problem{'s' if suppressed > 1 else ''} not listed: "
                                   f"references into {what}, which follow from the error above")  # fmt: skip


# ----------------------------------------------------------------------------- web archives
#
# A snapshot address names the moment it was taken. Accepted forms (docs/data-format.md):
#   https://web.archive.org/web/YYYYMMDDhhmmss/<address>        (also with a flag: .../web/YYYYMMDDhhmmssid_/...)
#   https://archive.today/YYYYMMDDhhmmss/<address>             (archive.ph and archive.is alike)
#   https://archive.today/YYYY.MM.DD-hhmmss/<address>
#   https://archive.today/<short id>                            (no timestamp: the date cannot be checked)
# A Wayback address with fewer digits (/web/2024/...) or none is a search that redirects to the
# nearest snapshot, not a snapshot, and is refused.

_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/(\d{14})(?:[a-z]{2}_)?/\S+$")
_ARCHIVE_TODAY = re.compile(
    r"^https?://archive\.(?:today|ph|is)/(?:(\d{14}|\d{4}\.\d{2}\.\d{2}-\d{6})/\S+|[A-Za-z0-9]{4,10})$"
)


def snapshot_time(url: str) -> _dt.datetime | bool | None:
    """When the web-archive snapshot at ``url`` was taken; None for an archive.today short
    address (which names no time); False when ``url`` is not a snapshot address."""
    found = _WAYBACK.match(url) or _ARCHIVE_TODAY.match(url)
    if not found:
        return False
    if found.group(1) is None:
        return None
    digits = re.sub(r"\D", "", found.group(1))
    try:
        return _dt.datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return False


def _check_archive(source: model.Source, path: tuple, problems: Problems) -> None:
    url, date = source.archive_url, source.archive_date
    if url is None:
        if date is not None:
            problems.add((*path, "archive_date"), "archive_date is the date of a snapshot, but there is no "
                                                  "archive_url: give the snapshot's address, or remove the date")  # fmt: skip
        return
    taken = snapshot_time(url)
    if taken is False:
        problems.add((*path, "archive_url"),
                     f"{_describe(url)} is not a web-archive snapshot address: write it as "
                     "https://web.archive.org/web/YYYYMMDDhhmmss/<address> or https://archive.ph/YYYYMMDDhhmmss/"
                     "<address> (the 14 digits of the snapshot's time), or archive.ph's short address")  # fmt: skip
    elif taken is not None and date is not None and not date.first_day() <= taken.date() <= date.last_day():
        problems.add((*path, "archive_date"),
                     f"the snapshot was taken on {taken.date().isoformat()} (its address says so), not in "
                     f"{date}: correct archive_date, or the address")  # fmt: skip


# ----------------------------------------------------------------------------- quotes in their passage

_ELISION = re.compile(r"\[[^\]]*\]|…+|\.{3,}")  # a [bracketed insertion] or an ellipsis (… or ...)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _joins(ch: str) -> bool:
    """Whether a word ends or starts at ``ch`` without a space: Japanese, Chinese, Korean."""
    return bool(_JAPANESE.match(ch)) or "\uac00" <= ch <= "\ud7af"


def missing_from_passage(words: str, passage: str) -> str | None:
    """Where ``words`` (a quote) part from ``passage``: None when the passage holds them, else the
    first piece of the quote it does not hold.

    Both are folded as search folds them (``search.fold``: case, accents, width, punctuation). An
    ellipsis (… or ...) in the quote stands for any words of the passage there, and a
    [bracketed insertion] for whatever the passage has there (or nothing); the pieces between
    must appear in the passage in order. The quote begins and ends on whole words, except in
    text without spaces between words (Japanese, Chinese, Korean)."""
    from .search import fold

    target = fold(passage)
    raw = _ELISION.split(words)
    pieces = [(fold(p), p) for p in raw]
    open_start, open_end = not pieces[0][0], not pieces[-1][0]  # begins or ends with an elision
    pieces = [(f, p) for f, p in pieces if f]
    at = 0
    for n, (folded, piece) in enumerate(pieces):
        pattern = re.escape(folded)
        if n == 0 and not open_start and not _joins(folded[0]):
            pattern = r"(?:^|(?<= ))" + pattern
        if n == len(pieces) - 1 and not open_end and not _joins(folded[-1]):
            pattern += r"(?= |$)"
        found = re.compile(pattern).search(target, at)
        if found is None:
            return piece.strip()
        at = found.end()
    return None


def _check_passage(quote: model.Quote, path: tuple, problems: Problems) -> None:
    passage = quote.passage
    if passage is None:
        return
    field = "text"
    if _JAPANESE.search(passage) and quote.original is not None:
        field = "original"  # a Japanese passage holds the Japanese words
    words = quote.original if field == "original" else quote.text
    piece = missing_from_passage(words, passage)
    if piece is not None:
        hint = (" (the passage is Japanese: give the Japanese words in 'original')"
                if field == "text" and _JAPANESE.search(passage) and not _JAPANESE.search(words) else "")  # fmt: skip
        shown = piece if len(piece) <= 60 else piece[:57] + "..."
        problems.add((*path, field),
                     f"quote {quote.id!r}: its {field} is not in its passage, from {shown!r} on{hint}: the "
                     "words must be as the passage prints them (an ellipsis or a [bracketed insertion] may stand "
                     "for words of the passage); where the passage shows the quote was condensed or stitched, "
                     "fix the quote")  # fmt: skip


# ----------------------------------------------------------------------------- meaning
#
# Cross-field rules: a file can have every field of the right type and still say something
# impossible. Each rule names the field to fix and says how; docs/data-format.md lists them.
#
# They run after a clean first pass only (``validate_document``), on the typed records that pass
# built: every required field is there with its model type, every reference resolves. A problem's
# path is the record's place in the file, ("races", 2, "rounds", 1, "tallies", 0), from the
# indices of the lists read, which keep the file's order (the one list built in another order,
# a proposal's reactions, is not read here).


def _check_meaning(sections: dict, problems: Problems) -> None:
    """Every rule, in the order they were written; the listing sorts the problems by position."""
    subject: model.Subject = sections["subject"]
    sources: tuple[model.Source, ...] = sections["sources"]
    races: tuple[model.Race, ...] = sections.get("races", ())
    quotes: tuple[model.Quote, ...] = sections.get("quotes", ())
    for i, source in enumerate(sources):
        _check_source(source, ("sources", i), problems)
    periods = _check_spans(sections["events"], problems)
    for i, race in enumerate(races):
        _check_race(race, ("races", i), subject.person, problems)
    _check_attempts(races, problems)
    _check_born(subject.born, races, problems)
    for section in ("events", "races", "quotes", "proposals"):
        for i, record in enumerate(sections.get(section, ())):
            _check_disputes(record.disputes, (section, i), problems)
    printed = {source.id: source.date for source in sources}
    for i, quote in enumerate(quotes):
        _check_quote(quote, ("quotes", i), subject, printed, periods, problems)
    for i, series in enumerate(sections.get("series", ())):
        _check_points(series, ("series", i), problems)
    for i, person in enumerate(sections.get("people", ())):
        _check_roles(person, ("people", i), problems)


def _check_source(source: model.Source, path: tuple, problems: Problems) -> None:
    if source.title is None and source.description is None:
        problems.add(path, "a source needs its 'title' or, where no page gives the title, a "
                           "'description' (cited in square brackets)")  # fmt: skip
    _check_archive(source, path, problems)


def _check_spans(events: tuple[model.Event, ...], problems: Problems) -> dict[str, tuple[_dt.date, _dt.date]]:
    """An event's span ends on or after its date; the days each event covers, by id."""
    from .dates import span_of

    periods = {}
    for i, event in enumerate(events):
        if event.end is not None and event.end.last_day() < event.date.first_day():
            problems.add(("events", i, "end"),
                         f"end {event.end} is before the date {event.date}; a span ends on or after the day it "
                         "begins (swap the two, or correct the year)")  # fmt: skip
        else:
            periods[event.id] = span_of(event.date, event.end)
    return periods


def _check_race(race: model.Race, path: tuple, me: str | None, problems: Problems) -> None:
    """The subject's place, result and the winner agree, and so do the rounds (``_check_rounds``)."""
    place, candidates, result, winner = race.place, race.candidates, race.result, race.winner
    if not 1 <= place <= candidates:
        problems.add((*path, "place"), f"place {place} is not between 1 and candidates ({candidates}): "
                                       "correct the place or the number of candidates")  # fmt: skip
    if result == "won" and place != 1:
        problems.add((*path, "result"), f"result is 'won' but place is {place}: a winner is placed 1st")
    if result == "lost" and place == 1:
        problems.add((*path, "result"), "result is 'lost' but place is 1: the subject who places 1st has won")
    if me:
        if result == "won" and winner != me:
            problems.add((*path, "winner"), f"result is 'won' but the winner is {winner!r}, not the subject ({me!r})")
        if result == "lost" and winner == me:
            problems.add((*path, "winner"), "result is 'lost' but the winner is the subject")
    _check_rounds(race, path, problems)
    _check_deciding_round(race, path, me, problems)


def _check_rounds(race: model.Race, path: tuple, problems: Problems) -> None:
    """Each round names a candidate once, with blocs that add up to the votes, and the runoff flag
    says what the rounds show: a runoff is the final round, of stage ``runoff``. Rounds are read in
    the order written."""
    stages = [round_.stage for round_ in race.rounds]
    if race.runoff and stages[-1] != "runoff":
        problems.add((*path, "runoff"), "runoff is true but the final round's stage is not 'runoff': add the "
                                        "runoff's tallies as the last round, or set runoff to false")  # fmt: skip
    elif not race.runoff and "runoff" in stages:
        problems.add((*path, "runoff"), "runoff is false but a round has stage 'runoff': set runoff to true, "
                                        "or name the round's stage as your sources do")  # fmt: skip
    if "runoff" in stages[:-1] and not (race.runoff and stages.count("runoff") == 1):  # that one is said above
        problems.add((*path, "rounds"), "a round of stage 'runoff' is not the last: a runoff decides the race, "
                                        "so list the rounds in the order they were held")  # fmt: skip
    for r, round_ in enumerate(race.rounds):
        seen: dict[str, int] = {}
        for t, tally in enumerate(round_.tallies):
            where = (*path, "rounds", r, "tallies", t)
            if tally.candidate in seen:
                problems.add((*where, "candidate"),
                             f"{tally.candidate!r} has a second tally in this round (the first is "
                             f"tallies[{seen[tally.candidate]}]): keep one tally a candidate a round")  # fmt: skip
            else:
                seen[tally.candidate] = t
            total = sum(bloc.votes for bloc in tally.blocs)
            if tally.blocs and total != tally.votes:
                shown = " + ".join(f"{bloc.name} {bloc.votes}" for bloc in tally.blocs)
                problems.add((*where, "blocs"),
                             f"the blocs add up to {total} ({shown}), not to votes ({tally.votes}): correct a bloc "
                             "or the votes")  # fmt: skip


def _check_deciding_round(race: model.Race, path: tuple, me: str | None, problems: Problems) -> None:
    """The winner has the most votes of the last round, and the subject has a tally there."""
    last = len(race.rounds) - 1
    votes = {tally.candidate: tally.votes for tally in race.rounds[last].tallies}  # a second tally counts
    where = (*path, "rounds", last, "tallies")
    winner = race.winner
    if winner not in votes:
        problems.add(where, f"the winner {winner!r} has no tally in the deciding round: add it")
    else:
        top = max(votes.values())
        if votes[winner] != top:
            leader = next(c for c, v in votes.items() if v == top)
            problems.add(where, f"the winner {winner!r} has {votes[winner]} votes but {leader!r} has {top} "
                                "in the deciding round: correct the winner or the votes")  # fmt: skip
    if me and me not in votes:  # result is won or lost: the format allows nothing else
        problems.add(where, f"the subject ({me!r}) has no tally in the deciding round: add the subject's "
                            "votes, which the race is shown against")  # fmt: skip


def _check_attempts(races: tuple[model.Race, ...], problems: Problems) -> None:
    """The subject's bids for one contest are numbered 1, 2, 3... in date order."""
    dated = sorted((race.date.sort_key(), race.contest or "", race.attempt, i) for i, race in enumerate(races))
    for (_, contest, before, _), (_, same, after, i) in itertools.pairwise(sorted(dated, key=lambda r: r[1])):
        if contest == same and after <= before:
            of = f" of the {contest!r} races" if contest else ""
            problems.add(("races", i, "attempt"),
                         f"attempt {after} comes after attempt {before} in time{of}; number the subject's bids "
                         "for each contest 1, 2, 3... in date order")  # fmt: skip


def _check_born(born, races: tuple[model.Race, ...], problems: Problems) -> None:
    if born is None:
        return
    for i, race in enumerate(races):
        if race.date.last_day() < born.first_day():
            problems.add(("races", i, "date"), f"{race.date} is before the subject was born ({born}): correct "
                                               "the date, or subject.born")  # fmt: skip


def _check_disputes(disputes: tuple[model.Dispute, ...], path: tuple, problems: Problems) -> None:
    for j, dispute in enumerate(disputes):
        both = [ref for ref in dispute.claimed_by if ref in dispute.supported_by]
        if both and dispute.status != "conflicting":  # a source may report two accounts side by side
            problems.add((*path, "disputes", j, "supported_by"),
                         f"{both[0]!r} both makes the claim and refutes it: a source takes one side, "
                         "unless the status is 'conflicting' (it reports both accounts)")  # fmt: skip


def _check_quote(quote: model.Quote, path: tuple, subject: model.Subject, printed: dict, periods: dict,
                 problems: Problems) -> None:  # fmt: skip
    """The words are in the passage, said after the speaker was born, within their event, and
    before the first source (which prints them) was published."""
    _check_passage(quote, path, problems)
    date, born = quote.date, subject.born
    if born is not None and quote.speaker == subject.person and date.last_day() < born.first_day():
        problems.add((*path, "date"), f"{date} is before the speaker, the subject, was born ({born})")
    first = quote.sources[0]
    published = printed[first]
    if published is not None and published.last_day() < date.first_day():
        problems.add((*path, "sources", 0),
                     f"the quote's text is as {first!r} prints it, but that source is dated {published}, before "
                     f"the words were said ({date}): correct a date, or cite the source that printed them")  # fmt: skip
    if quote.event in periods:
        start, end = periods[quote.event]
        if date.last_day() < start or date.first_day() > end:
            problems.add((*path, "date"),
                         f"{date} is outside the period of its event {quote.event!r} ({start} to {end}): "
                         "correct the date, or link the quote to another event")  # fmt: skip


def _check_points(series: model.Series, path: tuple, problems: Problems) -> None:
    """A series' points are in date order, and a point's span ends on or after its date."""
    before = None
    for j, point in enumerate(series.points):
        date, end = point.date, point.end
        if end is not None and end.last_day() < date.first_day():
            problems.add((*path, "points", j, "end"),
                         f"end {end} is before the date {date}; a poll's fieldwork ends on or after the day it "
                         "begins (swap the two, or correct the year)")  # fmt: skip
        if before is not None and date.sort_key() < before.sort_key():
            problems.add((*path, "points", j, "date"),
                         f"{date} comes after {before} in the list: list the points in date order, "
                         "oldest first")  # fmt: skip
        before = date


_ROLE_SPAN = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")


def _check_roles(person: model.Person, path: tuple, problems: Problems) -> None:
    for j, role in enumerate(person.roles):
        for m in _ROLE_SPAN.finditer(role):
            if int(m.group(2)) < int(m.group(1)):
                problems.add((*path, "roles", j),
                             f"the span {m.group()} ends before it begins: write it earlier year first")  # fmt: skip


def _check_glossary(entries: object, problems: Problems) -> None:
    """A name may belong to one term only: a search for it must know which names to add."""
    if not isinstance(entries, list):
        return
    from .search import fold

    owner: dict[str, str] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            continue
        also = entry.get("also") if isinstance(entry.get("also"), list) else []
        named = [(("glossary", i, "term"), entry["term"])]
        named += [(("glossary", i, "also", j), name) for j, name in enumerate(also) if isinstance(name, str)]
        for path, name in named:
            key = fold(name)
            if not key:
                problems.add(path, f"{name!r} has no letters or digits a search could match")
            elif key in owner and owner[key] != entry["term"]:
                problems.add(
                    path, f"{name!r} is already a name of the glossary term {owner[key]!r}; give it to one term only"
                )
            else:
                owner.setdefault(key, entry["term"])
