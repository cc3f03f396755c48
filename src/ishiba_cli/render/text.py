"""Making data text safe to show: control characters become visible escapes.

A data file is user input. Its text must never move the cursor, set a window title, open a
hyperlink, reorder a line or hide a character, so every C0/C1 control (but newline), DEL, the
Unicode bidirectional and line-separator controls, and the invisible format characters (zero
width space, word joiners, tags) are shown as ``\\x1b``-style escapes instead.
"""

from __future__ import annotations

import re

#: what json.dumps leaves raw and a terminal or a reader's eye would act on: DEL and C1, the
#: bidirectional and line-separator controls, the invisible format characters (zero width space,
#: word joiners, tags); the one list both rules below are built from
_INVISIBLE = (
    "\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[\x00-\x09\x0b-\x1f{_INVISIBLE}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str | None, *, newlines: bool = True) -> str:
    """``text`` with every unsafe control shown as an escape; newlines kept unless told not to."""
    if not text:
        return ""
    if text.isprintable():  # every character the patterns match is unprintable: nothing to do
        return text
    pattern = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    return pattern.sub(_escape, text)


def one_line(text: str | None) -> str:
    """Safe text on one line: runs of whitespace (newlines included) become one space."""
    return visible(" ".join((text or "").split()))


_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}]")


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP JSON writes a surrogate pair, as json.dumps does
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw and :func:`visible` escapes (DEL, C1,
    bidi, zero width, tags) written as ``\\uXXXX`` escapes instead: the same value, read back."""
    return _JSON_UNSAFE.sub(_json_escape, text)


def inner_quotes(text: str) -> str:
    """``text`` with its double quotation marks made single, for putting it in double ones:
    ``"Agree First" ...`` -> ``‘Agree First’ ...``."""
    if '"' not in text and "“" not in text and "”" not in text:
        return text
    return re.sub(r'"([^"]*)"', r"‘\1’", text).replace("“", "‘").replace("”", "’")
