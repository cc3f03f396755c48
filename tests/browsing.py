"""Helpers for the browse tests: run the app in Textual's harness (``App.run_test`` and its pilot)
and read what it shows through Textual's public APIs only: the SVG screenshot
(``App.export_screenshot``), the widgets' own properties, and ``App.notify``."""

from __future__ import annotations

import asyncio
import html
import io
import re

from rich.cells import cell_len
from rich.console import Console

from ishiba_cli.browse.app import BrowseApp

_ROW_WIDTH = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect x="0" y="[^"]*" width="([^"]*)"')
_TEXT = re.compile(r'<text [^>]*?x="([^"]*)" [^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')


def screen_text(app) -> str:
    """What the terminal shows, as plain text: the characters of the app's SVG screenshot
    (``App.export_screenshot``, Textual's public snapshot API), one line per terminal row."""
    width, height = app.size
    svg = app.export_screenshot()
    char_width = float(_ROW_WIDTH.search(svg)[1]) / width
    rows = [[" "] * width for _ in range(height)]
    for x, y, text in _TEXT.findall(svg):
        row, column = rows[int(y)], round(float(x) / char_width)
        for char in html.unescape(text.replace("&#160;", " ")):  # the SVG writes each space as &#160;
            cells = max(cell_len(char), 1)
            if column + cells <= width:
                row[column : column + cells] = [char] + [""] * (cells - 1)  # a wide character fills two cells
            column += cells
    return "\n".join("".join(row).rstrip() for row in rows)


def detail_text(app, width: int = 60) -> str:
    """The whole detail of the record shown, as the pane draws it (scrolled or not)."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.detail_renderable)
    return console.export_text()


def browse(timeline, test, size=(100, 30), **kwargs):
    """Run ``test(app, pilot)`` against a browser on ``timeline``, in a fresh event loop. Each
    message the app gives through ``App.notify`` is kept, in order, in ``app.told``."""

    async def go():
        app = BrowseApp(timeline, **kwargs)
        app.told = []
        notify = app.notify

        def told(message, *args, **kw):
            app.told.append(message)
            return notify(message, *args, **kw)

        app.notify = told
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await test(app, pilot)
        return app

    return asyncio.run(go())


async def screen_showing(app, pilot, words: str, rounds: int = 200) -> str:
    """The screen's text (:func:`screen_text`) once it shows ``words``: the app works
    (``Pilot.pause``: until its messages are handled) between looks; it fails the test if the
    app goes idle ``rounds`` times without them."""
    for _ in range(rounds):
        text = screen_text(app)
        if words in text:
            return text
        await pilot.pause()
    raise AssertionError(f"the screen never showed {words!r}")


async def search_for(app, pilot, words: str) -> None:
    """Open the search box (/) and fill it with ``words`` at once: one change for the app to
    handle rather than one a key (typing key by key is tested in test_browse.py)."""
    await pilot.press("slash")
    app.query_one("#search").value = words
    await pilot.pause()
