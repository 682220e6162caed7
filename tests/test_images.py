"""Saving an article's images beside it: formats, markdown links, policy, downloads, CLI."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.images import (
    ImageLimits,
    article_images,
    find_images,
    local_image_path,
    original_of,
    skip_reason,
    sniff_image,
)
from reader.images.formats import BadImage
from reader.images.refs import declared_sizes, image_link, keep_saved_images, relink
from reader.library import Library
from reader.library.image_gc import collect_garbage
from reader.library.image_saving import save_images
from tests.conftest import make_article
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.support.images import avif, chunk, gif, jpeg, png, webp

__all__ = ["http_server"]

# -- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "extension"),
    [
        (png(), "png", "png"),
        (jpeg(), "jpeg", "jpg"),
        (gif(), "gif", "gif"),
        (webp(), "webp", "webp"),
        (avif(), "avif", "avif"),
    ],
)
def test_sniff_reads_kind_and_dimensions(data: bytes, kind: str, extension: str) -> None:
    info = sniff_image(data)
    assert (info.kind, info.width, info.height, info.extension) == (kind, 64, 48, extension)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (png()[:-20], "truncated PNG"),
        (png()[:40] + b"\x00" + png()[41:], "bad checksum"),
        (jpeg()[:-2], "truncated JPEG"),
        (gif()[:-1], "truncated GIF"),
        (webp()[:-4], "truncated WebP"),
        (avif()[:-4], "truncated AVIF"),
        (b"<!doctype html><html><body>not found</body></html>", "HTML"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (b"%PDF-1.7", "not a PNG"),
        (b"", "not a PNG"),
    ],
)
def test_sniff_refuses_what_is_not_a_whole_image(data: bytes, reason: str) -> None:
    with pytest.raises(BadImage, match=reason):
        sniff_image(data)


# -- markdown references -----------------------------------------------------------------------


def test_find_images_reads_alt_src_and_title() -> None:
    text = (
        'Intro ![A [nested] alt](https://e.com/a(1).jpg "Title") and '
        "![b](<https://e.com/b c.png>) [![in link](https://e.com/c.gif)](https://e.com/)"
    )
    refs = find_images(text)
    assert [(r.alt, r.src, r.title) for r in refs] == [
        ("A [nested] alt", "https://e.com/a(1).jpg", "Title"),
        ("b", "https://e.com/b c.png", None),
        ("in link", "https://e.com/c.gif", None),
    ]
    assert text[refs[0].start : refs[0].end].startswith("![A [nested]")
    assert text[refs[0].start : refs[0].end].endswith('"Title")')


def test_find_images_skips_code_and_escapes() -> None:
    text = (
        "`![x](https://e.com/code.png)` \\![y](https://e.com/esc.png)\n\n"
        "```\n![z](https://e.com/fence.png)\n```\n\n![ok](https://e.com/ok.png)\n"
    )
    assert [r.src for r in find_images(text)] == ["https://e.com/ok.png"]


def test_relink_keeps_the_original_in_the_title() -> None:
    text = "A ![pic](https://e.com/p.jpg) B ![pic again](https://e.com/p.jpg) C"
    local = "../images/abcdef0123/01.jpg"
    out = relink(text, {"https://e.com/p.jpg": (local, "https://e.com/p.jpg")})
    assert out == (
        f'A ![pic]({local} "original: https://e.com/p.jpg") B '
        f'![pic again]({local} "original: https://e.com/p.jpg") C'
    )
    refs = find_images(out)
    assert [r.src for r in refs] == [local, local]
    assert {r.original for r in refs} == {"https://e.com/p.jpg"}


def test_image_link_escapes_quotes_in_the_original() -> None:
    link = image_link("x", "../images/abcdef0123/01.png", 'https://e.com/a"b\\c.png')
    (ref,) = find_images(link)
    assert ref.src == "../images/abcdef0123/01.png"
    assert original_of(ref.title) == "https://e.com/a%22b%5Cc.png"


def test_keep_saved_images_relinks_fresh_markdown() -> None:
    old = '![a](../images/abcdef0123/01.png "original: https://e.com/a.png")'
    new = "New text ![a](https://e.com/a.png) ![b](https://e.com/b.png)"
    assert keep_saved_images(old, new) == (
        'New text ![a](../images/abcdef0123/01.png "original: https://e.com/a.png") '
        "![b](https://e.com/b.png)"
    )


def test_declared_sizes_from_attributes_and_style() -> None:
    page = (
        '<img src="/p.gif" width="1" height="1"><img data-src="a%20b.png" style="width: 20px">'
        '<img src="/big.jpg" width="800"><img src="/none.jpg">'
    )
    sizes = declared_sizes(page, "https://e.com/news/")
    assert sizes == {
        "https://e.com/p.gif": (1, 1),
        "https://e.com/news/a b.png": (20, None),
        "https://e.com/big.jpg": (800, None),
    }


# -- what is worth saving ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "declared", "skipped"),
    [
        ("https://e.com/photos/harbour.jpg", None, False),
        ("https://e.com/photos/harbour.jpg", (800, 600), False),
        ("https://e.com/photos/harbour.jpg", (1, 1), True),
        ("data:image/png;base64,AAAA", None, True),
        ("https://www.google-analytics.com/collect?v=1", None, True),
        ("https://ad.doubleclick.net/x.jpg", None, True),
        ("https://www.facebook.com/tr?id=1", None, True),
        ("https://secure.gravatar.com/avatar/abc", None, True),
        ("https://e.com/static/icons/share.png", None, True),
        ("https://e.com/img/site-logo.png", None, True),
        ("https://e.com/users/avatar_12.jpg", None, True),
        ("https://e.com/a/tracking-pixel.gif", None, True),
        ("https://e.com/css/sprite.png", None, True),
        ("https://e.com/diagram.svg", None, True),
        ("https://e.com/silicon-valley.jpg", None, False),
        ("ftp://e.com/a.png", None, True),
        ("http://192.168.1.1/a.png", None, True),
        ("http://localhost/a.png", None, True),
    ],
)
def test_skip_reason(url: str, declared: tuple[int, int] | None, skipped: bool) -> None:
    assert (skip_reason(url, "https://e.com/news", declared) is not None) is skipped


def test_local_images_are_fine_on_a_local_page() -> None:
    assert skip_reason("http://127.0.0.1:8000/a.png", "http://127.0.0.1:8000/page") is None


# -- resolving links for the UI ----------------------------------------------------------------


def test_local_image_path_resolves_only_own_images(tmp_path: Path) -> None:
    folder = tmp_path / "images" / "abcdef0123"
    folder.mkdir(parents=True)
    (folder / "01.png").write_bytes(png())
    (folder / "02.png").symlink_to("/etc/hostname")
    good = local_image_path(tmp_path, "abcdef0123", "../images/abcdef0123/01.png")
    assert good == folder / "01.png"
    for src in (
        "../images/abcdef0123/02.png",  # a symlink
        "../images/abcdef0123/03.png",  # missing
        "../images/0123456789/01.png",  # another article's
        "../images/abcdef0123/../../secret.png",
        "/etc/passwd",
        "https://e.com/01.png",
        "images/abcdef0123/01.png",
    ):
        assert local_image_path(tmp_path, "abcdef0123", src) is None, src


# -- saving through HTTP -----------------------------------------------------------------------

FAST = ImageLimits(connect_timeout=2, read_timeout=2, image_timeout=3, article_timeout=5)


def serve_image(server: TestServer, path: str, data: bytes, content_type: str) -> str:
    return server.route(path, headers={"Content-Type": content_type}, body=data)


def saved_with(library: Library, body: str, url: str = "http://127.0.0.1/story") -> str:
    """Save an article (from a local page) whose markdown is *body*, without its images; its id."""
    result = library.save_article(make_article(body=body, url=url))
    return result.entry.id


async def test_saving_a_page_saves_its_images(http_server: TestServer, library: Library) -> None:
    photo = serve_image(http_server, "/media/photo.png", png(), "image/png")
    chart = serve_image(http_server, "/media/chart.jpg", jpeg(), "image/jpeg")
    serve_image(http_server, "/media/tiny.gif", gif(1, 1), "image/gif")
    serve_image(http_server, "/media/icons/share.png", png(16, 16), "image/png")
    serve_image(http_server, "/media/undeclared-small.png", png(10, 200), "image/png")
    extra = (
        '<figure><img src="/media/photo.png" alt="The harbour"><figcaption>Harbour</figcaption>'
        '</figure><p>See <img src="/media/chart.jpg" alt="Chart"> and '
        '<img src="/media/tiny.gif" width="1" height="1"> <img src="/media/icons/share.png">'
        ' <img src="/media/undeclared-small.png"> again <img src="/media/photo.png" alt="again">'
        "</p>"
    )
    page = http_server.html("/news/harbour", article_page("Harbour", extra=extra))
    result = await library.save_url_async(page)
    report = result.images
    assert report is not None
    assert report.saved == 2 and not report.failed
    reasons = dict(report.skipped)
    assert "tiny (declared size)" in reasons[http_server.url("/media/tiny.gif")]
    assert "icon" in reasons[http_server.url("/media/icons/share.png")]
    assert reasons[http_server.url("/media/undeclared-small.png")] == "tiny (10x200)"
    requested = [r.path for r in http_server.requests]
    assert "/media/tiny.gif" not in requested and "/media/icons/share.png" not in requested
    assert requested.count("/media/photo.png") == 1

    entry_id = result.entry.id
    markdown = library.markdown(entry_id)
    assert f'(../images/{entry_id}/01.png "original: {photo}")' in markdown
    assert f'![Chart](../images/{entry_id}/02.jpg "original: {chart}")' in markdown
    assert markdown.count(f"../images/{entry_id}/01.png") == 2
    files = article_images(library, result.entry)
    assert [p.name for p in files] == ["01.png", "02.jpg"]
    assert files[0].read_bytes() == png()
    for ref in find_images(markdown):
        if ref.src.startswith("../"):
            # The link resolves from the article file's own folder, as markdown viewers do.
            assert (library.files.articles / ref.src).resolve() == local_image_path(
                library.root, entry_id, ref.src
            )
    expected = (
        (library.files.articles / result.entry.path).stat().st_size
        + (library.files.raw / f"{entry_id}.html.gz").stat().st_size
        + len(png())
        + len(jpeg())
    )
    assert library.disk_usage(result.entry) == expected


async def test_save_url_without_images(http_server: TestServer, library: Library) -> None:
    serve_image(http_server, "/p.png", png(), "image/png")
    page = http_server.html("/n", article_page("No pics", extra='<p><img src="/p.png"></p>'))
    result = await library.save_url_async(page, images=False)
    assert result.images is None
    assert f"]({http_server.url('/p.png')})" in library.markdown(result.entry.id)
    assert "/p.png" not in [r.path for r in http_server.requests]
    assert not (library.root / "images").exists()


async def test_count_limit(http_server: TestServer, library: Library) -> None:
    urls = [serve_image(http_server, f"/{i}.png", png(), "image/png") for i in range(5)]
    entry_id = saved_with(library, "\n\n".join(f"![{i}]({u})" for i, u in enumerate(urls)))
    limits = ImageLimits(max_images=3)
    report = await save_images(library, entry_id, limits=limits)
    assert report.saved == 3
    assert [r for _, r in report.skipped] == ["over the limit of 3 images"] * 2
    # A second run counts the images already saved: still no room.
    again = await save_images(library, entry_id, limits=limits)
    assert (again.present, again.saved) == (3, 0)


async def test_size_limits(http_server: TestServer, library: Library) -> None:
    big = png(300, 300)
    padded = big[:-12] + chunk(b"tEXt", b"c\x00" + b"x" * 5000) + big[-12:]
    urls = [serve_image(http_server, f"/{i}.png", padded, "image/png") for i in range(3)]
    small = serve_image(http_server, "/small.png", png(), "image/png")
    entry_id = saved_with(library, "\n\n".join(f"![]({u})" for u in [*urls, small]))
    sniff_image(padded)
    per_image = await save_images(library, entry_id, limits=ImageLimits(max_image_bytes=4000))
    assert per_image.saved == 1
    assert all("the image is too large (more than 4 kB)" in r for _, r in per_image.failed)
    assert len(per_image.failed) == 3

    other = saved_with(
        library, "\n\n".join(f"![]({u})" for u in urls), url="http://127.0.0.1/other"
    )
    total = await save_images(
        library, other, limits=ImageLimits(max_total_bytes=len(padded) * 2 + 10, concurrency=1)
    )
    assert total.saved == 2
    assert total.failed == [(urls[2], "the article's images reached their size limit")]
    assert total.bytes == 2 * len(padded)


async def test_same_host_is_fetched_politely(http_server: TestServer, library: Library) -> None:
    urls = [
        http_server.route(
            f"/slow{i}.png", headers={"Content-Type": "image/png"}, body=png(), header_delay=0.15
        )
        for i in range(4)
    ]
    entry_id = saved_with(library, "\n\n".join(f"![]({u})" for u in urls))
    started = time.monotonic()
    report = await save_images(library, entry_id, limits=ImageLimits(per_host=1))
    assert report.saved == 4
    assert time.monotonic() - started >= 0.55  # one at a time: 4 x 0.15 s


async def test_failures_never_fail_the_save(
    http_server: TestServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.images.download as download

    async def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(download, "download_images", broken)
    serve_image(http_server, "/p.png", png(), "image/png")
    page = http_server.html("/n", article_page("Still saved", extra='<p><img src="/p.png"></p>'))
    result = await library.save_url_async(page)
    assert result.created and library.get(result.entry.id).title == "Still saved"
    assert result.images is not None
    assert result.images.failed == [("", "RuntimeError: disk on fire")]


async def test_missing_local_file_is_fetched_again(
    http_server: TestServer, library: Library
) -> None:
    url = serve_image(http_server, "/p.webp", webp(), "image/webp")
    entry_id = saved_with(library, f"![p]({url})")
    first = await save_images(library, entry_id)
    assert first.saved == 1
    (path,) = article_images(library, library.get(entry_id))
    path.unlink()
    again = await save_images(library, entry_id)
    assert again.saved == 1
    markdown = library.markdown(entry_id)
    assert f'![p](../images/{entry_id}/01.webp "original: {url}")' in markdown


def test_reextract_keeps_saved_images(http_server: TestServer, library: Library) -> None:
    url = serve_image(http_server, "/a.avif", avif(), "image/avif")
    page = http_server.html("/n", article_page("Again", extra='<p><img src="/a.avif"></p>'))
    result = asyncio.run(library.save_url_async(page))
    assert result.images is not None and result.images.saved == 1
    library.reextract(result.entry.id)
    markdown = library.markdown(result.entry.id)
    assert f'(../images/{result.entry.id}/01.avif "original: {url}")' in markdown


# -- delete, restore, gc -----------------------------------------------------------------------


async def test_delete_restore_and_gc(http_server: TestServer, library: Library) -> None:
    url = serve_image(http_server, "/p.png", png(), "image/png")
    keep = saved_with(library, f"![]({url})", url="http://127.0.0.1/keep")
    gone = saved_with(library, f"![]({url})", url="http://127.0.0.1/gone")
    for entry_id in (keep, gone):
        assert (await save_images(library, entry_id)).saved == 1
    images = library.root / "images"
    deleted = library.delete(gone)
    assert not (images / gone).exists()
    assert (library.root / "trash" / "images" / gone / "01.png").exists()
    library.restore(deleted)
    assert (images / gone / "01.png").exists()

    # A stray file, and the folder of an article that is no longer there.
    (images / keep / "07.png").write_bytes(png())
    (images / "0123456789").mkdir()
    (images / "0123456789" / "01.png").write_bytes(png())
    young = collect_garbage(library)  # everything is new: a save may be under way
    assert young.files == 0
    trashed = library.delete(gone)
    report = collect_garbage(library, min_age=0)
    # The deleted article keeps its images until the trash is emptied (issue #15).
    assert report.files == 2 and report.bytes == 2 * len(png())
    assert sorted(report.articles) == sorted([keep, "0123456789"])
    assert [p.name for p in article_images(library, library.get(keep))] == ["01.png"]
    assert sorted(os.listdir(images)) == [keep]
    assert (library.root / "trash" / "images" / gone / "01.png").exists()
    library.restore(trashed)  # whole again after gc
    assert (images / gone / "01.png").exists()
    library.delete(gone)
    assert [e.id for e in library.empty_trash()] == [gone]
    assert not (library.root / "trash" / "images" / gone).exists()
    assert collect_garbage(library, min_age=0).files == 0


# -- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_no_images_then_images_then_gc(
    http_server: TestServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
    data = tmp_path / "lib"
    serve_image(http_server, "/p.png", png(), "image/png")
    http_server.route("/gone.png", status=404)
    extra = '<p><img src="/p.png" alt="P"> <img src="/gone.png" alt="G"></p>'
    page = http_server.html("/story", article_page("Pictures", extra=extra))
    code, out, err = run(capsys, data, "add", "--no-images", page)
    assert code == 0, err
    entry_id = out.split()[0]
    assert not (data / "images").exists()

    code, out, err = run(capsys, data, "list", "--json")
    (item,) = json.loads(out)
    before = item["bytes"]
    assert before > 0

    code, out, err = run(capsys, data, "images", entry_id)
    assert code == 1  # one image failed, and says so
    assert out.strip() == f"{entry_id}  1 image saved ({len(png())} bytes), 1 failed"
    assert "page not found (HTTP 404)" in err
    code, out, _ = run(capsys, data, "list", "--json")
    assert json.loads(out)[0]["bytes"] > before + len(png()) - 1

    code, out, _ = run(capsys, data, "images", "--all", "--json")
    (result,) = json.loads(out)
    assert (result["id"], result["present"], result["saved"]) == (entry_id, 1, 0)

    assert run(capsys, data, "rm", entry_id)[0] == 0
    code, out, _ = run(capsys, data, "gc", "--json")  # the trash keeps its images (#15)
    assert json.loads(out) == {"files": 0, "bytes": 0, "articles": []}
    assert run(capsys, data, "trash", "--empty")[0] == 0
    assert not (data / "trash" / "images" / entry_id).exists()
    code, out, _ = run(capsys, data, "gc")
    assert out.strip() == "freed 0 bytes: 0 image files of 0 articles"


def test_cli_add_saves_images_unless_the_setting_says_no(
    http_server: TestServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.config import Settings, save_settings

    config = tmp_path / "config"
    monkeypatch.setenv("READER_CONFIG_DIR", str(config))
    serve_image(http_server, "/p.png", png(), "image/png")
    one = http_server.html("/one", article_page("One", extra='<p><img src="/p.png"></p>'))
    two = http_server.html("/two", article_page("Two", extra='<p><img src="/p.png"></p>'))
    code, out, err = run(capsys, tmp_path / "lib", "add", "--json", one)
    assert code == 0, err
    (saved,) = json.loads(out)
    assert saved["images"]["saved"] == 1
    save_settings(config, Settings(images=False))
    code, out, err = run(capsys, tmp_path / "lib", "add", "--json", two)
    (saved,) = json.loads(out)
    assert saved["images"] is None


async def test_a_taken_number_is_not_overwritten(
    http_server: TestServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.library.image_saving as save

    url = serve_image(http_server, "/p.png", png(), "image/png")
    entry_id = saved_with(library, f"![]({url})")
    folder = library.root / "images" / entry_id
    real_next = save.next_number

    def racing(path: Path) -> int:
        """Another process claims 01.png between our numbering and our write."""
        number = real_next(path)
        path.mkdir(parents=True)
        (path / "01.png").write_bytes(b"theirs")
        return number

    monkeypatch.setattr(save, "next_number", racing)
    report = await save_images(library, entry_id)
    assert report.saved == 1
    assert (folder / "01.png").read_bytes() == b"theirs"
    assert (folder / "02.png").read_bytes() == png()
    assert f"(../images/{entry_id}/02.png " in library.markdown(entry_id)
