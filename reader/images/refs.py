"""Image references in an article's markdown, and how a saved image is linked.

A saved image is linked relative to the article file, with its original
address kept in the link's title, so the file renders in Obsidian, VS Code or
any viewer opened on the library folder, and the original can be fetched again::

    ![A photo](../images/0123abcd45/01.jpg "original: https://example.com/a.jpg")

Images inside code (fenced blocks and inline code spans) are left alone.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin

__all__ = [
    "ImageRef",
    "declared_sizes",
    "find_images",
    "image_link",
    "original_address",
    "original_of",
    "relink",
    "url_key",
]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
# An inline code span; one longer than a few thousand characters is not looked for.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).{1,4000}?(?<!`)\1(?!`)", re.S)
_IMAGE_START = re.compile(r"!\[")
_BRACKET_TOKEN = re.compile(r"\\.|[\[\]]", re.S)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# "(" destination [title] ")", with possessive repeats so no input makes it backtrack.
_PLAIN_CHAR = r"(?:[^\s()\\\x00-\x1f]|\\[^\s\x00-\x1f]?)"
_TARGET = re.compile(
    r"\(\s*+"
    r"(?:(?P<angle><(?:[^<>\n\\]|\\.)*+>)"
    rf"|(?P<plain>(?:{_PLAIN_CHAR}|\((?:{_PLAIN_CHAR})*+\))*+))"
    r"(?:\s++(?P<title>\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+'|\((?:[^()\\]|\\.)*+\)))?+"
    r"\s*+\)",
    re.S,
)
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
    """Sorted, non-overlapping spans of fenced code blocks and inline code spans."""
    spans = sorted(
        [m.span() for m in _FENCE.finditer(markdown)]
        + [m.span() for m in _CODE_SPAN.finditer(markdown)]
    )
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _in_code(code: list[tuple[int, int]], starts: list[int], index: int) -> bool:
    at = bisect.bisect_right(starts, index) - 1
    return at >= 0 and code[at][0] <= index < code[at][1]


def _bracket_pairs(markdown: str, code: list[tuple[int, int]]) -> dict[int, int]:
    """For each ``[`` outside code, the offset of its matching ``]`` (escapes honoured)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    starts = [a for a, _ in code]
    for match in _BRACKET_TOKEN.finditer(markdown):
        token = match.group()
        if token[0] == "\\" or _in_code(code, starts, match.start()):
            continue
        if token == "[":
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs


def find_images(markdown: str) -> list[ImageRef]:
    """Every inline image of *markdown*, in order, outside code.

    Linear in the length of the text, however it is crafted: brackets are
    paired in one pass and each destination is matched by a regular expression
    that cannot backtrack.
    """
    code = _code_ranges(markdown)
    starts = [a for a, _ in code]
    pairs = _bracket_pairs(markdown, code) if "![" in markdown else {}
    refs: list[ImageRef] = []
    end = 0
    for bang in _IMAGE_START.finditer(markdown):
        start = bang.start()
        if start < end or _escaped(markdown, start) or _in_code(code, starts, start):
            continue
        close = pairs.get(start + 1)
        if close is None:
            continue
        target = _TARGET.match(markdown, close + 1)
        if target is None:
            continue
        if target.group("angle") is not None:
            src = target.group("angle")[1:-1]
        else:
            src = target.group("plain")
        title = target.group("title")
        refs.append(
            ImageRef(
                start,
                target.end(),
                markdown[start + 2 : close],
                _UNESCAPE.sub(r"\1", src),
                _UNESCAPE.sub(r"\1", title[1:-1]) if title is not None else None,
            )
        )
        end = target.end()
    return refs


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _title_safe(url: str) -> str:
    """*url* made safe inside a double-quoted title: quotes and backslashes escaped."""
    url = "".join(c for c in url if c.isprintable() and not c.isspace())
    return url.replace("\\", "%5C").replace('"', "%22")


def original_address(markdown: str, src: str) -> str | None:
    """The address the image *src* of *markdown* was downloaded from (its ``original:``
    title), or None."""
    for ref in find_images(markdown):
        if ref.src == src:
            return ref.original
    return None


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
