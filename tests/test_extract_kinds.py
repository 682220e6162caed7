"""Page kinds (`kinds`), thread posts (`threads`) and the choice between readings (`selection`).

The fixtures in tests/data/kinds are shaped like the real pages of each kind:
a Discourse thread with its crawler view, an old-Reddit comments page whose
opening post is drawn apart from the replies, a shop's product page whose
description sits in a slide-out drawer it also declares in JSON-LD.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.extract import extract
from reader.extract.kinds import PageKind, page_signals
from reader.extract.parse import parse_document
from reader.extract.products import (
    drop_reviews,
    named_choice,
    prefer_trimmed,
    read_description,
)
from reader.extract.selection import ThreadChoice, thread_choice
from reader.extract.threads import thread_posts

KINDS = Path(__file__).parent / "data" / "kinds"
DISCOURSE_URL = "https://forums.docker.com/t/container-cannot-resolve/144854"
REDDIT_URL = "https://old.reddit.com/r/science/comments/1rku5x9/hair_follicles/"


_LD_REVIEW_ARTICLE = (
    '<script type="application/ld+json">[{"@type": "NewsArticle"}, {"@type": "Product"}]</script>'
)


def _page(head: str = "", body: str = "<p>Text.</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "url", "kind"),
    [
        (
            _page('<script type="application/ld+json">{"@type": "QAPage"}</script>'),
            "https://example.org/page",
            PageKind.FORUM,
        ),
        (_page(), "https://stackoverflow.com/questions/1/how", PageKind.FORUM),
        (_page(), "https://bbs.archlinux.org/viewtopic.php?id=309936", PageKind.FORUM),
        (_page(), "https://www.simplemachines.org/community/index.php?topic=5.0", PageKind.FORUM),
        (
            _page(
                body='<div itemtype="https://schema.org/DiscussionForumPosting">a</div>'
                '<div itemtype="https://schema.org/DiscussionForumPosting">b</div>'
            ),
            "https://example.org/page",
            PageKind.FORUM,
        ),
        (
            _page('<script type="application/ld+json">{"@graph": [{"@type": "Product"}]}</script>'),
            "https://shop.example.org/p/42",
            PageKind.PRODUCT,
        ),
        (
            _page(_LD_REVIEW_ARTICLE),
            "https://reviews.example.org/best-dishwashers",
            PageKind.ARTICLE,
        ),
        (_page(), "https://docs.python.org/3/library/json.html", PageKind.DOCUMENTATION),
        (
            _page('<meta property="og:type" content="article">'),
            "https://example.org/x",
            PageKind.ARTICLE,
        ),
        (_page(), "https://example.org/about", PageKind.OTHER),
        (_page(), None, PageKind.OTHER),
    ],
)
def test_page_kind_comes_from_declarations_and_url(
    html: str, url: str | None, kind: PageKind
) -> None:
    assert page_signals(parse_document(html), url).kind is kind


def test_comments_under_an_article_do_not_make_it_a_thread() -> None:
    body = "".join(
        f'<div itemtype="https://schema.org/Comment"><p>Comment {n} with some words.</p></div>'
        for n in range(4)
    )
    html = _page('<meta property="og:type" content="article">', body)
    assert (
        page_signals(parse_document(html), "https://news.example.org/story").kind
        is PageKind.ARTICLE
    )


def test_questions_and_answers_on_a_product_page_do_not_make_it_a_thread() -> None:
    body = "".join(
        f'<div itemtype="https://schema.org/Question"><p>Does size {n} fit a cup holder?</p>'
        f'<div itemtype="https://schema.org/Answer"><p>Yes, it does.</p></div></div>'
        for n in range(4)
    )
    html = _page(body=body)
    assert (
        page_signals(parse_document(html), "https://shop.example.org/tumbler").kind
        is PageKind.OTHER
    )


def test_thread_posts_are_the_repeated_posts_in_page_order() -> None:
    root = parse_document((KINDS / "forum_discourse.html").read_bytes())
    posts = thread_posts(root)
    assert posts is not None
    assert [post.get("id") for post in posts] == ["post_1", "post_2", "post_3"]


def test_thread_posts_ignore_a_list_of_links() -> None:
    items = "".join(
        f'<div class="topic"><a href="/t/{n}">A related topic with a long title {n}</a></div>'
        for n in range(12)
    )
    assert thread_posts(parse_document(_page(body=f"<div>{items}</div>"))) is None


def test_a_discourse_thread_keeps_every_post_and_drops_the_rest() -> None:
    article = extract((KINDS / "forum_discourse.html").read_bytes(), url=DISCOURSE_URL)
    text = article.text
    assert "I am just getting back into Docker" in text
    assert "docker run -it --network appnet alpine ping db" in text
    assert "Docker's embedded DNS server only answers" in text
    assert "That was it: the database came from a Compose file" in text
    assert "Related topics" not in text
    assert "Powered by Discourse" not in text
    # Each post opens with its author and date; its position number ("2") goes.
    assert "amondale\nNovember 8, 2024, 7:33pm\n\nI am just getting back" in text
    assert "rimelek\nNovember 8, 2024, 9:02pm\n\n" in text
    assert "\n2\n" not in text


def test_an_opening_post_drawn_apart_keeps_the_replies_after_it() -> None:
    text = extract((KINDS / "thread_reddit.html").read_bytes(), url=REDDIT_URL).text
    opening = text.index("Researchers grew hair follicles from stem cells")
    replies = [
        "Might this also be a potential cure for tinnitus",
        "The important part is the cycling",
        "They have been making this claim for twenty years",
        "The organoid part is real progress",
        "the paper is open access",
    ]
    positions = [text.index(reply) for reply in replies]
    assert opening < positions[0]
    assert positions == sorted(positions)
    assert text.count("Researchers grew hair follicles") == 1
    assert "privacy policy" not in text


def test_the_same_page_read_as_an_article_keeps_only_the_opening_post() -> None:
    # Without a thread's URL or declarations the replies stay out: threads are a forum rule.
    text = extract((KINDS / "thread_reddit.html").read_bytes(), url="https://example.org/x").text
    assert "Researchers grew hair follicles" in text
    assert "The important part is the cycling" not in text


REPLY = "Docker's embedded DNS only answers for named containers on a user-defined network. " * 3


@pytest.mark.parametrize(
    ("reading", "posts", "choice"),
    [
        # The posts add little: keep the reading.
        (REPLY * 2, REPLY * 2, ThreadChoice.READING),
        # The reading was the first post: all posts instead.
        (REPLY, REPLY + " Second post. " * 40, ThreadChoice.POSTS),
        # The reading is a question shown apart: the answers follow it.
        ("How do I name a container? " * 3, REPLY * 3, ThreadChoice.BOTH),
        # The answers already sit in the reading (a Q&A page read whole): nothing to add.
        (
            "How do I name a container? " + "12 " + REPLY * 3,
            "9 " + REPLY * 3 + " x" * 3,
            ThreadChoice.READING,
        ),
        # No reading at all: the posts.
        ("", REPLY, ThreadChoice.POSTS),
    ],
)
def test_thread_choice(reading: str, posts: str, choice: ThreadChoice) -> None:
    assert thread_choice(reading, posts) is choice


PRODUCT_URL = "https://shop.example.org/product/227955/trail-25-pack"


def test_a_product_page_keeps_its_description_and_specs_not_its_reviews() -> None:
    text = extract((KINDS / "product_reviews.html").read_bytes(), url=PRODUCT_URL).text
    assert "Keep your day's gear within easy reach" in text
    assert "Gear capacity: 25 liters" in text
    assert "Stretch-mesh side pockets" in text
    assert "I took this pack on a dozen hikes" not in text
    assert "the hip belt is little more than a strap" not in text
    assert "Find a store" not in text


def test_reviews_stay_on_a_page_that_is_not_a_product() -> None:
    # The same blocks on an article page (a reader's comments, say) are not touched.
    html = (KINDS / "product_reviews.html").read_text(encoding="utf-8")
    html = html.replace('content="product"', 'content="website"').replace('"Product"', '"Thing"')
    text = extract(html, url="https://example.org/trail-25").text
    assert "I took this pack on a dozen hikes" in text


def test_drop_reviews_keeps_a_body_classed_with_reviews() -> None:
    html = (
        '<html><body><div class="page has-reviews"><h1>Mug</h1>'
        "<p>A stoneware mug that holds twelve ounces.</p></div></body></html>"
    )
    root = parse_document(html)
    assert drop_reviews(root) == 0
    assert "twelve ounces" in root.text_content()


TABS_URL = "https://hearthandkiln.example/products/pour-over-set"
_DRAWER_START = '<aside id="details-sheet"'


def test_a_product_description_shown_in_a_drawer_is_added_from_its_json_ld() -> None:
    # Both readings drop the drawer (an <aside>); the page declares the same text.
    text = extract((KINDS / "product_tabs.html").read_bytes(), url=TABS_URL).text
    assert "thrown by hand in our Asheville studio" in text
    assert "brews in about three minutes" in text
    assert text.count("thrown by hand") == 1


def test_a_description_only_in_the_data_is_not_added() -> None:
    html = (KINDS / "product_tabs.html").read_text(encoding="utf-8")
    start = html.index(_DRAWER_START)
    html = html[:start] + html[html.index("</aside>", start) + len("</aside>") :]
    assert read_description(parse_document(html)) is None
    text = extract(html, url=TABS_URL).text
    assert "Asheville" not in text
    assert "Free shipping on orders over $50" in text


def test_a_description_written_in_html_is_read_as_text() -> None:
    body = "<p>A mug thrown by hand.</p>" * 8
    data = json.dumps({"@type": "Product", "description": body})
    html = _page(f'<script type="application/ld+json">{data}</script>', f"<div>{body}</div>")
    description = read_description(parse_document(html))
    assert description is not None
    assert "<p>" not in description
    assert description.splitlines()[0] == "A mug thrown by hand."


_PRODUCT = " ".join(f"The carafe holds {n} ml and the glaze is satin." for n in range(20))
_SHOP = "Free shipping over $50. Join the studio list for new glazes. " * 6


@pytest.mark.parametrize(
    ("text", "other", "trimmed"),
    [
        (_PRODUCT + " " + _SHOP, _PRODUCT, True),  # the same product plus the shop
        (_PRODUCT, _PRODUCT[:150], False),  # the shorter one is too short to judge
        (_PRODUCT + " " + _SHOP * 5, _PRODUCT, False),  # much longer: a page, not a shop frame
        (_SHOP * 4, _PRODUCT, False),  # a different text
        (_PRODUCT, _PRODUCT + " more", False),  # the other is longer: the usual rule decides
    ],
)
def test_prefer_trimmed(text: str, other: str, trimmed: bool) -> None:
    assert prefer_trimmed(text, other) is trimmed


_NOTICE = "We and our partners use cookies and similar technologies to store information. " * 5
_MUG = "The Speckle Mug is thrown by hand and holds twelve ounces of coffee or tea. " * 4


@pytest.mark.parametrize(
    ("title", "text", "other", "choice"),
    [
        ("Speckle Mug - Ghost Wares", _NOTICE * 3, _MUG, True),  # only the other names it
        ("Speckle Mug - Ghost Wares", _MUG, _NOTICE, False),  # only this one does
        ("Speckle Mug - Ghost Wares", _MUG, _MUG + _NOTICE, None),  # both: other rules decide
        ("Speckle Mug - Ghost Wares", _NOTICE, "Speckle Mug", None),  # a heading, not a reading
        (None, _NOTICE, _MUG, None),
    ],
)
def test_named_choice(title: str | None, text: str, other: str, choice: bool | None) -> None:
    assert named_choice(title, text, other) is choice


XENFORO_URL = "https://www.physicsforums.com/threads/buying-office-2024.1066181/"


def test_each_post_keeps_its_author_and_date_and_loses_its_profile() -> None:
    # A XenForo thread: name, title, "Joined"/"Messages", a post number, reactions and a
    # signature around every post. Who wrote a post and when belong to the reading.
    text = extract((KINDS / "thread_xenforo.html").read_bytes(), url=XENFORO_URL).text
    heads = ["paulb203\nOct 8, 2024", "phinds\nOct 8, 2024", "FactChecker\nOct 9, 2024"]
    bodies = ["I'm thinking of buying Office 2024", "paulb203 said:", "If this is for your"]
    positions = [text.index(head) for head in heads]
    assert positions == sorted(positions)
    for head, body in zip(heads, bodies, strict=True):
        # The head is the post's first line: nothing between it and the post's text.
        assert text.index(body) - text.index(head) - len(head) <= 2
    assert text.count("Oct 8, 2024") == 2
    assert "paulb203 said:" in text  # the quote's own attribution stays
    for junk in ("Joined", "Messages", "Gold Member", "#2", "Reactions", "one question at a time"):
        assert junk not in text
    assert "Similar threads" not in text
    assert (
        "avatars"
        not in extract((KINDS / "thread_xenforo.html").read_bytes(), url=XENFORO_URL).markdown
    )


def test_a_question_read_whole_keeps_the_question_before_the_answers() -> None:
    # The reading holds the question and the answers; the answers come back with their heads.
    answers = "".join(
        f'<div class="answer"><div class="user-details"><a class="username">{name}</a>'
        f"<span>1,204 reputation</span></div><time>Aug {day}, 2023</time>"
        f"<p>{body}</p></div>"
        for name, day, body in [
            ("toto", 23, "Use the mintty terminal that ships with Git for Windows: " * 4),
            ("Rhys", 24, "WSLtty wraps mintty for the Linux subsystem and works well. " * 4),
        ]
    )
    page = _page(
        "<title>Windows 10 WSL bash and mintty</title>",
        '<div id="content"><div class="question"><p>'
        + "I just installed the new Linux subsystem in Windows 10 and want a better terminal. " * 2
        + f'</p></div><div id="answers">{answers}</div></div>',
    )
    text = extract(page, url="https://superuser.com/questions/1110045/wsl-bash-and-mintty").text
    assert text.index("I just installed") < text.index("toto\nAug 23, 2023")
    assert text.index("toto\nAug 23, 2023") < text.index("Rhys\nAug 24, 2023")
    assert text.count("I just installed") == 2  # the question's own two sentences, once
    assert "reputation" not in text
