"""Find, read and validate a timeline file. Library code: it raises, it never prints or exits.

Every failure becomes a :class:`~ishiba_cli.errors.DataError` listing each problem with the
file, line, column and path (``data/timeline.yaml:42:7: events[3].date: ...``).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from .errors import DataError, Problem
from .model import SECTIONS, Timeline

ENV_VAR = "ISHIBA_DATA"
NO_CACHE_VAR = "ISHIBA_NO_CACHE"
MAX_FILE_BYTES = 256 * 1024 * 1024  # larger files are refused before they are read


def bundled_path() -> Path:
    """The curated timeline: inside the installed package, or at the root of a source checkout."""
    from .shipped import shipped

    return shipped("data", "timeline.yaml")


def resolve_path(option: str | os.PathLike | None, environ: dict[str, str] | None = None) -> Path:
    """``--data`` wins, then ``$ISHIBA_DATA``, then the bundled timeline."""
    if option:
        return Path(option)
    value = (environ if environ is not None else os.environ).get(ENV_VAR)
    if value:
        return Path(value)
    return bundled_path()


def display_name(path: Path, cwd: str | os.PathLike | None = None) -> str:
    """The path as a person would recognise it: relative to the working folder (``cwd``, else
    the process's) when inside it."""
    try:
        folder = Path(cwd or ".").resolve()
        return str((folder / path).resolve().relative_to(folder))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return str(path)


def _fail(name: str, message: str, line: int | None = None, column: int | None = None) -> DataError:
    return DataError([Problem(name, line, column, "", message)])


def read_text(path: Path, name: str) -> bytes:
    """The file's text as UTF-8 without a byte-order mark, checked as :func:`decode` checks it;
    the file may be UTF-8 (with or without a byte-order mark), or UTF-16/32 with one.

    At most :data:`MAX_FILE_BYTES` plus one byte is ever read, whatever the path is: a regular
    file over the limit is refused before it is read, and a device, FIFO or ``/dev/stdin``
    (whose size the system does not know) is refused at the first byte past the limit.
    """
    try:
        with open(path, "rb") as stream:  # a FIFO waits here for its writer, as cat does
            st = os.fstat(stream.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise _fail(name, "is a folder, not a timeline file")
            if stat.S_ISREG(st.st_mode) and st.st_size > MAX_FILE_BYTES:
                raise _fail(name, f"is {st.st_size / 2**20:.0f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB")
            data = _read_bounded(stream, name)
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise _fail(name, "is a folder, not a timeline file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(name, "is a loop of symbolic links (each points on to the next)") from None
        raise _fail(name, f"cannot be read: {exc.strerror or exc}") from None
    return utf8(data, name)


def utf8(data: bytes, name: str) -> bytes:
    """``data`` checked by :func:`decode` and given back as UTF-8 without a byte-order mark:
    the parser reads UTF-8 as it is, and it takes half the memory of the text when that
    holds any character past U+00FF, which a Python string then stores in two bytes each."""
    text = decode(data, name)
    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        return data  # it was UTF-8 already
    return text.encode("utf-8")


def _read_bounded(stream, name: str) -> bytes:
    """All of a binary stream, or an error once it holds more than :data:`MAX_FILE_BYTES`."""
    data = stream.read(MAX_FILE_BYTES + 1)  # a buffered read: it stops at the limit or at the end
    if len(data) > MAX_FILE_BYTES:
        raise _fail(name, f"is over the limit of {MAX_FILE_BYTES // 2**20} MiB")
    return data


def read_stdin(stream) -> Timeline:
    """A timeline piped in (``--data -``): the same limits, decoding and checks as a file's."""
    name = "<stdin>"
    if hasattr(stream, "buffer"):
        data = _read_bounded(stream.buffer, name)
    else:  # a text stream (tests): bounded in characters, which is no more than in bytes
        text = stream.read(MAX_FILE_BYTES + 1)
        if len(text) > MAX_FILE_BYTES:
            raise _fail(name, f"is over the limit of {MAX_FILE_BYTES // 2**20} MiB")
        data = text.encode()
    return parse_timeline(utf8(data, name), name)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)  # fmt: skip


def decode(data: bytes, name: str) -> str:
    encoding, skip = "utf-8", 0
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding, skip = codec, len(bom)
            break
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise _fail(name, f"is not valid {encoding.upper()} text (byte {offset}: {exc.reason})", line, column) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise _fail(name, "contains a NUL character (is it a binary file?)", line, nul - text.rfind("\n", 0, nul))
    return text


def _format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("~" if part is None else str(part))  # a null key, as YAML writes it
    return out


def parse_timeline(text: str | bytes, name: str) -> Timeline:
    """Parse and validate timeline text (or UTF-8, as :func:`utf8` gives it); ``name`` is used in
    messages."""
    return _parse([text], name, lambda: text)


def _parse_file(path: Path, name: str) -> Timeline:
    """:func:`parse_timeline` for a file, without holding its text while the records are checked
    and built (the peak of a first run): to place problems, the file is read again, and used only
    if it reads back the same."""
    import zlib

    held = [read_text(path, name)]
    crc = zlib.crc32(held[0])

    def again() -> bytes | None:
        try:
            text = read_text(path, name)
        except DataError:
            return None
        return text if zlib.crc32(text) == crc else None

    return _parse(held, name, again)


def _parse(held: list, name: str, again) -> Timeline:
    """Parse and validate the text in ``held``, which is emptied so that the text can go once it
    is parsed; ``again()`` gives it once more (or None, and problems go without their lines)."""
    from . import spec
    from .yamlsafe import YamlProblem, locate, read_yaml

    text = held.pop()
    try:
        doc = read_yaml(text)
    except YamlProblem as exc:
        raise _fail(name, exc.message, exc.line, exc.column) from None
    del text
    sections, problems = spec.validate_document(doc)
    if problems:
        del doc
        # again, this time noting where the values with a problem stand (at most spec.MAX_PROBLEMS)
        text = again()
        wanted = [path for path, _ in problems if path != spec.SUMMARY_PATH]
        positions = {} if text is None else locate(text, wanted)
        located, closing = [], []
        for path, message in problems:
            if path == spec.SUMMARY_PATH:
                closing.append(Problem(name, None, None, "", message))
                continue
            where = _locate(positions, path)
            located.append(Problem(name, where[0], where[1], _format_path(path), message))
        located.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise DataError(located + closing)
    assert sections is not None
    return Timeline(
        schema_version=sections["schema_version"],
        subject=sections["subject"],
        path=name,
        glossary=tuple(sections.get("glossary", ())),
        **{section: tuple(sections.get(section, ())) for section in SECTIONS},
    )


def _locate(positions: dict, path: tuple) -> tuple[int | None, int | None]:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        found = positions.get(path[:end])
        if found:
            return found
    return None, None


def load_timeline(
    path: str | os.PathLike | None = None,
    environ: dict[str, str] | None = None,
    *,
    cache: bool = False,
    notes: list[str] | None = None,
    cwd: str | os.PathLike | None = None,
):
    """Resolve, read and validate a timeline; raise ``DataError`` with every problem found.
    A relative path is read against ``cwd`` (the process's working folder when None).

    With ``cache``, a fresh cached copy is used when there is one (see ``cache.py``), and one is
    written after a successful parse; ``ISHIBA_NO_CACHE=1`` in the environment turns it off.
    ``notes`` gets a line for the person at the terminal when a damaged cache was rebuilt.
    """
    env = os.environ if environ is None else environ
    resolved = resolve_path(path, env)
    name = display_name(resolved, cwd)
    if cwd is not None:
        resolved = Path(cwd, resolved)  # an absolute path stays as it is

    def parse() -> Timeline:
        return _parse_file(resolved, name)

    if not cache or env.get(NO_CACHE_VAR, "") not in {"", "0"}:
        return parse()
    from .cache import load_cached

    return load_cached(resolved, name, parse, env, notes)
