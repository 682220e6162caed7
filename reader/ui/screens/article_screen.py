"""Reading one article: the rendered text, its links, find, and the article's actions.

Progress is saved when the screen closes and restored when it opens. With the
``archive_at_end`` setting on, reading to the end archives the article: scrolling
there by lines, pages or the wheel, or staying at the end for `END_DWELL` seconds
(``G`` only looks: it archives nothing unless the reader stays).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast
from urllib.parse import urljoin

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from reader.errors import ReaderError
from reader.images import local_image_path
from reader.images.refs import original_address
from reader.library import Library
from reader.library.links import Link
from reader.models import Entry, Status
from reader.ui.dialogs.links_dialog import LinkAction, LinksDialog
from reader.ui.dialogs.tag_dialog import TagDialog
from reader.ui.focus import focus_now
from reader.ui.images import inline_images
from reader.ui.link_hints import Typed, read_typed
from reader.ui.messages import ArticleClosed
from reader.ui.text import fit, pad, safe_line, site_of
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.blocks import Block
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.highlighting_article_view import HighlightingArticleView
from reader.ui.worker_errors import report_failed_worker

if TYPE_CHECKING:
    from reader.ui.host import ReaderHost

Neighbour = Callable[[str, int], Entry | None]
SaveUrl = Callable[[str, tuple[str, ...]], None]
WIDTH_STEP = 4
#: Seconds at the end, after a jump there, that count as having read it.
END_DWELL = 5.0
HINT_PROMPT = "link number: opens it · s then number: save to reader · y then number: copy"


class ArticleScreen(Screen[ArticleClosed]):
    """One article, rendered for reading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
        Binding("u", "links", "Links"),
        Binding("f", "link_hints", "Follow"),
        # Not in the footer, so that it fits 100 columns (help and the palette list it).
        Binding("o", "browser", "Browser", show=False),
        Binding("e", "archive", "Archive"),
        # f follows links here (as in w3m and browsers' hint modes): the star is the favorite
        Binding("asterisk", "favorite", "Favorite", key_display="*"),
        Binding("t", "tag", "Tag"),
        Binding("d", "delete", "Delete", show=False),
        Binding("y,c", "copy_url", "Copy URL", show=False),
        Binding("slash", "find", "Find", key_display="/"),
        Binding("greater_than_sign", "match(1)", "Next match", show=False, key_display=">"),
        Binding("less_than_sign", "match(-1)", "Previous match", show=False, key_display="<"),
        # as in the library: n and N go to the next and previous unread article
        Binding("n", "next(1)", "Next unread", show=False),
        Binding("N", "next(-1)", "Previous unread", show=False),
        Binding("plus,equals_sign", "width(1)", "Wider text", show=False),
        Binding("minus", "width(-1)", "Narrower text", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("F", "fetch", "Fetch"),
    ]

    def __init__(
        self,
        entry: Entry,
        markdown: str,
        *,
        neighbour: Neighbour | None = None,
        save_url: SaveUrl | None = None,
        highlight: str | None = None,
    ) -> None:
        """Show *entry* (body *markdown*); *neighbour* finds the next unread article for n/N,
        *save_url* saves a link to reader; *highlight* (an id) opens it at that passage."""
        super().__init__()
        self.entry = entry
        """The article shown (updated as its state changes)."""
        self.markdown = markdown
        """Its markdown body."""
        self._neighbour = neighbour
        self._save_url = save_url
        self._matches: list[tuple[Block, int]] = []
        self._match = -1
        self._find_text = ""
        self._end_timer: Timer | None = None
        self._hint_links: list[Link] = []
        self._view = self._make_view(entry, markdown, highlight)

    def _make_view(
        self, entry: Entry, markdown: str, highlight: str | None = None
    ) -> HighlightingArticleView:
        view = HighlightingArticleView(
            entry,
            markdown,
            library=self.reader_app.library,
            width=self.reader_app.settings.reading_width,
            jump_to=highlight,
        )
        view.images = inline_images(self.reader_app)
        return view

    @property
    def reader_app(self) -> ReaderHost:
        """The running app, as the services this screen uses."""
        return cast("ReaderHost", self.app)

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self._view

    def compose(self) -> ComposeResult:
        yield Static("", id="article-bar", markup=False)
        yield self._view
        yield Input(placeholder="find in article", id="find")
        yield Input(placeholder=HINT_PROMPT, id="hint", restrict=r"[sy]?[0-9]*")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._view_shown()
        self.query_one("#find").display = False
        self.query_one("#hint").display = False
        if not self.entry.fetched and not self.entry.fetch_error:
            self.action_fetch()  # an imported link never tried: opening it fetches it

    def _view_shown(self) -> None:
        view = self.view
        view.restore(self.entry.progress)
        view.focus()
        self.watch(view, "scroll_y", self._update_bar, init=False)
        self._update_bar()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A fetch that failed unexpectedly becomes a notification."""
        report_failed_worker(self, event.worker, event.state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``F`` (fetch now) only for an article that has no text yet."""
        if action == "fetch":
            return not self.entry.fetched
        return True

    def action_fetch(self) -> None:
        """Fetch this queued (or failed) article now, then show it."""
        if not self.entry.fetched:
            self.notify(f"Fetching {fit(safe_line(self.entry.url), 60)}…", timeout=3)
            self._fetch_now()

    @work(group="fetch", exclusive=True, exit_on_error=False)
    async def _fetch_now(self) -> None:
        from reader.importers.queue import run_queue

        app = self.reader_app
        report = await run_queue(app.library, ids=[self.entry.id], images=app.settings.images)
        try:
            entry = app.library.get(self.entry.id)
            markdown = app.library.markdown(entry.id) if entry.fetched else ""
        except ReaderError as exc:  # deleted meanwhile
            self.notify(str(exc), severity="error", markup=False)
            return
        if report.failed:
            reason = safe_line(report.failed[0][1])
            self.notify(f"Could not fetch it: {reason}", severity="error", markup=False)
        await self._replace_view(entry, markdown)

    async def _replace_view(self, entry: Entry, markdown: str) -> None:
        """Show *entry* (now with *markdown*) in a new view in place of the old one."""
        old = self._view
        self.entry, self.markdown = entry, markdown
        self._view = self._make_view(entry, markdown)
        self._matches, self._match = [], -1
        await self.mount(self._view, after=old)
        await old.remove()
        self._view_shown()
        self.refresh_bindings()

    def _update_bar(self, *_: object) -> None:
        if self._end_timer is not None and not self.view.at_end():
            self._stop_end_timer()  # left the end before the dwell was up
        if self._hint_links:
            self.view.show_link_hints()  # scrolled while numbering: number what came in view
        entry = self.entry
        state = []
        if entry.status == "archived":
            state.append("archived")
        if entry.favorite:
            state.append("★")
        left = f" {site_of(entry)} · {safe_line(entry.title)}"
        percent = f"{round(self.view.progress() * 100)}%"
        minutes = self.view.minutes_left() if self.markdown.strip() else 0
        left_to_read = [f"{minutes} min left"] if minutes else []
        right = "  ".join([*state, *left_to_read, percent]) + " "
        # measured in cells: a CJK title is twice as wide as its length
        room = max(10, self.size.width - cell_len(right) - 1)
        line = pad(left, room) + " " + right
        # One line of a fixed size: no new layout (of every block of the article) for it.
        self.query_one("#article-bar", Static).update(Content(line), layout=False)

    # -- leaving -------------------------------------------------------------------------------

    def save_progress(self) -> None:
        """Remember how far the reader got."""
        progress = round(self.view.progress(), 4)
        if abs(progress - self.entry.progress) < 0.0005:
            return
        try:
            self.entry = self.reader_app.library.set_progress(self.entry.id, progress)
        except ReaderError as exc:
            self.notify(f"Could not save the reading position: {exc}", markup=False)

    def action_back(self) -> None:
        """Close the link hints or the find bar, or go back to the library."""
        if self.query_one("#hint", Input).display:
            self._close_hints()
            return
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.screen.clear_selection()
            self.view.focus()
            return
        self._stop_end_timer()
        self.save_progress()
        self.dismiss(ArticleClosed(self.entry.id))

    # -- end of article ------------------------------------------------------------------------

    @on(ArticleView.Loaded)
    def _loaded(self) -> None:
        self._update_bar()  # the time left counts every block now

    @on(ArticleView.ReachedEnd)
    def _reached_end(self, event: ArticleView.ReachedEnd) -> None:
        if not self._archives_at_end():
            return
        if event.jumped:  # a look at the end: it counts once the reader stays there
            self._stop_end_timer()
            self._end_timer = self.set_timer(END_DWELL, self._stayed_at_end)
        else:
            self._archive_at_end()

    def _archives_at_end(self) -> bool:
        return self.reader_app.settings.archive_at_end and self.entry.status == "unread"

    def _stayed_at_end(self) -> None:
        self._end_timer = None
        if self.view.at_end() and self._archives_at_end() and self.is_current:
            self._archive_at_end()

    def _stop_end_timer(self) -> None:
        if self._end_timer is not None:
            self._end_timer.stop()
            self._end_timer = None

    def _archive_at_end(self) -> None:
        self._set(lambda lib: lib.set_status(self.entry.id, "archived"))
        self.notify("Reached the end: archived.")

    # -- actions -------------------------------------------------------------------------------

    def _set(self, change: Callable[[Library], Entry]) -> None:
        try:
            self.entry = change(self.reader_app.library)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self._update_bar()

    def action_archive(self) -> None:
        """Archive the article (or move it back to unread)."""
        status: Status = "unread" if self.entry.status == "archived" else "archived"
        self._set(lambda lib: lib.set_status(self.entry.id, status))
        self.notify("Archived." if status == "archived" else "Moved back to unread.")

    def action_favorite(self) -> None:
        """Mark or unmark the article as a favorite."""
        self._set(lambda lib: lib.set_favorite(self.entry.id, not self.entry.favorite))

    def action_tag(self) -> None:
        """Edit the article's tags."""
        known = list(self.reader_app.library.tag_counts())

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is None:
                return
            keep = {t.casefold() for t in tags}
            dropped = [t for t in self.entry.tags if t.casefold() not in keep]

            def change(library: Library) -> Entry:
                if dropped:
                    library.remove_tags(self.entry.id, dropped)
                return library.add_tags(self.entry.id, tags)

            self._set(change)

        self.app.push_screen(TagDialog(self.entry.title, self.entry.tags, known), done)

    def action_delete(self) -> None:
        """Delete the article and go back (the library offers undo)."""
        self.dismiss(ArticleClosed(self.entry.id, "delete"))

    def action_browser(self) -> None:
        """Open the original page in the web browser."""
        self.reader_app.open_link(self.entry.url)

    def action_copy_url(self) -> None:
        """Copy the article's URL."""
        self.reader_app.copy_text(self.entry.url)

    def action_width(self, delta: int) -> None:
        """Widen or narrow the text column (remembered in the settings)."""
        settings = self.reader_app.settings
        width = max(40, min(160, settings.reading_width + delta * WIDTH_STEP))
        self.reader_app.update_settings(reading_width=width)
        self.view.set_reading_width(width)
        self.notify(f"Text width: {width} columns")

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen("Article"))

    # -- links ---------------------------------------------------------------------------------

    def absolute(self, href: str) -> str:
        """*href* made absolute against the article's URL (a saved image: its original)."""
        return original_address(self.markdown, href) or urljoin(self.entry.url, href)

    def action_links(self) -> None:
        """List the article's links: open one, save it to reader, or copy it."""

        def done(choice: tuple[LinkAction, str] | None) -> None:
            if choice is not None:
                self.use_link(*choice)

        self.app.push_screen(LinksDialog(self.view.links()), done)

    def use_link(self, action: LinkAction, href: str) -> None:
        """Open, save or copy the link *href*."""
        if action == "open":
            saved = local_image_path(self.reader_app.library.root, self.entry.id, href)
            if saved is not None:
                self.reader_app.open_file(saved)
                return
        url = self.absolute(href)
        if action == "open":
            self.reader_app.open_link(url)
        elif action == "copy":
            self.reader_app.copy_text(url)
        elif self._save_url is not None:
            self._save_url(url, ())

    def action_link_hints(self) -> None:
        """Number the links on screen; typing a number opens (or saves, copies) that link."""
        links = self.view.links()
        if not links:
            self.notify("This article has no links.")
            return
        self._hint_links = links
        self.view.show_link_hints()
        hint = self.query_one("#hint", Input)
        hint.value = ""
        hint.display = True
        focus_now(hint)

    def _close_hints(self) -> None:
        self._hint_links = []
        hint = self.query_one("#hint", Input)
        hint.display = False
        hint.value = ""
        self.view.hide_link_hints()
        focus_now(self.view)

    @on(Input.Changed, "#hint")
    def _hint_typed(self, event: Input.Changed) -> None:
        typed = read_typed(event.value, len(self._hint_links))
        if typed.complete:
            self._follow(typed)

    @on(Input.Submitted, "#hint")
    def _hint_submitted(self, event: Input.Submitted) -> None:
        typed = read_typed(event.value, len(self._hint_links))
        if typed.number is None:
            count = len(self._hint_links)
            self.notify(f"Type a link number from 1 to {count} (escape cancels).", timeout=3)
            return
        self._follow(typed)

    def _follow(self, typed: Typed) -> None:
        """Do what the reader typed in the hint prompt, and close it."""
        links = self._hint_links
        self._close_hints()
        if typed.number is not None and typed.number <= len(links):
            self.use_link(typed.action, links[typed.number - 1].href)

    @on(Block.LinkClicked)
    def _link_clicked(self, event: Block.LinkClicked) -> None:
        self.use_link("open", event.href)

    # -- find ----------------------------------------------------------------------------------

    def action_find(self) -> None:
        """Show the find bar."""
        find = self.query_one("#find", Input)
        find.display = True
        focus_now(find)

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self._find_text = event.value
        self._matches = self.view.find(event.value)
        focus_now(self.view)
        if not self._matches:
            self.notify(f"Not found: {fit(safe_line(event.value), 40)}", markup=False)
            return
        # like vim: the first match at or after the top of the screen
        top = self.view.top_block()
        start = top.index if top is not None and self.view.scroll_y > 0 else 0
        following = [n for n, (block, _) in enumerate(self._matches) if block.index >= start]
        self._match = (following[0] if following else 0) - 1
        self.action_match(1)

    def action_match(self, delta: int) -> None:
        """Go to the next (or previous) match of the last find."""
        if not self._matches:
            self.notify("No matches to go through: / finds in the article.")
            return
        self._match = (self._match + delta) % len(self._matches)
        block, start = self._matches[self._match]
        self.view.show_match(block, start, len(self._find_text))
        where = f"Match {self._match + 1} of {len(self._matches)}"
        self.notify(f"{where} (> next, < previous)", timeout=2)

    def action_next(self, delta: int) -> None:
        """Open the next (or previous) unread article of the library's list."""
        if self._neighbour is None:
            self.notify("Opened from the quotes: n and N work from the library's list.")
            return
        following = self._neighbour(self.entry.id, delta)
        if following is None:
            self.notify("No more unread articles this way.")
            return
        self._stop_end_timer()
        self.save_progress()
        self.dismiss(ArticleClosed(self.entry.id, "open", following.id))
