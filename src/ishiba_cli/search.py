"""Text search, the same for every command.

Folding (the default) makes a search forgiving in the ways people expect:

- case: ``sofa`` finds ``SOFA``;
- accents: ``ryukyu`` finds ``Ryūkyū``;
- width: ``ＳＯＦＡ`` finds ``SOFA``, half-width kana find full-width ones;
- punctuation: curly and straight quotes, hyphens and dashes are alike, and dots and
  apostrophes inside words are ignored, so ``US`` finds ``U.S.`` and ``us-uk`` finds ``U.S.-U.K.``.

A query is a list of words and ``"quoted phrases"`` (straight or curly quotes). By default
every one must match (AND); ``any_term`` switches to OR. A word matches at the start of a
word (``alliance`` finds ``alliances``); Japanese, Chinese and Korean text matches anywhere,
since it has no spaces between words. ``regex`` treats the query as one regular expression
(an invalid one raises ``UsageError``); ``case_sensitive`` turns folding off.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import UsageError
from .tuples import named_tuple

DROP = {".", "'", "’", "‘", "ʼ", "`", "´"}  # dots and apostrophes vanish: U.S. = US
SPACE_LIKE = set('"“”„‟«»‹›-‐‑‒–—―−_/\\,;:!?()[]{}<>|·…、。，．・「」『』（）【】〈〉《》！？：；～〜~')


_KANA_MARKS = {"\u3099", "\u309a"}  # voicing marks are letters in Japanese, not accents: ガ is not カ
#: the combining marks folding drops (accents: ū = u); both foldings use this one rule
#: the combining marks folding removes (accents); the exported page's search uses the same class
COMBINING_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_ACCENT = re.compile(COMBINING_MARKS)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF  # ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in DROP:
        return ""
    if ch in SPACE_LIKE or ch.isspace():
        return " "
    out = []
    for part in unicodedata.normalize("NFKC", ch):
        for piece in unicodedata.normalize("NFKD", part.casefold()):
            if _ACCENT.match(piece):  # the marks fold() drops, and no others: the two agree
                continue
            if piece in DROP:
                continue
            out.append(" " if piece in SPACE_LIKE or piece.isspace() else piece)
    return unicodedata.normalize("NFC", "".join(out))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text``; also return, for each folded character, the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    last_space = True
    for index, ch in enumerate(text):
        folded = _fold_char(ch) if not ch.isascii() or not ch.isalnum() else ch.lower()
        for piece in folded:
            if chars and unicodedata.combining(piece):  # a mark left (カ + ゙): composed as fold() composes
                composed = unicodedata.normalize("NFC", chars[-1] + piece)
                if len(composed) == 1:
                    chars[-1] = composed
                    continue
            if piece == " ":
                if last_space:
                    continue
                last_space = True
            else:
                last_space = False
            chars.append(piece)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


_DROP_TABLE = {ord(c): None for c in DROP}
_SPACE_TABLE = {ord(c): " " for c in SPACE_LIKE}


def fold(text: str) -> str:
    """Case-, accent-, width- and punctuation-insensitive form of ``text``.

    The same folding as :func:`fold_with_map`, done on the whole string at C speed (it also
    serves to index large timelines). The two agree (a property test holds them to it), except
    where two combining marks of different classes follow one letter: normalizing the whole
    string puts them in canonical order, the character-by-character map keeps them as written.
    """
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = _ACCENT.sub("", unicodedata.normalize("NFKD", folded))
        # Punctuation goes before marks are composed, as fold_with_map() drops it before a
        # mark meets the letter it follows (ｶ.ﾞ is ガ in both).
        folded = folded.translate(_DROP_TABLE).translate(_SPACE_TABLE)
        folded = unicodedata.normalize("NFC", folded) if not folded.isascii() else folded
        return " ".join(folded.split())
    folded = folded.translate(_DROP_TABLE).translate(_SPACE_TABLE)
    return " ".join(folded.split())


QUOTE_CHARS = set('"“”„‟')
_QUOTED = re.compile(r"[\"“”„‟](.*?)[\"“”„‟]|(\S+)")


@named_tuple
class Query:
    """A parsed search: terms (words and phrases) and how to combine them."""

    terms: tuple[str, ...]
    any_term: bool = False
    regex: bool = False
    case_sensitive: bool = False
    others: tuple[tuple[str, ...], ...] = ()  # per term: the glossary's other names for it

    @property
    def empty(self) -> bool:
        return not self.terms

    def alternatives(self, i: int) -> tuple[str, ...]:
        """Term ``i`` and every other name the glossary gives it: any of them matches."""
        return (self.terms[i], *(self.others[i] if i < len(self.others) else ()))

    def describe(self) -> str:
        if self.regex:
            return f"regex /{self.terms[0]}/" + ("" if self.case_sensitive else " (ignoring case)")
        joiner = " OR " if self.any_term else " AND "
        shown = []
        for i, term in enumerate(self.terms):
            names = self.alternatives(i)[1:]
            also = f" (or, from the glossary, {', '.join(repr(n) for n in names)})" if names else ""
            shown.append(f'"{term}"{also}')
        return joiner.join(shown) + (" (case-sensitive)" if self.case_sensitive else "")


def expand(query: Query, glossary) -> Query:
    """``query`` with each term that names a glossary entry widened to the entry's other names.

    A term matches an entry when it folds to the same text as one of the entry's names
    (``sofa`` names SOFA, ``地位協定`` names it too). Regular expressions and case-sensitive
    searches are taken exactly as written.
    """
    if query.regex or query.case_sensitive or not glossary:
        return query
    names: dict[str, tuple[str, ...]] = {}
    for entry in glossary:
        for name in entry.names:
            names.setdefault(fold(name), entry.names)
    others = []
    for term in query.terms:
        key = fold(term)
        others.append(tuple(n for n in names.get(key, ()) if fold(n) != key))
    return query._replace(others=tuple(others)) if any(others) else query


def parse_query(
    words: list[str] | tuple[str, ...] | str | None,
    *,
    any_term: bool = False,
    regex: bool = False,
    case_sensitive: bool = False,
    phrases: bool = False,
) -> Query:
    """Split the command-line words into terms; ``"quoted phrases"`` stay whole.

    With ``phrases``, an argument that holds spaces (the shell's quotes made it one argument:
    ``ishiba quotes "equal terms"``) is a phrase too.
    """
    if words is None:
        words = []
    if isinstance(words, str):
        words = [words]
    if phrases and not regex:
        words = [f'"{w.strip()}"' if len(w.split()) > 1 and not QUOTE_CHARS & set(w) else w for w in words]
    joined = " ".join(words).strip()
    if not joined:
        if words:
            raise UsageError("the search is empty; give words to look for (or none, where that lists everything)")
        return Query((), any_term, regex, case_sensitive)
    if regex:
        compile_regex(joined, case_sensitive)
        return Query((joined,), any_term, True, case_sensitive)
    terms = []
    for match in _QUOTED.finditer(joined):
        term = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if term and (case_sensitive or fold(term)):
            terms.append(term)
    if not terms:
        raise UsageError(f"the search {joined!r} has no letters or digits to look for")
    return Query(tuple(terms), any_term, False, case_sensitive)


#: how long a --regex may run in all, over every record, before the search is stopped
REGEX_SECONDS = 3.0


def compile_regex(pattern: str, case_sensitive: bool = False) -> _Bounded:
    """A person's regular expression, compiled by the ``regex`` package (imported only here: it
    can stop a search after a time, which ``re`` cannot) and run within :data:`REGEX_SECONDS`."""
    import regex

    try:
        return _Bounded(regex.compile(pattern, regex.VERSION0 | (0 if case_sensitive else regex.IGNORECASE)))
    except (regex.error, OverflowError, RecursionError, ValueError, MemoryError) as exc:
        raise UsageError(f"invalid regular expression {pattern!r}: {exc}") from None


class _Bounded:
    """A compiled regular expression whose searches share one time limit (``re`` has none, and
    a pattern such as ``(a|aa)+$`` backtracks for longer than anyone would wait)."""

    def __init__(self, pattern) -> None:
        self.pattern, self.deadline = pattern, None

    def _left(self) -> float:
        import time

        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + REGEX_SECONDS
        left = self.deadline - now
        if left <= 0:
            self._stop()
        return left

    def _stop(self):
        raise UsageError(
            f"the regular expression {self.pattern.pattern!r} ran for {REGEX_SECONDS:g} s without finishing and was "
            "stopped: simplify it (nested repeats such as (a|aa)+ or (a+)+ can take for ever)"
        )

    def search(self, text: str):
        try:
            return self.pattern.search(text, timeout=self._left())
        except TimeoutError:
            self._stop()

    def finditer(self, text: str) -> list:
        try:
            return list(self.pattern.finditer(text, timeout=self._left()))
        except TimeoutError:
            self._stop()


class Matcher:
    """Compiled form of a :class:`Query`: tests texts and finds spans to highlight."""

    def __init__(self, query: Query) -> None:
        self.query = query
        if query.regex:
            self.patterns = [compile_regex(query.terms[0], query.case_sensitive)]
            return
        self.patterns = []
        for i in range(len(query.terms)):
            bodies = []
            for term in query.alternatives(i):
                needle = term if query.case_sensitive else fold(term)
                body = re.escape(needle)
                if needle and not is_cjk(needle[0]):
                    body = r"(?<![^\W_])" + body  # start of a word
                bodies.append(body)
            self.patterns.append(re.compile("|".join(bodies)))

    def _prepare(self, text: str) -> str:
        if self.query.regex or self.query.case_sensitive:
            return text
        return fold(text)

    def matches(self, texts: list[str] | tuple[str, ...]) -> bool:
        """Whether the record whose searchable texts are ``texts`` matches."""
        if not self.patterns:
            return True
        hay = "\n".join(self._prepare(t) for t in texts if t)
        found = (p.search(hay) is not None for p in self.patterns)
        return any(found) if self.query.any_term else all(found)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` (original, unfolded) that a term matched."""
        return sorted(span for spans in self.spans_by_term(text) for span in spans)

    def spans_by_term(self, text: str) -> list[list[tuple[int, int]]]:
        """For each term (each pattern), the character ranges of ``text`` it matched: all from
        :func:`fold_with_map`, the folding that maps back to the text."""
        if not self.patterns or not text:
            return [[] for _ in self.patterns]
        if self.query.regex or self.query.case_sensitive:
            return [[m.span() for m in p.finditer(text) if m.end() > m.start()] for p in self.patterns]
        folded, origin = fold_with_map(text)
        return [
            [
                (origin[m.start()], _end(text, origin[m.end() - 1] + 1))
                for m in p.finditer(folded)
                if m.end() > m.start()
            ]
            for p in self.patterns
        ]


def _end(text: str, end: int) -> int:
    """``end`` moved past the combining marks that belong to the character before it (ガ as カ + ゙)."""
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end
