"""Keys that arrive together go where the first of them sent the focus.

Textual routes each key to the widget focused when the app reads it, so when keys
arrive together (a fast typist, a paste, tmux send-keys) the ones after "/" are
already on their way to the list when "/" moves the focus to the search box; they
then bubble up as list keys: "/bread" archived the article under the cursor with
its "e" and opened the add dialog with its "a". `focus_now` moves the focus before
the next key is read, and `redirect_stray_key` hands a printable key that reaches the
app while a text field has the focus to that field (a field stops the printable
keys it is given, so any that reach the screen were sent before the focus moved).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea


def focus_now(widget: Widget) -> None:
    """Focus *widget* before the next queued key is handled."""
    widget.screen.set_focus(widget)


def redirect_stray_key(screen: Screen[Any], event: events.Key) -> bool:
    """Give *event* to the focused text field if it was sent elsewhere before the focus
    moved there; True when it did (call before the app looks up the key's binding)."""
    field = screen.focused
    if not (isinstance(field, Input | TextArea) and event.is_printable):
        return False
    event.stop()
    event.prevent_default()
    field.post_message(events.Key(event.key, event.character))
    return True
