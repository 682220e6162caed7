"""Publication dates: declared before printed, printed before modified, the address last word."""

from __future__ import annotations

import lxml.html
import pytest

from reader.extract.dates import parse_printed_date
from reader.extract.metadata import read_metadata

URL = "https://www.example.com/blog/harbour-plan"


def published(html: str, url: str = URL) -> str | None:
    return read_metadata(lxml.html.document_fromstring(html), url).published


def test_the_published_date_beats_the_modified_one() -> None:
    html = """<html><head>
    <meta property="article:modified_time" content="2025-11-20T09:00:00+00:00">
    <script type="application/ld+json">{"@type": "BlogPosting", "headline": "Harbour plan",
      "dateModified": "2025-11-21", "datePublished": "2019-08-16T08:00:00Z"}</script>
    </head><body><h1>Harbour plan</h1><p>Text</p></body></html>"""
    assert published(html) == "2019-08-16T08:00:00+00:00"


def test_a_modified_date_is_the_last_resort() -> None:
    html = """<html><head><meta property="article:modified_time" content="2025-11-20">
    </head><body><h1>Harbour plan approved by council</h1>
    <div class="info"><p>Published on</p><p>January 31, 2024</p></div>
    <p>The council approved the plan.</p></body></html>"""
    assert published(html) == "2024-01-31"


@pytest.mark.parametrize(
    "line",
    [
        "<p>January 31, 2024</p>",
        "<div><span>By</span> <a href='/team/sam'>Sam Roe</a> - Jan 31, 2024</div>",
        "<div>Published on January 31, 2024</div>",
        "<div class='info'>[Submitted on 31 Jan 2024]</div>",
        "<div>Posted on the 31/01/2024 by <a href='/'>Sam</a></div>",
    ],
)
def test_the_date_printed_under_the_headline_needs_no_class(line: str) -> None:
    html = f"""<html><head><title>Harbour plan | Site</title></head><body>
    <nav><a href="/">Home</a></nav><h1>Harbour plan approved by council</h1>{line}
    <p>The council approved the plan on Tuesday after a long debate about it.</p>
    <aside><p>Related: March 3, 2020</p></aside></body></html>"""
    assert published(html) == "2024-01-31"


def test_a_date_inside_a_paragraph_is_not_the_printed_date() -> None:
    html = """<html><body><h1>Harbour plan approved by council</h1>
    <p>On March 3, 2020 the council first heard of the plan, and it took four years to
    approve it after many debates and a public consultation.</p></body></html>"""
    assert published(html) is None


def test_dates_from_meta_in_other_formats() -> None:
    assert published('<html><head><meta name="citation_date" content="2025/12/18">') == (
        "2025-12-18"
    )
    assert published('<html><head><meta name="published" content="July 17, 2025">') == (
        "2025-07-17"
    )


def test_the_pages_data_names_the_date() -> None:
    html = """<html><body><h1>Harbour plan</h1><script id="__NEXT_DATA__" type="application/json">
    {"post": {"slug": "harbour-plan", "publishedAt": "2025-10-20T13:08:55-07:00"}}</script>
    </body></html>"""
    assert published(html) == "2025-10-20T13:08:55-07:00"


def test_the_address_date_beats_a_declared_date_of_another_day() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2025-12-19T02:41:41+00:00">
    </head><body><p>Text</p></body></html>"""
    url = "https://blog.example.org/2025/12/18/comfort-watches/"
    assert published(html, url) == "2025-12-18"
    same_day = "https://blog.example.org/2025/12/19/comfort-watches/"
    assert published(html, same_day) == "2025-12-19T02:41:41+00:00"
    assert published(
        "<html><body><p>Text</p></body></html>", "https://x.org/2025-12-17-minisgl"
    ) == ("2025-12-17")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted on the 15/12/2025 at 19:00", "2025-12-15T19:00:00"),
        ("30th March 2025, 16:26", "2025-03-30T16:26:00"),
        ("Updated: 10/31/2024", "2024-10-31"),
        ("03/04/2024", None),
    ],
)
def test_slashed_and_ordinal_dates(text: str, expected: str | None) -> None:
    assert parse_printed_date(text) == expected


def test_a_page_without_h1_has_its_date_under_the_first_h2() -> None:
    html = """<html><body><div class="navbar"><a href="/">Board index</a></div>
    <h2 class="topic-title">Turning off all LED of RPi 5</h2><div class="post">
    <p class="author">by <a class="username">b.scherer</a> » Sun Dec 17, 2023 11:23 am</p>
    <div class="content">Hi, I just got my new Pi and want the lights off.</div></div>
    </body></html>"""
    assert published(html) == "2023-12-17T11:23:00"
