"""The article reader: a scrolling column of block widgets, mounted progressively.

The first screenful of blocks is parsed and mounted at once; the rest is parsed
off the event loop and mounted in one go, so a 20,000-word article shows its
first screen in a fraction of what the stock Markdown widget needs, and the
reader can scroll while the tail arrives. The tail is one mount, with the
screen's updates held until it is done (otherwise Textual lays the column out
half mounted, then again: at 500 blocks each layout takes 100 ms or more) and
the garbage collector paused (it would free nothing there); the tail waits for the
screen's first refresh (when it is shown, the screen restyles and lays out all it
holds), and what it made is frozen afterwards, out of every collection's way.

Reading progress is a character offset into the markdown divided by its length.
It is remembered, not read back from the scroll offset: it changes only when the
reader scrolls (then it is the block at the top of the screen plus how far into
it the top line is), and after every re-layout (the tail mounted, a resize, a
new width) the view scrolls back to it, so the same line stays on top.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
from bisect import bisect_right
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.selection import Selection
from textual.widget import AwaitMount, Widget
from textual.widgets import Static
from textual.worker import Worker

from reader.images import local_image_path
from reader.library.links import Link, article_links
from reader.models import Entry, count_words, reading_minutes_for
from reader.text.sanitize import clean_text
from reader.ui.images import InlineImages
from reader.ui.markdown_blocks import BlockSpec, parse_chunk, split_chunks
from reader.ui.text import direction, published_date, reading_time, safe_line, site_of
from reader.ui.widgets.blocks import Block, ListItemBlock
from reader.ui.worker_errors import report_failed_worker

if TYPE_CHECKING:
    from reader.ui.widgets.inline_image import InlineImage

#: Blocks mounted before the first paint (comfortably more than one screen).
FIRST_BLOCKS = 40
#: Seconds the screen's updates may wait for the rest of an article to mount.
MOUNT_WAIT = 5.0
#: Columns of horizontal padding around the text (see ``#column`` in app.tcss).
COLUMN_PADDING = 4


def parse_safely(offset: int, text: str) -> list[BlockSpec]:
    """The blocks of one chunk; if rendering it fails, the chunk as plain text.

    A bug in rendering must not cost the reader the article: they still get
    every word, unstyled.
    """
    try:
        return parse_chunk(offset, text)
    except Exception:
        return [BlockSpec("p", Content(text), offset=offset)]


def empty_note(entry: Entry) -> str:
    """What an article without text says in place of it (and how to fetch it)."""
    if entry.fetched:
        return "This article has no text."
    if entry.fetch_error:
        tries = entry.fetch_attempts
        said = f" ({tries} {'try' if tries == 1 else 'tries'})" if tries else ""
        reason = safe_line(entry.fetch_error)
        return f"Fetching it failed{said}: {reason}\n\nPress F to try again."
    return (
        "This article has no text yet: it was imported without its content. "
        "It is being fetched now.\n\n(F fetches it again.)"
    )


def _parse_all(chunks: list[tuple[int, str]]) -> list[BlockSpec]:
    """The blocks of every chunk, each parsed safely."""
    return [spec for offset, text in chunks for spec in parse_safely(offset, text)]


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article: a header (title, byline, site, date, reading time) and its blocks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "md-em",
        "md-strong",
        "md-strike",
        "md-code",
        "md-link",
        "md-marker",
        "md-hint",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False),
        Binding("ctrl+d", "scroll_pages(0.5)", "Half page down", show=False),
        Binding("ctrl+u", "scroll_pages(-0.5)", "Half page up", show=False),
        Binding("space,pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("b,pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    class ReachedEnd(Message):
        """The view arrived at the end of the article."""

        def __init__(self, jumped: bool) -> None:
            super().__init__()
            self.jumped = jumped
            """True when it got there by a jump (``G``, the scrollbar, a restored position),
            False when by reading (line and page keys, the wheel)."""

    class Loaded(Message):
        """Every block of the article is mounted."""

    def __init__(self, entry: Entry, markdown: str, *, width: int = 76, id: str | None = None):
        """Show *entry* whose body is *markdown*, at a measure of *width* columns."""
        super().__init__(id=id)
        self.entry = entry
        """The article shown."""
        self.markdown = clean_text(markdown)
        """Its markdown body, without control characters or escape sequences."""
        self.reading_width = width
        """The measure in columns."""
        self.blocks: list[Block] = []
        """The mounted blocks, in reading order."""
        self.specs: list[BlockSpec] = []
        """Every block spec parsed so far."""
        self.loaded = False
        """True once every block is mounted."""
        self._chunks = split_chunks(self.markdown) if self.markdown.strip() else []
        self._next_chunk = 0
        self._progress = 0.0
        self._tracking = False
        self._arrived = False
        self._reading = False
        self._words_after: list[int] = []
        self._hinted: list[Block] = []
        self._hint_numbers: dict[str, int] = {}
        self._frozen = False
        self._frozen_before = False
        self.column = Vertical(id="column")
        """The centered column holding the header and the blocks."""
        self.images: InlineImages | None = None
        """Where the article's saved images are and how to draw them (None: caption lines)."""

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first: list[BlockSpec] = []
        while self._next_chunk < len(self._chunks) and len(first) < FIRST_BLOCKS:
            first.extend(self._parse_next())
        with self.column:
            with Vertical(id="article-header"):
                yield from self._header()
            yield from self._widgets_for(first)

    def _header(self) -> list[Widget]:
        entry = self.entry
        parts = [
            safe_line(entry.byline),
            site_of(entry),
            published_date(entry.published),
            reading_time(entry.reading_minutes) + (" read" if entry.reading_minutes else ""),
        ]
        meta = " · ".join(p for p in parts if p)
        title = safe_line(entry.title)
        rtl = " rtl" if direction(title) == "rtl" else ""
        widgets: list[Widget] = [
            Static(Content(title), classes=f"article-title{rtl}", markup=False),
            Static(Content(meta), classes="article-meta", markup=False),
        ]
        if entry.tags:
            tags = "  ".join(f"#{safe_line(t)}" for t in entry.tags)
            widgets.append(Static(Content(tags), classes="article-tags", markup=False))
        if not self._chunks:
            note = Content(empty_note(entry))
            widgets.append(Static(note, classes="article-empty", markup=False))
        return widgets

    def set_reading_width(self, width: int) -> None:
        """Show the text *width* columns wide (the column's padding comes on top)."""
        self.reading_width = width
        self.column.styles.width = width + COLUMN_PADDING
        if self.is_mounted:
            self._reapply()

    def on_mount(self) -> None:
        self.set_reading_width(self.reading_width)
        self._try_restore()
        if self._next_chunk >= len(self._chunks):
            self._finish()
        else:
            self._load_rest()

    def _parse_next(self) -> list[BlockSpec]:
        offset, text = self._chunks[self._next_chunk]
        self._next_chunk += 1
        return parse_safely(offset, text)

    def _mount_specs(self, specs: list[BlockSpec]) -> AwaitMount | None:
        """Mount the blocks of *specs* (the reading position is restored by `_finish`,
        once they are laid out: scrolling to a block not laid out yet goes nowhere)."""
        widgets = self._widgets_for(specs)
        return self.column.mount_all(widgets) if widgets else None

    def _widgets_for(self, specs: list[BlockSpec]) -> list[Widget]:
        """Block widgets for *specs* (list items wrapped in rows), recorded in order."""
        widgets: list[Widget] = []
        for spec in specs:
            kind = ListItemBlock if spec.kind == "li" else Block
            # Classes are given now: adding one later restyles the widget (0.5 ms each).
            classes = ""
            if spec.kind == "li" and (not self.specs or self.specs[-1].kind != "li"):
                classes = "list-start"
            image = self._figure_image(spec) if spec.kind == "figure" else None
            if image is not None:
                classes = "captioned"
            block = kind(spec, len(self.blocks), width=self.reading_width, classes=classes)
            if image is not None:
                image.caption = block
                widgets.append(image)
            self.specs.append(spec)
            self.blocks.append(block)
            widgets.append(block)
            if spec.kind in ("p", "li", "quote"):
                widgets.extend(self._images_in_text(spec))
        return widgets

    def _images_in_text(self, spec: BlockSpec) -> list[InlineImage]:
        """The saved images inside a paragraph's text, drawn below it (their place in the
        text keeps its "[image: …]" link, which opens them)."""
        if self.images is None or "[image:" not in spec.content.plain:
            return []
        from reader.ui.widgets.inline_image import InlineImage

        found: list[InlineImage] = []
        for src in dict.fromkeys(spec.links):
            path = local_image_path(self.images.root, self.entry.id, src)
            if path is not None:
                found.append(InlineImage(path, src, self.images.mode, classes="in-text"))
        return found

    def _figure_image(self, spec: BlockSpec) -> InlineImage | None:
        """The image drawn above a figure's caption: only a file saved in the library."""
        if self.images is None or not spec.links:
            return None
        path = local_image_path(self.images.root, self.entry.id, spec.links[0])
        if path is None:
            return None
        from reader.ui.widgets.inline_image import InlineImage

        return InlineImage(path, spec.links[0], self.images.mode)

    @work(group="article-load", exclusive=True, exit_on_error=False)
    async def _load_rest(self) -> None:
        """Parse the remaining chunks off the event loop and mount them."""
        while not self.column.is_mounted:
            await asyncio.sleep(0.001)
        rest = self._chunks[self._next_chunk :]
        self._next_chunk = len(self._chunks)
        # Parsing, hundreds of new widgets, then a layout of them all: the garbage
        # collector, run by the allocations alone, took a sixth of that time and frees
        # nothing here (every object made is kept). It waits until the article is laid out.
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            specs = await asyncio.to_thread(_parse_all, rest)
            # The screen restyles and lays itself out when it is shown (its resume), and
            # that comes after the first screenful mounts. Mounting the tail before it
            # would have the resume restyle and lay out every block of the article on the
            # way (a third of a second at 500 blocks); after one refresh it is done.
            await self._after_refresh()
            # No layout while the blocks mount (Textual would lay the column out once
            # half-mounted, then again): one layout when they all are.
            with self.app.batch_update():
                mounted = self._mount_specs(specs)
                if mounted is not None:
                    # Never hold the screen's updates for long, whatever happens.
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(mounted(), MOUNT_WAIT)
            if mounted is not None:
                await self._after_refresh()
        finally:
            if collecting:
                self._freeze_article()
                gc.enable()
        self._finish()

    def _freeze_article(self) -> None:
        """Keep the objects the article made out of the garbage collector's way.

        They were all made while it was paused, so the first collection after it would
        walk every one of them (50-120 ms on the event loop, right as the article settles),
        and they live as long as the view anyway. Frozen, collections skip them; closing
        the view thaws them (see `on_unmount`).
        """
        if self.is_attached and not self._frozen:
            self._frozen = True
            self._frozen_before = gc.get_freeze_count() > 0
            gc.freeze()

    def on_unmount(self) -> None:
        """Thaw what `_freeze_article` froze, so the closed article can be freed; what
        was frozen before (the app's start-up objects) is frozen again after a collection."""
        if not self._frozen:
            return
        self._frozen = False
        gc.unfreeze()
        if self._frozen_before:

            def refreeze() -> None:
                gc.collect()
                gc.freeze()

            self.app.call_after_refresh(refreeze)

    async def _after_refresh(self, timeout: float = 1.0) -> None:
        """Return after the next refresh of the screen (or *timeout* seconds)."""
        refreshed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def settle() -> None:
            if not refreshed.done():
                refreshed.set_result(None)

        self.call_after_refresh(settle)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(refreshed, timeout)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed load keeps what is shown and says so, instead of stopping silently."""
        failed = report_failed_worker(self, event.worker, event.state)
        if failed and event.worker.group == "article-load" and not self.loaded:
            self._finish()

    def _finish(self) -> None:
        self.loaded = True
        self._try_restore()
        self.post_message(self.Loaded())
        if self._chunks:
            self.call_after_refresh(self._check_short)

    def _check_short(self) -> None:
        """An article that fits on the screen is at its end from the start: staying on it
        counts as reading it, as staying at the end of a long one does."""
        if self.is_mounted and self.max_scroll_y == 0:
            self._report_end()

    # -- progress ------------------------------------------------------------------------------

    def _block_top(self, block: Block) -> int:
        return self.column.virtual_region.y + block.virtual_region.y

    def top_block(self) -> Block | None:
        """The first block whose top is at or below the top of the screen."""
        if not self.blocks:
            return None
        tops = [self._block_top(b) for b in self.blocks]
        index = bisect_right(tops, round(self.scroll_y)) - 1
        return self.blocks[max(0, min(index, len(self.blocks) - 1))]

    def progress(self) -> float:
        """How far the reader got, 0.0 to 1.0 (1.0 at the very end).

        This is the remembered reading position, not a reading of the scroll offset:
        it changes only when the reader scrolls, so opening and closing an article, a
        resize or a change of width leave it exactly as it was.
        """
        return self._progress

    def words_left(self) -> int:
        """The words after the reading position (those of the blocks below it, and the
        part of its own block not yet passed), counted as the reading time counts them."""
        specs = self.specs
        if not specs or self._progress >= 1:
            return 0
        if len(self._words_after) != len(specs) + 1:
            counts = [count_words(spec.content.plain) for spec in specs]
            after = [0] * (len(counts) + 1)
            for index in range(len(counts) - 1, -1, -1):
                after[index] = after[index + 1] + counts[index]
            self._words_after = after
        target = self._progress * len(self.markdown)
        index = max(0, bisect_right([s.offset for s in specs], target) - 1)
        start, end = self._span(index)
        passed = max(0.0, min(1.0, (target - start) / (end - start)))
        own = self._words_after[index] - self._words_after[index + 1]
        return self._words_after[index + 1] + round(own * (1 - passed))

    def minutes_left(self) -> int:
        """Minutes of reading left from the reading position, at the speed the reading
        time is computed with (0 at the end, at least 1 while any word is left).

        The words are counted in the text as shown; the saved reading time counted them in
        the extracted text, which differs a little (link and image labels), so the count is
        scaled to it: the header's "7 min read" and "7 min left" agree at the top. Until the
        whole article is mounted, the saved reading time is prorated.
        """
        whole = self.entry.reading_minutes
        if self._progress >= 1:
            return 0
        if not self.loaded:
            return math.ceil(whole * (1 - self._progress))
        left = self.words_left()
        total = self._words_after[0] if self._words_after else 0
        if whole <= 0 or total <= 0:
            return reading_minutes_for(left)
        if left == 0:
            return 0
        return max(1, math.ceil(round(whole * left / total, 6)))

    def restore(self, progress: float) -> None:
        """Scroll to where *progress* left off (as soon as that part is mounted)."""
        self._progress = max(0.0, min(1.0, progress))
        self._tracking = False
        self._try_restore()

    def _span(self, index: int) -> tuple[int, int]:
        """The character offsets where block *index* starts and where the next one does."""
        start = self.specs[index].offset
        following = self.specs[index + 1].offset if index + 1 < len(self.specs) else None
        end = following if following is not None else len(self.markdown)
        return start, max(end, start + 1)

    def _read_position(self) -> None:
        """Take the reading position from the scroll offset (the reader scrolled)."""
        if not self.markdown or self.scroll_y <= 0:
            self._progress = 0.0
        elif self.loaded and self.max_scroll_y > 0 and self.scroll_y >= self.max_scroll_y:
            self._progress = 1.0
        else:
            block = self.top_block()
            if block is None:
                self._progress = 0.0
                return
            start, end = self._span(block.index)
            into = max(0.0, min(1.0, (self.scroll_y - self._block_top(block)) / self._rows(block)))
            offset = start + into * (end - start)
            self._progress = min(0.999, offset / len(self.markdown))

    def _rows(self, block: Block) -> int:
        """The rows from the top of *block* to the top of the next (its margin included)."""
        if block.index + 1 < len(self.blocks):
            following = self._block_top(self.blocks[block.index + 1])
            return max(1, following - self._block_top(block))
        return max(1, block.outer_size.height)

    def _user_scroll(self, reading: bool = False) -> None:
        """The reader moves: from now on the position follows the scroll offset.
        *reading*: by reading on (lines, pages, the wheel) rather than by a jump."""
        self._tracking = True
        self._reading = reading

    def at_end(self) -> bool:
        """True while the end of the article is on screen (and all of it is mounted)."""
        return self.loaded and self.scroll_y >= self.max_scroll_y

    def _try_restore(self) -> None:
        """Scroll to the remembered position, once the block it is in is mounted."""
        if self._tracking:
            return
        progress = self._progress
        if progress <= 0 or not self.specs:
            return
        if progress >= 1:
            if self.loaded:
                self.call_after_refresh(self._scroll_to_end)
            return
        target = progress * len(self.markdown)
        if self.specs[-1].offset < target and not self.loaded:
            return  # the block is still being mounted: _finish comes back here
        index = max(0, bisect_right([s.offset for s in self.specs], target) - 1)
        start, end = self._span(index)
        into = max(0.0, min(1.0, (target - start) / (end - start)))
        self.call_after_refresh(self._scroll_into, self.blocks[index], into)

    def _scroll_to_end(self) -> None:
        if not self._tracking:
            self.scroll_end(animate=False, immediate=True)

    def _scroll_into(self, block: Block, into: float) -> None:
        """Put the line *into* (0.0-1.0) of the way down *block* at the top of the screen."""
        if self._tracking:
            return  # the reader scrolled meanwhile
        y = self._block_top(block) + round(into * self._rows(block))
        self.scroll_to(y=y, animate=False, immediate=True)

    def on_resize(self) -> None:
        """A new size wraps the text anew: keep the same line at the top."""
        self._reapply()

    def _reapply(self) -> None:
        self._tracking = False
        self._try_restore()

    # -- links and search ----------------------------------------------------------------------

    def links(self) -> list[Link]:
        """The links and images of the article, in reading order."""
        return article_links(self.markdown)

    def visible_blocks(self) -> list[Block]:
        """The blocks that are (at least partly) on screen."""
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        shown: list[Block] = []
        for block in self.blocks:
            first = self._block_top(block)
            if first >= top + height:
                break
            if first + block.outer_size.height > top:
                shown.append(block)
        return shown

    def show_link_hints(self) -> int:
        """Show its number beside every link on screen (the links dialog's numbers);
        returns how many links the article has. Call again after scrolling: blocks that
        came into view get theirs."""
        if not self._hint_numbers:
            links = self.links()
            self._hint_numbers = {link.href: number for number, link in enumerate(links, 1)}
        numbers = self._hint_numbers
        for block in self.visible_blocks():
            if block in self._hinted or not block.spec.links:
                continue
            if block.show_hints([numbers.get(href) for href in block.spec.links]):
                self._hinted.append(block)
        return len(numbers)

    def hide_link_hints(self) -> None:
        """Take the link numbers off again."""
        for block in self._hinted:
            block.hide_hints()
        self._hinted = []
        self._hint_numbers = {}

    def find(self, text: str) -> list[tuple[Block, int]]:
        """Every (block, character offset) where *text* occurs, case-insensitively."""
        needle = text.casefold()
        if not needle:
            return []
        hits: list[tuple[Block, int]] = []
        for block in self.blocks:
            haystack = block.plain.casefold()
            start = haystack.find(needle)
            while start != -1:
                hits.append((block, start))
                start = haystack.find(needle, start + max(1, len(needle)))
        return hits

    def show_match(self, block: Block, start: int, length: int) -> None:
        """Scroll *block* into view and select the match, which draws it highlighted."""
        self._user_scroll()
        self.scroll_to_widget(block, center=True, animate=False)
        text = block.plain
        begin = _line_offset(text, start)
        end = _line_offset(text, start + length)
        self.screen.selections = {block: Selection(begin, end)}

    # -- scrolling -----------------------------------------------------------------------------

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by *lines* lines (negative: up)."""
        self._user_scroll(reading=lines > 0)
        self.scroll_relative(y=lines, animate=False, immediate=True)
        self._check_end(lines)

    def action_scroll_pages(self, pages: float) -> None:
        """Scroll by *pages* screens (negative: up)."""
        self._user_scroll(reading=pages > 0)
        height = self.scrollable_content_region.height
        self.scroll_relative(y=round(height * pages), animate=False, immediate=True)
        self._check_end(pages)

    def action_top(self) -> None:
        """Go to the start of the article."""
        self._user_scroll()
        self.scroll_home(animate=False, immediate=True)

    async def action_bottom(self) -> None:
        """Go to the end of the article (mounting what is still pending first)."""
        if not self.loaded:
            self._progress, self._tracking = 1.0, False  # scrolled there once mounted
            return
        self._user_scroll()
        self.scroll_end(animate=False, immediate=True)
        self._check_end(1)

    def on_mouse_scroll_down(self) -> None:
        """The wheel scrolls: the position follows (reading on)."""
        self._user_scroll(reading=True)

    def on_mouse_scroll_up(self) -> None:
        """The wheel scrolls: the position follows."""
        self._user_scroll()

    def on_mouse_down(self) -> None:
        """A click on the scrollbar or a drag may scroll: the position follows."""
        self._user_scroll()

    def _check_end(self, direction: float) -> None:
        """After a move down: at the end (an article shorter than the screen is at its end
        from the start, so a page key there reads it to the end)."""
        if direction > 0 and self.at_end():
            self._report_end()

    def _report_end(self) -> None:
        """Tell the screen once per arrival at the end, and how the view got there."""
        if not self._arrived:
            self._arrived = True
            self.post_message(self.ReachedEnd(jumped=not self._reading))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._tracking:
            self._read_position()
        if new_value < self.max_scroll_y:
            self._arrived = False
        elif new_value > old_value and self.loaded and self.max_scroll_y > 0:
            self._report_end()


def _line_offset(text: str, index: int) -> Offset:
    """The (column, line) of character *index* in *text* (selections count in lines)."""
    before = text[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1)
    return Offset(column, line)
