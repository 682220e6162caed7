"""Give every figure one image and one caption, without photo credits.

Pages often print a picture's description twice (the ``alt`` text and the
``<figcaption>``) and add a credit ("Tous droits réservés ...", "AP Photo/...",
"© Getty Images"). Each figure is rebuilt as ``<figure><img><figcaption>``
with the credit removed from the caption; the ``alt`` text is kept only when
it says something the caption does not.

Captions become part of the article: in the markdown as an italic line under
the image, and in `Article.text` once, as a paragraph of their own. A figure
with no picture left (a video, an embed) loses its caption with it, and
`captions` drops screen-reader prefixes, gallery counters and repeats.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement, fragment_fromstring

from reader.extract.captions import clean_caption, dedupe_captions, remove_counters
from reader.extract.dom import is_within, iter_elements, remove, text_of, words_of
from reader.extract.vocabulary import CREDIT_TAIL, fold
from reader.text.sanitize import clean_line

_CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "source", "photographer", "byline"})


def tidy_figures(article: HtmlElement) -> None:
    """Rebuild each ``<figure>`` (and caption-classed wrappers) in *article*."""
    for figure in list(article.iter("figure")):
        if figure.getparent() is not None:
            _tidy(figure)
    # Images captioned outside a <figure>: "wp-caption-text", "caption" blocks.
    for el in list(iter_elements(article)):
        if el.getparent() is None or el.tag == "figcaption":
            continue
        if "caption" in words_of(el) and el.tag in ("p", "div", "span"):
            if next(el.iter("img"), None) is not None:
                _tidy_captioned_wrapper(el)
                continue
            caption = _caption_text(el)
            if caption:
                for child in list(el):
                    remove(child)
                el.text = caption
            else:
                remove(el)
    remove_counters(article)
    dedupe_captions(article)
    _drop_alt_repeated_below(article)


def _tidy_captioned_wrapper(wrapper: HtmlElement) -> None:
    """A ``wp-caption`` box around an image and its caption, rebuilt as a figure."""
    caption = next(
        (
            d
            for d in wrapper.iterdescendants()
            if isinstance(d.tag, str) and "caption" in words_of(d) and d.find(".//img") is None
        ),
        None,
    )
    if caption is not None:
        caption.tag = "figcaption"
    wrapper.tag = "figure"
    _tidy(wrapper)


def _drop_alt_repeated_below(article: HtmlElement) -> None:
    """Empty an image's alt text when the block that follows says the same (its caption)."""
    for img in article.iter("img"):
        alt = fold(img.get("alt") or "")
        if not alt:
            continue
        node: HtmlElement | None = img
        # The caption is the next block after the image (or after its wrapper).
        while node is not None and node is not article and node.getnext() is None:
            node = node.getparent()
        following = node.getnext() if node is not None and node is not article else None
        if following is not None and alt in fold(text_of(following)):
            img.set("alt", "")


def _tidy(figure: HtmlElement) -> None:
    images = [img for img in figure.iter("img") if img.get("src")]
    caption_el = next(figure.iter("figcaption"), None)
    caption = _caption_text(caption_el) if caption_el is not None else ""
    if not images:
        if not caption and not text_of(figure):
            remove(figure)
            return
        if caption_el is None:
            figure.tag = "div"
            return
        if not _text_blocks(figure, caption_el):
            # A caption under nothing: the title of a video or an embed left out.
            remove(figure)
            return
    new = fragment_fromstring("<figure></figure>")
    if images:
        img = images[0]
        alt = clean_line(img.get("alt") or "")
        if caption and (not alt or fold(alt) in fold(caption) or fold(caption) in fold(alt)):
            alt = ""
        clean_img = fragment_fromstring("<img>")
        clean_img.set("src", img.get("src") or "")
        if alt:
            clean_img.set("alt", alt)
        new.append(clean_img)
    if caption:
        cap = fragment_fromstring("<figcaption></figcaption>")
        cap.text = caption
        new.append(cap)
    # Some pages wrap a whole teaser (headline, lead) in <figure>: keep that text.
    extra = [copy.deepcopy(el) for el in _text_blocks(figure, caption_el)]
    parent = figure.getparent()
    if parent is not None:
        parent.replace(figure, new)
        for offset, el in enumerate(extra, start=1):
            el.tail = None
            parent.insert(parent.index(new) + offset, el)
        (extra[-1] if extra else new).tail = figure.tail


_TEXT_BLOCKS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "pre",
)  # fmt: skip


def _text_blocks(figure: HtmlElement, caption_el: HtmlElement | None) -> list[HtmlElement]:
    """The outermost text blocks of *figure* outside its caption (a teaser, a quote)."""
    return [
        el
        for el in figure.iter(*_TEXT_BLOCKS)
        if not is_within(el, caption_el)
        and text_of(el)
        and not any(a.tag in _TEXT_BLOCKS for a in el.iterancestors() if is_within(a, figure))
    ]


def _caption_text(caption: HtmlElement) -> str:
    """The caption's text without credit elements or a trailing credit."""
    for el in list(iter_elements(caption)):
        if el is caption or el.getparent() is None:
            continue
        if set(words_of(el)) & _CREDIT_WORDS:
            remove(el)
    text = clean_line(caption.text_content())
    text = CREDIT_TAIL.sub("", text).strip()
    return clean_caption(text)
