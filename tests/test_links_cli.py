"""`reader links` and `reader open`: the links dialog and the browser key, from a shell."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from reader.models import Article

PAGE = "https://news.example/2026/harbour"
MARKDOWN = (
    "The [harbour master](https://port.example/master) spoke, see [our notes](/notes).\n\n"
    '![The quay](../images/{id}/01.jpg "original: https://cdn.example/quay.jpg")\n\n'
    "A [second mention](https://port.example/master) and [an ftp site](ftp://files.example/x)."
)


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, str]:
    """A library with one article that links out, and its saved image."""
    data = tmp_path / "library"
    with Library(data) as library:
        entry = library.save_article(Article("Harbour", MARKDOWN, "text"), url=PAGE).entry
    # The image link names the article's own folder, known once it is saved; the edited
    # file is read again when the library is next opened.
    path = data / "articles" / entry.path
    path.write_text(path.read_text(encoding="utf-8").replace("{id}", entry.id), encoding="utf-8")
    images = data / "images" / entry.id
    images.mkdir(parents=True)
    (images / "01.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return data, entry.id


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER set to a script that writes down each address it is given."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", f"{script} %s")
    return log


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_links_are_numbered_absolute_and_once_each(
    saved: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, entry_id = saved
    code, out, _ = run(capsys, data, "links", entry_id[:6])
    assert code == 0
    assert out.splitlines() == [
        "  1  https://port.example/master  harbour master",
        "  2  https://news.example/notes  our notes",
        "  3  https://cdn.example/quay.jpg  Image: The quay",
        "  4  ftp://files.example/x  an ftp site",
    ]
    code, out, _ = run(capsys, data, "links", entry_id, "--json")
    links = json.loads(out)
    assert [link["number"] for link in links] == [1, 2, 3, 4]
    assert links[2]["image"] is True and links[2]["href"].startswith("../images/")
    assert links[2]["file"] == str(data / "images" / entry_id / "01.jpg")
    assert links[0]["file"] is None


def test_open_hands_the_page_or_a_link_to_the_browser(
    saved: tuple[Path, str], browser: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, entry_id = saved
    assert run(capsys, data, "open", entry_id)[:2] == (0, f"opened {PAGE}\n")
    assert run(capsys, data, "open", entry_id, "2")[0] == 0
    code, out, _ = run(capsys, data, "open", entry_id, "3", "--json")
    image = (data / "images" / entry_id / "01.jpg").resolve().as_uri()
    assert code == 0 and json.loads(out) == {"id": entry_id, "opened": image}
    assert browser.read_text().splitlines() == [PAGE, "https://news.example/notes", image]


def test_open_refuses_what_it_should_not_open(
    saved: tuple[Path, str], browser: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, entry_id = saved
    code, out, err = run(capsys, data, "open", entry_id, "4")
    assert (code, out) == (1, "")
    assert err == "reader: error: only http and https links are opened: ftp://files.example/x\n"
    code, _, err = run(capsys, data, "open", entry_id, "9")
    assert code == 1 and err == f"reader: error: {entry_id} has 4 links; there is no link 9\n"
    code, _, err = run(capsys, data, "open", "ffffffffff")
    assert code == 1 and err.startswith("reader: error: ") and err.count("\n") == 1
    assert not browser.exists()
