"""The library list: a line-API virtual list that renders only the rows on screen.

`ListView` needs a widget per row (44 s for 10,000 rows); this list draws each
visible line in `render_line` from an `EntryWindow`, which reads the entries from the
library a page at a time: a view of 100,000 articles holds their ids, not their entries.

Three densities (`DENSITIES`): *compact*, one line per article as newsboat shows
it (unread dot, title, then site, reading time, star and progress flush right);
*normal*, three lines (the title and star; site, reading time, saved date, tags
and progress; air); *excerpts*, the same with the article's excerpt as a third line.

Articles can be marked (`m`) to act on several at once; the list only keeps their ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

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
from reader.ui.entry_window import EntryWindow
from reader.ui.text import (
    fit,
    pad,
    progress_bar,
    reading_time,
    safe_line,
    short_date,
    site_of,
)

Density = Literal["compact", "normal", "excerpts"]
DENSITIES: tuple[Density, ...] = ("compact", "normal", "excerpts")
"""The list's densities, in the order the key cycles through them."""
ROW_HEIGHTS: dict[Density, int] = {"compact": 1, "normal": 3, "excerpts": 4}
"""Lines per article in each density (the last line of a taller row is air)."""
ROW_HEIGHT = ROW_HEIGHTS["normal"]
"""Lines per article in the normal density: title, details, and a blank line for air."""
WIDE = 100
"""From this many columns a compact row shows the saved date too."""


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
        "article-list--marked",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
    }
    ArticleList > .article-list--marked {
        color: $reader-accent;
        text-style: bold;
    }
    ArticleList > .article-list--empty {
        color: $reader-muted;
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

    def __init__(self, *, id: str | None = None, density: Density = "normal") -> None:
        super().__init__(id=id)
        self.entries: EntryWindow = EntryWindow.of([])
        """The articles listed, in order (read a page at a time when there are many)."""
        self.cursor = 0
        """Index of the selected article."""
        self.density: Density = density
        """How many lines each article takes (see `DENSITIES`)."""
        self.marked: set[str] = set()
        """Ids of the articles marked to act on together."""
        self.empty_text = ""
        """What the list says when it holds no article (why, and which key fills it)."""
        self._cache: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)

    @property
    def row_height(self) -> int:
        """Lines per article in the current density."""
        return ROW_HEIGHTS[self.density]

    def set_density(self, density: Density) -> None:
        """Draw the articles *density* lines tall, keeping the selected one in view."""
        self.density = density
        self.virtual_size = Size(0, len(self.entries) * self.row_height)
        self._cache.clear()
        self._scroll_to_cursor()
        self.refresh()

    def set_empty_text(self, text: str) -> None:
        """Say *text* while the list is empty."""
        if text != self.empty_text:
            self.empty_text = text
            self.refresh()

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
        """Show *entries* (a list, or an `EntryWindow` over a long one); the cursor stays
        on the article with id *keep* (or the same row, or the first row when *top*)."""
        self.entries = entries if isinstance(entries, EntryWindow) else EntryWindow.of(entries)
        self._cache.clear()
        index = 0 if top else self.cursor
        if keep is not None:
            found = self.entries.index_of(keep)
            if found is not None:
                index = found
        self.virtual_size = Size(0, len(self.entries) * self.row_height)
        self.cursor = max(0, min(index, len(self.entries) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.selected))

    def index_of(self, entry_id: str) -> int | None:
        """The row of the article with *entry_id*, if it is listed."""
        return self.entries.index_of(entry_id)

    def next_unread(self, index: int, delta: int) -> int | None:
        """The row of the first unread article after row *index*, going *delta* (1 or -1)."""
        return self.entries.next_unread(index, delta)

    def replace_entry(self, entry: Entry) -> None:
        """Redraw the row of *entry* with its new state."""
        number = self.entries.index_of(entry.id)
        if number is None:
            return
        self.entries.replace(number, entry)
        self._cache.clear()
        self.refresh()
        if number == self.cursor:
            self.post_message(self.Highlighted(entry))

    def remove_entry(self, entry_id: str) -> None:
        """Take the article with *entry_id* out of the list."""
        self.remove_entries({entry_id})

    def remove_entries(self, entry_ids: set[str]) -> None:
        """Take the articles with *entry_ids* out of the list (and out of the marks)."""
        self.marked -= entry_ids
        self.entries.remove(entry_ids)
        self.set_entries(self.entries)

    # -- marks ---------------------------------------------------------------------------------

    def toggle_mark(self) -> None:
        """Mark the selected article (or unmark it), then move to the next one."""
        entry = self.selected
        if entry is None:
            return
        self.marked ^= {entry.id}
        self._cache.clear()
        self.refresh()
        self.move_to(self.cursor + 1)

    def clear_marks(self) -> None:
        """Unmark every article."""
        if self.marked:
            self.marked.clear()
            self._cache.clear()
            self.refresh()

    def marked_entries(self) -> list[Entry]:
        """The marked articles still listed, in list order."""
        if not self.marked:
            return []  # no walk over a long list for nothing
        return self.entries.with_ids(self.marked)

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
        height = self.row_height
        region = Region(0, self.cursor * height, max(1, self.size.width), max(1, height - 1))
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
        lines = int(self.scrollable_content_region.height * abs(pages))
        rows = max(1, lines // self.row_height)
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
        index = (offset.y + round(self.scroll_offset.y)) // self.row_height
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
        index, part = divmod(line, self.row_height)
        base = self.rich_style
        if not self.entries and line == 1 and self.empty_text:
            style = base + self._style("article-list--empty")
            return _compose_line([("   " + self.empty_text, style)], [], width, base)
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
        if part >= self.row_height - 1 and self.density != "compact":
            return Strip.blank(width, base)
        if is_cursor:
            cursor = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
            base = self.get_visual_style(cursor).rich_style
        if part == 0:
            left = self._title_parts(entry, base)
            if self.density == "compact":
                return _compose_line(left, self._compact_right(entry, base, width), width, base)
            star = [("★ ", base + self._style("article-list--favorite"))]
            return _compose_line(left, star if entry.favorite else [], width, base)
        meta = base + self._style("article-list--meta")
        if part == 2:  # the excerpt line
            excerpt = safe_line(entry.excerpt or "")
            italic = meta + Style(italic=True)
            return _compose_line([("   ", meta), (excerpt, italic)], [], width, base)
        details = [
            site_of(entry),
            reading_time(entry.reading_minutes),
            short_date(entry.saved_at),
        ]
        if entry.tags:
            details.append(" ".join(f"#{safe_line(t)}" for t in entry.tags))
        if not entry.fetched:
            details.append("fetch failed" if entry.fetch_error else "not fetched")
        left = [("   ", meta), (" · ".join(d for d in details if d), meta)]
        progress = self._style("article-list--progress")
        right: list[tuple[str, Style]] = []
        if entry.status == "archived":
            right = [("✓ archived ", base + progress)]
        elif entry.progress > 0:
            percent = f"{round(entry.progress * 100)}%".rjust(4)
            right = [(f"{progress_bar(entry.progress)} {percent} ", base + progress)]
        return _compose_line(left, right, width, base)

    def _title_parts(self, entry: Entry, base: Style) -> list[tuple[str, Style]]:
        """The start of an article's first line: its mark, unread dot and title."""
        unread = entry.status == "unread"
        marked = entry.id in self.marked
        title_style = "article-list--title" if unread else "article-list--title-read"
        title = base + self._style(title_style)
        if marked:
            title += self._style("article-list--marked")
        return [
            ("▌" if marked else " ", base + self._style("article-list--marked")),
            ("● " if unread else "  ", base + self._style("article-list--marker")),
            (safe_line(entry.title), title),
        ]

    def _compact_right(self, entry: Entry, base: Style, width: int) -> list[tuple[str, Style]]:
        """A compact row's columns flush right: site, reading time (and the saved date
        when wide), star, and progress (or a check for an archived article)."""
        meta = base + self._style("article-list--meta")
        site_cells = max(10, min(22, width // 5))
        time_text = reading_time(entry.reading_minutes) if entry.fetched else "queued"
        if entry.fetch_error:
            time_text = "failed"
        columns = f"  {pad(site_of(entry), site_cells)} {time_text:>7}"
        if width >= WIDE:
            columns += f" {short_date(entry.saved_at):>11}"
        if entry.status == "archived":
            flag = "   ✓"
        elif entry.progress > 0:
            flag = f"{round(entry.progress * 100)}%".rjust(4)
        else:
            flag = "    "
        star = " ★" if entry.favorite else "  "
        return [
            (columns, meta),
            (star, base + self._style("article-list--favorite")),
            (f"{flag} ", base + self._style("article-list--progress")),
        ]


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
