"""Image references in an article's markdown, and how a saved image is linked.

A saved image is linked relative to the article file, with its original
address kept in the link's title, so the file renders in Obsidian, VS Code or
any viewer opened on the library folder, and the original can be fetched again::

    ![A photo](../images/0123abcd45/01.jpg "original: https://example.com/a.jpg")

Images inside code (fenced blocks and inline code spans) are left alone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin

__all__ = [
    "ImageRef",
    "declared_sizes",
    "find_images",
    "image_link",
    "original_of",
    "relink",
    "url_key",
]

_MAX_ALT = 2000  # characters scanned for the alt text of one image
_MAX_DEST = 10_000  # characters scanned for its destination and title
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ORIGINAL = re.compile(r"(?:^|\s)original: (\S+)\s*$")


@dataclass(frozen=True)
class ImageRef:
    """One ``![alt](src "title")`` in a markdown text."""

    start: int
    """Offset of the ``!``."""
    end: int
    """Offset just after the closing ``)``."""
    alt: str
    """The alt text as written (markdown escapes kept)."""
    src: str
    """The destination, escapes undone and angle brackets removed."""
    title: str | None
    """The title, if the image has one."""

    @property
    def original(self) -> str | None:
        """The address the image was downloaded from, if it is a saved copy."""
        return original_of(self.title)


def original_of(title: str | None) -> str | None:
    """The address in an ``"original: URL"`` title, or None."""
    match = _ORIGINAL.search(title or "")
    return match.group(1) if match else None


def _code_ranges(markdown: str) -> list[tuple[int, int]]:
    ranges = [m.span() for m in _FENCE.finditer(markdown)]
    ranges += [m.span() for m in _CODE_SPAN.finditer(markdown)]
    return ranges


def find_images(markdown: str) -> list[ImageRef]:
    """Every inline image of *markdown*, in order, outside code."""
    code = _code_ranges(markdown)
    refs: list[ImageRef] = []
    pos = 0
    while True:
        start = markdown.find("![", pos)
        if start < 0:
            return refs
        if any(a <= start < b for a, b in code) or _escaped(markdown, start):
            pos = start + 2
            continue
        ref = _parse_at(markdown, start)
        if ref is None:
            pos = start + 2
        else:
            refs.append(ref)
            pos = ref.end


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _parse_at(text: str, start: int) -> ImageRef | None:
    """The image starting at *start* (on ``![``), or None if it is not one."""
    i = start + 2
    depth = 1
    limit = min(len(text), i + _MAX_ALT)
    while i < limit:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    alt = text[start + 2 : i]
    i += 1
    if i >= len(text) or text[i] != "(":
        return None
    return _parse_destination(text, start, alt, i + 1)


def _parse_destination(text: str, start: int, alt: str, i: int) -> ImageRef | None:
    limit = min(len(text), i + _MAX_DEST)
    i = _skip_space(text, i, limit)
    src_chars: list[str] = []
    if i < limit and text[i] == "<":
        i += 1
        while i < limit and text[i] not in "<>\n":
            if text[i] == "\\" and i + 1 < limit:
                i += 1
            src_chars.append(text[i])
            i += 1
        if i >= limit or text[i] != ">":
            return None
        i += 1
    else:
        depth = 0
        while i < limit:
            char = text[i]
            if char == "\\" and i + 1 < limit and not text[i + 1].isalnum():
                src_chars.append(text[i + 1])
                i += 2
                continue
            if char.isspace() or ord(char) < 0x20:
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            src_chars.append(char)
            i += 1
    title = None
    j = _skip_space(text, i, limit)
    if j < limit and text[j] in "\"'(" and j > i:
        close = ")" if text[j] == "(" else text[j]
        k = j + 1
        chars: list[str] = []
        while k < limit and text[k] != close:
            if text[k] == "\\" and k + 1 < limit:
                k += 1
            chars.append(text[k])
            k += 1
        if k >= limit:
            return None
        title = "".join(chars)
        j = _skip_space(text, k + 1, limit)
    if j >= limit or text[j] != ")":
        return None
    return ImageRef(start, j + 1, alt, "".join(src_chars), title)


def _skip_space(text: str, i: int, limit: int) -> int:
    newlines = 0
    while i < limit and text[i] in " \t\n":
        newlines += text[i] == "\n"
        if newlines > 1:
            break
        i += 1
    return i


def _title_safe(url: str) -> str:
    """*url* made safe inside a double-quoted title: quotes and backslashes escaped."""
    url = "".join(c for c in url if c.isprintable() and not c.isspace())
    return url.replace("\\", "%5C").replace('"', "%22")


def image_link(alt: str, local: str, original: str) -> str:
    """The markdown of a saved image: ``![alt](local "original: URL")``."""
    return f'![{alt}]({local} "original: {_title_safe(original)}")'


def relink(markdown: str, targets: dict[str, tuple[str, str]]) -> str:
    """*markdown* with each image whose src is a key of *targets* linked to its local copy.

    *targets* maps a src as written to ``(local path, original URL)``.
    """
    out: list[str] = []
    pos = 0
    for ref in find_images(markdown):
        target = targets.get(ref.src)
        if target is None:
            continue
        out.append(markdown[pos : ref.start])
        out.append(image_link(ref.alt, *target))
        pos = ref.end
    out.append(markdown[pos:])
    return "".join(out)


def url_key(url: str) -> str:
    """A form of *url* in which HTML and markdown spellings of one address compare equal."""
    return unquote(html.unescape(url.strip())).split("#", 1)[0]


_IMG = re.compile(r"<img\b[^>]{0,4000}>", re.I)
_ATTR = re.compile(r"""([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_PIXELS = re.compile(r"^\s*(\d{1,6})(?:\.\d*)?\s*(?:px)?\s*$", re.I)
_STYLE_SIDE = re.compile(r"(?:^|;)\s*(width|height)\s*:\s*(\d{1,6})(?:\.\d*)?px", re.I)
_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")


def declared_sizes(page: str, base_url: str) -> dict[str, tuple[int | None, int | None]]:
    """Width and height each ``<img>`` of *page* declares, keyed by `url_key` of its address.

    Read from the ``width``/``height`` attributes or an inline style in pixels;
    None where nothing is declared.
    """
    sizes: dict[str, tuple[int | None, int | None]] = {}
    for tag in _IMG.findall(page):
        attrs = {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTR.findall(tag)}
        side: dict[str, int | None] = {"width": None, "height": None}
        for name in side:
            match = _PIXELS.match(attrs.get(name, ""))
            if match:
                side[name] = int(match.group(1))
        for name, value in _STYLE_SIDE.findall(attrs.get("style", "")):
            side[name.lower()] = int(value)
        if side["width"] is None and side["height"] is None:
            continue
        for attr in _SOURCES:
            src = attrs.get(attr, "").strip()
            if src and not src.startswith("data:"):
                try:
                    key = url_key(urljoin(base_url, src))
                except ValueError:
                    continue
                sizes.setdefault(key, (side["width"], side["height"]))
    return sizes


def keep_saved_images(old: str, new: str) -> str:
    """*new* markdown with the images already saved in *old* linked to their copies again.

    Used when an article is extracted again: the fresh markdown names the
    original addresses, and the copies on disk are still good.
    """
    targets: dict[str, tuple[str, str]] = {}
    for ref in find_images(old):
        original = ref.original
        if original and not ref.src.startswith(("http://", "https://")):
            targets.setdefault(original, (ref.src, original))
    return relink(new, targets) if targets else new
