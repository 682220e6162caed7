"""Every dialog fits the terminal: at 80x24 (and at 120x40) each field and button is whole,
inside the screen and not cut off by the dialog around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static, TextArea

from reader.importers import FORMATS
from reader.library import Library
from reader.library.links import Link
from reader.ui.dialogs.add_dialog import AddDialog
from reader.ui.dialogs.import_dialog import ImportDialog
from reader.ui.dialogs.links_dialog import LinksDialog
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.dialogs.tag_dialog import TagDialog
from reader.ui.screens.help_screen import HelpScreen
from tests.ui.conftest import build_app, settle

LONG_TITLE = "A very long article title that goes on and on about the history of the river " * 3
QUOTE = "The river runs slowly through the old town, past the mill, where nobody hurries. " * 4
LINKS = [
    Link(f"Link number {n} to a page with a long name", f"https://example.com/{n}")
    for n in range(40)
]

DIALOGS: dict[str, Callable[[], ModalScreen[Any]]] = {
    "add": lambda: AddDialog("https://example.com/a-page"),
    "add-error": lambda: AddDialog("https://exa mple.com/ not a page"),
    "import": lambda: ImportDialog(FORMATS, "~/Downloads/pocket-export.csv"),
    "import-error": lambda: ImportDialog(FORMATS, "/no/such/folder/pocket-export.csv"),
    "tags": lambda: TagDialog(LONG_TITLE, ["reading", "essays"], ["reading", "rivers"]),
    "rename-tag": lambda: TagDialog(LONG_TITLE, ["reading"], ["reading"], rename=True),
    "links": lambda: LinksDialog(LINKS),
    "no-links": lambda: LinksDialog([]),
    "note": lambda: NoteDialog(QUOTE, "a note\nof two lines"),
    "help": lambda: HelpScreen(),
}
PRESSED = {"import-error": "enter", "add-error": "enter"}
"""Keys pressed once the dialog is open (enter with a bad path or URL: an error shows)."""
CONTROLS = (Button, Input, TextArea, Select, Checkbox, OptionList)
"""What must be whole on screen: what the reader types into, picks or presses."""


def visible(widget: Widget) -> Region:
    """The part of *widget* that is drawn: its region cut by whatever clips it."""
    geometry = widget.screen.find_widget(widget)
    return geometry.region.intersection(geometry.clip)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_fits(empty_library: Library, name: str, size: tuple[int, int]) -> None:
    app = build_app(empty_library)
    async with app.run_test(size=size) as pilot:
        await app.push_screen(DIALOGS[name]())
        await settle(pilot)
        if name in PRESSED:
            await pilot.press(PRESSED[name])
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModalScreen)
        if name in PRESSED:
            assert str(screen.query_one("#error", Static).render()).strip(), "no error shown"
        dialog = screen.query_one("#dialog")
        box = visible(dialog)
        assert Region(0, 0, *size).contains_region(dialog.region), "the dialog is off screen"
        controls = [w for w in screen.query("*") if isinstance(w, CONTROLS) and w.display]
        assert controls or name in ("help", "no-links")
        for widget in controls:
            if any(isinstance(a, Select) for a in widget.ancestors):
                continue  # a Select's own parts (its overlay list) open over the dialog
            where = widget.region
            assert where.area > 0, f"{widget!r} is not on screen"
            assert visible(widget) == where, f"{widget!r} is cut: {visible(widget)} of {where}"
            assert box.contains_region(where), f"{widget!r} at {where} is outside {box}"
