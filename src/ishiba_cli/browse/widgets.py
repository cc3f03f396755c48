"""The browser's widgets: a lazy record list, the links of a detail, and the pop-up screens.

Data text reaches Textual only as ``rich.text.Text`` (never as markup) and only after
``render.text`` has made control characters visible.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from . import rows

#: every key of the browser, for ``?`` and the README (one list, so they cannot drift)
KEYS = [
    ("/", "search: the list filters as you type (the commands' search rules)"),
    ("Escape", "leave the search box; close a pop-up (q closes one too)"),
    ("↑ ↓ PgUp PgDn Home End", "move in the list, the links or a pop-up"),
    ("Enter", "in the list: go to the record's links; on a link: open that record"),
    ("Backspace", "go back along the links followed"),
    ("Tab, Shift+Tab", "move between the search box, the list, the detail and the links"),
    ("1-8, [ and ]", "switch tab (events, races, quotes, proposals, people, sources, disputes, series)"),
    ("f", "event facets (year, kind, tag, person) with counts; Enter picks, x clears"),
    ("x", "clear the search and the facets"),
    ("t", "the timeline picture of the events listed (after a search or facets: just those)"),
    ("c", "send a citation of the record's sources to the terminal's clipboard (--style; APA by default)"),
    ("o", "open the selected source's URL in the browser"),
    ("?", "this list of keys"),
    ("q", "quit"),
]


class RecordList(ScrollView, can_focus=True):
    """A list of records that draws only the lines on screen, so 100,000 rows cost no more
    than 20: each line is laid out when it is drawn (Textual's line API). The first line is
    the columns' header and stays put; the rows scroll under it."""

    COMPONENT_CLASSES = {"record-list--cursor"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1_000_000_000)", "First", show=False),
        Binding("end", "move(1_000_000_000)", "Last", show=False),
        Binding("enter", "choose", "Links", show=False),
    ]

    class Moved(Message):
        """The cursor moved (by a key or the mouse) to ``index``."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class Chosen(Message):
        """Enter on the row at ``index``."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.records: list = []
        self.columns: list = []
        self.basis: list = []
        self.matcher = None
        self.cursor = 0
        self.shown: list[tuple[int, int]] = []
        self._lines: dict[int, Text] = {}
        self._width = 0

    # -- content

    def show(self, records: list, columns: list, basis: list, matcher, cursor: int = 0) -> None:
        """List ``records`` (columns sized on ``basis``, the unfiltered section) with the cursor
        on ``cursor``; posts nothing (the caller shows the detail itself)."""
        if columns is not self.columns or basis is not self.basis:
            self._width = 0
        self.records, self.columns, self.basis, self.matcher = records, columns, basis, matcher
        self.cursor = min(max(0, cursor), max(0, len(records) - 1))
        self._lines.clear()
        self._relayout()
        self.virtual_size = Size(self._content_width(), len(records) + 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._follow()
        self.refresh()

    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        width = self._content_width()
        if width != self._width and self.columns:
            self._width = width
            self.shown = rows.layout(self.columns, self.basis, width)
            self._lines.clear()

    def on_resize(self) -> None:
        self._relayout()
        self.virtual_size = Size(self._content_width(), len(self.records) + 1)
        self._follow()
        self.refresh()

    # -- drawing

    def render_line(self, y: int) -> Strip:
        self._relayout()
        width = self._content_width()
        if y == 0:
            head = rows.header(self.columns, self.shown) if self.columns else Text("")
            return (
                Strip(head.render(self.app.console), head.cell_len)
                .apply_style(self.rich_style)
                .adjust_cell_length(width, self.rich_style)
            )
        index = self.scroll_offset.y + y - 1
        if not (0 <= index < len(self.records)):
            return Strip.blank(width, self.rich_style)
        text = self._lines.get(index)
        if text is None:
            if len(self._lines) > 2000:
                self._lines.clear()
            text = self._lines[index] = rows.line(self.records[index], self.columns, self.shown, self.matcher)
        strip = Strip(text.render(self.app.console), text.cell_len)
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("record-list--cursor"))
        return strip.apply_style(self.rich_style).adjust_cell_length(width, self.rich_style)

    # -- moving

    def _follow(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # under the header
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, index: int, *, announce: bool = True) -> None:
        if not self.records:
            return
        index = min(max(0, index), len(self.records) - 1)
        if index != self.cursor:
            before, top = self.cursor, self.scroll_offset.y
            self.cursor = index
            self._follow()
            if self.scroll_offset.y == top:  # nothing scrolled: only the two rows change (row i is line i + 1)
                self.refresh_line(before + 1)
                self.refresh_line(index + 1)
            else:
                self.refresh()
        if announce:
            self.post_message(self.Moved(index))

    def action_move(self, by: int) -> None:
        self.move_to(self.cursor + by)

    def action_page(self, pages: int) -> None:
        self.move_to(self.cursor + pages * max(1, self.scrollable_content_region.height - 2))

    def action_choose(self) -> None:
        if self.records:
            self.post_message(self.Chosen(self.cursor))

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y > 0:
            self.move_to(self.scroll_offset.y + offset.y - 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change. Textual's own rebuilds all
    its keys (widgets, styles, layout), twice, at every change of focus, though moving between
    the list, the detail and the links leaves the keys as they were (the search box does change
    them: it takes the letter keys)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown_keys = None  # (screen, the keys drawn): what the footer shows now

    def bindings_changed(self, screen) -> None:
        shown = (
            screen,
            [(binding, on, tip) for _, binding, on, tip in screen.active_bindings.values() if binding.show],
        )
        if shown == self.shown_keys:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:  # as Textual's rebuilds
            self.shown_keys = shown
        super().bindings_changed(screen)


class LinkList(OptionList):
    """The records a detail links to, grouped under headings; Enter (or a click) opens one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.targets: list = []

    def set_links(self, groups: list[tuple[str, list[tuple[Text, object]]]]) -> None:
        """``groups``: (heading, [(line, record)]); headings cannot be chosen."""
        options, targets = [], []
        for heading, items in groups:
            options.append(Option(Text(heading, style="bold"), disabled=True))
            targets.append(None)
            for line, record in items:
                options.append(Option(line))
                targets.append(record)
        self.targets = targets
        self.clear_options()
        self.add_options(options)
        self.display = bool(options)

    def target(self):
        """The record of the highlighted link, if any."""
        index = self.highlighted
        return self.targets[index] if index is not None and 0 <= index < len(self.targets) else None


class HelpScreen(ModalScreen):
    """Every key, from :data:`KEYS`."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self):
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for key, what in KEYS:
            table.add_row(Text(key), Text(what))
        from ..render import MARKS

        table.add_row(Text(""), Text(""))
        table.add_row(Text("Marks", style="bold"), Text("beside a record in the lists and the detail"))
        for mark, meaning in MARKS:
            table.add_row(Text(mark), Text(meaning))
        with Vertical(id="help-box"):
            yield Static(Text("Keys (Escape closes)", style="bold"), id="help-title")
            with VerticalScroll():
                yield Static(table, id="help")


class PictureScreen(Screen):
    """The timeline picture (``ishiba timeline``) of the events listed, scrollable."""

    BINDINGS = [Binding("escape,t,q", "dismiss", "Close")]

    def __init__(self, draw) -> None:
        super().__init__()
        self.draw = draw  # width -> renderable

    def compose(self):
        yield Static(Text("Timeline of the events listed (Escape closes)", style="bold"), id="picture-title")
        with VerticalScroll(id="picture-scroll"):
            yield Static(id="picture")

    def on_mount(self) -> None:
        self.query_one("#picture", Static).update(self.draw(max(40, self.app.size.width - 2)))


class FacetScreen(ModalScreen):
    """The event facets with their counts; Enter switches a value on or off."""

    BINDINGS = [
        Binding("escape,f,q", "dismiss", "Close"),
        Binding("x", "clear", "Clear facets"),
    ]

    def __init__(self, options) -> None:
        super().__init__()
        self.options = options  # () -> [(Text, (facet, value) or None)]

    def compose(self):
        with Vertical(id="facet-box"):
            yield Static(Text("Event facets: Enter picks or drops, x clears, Escape or q closes", style="bold"))
            yield OptionList(markup=False, id="facet-list")

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#facet-list").focus()

    def fill(self, keep: int | None = None) -> None:
        listing = self.query_one("#facet-list", OptionList)
        entries = self.options()
        self.values = [value for _, value in entries]
        listing.clear_options()
        listing.add_options([Option(text, disabled=value is None) for text, value in entries])
        if keep is not None and entries:
            listing.highlighted = min(keep, len(entries) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.values[event.option_index]
        if value is not None:
            self.app.toggle_facet(*value)
            self.fill(keep=event.option_index)

    def action_clear(self) -> None:
        self.app.clear_facets()
        self.fill(keep=0)
