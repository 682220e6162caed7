"""Each cleaning rule pinned by a small page shaped like the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.extract import extract
from reader.models import Article

PAGES = Path(__file__).parent / "data" / "pages"

FILLER = (
    "The council met on Tuesday evening to discuss the plan, which has been debated for "
    "more than three years by residents, engineers and the regional government."
)


def page(body: str, head: str = "<title>A plain story about the council</title>") -> str:
    """A minimal page around *body* with enough prose for readability to pick it."""
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<article>{body}<p>{FILLER}</p><p>{FILLER} Again.</p></article></body></html>"
    )


def load(name: str) -> Article:
    return extract((PAGES / name).read_bytes())


# --- English: ads, share bars, newsletter, related, comments, bio, cookie banner ----------


@pytest.fixture(scope="module")
def english() -> Article:
    return load("news_en_advertisement.html")


@pytest.mark.parametrize(
    "junk",
    [
        "Advertisement",
        "Share this article",
        "Skip to main content",
        "cookies",
        "Sign up to Green Light",
        "in your inbox every Friday",
        "Read more",
        "Offshore wind breaks generation record",
        "Comments (214)",
        "This should have been built years ago",
        "Jane Doe is our environment correspondent",
        "Photograph: John Smith",
        "Getty Images",
        "By Jane Doe",
        "Published",
        "3 March 2024",
        "All rights reserved",
    ],
)
def test_english_boilerplate_removed(english: Article, junk: str) -> None:
    assert junk not in english.text
    assert junk not in english.markdown


def test_english_metadata(english: Article) -> None:
    assert english.title == "Tidal energy scheme approved for Welsh coast"
    assert english.byline == "Jane Doe"
    assert english.site_name == "The Daily Harbour"
    assert english.published == "2024-03-03T08:15:00+00:00"
    assert english.lang == "en-GB"


def test_english_body_kept(english: Article) -> None:
    assert english.text.startswith("A tidal lagoon that could power 150,000 homes")
    assert english.text.endswith(
        "including the guaranteed price for the electricity, in the spring."
    )
    assert "An artist's impression of the lagoon, which would enclose part of the bay." in (
        english.text
    )


# --- German: Anzeige, Lesen Sie auch, Teilen, Mehr zum Thema -------------------------------


@pytest.fixture(scope="module")
def german() -> Article:
    return load("blog_de_anzeige.html")


@pytest.mark.parametrize(
    "junk",
    [
        "Anzeige",
        "Lesen Sie auch",
        "Neue Fahrradstraßen",
        "Teilen",
        "Drucken",
        "Mehr zum Thema",
        "Stadtrat beschließt Haushalt",
        "Zum Inhalt springen",
        "Impressum",
        "Von Petra Lang",
        "06:30 Uhr",
    ],
)
def test_german_boilerplate_removed(german: Article, junk: str) -> None:
    assert junk not in german.text


def test_german_body_and_metadata(german: Article) -> None:
    assert german.byline == "Petra Lang"
    assert german.text.startswith("Der beliebte Radweg entlang des Rheinufers")
    assert "## Bauarbeiten ab Herbst" in german.markdown
    assert "- Abschnitt 2: Auwald bis Fähranleger, Frühjahr 2025" in german.markdown
    assert "Abschnitt 1: Hafen bis Auwald, Herbst 2024\nAbschnitt 2:" in german.text


# --- Spanish: Publicidad, Compartir, Te puede interesar -------------------------------------


def test_spanish_boilerplate_removed() -> None:
    article = load("news_es_publicidad.html")
    for junk in ("Publicidad", "Compartir", "WhatsApp", "Te puede interesar", "Alerta por calor"):
        assert junk not in article.text
    assert article.byline == "Lucía Martín"
    assert article.title == "La sequía obliga a restringir el riego en tres comarcas"
    assert "Los embalses de la cuenca se encuentran al 23 %" in article.text


# --- Links, code, tables, lists, quotes -----------------------------------------------------


@pytest.fixture(scope="module")
def docs() -> Article:
    return load("docs_table_code.html")


def test_relative_links_made_absolute(docs: Article) -> None:
    assert "[page cache](https://blog.example.org/docs/cache.html)" in docs.markdown
    assert "[raw data notes](https://blog.example.org/notes/raw-data)" in docs.markdown
    assert "](https://blog.example.org/posts/img/chart.png)" in docs.markdown


def test_javascript_links_dropped_text_kept(docs: Article) -> None:
    assert "javascript" not in docs.markdown
    assert "You can click here to see nothing" in docs.markdown
    assert "You can click here to see nothing" in docs.text


def test_code_table_list_quote(docs: Article) -> None:
    assert "```python\ndef cached(fetch):\n    def wrapper(key):" in docs.markdown
    assert "| Day | Requests | Hit rate |\n| --- | --- | --- |" in docs.markdown
    assert "1. Hit rates drop on days with many new pages." in docs.markdown
    assert "> A cache you do not measure is a bug you have not found yet." in docs.markdown
    assert "    def wrapper(key):" in docs.text  # code keeps its indentation in text too
    assert "#" not in docs.text.replace("# ", "")  # no markdown syntax in the text
    assert "Measuring cache hit rates in practice" not in docs.markdown


def test_relative_links_against_given_url() -> None:
    html = page('<p>See <a href="../other/page.html">the other page</a> for more details.</p>')
    article = extract(html, url="https://example.com/a/b/story.html")
    assert "[the other page](https://example.com/a/other/page.html)" in article.markdown


def test_data_links_and_images_dropped() -> None:
    html = page(
        '<p>A <a href="data:text/html,hi">data link</a> and an image.</p>'
        '<p><img src="data:image/png;base64,AAAA" alt="pixel"></p>'
    )
    article = extract(html, url="https://example.com/")
    assert "data:" not in article.markdown
    assert "A data link and an image." in article.text


# --- Figures --------------------------------------------------------------------------------


def test_figure_caption_once_and_no_credit() -> None:
    html = page(
        f"<p>{FILLER}</p>"
        '<figure><img src="/p.jpg" alt="Flooded streets in the old town">'
        "<figcaption>Flooded streets in the old town. © Reuters/Jo Bloggs</figcaption></figure>"
    )
    article = extract(html, url="https://example.com/news/")
    assert article.text.count("Flooded streets in the old town.") == 1
    assert article.markdown.count("Flooded streets in the old town") == 1
    assert "![](https://example.com/p.jpg)\n\n*Flooded streets in the old town.*" in (
        article.markdown
    )
    assert "Reuters" not in article.text
    assert "©" not in article.markdown


def test_alt_kept_when_it_adds_something() -> None:
    html = page(
        f"<p>{FILLER}</p>"
        '<figure><img src="/m.jpg" alt="A map of the district">'
        "<figcaption>The new boundaries.</figcaption></figure>"
    )
    article = extract(html, url="https://example.com/")
    assert "![A map of the district](https://example.com/m.jpg)" in article.markdown
    assert "A map of the district" not in article.text
    assert "The new boundaries." in article.text


@pytest.mark.parametrize(
    "credit",
    ["AP Photo/Evan Vucci", "Getty Images", "Photo: Anna Schmidt", "© 2024 Example Press"],
)
def test_standalone_credits_removed(credit: str) -> None:
    html = page(f"<p>{FILLER}</p><figure><img src='/x.jpg'></figure><p>{credit}</p>")
    assert credit not in extract(html).text


# --- Labels are only removed when alone -----------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Advertisement", "Anzeige", "Publicidad", "Reklama", "Publicité", "PUBLICITÉ", "Werbung"],
)
def test_ad_labels_removed(label: str) -> None:
    html = page(f"<p>{FILLER}</p><div><span>{label}</span></div><p>{FILLER} Later.</p>")
    assert label not in extract(html).text


def test_label_words_inside_sentences_are_kept() -> None:
    sentence = "The advertisement campaign was shared on Facebook, and readers said Share more."
    html = page(f"<p>{sentence}</p><p>{FILLER}</p>")
    assert sentence in extract(html).text


def test_hidden_elements_removed() -> None:
    html = page(
        f"<p>{FILLER}</p><p hidden>Hidden by attribute</p>"
        "<p style='display: none'>Hidden by style</p><div aria-hidden='true'>Hidden for aria</div>"
    )
    text = extract(html).text
    assert "Hidden" not in text


def test_title_not_repeated_in_body() -> None:
    html = page(
        "<h1>A plain story about the council</h1><p>By Sam Roe</p>",
        head="<title>A plain story about the council | Town News</title>"
        "<meta name='author' content='Sam Roe'>",
    )
    article = extract(html)
    assert article.title == "A plain story about the council"
    assert article.byline == "Sam Roe"
    assert "A plain story about the council" not in article.markdown
    assert "Sam Roe" not in article.text


# --- Text and markdown shape ------------------------------------------------------------------


def test_text_paragraphs_separated_by_blank_lines() -> None:
    article = extract(page("<p>First paragraph here.</p><p>Second<br>line two.</p>"))
    assert "First paragraph here.\n\nSecond\nline two." in article.text


def test_markdown_has_no_trailing_spaces_or_blank_runs(english: Article) -> None:
    for md in (english.markdown, load("docs_table_code.html").markdown):
        assert "\n\n\n" not in md
        assert all(line == line.rstrip() for line in md.splitlines())
        assert md.endswith("\n") and not md.endswith("\n\n")


def test_charset_from_bytes() -> None:
    html = page("<p>Le café de la gare a rouvert ses portes après des travaux d'été.</p>")
    data = html.replace("charset='utf-8'", "charset='windows-1252'").encode("cp1252")
    assert "Le café de la gare a rouvert" in extract(data).text
    latin = html.replace("<meta charset='utf-8'>", "").encode("latin-1")
    assert "Le café de la gare" in extract(latin).text


def test_excerpt_falls_back_to_first_paragraph() -> None:
    article = extract(page("<p>The opening line of the story, which summarises it well.</p>"))
    assert article.excerpt == "The opening line of the story, which summarises it well."


def test_standfirst_in_header_is_kept_once() -> None:
    lead = "Ministers approved the plan on Monday after three years of public hearings."
    html = (
        "<html><head><title>Harbour plan approved</title></head><body><article>"
        "<header><h1>Harbour plan approved</h1>"
        f"<div class='standfirst'><p>{lead}</p></div></header>"
        f"<div class='body-copy'><p>{FILLER}</p><p>{FILLER} More.</p><p>{FILLER} Still.</p></div>"
        "</article></body></html>"
    )
    article = extract(html)
    assert article.text.startswith(lead)
    assert article.text.count(lead) == 1


def test_comment_section_filing_line_and_bio_removed() -> None:
    body = (
        f"<p>{FILLER}</p><p>{FILLER} Twice.</p><p>{FILLER} Thrice.</p>"
        "<p>Posted in News and tagged council, harbour. Bookmark the permalink.</p>"
        "<h3>About Sam Roe</h3><p>Sam writes about local politics and the sea.</p>"
        "<h3>2 Kommentare</h3><p>Great article, thank you for writing it up so clearly!</p>"
        "<p>I disagree with most of it, but it was an interesting read all the same.</p>"
    )
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    text = extract(html).text
    assert text.endswith("Thrice.")
    for junk in ("Posted in", "About Sam Roe", "Sam writes", "Kommentare", "Great article"):
        assert junk not in text


def test_page_without_title_gets_its_first_line() -> None:
    html = f"<html><body><article><p>{FILLER}</p><p>{FILLER} Again.</p></article></body></html>"
    article = extract(html)
    assert article.title.startswith("The council met on Tuesday evening")
    assert len(article.title) <= 81


def test_recipe_ingredients_from_json_ld_when_the_page_hides_them() -> None:
    recipe = (
        '{"@context": "https://schema.org", "@type": "Recipe", "name": "Plum cake",'
        ' "recipeIngredient": ["500 g plums", "200 g flour", "100 g butter"],'
        ' "recipeInstructions": [{"@type": "HowToStep", "text": "Halve the plums."},'
        ' {"@type": "HowToSection", "itemListElement": [{"@type": "HowToStep",'
        ' "text": "Bake for 40 minutes at 180 degrees."}]}]}'
    )
    html = (
        f"<html><head><title>Plum cake</title><script type='application/ld+json'>{recipe}"
        f"</script></head><body><article><p>{FILLER}</p><p>{FILLER} Cake.</p>"
        "<div class='ingredients-widget' data-app='1'></div></article></body></html>"
    )
    article = extract(html)
    assert "- 500 g plums\n- 200 g flour\n- 100 g butter" in article.markdown
    assert "1. Halve the plums.\n2. Bake for 40 minutes at 180 degrees." in article.markdown
    assert "500 g plums\n200 g flour" in article.text


def test_text_wrapped_in_a_figure_is_kept() -> None:
    html = page(
        "<figure class='teaser'><img src='/a.jpg' alt='Balls'><figcaption>Foto: Sam Roe"
        "</figcaption><p>The next training camp of the national team takes place in March "
        "with two friendly matches.</p></figure>"
    )
    article = extract(html, url="https://example.com/")
    assert "The next training camp of the national team takes place in March" in article.text
    assert "Sam Roe" not in article.text


def test_canonical_address_used_when_url_is_not_a_web_address() -> None:
    html = page(
        '<p>See <a href="/notes/plan">the notes</a> for every detail of the harbour plan.</p>',
        head="<title>A plain story</title>"
        "<link rel='canonical' href='https://news.example.org/2024/plan'>",
    )
    article = extract(html, url="saved-page.html")
    assert "[the notes](https://news.example.org/notes/plan)" in article.markdown


def test_ruby_readings_do_not_split_the_words_they_annotate() -> None:
    body = (
        "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの"
        "<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>"
        "ができました。</p>"
    )
    article = extract(page(body))
    assert "子どもへの虐待をなくすための法律ができました。" in article.text
    assert "子どもへの虐待をなくすための法律ができました。" in article.markdown
    assert "ぎゃくたい" not in article.text


def test_a_credit_on_the_last_line_of_a_caption_goes_and_the_caption_stays() -> None:
    body = (
        '<div class="legend"><img src="/heath.jpg" alt="">'
        "<p>Heath and scrub on the north slope in late summer.<br>Foto © Peter Steiger</p></div>"
        "<p>Walkers keep to the path.<br>Then they rest.</p>"
        "<p>Photo: Jane Roe</p>"
    )
    text = extract(page(body)).text
    assert "Heath and scrub on the north slope in late summer." in text
    assert "Steiger" not in text and "Jane Roe" not in text
    assert "Walkers keep to the path.\nThen they rest." in text  # an ordinary line stays
