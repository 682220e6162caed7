"""Metadata: titles without site suffixes, bylines, dates, language, images."""

from __future__ import annotations

import lxml.html
import pytest

from reader.extract.dates import normalize_date, parse_printed_date
from reader.extract.headline import strip_site_suffix
from reader.extract.metadata import Metadata, read_metadata

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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cybersecurity M&amp;#038;A Roundup", "Cybersecurity M&A Roundup"),
        (
            "How Machine Learning is Shaping eCommerce &amp;#8211; 10 Benefits",
            "How Machine Learning is Shaping eCommerce – 10 Benefits",
        ),
        ("Budget Traveler&amp;#8217;s Guide", "Budget Traveler’s Guide"),
        ("And finally&amp;amp;#8230; trouble brewing", "And finally… trouble brewing"),
        ("itertools \u00e2\u0080\u0094 Functions for looping", "itertools — Functions for looping"),
        ("A DIY Investor\u00e2\u20ac\u2122s Guide", "A DIY Investor’s Guide"),
        ("AT&amp;T and Café Crème", "AT&T and Café Crème"),
    ],
)
def test_title_entities_and_mojibake_are_decoded(raw: str, expected: str) -> None:
    """A title escaped twice by its CMS, or decoded with the wrong charset upstream,
    is shown as the words it stands for."""
    html = f"<html><head><title>{raw}</title></head><body><p>Text</p></body></html>"
    assert meta_of(html).title == expected


BLOG_POST = """<html><head>
<title>Best Tax Preparation Software | Ledger Weekly</title>
<meta property="og:title" content="Best Tax Preparation Software | Ledger Weekly">
<meta property="og:site_name" content="Ledger Weekly">
</head><body>
<header><a class="logo" href="/">Ledger Weekly</a></header>
<main><article><h1>The Best Tax Preparation Software of 2025, Compared</h1>
<p class="byline">By Dana Whitfield</p><p>Filing season is here again...</p></article></main>
</body></html>"""


def test_the_visible_headline_beats_a_search_engine_title() -> None:
    assert meta_of(BLOG_POST).title == "The Best Tax Preparation Software of 2025, Compared"


@pytest.mark.parametrize(
    "h1",
    [
        "Blog",  # a section label
        "Ledger Weekly",  # the blog's own name
        "Ledger Weekly: money, plainly explained",
        "Subscribe to our newsletter for weekly tips",  # shares no words with the title
    ],
)
def test_the_posts_title_not_the_blogs_name(h1: str) -> None:
    html = BLOG_POST.replace(
        "<h1>The Best Tax Preparation Software of 2025, Compared</h1>", f"<h1>{h1}</h1>"
    )
    assert meta_of(html).title == "Best Tax Preparation Software"


def test_a_description_in_json_ld_headline_loses_to_the_backed_title() -> None:
    html = """<html><head><title>List of lighthouses in Norway - Encyclopedia</title>
    <script type="application/ld+json">{"@type": "Article", "headline": "Wikimedia list article",
    "name": "List of lighthouses in Norway"}</script>
    </head><body><h1>List of lighthouses in Norway</h1><p>Text</p></body></html>"""
    assert meta_of(html).title == "List of lighthouses in Norway"


def test_heading_text_keeps_words_apart_and_skips_styles() -> None:
    html = """<html><head></head><body><h1><style>.c-1a8e{cursor:pointer}</style>Remote<br>Full
    Stack Programming Jobs<button>Copy item path</button></h1><p>Text</p></body></html>"""
    assert meta_of(html).title == "Remote Full Stack Programming Jobs"


def test_a_repeated_headline_is_still_the_one_headline() -> None:
    # Vercel's front page shows its <h1> twice (desktop and phone layouts).
    html = """<html><head><title>Vercel: Build and deploy the best web experiences with the
    AI Cloud</title><meta property="og:site_name" content="Vercel"></head><body>
    <header><h1 class="desktop">Build and deploy on the AI Cloud.</h1>
    <h1 class="mobile">Build and deploy on the AI Cloud.</h1></header><p>Text</p></body></html>"""
    assert meta_of(html, "https://vercel.com/pricing").title == "Build and deploy on the AI Cloud."


