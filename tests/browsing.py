"""Helpers for the browse tests: run the app in Textual's harness, read what it shows."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from ishiba_cli.browse.app import BrowseApp


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the screenshot's characters)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def detail_text(app, width: int = 60) -> str:
    """The whole detail of the record shown, as the pane draws it (scrolled or not)."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.detail_renderable)
    return console.export_text()


def browse(timeline, test, size=(100, 30), **kwargs):
    """Run ``test(app, pilot)`` against a browser on ``timeline``, in a fresh event loop."""

    async def go():
        app = BrowseApp(timeline, **kwargs)
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await test(app, pilot)
        return app

    return asyncio.run(go())
