"""Saving images from hostile or broken servers and markdown, all on 127.0.0.1.

Every bad image ends as one reason in the report, quickly and in bounded
memory; nothing is written for it, its remote link stays, and the article is
always saved.
"""

from __future__ import annotations

import gzip
import itertools
import struct
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.images import ImageLimits, article_images, find_images, local_image_path
from reader.images.formats import BadImage, sniff_image
from reader.images.refs import relink
from reader.library import Library
from reader.library.image_saving import save_images
from tests.conftest import make_article
from tests.support.articles import article_page
from tests.support.http_server import TestServer, closed_port, http_server
from tests.support.images import avif, gif, jpeg, png, webp

__all__ = ["http_server"]

FAST = ImageLimits(connect_timeout=1, read_timeout=0.5, image_timeout=1.5, article_timeout=3)
SCRIPTED_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)
_STORIES = itertools.count()
HTML = b"<!doctype html><html><body><script>alert(1)</script>Not found</body></html>"


def article_with(library: Library, server: TestServer, *urls: str) -> str:
    """The id of a saved article (from *server*) showing the images at *urls*."""
    body = "Some text.\n\n" + "\n\n".join(f"![image {i}]({u})" for i, u in enumerate(urls))
    page = server.url(f"/story/{next(_STORIES)}")
    return library.save_article(make_article(body=body, url=page)).entry.id


async def refused(
    library: Library, server: TestServer, url: str, limits: ImageLimits = FAST
) -> str:
    """Save the one image at *url* for a new article; the reason it failed."""
    entry_id = article_with(library, server, url)
    report = await save_images(library, entry_id, limits=limits)
    assert report.saved == 0
    assert not article_images(library, library.get(entry_id))
    assert f"]({url})" in library.markdown(entry_id)  # the remote link stays
    (failure,) = report.failed
    assert failure[0] == url
    return failure[1]


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("text/html", png(), "not an image but text/html"),
        ("image/png", HTML, "an HTML page, not an image"),
        ("image/jpeg", b"", "not a PNG, JPEG"),
        ("image/svg+xml", SCRIPTED_SVG, "an SVG image (it can carry scripts)"),
        ("image/png", SCRIPTED_SVG, "SVG or XML, not a raster image"),
        ("application/octet-stream", SCRIPTED_SVG, "SVG or XML"),
        ("image/png", png()[:-30], "truncated PNG"),
        ("image/jpeg", jpeg()[:-40], "truncated JPEG"),
        ("image/png", png(100_000, 100_000, pixels=False), "absurd dimensions (100000x100000)"),
        ("image/png", png(20_000, 20_000, pixels=False), "absurd dimensions (20000x20000)"),
        ("image/gif", gif(65535, 65535), "absurd dimensions"),
        ("image/webp", webp(16383, 16383), "absurd dimensions"),
        ("image/avif", avif(1 << 31, 2), "absurd dimensions"),
        ("image/png", png(0, 0, pixels=False), "image without dimensions"),
        ("application/pdf", b"%PDF-1.7\n", "not an image but application/pdf"),
    ],
)
async def test_bad_images_are_refused(
    http_server: TestServer, library: Library, content_type: str, body: bytes, reason: str
) -> None:
    url = http_server.route("/img.png", headers={"Content-Type": content_type}, body=body)
    assert reason in await refused(library, http_server, url)


async def test_untyped_image_is_judged_by_its_bytes(
    http_server: TestServer, library: Library
) -> None:
    url = http_server.route(
        "/blob", headers={"Content-Type": "application/octet-stream"}, body=gif()
    )
    entry_id = article_with(library, http_server, url)
    report = await save_images(library, entry_id, limits=FAST)
    assert report.saved == 1
    assert [p.name for p in article_images(library, library.get(entry_id))] == ["01.gif"]


async def test_svg_address_is_never_requested(http_server: TestServer, library: Library) -> None:
    url = http_server.route(
        "/chart.svg", headers={"Content-Type": "image/svg+xml"}, body=SCRIPTED_SVG
    )
    entry_id = article_with(library, http_server, url)
    report = await save_images(library, entry_id, limits=FAST)
    assert report.skipped == [(url, "icon or vector graphic")]
    assert not http_server.requests


