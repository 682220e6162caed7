"""The dialog that asks for a URL to save (and optional tags)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reader.errors import ReaderError


@dataclass(frozen=True)
class AddRequest:
    """What the reader asked to save."""

    url: str
    """The address, as validated."""
    tags: tuple[str, ...] = ()
    """Tags to give the article."""


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as ``a, b c`` (commas or spaces), each once, ``#`` prefixes dropped."""
    seen: list[str] = []
    for raw in text.replace(",", " ").split():
        tag = raw.strip().lstrip("#")
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen.append(tag)
    return tuple(seen)


class AddDialog(ModalScreen[AddRequest | None]):
    """Ask for a URL; dismissed with an `AddRequest`, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, url: str = "") -> None:
        super().__init__()
        self._url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Save a web page", classes="dialog-title")
            yield Input(self._url, placeholder="https://…", id="url")
            yield Input(placeholder="tags (optional): reading, essays", id="tags")
            yield Static("", id="error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "url" and not self.query_one("#tags", Input).value:
            self.query_one("#tags", Input).focus()
            if not self._validated():
                self.query_one("#url", Input).focus()
            return
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._submit()
        else:
            self.dismiss(None)

    def _validated(self) -> str | None:
        from reader.web.urls import validate_url

        raw = self.query_one("#url", Input).value.strip()
        error = self.query_one("#error", Static)
        if not raw:
            error.update(Content("Type or paste the address of a page."))
            return None
        if "://" not in raw:
            raw = "https://" + raw
        try:
            url = validate_url(raw)
        except ReaderError as exc:
            error.update(Content(str(exc)))
            return None
        error.update(Content(""))
        return url

    def _submit(self) -> None:
        url = self._validated()
        if url is None:
            self.query_one("#url", Input).focus()
            return
        self.dismiss(AddRequest(url, split_tags(self.query_one("#tags", Input).value)))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
