"""EPUB 3 export: one article, or a digest of several with a table of contents, for e-readers.

Each article becomes one XHTML document: a header with its title, byline, site
and date, its body, its saved images shrunk for e-ink (greyscale, at most
`IMAGE_EDGE` pixels on a side), its highlights marked where they sit in the
text, and a list of them with their notes at the end.

The body is rendered by walking the markdown with `reader.text.markdown_walk`,
the very walk that makes the plain text highlights are offsets into
(`reader.highlights.text`): the inline text here is built piece by piece from
the same labels, so a highlight's position in the plain text is a position in
what is rendered, and `<mark>` lands on the right words.

The container is written by hand with `zipfile` rather than through an EPUB
library: the package is five small files (mimetype, container, OPF, nav, NCX)
whose every byte epubcheck judges, and writing them here keeps the output
deterministic, valid, free of another dependency, and streamed to any binary file.
"""

from __future__ import annotations

import io
import itertools
import re
import uuid
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from reader.errors import StoreError
from reader.images.storage import local_image_path
from reader.library.highlighting import article_highlights
from reader.models import Entry
from reader.text.dates import day_of
from reader.text.markdown_walk import inline_label, parser, walk
from reader.text.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from markdown_it.token import Token

    from reader.highlights.model import Highlight
    from reader.library import Library

__all__ = [
    "IMAGE_EDGE",
    "ArticleBody",
    "EpubResult",
    "TextRange",
    "eink_image",
    "render_article",
    "render_body",
    "write_epub",
]

#: Longest side of an image in the book, in pixels (e-ink screens are about this size).
IMAGE_EDGE = 1000
#: JPEG quality of the shrunk images (greyscale photos stay clear at this level).
JPEG_QUALITY = 80

_XML_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SAFE_HREF = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)

STYLE = """\
body { margin: 0 4%; line-height: 1.45; }
header { margin-bottom: 1.5em; }
h1 { font-size: 1.5em; margin: 0.5em 0 0.3em; }
p.byline, p.meta { margin: 0.1em 0; font-size: 0.9em; }
p.li { margin: 0.2em 0 0.2em 1.2em; text-indent: -1.2em; }
p.li.depth-2 { margin-left: 2.4em; }
p.li.depth-3 { margin-left: 3.6em; }
blockquote { margin: 1em 1.5em; font-style: italic; }
pre { white-space: pre-wrap; font-size: 0.85em; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { font-size: 0.85em; }
mark { background: #ddd; color: inherit; text-decoration: underline; }
section.highlights { margin-top: 2em; border-top: 1px solid #888; }
p.note { margin-left: 1.5em; font-size: 0.9em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #888; padding: 0.2em 0.4em; }
"""


def _text(value: str) -> str:
    """*value* as XML character data: controls dropped, markup escaped."""
    return escape(_XML_BAD.sub("", clean_text(value)))


def _attr(value: str) -> str:
    """*value* as a quoted XML attribute."""
    return quoteattr(_XML_BAD.sub("", clean_line(value)))


# -- the body: runs of text with their inline styles ----------------------------------------

Wrap = tuple[str, str]
"""An inline element around a run: (tag, href or id); tags: em, strong, del, code, a, mark."""
Run = tuple[str, tuple[Wrap, ...]]
"""A piece of text and its inline elements, outermost first."""

_OPENERS = {"em_open": "em", "strong_open": "strong", "s_open": "del", "link_open": "a"}
_CLOSERS = {"em_close": "em", "strong_close": "strong", "s_close": "del", "link_close": "a"}


class _RunWriter:
    """Block text as runs (see `reader.text.markdown_walk.Writer`): the same characters as
    the plain text highlights are placed in, with their styles kept beside them."""

    def inline(self, token: Token, links: list[str]) -> list[Run]:
        runs: list[Run] = []
        stack: list[Wrap] = []
        for child in token.children or ():
            kind = child.type
            if kind in _OPENERS:
                href = str(child.attrs.get("href", "")) if kind == "link_open" else ""
                if href:
                    links.append(href)
                stack.append((_OPENERS[kind], href))
            elif kind in _CLOSERS:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == _CLOSERS[kind]:
                        del stack[depth]
                        break
            else:
                label = inline_label(child)
                if label:
                    wraps = (*stack, ("code", "")) if kind == "code_inline" else tuple(stack)
                    runs.append((label, wraps))
        return runs

    def text(self, text: str) -> list[Run]:
        return [(text, ())]

    def code(self, text: str, in_quote: bool) -> list[Run]:
        return [(text, ())]

    def figure(self, label: str) -> list[Run]:
        return [(label, ())]

    def join(self, separator: str, parts: Sequence[list[Run]]) -> list[Run]:
        out: list[Run] = []
        for number, part in enumerate(parts):
            if number:
                out.append((separator, ()))
            out.extend(part)
        return out

    def concat(self, first: list[Run], second: list[Run]) -> list[Run]:
        return [*first, *second]


