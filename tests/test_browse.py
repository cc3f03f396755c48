"""``ishiba browse`` through Textual's own harness (``App.run_test`` and the pilot): keys pressed,
then what the screen shows and what the widgets hold. Each test runs its app in a fresh event
loop (``asyncio.run``), so no asyncio plugin is needed."""

from __future__ import annotations

import re

from rich.style import Style

from browsing import browse, detail_text, screen_showing, screen_text, search_for
from conftest import MINIMAL, ROOT, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.browse import data, rows
from ishiba_cli.browse.widgets import KEYS, FacetScreen, HelpScreen, PictureScreen, RecordList
from ishiba_cli.load import load_timeline
from ishiba_cli.model import Timeline
from ishiba_cli.render import CITATIONS
from ishiba_cli.render.terminal import HIGHLIGHT
from ishiba_cli.search import Matcher, expand, parse_query
from test_speakers import OTHERS as SPEAKERS


def listed(app) -> list[str]:
    return [r.id for r in app.query_one(RecordList).records]


def cli_events(timeline, words: str, **facets) -> list[str]:
    """The ids ``ishiba events --grep WORDS`` (and the facet options) lists."""
    q = parse_query([words]) if words else None
    matcher = Matcher(expand(q, timeline.glossary)) if q else None
    return [e.id for e in query.apply(timeline, "events", query.Filter(matcher=matcher, **facets))]


def test_search_filters_as_you_type_and_the_event_facets_show_counts_and_narrow_like_the_options(timeline):
    """One browser: the search box filters as you type with the command line's rules, and t draws
    what it lists; then the event facets show counts, combine with the search and narrow the
    events as ``ishiba events``' options do."""
    seen = []

    async def test(app, pilot):
        await pilot.press("slash")
        assert app.focused.id == "search", "/ moves to the search box"
        for ch in "okin":
            await pilot.press(ch)  # the press waits until the app has handled the key
            seen.append(listed(app))
        await pilot.press("escape")
        assert isinstance(app.focused, RecordList), "Escape leaves the search box"
        text = screen_text(app)
        assert f"{len(seen[-1])} of {len(timeline.events)} events" in text, "the status line counts what is listed"
        strip = app.query_one(RecordList).render_line(1)  # line 0 is the header
        highlight = Style.parse(HIGHLIGHT)
        assert any(seg.style and seg.style.bold and seg.style.color == highlight.color for seg in strip), "highlighted"
        # the picture (t) draws the events the search lists
        await pilot.press("t")
        assert isinstance(app.screen, PictureScreen), "t opens the picture"
        text = screen_text(app)
        n = len(cli_events(timeline, "okin"))
        assert f"{n} events" in text and "Events by kind" in text, "the picture draws the events listed"
        await pilot.press("escape")
        assert not isinstance(app.screen, PictureScreen), "Escape closes the picture"
        app.query_one("#search").value = ""
        await pilot.press("slash", "q", "t", "c")
        assert app.is_running and not isinstance(app.screen, PictureScreen), "keys in the box are text"
        assert app.query_one("#search").value == "qtc", "the keys typed are in the box"

        # the event facets
        await search_for(app, pilot, "alliance")
        await pilot.press("escape", "f")
        assert isinstance(app.screen, FacetScreen), "f opens the event facets"
        text = screen_text(app)
        in_2024 = cli_events(timeline, "alliance", years=(2024,))
        assert re.search(rf"\[ \] +{len(in_2024)}  2024\b", text), "the year 2024 shows how many listed events it holds"
        facet_list = app.screen.query_one("#facet-list")
        facet_list.highlighted = app.screen.values.index(("year", 2024))
        await pilot.press("enter")
        assert "[x]" in screen_text(app), "Enter ticks the year"
        await pilot.press("escape")
        assert listed(app) == in_2024 and in_2024, "the year narrows the search's events as --year does"
        assert "year 2024" in screen_text(app), "the status line names the facet chosen"
        await pilot.press("x")
        assert len(listed(app)) == len(timeline.events), "x clears the facets"
        assert app.query_one("#search").value == "", "x clears the search"
        app.toggle_facet("tag", "sofa")  # a tag and a person narrow the events as the options do
        app.toggle_facet("person", "ishiba-shigeru")
        await pilot.pause()
        expected = cli_events(timeline, "", tags=("sofa",), person="ishiba-shigeru")
        assert listed(app) == expected, "a tag and a person narrow the events as --tag and --person do"

    browse(timeline, test)
    assert seen == [cli_events(timeline, w) for w in ("o", "ok", "oki", "okin")], "each key filters as events --grep"
    assert seen[-1] == cli_events(timeline, "okinawa") and len(seen[-1]) < len(seen[0]), "the list narrows as you type"


