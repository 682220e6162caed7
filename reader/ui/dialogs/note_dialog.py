"""The dialog that writes (or edits) the note on a highlight."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.text.sanitize import clean_text
from reader.ui.text import fit, safe_line


class NoteDialog(ModalScreen[str | None]):
    """Edit a highlight's note; dismissed with the note (empty clears it), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, note: str = "") -> None:
        """Write a note on the passage *quote*, starting from *note*."""
        super().__init__()
        self._quote = quote
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Note", classes="dialog-title")
            # the quote is page text: shown literally, never as markup
            yield Static(Content(f"“{fit(safe_line(self._quote), 58)}”"), classes="dialog-subtitle")
            yield Input(self._note, select_on_focus=False, placeholder="your note", id="note")
            yield Static(
                Content("Enter saves (an empty note removes it), Escape cancels."),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        field = self.query_one("#note", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_text(event.value).strip())

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