@dataclass(frozen=True)
class _Mark:
    """A highlight's piece inside one block: block offsets, and its id on the first piece."""

    start: int
    end: int
    highlight_id: str
    first: bool


def _marked(runs: list[Run], marks: Sequence[_Mark]) -> list[Run]:
    """*runs* split where *marks* start and end, the marked pieces wrapped in ``mark``."""
    if not marks:
        return runs
    out: list[Run] = []
    position = 0
    for text, wraps in runs:
        end = position + len(text)
        cuts = {position, end}
        for mark in marks:
            cuts.update(c for c in (mark.start, mark.end) if position < c < end)
        points = sorted(cuts)
        for begin, finish in itertools.pairwise(points):
            piece = text[begin - position : finish - position]
            inside = next((m for m in marks if m.start <= begin and finish <= m.end), None)
            if inside is None:
                out.append((piece, wraps))
            else:
                anchor = (
                    f"hl-{inside.highlight_id}" if inside.first and begin == inside.start else ""
                )
                out.append((piece, (*wraps, ("mark", anchor))))
        position = end
    return out


def _open(wrap: Wrap) -> str:
    tag, value = wrap
    if tag == "a":
        return f"<a href={_attr(value)}>" if _SAFE_HREF.match(value) else ""
    if tag == "mark":
        return f'<mark class="highlight" id="{value}">' if value else '<mark class="highlight">'
    return f"<{tag}>"


def _close(wrap: Wrap) -> str:
    tag, value = wrap
    if tag == "a" and not _SAFE_HREF.match(value):
        return ""
    return f"</{tag}>"


def _html(runs: list[Run], breaks: bool = True) -> str:
    """XHTML of *runs* (line breaks as ``<br/>`` when *breaks*)."""
    parts: list[str] = []
    for text, wraps in runs:
        body = _text(text)
        if breaks:
            body = body.replace("\n", "<br/>")
        parts.append("".join(map(_open, wraps)) + body + "".join(map(_close, reversed(wraps))))
    return "".join(parts)


# -- images ---------------------------------------------------------------------------------


def eink_image(data: bytes, edge: int = IMAGE_EDGE) -> bytes | None:
    """*data* (an image file) as a greyscale JPEG at most *edge* pixels on a side; None when
    Pillow cannot read it (broken, unknown, or a decompression bomb)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.draft("L", (edge, edge))  # JPEGs decode smaller, and faster
                frame = image.convert("RGBA")
                flat = Image.new("RGBA", frame.size, (255, 255, 255, 255))
                flat.alpha_composite(frame)
                grey = flat.convert("L")
                grey.thumbnail((edge, edge))
                out = io.BytesIO()
                grey.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
                return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return None


# -- one article ----------------------------------------------------------------------------


@dataclass
class Rendered:
    """One article as a document of the book."""

    entry: Entry
    name: str
    """Its file name in the book (``a<id>.xhtml``)."""
    xhtml: str
    images: dict[str, bytes] = field(default_factory=dict)
    """The book's image files it uses, by name (``images/<id>-01.jpg``)."""
    highlights: int = 0
    """How many highlights were marked."""


def _lang(entry: Entry) -> str:
    lang = (entry.lang or "").strip()
    return lang if _LANG.match(lang) else "en"


def _header(entry: Entry) -> str:
    title = _text(clean_line(entry.title) or clean_line(entry.url))
    lines = [f"<header><h1>{title}</h1>"]
    if entry.byline:
        lines.append(f'<p class="byline">{_text(clean_line(entry.byline))}</p>')
    meta = [_text(clean_line(entry.site))] if entry.site else []
    published = day_of(entry.published)
    if published:
        meta.append(_text(published))
    url = clean_line(entry.url)
    if _SAFE_HREF.match(url):
        meta.append(f"<a href={_attr(url)}>{_text(url)}</a>")
    if meta:
        lines.append(f'<p class="meta">{" · ".join(meta)}</p>')
    lines.append("</header>")
    return "\n".join(lines)


