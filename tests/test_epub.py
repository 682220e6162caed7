"""The EPUB export: a valid EPUB 3 (zip layout, package, nav, XHTML), images shrunk for
e-ink, highlights marked, and the ``reader export --format epub`` command."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from reader.cli import main
from reader.demo import create_demo_library
from reader.demo.highlights import add_demo_highlights
from reader.exporters import export
from reader.exporters.epub import IMAGE_EDGE, eink_image, write_epub
from reader.images.storage import image_folder, local_src
from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.store.index import Filter
from tests.conftest import make_article

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> Library:
    """The demo library, with its highlights."""
    library = Library(create_demo_library(tmp_path))
    add_demo_highlights(library)
    yield library  # type: ignore[misc]
    library.close()


def book_of(library: Library, ids: list[str] | None = None) -> zipfile.ZipFile:
    """The EPUB of *ids* (default: every article), opened."""
    entries = [library.get(i) for i in ids] if ids else library.entries()
    out = io.BytesIO()
    write_epub(library, entries, out, now=NOW)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def check_structure(book: zipfile.ZipFile) -> etree._Element:
    """Assert the EPUB's container rules and return its parsed package document."""
    first = book.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert book.read("mimetype") == b"application/epub+zip"
    container = etree.fromstring(book.read("META-INF/container.xml"))
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile is not None
    opf_path = rootfile.get("full-path")
    assert opf_path == "OEBPS/content.opf"
    package = etree.fromstring(book.read(opf_path))
    assert package.get("version") == "3.0"
    names = set(book.namelist())
    items = package.findall(f"{OPF}manifest/{OPF}item")
    for item in items:
        assert "OEBPS/" + item.get("href", "") in names
        if item.get("media-type") == "application/xhtml+xml":
            # Strict XML parsing: any markup error or undefined entity fails here.
            document = etree.fromstring(book.read("OEBPS/" + item.get("href", "")))
            assert document.tag == f"{XHTML}html"
    assert [i for i in items if "nav" in (i.get("properties") or "")], "no nav document"
    manifest_ids = {i.get("id") for i in items}
    for ref in package.findall(f"{OPF}spine/{OPF}itemref"):
        assert ref.get("idref") in manifest_ids
    return package


def test_digest_of_the_demo_library_is_a_valid_epub_with_a_table_of_contents(
    demo: Library,
) -> None:
    book = book_of(demo)
    check_structure(book)
    nav = etree.fromstring(book.read("OEBPS/nav.xhtml"))
    toc = nav.find(f".//{XHTML}nav")
    assert toc is not None
    assert toc.get("{http://www.idpf.org/2007/ops}type") == "toc"
    titles = [a.text for a in toc.iter(f"{XHTML}a")]
    assert titles == [e.title for e in demo.entries()]
    # The demo's one saved image is in the book, greyscale and no larger than allowed.
    images = [n for n in book.namelist() if n.startswith("OEBPS/images/")]
    assert len(images) == 1
    with Image.open(io.BytesIO(book.read(images[0]))) as image:
        assert image.mode == "L"
        assert max(image.size) <= IMAGE_EDGE


def test_an_article_has_its_title_byline_site_and_date(demo: Library) -> None:
    book = book_of(demo, ["3b6967ab99"])
    package = check_structure(book)
    assert package.findtext(".//{http://purl.org/dc/elements/1.1/}title") == (
        "Sourdough, Patiently: A Schedule That Fits a Working Day"
    )
    assert package.findtext(".//{http://purl.org/dc/elements/1.1/}creator") == "Ada Okafor"
    page = etree.fromstring(book.read("OEBPS/a3b6967ab99.xhtml"))
    header = page.find(f".//{XHTML}header")
    assert header is not None
    text = "".join(header.itertext())
    assert "Ada Okafor" in text
    assert "Kitchen Margins" in text
    assert "2026-08-21" in text
    # One article: the nav is not a page of the book of its own.
    assert [r.get("idref") for r in package.findall(f"{OPF}spine/{OPF}itemref")] == ["d1"]


def test_highlights_are_marked_on_their_words_and_listed_with_their_notes(
    library: Library,
) -> None:
    entry = library.save_article(
        make_article(body="Plain start, then **bold words** and *more* here.\n\nA second one.")
    ).entry
    made = add_highlight(library, entry.id, "bold words and more", note="why <this> & that")
    book = book_of(library, [entry.id])
    check_structure(book)
    page = etree.fromstring(book.read(f"OEBPS/a{entry.id}.xhtml"))
    marks = list(page.iter(f"{XHTML}mark"))
    assert "".join("".join(m.itertext()) for m in marks) == "bold words and more"
    assert marks[0].get("id") == f"hl-{made.id}"
    # The marks sit inside the bold and italic, which are kept.
    assert page.find(f".//{XHTML}strong/{XHTML}mark") is not None
    assert page.find(f".//{XHTML}em/{XHTML}mark") is not None
    notes = [p.text for p in page.iter(f"{XHTML}p") if p.get("class") == "note"]
    assert notes == ["why <this> & that"]


