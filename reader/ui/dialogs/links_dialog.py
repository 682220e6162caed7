"""The list of an article's links and images: open, save to reader, or copy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.library.links import Link
from reader.ui.text import fit, safe_line

LinkAction = Literal["open", "save", "copy"]


class LinksDialog(ModalScreen[tuple[LinkAction, str] | None]):
    """Pick a link; dismissed with (what to do, its URL), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close"),
        Binding("enter,o", "choose('open')", "Open in browser"),
        Binding("s,a", "choose('save')", "Save to reader"),
        Binding("y,c", "choose('copy')", "Copy URL"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, links: Sequence[Link]) -> None:
        super().__init__()
        self.links = list(links)
        """The links offered, in reading order."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label(f"Links ({len(self.links)})", classes="dialog-title")
            if not self.links:
                yield Static(Content("This article has no links."), classes="dialog-hint")
            options = []
            for number, link in enumerate(self.links, 1):
                kind = "image" if link.image else "link"
                text = Content.assemble(
                    (f"{number:>3}  ", "dim"),
                    fit(safe_line(link.text), 70),
                    "\n",
                    (f"     {kind}: {fit(safe_line(link.href), 90)}", "dim"),
                )
                options.append(Option(text))
            listing = OptionList(*options, id="links")
            listing.display = bool(options)  # an empty box would only take room
            yield listing
            yield Static(
                Content("enter open · s save to reader · y copy URL · esc close"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("open")

    def action_cursor(self, delta: int) -> None:
        """Move the highlight by *delta*."""
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_choose(self, action: LinkAction) -> None:
        """Close with *action* on the highlighted link."""
        index = self.query_one(OptionList).highlighted
        if index is None or not self.links:
            return
        self.dismiss((action, self.links[index].href))

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)
