"""Remove what readers don't want: structure first, then a multilingual word list.

`pre_clean` runs on the whole page before readability looks for the article.
It removes what is boilerplate by construction (scripts, forms, navigation,
page header and footer, asides, hidden elements, ARIA landmarks that are not
content) and elements whose class or id names them as boilerplate (ads, share
bars, related stories, newsletters, cookie banners, comments). A smaller page
also makes readability faster.

`post_clean` runs on the article readability found and removes what it kept:
blocks whose whole text is a label ("PUBLICITÉ", "Share this article",
"Close Button"), related-story blocks under a heading such as "À découvrir
également" or "Lesen Sie auch", link-only "Read more: ..." lines, photo
credits, and the headline, byline and dateline repeated from the metadata.
"""

from __future__ import annotations

import itertools
import re

from lxml.html import HtmlElement

from reader.extract.dom import (
    BLOCK_TAGS,
    HEADINGS,
    has_ancestor,
    iter_elements,
    link_density,
    remove,
    text_of,
    unwrap,
    words_of,
)
from reader.extract.figures import tidy_figures
from reader.extract.metadata import Metadata
from reader.extract.vocabulary import (
    AD_DISCLOSURE,
    AUTHOR_HEADING,
    BOILERPLATE_PAIRS,
    BOILERPLATE_WORDS,
    BYLINE_PREFIX,
    COMMENTS_START,
    CONTENT_WORDS,
    COPYRIGHT_NOTICE,
    CREDIT,
    DATELINE,
    LINKY_BOILERPLATE_WORDS,
    META_LINE,
    PROMPT,
    RELATED_PREFIX,
    SMALL_BOILERPLATE_WORDS,
    fold,
    is_label,
    is_related_heading,
)

# Elements that are never article text.
_ALWAYS_DROP = frozenset(
    """
    iframe object embed button select input textarea frame frameset applet audio video
    source track map area
    """.split()
)

# ARIA roles of landmarks and widgets that are not the article.
_BOILERPLATE_ROLES = frozenset(
    """
    navigation banner contentinfo complementary search dialog alertdialog menu menubar
    toolbar button tablist tab status alert marquee timer
    """.split()
)

_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)

_ARTICLE_TAGS = frozenset({"article", "main"})

#: Below this many characters an element marked by a "small" class word is removed.
_SMALL_TEXT = 200

#: A paragraph with at least this many characters is prose, not a widget.
_PROSE = 120


def pre_clean(root: HtmlElement) -> None:
    """Strip boilerplate from the whole page *root* before readability runs."""
    body = root.find("body")
    if body is None:
        return
    _fix_lazy_images(body)
    _flatten_figures(body)
    _disarm_links(body)
    body_length = len(text_of(body)) or 1
    stack = list(reversed([c for c in body if isinstance(c.tag, str)]))
    while stack:
        el = stack.pop()
        if _is_pre_boilerplate(el, body_length):
            remove(el)
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        if el.tag == "noscript":
            unwrap(el)  # kept for its prose, which readability would drop with the tag
        stack.extend(reversed(children))


def light_clean(root: HtmlElement) -> None:
    """Only what is never text: scripts, styles and hidden elements (the fallback's cleaning)."""
    body = root.find("body")
    if body is None:
        return
    _fix_lazy_images(body)
    _flatten_figures(body)
    _disarm_links(body)
    for el in list(iter_elements(body)):
        if el.getparent() is not None and (el.tag in _CODE_TAGS or is_hidden(el)):
            remove(el)


def _is_pre_boilerplate(el: HtmlElement, body_length: int) -> bool:
    tag = el.tag
    if tag in _CODE_TAGS:
        return True
    if is_hidden(el):
        return True
    if tag in _CONTAINER_TAGS:
        # Broken markup can leave the whole page inside an unclosed <nav> or <form>.
        return not (_is_most_of_page(el, body_length) or _holds_article(el))
    if tag in ("aside", "noscript"):
        return not (_is_prose_block(el) or _is_most_of_page(el, body_length))
    if tag in _ALWAYS_DROP:
        return True
    role = (el.get("role") or "").strip().lower()
    if role in _BOILERPLATE_ROLES:
        return not (_is_most_of_page(el, body_length) or _holds_article(el))
    if tag == "header" and not _inside_article(el) and not _has_h1(el):
        return not (_is_most_of_page(el, body_length) or _holds_article(el))
    if tag in ("body", "html", "main", "p") or tag in HEADINGS:
        return False
    return _named_boilerplate(el, body_length)


# Never text: removed wherever they are.
_CODE_TAGS = frozenset({"script", "style", "template", "link", "svg", "canvas"})
# Page furniture that is removed unless broken markup put the article inside it.
_CONTAINER_TAGS = frozenset({"nav", "footer", "form", "menu", "dialog"})


