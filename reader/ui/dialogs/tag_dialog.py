"""The dialog that edits an article's tags (or renames one tag), completing known tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from reader.ui.dialogs.add_dialog import split_tags
from reader.ui.text import fit, safe_line

SEPARATORS = (",", " ")
"""What separates two tags as they are typed."""


class TagSuggester(Suggester):
    """Completes the tag being typed (the last one) from the library's tags, skipping
    those already typed; the right arrow takes the completion."""

    def __init__(self, known: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._known = list(known)

    async def get_suggestion(self, value: str) -> str | None:
        """*value* with its last tag completed, or None when no known tag starts so."""
        cut = max(value.rfind(sep) for sep in SEPARATORS) + 1
        word = value[cut:].lstrip("#")
        head = value[: len(value) - len(word)]  # with a typed "#", kept
        if not word:
            return None
        typed = {t.casefold() for t in split_tags(head)}
        folded = word.casefold()
        for tag in self._known:
            name = tag.casefold()
            if name.startswith(folded) and name != folded and name not in typed:
                return head + tag  # spelled as the library has it
        return None


class TagDialog(ModalScreen[tuple[str, ...] | None]):
    """Edit tags as text (``a, b``); dismissed with the new tags, or None when cancelled.

    With *rename*, one tag's new name is asked for instead (dismissed as a one-tag tuple).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        tags: Sequence[str],
        known: Sequence[str] = (),
        *,
        rename: bool = False,
    ) -> None:
        """Edit *tags* of the article *title*; *known* tags are offered as completions."""
        super().__init__()
        self._title = title
        self._tags = tags
        self._known = list(known)
        self._rename = rename

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Rename a tag" if self._rename else "Tags", classes="dialog-title")
            yield Static(Content(fit(safe_line(self._title), 60)), classes="dialog-subtitle")
            value = self._tags[0] if self._rename and self._tags else ""
            if not self._rename:
                value = "".join(f"{tag}, " for tag in self._tags)
            yield Input(
                value,
                select_on_focus=False,
                placeholder="new name" if self._rename else "reading, essays",
                id="tags",
                suggester=TagSuggester(self._known),
            )
            hint = (
                "The name of another tag merges the two. Enter renames, Escape cancels."
                if self._rename
                else "Separate tags with commas or spaces; → completes a known tag. "
                "Enter saves, Escape cancels."
            )
            yield Static(Content(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one("#tags", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._rename:
            name = event.value.strip().lstrip("#").strip()
            self.dismiss((name,) if name else None)
            return
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