def test_the_mouse_and_keys_follow_links_a_dispute_shows_whole_c_cites_o_opens_the_search_box_uses_the_glossary_and_links_name_speakers(
    timeline, monkeypatch
):
    """One browser: the mouse picks a row, a tab and a link; Enter follows a link and Backspace comes
    back; a disputed record carries the flag and the whole dispute. Then c sends a citation in the
    style chosen and says where, o opens a source's address; then, on the quotes, the glossary and
    phrases in the search box, as on the command line, and ``quotes tariffs`` lists a quote whose
    word is only in its context: the pane says so. Last, a proposal's links name the speaker of
    each of its quotes (issue 18; the other forms are checked in test_speakers.py)."""
    race = timeline.by_id["ldp-race-2020"]
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    matcher = Matcher(expand(parse_query(["tariffs"]), timeline.glossary))
    hidden = [q for q in query.apply(timeline, "quotes", query.Filter(matcher=matcher))
              if not matcher.spans(q.text)]  # fmt: skip
    assert hidden, "the bundled timeline has a quote matched by tariffs only outside its words"

    async def test(app, pilot):
        # the mouse picks a row, a tab and a link
        await pilot.click(RecordList, offset=(5, 3))  # line 0 is the header: line 3 is the third row
        await pilot.pause()
        assert app.current.id == listed(app)[2]
        await pilot.click("#quotes")
        await pilot.pause()
        assert app.section == "quotes"
        quote = app.current
        links = app.query_one("#links")
        first_link = next(i for i, t in enumerate(links.targets) if t is not None)
        target = links.targets[first_link]
        await pilot.click("#links", offset=(3, first_link + 1))  # under the border's line
        await pilot.pause()
        assert app.history == [("quotes", quote.id)] and app.current is target

        # the keys follow a link and come back
        await pilot.press("3")  # quotes
        listing = app.query_one(RecordList)
        listing.move_to(listed(app).index("sofa-arbitrary-use"))
        await pilot.pause()
        keys = list(app.query("FooterKey"))
        await pilot.press("enter")  # to the links
        assert app.focused.id == "links"
        assert links.target().id == "sofa-remark-2004"
        await pilot.press("enter")
        assert app.section == "events" and app.current.id == "sofa-remark-2004"
        assert listed(app)[app.query_one(RecordList).cursor] == "sofa-remark-2004"
        text = screen_text(app)
        assert "event sofa-remark-2004" in text
        assert "q Quit" in text and list(app.query("FooterKey")) == keys, "the same keys: the footer is not rebuilt"
        await pilot.press("backspace")
        assert app.section == "quotes" and app.current.id == "sofa-arbitrary-use"
        assert "quote sofa-arbitrary-use" in screen_text(app)
        assert app.history == [("quotes", quote.id)], "Backspace took back just the link Enter followed"

        # a disputed record carries the flag and the whole dispute
        await pilot.press("2")
        app.query_one(RecordList).move_to(listed(app).index("ldp-race-2020"))
        await pilot.pause()
        detail = detail_text(app)
        assert "race ldp-race-2020  ⚑" in detail
        for dispute in race.disputes:
            assert " ".join(dispute.claim.split()) in " ".join(detail.split()), "the claim is shown"
            assert " ".join(dispute.finding.split()) in " ".join(detail.split()), "the finding is shown"

        # c cites the race shown, o opens a source's address
        record = app.current
        assert app.cite_style == "bibtex", "the style browse was started with (--style bibtex)"
        for style in ("bibtex", "apa"):  # as --style bibtex started it, then in APA
            app.cite_style = style
            await pilot.press("c")
            expected = run_cli("cite", record.id, "--style", style).stdout  # as `ishiba cite` gives it
            assert app.clipboard == expected, style
            told = app.told[-1]
            assert told.startswith(f"Sent the {CITATIONS[style].help} citation") and record.id in told, told
            assert "some terminals ignore it" in told, "the message says the terminal may ignore it"
            assert "terminal's clipboard" in " ".join(screen_text(app).split()), "the message is on screen"
        # OSC 52 has no answer: nobody knows it was copied
        assert not any("Copied" in m for m in app.told), "no message claims the text was copied"
        await pilot.press("o")  # on a race: o has no address to open
        assert any("Select a source" in m for m in app.told), "o on a race says to select a source"
        assert opened == [], "o on a race opens nothing"
        await pilot.press("6")  # sources
        await pilot.press("o")
        assert opened == [app.current.url], "o on a source opens its address"

        await pilot.press("3")
        await search_for(app, pilot, "地位協定")
        found = listed(app)
        expected = [
            q.id for q in data.Browser(timeline).records("quotes", data.read_search("地位協定", timeline.glossary))
        ]
        assert found == expected and found, "the glossary widens 地位協定 to SOFA, as on the command line"
        app.query_one("#search").value = '"equal terms"'
        await pilot.pause()
        phrase = Matcher(parse_query(['"equal terms"']))
        expected = [q.id for q in query.apply(timeline, "quotes", query.Filter(matcher=phrase))]
        assert listed(app) == expected, "a phrase in the box lists what it lists on the command line"
        assert "equal-terms" in listed(app) and len(listed(app)) < len(timeline.quotes), "the phrase narrows"
        app.query_one("#search").value = "tariffs"
        await pilot.pause()
        records = app.query_one(RecordList).records
        app.show_record(next(r for r in records if r.id == hidden[0].id))
        first = detail_text(app, 100).splitlines()[0]
        assert first.startswith("matched in "), first
        assert "tariff" in first.lower(), f"the line names the word matched: {first}"
        app.query_one("#search").value = ""
        await pilot.pause()
        app.show_record(hidden[0])
        assert not detail_text(app, 100).startswith("matched in"), "no search, no matched line"

        # a quote never loses its speaker (issue 18): the links of a proposal name each one's
        app.go_to(timeline.by_id["asian-nato"])
        await pilot.pause()
        links = app.query_one("#links")
        lines = [str(links.get_option_at_index(i).prompt) for i in range(links.option_count)]
        for qid, name in SPEAKERS.items():
            assert any(qid in line and f"{name}: “" in line for line in lines), f"the link to {qid} names {name}"

    browse(timeline, test, style="bibtex")


