"""The cache command: where the cache of parsed timelines is, how big, what it holds; clear it."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import UsageError
from ..render import OutputFormat
from .app import command, state
from .options import FormatOpt
from .output import note, write


class CacheAction(str, Enum):
    clear = "clear"


@command("cache")
def cache_cmd(
    ctx: typer.Context,
    action: Annotated[
        Optional[CacheAction],
        typer.Argument(metavar="[clear]", help="clear: remove every cache file (the timelines are untouched)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show where the cache of parsed timelines is, how big it is and which files it holds.

    The first run on a timeline file keeps the parsed, checked result there; later runs read it
    instead. It lives in $XDG_CACHE_HOME/ishiba when XDG_CACHE_HOME is an absolute path, else in
    ~/.cache/ishiba; without an absolute HOME there is no cache. The least recently used files
    are removed past 20 files or 1 GiB. A damaged file is removed and rebuilt, with a note.

    Examples:

      ishiba cache

      ishiba cache --format json

      ishiba cache clear
    """
    from .. import cache

    folder = cache.cache_dir(state(ctx).env.environ)
    if action is CacheAction.clear:
        if fmt is not OutputFormat.table:
            raise UsageError("cache clear prints no listing: leave out --format")
        files, size = cache.clear(folder)
        where = _shown(str(folder)) if folder is not None else "nowhere (there is no cache folder)"
        note(ctx, f"removed {files} cache file{'' if files == 1 else 's'} ({_size(size)}) from {where}")
        return
    entries = cache.entries(folder, timelines=True)
    write(_RENDER[fmt.value](folder, entries))


def _shown(text: str | None) -> str:
    from ..render.text import visible

    return visible(text or "", newlines=False)


def _size(size: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def _when(seconds: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


_HEADER = ["timeline", "file", "bytes", "last_used"]


def _rows(entries) -> list[dict]:
    return [{"timeline": e.timeline, "file": str(e.file), "bytes": e.size, "last_used": _when(e.used)} for e in entries]


def _limits() -> str:
    from .. import cache

    return (
        f"at most {cache.MAX_FILES} files and {_size(cache.MAX_BYTES)} are kept, the least recently used removed first"
    )


def _table(folder, entries) -> str:
    if folder is None:
        return "no cache: neither XDG_CACHE_HOME nor HOME is an absolute folder\n"
    total = sum(e.size for e in entries)
    lines = [
        f"folder  {_shown(str(folder))}",
        f"files   {len(entries)} ({_size(total)}); {_limits()}",
    ]
    if entries:
        lines += ["", f"{'last used':<20}  {'size':>9}  timeline"]
        for e in entries:
            lines.append(f"{_when(e.used):<20}  {_size(e.size):>9}  {_shown(e.timeline) or '(unreadable)'}")
    return "\n".join(lines) + "\n"


def _json(folder, entries) -> str:
    import json

    from .. import cache
    from ..render.text import json_safe

    data = {
        "folder": str(folder) if folder is not None else None,
        "files": len(entries),
        "bytes": sum(e.size for e in entries),
        "max_files": cache.MAX_FILES,
        "max_bytes": cache.MAX_BYTES,
        "entries": _rows(entries),
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def _jsonl(folder, entries) -> str:
    import json

    from ..render.text import json_safe

    return "".join(json_safe(json.dumps(row, ensure_ascii=False)) + "\n" for row in _rows(entries))


def _delimited(entries, sep: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(_HEADER)
    for row in _rows(entries):
        writer.writerow([_shown(str(row[h]) if row[h] is not None else "") for h in _HEADER])
    return out.getvalue()


def _markdown(folder, entries) -> str:
    if folder is None:
        return _table(folder, entries)

    def cell(text) -> str:
        return _shown(str(text or "")).replace("|", "\\|")

    lines = [
        f"Cache folder: `{cell(folder)}`, {len(entries)} files ({_size(sum(e.size for e in entries))}); {_limits()}.",
        "",
        "| last used | bytes | timeline |",
        "|---|---|---|",
    ]
    lines += [f"| {_when(e.used)} | {e.size} | {cell(e.timeline)} |" for e in entries]
    return "\n".join(lines) + "\n"


_RENDER = {
    "table": _table,
    "json": _json,
    "jsonl": lambda folder, entries: _jsonl(folder, entries),
    "csv": lambda folder, entries: _delimited(entries, ","),
    "tsv": lambda folder, entries: _delimited(entries, "\t"),
    "markdown": _markdown,
}