def _table(rows: list[list[list[Run]]], marks: Sequence[_Mark]) -> str:
    """A table's XHTML; its plain text is rows joined by newlines, cells by " │ "."""
    out = ["<table>"]
    position = 0
    for number, row in enumerate(rows):
        tag = "th" if number == 0 else "td"
        cells = []
        for cell_number, cell in enumerate(row):
            if cell_number:
                position += len(" │ ")
            length = sum(len(text) for text, _ in cell)
            inside = [
                _Mark(
                    max(m.start, position) - position,
                    min(m.end, position + length) - position,
                    m.highlight_id,
                    m.first and m.start >= position,
                )
                for m in marks
                if m.start < position + length and m.end > position
            ]
            cells.append(f"<{tag}>{_html(_marked(cell, inside))}</{tag}>")
            position += length
        position += 1  # the newline between rows
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


@dataclass(frozen=True)
class TextRange:
    """Where a highlight sits in the body's XHTML, the way annotator.js (wallabag's web
    app and phone apps) records it: an XPath from the body to an element and a character
    offset into that element's text, for its start and its end."""

    start: str
    start_offset: int
    end: str
    end_offset: int


@dataclass
class ArticleBody:
    """An article's body as XHTML blocks, one top-level element each."""

    entry: Entry
    blocks: list[str]
    highlights: list[Highlight]
    """The highlights placed in the text, in reading order (orphans left out)."""
    ranges: dict[str, TextRange]
    """Each placed highlight's range in `blocks`, by highlight id (none inside tables)."""
    images: dict[str, bytes] = field(default_factory=dict)
    """The shrunk images the blocks use, by name (``images/<id>-01.jpg``)."""

    @property
    def html(self) -> str:
        """The blocks as one XHTML fragment."""
        return "\n".join(self.blocks)


@dataclass(frozen=True)
class _Place:
    """Where a block's text lives in the XHTML: the element's XPath, the characters shown
    before the block's text in it (a list marker), and whether line breaks are ``<br/>``."""

    xpath: str
    prefix: int = 0
    breaks: bool = True


def render_body(
    library: Library, entry: Entry, *, marks: bool = True, images: bool = True
) -> ArticleBody:
    """The body of one saved article as XHTML blocks: highlights wrapped in ``<mark>``
    (with *marks*), saved images shrunk for e-ink (with *images*; else their caption)."""
    placed = article_highlights(library, entry.id)
    entry = placed.entry
    markdown = library.files.read_body(entry.path, entry.title) if entry.fetched else ""
    per_block: dict[int, list[_Mark]] = {}
    listed: list[Highlight] = []
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for one in sorted(placed.placed, key=lambda p: p.anchor.start if p.anchor else -1):
        if one.anchor is None:
            continue
        listed.append(one.highlight)
        pieces = placed.text.spans(one.anchor.start, one.anchor.end)
        spans[one.highlight.id] = pieces
        for number, (block_number, begin, finish) in enumerate(pieces):
            mark = _Mark(begin, finish, one.highlight.id, number == 0)
            if marks:
                per_block.setdefault(block_number, []).append(mark)
    body = ArticleBody(entry, [], listed, {})
    places: dict[int, _Place] = {}
    seen: dict[str, int] = {}

    def place(number: int, tag: str, inner: str = "", prefix: int = 0, breaks: bool = True) -> None:
        seen[tag] = seen.get(tag, 0) + 1
        places[number] = _Place(f"/{tag}[{seen[tag]}]{inner}", prefix, breaks)

    tokens = parser().parse(clean_text(markdown))
    for number, block in enumerate(walk(tokens, _RunWriter())):
        here = per_block.get(number, [])
        kind = block.kind
        if kind.startswith("h") and kind[1:].isdigit():
            level = min(6, max(2, int(kind[1:])))  # the article's title is the h1
            place(number, f"h{level}")
            body.blocks.append(f"<h{level}>{_html(_marked(block.body, here))}</h{level}>")
        elif kind == "li":
            depth = min(3, max(1, block.depth))
            marker = f'<span class="marker">{_text(block.marker)}</span> ' if block.marker else ""
            place(number, "p", prefix=len(block.marker) + 1 if block.marker else 0)
            inner = _html(_marked(block.body, here))
            body.blocks.append(f'<p class="li depth-{depth}">{marker}{inner}</p>')
        elif kind == "quote":
            place(number, "blockquote", "/p[1]")
            inner = _html(_marked(block.body, here))
            body.blocks.append(f"<blockquote><p>{inner}</p></blockquote>")
        elif kind == "code":
            place(number, "pre", breaks=False)
            body.blocks.append(f"<pre>{_html(_marked(block.body, here), breaks=False)}</pre>")
        elif kind == "hr":
            seen["hr"] = seen.get("hr", 0) + 1
            body.blocks.append("<hr/>")
        elif kind == "table":
            seen["table"] = seen.get("table", 0) + 1
            body.blocks.append(_table(block.rows, here))
        elif kind == "figure":
            html = _figure(library, body, block.links[0], block.body, here, images)
            if html.startswith("<figure>"):
                place(number, "figure", "/figcaption[1]")
            else:
                place(number, "p")
            body.blocks.append(html)
        else:
            place(number, "p")
            body.blocks.append(f"<p>{_html(_marked(block.body, here))}</p>")
    for highlight_id, pieces in spans.items():
        first, last = pieces[0], pieces[-1]
        if first[0] in places and last[0] in places:
            body.ranges[highlight_id] = TextRange(
                places[first[0]].xpath,
                _dom_offset(placed.text.blocks[first[0]], first[1], places[first[0]]),
                places[last[0]].xpath,
                _dom_offset(placed.text.blocks[last[0]], last[2], places[last[0]]),
            )
    return body


