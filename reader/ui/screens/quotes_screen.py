"""Every highlight in the library, newest first: search them, filter by tag, jump back.

Typing searches quotes and notes (the index's full-text table); a ``#tag`` word,
or ``t`` to step through the tags, keeps only the highlights of articles with
that tag. Enter opens the article at the passage; ``n`` edits the note and ``x``
removes the highlight. A highlight whose passage is no longer in its article's
text (the article was extracted again, or its file edited) is marked, found off
the event loop once the list is shown. Quotes and notes are page and user text:
shown literally, never parsed as markup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.errors import ReaderError
from reader.highlights.indexing import QuoteRow, highlight_tags, list_quotes
from reader.highlights.model import Highlight
from reader.store.index import Filter
from reader.ui.focus import focus_now
from reader.ui.text import fit, published_date, safe_line
from reader.ui.widgets.footer import ReaderFooter

if TYPE_CHECKING:
    from reader.library import Library
    from reader.ui.host import ReaderHost

#: Most quotes listed at once (a search narrows the rest down).
LIMIT = 2000
#: Terminal cells of a quote shown in the list (a CJK character takes two).
QUOTE_CHARS = 500
#: The line under a highlight whose passage is no longer in its article.
ORPHANED = "⚠ not found in the article's current text"

OpenPassage = Callable[[str, str], None]
"""Opens article *id* at highlight *id* (given by the screen that shows this one)."""


def parse_query(text: str) -> tuple[str, str | None]:
    """Split what was typed into search words and a ``#tag`` filter (the last one wins)."""
    words: list[str] = []
    tag: str | None = None
    for word in text.split():
        if word.startswith("#") and len(word) > 1:
            tag = word[1:]
        else:
            words.append(word)
    return " ".join(words), tag


def quote_prompt(row: QuoteRow, width: int = 90, *, orphaned: bool = False) -> Content:
    """How one highlight reads in the list: the quote, its note, then where it is from
    (and, when *orphaned*, that the passage is no longer in the article)."""
    quote = safe_line(row.exact)
    quote = fit(quote, QUOTE_CHARS)  # by cells: a CJK quote is twice as wide as its length
    parts: list[Content | tuple[str, str] | str] = [Content(f"“{quote}”")]
    if row.note:
        parts.extend(["\n", ("✎ " + safe_line(row.note), "italic $text-accent")])
    when = published_date(row.created) if row.created else ""
    source = " · ".join(p for p in (fit(safe_line(row.title), width - 20), when) if p)
    parts.extend(["\n", (f"— {source}", "dim")])
    if orphaned:
        parts.extend(["\n", (ORPHANED, "$text-warning")])
    return Content.assemble(*parts)


def orphaned_ids(library: Library, rows: list[QuoteRow]) -> set[tuple[str, str]]:
    """(article id, highlight id) of the *rows* whose passage is no longer in the article."""
    from reader.library.highlighting import article_highlights

    found: set[tuple[str, str]] = set()
    for article_id in dict.fromkeys(r.article_id for r in rows):
        try:
            placed = article_highlights(library, article_id).placed
        except ReaderError:
            continue  # the article went away meanwhile: the next reload drops its rows
        found.update((article_id, p.highlight.id) for p in placed if p.orphaned)
    return found