def test_facet_counts_are_what_choosing_them_lists(timeline):
    browser = data.Browser(timeline)
    search = data.read_search("okinawa", timeline.glossary)
    counts = browser.facet_counts(search, data.Facets())
    for facet in data.FACETS:
        for value, n in counts[facet][:5]:
            chosen = data.Facets().toggled(facet, value)
            assert len(browser.records("events", search, chosen)) == n, (facet, value)


def test_it_opens_on_the_events_fits_80x24_uses_more_room_shows_every_key_and_q_quits(timeline):
    async def fits(app, pilot, width, height):
        text = (await screen_showing(app, pilot, "q Quit")).splitlines()  # the footer's keys come after the first frame
        assert len(text) == height and all(len(line) <= width for line in text), f"the screen fits {width}x{height}"
        joined = "\n".join(text)
        assert "Disputes" in joined and "q Quit" in joined, "every tab and the quit key are on screen"
        return joined

    async def test(app, pilot):
        first = query.by_date(timeline.events)[0]
        assert listed(app) == [e.id for e in query.by_date(timeline.events)], "it opens on every event, by date"
        assert isinstance(app.focused, RecordList), "the list has the focus"
        text = await fits(app, pilot, 80, 24)
        for tab in ("Events", "Races", "Quotes", "Proposals", "People", "Sources", "Disputes"):
            assert tab in text, f"the {tab} tab is on screen"
        n = len(timeline.events)
        assert f"{n} of {n} events" in text, "the status line counts the events"
        assert f"event {first.id}" in text, "the detail shows the first event"
        assert "…" in text, "at 80 columns long titles are cut with a visible ellipsis"
        assert not re.search(r"date +id +title", text), "no room for the id column"
        await pilot.resize_terminal(120, 40)
        text = await fits(app, pilot, 120, 40)
        assert re.search(r"date +id +title", text), "wide enough for the id column"
        assert first.title in text, "at 120 columns the first title is whole"
        # ? shows every key, Escape closes the help, q quits
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen), "? opens the keys"
        text = " ".join(screen_text(app).split())
        for key, _ in KEYS:
            assert key in text, f"the help lacks {key}"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen) and app.is_running, "Escape closes the keys"
        await pilot.press("q")
        assert not app.is_running, "q quits"

    browse(timeline, test, size=(80, 24))


