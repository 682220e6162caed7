"""Metadata: titles without site suffixes, bylines, dates, language, images."""

from __future__ import annotations

import lxml.html
import pytest

from reader.extract.dates import normalize_date, parse_printed_date
from reader.extract.metadata import Metadata, read_metadata, strip_site_suffix

URL = "https://www.example.com/a/story"


def meta_of(html: str, url: str | None = URL) -> Metadata:
    return read_metadata(lxml.html.document_fromstring(html), url)


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Le Kremlin nie tout | Euronews", "euronews", "Le Kremlin nie tout"),
        ("Harbour plan approved - The Daily Harbour", "The Daily Harbour", "Harbour plan approved"),
        ("Example | Harbour plan approved", None, "Harbour plan approved"),
        ("Harbour plan approved – example.com", None, "Harbour plan approved"),
        ("Spider-Man - Far From Home review", None, "Spider-Man - Far From Home review"),
        (
            "The plan for the harbour, explained | Opinion",
            None,
            "The plan for the harbour, explained",
        ),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site, "https://www.example.com/x") == expected


def test_json_ld_graph_and_opengraph() -> None:
    html = """<html lang="de-DE"><head>
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Site"},
      {"@type": "NewsArticle", "headline": "Radweg wird verlängert",
       "datePublished": "2024-05-14T06:30:00+02:00",
       "author": [{"@type": "Person", "name": "Petra Lang"}, {"name": "Jo Kern"}],
       "image": [{"url": "/img/rad.jpg"}], "publisher": {"name": "Stadtanzeiger"}}]}</script>
    <link rel="canonical" href="/lokales/radweg">
    </head><body><p>Text</p></body></html>"""
    meta = meta_of(html)
    assert meta.title == "Radweg wird verlängert"
    assert meta.byline == "Petra Lang, Jo Kern"
    assert meta.published == "2024-05-14T06:30:00+02:00"
    assert meta.site_name == "Stadtanzeiger"
    assert meta.lang == "de-DE"
    assert meta.lead_image == "https://www.example.com/img/rad.jpg"
    assert meta.canonical_url == "https://www.example.com/lokales/radweg"


def test_printed_date_and_visible_byline() -> None:
    html = """<html><head><title>A story</title><meta property="og:locale" content="fr_FR">
    </head><body><div class="byline">By <a rel="author">Sam Roe</a> · 3 March 2024</div>
    <span class="post-date">12.10.2015, 19:16 Uhr</span><p>Text</p></body></html>"""
    meta = meta_of(html)
    assert meta.byline == "Sam Roe"
    assert meta.published == "2015-10-12T19:16:00"
    assert meta.lang == "fr-FR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.10.2018", "2018-10-23"),
        ("12.10.2015, 19:16 Uhr", "2015-10-12T19:16:00"),
        ("12. September 2013", "2013-09-12"),
        ("May 30, 2019 at 1:06 PM", "2019-05-30T13:06:00"),
        ("3 mars 2024", "2024-03-03"),
        ("14 de enero de 2021", "2021-01-14"),
        ("2019-01-07T17:27:31+02:00", "2019-01-07T17:27:31+02:00"),
        ("Oktober 2010", None),
        ("Chapter 12, verse 3", None),
        ("31.02.2020", None),
    ],
)
def test_parse_printed_date(text: str, expected: str | None) -> None:
    assert parse_printed_date(text) == expected


def test_normalize_date() -> None:
    assert normalize_date("2023-10-27 09:40:56 +02:00") == "2023-10-27T09:40:56+02:00"
    assert normalize_date("2023-10-27T09:40:56Z") == "2023-10-27T09:40:56+00:00"
    assert normalize_date("2023-10-27garbage") == "2023-10-27"
    assert normalize_date("yesterday") is None