async def test_a_truncated_download_is_refused(http_server: TestServer, library: Library) -> None:
    data = png(200, 200)
    url = http_server.route(
        "/cut.png", headers={"Content-Type": "image/png"}, body=data[:100], content_length=len(data)
    )
    assert "closed" in await refused(library, http_server, url)


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, "page not found (HTTP 404)"), (403, "access denied (HTTP 403)"), (500, "server error")],
)
async def test_http_errors(
    http_server: TestServer, library: Library, status: int, reason: str
) -> None:
    url = http_server.route("/err.png", status=status, headers={"Content-Type": "text/plain"})
    assert reason in await refused(library, http_server, url)


async def test_slow_servers_time_out(http_server: TestServer, library: Library) -> None:
    silent = http_server.route("/silent.png", body=png(), header_delay=5)
    drip = http_server.route(
        "/drip.png",
        headers={"Content-Type": "image/png"},
        chunks=[png()[i : i + 10] for i in range(0, len(png()), 10)],
        chunk_delay=0.3,
    )
    started = time.monotonic()
    assert "timed out" in await refused(library, http_server, silent)
    assert "timed out" in await refused(library, http_server, drip)
    assert time.monotonic() - started < 5


async def test_the_article_deadline_stops_everything(
    http_server: TestServer, library: Library
) -> None:
    urls = [http_server.route(f"/s{i}.png", body=png(), header_delay=5) for i in range(6)]
    entry_id = article_with(library, http_server, *urls)
    limits = ImageLimits(read_timeout=10, image_timeout=10, article_timeout=0.5)
    started = time.monotonic()
    report = await save_images(library, entry_id, limits=limits)
    assert time.monotonic() - started < 2
    assert len(report.failed) == 6
    assert {reason for _, reason in report.failed} == {"timed out (all images get 0.5 s)"}


async def test_refused_connection(http_server: TestServer, library: Library) -> None:
    url = f"http://127.0.0.1:{closed_port()}/a.png"
    assert "connection refused" in await refused(library, http_server, url)


async def test_redirects_are_checked(http_server: TestServer, library: Library) -> None:
    to_file = http_server.redirect("/to-file.png", "file:///etc/passwd")
    assert "refused to follow a redirect" in await refused(library, http_server, to_file)
    http_server.redirect("/loop.png", "/loop.png")
    loop = http_server.url("/loop.png")
    assert "too many redirects" in await refused(library, http_server, loop)


async def test_a_compression_bomb_stops_at_the_cap(
    http_server: TestServer, library: Library
) -> None:
    wire = gzip.compress(png() + bytes(30_000_000), compresslevel=9)
    url = http_server.route(
        "/bomb.png", headers={"Content-Type": "image/png", "Content-Encoding": "gzip"}, body=wire
    )
    limits = ImageLimits(max_image_bytes=1_000_000, read_timeout=2, image_timeout=5)
    assert "the image is too large (more than 1 MB)" in await refused(
        library, http_server, url, limits
    )


async def test_a_huge_declared_length_is_refused_before_reading(
    http_server: TestServer, library: Library
) -> None:
    url = http_server.route(
        "/huge.png", headers={"Content-Type": "image/png", "Content-Length": "99999999999"}
    )
    assert "too large" in await refused(library, http_server, url)


