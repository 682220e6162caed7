"""The article view with highlights: drawn in the text, made by mouse or keyboard.

- **Mouse**: select text (drag, or double-click a paragraph), then ``h``.
- **Keyboard**: a reading cursor moves by sentence (``(``/``)``) and paragraph
  (``[``/``]``); ``v`` anchors it so moves extend the passage; then ``h``. The
  cursor is shown as Textual's own selection, so both ways end the same.
- ``a`` writes a note on the highlight under the selection (making the highlight
  first when there is none), ``x`` removes it; with nothing selected, both act on
  the highlight just made (``h`` then ``a`` annotates it, ``h`` then ``x`` undoes
  it). Escape drops the cursor (a second escape goes back, as before).

The use cases are the core's (`reader.library.highlighting`); the view only turns
selections into ranges of the article's plain text and draws the results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.selection import Selection
from textual.widget import Widget

from reader.errors import ReaderError
from reader.highlights.model import Highlight
from reader.highlights.storage import sidecar_path
from reader.highlights.text import sentences
from reader.library.highlighting import (
    ArticleHighlights,
    Placed,
    add_highlight,
    article_highlights,
    remove_highlight,
    restore_highlight,
    set_note,
)
from reader.models import Entry
from reader.ui.highlighting import matches, selection_range, selections_for, styled
from reader.ui.text import fit, safe_line
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.blocks import Block

if TYPE_CHECKING:
    from reader.library import Library


class HighlightingArticleView(ArticleView):
    """An `ArticleView` that shows the article's highlights and makes new ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "highlight", "Highlight"),
        Binding("a", "note", "Note on highlight", show=False),
        Binding("x", "remove_highlight", "Remove highlight", show=False),
        Binding("z,ctrl+z", "undo_remove", "Undo remove", show=False),
        Binding("right_parenthesis", "sentence(1)", "Next sentence", show=False, key_display=")"),
        Binding(
            "left_parenthesis", "sentence(-1)", "Previous sentence", show=False, key_display="("
        ),
        Binding(
            "right_square_bracket", "paragraph(1)", "Next paragraph", show=False, key_display="]"
        ),
        Binding(
            "left_square_bracket",
            "paragraph(-1)",
            "Previous paragraph",
            show=False,
            key_display="[",
        ),
        Binding("v", "extend", "Extend selection", show=False),
    ]

    class HighlightsChanged(Message):
        """The article's highlights were made, changed or removed."""

    def __init__(
        self,
        entry: Entry,
        markdown: str,
        *,
        library: Library,
        width: int = 76,
        jump_to: str | None = None,
        id: str | None = None,
    ) -> None:
        """Show *entry* (body *markdown*) with its highlights from *library*; with
        *jump_to* (a highlight id), scroll to that passage once it is shown."""
        super().__init__(entry, markdown, width=width, id=id)
        self._removed: list[Highlight] = []
        self.library = library
        """Where highlights are read and written."""
        self.highlights: ArticleHighlights | None = None
        """The article's highlights as last placed."""
        self._jump_to = jump_to
        self._styled: set[int] = set()
        self._sentences: list[tuple[int, int, int]] = []
        self._cursor: int | None = None
        self._mark: int | None = None
        self._warned_orphans = False
        self._own: dict[Widget, Selection] = {}
        self._recent: str | None = None

    # -- loading and drawing -------------------------------------------------------------------

    def on_mount(self) -> None:
        # ArticleView.on_mount runs as well (Textual calls each class's handler).
        if self._has_sidecar():
            self._load_highlights()

    def on_article_view_loaded(self, event: ArticleView.Loaded) -> None:
        self.paint_highlights()
        self._try_jump()

    def restore(self, progress: float) -> None:
        """Restore the reading position, unless a passage is to be shown instead."""
        if self._jump_to is None:
            super().restore(progress)

    def _has_sidecar(self) -> bool:
        return sidecar_path(self.library.files.articles, self.entry).exists()

    @work(thread=True, group="highlights", exclusive=True, exit_on_error=False)
    def _load_highlights(self) -> None:
        """Place the highlights off the event loop (parsing a long article takes a while)."""
        try:
            found = article_highlights(self.library, self.entry.id)
        except ReaderError as exc:
            self.app.call_from_thread(
                self.notify, f"Could not read the highlights: {exc}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._show_highlights, found)

    def ensure_highlights(self) -> ArticleHighlights | None:
        """The placed highlights, computed now if they have not been yet."""
        if self.highlights is None:
            self.reload_highlights()
        return self.highlights

    def reload_highlights(self) -> None:
        """Read and place the article's highlights again, then draw them."""
        try:
            found = article_highlights(self.library, self.entry.id)
        except ReaderError as exc:
            self.notify(f"Could not read the highlights: {exc}", severity="error", markup=False)
            return
        self._show_highlights(found)

    def _show_highlights(self, found: ArticleHighlights) -> None:
        self.highlights = found
        self._sentences = sentences(found.text)
        self.paint_highlights()
        orphans = len(found.orphans)
        if orphans and not self._warned_orphans:
            self._warned_orphans = True
            self.notify(
                f"{orphans} highlight{'s' if orphans > 1 else ''} could not be found in the "
                "current text; they are kept in the quotes list.",
                severity="warning",
            )
        self._try_jump()

    def paint_highlights(self) -> None:
        """Style every mounted block by the highlights that fall in it."""
        if self.highlights is None:
            return
        text = self.highlights.text
        ranges: dict[int, list[tuple[int, int, bool]]] = {}
        for placed in self.highlights.placed:
            if placed.anchor is None:
                continue
            noted = bool(placed.highlight.note)
            for index, start, end in text.spans(placed.anchor.start, placed.anchor.end):
                ranges.setdefault(index, []).append((start, end, noted))
        for block in self.blocks:
            if not matches(text, block):
                continue
            if block.index in ranges:
                shown = [
                    (first, last, noted)
                    for start, end, noted in ranges[block.index]
                    for first, last in block.shown_ranges(start, end)
                ]
                block.update(styled(block.base_content, shown))
                self._styled.add(block.index)
            elif block.index in self._styled:
                block.update(block.base_content)
                self._styled.discard(block.index)

    def placed(self, highlight_id: str) -> Placed | None:
        """The placed highlight with this id, if the article has it."""
        for placed in self.highlights.placed if self.highlights else ():
            if placed.highlight.id == highlight_id:
                return placed
        return None

    def _try_jump(self) -> None:
        if self._jump_to is None or self.highlights is None:
            return
        placed = self.placed(self._jump_to)
        if placed is None or placed.anchor is None:
            self._jump_to = None
            self.notify("That passage is no longer in the article's text.", severity="warning")
            return
        index, _ = self.highlights.text.locate(placed.anchor.start)
        if index >= len(self.blocks):
            return  # not mounted yet: tried again when everything is
        self._jump_to = None
        self.call_after_refresh(self._scroll_to_block, self.blocks[index])

    def _scroll_to_block(self, block: Block, tries: int = 20) -> None:
        """Center *block*, once it has been laid out (a batch may have just been mounted)."""
        if block.virtual_region.height == 0 and tries:
            self.call_after_refresh(self._scroll_to_block, block, tries - 1)
            return
        self.scroll_to_widget(block, center=True, animate=False, immediate=True)

    # -- the range the reader means ------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The passage selected (by mouse or cursor), as a range of the article's text."""
        if not self.screen.selections:
            return None
        found = self.ensure_highlights()
        if found is None:
            return None
        return selection_range(self.screen.selections, self.blocks, found.text)

    def _overlapping(self, start: int, end: int) -> Placed | None:
        for placed in self.highlights.placed if self.highlights else ():
            found = placed.anchor
            if found is not None and found.start < end and start < found.end:
                return placed
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_highlight":
            return bool(self.highlights and self.highlights.placed)
        return True

    def target(self) -> Placed | None:
        """The highlight the note and remove keys act on: the one under the selection, or
        with nothing selected, the one just made (still in the article)."""
        selected = self.selected_range()
        if selected is not None:
            return self._overlapping(*selected)
        if self.screen.selections or self._recent is None:
            return None
        placed = self.placed(self._recent)
        return placed if placed is not None and placed.anchor is not None else None

    def on_text_selected(self, event: events.TextSelected) -> None:
        # A mouse selection replaces the keyboard cursor.
        self._cursor = self._mark = None
        self._own = dict(self.screen.selections)
        self.refresh_bindings()

    # -- making, annotating, removing ----------------------------------------------------------

    def _changed(self) -> None:
        self.reload_highlights()
        self.post_message(self.HighlightsChanged())

    def action_highlight(self) -> None:
        """Highlight the selected passage."""
        made = self._highlight_selection()
        if made is not None:
            self._recent = made
            self.notify("Highlighted. a: add a note · x: remove", timeout=3)

    def _highlight_selection(self) -> str | None:
        selected = self.selected_range()
        if selected is None or self.highlights is None:
            if any(block in self.screen.selections for block in self.blocks):
                message = "That selection holds no text of the article to highlight."
            else:
                message = (
                    "Select a passage first: drag with the mouse, or move the reading cursor "
                    "with ( ) [ ] and extend it with v."
                )
            self.notify(message, severity="warning")
            return None
        start, end = selected
        quote = self.highlights.text.text[start:end]
        try:
            made = add_highlight(self.library, self.entry.id, quote, near=start)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        self.drop_cursor()
        self._changed()
        return made.id

    def action_note(self) -> None:
        """Write the note of the highlight under the selection (highlighting it first if needed)."""
        from reader.ui.dialogs.note_dialog import NoteDialog

        existing = self.target()
        if existing is None and not self.screen.selections and self._recent is None:
            self.notify(
                "Select a passage first (or press a right after h): drag with the mouse, or "
                "move the reading cursor with ( ) [ ] and extend it with v.",
                severity="warning",
            )
            return
        highlight_id = existing.highlight.id if existing else self._highlight_selection()
        placed = self.placed(highlight_id) if highlight_id else None
        if placed is None:
            return
        self._recent = placed.highlight.id
        self.drop_cursor()
        entry_id = self.entry.id

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                set_note(self.library, entry_id, placed.highlight.id, note)
            except ReaderError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._changed()
            self.notify("Note saved." if note else "Note removed.", timeout=2)

        self.app.push_screen(NoteDialog(placed.highlight.exact, placed.highlight.note), done)

    def action_remove_highlight(self) -> None:
        """Remove the highlight under the selection (or the cursor)."""
        placed = self.target()
        if placed is None:
            self.notify("Select part of a highlighted passage to remove it.", severity="warning")
            return
        try:
            removed = remove_highlight(self.library, self.entry.id, placed.highlight.id)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._removed.append(removed)
        if removed.id == self._recent:
            self._recent = None
        self.drop_cursor()
        self._changed()
        what = "its note" if removed.note else "no note"
        self.notify(
            f"Removed highlight “{fit(safe_line(removed.exact), 40)}” ({what}). Press z to undo.",
            markup=False,
        )

    def action_undo_remove(self) -> None:
        """Bring back the last highlight removed here, with its note."""
        if not self._removed:
            self.notify("Nothing to undo.")
            return
        highlight = self._removed.pop()
        try:
            restore_highlight(self.library, self.entry.id, highlight)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._changed()
        self.notify(f"Restored highlight “{fit(safe_line(highlight.exact), 40)}”.", markup=False)

    # -- the keyboard reading cursor -----------------------------------------------------------

    @property
    def cursor_range(self) -> tuple[int, int] | None:
        """The passage the keyboard cursor covers (one sentence, or more when extended)."""
        self._forget_stale_cursor()
        if self._cursor is None or not self._sentences:
            return None
        low = self._cursor if self._mark is None else min(self._cursor, self._mark)
        high = self._cursor if self._mark is None else max(self._cursor, self._mark)
        return self._sentences[low][1], self._sentences[high][2]

    def _forget_stale_cursor(self) -> None:
        """Drop the cursor when its selection was replaced or cleared (escape, a find match)."""
        if self._cursor is not None and self.screen.selections != self._own:
            self._cursor = self._mark = None

    def _start_cursor(self) -> int | None:
        """Where the cursor starts: at the selection, else the first sentence on screen."""
        self.ensure_highlights()
        if not self._sentences:
            return None
        selected = self.selected_range()
        if selected is not None:
            for number, (_, _start, end) in enumerate(self._sentences):
                if end > selected[0]:
                    return number
        top = self.top_block()
        first = top.index if top is not None and self.scroll_y > 0 else 0
        for number, (block, _, _) in enumerate(self._sentences):
            if block >= first:
                return number
        return 0

    def _move(self, target: int) -> None:
        if not self._sentences:
            return
        target = max(0, min(target, len(self._sentences) - 1))
        if self._sentences[target][0] >= len(self.blocks):
            return  # that block is not mounted yet
        self._cursor = target
        self._show_cursor()

    def _show_cursor(self) -> None:
        shown = self.cursor_range
        if shown is None or self.highlights is None:
            return
        self.screen.selections = selections_for(*shown, self.highlights.text, self.blocks)
        self._own = dict(self.screen.selections)
        index, start, _ = self._sentences[self._cursor or 0]
        self._scroll_to_offset(self.blocks[index], start - self.highlights.text.starts[index])
        self.refresh_bindings()

    def _scroll_to_offset(self, block: Block, offset: int) -> None:
        """Bring the line holding character *offset* of *block* into view (estimated by
        proportion, as the block's wrapping is the renderer's business)."""
        height = block.virtual_region.height
        shown = block.shown_ranges(offset, offset + 1)  # a table's grid puts it elsewhere
        at = shown[0][0] if shown else offset
        # by cells, as lines wrap: a CJK character takes two
        share = cell_len(block.plain[:at]) / max(1, cell_len(block.plain))
        line = self._block_top(block) + min(max(0, height - 1), int(height * share))
        self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True)

    def action_sentence(self, delta: int) -> None:
        """Move the reading cursor *delta* sentences."""
        self._forget_stale_cursor()
        if self._cursor is None:
            start = self._start_cursor()
            if start is not None:
                self._move(start)
            return
        self._move(self._cursor + delta)

    def action_paragraph(self, delta: int) -> None:
        """Move the reading cursor to the start of the next (or this/previous) paragraph."""
        self._forget_stale_cursor()
        if self._cursor is None:
            self.action_sentence(delta)
            return
        block = self._sentences[self._cursor][0]
        if delta > 0:
            following = [n for n, s in enumerate(self._sentences) if s[0] > block]
            if following:
                self._move(following[0])
            return
        here = [n for n, s in enumerate(self._sentences) if s[0] == block]
        if here and here[0] < self._cursor:
            self._move(here[0])
            return
        before = [n for n, s in enumerate(self._sentences) if s[0] < block]
        if before:
            previous_block = self._sentences[before[-1]][0]
            self._move(next(n for n in before if self._sentences[n][0] == previous_block))

    def action_extend(self) -> None:
        """Anchor the cursor: moves now extend the passage (v again: stop extending)."""
        self._forget_stale_cursor()
        if self._cursor is None:
            self.action_sentence(1)
        if self._cursor is None:
            return
        if self._mark is None:
            self._mark = self._cursor
            self.notify("Extending: ( ) [ ] grow the passage, h highlights it.", timeout=3)
        else:
            self._mark = None
        self._show_cursor()

    def drop_cursor(self) -> None:
        """Forget the cursor and clear the selection."""
        self._cursor = self._mark = None
        self._own = {}
        self.screen.clear_selection()
        self.refresh_bindings()

    def key_escape(self, event: events.Key) -> None:
        """Escape drops the reading cursor (or the reader's own selection) first; only the
        next escape reaches the screen (back to the library)."""
        if self.screen.selections and self.screen.selections == self._own:
            event.stop()
            event.prevent_default()
            self.drop_cursor()
