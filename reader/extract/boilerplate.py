"""Remove what is never the article, before readability looks: structure first.

`pre_clean` runs on the whole page. It removes what is boilerplate by
construction (scripts, styles, navigation, page header and footer, forms,
asides, dialogs, hidden elements, ARIA landmarks that are not content) and
elements whose class or id names them as boilerplate (ads, share bars,
related stories, newsletters, cookie banners, comments), with guards so that
a misnamed wrapper holding most of the page, or prose, is kept. A smaller
page also makes readability faster. `neutralize_names` then takes off the
class names readability would misread on what was kept; `light_clean` is
the minimal version used for the retry without pre-cleaning.

What readability keeps that readers don't want is removed afterwards, by
`cleanup`.
"""

from __future__ import annotations

import itertools
import re

from lxml.html import HtmlElement

from reader.extract.dom import (
    HEADINGS,
    has_ancestor,
    iter_elements,
    link_density,
    remove,
    text_of,
    unwrap,
    words_of,
)
from reader.extract.vocabulary import (
    BOILERPLATE_PAIRS,
    BOILERPLATE_WORDS,
    CONTENT_WORDS,
    LINKY_BOILERPLATE_WORDS,
    SMALL_BOILERPLATE_WORDS,
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


def pre_clean(root: HtmlElement) -> int:
    """Strip boilerplate from the whole page *root* before readability runs.

    Returns the length of the page's text before cleaning.
    """
    body = root.find("body")
    if body is None:
        return 0
    _fix_lazy_images(body)
    _flatten_figures(body)
    _disarm_links(body)
    body_length = len(text_of(body))
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
    return body_length


def light_clean(root: HtmlElement) -> None:
    """Only what is never text: scripts, styles and hidden elements (the fallback's cleaning)."""
    body = root.find("body")
    if body is None:
        return
    _fix_lazy_images(body)
    _flatten_figures(body)
    _disarm_links(body)
    for el in list(iter_elements(body)):
        tag = el.tag
        if el.getparent() is not None and (
            tag in _CODE_TAGS or tag in _RUBY_ANNOTATIONS or is_hidden(el)
        ):
            remove(el)


def _is_pre_boilerplate(el: HtmlElement, body_length: int) -> bool:
    tag = el.tag
    if tag in _CODE_TAGS or tag in _RUBY_ANNOTATIONS:
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
# Ruby annotations: the readings a page draws above East Asian characters. Text has
# no "above": inline they would split every annotated word (子こども for 子ども).
_RUBY_ANNOTATIONS = frozenset({"rt", "rp"})
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
    if wordset & _COMMENT_WORDS or wordset & _CONSENT_WORDS:
        return True  # a cookie dialog can outweigh a short page: it is never its text
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
_CONSENT_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr"})

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