def test_a_sites_front_page_keeps_the_sites_name() -> None:
    html = """<html><head><title>Free screen recorder for Mac and PC | Loom</title>
    <meta property="og:site_name" content="Loom"></head><body>
    <h1>One video is worth a thousand words</h1><p>Text</p></body></html>"""
    assert (
        meta_of(html, "https://www.loom.com/").title == "Free screen recorder for Mac and PC | Loom"
    )
    # Any other page of the site loses the suffix.
    assert meta_of(html, "https://www.loom.com/screen-recorder").title == (
        "Free screen recorder for Mac and PC"
    )


def test_a_declared_title_that_is_only_the_sites_name_gives_way_to_the_headline() -> None:
    html = """<html><head><title>Glossier</title><meta property="og:title" content="Glossier">
    <meta property="og:site_name" content="Glossier"></head><body>
    <header><a class="logo">Glossier</a></header><main><h1>Custom Skincare Set</h1>
    <p>Create your Custom Skincare Set and save 10%.</p></main></body></html>"""
    url = "https://www.glossier.com/en-bg/a/pages/custom-skincare-set"
    assert meta_of(html, url).title == "Custom Skincare Set"


def test_the_sites_tagline_loses_to_the_threads_title() -> None:
    html = """<html><head><title>Reddit - The heart of the internet</title></head><body>
    <shreddit-post><h1 slot="title">Enameled Cast Iron Pan and Metal</h1>
    <p>Is it safe to use a metal spatula on enameled cast iron?</p></shreddit-post></body></html>"""
    url = "https://www.reddit.com/r/Cooking/comments/1rl0nt4/enameled_cast_iron_pan_and_metal/"
    assert meta_of(html, url).title == "Enameled Cast Iron Pan and Metal"


def test_of_several_headings_the_one_the_title_names_wins_over_a_slogan() -> None:
    # GitHub: og:title is the site's slogan; <title> names the page, and so does one <h1>.
    html = """<html><head><title>Trending repositories on GitHub today · GitHub</title>
    <meta property="og:title" content="Build software better, together">
    <meta property="og:site_name" content="GitHub"></head><body>
    <h1 class="sr-only">Search code, repositories, users, issues, pull requests...</h1>
    <h1>Provide feedback</h1><h1>Saved searches</h1>
    <main><h1>Trending</h1><p>See what the GitHub community is most excited about today.</p>
    </main></body></html>"""
    url = "https://github.com/trending"
    assert meta_of(html, url).title == "Trending repositories on GitHub today"


def test_of_several_headings_the_one_sharing_the_titles_words_is_the_headline() -> None:
    html = """<html><head><title>Hire Movers from SF's 21+ Best Moving Companies (2024)</title>
    </head><body><article><h1>21+ Best Movers / Moving Companies in San Francisco (2024)</h1>
    <p>Text</p></article><aside><h1>Subscribe to SFist - San Francisco News</h1></aside>
    </body></html>"""
    url = "https://sfist.com/san-francisco-moving-companies-movers/"
    assert meta_of(html, url).title == "21+ Best Movers / Moving Companies in San Francisco (2024)"


def test_a_title_with_only_the_sites_suffix_gives_way_to_the_headline() -> None:
    html = """<html><head><title>| Nuts &amp; Volts Magazine</title>
    <meta property="og:site_name" content="Nuts and Volts Magazine"></head><body>
    <h1 class="page-title">Electronic Gadgets</h1><p>Text</p></body></html>"""
    url = "https://www.nutsvolts.com/magazine/category/electronic-gadgets"
    assert meta_of(html, url).title == "Electronic Gadgets"


def test_a_tagline_sharing_only_small_words_is_still_a_tagline() -> None:
    html = """<html><head><title>Reddit - The heart of the internet</title></head><body>
    <h1>FCC Chair to Europe: If You Restrict US Satellite Providers, We'll Ban You Here: The
    FCC is now soliciting public comment</h1><p>Text</p></body></html>"""
    url = "https://www.reddit.com/r/technology/comments/1rl4mew/fcc_chair_to_europe/"
    assert (meta_of(html, url).title or "").startswith("FCC Chair to Europe")


def test_a_shouted_headline_gives_way_to_the_declared_title_in_its_case() -> None:
    html = """<html><head><title>Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros</title>
    </head><body><article><h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS</h1>
    <p>Text</p></article></body></html>"""
    url = "https://www.homegrounds.co/best-drip-coffee-maker-reviews/"
    assert meta_of(html, url).title == "Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros"
