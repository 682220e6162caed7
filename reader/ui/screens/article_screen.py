"""Reading one article: the rendered text, its links, find, and the article's actions.

Progress is saved when the screen closes and restored when it opens; reaching
the end archives the article when the ``archive_at_end`` setting is on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast
from urllib.parse import urljoin

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker

from reader.errors import ReaderError
from reader.images import local_image_path
from reader.images.refs import original_address
from reader.library import Library
from reader.models import Entry, Status
from reader.ui.dialogs.links_dialog import LinkAction, LinksDialog
from reader.ui.dialogs.tag_dialog import TagDialog
from reader.ui.images import inline_images
from reader.ui.messages import ArticleClosed
from reader.ui.text import fit, safe_line, site_of
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


class ArticleScreen(Screen[ArticleClosed]):
    """One article, rendered for reading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
        Binding("u", "links", "Links"),
        # Not in the footer, so that it fits 100 columns (help and the palette list it).
        Binding("o", "browser", "Browser", show=False),
        Binding("e", "archive", "Archive"),
        Binding("f", "favorite", "Favorite"),
        Binding("t", "tag", "Tag"),
        Binding("d", "delete", "Delete", show=False),
        Binding("y,c", "copy_url", "Copy URL", show=False),
        Binding("slash", "find", "Find", key_display="/"),
        Binding("n", "next(1)", "Next match / article", show=False),
        Binding("N", "next(-1)", "Previous match / article", show=False),
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
        """Show *entry* (body *markdown*); *neighbour* finds the next article for n/N,
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
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._view_shown()
        self.query_one("#find").display = False
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
        entry = self.entry
        state = []
        if entry.status == "archived":
            state.append("archived")
        if entry.favorite:
            state.append("★")
        left = f" {site_of(entry)} · {safe_line(entry.title)}"
        percent = f"{round(self.view.progress() * 100)}%"
        right = "  ".join([*state, percent]) + " "
        room = max(10, self.size.width - len(right) - 1)
        line = fit(left, room).ljust(room) + " " + right
        self.query_one("#article-bar", Static).update(Content(line))

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
        """Close the find bar, or go back to the library."""
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.screen.clear_selection()
            self.view.focus()
            return
        self.save_progress()
        self.dismiss(ArticleClosed(self.entry.id))

    # -- end of article ------------------------------------------------------------------------

    @on(ArticleView.ReachedEnd)
    def _reached_end(self) -> None:
        if self.reader_app.settings.archive_at_end and self.entry.status == "unread":
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
        self.app.copy_to_clipboard(self.entry.url)
        self.notify(f"Copied {fit(safe_line(self.entry.url), 70)}", markup=False)

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

        self.app.push_screen(HelpScreen())

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
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {fit(safe_line(url), 70)}", markup=False)
        elif self._save_url is not None:
            self._save_url(url, ())

    @on(Block.LinkClicked)
    def _link_clicked(self, event: Block.LinkClicked) -> None:
        self.use_link("open", event.href)

    # -- find ----------------------------------------------------------------------------------

    def action_find(self) -> None:
        """Show the find bar."""
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self._find_text = event.value
        self._matches = self.view.find(event.value)
        self.view.focus()
        if not self._matches:
            self.notify(f"Not found: {fit(safe_line(event.value), 40)}", markup=False)
            return
        # like vim: the first match at or after the top of the screen
        top = self.view.top_block()
        start = top.index if top is not None and self.view.scroll_y > 0 else 0
        following = [n for n, (block, _) in enumerate(self._matches) if block.index >= start]
        self._match = (following[0] if following else 0) - 1
        self.action_next(1)

    def action_next(self, delta: int) -> None:
        """Go to the next find match, or (with no find active) the next article in the list."""
        if self._matches:
            self._match = (self._match + delta) % len(self._matches)
            block, start = self._matches[self._match]
            self.view.show_match(block, start, len(self._find_text))
            self.notify(f"Match {self._match + 1} of {len(self._matches)}", timeout=1.5)
            return
        if self._neighbour is None:
            return
        following = self._neighbour(self.entry.id, delta)
        if following is None:
            self.notify("No more articles this way.")
            return
        self.save_progress()
        self.dismiss(ArticleClosed(self.entry.id, "open", following.id))
