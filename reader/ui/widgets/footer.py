"""The key footer of every screen, tightened on narrow terminals."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 100
"""Columns under which the footer drops its spacing and the palette key (ctrl+p still works)."""


class ReaderFooter(Footer):
    """Textual's footer, compact below `COMPACT_BELOW` columns so that "q Quit" and
    "? Help" still fit on an 80-column terminal."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < COMPACT_BELOW
        if narrow != self.compact:
            self.compact = narrow
            self.show_command_palette = not narrow
            self.refresh(recompose=True)
