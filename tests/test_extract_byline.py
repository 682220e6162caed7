"""Bylines: every place a page names its author, and only values that read as a name."""

from __future__ import annotations

import lxml.html
import pytest

from reader.extract.byline import clean_name, looks_like_name
from reader.extract.metadata import read_metadata

URL = "https://www.example.com/blog/harbour-plan"


def byline(html: str) -> str | None:
    return read_metadata(lxml.html.document_fromstring(html), URL).byline


@pytest.mark.parametrize(
    "text",
    [
        "Full Bio",
        "Updated",
        "By",
        "Name *",
        "Written By",
        "About the Author",
        "Published on",
        "16",
        "August 28, 2025•5 min read",
        "Jiobal says",
        "Уховит препарат says",
        "How we reviewed this article",
        "Reviewed by Monika Nemcova",
        "©2026 AFPA. Terms & Conditions Privacy Policy",
        "Location:Lisbon, Portugal",
        "page.head.extra.author",
        "NB",
    ],
)
def test_labels_buttons_dates_and_comments_are_not_names(text: str) -> None:
    assert not looks_like_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Andrew Huberman",
        "Moses Kim and Kate Shokurova",
        "Ludwig van Beethoven",
        "Center for Drug Evaluation and Research",
        "The Currency editors",
        "lowjhg",
        "张伟",
        "محمد علي",
        "Łukasz Żółć",
    ],
)
def test_names_in_any_script_are_names(text: str) -> None:
    assert looks_like_name(text)


def test_a_declared_name_may_be_lower_case() -> None:
    assert not looks_like_name("kirstin boatto")
    assert looks_like_name("kirstin boatto", declared=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Sam Roe · 3 March 2024", "Sam Roe"),
        ("Written by Rebecca Lake, CEPF®", "Rebecca Lake, CEPF®"),
        ("byClemson News", "Clemson News"),
        ("John WarrenReviewed", "John Warren"),
        ("✉ Aditya Mahindru", "Aditya Mahindru"),
        ("Updated", None),
    ],
)
def test_clean_name(raw: str, expected: str | None) -> None:
    assert clean_name(raw) == expected


def test_the_json_ld_author_beats_a_label_marked_as_byline() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "Harbour plan", "author": {"@type": "Person", "name": "Sara Brown"}}</script>
    </head><body><h1>Harbour plan</h1><p class="authors--byline">By</p>
    <span class="byline-updated">Updated</span><p>Text</p></body></html>"""
    assert byline(html) == "Sara Brown"


def test_several_authors_as_the_page_prints_them() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "Article",
      "headline": "Harbour plan", "author": [{"@type": "Person", "name": "Moses Kim"},
      {"@type": "Person", "name": "Kate Shokurova"}]}</script></head><body>
    <h1>Harbour plan approved</h1><p>Written by <a href="/team/mk">Moses Kim and Kate
    Shokurova</a></p><p>Text</p></body></html>"""
    assert byline(html) == "Moses Kim and Kate Shokurova"


def test_an_organisation_as_author_gives_way_to_the_person_the_page_names() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "Article",
      "headline": "Yoga for back pain", "author": {"@type": "Organization",
      "name": "Cleveland Clinic"}}</script></head><body><h1>Yoga for back pain</h1>
    <div class="article-byline">Holly Wilgus, E-RYT 200</div><p>Text</p></body></html>"""
    assert byline(html) == "Holly Wilgus, E-RYT 200"
    alone = html.replace('<div class="article-byline">Holly Wilgus, E-RYT 200</div>', "")
    assert byline(alone) == "Cleveland Clinic"


def test_slack_labels_and_citation_authors_in_meta() -> None:
    slack = """<html><head><meta name="twitter:label1" content="Written by">
    <meta name="twitter:data1" content="Tyler Brown"></head><body><p>Text</p></body></html>"""
    assert byline(slack) == "Tyler Brown"
    paper = """<html><head><meta name="citation_author" content="Tishby, Naftali">
    <meta name="citation_author" content="Pereira, Fernando C.">
    <meta name="citation_author" content="Bialek, William"></head><body></body></html>"""
    assert byline(paper) == "Naftali Tishby, Fernando C. Pereira, William Bialek"


def test_a_written_by_label_above_the_name() -> None:
    html = """<html><body><h1>What to look for in a mover</h1>
    <div><p>Last updated</p><time>Aug 04, 2025</time></div>
    <div><p>Written by</p><p>Edzel Tabing</p></div><p>Text</p></body></html>"""
    assert byline(html) == "Edzel Tabing"


def test_by_and_a_name_printed_under_the_headline() -> None:
    html = """<html><body><nav><a href="/shop">Shop by Functionality</a></nav>
    <h1>New restaurants to visit this month</h1>
    <p><span>By <a href="/producers/sofia-gonzalez">Sofia Gonzalez</a></span>
    <span>December 2, 2025</span></p><p>Text</p></body></html>"""
    assert byline(html) == "Sofia Gonzalez"


def test_microdata_and_author_links() -> None:
    microdata = """<html><body><h1>Harbour plan</h1><div itemprop="author" itemscope>
    <img src="/a.jpg"><span itemprop="name">Petra Lang</span></div></body></html>"""
    assert byline(microdata) == "Petra Lang"
    link = """<html><body><h1>Harbour plan</h1><div class="meta">
    <svg></svg><span><a href="/authors/trevor-jackins">Trevor Jackins</a></span></div>
    </body></html>"""
    assert byline(link) == "Trevor Jackins"


def test_a_forum_thread_is_by_its_starter() -> None:
    posting = """<html><head><script type="application/ld+json">{"@type":
      "DiscussionForumPosting", "headline": "Messages in iCloud still taking up space",
      "author": {"@type": "Person", "name": "felixen"}}</script></head><body>
    <h1>Messages in iCloud still taking up space</h1>
    <div class="message-user" itemprop="author"><a class="username">spikeymike</a></div>
    </body></html>"""
    assert byline(posting) == "felixen"
    starter = """<html><body><h1>Will a simple method work?</h1><ul><li>
    <span class="u-srOnly">Thread starter</span> <a href="/members/pippin06.26/">Pippin06</a>
    </li></ul><article><p>Question text</p></article></body></html>"""
    assert byline(starter) == "Pippin06"


def test_a_menus_by_filter_is_no_byline_and_a_forums_user_name_is() -> None:
    html = """<html><body><div class="nav-dropdown-3"><a href="/modalities">By Modality</a>
    </div><main class="offset-nav"><h1>SEO tips for mental health professionals</h1>
    <p>Written by</p><p>Lauren Vetter</p><p>Text</p></main></body></html>"""
    assert byline(html) == "Lauren Vetter"
    forum = """<html><body><h2>Turning off all LED of RPi 5</h2><div class="post">
    <dl><dt><a href="./memberlist.php?u=421190" class="username">b.scherer</a></dt></dl>
    <div class="content">Hi, I just got my new Pi.</div></div></body></html>"""
    assert byline(forum) == "b.scherer"
