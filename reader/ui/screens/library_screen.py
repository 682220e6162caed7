"""The library: views with counts, search as you type, the article list and its actions.

This screen owns the flows that change the library from the list: open,
archive, favorite, tag, delete with undo (each on the selected article, or on
all the marked ones at once), archive everything above, rename a tag, open in
the browser, copy the URL, saving a URL (in a worker, so the UI stays responsive
while it fetches), and importing a file (run by the `ImportPanel`, which shows
its progress while the list fills in).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.errors import ReaderError
from reader.models import Entry, Status
from reader.store.index import RANKED, Sort
from reader.text.plural import count
from reader.ui.entry_window import EntryWindow
from reader.ui.focus import focus_now
from reader.ui.messages import ArticleClosed
from reader.ui.text import fit, pad, safe_line
from reader.ui.views import (
    ALL,
    COUNT_KEYS,
    FETCH_VIEWS,
    FIXED_VIEWS,
    UNREAD,
    View,
    empty_hint,
    tag_view,
)
from reader.ui.widgets.article_list import DENSITIES, ArticleList, Density
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.import_panel import STOP_KEY, ImportPanel
from reader.ui.worker_errors import report_error, report_failed_worker

if TYPE_CHECKING:
    from reader.ui.dialogs.add_dialog import AddRequest
    from reader.ui.dialogs.import_dialog import ImportRequest
    from reader.ui.host import ReaderHost

SORTS: tuple[tuple[Sort, str], ...] = (
    ("saved", "newest first"),
    ("saved-asc", "oldest first"),
    ("reading-time", "shortest first"),
    ("title", "by title"),
    ("site", "by site"),
)
SEARCH_LIMIT = RANKED
"""Search results listed: all the index ranks (shown as "1,000+" when they reach it)."""
SEARCHED = "the whole library"
"""What a search covers, as the header and an empty result say it."""
DENSITY_NAMES: dict[str, str] = {
    "compact": "compact, one line per article",
    "normal": "title and details",
    "excerpts": "title, details and excerpt",
}
"""How each list density is named when `L` switches to it."""
NARROW = 100
"""Below this many columns the sidebar is hidden."""
FIRST_PAGE = 200
"""Rows loaded before the first paint; the whole view (as an `EntryWindow`, read a page at
a time) follows from a worker."""
WATCH_EVERY = 2.0
"""Seconds between two looks for changes made outside the app (`reader add` in another
terminal, a synced folder, a file replaced by an editor): one stat and one query."""
CHECK_FILES_EVERY = 15
"""Every this many looks, every file's own time is checked too, in a thread (a file
edited in place changes nothing else): about 3 ms a thousand articles."""

EMPTY_TEXT = """Your library is empty.

  a      save a web page by its URL
  i      import from Pocket, Readwise, Instapaper, Omnivore, bookmarks and more
  D      load a few demo articles (into a temporary library)

From a shell:   reader add https://example.com/an-article
                reader import pocket-export.html