def _dom_offset(text: str, offset: int, place: _Place) -> int:
    """Offset *offset* of a block's *text* as an offset into its element's text content
    (a ``<br/>`` has no text, so each line break before it counts for nothing)."""
    return place.prefix + offset - (text.count("\n", 0, offset) if place.breaks else 0)


def render_article(library: Library, entry: Entry) -> Rendered:
    """The XHTML document of one saved article, its images shrunk and highlights marked."""
    body = render_body(library, entry)
    entry = body.entry
    blocks = list(body.blocks)
    if body.highlights:
        blocks.append('<section class="highlights"><h2>Highlights</h2><ol>')
        for highlight in body.highlights:
            quote = _text(highlight.exact).replace("\n", "<br/>")
            item = f'<li><p><a href="#hl-{highlight.id}">{quote}</a></p>'
            if highlight.note:
                item += f'<p class="note">{_text(highlight.note).replace(chr(10), "<br/>")}</p>'
            blocks.append(item + "</li>")
        blocks.append("</ol></section>")
    xhtml = _document(
        clean_line(entry.title) or clean_line(entry.url),
        _lang(entry),
        _header(entry) + "\n" + "\n".join(blocks),
    )
    return Rendered(entry, f"a{entry.id}.xhtml", xhtml, body.images, len(body.highlights))


def _figure(
    library: Library,
    body: ArticleBody,
    src: str,
    label: list[Run],
    marks: Sequence[_Mark],
    images: bool = True,
) -> str:
    caption = _html(_marked(label, marks))
    path = local_image_path(library.root, body.entry.id, src) if images else None
    data = None
    if path is not None:
        try:
            data = eink_image(path.read_bytes())
        except OSError:
            data = None
    if data is None:  # not saved (or unreadable): its description stands in for it
        return f'<p class="figure">{caption}</p>'
    name = f"images/{body.entry.id}-{len(body.images) + 1:02d}.jpg"
    body.images[name] = data
    alt = "".join(text for text, _ in label)
    image = f"<img src={_attr(name)} alt={_attr(alt)}/>"
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def _document(title: str, lang: str, body: str) -> str:
    """A whole XHTML document around *body*."""
    epub_ns = ' xmlns:epub="http://www.idpf.org/2007/ops"'
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"{epub_ns} lang="{lang}" xml:lang="{lang}">\n'
        f'<head><meta charset="utf-8"/><title>{_text(title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


# -- the book -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpubResult:
    """What went into a book."""

    title: str
    articles: list[Entry]
    images: int
    highlights: int


CONTAINER = """\
<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>\
</rootfiles>
</container>
"""


def book_title(entries: Sequence[Entry], now: datetime) -> str:
    """The title of a book of *entries*: the article's own, or a dated digest."""
    if len(entries) == 1:
        return clean_line(entries[0].title) or clean_line(entries[0].url)
    return f"reader digest, {now.date().isoformat()} ({len(entries)} articles)"