class QuotesScreen(Screen[tuple[str, str] | None]):
    """All highlights; dismissed with (article id, highlight id) when no opener is given."""

    AUTO_FOCUS = "#quotes"
    """The list, never the search box: with no highlights (the list hidden), the app's
    default would focus the box, and the next t or j would be typed into it."""

    # The tooltips are the help screen's lines for this screen (see `help_screen`).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="back (from the search: to the list)"),
        Binding("q", "back", "Back", show=False, tooltip="back"),
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            tooltip="search quotes and notes (#tag filters)",
        ),
        Binding("t", "next_tag", "Tag filter", tooltip="next tag that has highlights, then all"),
        Binding("n", "note", "Note", tooltip="write or edit the note"),
        Binding("x", "remove", "Remove", tooltip="remove the highlight"),
        Binding("z,ctrl+z", "undo", "Undo remove", show=False, tooltip="undo removing it"),
        Binding("enter", "open", "Open", show=False, tooltip="open the article at the passage"),
        Binding("j,down", "cursor(1)", "Down", show=False, tooltip="next highlight"),
        Binding("k,up", "cursor(-1)", "Up", show=False, tooltip="previous highlight"),
        Binding("g,home", "first", "First", show=False, tooltip="first highlight"),
        Binding("G,end", "last", "Last", show=False, tooltip="last highlight"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
    ]

    def __init__(self, open_passage: OpenPassage | None = None, query: str = "") -> None:
        """List every highlight; Enter calls *open_passage* (or dismisses with the choice)."""
        super().__init__()
        self._open_passage = open_passage
        self._query = query
        self.rows: list[QuoteRow] = []
        """The highlights listed, in order."""
        self.tag: str | None = None
        """The tag chosen with ``t`` (a ``#tag`` typed in the search box wins)."""
        self.orphaned: set[tuple[str, str]] = set()
        """(article id, highlight id) of the listed highlights found to be orphaned."""
        self._resumed = False
        self._removed: list[tuple[str, Highlight]] = []

    @property
    def reader_app(self) -> ReaderHost:
        """The running app, as the services this screen uses."""
        return cast("ReaderHost", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="quotes-bar", markup=False)
        yield Input(
            self._query, placeholder="search quotes and notes · #tag filters", id="quotes-search"
        )
        yield OptionList(id="quotes")
        yield Static(
            Content(
                "No highlights yet.\n\nWhile reading, select a passage with the mouse (or move "
                "the reading cursor with ( ) [ ] and extend it with v), then press h."
            ),
            id="quotes-empty",
        )
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.reload()
        self._focus_list()

    def on_screen_resume(self) -> None:
        # Coming back from an article (where highlights may have changed); the first
        # resume comes with the mount, which has just loaded the list.
        if self.is_mounted and self._resumed:
            self.reload()
        self._resumed = True

    # -- the list ------------------------------------------------------------------------------

    def reload(self) -> None:
        """List the highlights matching what is typed in the search box."""
        text, typed_tag = parse_query(self.query_one("#quotes-search", Input).value)
        tag = typed_tag or self.tag
        listing = self.query_one("#quotes", OptionList)
        keep = self.selected
        try:
            self.rows = list_quotes(
                self.reader_app.library.index, text, Filter(tag=tag), None, LIMIT
            )
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.rows = []
        width = max(40, self.size.width - 8)
        listing.clear_options()
        options: list[Option | None] = []
        for row in self.rows:
            # None: a divider under the option (indexes stay those of self.rows)
            orphaned = (row.article_id, row.highlight_id) in self.orphaned
            options.extend([Option(quote_prompt(row, width, orphaned=orphaned)), None])
        listing.add_options(options)
        self._find_orphans(list(self.rows))
        if self.rows:
            ids = [(r.article_id, r.highlight_id) for r in self.rows]
            listing.highlighted = ids.index(keep) if keep in ids else 0
        empty = self.query_one("#quotes-empty", Static)
        if not self.rows and listing.has_focus:
            # Hidden, the list would hand its focus to the search box, which would then
            # swallow the next key (t, /) as text.
            self.set_focus(None)
        empty.display = not self.rows
        listing.display = bool(self.rows)
        if self.rows and self.focused is None:
            listing.focus()
        if not self.rows and (text or tag):
            empty.update(Content("No highlight matches."))
        total = len(self.rows)
        label = f"{total} highlight{'s' if total != 1 else ''}"
        if tag:
            label += f" · #{safe_line(tag)}"
        self.query_one("#quotes-bar", Static).update(Content(f" Highlights · {label}"))

    @work(thread=True, exclusive=True, group="orphans", exit_on_error=False)
    def _find_orphans(self, rows: list[QuoteRow]) -> None:
        """Place each listed highlight in its article's text; mark the ones not found."""
        found = orphaned_ids(self.reader_app.library, rows)
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(self._mark_orphans, rows, found)

    def _mark_orphans(self, rows: list[QuoteRow], found: set[tuple[str, str]]) -> None:
        if not self.is_mounted or rows != self.rows:
            return  # closed, or the list changed meanwhile (its own search is under way)
        listing = self.query_one("#quotes", OptionList)
        width = max(40, self.size.width - 8)
        for index, row in enumerate(rows):
            key = (row.article_id, row.highlight_id)
            if (key in found) != (key in self.orphaned):
                prompt = quote_prompt(row, width, orphaned=key in found)
                listing.replace_option_prompt_at_index(index, prompt)
        self.orphaned = found

    @property
    def selected(self) -> tuple[str, str] | None:
        """(article id, highlight id) of the highlighted row."""
        listing = self.query_one("#quotes", OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        return row.article_id, row.highlight_id

    @on(Input.Changed, "#quotes-search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#quotes-search")
    def _search_submitted(self) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        """Focus the list, or nothing when it is empty (never the search box)."""
        if self.rows:
            focus_now(self.query_one("#quotes", OptionList))
        else:
            self.set_focus(None)

    @on(OptionList.OptionSelected, "#quotes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.selected
        if chosen is None:
            return
        if self._open_passage is None:
            self.dismiss(chosen)
        else:
            self._open_passage(*chosen)

    # -- actions -------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Leave the search box (clearing it), or go back."""
        search = self.query_one("#quotes-search", Input)
        if search.has_focus:
            if search.value:
                search.value = ""
                self.reload()  # now, so that the list to focus is the whole one
            self._focus_list()
            return
        self.dismiss(None)

    def action_cursor(self, delta: int) -> None:
        """Move *delta* highlights down (up when negative), stopping at either end."""
        if not self.rows:
            return
        listing = self.query_one("#quotes", OptionList)
        current = listing.highlighted or 0
        listing.highlighted = max(0, min(len(self.rows) - 1, current + delta))

    def action_first(self) -> None:
        """Go to the first (newest) highlight."""
        self.query_one("#quotes", OptionList).action_first()

    def action_last(self) -> None:
        """Go to the last (oldest) highlight."""
        self.query_one("#quotes", OptionList).action_last()

    def action_open(self) -> None:
        """Open the article at the highlighted passage."""
        self.query_one("#quotes", OptionList).action_select()

    def action_help(self) -> None:
        """Show every key, starting at this screen's."""
        from reader.ui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen("Highlights"))

    def action_search(self) -> None:
        """Focus the search box."""
        focus_now(self.query_one("#quotes-search", Input))

    def action_next_tag(self) -> None:
        """Filter by the next tag that has highlights (in name order; after the last one,
        no tag filter)."""
        try:
            tags = highlight_tags(self.reader_app.library.index)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not tags:
            self.notify("No highlighted article has a tag yet.", severity="warning")
            return
        current = self.tag.casefold() if self.tag else None
        # the one after the current tag, even when that has just lost its last highlight
        later = [
            t for t in sorted(tags, key=str.casefold) if current is None or t.casefold() > current
        ]
        self.tag = later[0] if later else None
        self.reload()

    def _row(self) -> QuoteRow | None:
        index = self.query_one("#quotes", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            self.notify("No highlight selected.", severity="warning")
            return None
        return self.rows[index]

    def action_note(self) -> None:
        """Edit the note of the selected highlight."""
        from reader.library.highlighting import set_note
        from reader.ui.dialogs.note_dialog import NoteDialog

        row = self._row()
        if row is None:
            return

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                set_note(self.reader_app.library, row.article_id, row.highlight_id, note)
            except ReaderError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.reload()

        self.app.push_screen(NoteDialog(row.exact, row.note), done)

    def action_remove(self) -> None:
        """Remove the selected highlight."""
        from reader.library.highlighting import remove_highlight

        row = self._row()
        if row is None:
            return
        try:
            removed = remove_highlight(self.reader_app.library, row.article_id, row.highlight_id)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._removed.append((row.article_id, removed))
        self.reload()
        if not self.rows:
            self.set_focus(None)  # not the search box: z must still undo
        what = "its note" if removed.note else "no note"
        self.notify(
            f"Removed highlight “{fit(safe_line(removed.exact), 40)}” ({what}). Press z to undo.",
            markup=False,
        )

    def action_undo(self) -> None:
        """Bring back the last highlight removed here, with its note."""
        from reader.library.highlighting import restore_highlight

        if not self._removed:
            self.notify("Nothing to undo.")
            return
        article_id, highlight = self._removed.pop()
        try:
            restore_highlight(self.reader_app.library, article_id, highlight)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()
        self._focus_list()
        self.notify(f"Restored highlight “{fit(safe_line(highlight.exact), 40)}”.", markup=False)
