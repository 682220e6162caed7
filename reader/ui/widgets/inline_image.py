"""An image of the article, drawn in the text above its caption.

The widget takes its room at once, sized from the file's header, so the text
below does not move when the picture arrives; the file itself is decoded off
the event loop once the widget is mounted. When the file is broken or too big
the widget folds away and the caption line below it stands alone, still
clickable to open the image.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.geometry import Size
from textual.widget import Widget

from reader.ui.images import (
    DEFAULT_CELL,
    HALFCELL_CELL,
    HEIGHT_SHARE,
    Mode,
    cell_size,
    fit_cells,
    image_size,
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

    def __init__(
        self,
        path: Path,
        src: str,
        mode: Mode,
        caption: Block | None = None,
        *,
        classes: str = "",
    ) -> None:
        """Draw the image file at *path* (written *src* in the markdown) by *mode*;
        *caption* is the block under it, told when the image cannot be drawn."""
        super().__init__(classes=f"inline-image {classes}".strip())
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
        self.pixels = image_size(path)
        """The image's size in pixels, from its header (None until decoded if it does not say)."""
        self._cell: tuple[int, int] | None = None
        self._image: Widget | None = None
        self._drawn = (0, 0)

    @property
    def cell(self) -> tuple[int, int]:
        """The pixel size of a cell the image is measured in."""
        if self._cell is None:
            if self.mode == "halfcell":
                self._cell = HALFCELL_CELL
            else:  # headless (tests, screenshots): a fixed cell, the same result anywhere
                self._cell = DEFAULT_CELL if self.app.is_headless else cell_size()
        return self._cell

    def cells(self, width: int, screen_height: int) -> tuple[int, int]:
        """``(columns, rows)`` of the picture in a column *width* wide."""
        if self.pixels is None or self.failed or width <= 0:
            return 0, 0
        max_rows = max(4, int(screen_height * HEIGHT_SHARE))
        return fit_cells(self.pixels, width, max_rows, self.cell)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.cells(width, viewport.height)[1]

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
        if self.pixels is None:
            self.pixels = image.size
            self.refresh(layout=True)
        self._image = widget_class(image)
        self._fit()
        self.mount(self._image)

    def _fit(self) -> None:
        if self._image is None:
            return
        drawn = self.cells(self.content_size.width, self.screen.size.height)
        if drawn != self._drawn:
            self._drawn = drawn
            self._image.styles.width, self._image.styles.height = drawn

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def on_click(self, event: events.Click) -> None:
        """Open the image, as a click on its caption does."""
        event.stop()
        self.post_message(Block.LinkClicked(self.src))
