"""Remove what readability kept that readers don't want (runs on its article).

Rules, in order: figures are tidied (`figures`); a comment section is cut from
its heading ("3 Kommentare", "Leave a Reply") to the end; headings such as
"À découvrir également" or "Lesen Sie auch" go with the link lists under
them, and a closing "About the author" with its bio; short link-only blocks
above the first paragraph (section kickers) go; then every leaf block whose
whole text is a label ("PUBLICITÉ", "Share this article", "Close Button") or
that is a photo credit, a filing line ("Posted in ...", "Tags: ..."), a call
to subscribe or follow, a copyright notice or an ad disclosure; then the
headline, byline and dateline repeated from the metadata. Last, the text is
given its reading shape: layout tables become blocks (`tables`) and line breaks
and sentences cut into pieces are put right (`paragraphs`).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from reader.extract.boilerplate import is_hidden
from reader.extract.dom import (
    BLOCK_TAGS,
    HEADINGS,
    is_within,
    iter_elements,
    link_density,
    remove,
    remove_to_end,
    text_of,
    unwrap,
)
from reader.extract.figures import tidy_figures
from reader.extract.metadata import Metadata
from reader.extract.paragraphs import tidy_paragraphs
from reader.extract.tables import unwrap_layout_tables
from reader.extract.vocabulary import (
    AD_DISCLOSURE,
    AUTHOR_HEADING,
    BYLINE_PREFIX,
    COMMENTS_START,
    COPYRIGHT_NOTICE,
    CREDIT,
    DATELINE,
    META_LINE,
    PROMPT,
    RELATED_PREFIX,
    fold,
    is_label,
    is_related_heading,
)


def post_clean(article: HtmlElement, meta: Metadata) -> None:
    """Strip from the readability *article* what readers don't want, in place."""
    for el in list(iter_elements(article)):
        if el is not article and el.getparent() is not None and is_hidden(el):
            remove(el)
    tidy_figures(article)
    _cut_comment_section(article)
    _remove_related_blocks(article)
    _remove_leading_links(article)
    _remove_labels_and_credits(article)
    _remove_trailing_credit_lines(article)
    _remove_metadata_repeats(article, meta)
    unwrap_layout_tables(article)
    tidy_paragraphs(article)
    remove_empty(article)


def _remove_labels_and_credits(article: HtmlElement) -> None:
    """Remove label-only blocks, credits, filing lines, prompts and notices."""
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None:
            continue
        tag = el.tag
        if tag not in BLOCK_TAGS and tag not in _INLINE_CANDIDATES:
            continue
        text = text_of(el)
        if not text or len(text) > 600:
            continue
        if _is_junk_block(el, tag, text):
            remove(el)


def _remove_trailing_credit_lines(article: HtmlElement) -> None:
    """Remove a credit written as the last line of a block ("A caption.<br>Foto © X"):
    the caption stays, its credit goes, as a credit on its own would."""
    for br in list(article.iter("br")):
        parent = br.getparent()
        if parent is None or (not (parent.text or "").strip() and br.getprevious() is None):
            continue  # nothing before it: the whole block is the credit (handled above)
        following = list(br.itersiblings())
        if any(
            s.tag in BLOCK_TAGS or s.tag == "img" or next(s.iter("img"), None) is not None
            for s in following
        ):
            continue
        after = (br.tail or "") + "".join(text_of(s) + (s.tail or "") for s in following)
        after = " ".join(after.split())
        if not after or len(after) > 120 or not is_credit(after):
            continue
        for sibling in following:
            parent.remove(sibling)
        br.tail = None
        remove(br)


_INLINE_CANDIDATES = frozenset({"span", "small", "cite", "strong", "b", "em", "i", "a"})


