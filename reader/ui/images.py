"""Drawing an article's saved images in the terminal: which way, how big, and decoding.

Only files saved in the library are drawn (`reader.images.local_image_path`);
the view never fetches anything. Pillow and textual-image are imported here
lazily, the first time an article with a saved image is opened, so neither the
app's start nor ``reader list`` pays for them.

textual-image picks its renderer by querying the terminal when
``textual_image.renderable`` is first imported, which only works before
Textual owns stdin. Imported later, the query would race Textual's input
thread, so reader chooses from the environment instead (`graphics_mode`) and
imports the package with its query switched off (`image_widget_class`).
"""

from __future__ import annotations

import math
import os
import struct
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.images import BadImage, sniff_image

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from textual.widget import Widget

    from reader.ui.host import ReaderHost

Mode = Literal["tgp", "sixel", "halfcell"]
"""How images are drawn: Kitty graphics protocol, Sixel, or coloured half blocks."""

MODE_ENV = "READER_IMAGES"
"""Environment variable forcing the renderer: kitty, sixel, halfcell, or off."""

MAX_PIXELS = 40_000_000
"""Images with more pixels than this are not decoded (Pillow's bomb guard is set to it)."""

MAX_BYTES = 50_000_000
"""Image files bigger than this are not read."""

HEADER_BYTES = 256 * 1024
"""How much of a file `image_size` reads to find its dimensions (a JPEG's may follow its EXIF)."""

MAX_SIDE = 1600
"""Longest side an image is shrunk to once decoded (the terminal shows far fewer pixels)."""

HEIGHT_SHARE = 0.6
"""An image is at most this share of the screen's height."""

DEFAULT_CELL = (10, 20)
"""Pixel size of a terminal cell when the terminal does not say (a VT340's)."""

HALFCELL_CELL = (4, 8)
"""The cell half blocks size images by: each shows only 1×2 coloured dots, so a small
image is drawn larger than its pixels (2.5 times a 10-pixel cell) to stay legible."""

_SIXEL_PROGRAMS = ("WezTerm", "iTerm.app")
_SIXEL_TERMS = ("foot", "mlterm", "contour")
_ALIASES: dict[str, Mode] = {"kitty": "tgp", "tgp": "tgp", "sixel": "sixel", "halfcell": "halfcell"}
_import_lock = threading.Lock()


@dataclass(frozen=True)
class InlineImages:
    """What the article view needs to draw saved images: where they are, and how."""

    root: Path
    """The library folder (images live in ``images/<id>/`` under it)."""
    mode: Mode
    """The renderer."""


def inline_images(app: ReaderHost) -> InlineImages | None:
    """How *app* draws saved images, or None: the setting is off or the terminal cannot."""
    if not app.settings.inline_images:
        return None
    mode = graphics_mode(app.is_headless)
    return None if mode is None else InlineImages(app.library.root, mode)


def graphics_mode(headless: bool, environ: Mapping[str, str] | None = None) -> Mode | None:
    """How this terminal can draw images, or None when it cannot (caption lines only).

    Headless runs (tests, screenshots) always use half blocks, which render the
    same everywhere. Otherwise ``$READER_IMAGES`` decides when set; then kitty
    gets its graphics protocol, terminals known to speak Sixel get Sixel, and
    any other colour terminal gets half blocks.
    """
    if headless:
        return "halfcell"
    env = os.environ if environ is None else environ
    forced = env.get(MODE_ENV, "").strip().lower()
    if forced:
        return _ALIASES.get(forced)
    term = env.get("TERM", "")
    if env.get("NO_COLOR") or term in ("", "dumb"):
        return None
    if env.get("TMUX"):
        return "halfcell"  # tmux passes neither protocol through reliably
    if term == "xterm-kitty" or "KITTY_WINDOW_ID" in env:
        return "tgp"
    if (
        env.get("TERM_PROGRAM", "") in _SIXEL_PROGRAMS
        or term.startswith(_SIXEL_TERMS)
        or "KONSOLE_VERSION" in env
        or "WT_SESSION" in env
    ):
        return "sixel"
    return "halfcell"


