"""The links and images of an article, in reading order: what the links dialog offers
and `reader links` prints.

Links are read from the article's markdown with the same parser the reading view
uses, so both list the same targets. A saved image is linked by its local path
(``../images/<id>/01.jpg``); `resolve` turns any target into what it stands for
on the web (a saved image's original address) and, for a saved image, its file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from reader.text.markdown_walk import image_label, inline_label, parser

SAFE_SCHEMES = ("http://", "https://")
"""The only links handed to a web browser."""

if TYPE_CHECKING:
    from pathlib import Path

    from markdown_it.token import Token


@dataclass(frozen=True)
class Link:
    """A link or image found in an article."""

    text: str
    """The link text (for an image, its description)."""
    href: str
    """Where it points, as written in the markdown."""
    image: bool = False
    """True for an image."""


def article_links(markdown: str) -> list[Link]:
    """Every link and image of *markdown* in reading order, each target once."""
    found: list[Link] = []
    seen: set[str] = set()

    def add(link: Link) -> None:
        if link.href and link.href not in seen:
            seen.add(link.href)
            found.append(link)

    for token in parser().parse(markdown):
        if token.type == "inline":
            for link in _inline_links(token.children or []):
                add(link)
    return found


def _inline_links(children: list[Token]) -> list[Link]:
    """The links and images of one inline token's children, in order (an image inside
    a link comes before the link, as it is met first)."""
    links: list[Link] = []
    open_links: list[tuple[str, list[str]]] = []  # (href, text so far) of each open link
    for child in children:
        if child.type == "link_open":
            open_links.append((str(child.attrs.get("href", "")), []))
        elif child.type == "link_close" and open_links:
            href, parts = open_links.pop()
            text = " ".join("".join(parts).split())
            links.append(Link(text or href, href))
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            links.append(Link(image_label(child.content), src, image=True))
            for _, parts in open_links:
                parts.append(inline_label(child))
        else:
            for _, parts in open_links:
                parts.append(inline_label(child))
    return links


@dataclass(frozen=True)
class ResolvedLink:
    """A link of an article as a reader can follow it."""

    link: Link
    url: str
    """Its absolute address on the web (a saved image: where it was downloaded from)."""
    file: Path | None = None
    """The saved image file it shows, when it is one."""


def resolve(link: Link, markdown: str, page_url: str, root: Path, entry_id: str) -> ResolvedLink:
    """*link* of article *entry_id* (saved from *page_url*, in the library at *root*)
    made absolute, with the file of a saved image."""
    from reader.images.refs import original_address
    from reader.images.storage import local_image_path

    file = local_image_path(root, entry_id, link.href) if link.image else None
    url = original_address(markdown, link.href) or urljoin(page_url, link.href)
    return ResolvedLink(link, url, file)