Press ? for every key, ctrl+p for the command palette."""


class LibraryScreen(Screen[None]):
    """The list of saved articles."""

    AUTO_FOCUS = "#articles"
    """The list has the keys from the start (focusing it later restyles the screen twice)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("a", "add", "Add"),
        Binding("i", "import", "Import"),
        Binding(STOP_KEY, "stop_import", "Stop the import", show=False),
        Binding("F", "fetch_queue", "Fetch queued articles", show=False),
        Binding("e", "archive", "Archive"),
        Binding("E", "archive_above", "Archive everything above", show=False),
        Binding("m", "mark", "Mark", show=False),
        Binding("L", "density", "List density", show=False),
        Binding("R", "rename_tag", "Rename this tag", show=False),
        Binding("down", "results", show=False),  # from the search box (not in the palette)
        # Not in the footer, so that it fits 100 columns (help and the palette list them).
        Binding("f", "favorite", "Favorite", show=False),
        Binding("t", "tag", "Tag"),
        Binding("d", "delete", "Delete"),
        Binding("z,ctrl+z", "undo", "Undo delete", show=False),
        Binding("o", "browser", "Browser", show=False),
        Binding("y,c", "copy_url", "Copy URL", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("h", "quotes", "Highlights"),
        Binding("n", "next_unread(1)", "Next unread", show=False),
        Binding("N", "next_unread(-1)", "Previous unread", show=False),
        Binding("1", "view('unread')", "Unread view", show=False),
        Binding("2", "view('archive')", "Archive view", show=False),
        Binding("3", "view('favorites')", "Favorites view", show=False),
        Binding("4", "view('all')", "All articles", show=False),
        Binding("5", "view('queued')", "Queued view", show=False),
        Binding("6", "view('failed')", "Fetch failed view", show=False),
        Binding("v", "next_view", "Next view", show=False),
        Binding("D", "demo", "Load demo articles", show=False),
        Binding("r", "reload", "Reload from disk", show=False),
        Binding("escape", "back", "Back", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="library")
        self.view: View = UNREAD
        """The view shown."""
        self.sort: Sort = "saved"
        """The order of the list (search results are ordered by relevance)."""
        self.query_text = ""
        """The search typed so far."""
        self._views: list[View] = list(FIXED_VIEWS)
        self._undo: list[tuple[str, list[Entry]]] = []
        """What z undoes, last first: ``("delete", entries)`` deleted, or
        ``("status", entries)`` archived (or unarchived) together, as they were before."""
        self._shown_query: str | None = None
        """The search whose results the list shows (None: a view's list)."""
        self._stamp: tuple[int, int] = (0, 0)
        self._looks = 0

    @property
    def reader_app(self) -> ReaderHost:
        """The running app, as the services this screen uses."""
        return cast("ReaderHost", self.app)

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Static("reader", id="brand")
                yield OptionList(id="views")
            with Vertical(id="content"):
                yield Static("", id="list-header", markup=False)
                yield Input(placeholder="/  search titles, sites and text", id="search")
                yield ArticleList(id="articles", density=self._density())
                yield Static(Content(EMPTY_TEXT), id="empty", markup=False)
        yield ImportPanel(id="import-panel")
        yield ReaderFooter()

    def on_resize(self) -> None:
        # On a narrow terminal the list gets the room; views stay on 1-4 and v.
        self.query_one("#sidebar").display = self.size.width >= NARROW

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A search or save that failed unexpectedly becomes a notification."""
        report_failed_worker(self, event.worker, event.state)

    def on_mount(self) -> None:
        self.refresh_views()
        self.reload_list()
        self.query_one(ArticleList).focus()
        self._stamp = self.reader_app.library.change_stamp()
        self.tell_merged(self.reader_app.library.last_sync.merged)
        self.set_interval(WATCH_EVERY, self.watch_outside)
        self.call_after_refresh(self.check_files)  # the app opened the library without it

    # -- data ----------------------------------------------------------------------------------

    def _density(self) -> Density:
        density = self.reader_app.settings.list_density
        return density if density in DENSITIES else "normal"

    def refresh_views(self) -> None:
        """Rebuild the sidebar with current counts and tags: the four views, the queued and
        failed ones while they hold any, then one view per tag."""
        library = self.reader_app.library
        counts = library.counts()
        tags = library.tag_counts()
        fetching = [v for v in FETCH_VIEWS if counts[COUNT_KEYS[v.key]] or v.key == self.view.key]
        self._views = [*FIXED_VIEWS, *fetching, *(tag_view(t) for t in tags)]
        options: list[Option | None] = []
        highlighted = 0
        for number, view in enumerate(self._views):
            if number == len(FIXED_VIEWS) + len(fetching) and tags:
                options.append(None)  # a separator before the tags (it takes no index)
            key = view.key
            number_of = counts[COUNT_KEYS[key]] if key in COUNT_KEYS else tags[key[4:]]
            # padded by cells: a CJK tag is twice as wide as its length says
            label = pad(safe_line(view.label), 16)
            options.append(Option(Content.assemble(f"{label} ", (f"{number_of:>5}", "dim"))))
            if view.key == self.view.key:
                highlighted = number
        views = self.query_one("#views", OptionList)
        # Someone moving through the sidebar keeps their place (an import refreshes it often).
        moving = views.highlighted if views.has_focus else None
        with self.app.batch_update():
            views.clear_options()
            views.add_options(options)
            if moving is not None and moving < views.option_count:
                views.highlighted = moving
            else:
                views.highlighted = highlighted
        self.query_one("#empty").display = counts["all"] == 0
        self.query_one(ArticleList).display = counts["all"] > 0

    def reload_list(self, keep: str | None = None) -> None:
        """Query the library for the current view, sort and search, and show the result."""
        listing = self.query_one(ArticleList)
        keep = keep or (listing.selected.id if listing.selected else None)
        library = self.reader_app.library
        if self.query_text.strip():
            self._show(self._results_now(self.query_text), keep, query=self.query_text)
            return
        entries = library.entries(self.view.filter, self.sort, limit=FIRST_PAGE)
        self._show(entries, keep)
        if len(entries) == FIRST_PAGE:
            # the rest after the first paint, so the worker thread does not delay it
            self.call_after_refresh(self._load_rest)
        else:
            self.call_after_refresh(self.reader_app.freeze_startup_objects)

    def _load_rest(self) -> None:
        """Load the whole view (unless a search started meanwhile, which loads its own)."""
        if not self.query_text.strip():
            self.run_search(self.query_text)

    def _show(
        self,
        entries: list[Entry] | EntryWindow,
        keep: str | None = None,
        *,
        top: bool = False,
        query: str | None = None,
    ) -> None:
        """Show *entries*: the current view's, or the results of the search *query*."""
        listing = self.query_one(ArticleList)
        if keep is None and listing.selected is not None and not top:
            keep = listing.selected.id
        self._shown_query = query if query and query.strip() else None
        listing.set_entries(entries, keep, top=top)
        self._update_header(len(entries))

    @property
    def shown_view(self) -> View:
        """The view the list shows: a search covers the whole library, whatever the view."""
        return ALL if self._shown_query is not None else self.view

    def _update_header(self, shown: int) -> None:
        listing = self.query_one(ArticleList)
        sort_label = dict(SORTS)[self.sort]
        query = self._shown_query
        if query is not None:
            limit = "+" if shown >= SEARCH_LIMIT else ""
            typed = safe_line(query.strip())
            text = f"{shown:,}{limit} matching “{typed}” in {SEARCHED}"
            if self.view.key != ALL.key and shown:
                library = self.reader_app.library
                here = library.count_among(listing.entries.ids, self.view.filter)
                text += f" · {here} in {self.view.label}, {shown - here} in other views"
            empty = f"Nothing matches “{fit(typed, 40)}” in {SEARCHED}"
        else:
            noun = "article" if shown == 1 else "articles"
            text = f"{self.view.label} · {shown:,} {noun} · {sort_label}"
            empty = empty_hint(self.view)
        marked = len(listing.marked)
        if marked:
            text += f" · {marked} marked: e f t d act on all"
        listing.set_empty_text(empty)
        self.query_one("#list-header", Static).update(Content(fit(text, 200)))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.run_search(event.value)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(self, text: str) -> None:
        """Search the index for *text* off the event loop; a newer keystroke cancels this."""
        library = self.reader_app.library
        flt = self.view.filter
        entries: EntryWindow
        if text.strip():
            entries = await asyncio.to_thread(self._results, text)
        else:
            ids, unread = await asyncio.to_thread(library.view_ids, flt, self.sort)
            entries = EntryWindow(ids, unread, library.entries_by_id)
        if text == self.query_text:
            self._show(entries, top=bool(text.strip()), query=text)
        self.reader_app.freeze_startup_objects()  # the first whole list is loaded

    def _results(self, text: str) -> EntryWindow:
        """The results of searching *text*, best first, read a page at a time (thread-safe:
        it reads the index, and touches no widget)."""
        library = self.reader_app.library
        ids, unread = library.search_ids(text, ALL.filter, SEARCH_LIMIT)
        return EntryWindow(ids, unread, library.entries_by_id)

    def _results_now(self, text: str) -> EntryWindow:
        """`_results` on the event loop: a failure is a notification and no results,
        never a dead app (a worker's failure is reported the same way)."""
        try:
            return self._results(text)
        except Exception as error:  # a bug or a broken index must not end the app
            report_error(self, error)
            return EntryWindow([], bytearray(), self.reader_app.library.entries_by_id)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        """Enter in the search box opens the first result (searching first, if the
        results of what was typed are not in yet)."""
        listing = self.query_one(ArticleList)
        focus_now(listing)
        text = self.query_text
        if not text.strip():
            return
        if self._shown_query != text:
            self.workers.cancel_group(self, "search")
            self._show(self._results_now(text), top=True, query=text)
        if listing.entries:
            listing.move_to(0)
            self.open_article(listing.entries[0])

    def action_results(self) -> None:
        """Down from the search box goes to the results."""
        if self.query_one("#search", Input).has_focus:
            self.query_one(ArticleList).focus()

    @on(OptionList.OptionSelected, "#views")
    def _view_selected(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self._views):
            self.show_view(self._views[index])
            self.query_one(ArticleList).focus()

    def show_view(self, view: View) -> None:
        """Switch the list to *view*."""
        self.view = view
        self.refresh_views()
        self.reload_list()

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.open_article(event.entry)

    def open_article(self, entry: Entry) -> None:
        """Show *entry* in the article screen."""
        from reader.ui.screens.article_screen import ArticleScreen

        try:
            markdown = self.reader_app.library.markdown(entry.id)
        except ReaderError as exc:
            self.notify(f"Cannot open this article: {exc}", severity="error", markup=False)
            return
        screen = ArticleScreen(entry, markdown, neighbour=self.neighbour, save_url=self.save_url)
        self.app.push_screen(screen, self._article_closed)

    def action_quotes(self) -> None:
        """Show every highlight; Enter opens its article at the passage."""
        from reader.ui.screens.quotes_screen import QuotesScreen

        self.app.push_screen(QuotesScreen(self.open_passage))

    def open_passage(self, entry_id: str, highlight_id: str) -> None:
        """Open article *entry_id* at its highlight *highlight_id* (over the quotes)."""
        from reader.ui.screens.article_screen import ArticleScreen

        library = self.reader_app.library
        try:
            entry = library.get(entry_id)
            markdown = library.markdown(entry.id)
        except ReaderError as exc:
            self.notify(f"Cannot open this article: {exc}", severity="error", markup=False)
            return
        screen = ArticleScreen(entry, markdown, save_url=self.save_url, highlight=highlight_id)
        self.app.push_screen(screen, self._article_closed)

    def neighbour(self, entry_id: str, delta: int) -> Entry | None:
        """The next unread article after *entry_id* in the list, going *delta* (1 or -1)
        rows at a time: n and N while reading, as in the list."""
        listing = self.query_one(ArticleList)
        index = listing.index_of(entry_id)
        if index is None:
            return None
        found = listing.next_unread(index, delta)
        return None if found is None else listing.entries[found]

    def _article_closed(self, result: ArticleClosed | None) -> None:
        if result is None:
            return
        if result.outcome == "delete":
            self._delete(result.entry_id)
            return
        try:
            entry = self.reader_app.library.get(result.entry_id)
        except ReaderError:
            self.reload_list()
            return
        self._changed(entry)
        if result.outcome == "open" and result.open_next:
            listing = self.query_one(ArticleList)
            index = listing.index_of(result.open_next)
            if index is not None:
                listing.move_to(index)
                self.call_later(self.open_article, listing.entries[index])

    def _changed(self, entry: Entry) -> None:
        """Show *entry*'s new state: redrawn in place, or removed if it left the view."""
        listing = self.query_one(ArticleList)
        if self.shown_view.holds(entry):
            listing.replace_entry(entry)
        else:
            listing.remove_entry(entry.id)
            self._update_header(len(listing.entries))
        self.refresh_views()

    # -- actions on the selected article ------------------------------------------------------

    def _selected(self) -> Entry | None:
        entry = self.query_one(ArticleList).selected
        if entry is None:
            self.notify("No article selected.", severity="warning")
        return entry

    def action_search(self) -> None:
        """Focus the search box."""
        focus_now(self.query_one("#search", Input))

    def action_back(self) -> None:
        """Leave the search box; then escape unmarks the marked articles; then it clears
        the search."""
        search = self.query_one("#search", Input)
        listing = self.query_one(ArticleList)
        if search.has_focus or self.focused is not listing:
            focus_now(listing)
        elif listing.marked:
            listing.clear_marks()
            self._update_header(len(listing.entries))
        elif search.value:
            search.value = ""

    def _marked(self) -> list[Entry]:
        """The marked articles (what e, f, t and d act on while there are some)."""
        return self.query_one(ArticleList).marked_entries()

    def action_mark(self) -> None:
        """Mark the selected article to act on it with others (or unmark it)."""
        listing = self.query_one(ArticleList)
        listing.toggle_mark()
        self._update_header(len(listing.entries))

    def action_archive(self) -> None:
        """Archive the selected article (or the marked ones), or move archived ones back
        to unread."""
        marked = self._marked()
        if marked:
            status: Status = "archived" if any(e.status == "unread" for e in marked) else "unread"
            done = self._set_status_of(marked, status)
            verb = "Archived" if status == "archived" else "Moved to unread:"
            self.notify(f"{verb} {count(done, 'article')} (z undoes)")
            return
        entry = self._selected()
        if entry is None:
            return
        status = "unread" if entry.status == "archived" else "archived"
        updated = self._apply(lambda: self.reader_app.library.set_status(entry.id, status))
        if updated is not None:
            verb = "Archived" if status == "archived" else "Moved to unread:"
            self.notify(f"{verb} “{fit(safe_line(entry.title), 50)}”", markup=False)

    def action_archive_above(self) -> None:
        """Archive every unread article above the selected one in the list (z undoes)."""
        listing = self.query_one(ArticleList)
        above = listing.entries.unread_before(listing.cursor)
        if not above:
            self.notify("Nothing unread above this article.")
            return
        done = self._set_status_of(above, "archived")
        self.notify(f"Archived {count(done, 'article')} above this one (z undoes)")

    def _set_status_of(self, entries: list[Entry], status: Status) -> int:
        """Give each of *entries* *status* (one file at a time, as `e` does), remember
        them for undo, and show the list again; the number changed."""
        library = self.reader_app.library
        before: list[Entry] = []
        problems: list[str] = []
        for entry in entries:
            if entry.status == status:
                continue
            try:
                library.set_status(entry.id, status)
            except ReaderError as exc:
                problems.append(str(exc))
                continue
            before.append(entry)
        if before:
            self._undo.append(("status", before))
        self._after_bulk(problems)
        return len(before)

    def _after_bulk(self, problems: list[str]) -> None:
        """Unmark, show the list and the counts again, and say what failed."""
        listing = self.query_one(ArticleList)
        listing.clear_marks()
        self.refresh_views()
        self.reload_list()
        if problems:
            self.notify("\n".join(problems[:3]), severity="error", markup=False)

    def action_favorite(self) -> None:
        """Mark or unmark the selected article (or the marked ones) as a favorite."""
        marked = self._marked()
        if marked:
            favorite = not all(e.favorite for e in marked)
            library = self.reader_app.library
            problems: list[str] = []
            for item in marked:
                try:
                    library.set_favorite(item.id, favorite)
                except ReaderError as exc:
                    problems.append(str(exc))
            self._after_bulk(problems)
            return
        entry = self._selected()
        if entry is not None:
            self._apply(lambda: self.reader_app.library.set_favorite(entry.id, not entry.favorite))

    def _apply(self, change: Callable[[], Entry]) -> Entry | None:
        """Run a library *change* that returns the new Entry, reporting errors."""
        try:
            entry = change()
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        self._changed(entry)
        return entry

    def action_tag(self) -> None:
        """Edit the selected article's tags (or the tags the marked ones share)."""
        marked = self._marked()
        entry = None if marked else self._selected()
        if not marked and entry is None:
            return
        targets = marked or [cast("Entry", entry)]
        known = list(self.reader_app.library.tag_counts())
        shared = [
            t
            for t in targets[0].tags
            if all(t.casefold() in {u.casefold() for u in e.tags} for e in targets[1:])
        ]

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is None:
                return
            library = self.reader_app.library
            keep = {t.casefold() for t in tags}
            dropped = [t for t in shared if t.casefold() not in keep]
            problems: list[str] = []
            for target in targets:

                def change(target: Entry = target) -> Entry:
                    if dropped:
                        library.remove_tags(target.id, dropped)
                    return library.add_tags(target.id, tags)

                if marked:
                    try:
                        change()
                    except ReaderError as exc:
                        problems.append(str(exc))
                else:
                    self._apply(change)
            if marked:
                self._after_bulk(problems)

        from reader.ui.dialogs.tag_dialog import TagDialog  # the dialogs load when first used

        title = f"{count(len(marked), 'marked article')}" if marked else targets[0].title
        self.app.push_screen(TagDialog(title, shared, known), done)

    def action_rename_tag(self) -> None:
        """Rename the tag of the view shown (to an existing tag: merge the two)."""
        if not self.view.key.startswith("tag:"):
            self.notify("Open a tag's view first (tab, then the tag), then R renames it.")
            return
        old = self.view.key[4:]

        def done(tags: tuple[str, ...] | None) -> None:
            if not tags or tags[0] == old:
                return
            new = tags[0]
            merged = any(
                t.casefold() == new.casefold() and t.casefold() != old.casefold()
                for t in self.reader_app.library.tag_counts()
            )
            try:
                changed = self.reader_app.library.rename_tag(old, new)
            except ReaderError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.view = tag_view(new)
            self.refresh_views()
            self.reload_list()
            verb = "Merged" if merged else "Renamed"
            link = "into" if merged else "to"
            self.notify(
                f"{verb} #{safe_line(old)} {link} #{safe_line(new)} on "
                f"{count(len(changed), 'article')}",
                markup=False,
            )

        from reader.ui.dialogs.tag_dialog import TagDialog

        known = [t for t in self.reader_app.library.tag_counts() if t != old]
        self.app.push_screen(TagDialog(f"Rename #{old}", (old,), known, rename=True), done)

    def action_delete(self) -> None:
        """Delete the selected article, or the marked ones (to the library's trash; z
        brings them back)."""
        marked = self._marked()
        if marked:
            library = self.reader_app.library
            deleted: list[Entry] = []
            problems: list[str] = []
            for item in marked:
                try:
                    deleted.append(library.delete(item.id))
                except ReaderError as exc:
                    problems.append(str(exc))
            if deleted:
                self._undo.append(("delete", deleted))
            self._after_bulk(problems)
            self.notify(f"Deleted {count(len(deleted), 'article')}. Press z to undo.")
            return
        entry = self._selected()
        if entry is not None:
            self._delete(entry.id)

    def _delete(self, entry_id: str) -> None:
        try:
            entry = self.reader_app.library.delete(entry_id)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._undo.append(("delete", [entry]))
        self.query_one(ArticleList).remove_entry(entry.id)
        self.refresh_views()
        self._update_header(len(self.query_one(ArticleList).entries))
        title = fit(safe_line(entry.title), 50)
        self.notify(f"Deleted “{title}”. Press z to undo.", markup=False)

    def action_undo(self) -> None:
        """Bring back the last deleted article (or articles deleted together), or put the
        articles archived together back as they were."""
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        kind, entries = self._undo.pop()
        library = self.reader_app.library
        back: list[Entry] = []
        problems: list[str] = []
        for entry in entries:
            try:
                if kind == "delete":
                    back.append(library.restore(entry))
                else:
                    back.append(library.set_status(entry.id, entry.status))
            except ReaderError as exc:
                problems.append(str(exc))
        self.refresh_views()
        self.reload_list(keep=back[0].id if back else None)
        if problems:
            self.notify("\n".join(problems[:3]), severity="error", markup=False)
        if len(back) == 1 and kind == "delete":
            self.notify(f"Restored “{fit(safe_line(back[0].title), 50)}”", markup=False)
        elif back:
            verb = "Restored" if kind == "delete" else "Put back"
            self.notify(f"{verb} {count(len(back), 'article')}")

    def action_browser(self) -> None:
        """Open the selected article's original page in the web browser."""
        entry = self._selected()
        if entry is not None:
            self.reader_app.open_link(entry.url)

    def action_copy_url(self) -> None:
        """Copy the selected article's URL to the clipboard."""
        entry = self._selected()
        if entry is not None:
            self.reader_app.copy_text(entry.url)

    def action_sort(self) -> None:
        """Cycle the order: newest first, oldest first, shortest first, by title, by site."""
        keys = [key for key, _ in SORTS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.reload_list()
        self.notify(f"Sorted {dict(SORTS)[self.sort]}")

    def action_next_unread(self, delta: int) -> None:
        """Move to the next (or previous) unread article in the list."""
        listing = self.query_one(ArticleList)
        index = listing.next_unread(listing.cursor, delta)
        if index is not None:
            listing.move_to(index)
            return
        self.notify("No more unread articles this way.")

    def action_view(self, key: str) -> None:
        """Switch to the view named *key*."""
        for view in (*self._views, *FETCH_VIEWS):
            if view.key == key:
                self.show_view(view)
                return

    def action_density(self) -> None:
        """Cycle the list's density (compact, normal, with excerpts); it is remembered."""
        listing = self.query_one(ArticleList)
        density = DENSITIES[(DENSITIES.index(listing.density) + 1) % len(DENSITIES)]
        listing.set_density(density)
        self.reader_app.update_settings(list_density=density)
        self.notify(f"List: {DENSITY_NAMES[density]}")

    def action_next_view(self) -> None:
        """Cycle through the views."""
        keys = [v.key for v in self._views]
        index = keys.index(self.view.key) if self.view.key in keys else -1
        self.show_view(self._views[(index + 1) % len(self._views)])

    def action_reload(self) -> None:
        """Pick up changes made outside the app (reader add, hand edits)."""
        report = self.reader_app.library.sync()
        self.refresh_views()
        self.reload_list()
        self.tell_merged(report.merged)
        if report.problems:
            self.notify("\n".join(report.problems[:3]), severity="warning", markup=False)

    def watch_outside(self) -> bool:
        """Show what changed outside the app since the last look, if anything did
        (while this screen is the one shown; an open article is left alone). True
        when the list was refreshed."""
        library = self.reader_app.library
        self._looks += 1
        try:
            stamp = library.change_stamp()
        except ReaderError:
            return False
        if not self.is_current:
            return False
        if self.query_one(ImportPanel).running:
            self._stamp = stamp  # the import's own writes: its panel refreshes the list
            return False
        if stamp == self._stamp:
            if self._looks % CHECK_FILES_EVERY == 0:
                self.check_files()
            return False
        self.sync_quietly(check_files=False)  # check_files does that part, in a thread
        self._stamp = library.change_stamp()  # the sync's own writes are not news
        return True

    @work(thread=True, exclusive=True, group="check-files", exit_on_error=False)
    def check_files(self) -> None:
        """Look for article files edited in place (in a thread: it stats every file) and
        show them when there are some."""
        library = self.reader_app.library
        try:
            before = library.change_stamp()
            report = library.sync()
            after = library.change_stamp()
        except ReaderError:
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            if report.indexed or report.removed or report.merged:
                self.app.call_from_thread(self.tell_merged, report.merged)
                self.app.call_from_thread(self.watch_outside)
            else:  # the check's own bookkeeping write is not news
                self.app.call_from_thread(self._forget_own_write, before, after)

    def _forget_own_write(self, before: tuple[int, int], after: tuple[int, int]) -> None:
        """Take *after* as the last stamp seen if nothing else changed since *before*."""
        if self._stamp == before:
            self._stamp = after

    def sync_quietly(self, *, check_files: bool = True) -> None:
        """Pick up articles added or changed outside the app: `reader add` updates the
        shared index itself, a hand edit needs a sync (see `Library.sync`)."""
        with contextlib.suppress(ReaderError):
            report = self.reader_app.library.sync(check_files=check_files)
            self.tell_merged(report.merged)
        self.refresh_views()
        self.reload_list()

    def tell_merged(self, merged: list[str]) -> None:
        """Say, once, what was merged of the conflicts a sync engine left (Syncthing, git)."""
        if merged:
            shown = merged[:3] + ([f"and {len(merged) - 3} more"] if len(merged) > 3 else [])
            self.notify("\n".join(shown), title="Merged from another machine", markup=False)

    def action_demo(self) -> None:
        """Open the bundled demo articles in a temporary library."""
        if self.query_one(ImportPanel).running:
            self.notify(f"An import is running ({STOP_KEY} stops it).", severity="warning")
            return
        self.reader_app.open_demo_library()
        self.view = UNREAD
        self.query_text = ""
        self.query_one("#search", Input).value = ""
        self.refresh_views()
        self.reload_list()
        self.query_one(ArticleList).focus()
        self.notify("Demo library loaded (a temporary copy; your library is untouched).")

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit the app."""
        await self.reader_app.action_quit()

    # -- saving URLs ---------------------------------------------------------------------------

    def action_add(self, url: str = "") -> None:
        """Ask for a URL and save it."""

        def done(request: AddRequest | None) -> None:
            if request is not None:
                self.save_url(request.url, request.tags)

        from reader.ui.dialogs.add_dialog import AddDialog

        self.app.push_screen(AddDialog(url), done)

    def save_url(self, url: str, tags: tuple[str, ...] = ()) -> None:
        """Fetch and save *url* in the background; the list shows it when done."""
        self.notify(f"Saving {fit(safe_line(url), 70)}…", markup=False, timeout=3)
        self._save_worker(url, tags)

    @work(group="save", exit_on_error=False)
    async def _save_worker(self, url: str, tags: tuple[str, ...]) -> None:
        """Fetch, extract and store *url* (extraction runs in a thread inside the library)."""
        try:
            result = await self.reader_app.library.save_url_async(url, tags=tags)
        except ReaderError as exc:
            self.notify(
                f"Could not save {fit(safe_line(url), 60)}:\n{safe_line(str(exc))}",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        except Exception as exc:  # a bug in fetch/extract must not take the app down
            self.notify(
                f"Could not save {fit(safe_line(url), 60)}: "
                f"{type(exc).__name__}: {safe_line(str(exc))}",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        entry = result.entry
        title = fit(safe_line(entry.title), 60)
        if not self.view.holds(entry) or self.query_text:
            self.view = UNREAD if entry.status == "unread" else ALL
            self.query_text = ""
            self.query_one("#search", Input).value = ""
        self.refresh_views()
        self.reload_list(keep=entry.id)
        verb = "Saved" if result.created else "Already saved"
        self.notify(f"{verb} “{title}”", markup=False)

    # -- importing -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stopping an import is offered only while one runs."""
        if action == "stop_import":
            return self.query_one(ImportPanel).running
        return True

    def action_import(self) -> None:
        """Ask for an export file (or a folder of notes) and import it in the background."""
        from reader.importers import FORMATS
        from reader.ui.dialogs.import_dialog import ImportDialog

        if self._import_running():
            return

        def done(request: ImportRequest | None) -> None:
            if request is not None:
                self.start_import(request)

        self.app.push_screen(ImportDialog(FORMATS), done)

    def start_import(self, request: ImportRequest) -> None:
        """Import what *request* names; progress shows above the footer."""
        if self._import_running():
            return
        self.query_one(ImportPanel).start(
            self.reader_app.library,
            request.path,
            fmt=request.format,
            tags=request.tags,
            fetch=request.fetch,
            images=self.reader_app.settings.images,
        )

    def action_fetch_queue(self) -> None:
        """Fetch the articles still waiting, and try the failed ones again (what `reader
        import --resume` and `reader retry` do)."""
        if not self._import_running():
            app = self.reader_app
            panel = self.query_one(ImportPanel)
            panel.start(app.library, None, images=app.settings.images, retry_failed=True)

    def action_stop_import(self) -> None:
        """Stop the running import; what it has not fetched stays queued."""
        self.query_one(ImportPanel).stop()

    def _import_running(self) -> bool:
        if self.query_one(ImportPanel).running:
            self.notify(f"An import is running ({STOP_KEY} stops it).", severity="warning")
            return True
        return False

    @on(ImportPanel.LibraryChanged)
    def _import_saved(self, message: ImportPanel.LibraryChanged) -> None:
        """Show what the import added or fetched, keeping the selection."""
        self.refresh_views()
        self.reload_list()
