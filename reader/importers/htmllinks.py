"""Collect the links of an HTML export with their attributes, line, headings and folders."""

from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser

# Browser root folders that say where a bookmark sat, not what it is about.
_ROOT_FOLDERS = frozenset(
    {
        "bookmarks",
        "bookmarks bar",
        "bookmarks toolbar",
        "bookmarks menu",
        "other bookmarks",
        "mobile bookmarks",
        "favorites bar",
        "unsorted",
    }
)
_ROOT_ATTRS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")


@dataclass(frozen=True)
class Link:
    """One ``<a href>`` of the file."""

    line: int
    attrs: dict[str, str]
    """Its attributes, names lowercased."""
    text: str
    """Its text, whitespace collapsed."""
    heading: str
    """The text of the last ``<h1>`` before it (Pocket's section)."""
    folders: tuple[str, ...]
    """The bookmark folders (``<h3>`` + ``<dl>``) it sits in, outermost first."""
    description: str = ""
    """The text of the ``<dd>`` after it (a bookmark's description), whitespace collapsed."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._heading = ""
        self._in: str | None = None  # "a", "h1" or "h3" while inside one
        self._text: list[str] = []
        self._attrs: dict[str, str] = {}
        self._line = 0
        self._pending: str | None = None  # an <h3> folder name waiting for its <dl>
        self._stack: list[str | None] = []  # one item per open <dl>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dd":
            self._close()
            self._in = "dd" if self.links else None
            self._text = []
            return
        if tag in ("dt", "dl") and self._in == "dd":
            self._close()
        if tag in ("a", "h1", "h3"):
            self._close()
            self._in = tag
            self._text = []
            self._attrs = {k.lower(): (v or "") for k, v in attrs}
            self._line = self.getpos()[0]
        elif tag == "dl":
            self._close()
            self._stack.append(self._pending)
            self._pending = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._close()
        elif tag == "dl":
            self._close()
            if self._stack:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def _close(self) -> None:
        kind, self._in = self._in, None
        if kind is None:
            return
        text = " ".join("".join(self._text).split())
        if kind == "a" and "href" in self._attrs:
            folders = tuple(f for f in self._stack if f)
            self.links.append(Link(self._line, self._attrs, text, self._heading, folders))
        elif kind == "dd" and self.links and text:
            self.links[-1] = replace(self.links[-1], description=text[:2000])
        elif kind == "h1":
            self._heading = text
        elif kind == "h3":
            root = text.casefold() in _ROOT_FOLDERS or any(a in self._attrs for a in _ROOT_ATTRS)
            self._pending = None if root else text

    def close(self) -> None:
        super().close()
        self._close()


def collect_links(text: str) -> list[Link]:
    """Every link of the HTML *text*, in order."""
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.links
