"""An image of the article, drawn in the text above its caption.

The file is decoded off the event loop once the widget is mounted; until then
(and for good, when the file is broken or too big) the widget takes no room and
the caption line below it stands alone, still clickable to open the image.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.widget import Widget

from reader.ui.images import (
    DEFAULT_CELL,
    HALFCELL_CELL,
    HEIGHT_SHARE,
    Mode,
    cell_size,
    fit_cells,
    image_widget_class,
    load_image,
)
from reader.ui.widgets.blocks import Block

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


class InlineImage(Widget):
    """One saved image, sized to the reading column (and to 60% of the screen's height)."""

    DEFAULT_CSS = """
    InlineImage {
        width: 1fr;
        height: auto;
        align-horizontal: center;
    }
    """

    def __init__(self, path: Path, src: str, mode: Mode, caption: Block | None = None) -> None:
        """Draw the image file at *path* (written *src* in the markdown) by *mode*;
        *caption* is the block under it, told when the image cannot be drawn."""
        super().__init__(classes="inline-image")
        self.path = path
        """The image file, inside the library."""
        self.src = src
        """The image's link target in the article (what a click opens)."""
        self.mode = mode
        """How it is drawn."""
        self.caption = caption
        """The caption block below the image."""
        self.failed = False
        """True when the file could not be decoded (the caption stands alone)."""
        self._pixels: tuple[int, int] | None = None
        self._image: Widget | None = None
        self._cell = DEFAULT_CELL
        self._cells = (0, 0)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False, group="inline-image")
    def _load(self) -> None:
        """Decode the file and import the renderer, off the event loop."""
        try:
            image = load_image(self.path)
            widget_class = image_widget_class(self.mode)
        except Exception:  # any unreadable, truncated or oversized file: the caption stays
            self.app.call_from_thread(self._give_up)
            return
        self.app.call_from_thread(self._show, image, widget_class)

    def _give_up(self) -> None:
        self.failed = True
        self.display = False
        if self.caption is not None:
            self.caption.remove_class("captioned")

    def _show(self, image: PILImage, widget_class: type[Any]) -> None:
        if not self.is_attached:
            return
        self._pixels = image.size
        if self.mode == "halfcell":
            self._cell = HALFCELL_CELL
        else:  # headless (tests, screenshots): a fixed cell, the same result anywhere
            self._cell = DEFAULT_CELL if self.app.is_headless else cell_size()
        self._image = widget_class(image)
        self._fit()
        self.mount(self._image)

    def _fit(self) -> None:
        if self._image is None or self._pixels is None:
            return
        columns = self.size.width or self.parent_width()
        max_rows = max(4, int(self.screen.size.height * HEIGHT_SHARE))
        width, height = fit_cells(self._pixels, columns, max_rows, self._cell)
        if (width, height) != self._cells:
            self._cells = (width, height)
            self._image.styles.width = width
            self._image.styles.height = height

    def parent_width(self) -> int:
        """The reading column's width, before this widget has a size of its own."""
        parent = self.parent
        if isinstance(parent, Widget) and parent.content_size.width:
            return parent.content_size.width
        return 76

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def on_click(self, event: events.Click) -> None:
        """Open the image, as a click on its caption does."""
        event.stop()
        self.post_message(Block.LinkClicked(self.src))