def _is_junk_block(el: HtmlElement, tag: str, text: str) -> bool:
    block = tag in BLOCK_TAGS
    if block and is_label(text) and next(el.iter("img"), None) is None:
        return True
    # The rules below look inside the text: only for blocks holding no other block,
    # so that a short article is never taken for its own copyright line.
    if block and any(d.tag in BLOCK_TAGS for d in el.iterdescendants() if d.tag != "br"):
        return False
    if tag != "a" and len(text) <= 200 and is_credit(text):
        return True
    if tag in ("p", "li", "div") and len(text) <= 300 and RELATED_PREFIX.match(text):
        return link_density(el, len(text)) > 0.5
    if not block:
        return False
    if META_LINE.match(text):
        return True
    prompt = PROMPT.search(text)
    if prompt and (len(text) <= 160 or (prompt.start() == 0 and len(text) <= 300)):
        return True
    return (
        tag not in ("figure", "figcaption")
        and len(text) <= 250
        and (COPYRIGHT_NOTICE.search(text) or AD_DISCLOSURE.match(text)) is not None
    )


def _cut_comment_section(article: HtmlElement) -> None:
    """Remove a comment section: from its heading ("3 Kommentare") to the end."""
    total = len(text_of(article))
    seen = 0
    for el in iter_elements(article):
        if el is article or (el.tag not in BLOCK_TAGS and el.tag not in ("strong", "b", "span")):
            continue
        text = text_of(el)
        if not text or len(text) > 60 or not COMMENTS_START.match(text):
            continue
        seen = _text_before(article, el)
        if seen < total * 0.5:
            continue  # only the closing part of an article can be its comments
        remove_to_end(el, article)
        return


def _text_before(root: HtmlElement, target: HtmlElement) -> int:
    """Number of text characters in *root* before *target* starts."""
    length = len((root.text or "").strip())
    for el in iter_elements(root):
        if el is root:
            continue
        if el is target:
            return length
        length += len((el.text or "").strip()) + len((el.tail or "").strip())
    return length


_LINK_LIST_TAGS = frozenset({"ul", "ol", "div", "section", "table", "p", "dl", "nav"} | HEADINGS)


def remove_link_lists(article: HtmlElement) -> None:
    """Remove lists and boxes that are mostly links to elsewhere (menus, teasers, tag clouds)."""
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None:
            continue
        if el.tag not in _LINK_LIST_TAGS:
            continue
        # Links within the page (a table of contents, "#section") go nowhere else.
        links = [a for a in el.iter("a") if not (a.get("href") or "").startswith("#")]
        if len(links) < (1 if el.tag == "p" or el.tag in HEADINGS else 3):
            continue
        text = text_of(el)
        if (el.tag == "p" or el.tag in HEADINGS) and len(text) > 150:
            continue
        linked = sum(len(text_of(a)) for a in links)
        if text and linked / len(text) > 0.6:
            remove(el)


def _remove_leading_links(article: HtmlElement) -> None:
    """Remove short link-only blocks (section kickers, breadcrumbs) above the first paragraph."""
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None:
            continue
        if el.tag not in BLOCK_TAGS:
            continue
        text = text_of(el)
        if el.tag == "p" and len(text) >= 80:
            return
        if (
            text
            and len(text) <= 40
            and el.tag not in HEADINGS
            and next(el.iter("img"), None) is None
            and link_density(el, len(text)) >= 0.99
        ):
            remove(el)


def is_credit(text: str) -> bool:
    """True if *text* is a photo or copyright credit rather than body text."""
    if not CREDIT.match(text):
        return False
    if len(text) <= 60:
        return True
    # Longer texts count only when they start with an explicit credit marker.
    return len(text) <= 200 and bool(
        re.match(
            r"^\W*(?:©|\(c\)|copyright|tous droits réservés|all rights reserved|photo\s*:"
            r"|foto\s*:|bild\s*:|crédit|credit)",
            text,
            re.IGNORECASE,
        )
    )


