"""An article's links and images, as the links dialog and `reader links` list them."""

from __future__ import annotations

from pathlib import Path

from reader.library.links import Link, article_links, resolve

SAMPLE = """Intro with *em*, **strong**, `code` and [a link](https://a.example/x).

> A quote with [a link](https://q.example/).

| a | b |
|---|---|
| 1 | [two](https://t.example/) |

![A lighthouse at dusk](https://img.example/l.jpg)

Again [the first link](https://a.example/x), a [relative one](/about) and [](https://empty.example/).
"""


def test_links_in_reading_order_each_target_once() -> None:
    assert [(link.text, link.href, link.image) for link in article_links(SAMPLE)] == [
        ("a link", "https://a.example/x", False),
        ("a link", "https://q.example/", False),
        ("two", "https://t.example/", False),
        ("Image: A lighthouse at dusk", "https://img.example/l.jpg", True),
        ("relative one", "/about", False),
        ("https://empty.example/", "https://empty.example/", False),
    ]


def test_a_linked_photo_gives_the_image_then_its_link() -> None:
    markdown = (
        "[![A harbour](https://i.example/small.jpg)](https://i.example/large.jpg)\n\n"
        "Text with ![an inline icon](https://i.example/icon.png) in it."
    )
    assert [(link.href, link.image) for link in article_links(markdown)] == [
        ("https://i.example/small.jpg", True),
        ("https://i.example/large.jpg", False),
        ("https://i.example/icon.png", True),
    ]


def test_link_text_is_literal_and_code_spans_hold_no_links() -> None:
    markdown = "[[bold]x[/bold] `y`](https://a.example/) and `[not](https://b.example/)`"
    assert article_links(markdown) == [Link("[bold]x[/bold] y", "https://a.example/")]


def test_resolve_makes_links_absolute_and_finds_saved_images(tmp_path: Path) -> None:
    entry_id = "0123abcd45"
    folder = tmp_path / "images" / entry_id
    folder.mkdir(parents=True)
    (folder / "01.jpg").write_bytes(b"\xff\xd8\xff")
    markdown = (
        f'![A photo](../images/{entry_id}/01.jpg "original: https://cdn.example/a.jpg")\n\n'
        "[About](/about)"
    )
    photo, about = article_links(markdown)
    page = "https://news.example/2026/story"
    saved = resolve(photo, markdown, page, tmp_path, entry_id)
    assert (saved.url, saved.file) == ("https://cdn.example/a.jpg", folder / "01.jpg")
    plain = resolve(about, markdown, page, tmp_path, entry_id)
    assert (plain.url, plain.file) == ("https://news.example/about", None)
