"""Make links and image sources absolute, and drop the ones that are not links.

``javascript:``, ``data:`` and ``vbscript:`` links lose their ``href`` (the
link text stays, as plain text); images with such sources are removed.
Relative addresses are resolved against the page's URL (or its ``<base>``).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from reader.extract.dom import remove, unwrap

_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "about:", "blob:")


def fix_links(article: HtmlElement, base: str | None) -> None:
    """Resolve every ``href``/``src`` in *article* against *base* and drop unsafe ones."""
    for a in list(article.iter("a")):
        href = _resolve(a.get("href"), base)
        if href is None:
            unwrap(a)
            continue
        for attr in list(a.attrib):
            del a.attrib[attr]
        a.set("href", href)
    for img in list(article.iter("img")):
        src = _resolve(img.get("src"), base)
        if src is None:
            remove(img)
            continue
        alt = " ".join((img.get("alt") or "").split())
        for attr in list(img.attrib):
            del img.attrib[attr]
        img.set("src", src)
        if alt:
            img.set("alt", alt)


def _resolve(value: str | None, base: str | None) -> str | None:
    """The absolute form of *value*, or None if it is empty or not a real link."""
    if not value:
        return None
    value = "".join(value.split())  # browsers ignore whitespace inside URLs
    if value.lower().startswith(_UNSAFE_SCHEMES) or value == "#":
        return None
    if value.startswith("#"):
        return value
    try:
        absolute = urljoin(base, value) if base else value
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    if scheme and scheme not in ("http", "https", "mailto", "ftp", "tel"):
        return None
    return absolute