async def test_deleted_meanwhile_leaves_no_files(
    http_server: TestServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = http_server.route("/p.png", headers={"Content-Type": "image/png"}, body=png())
    entry_id = article_with(library, http_server, url)
    import reader.images.download as download

    real = download.download_images

    async def then_delete(*args: object, **kwargs: object) -> object:
        outcomes = await real(*args, **kwargs)  # type: ignore[arg-type]
        library.delete(entry_id)
        return outcomes

    monkeypatch.setattr(download, "download_images", then_delete)
    report = await save_images(library, entry_id, limits=FAST)
    assert report.saved == 0 and "no article with id" in report.failed[-1][1]
    assert not list((library.root / "images" / entry_id).glob("*"))


async def test_other_links_are_left_alone(http_server: TestServer, library: Library) -> None:
    body = (
        "![other](../images/0123456789/01.png) ![mine](../images/{id}/01.png) "
        "![rel](pictures/a.png) ![up](../../../etc/passwd) `![code](http://127.0.0.1/x.png)`"
    )
    entry_id = article_with(library, http_server)
    library.rewrite_markdown(entry_id, lambda _: body.format(id=entry_id))
    report = await save_images(library, entry_id, limits=FAST)
    # Its own link has no file and no original to fetch again: reported, nothing fetched.
    assert report.failed == [
        (f"../images/{entry_id}/01.png", "the file is missing and no original is known")
    ]
    assert not http_server.requests
    assert library.markdown(entry_id).strip() == body.format(id=entry_id)


def test_hostile_markdown_links_stay_inert(tmp_path: Path) -> None:
    text = 'x ![a](http://e.com/a.png "original: ../../etc/passwd") y'
    (ref,) = find_images(text)
    assert local_image_path(tmp_path, "abcdef0123", ref.src) is None
    hostile = 'http://e.com/a.png") ![x](y'
    out = relink(text, {ref.src: ("../images/abcdef0123/01.png", hostile)})
    (new,) = find_images(out)
    assert new.src == "../images/abcdef0123/01.png"
    assert new.original == "http://e.com/a.png%22)![x](y"
    assert out.endswith('") y')


def test_unclosed_images_do_not_take_quadratic_time() -> None:
    started = time.monotonic()
    assert find_images("![" * 200_000) == []
    assert find_images("![a](" * 100_000) == []
    assert time.monotonic() - started < 5


def test_nested_avif_boxes_are_bounded() -> None:
    inner = struct.pack(">II", 64, 48)
    box = b"\x00" * 4 + inner
    for _ in range(5000):
        box = struct.pack(">I", 8 + 4 + len(box)) + b"meta" + b"\x00" * 4 + box
    data = struct.pack(">I", 16) + b"ftypavif\x00\x00\x00\x00" + box
    with pytest.raises(BadImage):
        sniff_image(data)


_VALID = [png(), jpeg(), gif(), webp(), avif()]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_VALID),
    st.integers(min_value=0, max_value=400),
    st.binary(max_size=12),
    st.integers(min_value=0, max_value=400),
)
def test_sniff_never_fails_oddly(base: bytes, at: int, patch: bytes, cut: int) -> None:
    data = (base[:at] + patch + base[at + len(patch) :])[: len(base) - cut % (len(base) + 1)]
    try:
        info = sniff_image(data)
    except BadImage:
        return
    assert info.width >= 0 and info.height >= 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="![]()<>\"'\\ \n`ab:/.", max_size=80))
def test_find_images_never_fails_and_spans_are_images(text: str) -> None:
    for ref in find_images(text):
        assert text[ref.start : ref.start + 2] == "!["
        assert text[ref.end - 1] == ")"


async def test_the_save_of_a_page_survives_every_bad_image(
    http_server: TestServer, library: Library
) -> None:
    http_server.route("/html.png", headers={"Content-Type": "image/png"}, body=HTML)
    http_server.route("/404.png", status=404)
    http_server.route(
        "/bomb.png", headers={"Content-Type": "image/png"}, body=png(99999, 99999, pixels=False)
    )
    extra = "".join(
        f'<p>Picture <img src="{p}" alt="x"></p>' for p in ("/html.png", "/404.png", "/bomb.png")
    )
    page = http_server.html("/story", article_page("Bad pictures", extra=extra))
    result = await library.save_url_async(page)
    assert result.created and result.images is not None
    assert len(result.images.failed) == 3 and result.images.saved == 0
    assert library.get(result.entry.id).title == "Bad pictures"
    assert not (Path(library.root) / "images" / result.entry.id).exists()
