"""``ishiba browse``: the Textual app. A tab per section, the list on the left, the selected
record's detail and links on the right, a search box, facets for events, the timeline picture,
citations and sources' URLs. Lists, details, searches and citations come from the same code as
the commands (``browse.data``, ``render.views``, ``render.cite``, ``render.picture``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static, Tab, Tabs

from .. import query
from ..model import Series, Source
from ..render import render, views
from ..render.text import one_line
from . import data
from .widgets import FacetScreen, HelpScreen, KeyFooter, LinkList, PictureScreen, RecordList

#: above this many records in a tab, the search waits for a pause in typing before it runs
DEBOUNCE_OVER = 20_000
DEBOUNCE_SECONDS = 0.25
WIDE = 110  # from this many columns on, the list takes 3/5 of the width


class BrowseApp(App):
    """Browse a timeline: see ``widgets.KEYS`` (or press ``?``) for the keys."""

    CSS_PATH = "browse.tcss"
    TITLE = "ishiba browse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("escape", "leave_search", "Leave search", show=False),
        Binding("f", "facets", "Facets"),
        Binding("t", "picture", "Timeline"),
        Binding("c", "cite", "Cite"),
        Binding("o", "open_source", "Open URL"),
        Binding("backspace", "back", "Back", show=False),
        Binding("x", "clear", "Clear", show=False),
        Binding("question_mark", "help", "Keys"),
        Binding("q", "quit", "Quit"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False),
        *(Binding(str(n), f"tab_number({n})", f"Tab {n}", show=False) for n in range(1, len(data.SECTIONS) + 1)),
    ]

    def __init__(self, timeline, *, style: str = "apa") -> None:
        super().__init__()
        self.timeline = timeline
        self.browser = data.Browser(timeline)
        self.cite_style = style
        self.section = self.browser.sections[0] if self.browser.sections else "events"
        self.search = data.Search("", None)
        self.facets = data.Facets()
        self.rows: list = []
        self.current = None  # the record in the detail
        self.detail_renderable = None  # what the detail pane draws for it
        self.history: list[tuple[str, str]] = []  # (section, record id) of each record left by a link
        self._columns: dict[str, list] = {}
        self._pending = None
        self._outside = False  # the detail shows a record the list leaves out (a link led there)

    # ------------------------------------------------------------------ layout

    def compose(self):
        subject = self.timeline.subject
        title = Text(one_line(subject.heading()), style="bold")
        title.append("  ishiba browse", style="dim")
        yield Static(title, id="title")
        yield Tabs(*(Tab(data.TITLES[s], id=s) for s in self.browser.sections), id="tabs")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder='/ search: words, "a phrase"', id="search", compact=True)
                yield Static(id="status")
                yield RecordList(id="list")
            with Vertical(id="right"):
                with VerticalScroll(id="detail-scroll"):
                    yield Static(id="detail")
                yield LinkList(id="links", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.on_resize()
        self.refresh_list()
        self.query_one(RecordList).focus()

    def on_resize(self, event=None) -> None:
        """Wide screens give the list more room than the detail (the id column fits). The event's
        size, not ``self.size``: this handler runs before Textual's own records the new size."""
        width = (event.size if event is not None else self.size).width
        self.screen.set_class(width >= WIDE, "wide")

    # ------------------------------------------------------------------ the list

    def columns(self, section: str) -> list:
        if section not in self._columns:
            counts = dict(query.citation_counts(self.timeline)) if section == "sources" else None
            self._columns[section] = views.columns_for(section, self.timeline, counts)
        return self._columns[section]

    def refresh_list(self, select: str | None = None) -> None:
        """List the tab's records for the search and facets; the cursor on ``select`` (a record
        id) when it is listed, else on the record shown before when it still is, else the first."""
        self.rows = self.browser.records(self.section, self.search, self.facets)
        keep = select or (self.current.id if self.current is not None else None)
        index = next((i for i, r in enumerate(self.rows) if r.id == keep), None) if keep else None
        listing = self.query_one(RecordList)
        basis = self.browser.records(self.section)
        listing.show(self.rows, self.columns(self.section), basis, self.search.matcher, index or 0)
        self._outside = select is not None and index is None
        if select is None:
            self.show_record(data.record_of(self.timeline, self.rows[listing.cursor]) if self.rows else None)
        self.show_status()

    def show_status(self) -> None:
        section = self.section
        total = self.browser.total(section)
        noun = data.noun(section, total)
        text = Text(f"{len(self.rows):,} of {total:,} {noun}")
        parts = []
        if self.search.error:
            text.append(f" · {self.search.error}", style="red")
        elif self.search.matcher:
            parts.append(self.search.describe())
        if section == "events":
            parts += self.facets.describe(self.timeline)
        for part in parts:
            text.append(" · " + one_line(part))
        if self._outside and self.current is not None:
            text.append(f" · showing {self.current.id}, which this list leaves out", style="dim")
        self.query_one("#status", Static).update(text)

    def on_record_list_moved(self, message: RecordList.Moved) -> None:
        if self.rows:
            self._outside = False
            self.show_record(data.record_of(self.timeline, self.rows[message.index]))
            self.show_status()

    def on_record_list_chosen(self, message: RecordList.Chosen) -> None:
        links = self.query_one(LinkList)
        if links.option_count:
            links.focus()
            if links.highlighted is None or links.targets[links.highlighted] is None:
                links.highlighted = next((i for i, t in enumerate(links.targets) if t is not None), None)

    def on_tabs_tab_activated(self, message: Tabs.TabActivated) -> None:
        section = message.tab.id
        if section and section != self.section:
            self.section = section
            self.current = None
            self.refresh_list()

    # ------------------------------------------------------------------ the detail

    def matched_in(self, record) -> Text | None:
        """Where the search matched ``record``, as ``ishiba search`` says it: a "matched in FIELD:
        ...words..." line for each search word, in the first field that holds it (None with no
        search)."""
        matcher = self.search.matcher
        if matcher is None or matcher.query.empty:
            return None
        lines = views.matched_lines(self.timeline, record, matcher, [])
        if not lines:
            return None
        out = Text(style="dim")
        for n, (line, spans) in enumerate(lines):
            piece = Text(line)
            for start, end in spans:
                piece.stylize("reverse", start, end)
            out.append_text(Text("\n") if n else Text(""))
            out.append_text(piece)
        return out

    def show_record(self, record) -> None:
        self.current = record
        body = self.query_one("#detail", Static)
        links = self.query_one(LinkList)
        if record is None:
            why = [p for p in (self.search.describe(), *self.facets.describe(self.timeline)) if p]
            noun = data.TITLES[self.section].lower()
            self.detail_renderable = Text(f"No {noun} listed" + (": " + "; ".join(why) if why else ""), style="dim")
            body.update(self.detail_renderable)
            links.set_links([])
            return
        view = views.detail(record, self.timeline, self.search.matcher)
        if isinstance(record, Series):  # drawn as ishiba series ID draws it, to the pane's width
            self.detail_renderable = render(views.Chart(record, self.timeline), "table")
        else:
            self.detail_renderable = render(view._replace(related={}), "table")
        why = self.matched_in(record)
        if why is not None:
            from rich.console import Group

            self.detail_renderable = Group(why, Text(""), self.detail_renderable)
        body.update(self.detail_renderable)
        self.query_one("#detail-scroll").scroll_home(animate=False)
        groups = []
        for section, records in view.related.items():
            items = []
            for item in records:
                line = Text(one_line(views.related_line(item, self.timeline)))
                line.stylize("cyan", *_id_span(line.plain, item.id))
                items.append((line, item))
            groups.append((f"{data.TITLES[section]} ({len(records)})", items))
        links.set_links(groups)

    def on_option_list_option_selected(self, message: LinkList.OptionSelected) -> None:
        if isinstance(message.option_list, LinkList):
            target = message.option_list.targets[message.option_index]
            if target is not None:
                self.follow(target)

    def follow(self, record) -> None:
        """Open ``record`` from a link; Backspace comes back here."""
        if self.current is not None:
            self.history.append((self.section, self.current.id))
        self.go_to(record)

    def go_to(self, record, section: str | None = None) -> None:
        section = section or data.section_of(record)
        if section != self.section:
            self.section = section
            self.query_one(Tabs).active = section
        self.refresh_list(select=record.id)
        self.show_record(record)
        self.show_status()
        self.query_one(RecordList).focus()

    def action_back(self) -> None:
        if not self.history:
            self.notify("Nothing to go back to: no link has been followed", markup=False)
            return
        section, rid = self.history.pop()
        record = self.timeline.by_id.get(rid)
        if record is not None:
            self.go_to(record, section)

    # ------------------------------------------------------------------ search and facets

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(RecordList).focus()

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id != "search":
            return
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if self.browser.total(self.section) > DEBOUNCE_OVER:
            self._pending = self.set_timer(DEBOUNCE_SECONDS, lambda: self.apply_search(message.value))
        else:
            self.apply_search(message.value)

    def apply_search(self, text: str) -> None:
        self._pending = None
        self.search = data.read_search(text, self.timeline.glossary)
        self.current = None
        self.refresh_list()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.query_one(RecordList).focus()

    def action_clear(self) -> None:
        self.facets = data.Facets()
        box = self.query_one("#search", Input)
        if box.value:
            box.value = ""  # its Changed message lists again
        else:
            self.current = None
            self.refresh_list()

    def action_facets(self) -> None:
        if "events" not in self.browser.sections:
            self.notify("This timeline has no events to facet", markup=False)
            return
        if self.section != "events":
            self.section = "events"
            self.query_one(Tabs).active = "events"
            self.refresh_list()
        self.push_screen(FacetScreen(self.facet_options))

    def facet_options(self) -> list[tuple[Text, tuple | None]]:
        counts = self.browser.facet_counts(self.search, self.facets)
        out: list[tuple[Text, tuple | None]] = []
        for facet in data.FACETS:
            values = counts[facet]
            out.append((Text(f"{facet} ({data.FACET_RULES[facet]}; {len(values)} values)", style="bold"), None))
            wide = max((len(str(n)) for _, n in values), default=1)
            for value, n in values:
                mark = "[x]" if self.facets.has(facet, value) else "[ ]"
                label = views.name_of(self.timeline, value) if facet == "person" else str(value)
                out.append((Text(f"{mark} {str(n).rjust(wide)}  {one_line(label)}"), (facet, value)))
        return out

    def toggle_facet(self, facet: str, value) -> None:
        self.facets = self.facets.toggled(facet, value)
        self.current = None
        self.refresh_list()

    def clear_facets(self) -> None:
        self.facets = data.Facets()
        self.current = None
        self.refresh_list()

    # ------------------------------------------------------------------ tabs

    def action_tab(self, step: int) -> None:
        sections = self.browser.sections
        at = sections.index(self.section) if self.section in sections else 0
        self.query_one(Tabs).active = sections[(at + step) % len(sections)]

    def action_tab_number(self, n: int) -> None:
        if n <= len(data.SECTIONS) and data.SECTIONS[n - 1] in self.browser.sections:
            self.query_one(Tabs).active = data.SECTIONS[n - 1]

    # ------------------------------------------------------------------ picture, citation, URL, help

    def action_picture(self) -> None:
        from ..dates import DateRange
        from ..render import picture

        events = self.browser.records("events", self.search, self.facets)
        # a search draws the races it finds; facets choose events, so they draw no race
        races = None if self.search.matcher is None and self.facets.empty else (
            self.browser.records("races", self.search) if self.facets.empty else [])  # fmt: skip

        def draw(width: int):
            return picture.to_terminal(picture.layout(self.timeline, events, DateRange(), width, races=races))

        self.push_screen(PictureScreen(draw))

    def action_cite(self) -> None:
        from ..render import CITATIONS, citations

        record = self.current
        if record is None:
            self.notify("No record is selected to cite", severity="warning", markup=False)
            return
        cited = self.browser.cited(record)
        count = sum(len(sources) for _, sources in cited.groups)
        if not count:
            self.notify(f"{record.id} cites no source", severity="warning", markup=False)
            return
        self.copy_to_clipboard(citations(cited, self.cite_style))
        many = f"{count} sources" if count != 1 else "1 source"
        self.notify(  # OSC 52 has no answer: whether the terminal took it cannot be known
            f"Sent the {CITATIONS[self.cite_style].help} citation of {many} of {record.id} to the terminal's "
            "clipboard (OSC 52; some terminals ignore it)",
            title="Citation sent",
            markup=False,
        )

    def selected_source(self):
        """The source a link points at (when the links have the focus), or the record shown."""
        links = self.query_one(LinkList)
        if self.focused is links and isinstance(links.target(), Source):
            return links.target()
        return self.current if isinstance(self.current, Source) else None

    def action_open_source(self) -> None:
        source = self.selected_source()
        if source is None:
            self.notify(
                "Select a source to open: in the Sources tab, or a source among a record's links",
                severity="warning",
                markup=False,
            )
            return
        url = source.url or ""
        if not url.lower().startswith(("https://", "http://")):
            why = "has no URL" if not url else "has a URL that is not http(s), which is not opened"
            self.notify(f"{source.id} {why}", severity="warning", markup=False)
            return
        opener = getattr(self, "open_url", None)
        if opener is not None:
            opener(url)
        else:  # pragma: no cover - Textual before App.open_url
            import webbrowser

            webbrowser.open(url)
        self.notify(f"Opening {one_line(url)}", markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())


def _id_span(line: str, rid: str) -> tuple[int, int]:
    at = line.find(rid)
    return (at, at + len(rid)) if at >= 0 else (0, 0)