def test_data_text_is_never_markup_or_escape_codes_and_no_color_keeps_the_cursor(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    loaded = load_timeline(write_yaml(tmp_path, MINIMAL))
    hostile = "[bold red]Day[/] event \x1b]0;x\x07"
    events = tuple(e._replace(title=hostile) if e.id == "day-event" else e for e in loaded.events)
    timeline = Timeline(1, loaded.subject, loaded.sources, loaded.people, events)

    async def test(app, pilot):
        assert app.no_color
        strip = app.query_one(RecordList).render_line(1)  # line 0 is the header; the cursor is on line 1
        assert any(seg.style and seg.style.reverse for seg in strip), "the cursor row is marked without colour"
        app.query_one(RecordList).move_to(listed(app).index("day-event"))
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Day[/] event" in text and "\\x1b" in text and "\x1b" not in text

    browse(timeline, test, size=(120, 30))


def test_the_list_draws_only_the_lines_on_screen(monkeypatch):
    from ishiba_cli.dates import PartialDate
    from ishiba_cli.model import Event, Source, Subject, Timeline

    events = tuple(
        Event(f"e{i}", PartialDate(1900 + i % 120, 1 + i % 12, 1 + i % 28), f"Event number {i}", "party", "x", ("s",))
        for i in range(10_000)
    )
    big = Timeline(1, Subject("A", "A"), sources=(Source("s", "S", "P", "news"),), events=events)

    laid_out = []
    line = rows.line
    monkeypatch.setattr(rows, "line", lambda record, *args: laid_out.append(record.id) or line(record, *args))

    async def test(app, pilot):
        listing = app.query_one(RecordList)
        assert len(listing.records) == 10_000
        assert 0 < len(set(laid_out)) <= listing.size.height, "only the lines on screen were laid out"
        await pilot.press("down", "down", "up")  # each move redraws just the rows the cursor leaves and reaches
        moved = app.export_screenshot()
        listing.refresh()
        await pilot.pause()
        assert app.export_screenshot() == moved, "after moves the list shows what a whole redraw shows"
        await pilot.press("end")
        assert listed(app)[listing.cursor] == listing.records[-1].id
        assert listing.records[-1].title in screen_text(app)

    browse(big, test)


def test_the_readme_lists_every_key():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key, what in KEYS:
        assert f"| {key} | {what} |" in readme, f"README's table of browse keys lacks {key}"
    assert (ROOT / "docs" / "browse.svg").exists() and "(docs/browse.svg)" in readme


def test_the_lists_are_the_commands_lists_on_a_cached_timeline_too(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from conftest import EXAMPLE

    load_timeline(EXAMPLE, cache=True)  # writes the cache
    cached = load_timeline(EXAMPLE, cache=True)
    assert type(cached).__name__ == "CachedTimeline"
    browser = data.Browser(cached)
    for section in ("events", "races", "quotes"):
        expected = [r.id for r in query.apply(cached, section, query.Filter())]
        assert [r.id for r in browser.records(section)] == expected
    search = data.read_search("alliance", cached.glossary)
    expected = [r.id for r in query.apply(cached, "events", query.Filter(matcher=search.matcher))]
    assert [r.id for r in browser.records("events", search)] == expected
