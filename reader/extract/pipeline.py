"""Extraction pipeline: page HTML in, `Article` out (pure function, no I/O).

1. `parse` decodes and parses the page within fixed bounds.
2. `metadata` (with `dates`) reads title, byline, date, language... from the
   whole page; `structured` reads a schema.org Recipe if the page has one.
3. `boilerplate.pre_clean` drops what is never the article (structure first).
4. readability-lxml picks the article among what is left (`readable`).
5. `container` double-checks readability against the page's own article
   container (``itemprop=articleBody``, ``entry-content``...), which wins
   when it holds clearly more of the article; `lead` puts back a standfirst
   left between the headline and the body.
6. `cleanup.post_clean` (with `figures`) removes what readability kept but
   readers don't want; `links` makes the links absolute.
7. If the result is short while the page was not, steps 4-6 run again on the
   page with only scripts and hidden elements removed, in case pre-cleaning
   misled readability.
8. trafilatura's reading (`alternative`) is asked too; `selection` keeps the
   better of the two. On a thread (`kinds` reads the kind of page from its
   declarations and URL), `threads` finds every post and `selection` decides
   whether they replace the reading or follow it. On a product page
   (`products`) the reviews go before both readings, the shorter reading wins
   when the longer is it plus the shop around it, and a description the page
   shows and declares in JSON-LD is added if the reading lacks it.
9. `markdown` and `text` render the same cleaned tree twice.

Anything that goes wrong inside becomes an `ExtractError` with one line of
explanation; a page without readable text is an error, not an empty Article.
"""

from __future__ import annotations

import copy
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.html import HtmlElement

from reader.errors import ExtractError
from reader.extract.alternative import alternative_part
from reader.extract.boilerplate import light_clean, neutralize_names, pre_clean
from reader.extract.cleanup import post_clean, remove_empty, remove_link_lists, strip_wrappers
from reader.extract.container import marked_container
from reader.extract.docs import drop_page_chrome, same_reading
from reader.extract.fallback import UNSURE_NOTE, whole_page
from reader.extract.kinds import PageKind, page_signals
from reader.extract.lead import rescue_lead
from reader.extract.links import fix_links
from reader.extract.markdown import to_markdown
from reader.extract.metadata import Metadata, read_metadata
from reader.extract.parse import NO_ARTICLE, parse_document
from reader.extract.post_heads import lead_before, restore_heads, take_heads
from reader.extract.products import (
    add_description,
    drop_reviews,
    named_choice,
    prefer_trimmed,
    read_description,
)
from reader.extract.readable import readable_part
from reader.extract.selection import (
    ThreadChoice,
    posts_within_reading,
    prefer_alternative,
    thread_choice,
)
from reader.extract.structured import add_recipe, read_recipe
from reader.extract.text import plain_text
from reader.extract.threads import thread_posts
from reader.models import Article
from reader.text.sanitize import clean_line

_EXCERPT_CHARS = 300
_TITLE_CHARS = 80

#: How much more text the marked container must hold to overrule readability, when
#: readability's choice lies inside it (pruned too much) or outside it (wrong block).
_INSIDE_GAIN = 1.3
_OUTSIDE_GAIN = 1.5
_MIN_CONTAINER = 500

#: Below this many characters of text (and half the page's), extraction is tried
#: again without pre-cleaning.
_SHORT_TEXT = 500


def extract(html: str | bytes, url: str | None = None) -> Article:
    """Extract the article from *html* (as fetched from *url*).

    Raises `ExtractError` if the page holds no readable article.
    """
    try:
        return _extract(html, url)
    except ExtractError:
        raise
    except RecursionError as exc:
        raise ExtractError(f"{NO_ARTICLE} (the page is nested too deeply)") from exc
    except MemoryError as exc:
        raise ExtractError(f"{NO_ARTICLE} (the page is too large)") from exc
    except Exception as exc:  # the boundary: lxml, readability and markdownify raise many kinds
        raise ExtractError(f"{NO_ARTICLE} ({type(exc).__name__}: {exc})"[:200]) from exc