def _remove_related_blocks(article: HtmlElement) -> None:
    """Remove "Related" / "À découvrir également" headings and the links under them."""
    for el in list(iter_elements(article)):
        if el.getparent() is None or el is article:
            continue
        if el.tag not in HEADINGS and el.tag not in ("p", "div", "strong", "span", "b", "li"):
            continue
        text = text_of(el)
        if len(text) > 60:
            continue
        if _is_author_heading(el, text):
            bio = el.getnext()
            if bio is not None and len(text_of(bio)) < 800:
                remove(bio)
            remove(el)
            continue
        if not is_related_heading(text):
            continue
        container = el.getparent()
        if (
            container is not None
            and container is not article
            and container.tag not in HEADINGS
            and _link_share_without(container, el) >= 0.5
        ):
            remove(container)
            continue
        # Take the heading and the link lists that follow it.
        anchor = el
        while anchor.getparent() is not None and anchor.getparent() is not article:
            parent = anchor.getparent()
            assert parent is not None
            if len(text_of(parent)) > len(text) + 5:
                break
            anchor = parent
        following = list(anchor.itersiblings())
        remove(anchor)
        for sib in following:
            if not isinstance(sib.tag, str):
                continue
            sib_text = text_of(sib)
            if not sib_text:
                continue
            if link_density(sib, len(sib_text)) >= 0.5 and len(sib_text) < 600:
                remove(sib)
            else:
                break


def _is_author_heading(el: HtmlElement, text: str) -> bool:
    """True for a heading such as "Über Simon Dückert" over a closing author bio."""
    if el.tag not in HEADINGS and el.tag not in ("p", "strong", "b"):
        return False
    if AUTHOR_HEADING.match(fold(text)) is None:
        return False
    # Only near the end: a bio closes the article, a section titled "About X" may not.
    following = [s for s in el.itersiblings() if isinstance(s.tag, str) and text_of(s)]
    return len(following) <= 2


def _link_share_without(container: HtmlElement, heading: HtmlElement) -> float:
    total = len(text_of(container)) - len(text_of(heading))
    if total <= 0:
        return 1.0
    linked = sum(len(text_of(a)) for a in container.iter("a") if not is_within(a, heading))
    return linked / total


def _remove_metadata_repeats(article: HtmlElement, meta: Metadata) -> None:
    """Remove the headline, byline and dateline repeated at the top of the body."""
    titles = {fold(t) for t in (meta.title, meta.raw_title) if t}
    byline = fold(meta.byline) if meta.byline else None
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None:
            continue
        if el.tag not in BLOCK_TAGS and el.tag not in ("span", "a", "time", "strong", "b"):
            continue
        text = text_of(el)
        if not text or len(text) > 250:
            continue
        folded = fold(text)
        if folded in titles and (el.tag in HEADINGS or len(folded) > 15):
            remove(el)
            continue
        if byline and len(text) < 150 and el.tag != "a":
            stripped = fold(BYLINE_PREFIX.sub("", text))
            if stripped == byline or (BYLINE_PREFIX.match(text) and byline in folded):
                remove(el)
                continue
        if len(text) < 120 and el.tag != "a" and _is_dateline(el, text):
            remove(el)


def _is_dateline(el: HtmlElement, text: str) -> bool:
    if el.tag == "time":
        return True
    if DATELINE.match(text):
        return True
    has_time = next(el.iter("time"), None) is not None
    return has_time and len(text) < 60


def remove_empty(root: HtmlElement) -> None:
    """Remove elements that hold neither text nor an image, table row or break."""
    for el in reversed(list(iter_elements(root))):
        if el is root or el.getparent() is None:
            continue
        if el.tag in ("img", "br", "hr", "td", "th", "tr"):
            continue
        if (el.text and el.text.strip()) or len(el):
            continue
        remove(el)


def strip_wrappers(root: HtmlElement) -> None:
    """Unwrap inline elements that carry no meaning for markdown (span, font)."""
    for el in list(root.iter("span", "font", "center", "big", "abbr", "time", "small")):
        if el is not root:
            unwrap(el)
