"""A page's ``rel=canonical`` finds it again only on its own site.

A page at host X naming a page at host Y its canonical address used to answer
for Y: ``reader add Y`` said "already saved" and showed X's text. Sites are
told apart by host name (the registrable domain, `reader.web.urls.site_of`);
here ``localhost`` and ``127.0.0.1`` are two sites served by one test server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.web.urls import canonical_key, same_site, site_of
from tests.conftest import make_article
from tests.support.articles import article_page
from tests.support.http_server import TestServer, serve


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running


def page_with_canonical(title: str, canonical: str, slug: str = "x") -> str:
    head = f'<link rel="canonical" href="{canonical}">'
    return article_page(title, slug).replace("<head>", f"<head>{head}", 1)


def two_sites(server: TestServer) -> tuple[str, str]:
    """Page X on ``localhost`` that names page Y on ``127.0.0.1`` its canonical address."""
    y = server.html("/y", article_page("The real page Y", "y"))
    server.html("/x", page_with_canonical("A copy at X", y))
    return f"http://localhost:{server.port}/x", y


@pytest.mark.parametrize("order", ["x-first", "y-first"])
async def test_a_canonical_url_on_another_host_never_takes_over_its_address(
    server: TestServer, library: Library, order: str
) -> None:
    x, y = two_sites(server)
    first, second = (x, y) if order == "x-first" else (y, x)
    one = await library.save_url_async(first, images=False)
    other = await library.save_url_async(second, images=False)
    assert one.created and other.created
    assert one.entry.id != other.entry.id
    by_url = {entry.url: entry for entry in library.entries()}
    assert by_url[x].title == "A copy at X" and by_url[y].title == "The real page Y"
    assert "(y)" in library.markdown(by_url[y].id) and "(x)" not in library.markdown(by_url[y].id)
    assert "(x)" in library.markdown(by_url[x].id)
    assert library.find_url(y) == by_url[y]


async def test_a_canonical_url_on_the_same_host_still_finds_the_page(
    server: TestServer, library: Library
) -> None:
    y = server.url("/y")
    x = server.html("/x", page_with_canonical("Page X", y))
    saved = await library.save_url_async(x, images=False)
    again = await library.save_url_async(y, images=False)
    assert again.entry.id == saved.entry.id and not again.created


def test_an_imported_article_on_another_site_is_kept_apart(library: Library) -> None:
    theirs = library.save_article(make_article("Theirs", url="https://victim.example/post"))
    ours = library.save_article(
        make_article(
            "Ours", url="https://attacker.example/copy", canonical_url="https://victim.example/post"
        )
    )
    assert ours.created and ours.entry.id != theirs.entry.id


def test_the_rule_survives_a_rebuilt_index(library_dir: Path) -> None:
    with Library(library_dir) as first:
        first.save_article(
            make_article("X", url="https://x.example/a", canonical_url="https://y.example/b")
        )
        first.reindex()
        assert first.find_url("https://y.example/b") is None
        assert first.find_url("https://x.example/a") is not None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.com/a", "https://example.com/b", True),
        ("https://m.example.com/a", "http://www.example.com:8080/b", True),
        ("https://EXAMPLE.com./a", "https://example.com/b", True),
        ("https://a.example.co.uk/", "https://www.example.co.uk/", True),
        ("https://a.co.uk/", "https://b.co.uk/", False),
        ("https://you.github.io/", "https://me.github.io/", False),
        ("https://example.com/", "https://example.org/", False),
        ("https://evil-example.com/", "https://example.com/", False),
        ("http://localhost:8000/", "http://127.0.0.1:8000/", False),
        ("http://127.0.0.1:1/", "http://127.0.0.1:2/", True),
        ("http://127.0.0.1/", "http://127.0.0.2/", False),
        ("http://[::1]/", "http://[0:0:0:0:0:0:0:1]/", True),
        ("https://example.com/", "javascript:alert(1)", False),
        ("not a url", "not a url", False),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same
    assert same_site(b, a) is same


def test_site_of() -> None:
    assert site_of("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_of("http://localhost:3000/") == "localhost"
    assert site_of("ftp://example.com/") is None


def test_canonical_key() -> None:
    page = "https://www.example.com/story?utm_source=x"
    assert canonical_key(page, "https://example.com/Story/?utm_medium=y") == (
        "https://example.com/Story/"
    )
    assert canonical_key(page, "https://other.example/story") is None
    assert canonical_key(page, None) is None
    assert canonical_key(page, "") is None


def test_reader_add_of_the_other_host_saves_it(
    server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    x, y = two_sites(server)
    data = str(tmp_path / "lib")
    assert main(["--data-dir", data, "add", x, "--no-images"]) == 0
    assert main(["--data-dir", data, "add", y, "--no-images"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "already saved" not in lines[1]
    assert lines[1].endswith("The real page Y")
