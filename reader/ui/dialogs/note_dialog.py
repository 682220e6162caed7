"""The dialog that writes (or edits) the note on a highlight: several lines of text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from reader.text.sanitize import clean_text
from reader.ui.text import fit, safe_line


def tidy_note(text: str) -> str:
    """A note as saved: control characters dropped, trailing spaces and blank lines at
    either end removed (the lines inside, blank ones too, are kept)."""
    lines = [line.rstrip() for line in clean_text(text).split("\n")]
    return "\n".join(lines).strip("\n")


class NoteDialog(ModalScreen[str | None]):
    """Edit a highlight's note; dismissed with the note (empty clears it), or None.

    Enter starts a new line; ctrl+s or the Save button saves; escape cancels.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # not a priority binding: it then waits behind the keys typed before it
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, quote: str, note: str = "") -> None:
        """Write a note on the passage *quote*, starting from *note*."""
        super().__init__()
        self._quote = quote
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog note"):
            yield Label("Note", classes="dialog-title")
            # the quote is page text: shown literally, never as markup
            yield Static(Content(f"“{fit(safe_line(self._quote), 58)}”"), classes="dialog-subtitle")
            yield TextArea(
                self._note,
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="your note: enter starts a new line (saved empty: no note)",
                id="note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Static(
                    Content("ctrl+s saves · esc cancels"),
                    classes="dialog-hint",
                )
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        field = self.query_one("#note", TextArea)
        field.focus()
        field.move_cursor(field.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Close with the note written (an empty one removes the note)."""
        self.dismiss(tidy_note(self.query_one("#note", TextArea).text))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
