"""Save the README's screenshot of ``ishiba browse`` (docs/browse.svg), rendered by the app itself.

    python scripts/browse_screenshot.py

The bundled timeline at 100x32: the Events tab searched for "okinawa", a disputed event shown.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ishiba_cli.browse.app import BrowseApp
from ishiba_cli.browse.widgets import RecordList
from ishiba_cli.load import bundled_path, load_timeline

OUT = Path(__file__).resolve().parent.parent / "docs" / "browse.svg"


async def shoot() -> None:
    app = BrowseApp(load_timeline(bundled_path()))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"okinawa", "escape")
        await pilot.pause()
        listing = app.query_one(RecordList)
        disputed = next(i for i, r in enumerate(listing.records) if r.disputes)
        listing.move_to(disputed)
        await pilot.pause()
        app.save_screenshot(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(shoot())
