"""``ishiba browse``: lists that show what matters at 80x24 and use the room at wider sizes, the
series tab, and the pop-ups' keys. Fictional timelines only (tests/data), through Textual's
public harness: ``App.run_test``, ``pilot.press``, ``pilot.resize_terminal``."""

from __future__ import annotations

import browsing
from browsing import detail_text, screen_text
from conftest import ROOT
from ishiba_cli.browse import rows
from ishiba_cli.browse.widgets import FacetScreen, PictureScreen, RecordList
from ishiba_cli.load import load_timeline
from ishiba_cli.render import views

OTHER = ROOT / "tests" / "data" / "other-subject.yaml"
SERIES = ROOT / "tests" / "data" / "series.yaml"
VALUES = ["61", "58.5", "55", "49", "44", "47", "42.5", "38", "41", "45", "46", "50"]


def browse(path, test, size=(80, 24)):
    return browsing.browse(load_timeline(path), test, size)


def header_of(app) -> list[str]:
    listing = app.query_one(RecordList)
    return [listing.columns[i].header for i, _ in listing.shown]


# ----------------------------------------------------------------------------- pure: the columns kept


def test_a_narrow_race_list_keeps_the_winner_and_the_result():
    timeline = load_timeline(OTHER)
    columns = views.columns_for("races", timeline)
    kept = [columns[i].header for i, _ in rows.layout(columns, list(timeline.races), 38)]
    assert "winner" in kept and "result" in kept


def test_a_narrow_quote_list_keeps_the_speaker_and_gives_the_words_the_rest():
    timeline = load_timeline(OTHER)
    columns = views.columns_for("quotes", timeline)
    layout = rows.layout(columns, list(timeline.quotes), 38)
    kept = {columns[i].header: w for i, w in layout}
    assert "speaker" in kept and kept["quote"] >= rows.MIN_TEXT
    assert sum(kept.values()) + rows.GAP * (len(kept) - 1) == 38  # the words take what is left


def test_spare_room_widens_the_short_columns_cut_short():
    timeline = load_timeline(SERIES)
    columns = views.columns_for("series", timeline)
    wide = dict((columns[i].header, w) for i, w in rows.layout(columns, list(timeline.series), 200))
    assert wide["publisher"] >= len("The Example Ledger") and wide["span"] >= len("2010-02-14 to 2011-01-16")


# ----------------------------------------------------------------------------- the app


def test_at_80x24_races_show_the_winner_and_result_and_quotes_the_speaker_then_q_closes_the_facets_and_t_draws():
    """One browser on another subject: the races' and quotes' columns at 80x24 and at 200x40; then q
    closes the facets, and t draws just the records the facets choose (at 200x40)."""

    async def test(app, pilot):
        await pilot.press("2")  # races
        text = screen_text(app)
        assert {"winner", "result"} <= set(header_of(app))
        assert "Jonas Brandt" in text and "lost, 2nd/2" in text
        await pilot.press("3")  # quotes
        text = screen_text(app)
        assert "speaker" in header_of(app) and "Maren Holt" in text and "“A second attempt" in text
        await pilot.resize_terminal(200, 40)
        assert {"date", "id", "speaker", "quote"} <= set(header_of(app)), "a wide screen has room for them all"
        assert "“A second attempt is a promise kept.”" in screen_text(app)

        await pilot.press("1")  # events, at 200x40 still
        await pilot.press("f")
        assert isinstance(app.screen, FacetScreen)
        await pilot.press("q")
        assert app.is_running and not isinstance(app.screen, FacetScreen), "q closes the facets as the other pop-ups"
        await pilot.press("f")
        await pilot.press("down", "enter")  # a year
        assert app.facets.years, "a year was chosen"
        await pilot.press("q")
        listed = [r.id for r in app.rows]
        assert 0 < len(listed) < len(app.timeline.events)
        await pilot.press("t")
        assert isinstance(app.screen, PictureScreen)
        text = " ".join(screen_text(app).split())
        noun = "event" if len(listed) == 1 else "events"
        assert f"{len(listed)} {noun}, 0 races" in text, "the races the facets do not choose are not drawn"

    browse(OTHER, test)


def test_the_series_tab_lists_them_draws_the_one_selected_and_c_sends_its_points_sources():
    async def test(app, pilot):
        await pilot.press("8")
        assert app.section == "series" and [r.id for r in app.rows] == ["ledger-approval", "union-seats"]
        for size in [(80, 24), (160, 40)]:
            await pilot.resize_terminal(*size)
            narrow = detail_text(app, 40)
            assert all(v in narrow.split() for v in VALUES), size
            assert "ledger-poll-2010" in narrow and "The Example Ledger" in detail_text(app, 60)
            text = screen_text(app)
            assert "Series" in text and "2 of 2 series" in text, size
        await pilot.press("c")
        assert "Ledger poll tracker, 2010" in app.clipboard and "How the Ledger poll is drawn" in app.clipboard

    browse(SERIES, test)