def test_a_highlight_across_two_paragraphs_is_marked_in_both(library: Library) -> None:
    entry = library.save_article(make_article(body="One two three.\n\nFour five six.")).entry
    add_highlight(library, entry.id, "three.\n\nFour")
    page = etree.fromstring(book_of(library, [entry.id]).read(f"OEBPS/a{entry.id}.xhtml"))
    assert ["".join(m.itertext()) for m in page.iter(f"{XHTML}mark")] == ["three.", "Four"]


def test_a_large_colour_image_is_shrunk_and_made_grey(library: Library) -> None:
    entry = library.save_article(
        make_article(body="Intro.\n\n![A red square](https://example.com/red.png)\n\nEnd.")
    ).entry
    folder = image_folder(library.root, entry.id)
    folder.mkdir(parents=True)
    picture = io.BytesIO()
    Image.new("RGBA", (3000, 1500), (200, 30, 30, 255)).save(picture, "PNG")
    (folder / "01.png").write_bytes(picture.getvalue())
    library.rewrite_markdown(
        entry.id,
        lambda md: md.replace("https://example.com/red.png", local_src(entry.id, "01.png")),
    )
    book = book_of(library, [entry.id])
    check_structure(book)
    [name] = [n for n in book.namelist() if n.startswith("OEBPS/images/")]
    with Image.open(io.BytesIO(book.read(name))) as image:
        assert image.mode == "L"
        assert image.size == (IMAGE_EDGE, IMAGE_EDGE // 2)
    page = etree.fromstring(book.read(f"OEBPS/a{entry.id}.xhtml"))
    img = page.find(f".//{XHTML}figure/{XHTML}img")
    assert img is not None
    assert "OEBPS/" + img.get("src", "") == name


def test_an_image_not_saved_or_broken_leaves_its_description() -> None:
    assert eink_image(b"not an image") is None


def test_hostile_text_stays_text_and_links_stay_web_links(library: Library) -> None:
    entry = library.save_article(
        make_article(
            title="<script>alert(1)</script> & \x07bell",
            body="[click](javascript:alert(1)) and [web](https://example.com/x?a=1&b=2) "
            "and a \ufffe bad character.",
        )
    ).entry
    book = book_of(library, [entry.id])
    check_structure(book)
    page = etree.fromstring(book.read(f"OEBPS/a{entry.id}.xhtml"))
    hrefs = [a.get("href") for a in page.iter(f"{XHTML}a")]
    assert "https://example.com/x?a=1&b=2" in hrefs
    assert not [h for h in hrefs if h and h.startswith("javascript")]
    assert page.find(f".//{XHTML}script") is None
    assert page.findtext(f".//{XHTML}h1") == "<script>alert(1)</script> & bell"


def _epubcheck() -> list[str] | None:
    """The command that runs epubcheck here, or None when it is not installed."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = Path(found).resolve()
    if real.suffix == ".jar":  # Debian links the jar itself, run through binfmt; not always there
        java = shutil.which("java")
        return [java, "-jar", str(real)] if java else None
    return [found]


def test_epubcheck_passes_the_demo_digest_and_one_article(demo: Library, tmp_path: Path) -> None:
    command = _epubcheck()
    if command is None:
        pytest.skip("epubcheck is not installed (apt-get install epubcheck; .ci/run does as root)")
    for name, ids in (("digest.epub", None), ("one.epub", ["0ffc5b72af"])):
        path = tmp_path / name
        entries = [demo.get(i) for i in ids] if ids else demo.entries()
        with path.open("wb") as handle:
            write_epub(demo, entries, handle, now=NOW)
        done = subprocess.run(
            [*command, str(path)], capture_output=True, text=True, timeout=240, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


# -- the command -----------------------------------------------------------------------------


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_export_epub_of_ids_unread_tag_and_all(
    demo: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = demo.root
    out = tmp_path / "one.epub"
    assert run(data, "export", "--format", "epub", "3b69", "--out", str(out)) == 0
    assert "exported 1 article to" in capsys.readouterr().err
    names = zipfile.ZipFile(out).namelist()
    assert [n for n in names if n.endswith(".xhtml") and "/a" in n] == ["OEBPS/a3b6967ab99.xhtml"]

    assert run(data, "export", "--format", "epub", "--tag", "cooking", "--out", str(out)) == 0
    check_structure(zipfile.ZipFile(out))
    unread = len(demo.entries(Filter(status="unread")))
    assert run(data, "export", "--format", "epub", "--unread", "--out", str(out)) == 0
    assert f"exported {unread} articles" in capsys.readouterr().err
    assert run(data, "export", "--format", "epub", "--all", "--out", str(out)) == 0
    check_structure(zipfile.ZipFile(out))


def test_export_epub_refuses_a_missing_target_or_selection(
    demo: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = demo.root
    assert run(data, "export", "--format", "epub", "--all") == 1
    assert "--out FILE" in capsys.readouterr().err
    assert run(data, "export", "--format", "epub", "--out", str(tmp_path / "x.epub")) == 1
    assert "say which articles" in capsys.readouterr().err
    assert run(data, "export", "--format", "epub", "--tag", "nope", "--out", "x.epub") == 1
    assert "no article matches" in capsys.readouterr().err
    assert not (tmp_path / "x.epub").exists()


def test_the_exporters_entry_point_writes_every_article(demo: Library) -> None:
    out = io.BytesIO()
    assert export(demo, "epub", binary_out=out) == len(demo.entries())
    check_structure(zipfile.ZipFile(io.BytesIO(out.getvalue())))