def is_hidden(el: HtmlElement) -> bool:
    """True if *el* is hidden from readers (hidden, aria-hidden, display:none)."""
    if el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _named_boilerplate(el: HtmlElement, body_length: int) -> bool:
    """True if the element's class/id words say it is boilerplate (and it is not the article)."""
    words = _descriptive_words(words_of(el))
    if not words:
        return False
    wordset = set(words)
    pairs = set(itertools.pairwise(words))
    strong = bool(wordset & BOILERPLATE_WORDS or pairs & BOILERPLATE_PAIRS)
    small = bool(wordset & SMALL_BOILERPLATE_WORDS)
    if not strong and not small:
        if wordset & LINKY_BOILERPLATE_WORDS and not _holds_article(el):
            return link_density(el) > 0.5
        return False
    if _holds_article(el):
        return False
    if not strong:
        return len(text_of(el)) < _SMALL_TEXT and not (wordset & CONTENT_WORDS)
    if wordset & _COMMENT_WORDS:
        return True
    if _is_most_of_page(el, body_length):
        return False  # a misnamed wrapper ("sidebar", "skiplink-target") around the page
    # "article-body share-enabled", "tab-menu": an element full of prose is content.
    if wordset & CONTENT_WORDS:
        return _prose_count(el) < 3
    return not _is_prose_block(el)


def _is_most_of_page(el: HtmlElement, body_length: int) -> bool:
    """True if *el* holds most of the page's text, and that text is not links."""
    length = len(text_of(el))
    return length > body_length * 0.4 and link_density(el, length) < 0.3


def _is_prose_block(el: HtmlElement) -> bool:
    """True if *el* holds several paragraphs of prose and few links."""
    return _prose_count(el) >= 3 and link_density(el) < 0.25


_COMMENT_WORDS = frozenset({"comment", "comments", "commentlist", "disqus", "respond"})

# "has-ads", "no-sidebar", "with-share": modifiers describing something else.
_MODIFIERS = frozenset({"has", "with", "no", "without", "show", "enable", "enabled", "allow", "is"})


def _descriptive_words(words: list[str]) -> list[str]:
    """*words* without those that follow a modifier such as "has" in "has-ads"."""
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word in _MODIFIERS:
            skip = True
            continue
        kept.append(word)
    return kept


def _holds_article(el: HtmlElement) -> bool:
    """True if *el* contains an <article>, <main> or the marked article body."""
    for child in el.iter("article", "main"):
        if child is not el and "comment" not in words_of(child):
            return True
    return bool(el.xpath(".//*[@itemprop='articleBody']"))


def _inside_article(el: HtmlElement) -> bool:
    return has_ancestor(el, _ARTICLE_TAGS)


def _has_h1(el: HtmlElement) -> bool:
    return next(el.iter("h1"), None) is not None


def _prose_count(el: HtmlElement) -> int:
    return sum(1 for p in el.iter("p") if len(text_of(p)) >= _PROSE)


def _disarm_links(body: HtmlElement) -> None:
    """Take the href off javascript:/data: links (readability would blank it, not drop it)."""
    for a in body.iter("a"):
        href = "".join((a.get("href") or "").split()).lower()
        if href.startswith(("javascript:", "data:", "vbscript:")):
            del a.attrib["href"]


def _flatten_figures(body: HtmlElement) -> None:
    """Unwrap the divs inside figures, which readability would judge (and drop) alone."""
    for figure in list(body.iter("figure")):
        for el in list(figure.iter("div", "span", "picture", "source")):
            if el.tag == "source":
                remove(el)
            elif el is not figure and not (set(words_of(el)) & _CREDIT_WORDS):
                unwrap(el)


_CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "photographer", "source"})


def _fix_lazy_images(body: HtmlElement) -> None:
    """Give lazy-loaded images their real source (data-src and friends)."""
    for img in body.iter("img"):
        src = img.get("src") or ""
        if src and not src.startswith("data:"):
            continue
        for attr in ("data-src", "data-lazy-src", "data-original", "data-url", "data-lazy"):
            value = img.get(attr)
            if value and not value.startswith("data:"):
                img.set("src", value)
                break
        else:
            srcset = img.get("data-srcset") or img.get("srcset")
            if srcset:
                img.set("src", srcset.split(",")[0].split()[0])


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
    _remove_metadata_repeats(article, meta)
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
        node: HtmlElement | None = el
        while node is not None and node is not article:
            for sibling in list(node.itersiblings()):
                remove(sibling)
            node = node.getparent()
        remove(el)
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
    linked = sum(len(text_of(a)) for a in container.iter("a") if not _contains(heading, a))
    return linked / total


def _contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    node: HtmlElement | None = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


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


# readability-lxml's own class/id patterns (unlikely candidates, negative and positive
# weights), copied here so that names it would punish can be taken off kept elements.
_READABILITY_NEGATIVE = re.compile(
    r"combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
    r"|ad-break|agegate|pagination|pager|popup|tweet|twitter|com-|contact|masthead|media|meta"
    r"|outbrain|promo|related|scroll|shopping|tags|tool|widget",
    re.IGNORECASE,
)
_READABILITY_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|and|column|shadow",
    re.IGNORECASE,
)


def neutralize_names(root: HtmlElement) -> None:
    """Drop class/id names that readability would misread as boilerplate.

    pre_clean has already removed what its own vocabulary names as boilerplate;
    what is left is kept on purpose, so readability's cruder substring rules
    ("meta" in "metadata", "tweet" in an embedded tweet) should not undo that.
    """
    for el in iter_elements(root):
        for attr in ("class", "id"):
            value = el.get(attr)
            if (
                value
                and _READABILITY_NEGATIVE.search(value)
                and not _READABILITY_POSITIVE.search(value)
            ):
                del el.attrib[attr]