def _extract(html: str | bytes, url: str | None) -> Article:
    root = parse_document(html)
    meta = read_metadata(root, url)
    recipe = read_recipe(root)
    base = _base_url(root, url if _is_web_address(url) else meta.canonical_url)
    # trafilatura reads the page as parsed (it copies it): before pre-cleaning changes it.
    signals = page_signals(root, url)
    product = signals.kind is PageKind.PRODUCT
    description = read_description(root) if product else None
    if product:
        drop_reviews(root)  # before both readings: reviews are the longest prose of such pages
    alternative = alternative_part(root, url if _is_web_address(url) else base)
    posts = thread_posts(root) if signals.kind is PageKind.FORUM else None
    page_length = pre_clean(root)
    neutralize_names(root)
    container = marked_container(root)
    # readability works on a copy: root (and the container in it) stays as pre-cleaned.
    article, text = _article_and_text(root, meta, base)
    if container is not None:
        article, text = _second_opinion(container, article, text, meta, base)
    if len(text) < _SHORT_TEXT and page_length > len(text) * 2:
        # Pre-cleaning can mislead readability on odd pages; try once with the page as is.
        fallback = parse_document(html)
        light_clean(fallback)
        other, other_text = _article_and_text(fallback, meta, base)
        if len(other_text) > len(text) * 1.5:
            article, text = other, other_text
    if alternative is not None:
        # On a docs page the lists of links trafilatura keeps can be the page (`docs`).
        whole = copy.deepcopy(alternative) if signals.kind is PageKind.DOCUMENTATION else None
        other, other_text = _cleaned(alternative, meta, base)
        if whole is not None and same_reading(text, other_text):
            fuller, fuller_text = _cleaned(whole, meta, base, link_lists=False)
            if len(fuller_text) > len(other_text):
                other, other_text = fuller, fuller_text
        take = prefer_alternative(signals, article, text, other, other_text)
        if product:
            named = named_choice(meta.title, text, other_text)
            take = (prefer_trimmed(text, other_text) or take) if named is None else named
        if take:
            article, text = other, other_text
    if posts is not None:
        article, text = _with_posts(article, text, posts, meta, base)
    if article is not None and signals.kind is PageKind.DOCUMENTATION and drop_page_chrome(article):
        text = plain_text(article)
    unsure = article is None or not text
    if unsure:
        for page in whole_page(html, meta.excerpt):
            other, other_text = _cleaned(page, meta, base)
            if len(other_text) > len(text):
                article, text = other, other_text
    if article is not None and recipe is not None and add_recipe(article, recipe, text):
        text = plain_text(article)
    if article is not None and description and add_description(article, description, text):
        text = plain_text(article)
    if article is None or not text:
        raise ExtractError(NO_ARTICLE)
    return Article(
        title=meta.title or _fallback_title(text),
        markdown=f"{UNSURE_NOTE}\n\n{to_markdown(article)}" if unsure else to_markdown(article),
        text=text,
        url=url,
        canonical_url=meta.canonical_url,
        byline=meta.byline,
        site_name=meta.site_name,
        published=meta.published,
        lang=meta.lang,
        excerpt=meta.excerpt or _excerpt(text),
        lead_image=meta.lead_image,
    )


def _second_opinion(
    container: HtmlElement,
    article: HtmlElement | None,
    text: str,
    meta: Metadata,
    base: str | None,
) -> tuple[HtmlElement | None, str]:
    """Check readability's choice against the page's own article container.

    If readability picked a block outside the container (a disclosure box, a
    bio) and the container holds much more text, readability runs again on the
    container alone. If readability's text is inside the container but it
    pruned much of it, the container (without its link lists) wins. The
    container is moved out of its page in that case: call this last.
    """
    container_text = " ".join(container.text_content().split())
    start = " ".join(text.split())[:80]
    if not start or start not in container_text:
        if len(container_text) <= max(_MIN_CONTAINER, len(text) * _OUTSIDE_GAIN):
            return article, text
        doc = lxml.html.document_fromstring("<html><body></body></html>")
        body = doc.find("body")
        assert body is not None
        body.append(copy.deepcopy(container))
        other, other_text = _article_and_text(doc, meta, base)
        return (other, other_text) if len(other_text) > len(text) else (article, text)
    if len(container_text) <= len(text) * _INSIDE_GAIN:
        return article, text
    wrapper = lxml.html.fragment_fromstring("<div></div>")
    wrapper.append(container)
    remove_link_lists(wrapper)
    other, other_text = _cleaned(wrapper, meta, base)
    return (other, other_text) if len(other_text) > len(text) else (article, text)


