"""Keys that arrive together go where the first of them sent the focus.

Textual routes each key to the widget focused when the app reads it, so when keys
arrive together (a fast typist, a paste, tmux send-keys) the ones after "/" are
already on their way to the list when "/" moves the focus to the search box; they
then bubble up as list keys: "/bread" archived the article under the cursor with
its "e" and opened the add dialog with its "a". `focus_now` moves the focus before
the next key is read, and `redirect_stray_key` hands a key that the app had sent to
another widget, and that comes back up to the app while a text field has the focus,
to that field.
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


_SENT_TO = "_reader_sent_to"


def note_key_target(event: events.Key, target: Widget | None) -> None:
    """Remember which widget the app sent *event* to (call as the app first reads it)."""
    setattr(event, _SENT_TO, target)


def redirect_stray_key(screen: Screen[Any], event: events.Key) -> bool:
    """Give *event* to the focused text field if the app had sent it elsewhere, before
    the focus moved to the field; True when it did (call before the app looks up the
    key's binding). Every key of the burst is handed over, in order, enter included."""
    field = screen.focused
    if not isinstance(field, Input | TextArea):
        return False
    if getattr(event, _SENT_TO, field) is field:
        return False
    event.stop()
    event.prevent_default()
    field._forward_event(events.Key(event.key, event.character))  # as the app forwards keys
    return True