def fit_cells(
    pixels: tuple[int, int], columns: int, max_rows: int, cell: tuple[int, int] = DEFAULT_CELL
) -> tuple[int, int]:
    """``(columns, rows)`` to draw an image of *pixels* in: at most *columns* wide (and no
    wider than its own pixels), at most *max_rows* high, keeping its aspect ratio."""
    width_px, height_px = max(1, pixels[0]), max(1, pixels[1])
    cell_w, cell_h = cell
    ratio = height_px / width_px * cell_w / cell_h  # rows per column
    width = max(1, min(columns, math.ceil(width_px / cell_w)))
    height = max(1, round(width * ratio))
    if height > max_rows:
        height = max(1, max_rows)
        width = max(1, min(width, round(height / ratio)))
    return width, height


def cell_size() -> tuple[int, int]:
    """Pixel size of a terminal cell, from the terminal's window size (no query sent)."""
    stream = sys.__stdout__
    try:
        import fcntl
        import struct
        import termios

        if stream is None or not stream.isatty():
            return DEFAULT_CELL
        packed = fcntl.ioctl(stream.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
        rows, columns, width, height = struct.unpack("HHHH", packed)
    except (ImportError, OSError, ValueError):
        return DEFAULT_CELL
    if not (rows and columns and width and height):
        return DEFAULT_CELL
    return max(1, width // columns), max(1, height // rows)


def image_size(path: Path) -> tuple[int, int] | None:
    """``(width, height)`` in pixels from the file's header (a small read, no decoding),
    or None when the header does not say. The view sizes an image's room with it
    before the image is decoded, so the text below does not move when it arrives."""
    try:
        with path.open("rb") as file:
            head = file.read(24)
            if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
                width, height = struct.unpack(">II", head[16:24])
                return (width, height) if width and height else None
            head += file.read(HEADER_BYTES - len(head))
    except OSError:
        return None
    try:
        info = sniff_image(head)
    except BadImage:
        return None
    return (info.width, info.height) if info.width and info.height else None


def load_image(path: Path) -> PILImage:
    """Decode the image at *path*, shrunk to `MAX_SIDE` (runs in a worker thread).

    The header is checked first (`reader.images.sniff_image`), so an image of
    more than `MAX_PIXELS` is refused before Pillow allocates anything; Pillow's
    own bomb guard is set to the same limit behind it. Raises on anything that
    cannot be read; the caller then shows the caption line.
    """
    import io

    from PIL import Image

    if path.stat().st_size > MAX_BYTES:
        raise BadImage(f"{path.name}: file too big to draw")
    data = path.read_bytes()
    info = sniff_image(data)
    if info.width * info.height > MAX_PIXELS:
        raise BadImage(f"{path.name}: too many pixels to draw")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        return image.convert("RGBA" if alpha else "RGB")


class _NotATerminal:
    """Stands in for ``sys.__stdout__`` while textual-image is imported: all the same,
    except that it is not a terminal, so the import sends no query."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def image_widget_class(mode: Mode) -> type[Widget]:
    """textual-image's widget class for *mode* (imports the package on first use)."""
    with _import_lock:
        if "textual_image.widget" not in sys.modules:
            from textual_image import _terminal

            if not hasattr(_terminal.get_cell_size, "_result"):
                # textual-image caches the cell size on the function; give it ours,
                # found without writing to the terminal.
                _terminal.get_cell_size._result = _terminal.CellSize(*cell_size())  # type: ignore[attr-defined]
            stdout = sys.__stdout__
            sys.__stdout__ = _NotATerminal(stdout)  # type: ignore[misc,assignment]
            try:
                import textual_image.widget  # noqa: F401  (the import is the point)
            finally:
                sys.__stdout__ = stdout  # type: ignore[misc]
        from textual_image import widget

    classes: dict[Mode, type[Widget]] = {
        "tgp": widget.TGPImage,
        "sixel": widget.SixelImage,
        "halfcell": widget.HalfcellImage,
    }
    return classes[mode]