def write_epub(
    library: Library,
    entries: Iterable[Entry],
    out: IO[bytes],
    *,
    title: str | None = None,
    now: datetime | None = None,
) -> EpubResult:
    """Write an EPUB 3 of *entries* (the articles, in this order) to *out*.

    Entries not fetched yet, or whose file went away, are left out; StoreError
    when none is left.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    docs: list[Rendered] = []
    for entry in entries:
        if not entry.fetched:
            continue
        try:
            docs.append(render_article(library, entry))
        except StoreError:
            continue
    if not docs:
        raise StoreError("no saved article to put in the EPUB")
    chosen = [d.entry for d in docs]
    title = clean_line(title or "") or book_title(chosen, now)
    lang = _lang(chosen[0])
    ident = "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, "reader:" + ",".join(e.id for e in chosen))
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        # The mimetype first and stored, with no extra field: how a reader recognises an EPUB.
        book.writestr(
            zipfile.ZipInfo("mimetype", _stamp(now)),
            "application/epub+zip",
            compress_type=zipfile.ZIP_STORED,
        )
        _put(book, "META-INF/container.xml", CONTAINER, now)
        _put(book, "OEBPS/style.css", STYLE, now)
        _put(book, "OEBPS/nav.xhtml", _nav(title, lang, docs), now)
        _put(book, "OEBPS/toc.ncx", _ncx(title, ident, docs), now)
        for doc in docs:
            _put(book, f"OEBPS/{doc.name}", doc.xhtml, now)
            for name, data in doc.images.items():
                _put(book, f"OEBPS/{name}", data, now, compress=False)
        _put(book, "OEBPS/content.opf", _opf(title, lang, ident, now, docs), now)
    return EpubResult(
        title,
        chosen,
        images=sum(len(d.images) for d in docs),
        highlights=sum(d.highlights for d in docs),
    )


def _stamp(now: datetime) -> tuple[int, int, int, int, int, int]:
    return (max(1980, now.year), now.month, now.day, now.hour, now.minute, now.second)


def _put(
    book: zipfile.ZipFile, name: str, data: str | bytes, now: datetime, compress: bool = True
) -> None:
    info = zipfile.ZipInfo(name, _stamp(now))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    book.writestr(info, data)


def _nav(title: str, lang: str, docs: Sequence[Rendered]) -> str:
    items = "\n".join(
        f'<li><a href="{d.name}">{_text(clean_line(d.entry.title) or d.entry.url)}</a></li>'
        for d in docs
    )
    body = f'<nav epub:type="toc" id="toc"><h1>{_text(title)}</h1>\n<ol>\n{items}\n</ol></nav>'
    return _document(title, lang, body)


def _ncx(title: str, ident: str, docs: Sequence[Rendered]) -> str:
    points = "\n".join(
        f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>'
        f"{_text(clean_line(d.entry.title) or d.entry.url)}</text></navLabel>"
        f'<content src="{d.name}"/></navPoint>'
        for n, d in enumerate(docs, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
        f'<head><meta name="dtb:uid" content={_attr(ident)}/></head>\n'
        f"<docTitle><text>{_text(title)}</text></docTitle>\n<navMap>\n{points}\n</navMap>\n</ncx>\n"
    )


def _opf(title: str, lang: str, ident: str, now: datetime, docs: Sequence[Rendered]) -> str:
    authors = []
    for doc in docs:
        byline = clean_line(doc.entry.byline or "")
        if byline and byline not in authors:
            authors.append(byline)
    meta = [
        f'<dc:identifier id="uid">{_text(ident)}</dc:identifier>',
        f"<dc:title>{_text(title)}</dc:title>",
        f"<dc:language>{lang}</dc:language>",
        f'<meta property="dcterms:modified">{now.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>',
        *(f"<dc:creator>{_text(a)}</dc:creator>" for a in authors[:20]),
    ]
    if len(docs) == 1:
        if docs[0].entry.site:
            meta.append(f"<dc:publisher>{_text(clean_line(docs[0].entry.site))}</dc:publisher>")
        published = day_of(docs[0].entry.published)
        if re.match(r"^\d{4}-\d{2}-\d{2}$", published):
            meta.append(f"<dc:date>{published}</dc:date>")
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
    ]
    spine = ['<itemref idref="nav"/>'] if len(docs) > 1 else []
    for number, doc in enumerate(docs, 1):
        manifest.append(
            f'<item id="d{number}" href="{doc.name}" media-type="application/xhtml+xml"/>'
        )
        spine.append(f'<itemref idref="d{number}"/>')
        for image_number, name in enumerate(doc.images, 1):
            manifest.append(
                f'<item id="i{number}-{image_number}" href="{name}" media-type="image/jpeg"/>'
            )
    nl = "\n"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">\n'
        f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n{nl.join(meta)}\n</metadata>\n'
        f"<manifest>\n{nl.join(manifest)}\n</manifest>\n"
        f'<spine toc="ncx">\n{nl.join(spine)}\n</spine>\n</package>\n'
    )
