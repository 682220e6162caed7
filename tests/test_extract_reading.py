"""The reading view's markdown: the defects of issue #16, each pinned by a realistic page.

Captions once and under their image, no lone ``\\`` lines, no sentence cut at a link,
layout tables read as text (data tables kept), no soft hyphens inside words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import fragment_fromstring, tostring

from reader.extract import extract
from reader.extract.boilerplate import pre_clean
from reader.extract.captions import clean_caption, is_counter
from reader.extract.cleanup import post_clean
from reader.extract.lead import rescue_lead
from reader.extract.markdown import to_markdown
from reader.extract.metadata import read_metadata
from reader.extract.paragraphs import tidy_paragraphs
from reader.extract.parse import parse_document
from reader.extract.readable import readable_part
from reader.extract.tables import is_layout_table
from reader.models import Article

PAGES = Path(__file__).parent / "data" / "reading"


def load(name: str) -> Article:
    return extract((PAGES / name).read_bytes(), url="https://www.example.org/page")


def paragraphs(markdown: str) -> list[str]:
    return [p for p in markdown.split("\n\n") if p.strip()]


# --- sentences cut at a link or a bold word ---------------------------------------------


def readability_markdown(name: str) -> str:
    """The markdown of readability-lxml's reading of the page, cleaned as the pipeline does
    (readability wraps each loose piece of a mixed <div> in a <p> of its own)."""
    root = parse_document((PAGES / name).read_bytes())
    meta = read_metadata(root)
    pre_clean(root)
    article = readable_part(root)
    rescue_lead(root, article, meta.title)
    post_clean(article, meta)
    return to_markdown(article)


def test_a_sentence_is_not_cut_at_its_link() -> None:
    for markdown in (
        load("python_release.html").markdown,
        readability_markdown("python_release.html"),
    ):
        assert "You can download Python 3.6.0 [here](" in markdown
        assert not any(
            p.strip() in (".", "here.", "[here](/downloads/release/python-360/)")
            for p in paragraphs(markdown)
        )


def test_loose_text_with_a_bold_word_stays_one_paragraph() -> None:
    article = load("python_release.html")
    assert any(
        p.startswith("The full list of changes") and p.endswith("updates to your code.")
        for p in paragraphs(article.markdown)
    )
    assert "which also describes the deprecated modules" in article.text
    markdown = readability_markdown("python_release.html")
    assert any(
        p.startswith("The full list of changes") and p.endswith("updates to your code.")
        for p in paragraphs(markdown)
    )


def test_a_bold_line_between_paragraphs_is_not_joined() -> None:
    el = fragment_fromstring(
        "<div><p>Read the <b>docs</b></p><strong>Installing</strong><p>Next, run it.</p></div>"
    )
    tidy_paragraphs(el)
    assert [tostring(p, encoding="unicode") for p in el] == [
        "<p>Read the <b>docs</b></p>",
        "<strong>Installing</strong>",
        "<p>Next, run it.</p>",
    ]


# --- line breaks -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def breaks() -> Article:
    return load("line_breaks.html")


def test_no_lone_backslash_lines(breaks: Article) -> None:
    lines = breaks.markdown.split("\n")
    assert not [line for line in lines if line.strip() == "\\"]
    # No paragraph ends in a hard break either.
    assert not [p for p in paragraphs(breaks.markdown) if p.rstrip().endswith("\\")]


def test_a_double_break_is_a_paragraph_break(breaks: Article) -> None:
    found = paragraphs(breaks.markdown)
    assert any(p.startswith("Für Kaffee, belegte Brötchen") for p in found)
    assert any(p.startswith("Vielen Dank an alle") for p in found)
    assert any(p.startswith("Liebe Gartenfreundinnen") for p in found)
    # Inside an inline wrapper too (a <span> with the editor's font).
    assert "Die Gartenordnung liegt ab sofort auch im Vereinsheim aus." in found
    assert "Bitte beachtet die neuen Ruhezeiten am Sonntag." in found


def test_a_single_break_inside_an_address_stays(breaks: Article) -> None:
    assert "Anmeldung bis zum 10. März bei:\\\nErika Mustermann\\\nGartenweg 12" in (
        breaks.markdown
    )
    assert "Mit grünen Grüßen\\\nIhr Vorstand" in breaks.markdown


# --- tables ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def boat() -> Article:
    return load("layout_table.html")


def test_a_layout_table_reads_as_text(boat: Article) -> None:
    found = paragraphs(boat.markdown)
    assert any(p.startswith("When the *Marguerite* arrived") for p in found)
    assert any(p.startswith("The first job was to record") for p in found)
    assert any(p.startswith("We replaced nine planks") for p in found)
    assert "**The hull**" in found
    assert not [p for p in found if p.startswith("|") and "Marguerite" in p]


def test_a_data_table_stays_a_table(boat: Article) -> None:
    assert "| Larch planking | 9 planks | £420 |" in boat.markdown
    assert "| Paint and varnish | 12 litres | £180 |" in boat.markdown


@pytest.mark.parametrize(
    ("html", "layout"),
    [
        ("<table><tr><td>One box</td></tr><tr><td>Another box</td></tr></table>", True),
        ("<table><tr><td><b>Menu</b></td><td></td></tr><tr><td>Home</td><td></td></tr></table>",
         True),
        ("<table><tr><td><p>Para</p></td><td>x</td></tr></table>", True),
        ("<table><tr><th>Name</th></tr><tr><td>Ada</td></tr></table>", False),
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>", False),
    ],
)  # fmt: skip
def test_layout_or_data(html: str, layout: bool) -> None:
    assert is_layout_table(fragment_fromstring(html)) is layout


# --- soft hyphens ------------------------------------------------------------------------


def test_soft_hyphens_and_zero_width_spaces_are_removed() -> None:
    article = load("soft_hyphens.html")
    for field in (article.markdown, article.text, article.title, article.excerpt or ""):
        assert "\u00ad" not in field
        assert "\u200b" not in field
    assert "Das Bundesverfassungsgericht in Karlsruhe" in article.text
    assert article.title == "Bundesverfassungsgericht verhandelt über Wahlrechtsreform"


# --- captions ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour() -> Article:
    return load("captions.html")


@pytest.mark.parametrize(
    "caption",
    [
        "Work on the new wall began in March",
        "Waves broke over the quay on 14 January",
        "The fish market was flooded to a depth of a metre",
        "Boats were moved to the inner basin",
        "The quay at low tide, with the new wall behind it",
    ],
)
def test_each_caption_once_under_its_image(harbour: Article, caption: str) -> None:
    lines = harbour.markdown.split("\n")
    assert lines.count(f"*{caption}*") == 1
    assert harbour.markdown.count(caption) == 1
    assert harbour.text.count(caption) == 1
    index = lines.index(f"*{caption}*")
    # The line above the caption (past the blank line) is its image.
    assert lines[index - 2].startswith("![")


def test_the_lede_caption_is_below_the_lede_image(harbour: Article) -> None:
    markdown = harbour.markdown
    image = markdown.index("harbour-wall.jpg")
    assert image < markdown.index("Work on the new wall") < markdown.index("The harbour wall at")


def test_a_lede_caption_does_not_open_the_body() -> None:
    article = load("lede_caption.html")
    found = paragraphs(article.markdown)
    caption = [i for i, p in enumerate(found) if "The MV Lorna, refitted" in p]
    # Under its photo, or not at all: never the first words of the body.
    assert not caption or (caption[0] > 0 and "ferry-hero.jpg" in found[caption[0] - 1])
    assert len(caption) <= 1


def test_readability_does_not_take_the_lede_caption_for_a_lead() -> None:
    markdown = readability_markdown("lede_caption.html")
    assert markdown.startswith("The overnight ferry between Aberdeen")


def test_no_counters_prefixes_or_video_titles(harbour: Article) -> None:
    for junk in ("Image 1 of 3", "of 3", "Image caption", "Media caption", "drone footage"):
        assert junk not in harbour.markdown
        assert junk not in harbour.text


def test_each_image_once(harbour: Article) -> None:
    assert harbour.markdown.count("storm-1.jpg") == 1
    assert harbour.markdown.count("storm-2.jpg") == 1


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Image caption, The PM arrives", "The PM arrives"),
        ("Media caption Watch: the fire", "Watch: the fire"),
        ("2 of 5 The crowd gathered.", "The crowd gathered."),
        ("The crowd gathered. (Image 2 of 5)", "The crowd gathered."),
        ("Part 1 of 3", "Part 1 of 3"),
    ],
)
def test_clean_caption(text: str, clean: str) -> None:
    assert clean_caption(text) == clean


@pytest.mark.parametrize(
    ("text", "counter"),
    [("Image 1 of 5", True), ("Slide 2 of 8", True), ("3 of 12", True), ("Photo 2/9", True),
     ("1/2", False), ("24/7", False), ("Chapter one", False)],
)  # fmt: skip
def test_is_counter(text: str, counter: bool) -> None:
    assert is_counter(text) is counter
