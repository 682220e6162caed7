"""The `?` screen: every key, by screen.

The library's and the article's keys are written here, grouped as a reader thinks of
them; the highlights screen's come from its own bindings (their tooltips), so they
are written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.text import pad

Rows = tuple[tuple[str, str], ...]
"""A section's lines: (keys, what they do)."""

KEY_NAMES = {"down": "↓", "up": "↑", "slash": "/", "question_mark": "?"}
"""How a key Textual names is written in the help."""

KEYS: tuple[tuple[str, Rows], ...] = (
    (
        "Library",
        (
            ("enter", "open the article"),
            ("j k ↓ ↑", "move"),
            ("g G", "first / last"),
            ("ctrl+d ctrl+u", "half a page down / up"),
            ("space b", "a page down / up"),
            ("/", "search the whole library (escape twice clears it)"),
            ("↓  enter", "from the search: to the results / open the first"),
            ("n N", "next / previous unread"),
            ("1 2 3 4 v", "Unread, Archive, Favorites, All; cycle views"),
            ("5 6", "Queued, Fetch failed (imports not fetched yet)"),
            ("tab", "move between the views and the list"),
            ("s", "sort: newest, oldest, shortest, title, site"),
            ("L", "density: one line, normal, with excerpts"),
            ("h", "highlights: enter opens the passage"),
            ("a", "save a URL"),
            ("i", "import an export file or a folder of notes"),
            ("x  F", "stop the import  /  fetch queued or failed"),
            ("e", "archive / move back to unread"),
            ("f", "favorite"),
            ("t", "edit tags (→ completes a known tag)"),
            ("R", "rename the tag shown (another's name: merge)"),
            ("d  z", "delete (to the trash)  /  undo delete, archive"),
            ("m", "mark; e f t d then act on all marked ones"),
            ("E", "archive every unread article above this one"),
            ("o", "open the original in the browser"),
            ("y", "copy the URL"),
            ("r", "reload changes made outside the app"),
            ("D", "load the demo articles (temporary library)"),
            ("q", "quit"),
        ),
    ),
    (
        "Article",
        (
            ("j k ↓ ↑", "scroll a line"),
            ("ctrl+d ctrl+u", "half a page"),
            ("space b", "a page"),
            ("g G", "top / bottom (a look: it archives nothing)"),
            ("n N", "next / previous unread article"),
            ("u", "links: open, save to reader (s), copy (y)"),
            ("f", "link numbers: 3 opens, s3 saves, y3 copies"),
            ("/  > <", "find in the article; next / previous match"),
            ("+ -", "wider / narrower text"),
            ("h", "highlight the selection (mouse or cursor)"),
            ("( ) [ ]", "cursor: sentence, paragraph back / on"),
            ("v", "extend: cursor moves grow the passage"),
            ("a", "note on the highlight (selected, or just made)"),
            ("x  z", "remove that highlight  /  undo removing it"),
            ("e * t d", "archive, favorite, tag, delete"),
            ("o y", "open the original / copy its URL"),
            ("F", "fetch again an article with no text yet"),
            ("escape q", "back to the library (the position is kept)"),
        ),
    ),
    (
        "Everywhere",
        (
            ("ctrl+p", "command palette: every action, themes, settings"),
            ("?", "this help"),
            ("ctrl+q", "quit"),
        ),
    ),
)


def binding_rows(bindings: Iterable[BindingType]) -> Rows:
    """One line per action of *bindings*: its keys, and its tooltip (or description).
    Bindings sharing an action share a line."""
    found: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        keys = [KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(",")]
        if binding.key_display and len(keys) == 1:
            keys = [binding.key_display]
        if binding.action in found:
            found[binding.action][0].extend(keys)
        else:
            found[binding.action] = (keys, binding.tooltip or binding.description.lower())
    return tuple((" ".join(keys), what) for keys, what in found.values())


def help_sections() -> tuple[tuple[str, Rows], ...]:
    """Every section of the help, in order: the library, an article, the highlights, and
    the keys that work everywhere."""
    from reader.ui.screens.quotes_screen import QuotesScreen

    *screens, everywhere = KEYS
    return (*screens, ("Highlights", binding_rows(QuotesScreen.BINDINGS)), everywhere)


def help_content() -> Content:
    """The help text, one line per key."""
    lines: list[Content] = []
    for section, rows in help_sections():
        if lines:
            lines.append(Content(""))
        lines.append(Content(section).stylize("bold $accent"))
        for keys, what in rows:
            lines.append(Content.assemble((f"  {pad(keys, 16)}", "bold"), what))
    return Content("\n").join(lines)


def section_line(section: str) -> int:
    """The line of the help text where *section* starts (0 when there is none)."""
    line = 0
    for name, rows in help_sections():
        if name == section:
            return line
        line += len(rows) + 2  # its title, its rows and the blank line after
    return 0


class HelpScreen(ModalScreen[None]):
    """A scrollable list of the keys, opened at the section of the screen it is asked from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, section: str | None = None) -> None:
        """Show every key, scrolled to *section* (``"Article"``, ``"Highlights"``) when given."""
        super().__init__()
        self._section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(help_content(), id="help-text")

    def on_mount(self) -> None:
        if self._section:
            self.call_after_refresh(self._show_section)

    def _show_section(self) -> None:
        text = self.query_one("#help-text")
        y = text.virtual_region.y + section_line(self._section or "")
        self.query_one("#dialog").scroll_to(y=y, animate=False, immediate=True)

    def action_scroll(self, lines: int) -> None:
        """Scroll the help."""
        self.query_one("#dialog").scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        """Scroll the help by a screen."""
        box = self.query_one("#dialog")
        box.scroll_relative(y=pages * box.scrollable_content_region.height, animate=False)

    def action_top(self) -> None:
        """Go to the first key."""
        self.query_one("#dialog").scroll_home(animate=False)

    def action_bottom(self) -> None:
        """Go to the last key."""
        self.query_one("#dialog").scroll_end(animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
