"""A safe, bounded YAML reader that keeps what a validator needs to point at a line.

It walks the parser's event stream itself instead of using a constructor, so that:

- no tag can construct an object: only the core types are built, any other tag is refused;
- nesting depth and alias expansion are bounded, without recursion (no RecursionError); the
  expansion bound is relative to the document, as go-yaml's is: aliases may add up to
  ``ALIAS_RATIO`` times the nodes actually written (and ``ALIAS_ALLOWANCE`` to any document), and
  the text they stand for up to ``ALIAS_RATIO`` times the characters read (and
  ``ALIAS_TEXT_ALLOWANCE`` to any document), so an honest ``yaml.dump`` of shared lists loads at
  any size while a "billion laughs", or one long string aliased hundreds of times, is refused at
  the alias that crosses the bound, in time and memory proportional to the text read;
- duplicate keys are refused instead of silently keeping the last one;
- YAML 1.1 booleans (``yes``, ``off``...) come back as :class:`YamlBool`, which remembers
  the word, so a validator can tell the author to quote it where text was meant;
- a plain scalar is a date only when YAML's own resolver makes it one (``2024-01-05``, two
  digits for month and day): ``2024-1-5`` stays text, exactly as if it had been quoted;
- a number written in a form that does not read back the same (``+2024``, ``2_024``, ``02024``,
  ``0x7e8``, ``1e3``) remembers its spelling (``written``), so a date field can judge the text
  the author wrote rather than the number YAML made of it;
- :func:`locate` finds the line and column of the values at given paths, in a second pass
  that builds nothing and stops once it has found them all;
- lines are counted as an editor counts them: YAML also breaks lines at U+0085, U+2028 and
  U+2029, which the parser's own line numbers count and editors do not;
- a plain integer too long for Python to read (more than 4,300 digits) is an error at its line;
- memory stays a small multiple of the text: the parser reads the text in chunks rather than
  a whole UTF-8 copy of it, and mapping keys and short texts (ids, tags, kinds, references),
  which a large timeline repeats hundreds of thousands of times, are kept once each.

It raises :class:`YamlProblem`, never a PyYAML or Python exception.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass

MAX_DEPTH = 100
# Aliases share the value they name (nothing is copied here), but what reads the document walks
# every copy, so each alias counts the nodes it stands for. Sizes are kept per anchor, so an
# alias costs O(1) however large its target.
ALIAS_ALLOWANCE = 100_000  # values any document's aliases may expand to
ALIAS_RATIO = 4  # beyond that, up to this many times the nodes written so far
# The same bound in characters: one long string aliased many times is few nodes but much text,
# which validation, the cache and every output copy. Characters read so far count as written.
ALIAS_TEXT_ALLOWANCE = 1_000_000

Path = tuple  # a tuple of str keys and int indices

_CORE = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class YamlBool:
    """A boolean as YAML 1.1 reads it, with the word that was written."""

    value: bool
    word: str

    def __bool__(self) -> bool:
        return self.value


class YamlInt(int):
    """An integer whose spelling differs from its decimal form; ``written`` is the spelling."""

    written: str


class YamlFloat(float):
    """A float whose spelling differs from its usual form; ``written`` is the spelling."""

    written: str


def _spelled(cls: type, value: int | float, text: str) -> object:
    if str(value) == text:
        return value
    out = cls(value)
    out.written = text
    return out


class YamlProblem(Exception):
    """A problem with the text; ``mark`` (the parser's position) becomes ``line`` and ``column``
    when :func:`read_yaml` reports it."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, *, mark=None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.mark = mark


_BOOL_WORDS = {
    w: (w.lower() in {"yes", "true", "on", "y"})
    for base in ("yes", "no", "true", "false", "on", "off")
    for w in (base, base.capitalize(), base.upper())
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_INT_OTHER = re.compile(r"[-+]?0(?:b[01_]+|x[0-9a-fA-F_]+|o?[0-7_]+)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
# PyYAML's resolver reads a plain scalar as a date only in this form (two-digit month and day);
# an explicit ``!!timestamp`` tag accepts one-digit ones as well, as PyYAML's constructor does.
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_TAGGED_DATE = re.compile(r"(\d{4})-(\d\d?)-(\d\d?)")
_TIMESTAMP = re.compile(
    r"\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?"
)


def _plain(text: str, date: re.Pattern = _DATE) -> object:
    """Resolve an unquoted scalar the way YAML 1.1 (PyYAML) does, for the core types."""
    if text in _NULL_WORDS:
        return None
    first = text[0]
    if first.isalpha() or first == "~":  # a word (".inf" and ".nan" start with a dot, below)
        word = _BOOL_WORDS.get(text)
        return text if word is None else YamlBool(word, text)
    if first.isdigit() or first in "+-.":
        if text.isdigit() and text.isascii() and (first != "0" or len(text) == 1):
            return int(text)  # decimal digits only: the number, which reads back as written
        if _INT.fullmatch(text):
            return _spelled(YamlInt, int(text.replace("_", "")), text)
        match = date.fullmatch(text)
        if match:
            try:
                return _dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return text  # PyYAML would crash here; we keep the text for the validator
        if _INT_OTHER.fullmatch(text):
            value = _other_int(text)
            return _spelled(YamlInt, value, text) if isinstance(value, int) else value
        if text.lower() in _SPECIAL_FLOAT:
            return _spelled(YamlFloat, _SPECIAL_FLOAT[text.lower()], text)
        if _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
            try:
                return _spelled(YamlFloat, float(text.replace("_", "")), text)
            except ValueError:
                return text
        if _TIMESTAMP.fullmatch(text):
            return _Timestamp(text)
    return text


class _Timestamp(str):
    """A date with a time of day; kept as text, flagged so that date fields can refuse it."""


def _other_int(text: str) -> object:
    sign = -1 if text[0] == "-" else 1
    digits = text.lstrip("+-").replace("_", "")
    try:
        if digits[:2] in {"0b", "0x"}:
            return sign * int(digits, 0)
        octal = digits.removeprefix("0o")
        if not octal:  # 0o_ has no digit: text, as 0x_ and 0b_ are
            return text
        return sign * int(octal, 8)
    except ValueError:
        return text


def _tagged(tag: str, text: str, mark) -> object:
    if tag in {"!", _CORE + "str"}:
        return text
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        value = _plain(text)
        if isinstance(value, YamlBool):
            return value
    elif tag == _CORE + "int":
        value = _plain(text)
        if isinstance(value, int):
            return value
    elif tag == _CORE + "float":
        value = _plain(text)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tag == _CORE + "timestamp":
        value = _plain(text, _TAGGED_DATE)
        if isinstance(value, (_dt.date, _Timestamp)):
            return value
    else:
        raise _unknown_tag(tag, mark)
    raise YamlProblem(f"{text!r} is not a valid {tag.removeprefix(_CORE)}", mark=mark)


def _unknown_tag(tag: str, mark) -> YamlProblem:
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return YamlProblem(
        f"tag {shown!r} is not allowed: a timeline holds plain text, numbers, dates, lists and mappings",
        mark=mark,
    )


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Lines:
    """Line and column (1-based) of a parser mark as an editor counts them: YAML 1.1 also breaks
    lines at U+0085, U+2028 and U+2029, so the parser's line numbers count those too; they are
    taken back out here (the marks' ``index`` counts characters, in both parsers)."""

    __slots__ = ("odd", "text")

    def __init__(self, source: str | bytes) -> None:
        # Text given as UTF-8 is decoded only when it holds one of those breaks (rarely).
        odd = _ODD_BREAKS.search(source) if isinstance(source, str) else any(b in source for b in _ODD_BYTES)
        self.text = _as_text(source) if odd else None
        self.odd = [m.start() for m in _ODD_BREAKS.finditer(self.text)] if odd else []

    def __call__(self, mark) -> tuple[int | None, int | None]:
        if mark is None:
            return None, None
        before = bisect.bisect_left(self.odd, mark.index) if self.odd else 0
        if not before:
            return mark.line + 1, mark.column + 1
        start = max(self.text.rfind("\n", 0, mark.index), self.text.rfind("\r", 0, mark.index))
        column = mark.index - start if self.odd[before - 1] > start else mark.column + 1
        return mark.line + 1 - before, column


_ODD_BYTES = tuple(chr(code).encode() for code in (0x85, 0x2028, 0x2029))


def _as_text(source: str | bytes) -> str:
    """The text of a document given as text or as UTF-8 (which the loader has checked)."""
    return source if isinstance(source, str) else source.decode("utf-8")


def _refused_character(exc) -> str:
    char = exc.character
    code = char if isinstance(char, int) else ord(char) if isinstance(char, str) and len(char) == 1 else None
    if code is None:
        return f"YAML error: {exc.reason}"
    return (f"the character U+{code:04X} is not allowed in YAML ({exc.reason}): remove it, or write it as "
            f"an escape (\\x{code:02X} or \\u{code:04X}) inside a double-quoted string")  # fmt: skip


def _place_of(text: str, char) -> tuple[int | None, int | None]:
    """Line and column of the first ``char`` in ``text``: the reader stops at the first
    character it refuses, and reports only an offset (in bytes for the C parser, in characters
    for the Python one), so the character is found again in the text instead."""
    if isinstance(char, int):
        char = chr(char)
    at = text.find(char) if isinstance(char, str) and char else -1
    if at < 0:
        return None, None
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1


SHARED_TEXT = 40  # texts up to this long are kept once per document, however often written


class _Chunks:
    """The document as a stream, so that the C parser takes it a chunk at a time: text is then
    encoded a chunk at a time, not all at once, and UTF-8 is read as it is."""

    __slots__ = ("at", "text")

    def __init__(self, text: str | bytes) -> None:
        self.text, self.at = text, 0

    def read(self, size: int = -1) -> str | bytes:
        start = self.at
        self.at = len(self.text) if size < 0 else start + size
        return self.text[start : self.at]


class _Frame:
    """A mapping or list being built: where it sits, its pending key, and how many values and
    characters of text it holds (each alias counted as what it stands for)."""

    __slots__ = ("anchor", "chars", "container", "is_mapping", "key", "mark", "nodes", "path")

    def __init__(self, container, path: Path, anchor: str | None, mark) -> None:
        self.container, self.path, self.anchor, self.mark = container, path, anchor, mark
        self.is_mapping = container.__class__ is dict
        self.key: object = _NO_KEY
        self.nodes = self.chars = 0

    def awaits_key(self) -> bool:
        return self.is_mapping and self.key is _NO_KEY

    def child_path(self) -> Path:
        if self.is_mapping:
            return self.path + ((self.key,) if self.key is not _NO_KEY else ("<key>",))
        return (*self.path, len(self.container))


def _scalar_value(event) -> object:
    """A scalar event's value: plain scalars resolved, quoted ones text, tagged ones checked."""
    try:
        if event.tag is None:
            return _plain(event.value) if event.implicit[0] else event.value
        return _tagged(event.tag, event.value, event.start_mark)
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise YamlProblem(
            f"a number of {len(event.value):,} characters is too long to read; quote it if it is text",
            mark=event.start_mark,
        ) from None


class _Builder:
    """Builds plain values from the parser's events, refusing what is unsafe or ambiguous:
    unknown tags, duplicate keys, non-text keys, depth past :data:`MAX_DEPTH`, aliases that
    expand past the document's allowance, a second document."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int, int]] = {}  # name -> (value, nodes, characters)
        self.texts: dict[str, str] = {}  # one object per distinct key or short text
        self.written = self.expanded = self.expanded_chars = self.documents = 0
        self.root: object = _NO_VALUE

    def _awaiting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].awaits_key()

    def scalar(self, event) -> None:
        self.written += 1
        value = _scalar_value(event)
        stack = self.stack
        frame = stack[-1] if stack else None
        if value.__class__ is str:
            awaiting_key = frame is not None and frame.is_mapping and frame.key is _NO_KEY
            if len(value) <= SHARED_TEXT or awaiting_key:
                value = self.texts.setdefault(value, value)
            if awaiting_key and event.anchor is None and value not in frame.container:
                frame.nodes += 1  # the usual key: text, new in its mapping (_attach, made quick)
                frame.chars += len(event.value)
                frame.key = value
                return
        if frame is not None and event.anchor is None and (not frame.is_mapping or frame.key is not _NO_KEY):
            frame.nodes += 1  # the usual value, in a list or after its key (_attach, made quick)
            frame.chars += len(event.value)
            if frame.is_mapping:
                frame.container[frame.key] = value
                frame.key = _NO_KEY
            else:
                frame.container.append(value)
            return
        self._attach(value, event.start_mark, event.anchor, 1, len(event.value))

    def start(self, event, is_mapping: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", mark=event.start_mark)
        self.written += 1
        if event.tag is not None and event.tag not in {"!", _CORE + ("map" if is_mapping else "seq")}:
            raise _unknown_tag(event.tag, event.start_mark)
        if self._awaiting_key():
            raise YamlProblem("a mapping key must be plain text, not a list or mapping", mark=event.start_mark)
        path = self.stack[-1].child_path() if self.stack else ()
        self.stack.append(_Frame({} if is_mapping else [], path, event.anchor, event.start_mark))

    def end(self) -> None:
        frame = self.stack.pop()
        self._attach(frame.container, frame.mark, frame.anchor, frame.nodes + 1, frame.chars)

    def alias(self, event) -> None:
        if event.anchor not in self.anchors:
            raise YamlProblem(f"alias *{event.anchor} names no anchor defined before it", mark=event.start_mark)
        value, nodes, chars = self.anchors[event.anchor]
        self.written += 1
        self.expanded += nodes
        self.expanded_chars += chars
        if self.expanded > ALIAS_ALLOWANCE and self.expanded > ALIAS_RATIO * self.written:
            raise YamlProblem(
                f"aliases expand to {self.expanded:,} values, more than {ALIAS_RATIO} times the "
                f"{self.written:,} written before them (an alias bomb?)",
                mark=event.start_mark,
            )
        read = event.start_mark.index  # characters read so far
        if self.expanded_chars > ALIAS_TEXT_ALLOWANCE and self.expanded_chars > ALIAS_RATIO * read:
            raise YamlProblem(
                f"aliases expand to {self.expanded_chars:,} characters of text, more than {ALIAS_RATIO} times "
                f"the {read:,} read before them (an alias bomb?)",
                mark=event.start_mark,
            )
        self._attach(value, event.start_mark, None, nodes, chars)

    def document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlProblem("the file holds more than one YAML document", mark=event.start_mark)

    def _attach(self, value: object, mark, anchor: str | None, nodes: int, chars: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, nodes, chars)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.nodes += nodes
        frame.chars += chars
        if not frame.is_mapping:
            frame.container.append(value)
        elif frame.key is not _NO_KEY:
            frame.container[frame.key] = value
            frame.key = _NO_KEY
        elif isinstance(value, (dict, list)):
            raise YamlProblem("a mapping key must be plain text, not a list or mapping", mark=mark)
        elif value in frame.container:
            raise YamlProblem(f"duplicate key {value!r} (YAML would silently keep only the last one)", mark=mark)
        elif value.__class__ is YamlBool and value.value in _bool_keys(frame.container):
            raise YamlProblem(
                f"duplicate key {value.word!r}: YAML reads it as {str(value.value).lower()}, as an earlier key "
                "(it would silently keep only the last one); quote the keys to keep both",
                mark=mark,
            )
        else:
            frame.key = value


def _bool_keys(mapping: dict) -> set[bool]:
    """The booleans a mapping's keys stand for: ``yes`` and ``true`` are one key, as in YAML."""
    return {key.value for key in mapping if key.__class__ is YamlBool}


_INDENT_HINT = ("check this line's indentation: the items of one list start at the same column (`  - id: ...`), "
                "and the fields of one record line up under each other")  # fmt: skip


def syntax_hint(exc, text: str, lines=None) -> str | None:
    """A one-line hint for the YAML syntax errors people commonly meet in a hand-written file,
    or None: PyYAML's words say what the parser saw, the hint says what to write instead."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    line, at = "", ""
    if mark is not None and 0 <= mark.index <= len(text):
        start = text.rfind("\n", 0, mark.index) + 1
        end = text.find("\n", mark.index)
        line = text[start : end if end >= 0 else len(text)]
        at = text[mark.index : mark.index + 1]
    if "tab character" in problem or at == "\t" or ("cannot start any token" in problem and line[:1] == "\t"):
        return "indent with spaces, not tabs (YAML does not allow tabs in indentation)"
    if "mapping values are not allowed" in problem:
        key, sep, value = line.strip().lstrip("- ").partition(": ")
        if sep and mark is not None and line.find(":") != mark.column:  # a second colon, inside a value
            return f"a value with ': ' in it must be quoted: write {key}: \"{value.strip()}\""
        return "this line is indented further than the field above it, so YAML reads it as part of that field; " + (
            "line it up with the fields of its record"
        )
    if "while scanning a quoted scalar" in context:
        mark_at = exc.context_mark
        opened = None if mark_at is None else (lines(mark_at)[0] if lines else mark_at.line + 1)
        where = f" at line {opened}" if opened else ""
        return f"a quoted value opened{where} is never closed: add the closing quotation mark"
    if "flow sequence" in context:
        return "a list written with [ is not closed: add the closing ] (and separate items with commas)"
    if "flow mapping" in context:
        return "a mapping written with { is not closed: add the closing } (and separate fields with commas)"
    if (
        "expected '-' indicator" in problem
        or "expected <block end>" in problem
        or "did not find expected key" in problem
    ):
        return _INDENT_HINT
    if "could not find expected ':'" in problem:
        return "each line of a record is `field: value`; a value continued on the next line must be indented further, or quoted"
    return None


def _events(source: str | bytes, lines: _Lines):
    """The parser's events for ``source`` (text, or UTF-8), its errors as :class:`YamlProblem`."""
    import yaml

    loader = None
    try:
        # the parser's own loop, as yaml.parse runs it, without a check before each event
        loader = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(_Chunks(source))
        yield from iter(loader.get_event, None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            reason = f"{exc.problem} ({exc.context})"
        hint = syntax_hint(exc, _as_text(source), lines)
        raise YamlProblem(f"YAML syntax error: {reason}" + (f"; hint: {hint}" if hint else ""), *lines(mark)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses; no mark, only an offset
        raise YamlProblem(_refused_character(exc), *_place_of(_as_text(source), exc.character)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(text: str | bytes) -> object:
    """Parse one YAML document from ``text`` into plain Python values. The document may also be
    given as UTF-8 bytes (checked, without a byte-order mark): a text of one character past
    U+00FF takes two bytes for every character, so a file mostly in Latin letters with some
    Japanese takes about half the memory as UTF-8.

    Raises :class:`YamlProblem` for anything that is not a safe, single, well-formed document.
    """
    from yaml import events as ev

    lines = _Lines(text)
    builder = _Builder()
    scalar, start, end, alias, document = builder.scalar, builder.start, builder.end, builder.alias, builder.document
    scalar_event, mapping_start, sequence_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    try:
        for event in _events(text, lines):
            kind = event.__class__
            if kind is scalar_event:
                scalar(event)
            elif kind is mapping_start:
                start(event, True)
            elif kind is sequence_start:
                start(event, False)
            elif kind in ends:
                end()
            elif kind is ev.AliasEvent:
                alias(event)
            elif kind is ev.DocumentStartEvent:
                document(event)
    except YamlProblem as exc:
        if exc.mark is not None:
            exc.line, exc.column = lines(exc.mark)
        raise
    except RecursionError:  # defensive: the walk above does not recurse
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    if builder.root is _NO_VALUE:
        raise YamlProblem("the file holds no YAML document (it is empty or only comments)")
    return builder.root


def locate(text: str | bytes, paths) -> dict[Path, tuple[int | None, int | None]]:
    """The line and column (1-based) of the value at each of ``paths`` and at each of their
    ancestors, in a document :func:`read_yaml` has read without error.

    A second pass over the events that builds no value: it keeps only the path to the current
    event (a key per mapping, a count per list) and the marks of the paths asked for, and stops
    once it has them all, so it costs memory in proportion to the paths, not the document.
    A path through an alias ends at the alias.
    """
    from yaml import events as ev

    wanted = {path[:end] for path in paths for end in range(len(path) + 1)}
    found: dict[Path, object] = {}
    stack: list[list] = []  # per open container: [path, is_mapping, key or count]
    keys: dict[str, object] = {}  # anchored scalars, in case one is used as a key
    lines = _Lines(text)
    try:
        for event in _events(text, lines):
            kind = event.__class__
            if kind in (ev.MappingEndEvent, ev.SequenceEndEvent):
                stack.pop()
                continue
            if kind not in (ev.ScalarEvent, ev.AliasEvent, ev.MappingStartEvent, ev.SequenceStartEvent):
                continue
            if stack and stack[-1][1] and stack[-1][2] is _NO_KEY:  # a mapping key
                if kind is ev.ScalarEvent:
                    key = _scalar_value(event)
                    if event.anchor is not None:
                        keys[event.anchor] = key
                else:
                    key = keys.get(event.anchor, _NO_KEY) if kind is ev.AliasEvent else _NO_KEY
                stack[-1][2] = key
                continue
            if not stack:
                path: Path = ()
            elif stack[-1][1]:
                path = (*stack[-1][0], stack[-1][2])
                stack[-1][2] = _NO_KEY
            else:
                path = (*stack[-1][0], stack[-1][2])
                stack[-1][2] += 1
            if path in wanted and path not in found:
                found[path] = event.start_mark
                if len(found) == len(wanted):
                    break
            if kind is ev.MappingStartEvent:
                stack.append([path, True, _NO_KEY])
            elif kind is ev.SequenceStartEvent:
                stack.append([path, False, 0])
            elif kind is ev.ScalarEvent and event.anchor is not None:
                keys[event.anchor] = _scalar_value(event)
    except YamlProblem:  # the document read once already; a second reading changes nothing
        pass
    return {path: lines(mark) for path, mark in found.items()}


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NO_KEY = _Sentinel("<no key>")
_NO_VALUE = _Sentinel("<no value>")