def _with_posts(
    article: HtmlElement | None,
    text: str,
    posts: HtmlElement,
    meta: Metadata,
    base: str | None,
) -> tuple[HtmlElement | None, str]:
    """The reading of a thread with every post: the posts alone, or after the reading.

    The posts replace the reading when it was one of them (it starts inside
    them); they follow it when the reading is the opening post drawn apart
    from the replies (Reddit, Slashdot).
    """
    heads = take_heads(posts)
    cleaned, posts_text = _cleaned(posts, meta, base)
    if cleaned is None:
        return article, text
    # Chosen on the posts as the reading would show them: without their heads.
    choice = thread_choice(text, posts_text)
    restore_heads(cleaned, heads)
    match choice:
        case ThreadChoice.POSTS:
            return cleaned, plain_text(cleaned)
        case ThreadChoice.BOTH if article is not None:
            both = lxml.html.fragment_fromstring("<div></div>")
            both.extend([article, cleaned])
            return both, plain_text(both)
        case ThreadChoice.READING if (
            article is not None and _signed(heads) and posts_within_reading(text, posts_text)
        ):
            both = lxml.html.fragment_fromstring("<div></div>")
            both.extend([lead_before(article, posts_text), cleaned])
            return both, plain_text(both)
    return article, text


def _signed(heads: list[str]) -> bool:
    """True if most posts name their author or date: posts, not a page's sections."""
    return sum(1 for head in heads if head) * 2 >= len(heads) > 0


def _is_web_address(url: str | None) -> bool:
    """True for an http(s) URL (not a file name or a label passed as *url*)."""
    try:
        return bool(url) and urlsplit(url or "").scheme in ("http", "https")
    except ValueError:
        return False


def _base_url(root: HtmlElement, url: str | None) -> str | None:
    """The address relative links are resolved against: ``<base href>`` over *url*."""
    base = root.find("head/base")
    href: str | None = base.get("href") if base is not None else None
    if not href:
        return url
    try:
        return urljoin(url, href.strip()) if url else href.strip()
    except ValueError:
        return url


def _article_and_text(
    root: HtmlElement, meta: Metadata, base: str | None
) -> tuple[HtmlElement | None, str]:
    """The cleaned article readability finds in *root*, and its text ("" if none)."""
    try:
        article = readable_part(root)
    except ExtractError:
        return None, ""
    rescue_lead(root, article, meta.title)
    return _cleaned(article, meta, base)


def _cleaned(
    article: HtmlElement, meta: Metadata, base: str | None, *, link_lists: bool = True
) -> tuple[HtmlElement | None, str]:
    """*article* after post-cleaning (without its lists of links if *link_lists*), and its text."""
    if link_lists:
        remove_link_lists(article)
    post_clean(article, meta)
    fix_links(article, base)
    strip_wrappers(article)
    remove_empty(article)
    return article, plain_text(article)


def _fallback_title(text: str) -> str:
    """A title for a page that declares none: its first line, shortened."""
    first = clean_line(text.split("\n", 1)[0])
    if len(first) <= _TITLE_CHARS:
        return first
    return first[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _excerpt(text: str) -> str | None:
    """The first paragraph of *text*, cut at a word boundary."""
    first = clean_line(text.split("\n\n", 1)[0])
    if len(first) <= _EXCERPT_CHARS:
        return first or None
    return first[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


__all__ = ["extract"]
