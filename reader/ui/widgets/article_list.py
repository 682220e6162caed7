"""The library list: a line-API virtual list that renders only the rows on screen.

`ListView` needs a widget per row (44 s for 10,000 rows); this list keeps plain
`Entry` objects and draws each visible line in `render_line`, so showing,
filtering or replacing 10,000 entries costs next to nothing.

Each article takes three lines: an unread dot, the title and a favorite star;
then site, reading time, saved date, tags and reading progress; then air.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.models import Entry
from reader.ui.text import fit, progress_bar, reading_time, safe_line, short_date, site_of

ROW_HEIGHT = 3
"""Lines per article: title, details, and a blank line for air."""


class ArticleList(ScrollView, can_focus=True):
    """A keyboard- and mouse-driven list of saved articles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--title-read",
        "article-list--meta",
        "article-list--marker",
        "article-list--favorite",
        "article-list--progress",
        "article-list--cursor",
        "article-list--cursor-blurred",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("ctrl+d", "page(0.5)", "Half page down", show=False),
        Binding("ctrl+u", "page(-0.5)", "Half page up", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another article (or the list became empty)."""

        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry
            """The article under the cursor, if any."""

    class Opened(Message):
        """The reader asked to open an article (enter or double click)."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry
            """The article to open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        """The articles listed, in order."""
        self.cursor = 0
        """Index of the selected article."""
        self._cache: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)

    # -- data ----------------------------------------------------------------------------------

    @property
    def selected(self) -> Entry | None:
        """The article under the cursor."""
        if 0 <= self.cursor < len(self.entries):
            return self.entries[self.cursor]
        return None

    def set_entries(
        self, entries: Sequence[Entry], keep: str | None = None, *, top: bool = False
    ) -> None:
        """Show *entries*; the cursor stays on the article with id *keep* (or the same row,
        or the first row when *top*)."""
        self.entries = list(entries)
        self._cache.clear()
        index = 0 if top else self.cursor
        if keep is not None:
            for number, entry in enumerate(self.entries):
                if entry.id == keep:
                    index = number
                    break
        self.virtual_size = Size(0, len(self.entries) * ROW_HEIGHT)
        self.cursor = max(0, min(index, len(self.entries) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.selected))

    def replace_entry(self, entry: Entry) -> None:
        """Redraw the row of *entry* with its new state."""
        for number, current in enumerate(self.entries):
            if current.id == entry.id:
                self.entries[number] = entry
                self._cache.clear()
                self.refresh()
                if number == self.cursor:
                    self.post_message(self.Highlighted(entry))
                return

    def remove_entry(self, entry_id: str) -> None:
        """Take the article with *entry_id* out of the list."""
        self.set_entries([e for e in self.entries if e.id != entry_id])

    def move_to(self, index: int) -> None:
        """Put the cursor on row *index* (clamped) and keep it visible."""
        if not self.entries:
            return
        index = max(0, min(index, len(self.entries) - 1))
        if index == self.cursor:
            return
        self.cursor = index
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.selected))

    def _scroll_to_cursor(self) -> None:
        region = Region(0, self.cursor * ROW_HEIGHT, max(1, self.size.width), ROW_HEIGHT - 1)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    # -- actions -------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        """Move the cursor by *delta* rows."""
        self.move_to(self.cursor + delta)

    def action_first(self) -> None:
        """Select the first article."""
        self.move_to(0)

    def action_last(self) -> None:
        """Select the last article."""
        self.move_to(len(self.entries) - 1)

    def action_page(self, pages: float) -> None:
        """Move the cursor by *pages* screens."""
        rows = max(1, int(self.scrollable_content_region.height * abs(pages)) // ROW_HEIGHT)
        self.move_to(self.cursor + (rows if pages > 0 else -rows))

    def action_open(self) -> None:
        """Open the selected article."""
        if self.selected is not None:
            self.post_message(self.Opened(self.selected))

    def on_click(self, event: events.Click) -> None:
        """Select the clicked article; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + round(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < len(self.entries):
            self.move_to(index)
            if event.chain >= 2:
                self.action_open()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + round(self.scroll_offset.y)
        index, part = divmod(line, ROW_HEIGHT)
        base = self.rich_style
        if index >= len(self.entries):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, part, width, is_cursor, self.has_focus)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._render_row_line(self.entries[index], part, width, is_cursor)
            self._cache[key] = cached
        return cached

    def _style(self, name: str) -> Style:
        """The foreground of a component class, blended as Textual would (no background,
        so it can sit on the cursor row)."""
        full = self.get_visual_style(name).rich_style
        return Style(color=full.color, bold=full.bold, italic=full.italic, underline=full.underline)

    def _render_row_line(self, entry: Entry, part: int, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        if part >= 2:
            return Strip.blank(width, base)
        if is_cursor:
            cursor = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
            base = self.get_visual_style(cursor).rich_style
        unread = entry.status == "unread"
        left: list[tuple[str, Style]]
        right: list[tuple[str, Style]] = []
        if part == 0:
            marker = "●" if unread else " "
            title_style = "article-list--title" if unread else "article-list--title-read"
            left = [
                (f" {marker} ", base + self._style("article-list--marker")),
                (safe_line(entry.title), base + self._style(title_style)),
            ]
            if entry.favorite:
                right = [("★ ", base + self._style("article-list--favorite"))]
        else:
            details = [
                site_of(entry),
                reading_time(entry.reading_minutes),
                short_date(entry.saved_at),
            ]
            if entry.tags:
                details.append(" ".join(f"#{safe_line(t)}" for t in entry.tags))
            if not entry.fetched:
                details.append("fetch failed" if entry.fetch_error else "not fetched")
            meta = base + self._style("article-list--meta")
            left = [("   ", meta), (" · ".join(d for d in details if d), meta)]
            progress = self._style("article-list--progress")
            if entry.status == "archived":
                right = [("✓ archived ", base + progress)]
            elif entry.progress > 0:
                percent = f"{round(entry.progress * 100)}%".rjust(4)
                right = [(f"{progress_bar(entry.progress)} {percent} ", base + progress)]
        return _compose_line(left, right, width, base)


def _compose_line(
    left: list[tuple[str, Style]], right: list[tuple[str, Style]], width: int, base: Style
) -> Strip:
    """One line: *left* parts cut to fit, *right* parts flush right, padded with *base*."""
    right_cells = sum(cell_len(text) for text, _ in right)
    if right_cells + 4 > width:
        right, right_cells = [], 0
    room = width - right_cells - (1 if right else 0)
    segments: list[Segment] = []
    used = 0
    for text, style in left:
        piece = fit(text, room - used)
        if piece:
            segments.append(Segment(piece, style))
            used += cell_len(piece)
    segments.append(Segment(" " * max(0, width - used - right_cells), base))
    segments.extend(Segment(text, style) for text, style in right)
    return Strip(segments, width)
