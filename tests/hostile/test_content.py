"""Hostile page content, saved through a real server and shown by the CLI, stays inert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.text.sanitize import clean_line, clean_text
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]

ESC = "\x1b"
HOSTILE_TITLE = (
    "[@click=app.quit]Click me[/] [bold red]loud[/] [/oops] "
    "\x1b[31mred\x1b[0m \x1b]0;PWNED\x07 \x1b]52;c;cHduZWQ=\x07 \u202eevil\u202c zero\u200bwidth"
)
HOSTILE_PARAGRAPHS = [
    "Markup stays text: [link=https://evil.example]click[/link] and [@click=app.quit]quit[/].",
    "Escapes vanish: \x1b[2J\x1b[H cleared? \x1b]8;;https://evil.example/\x07hyperlink"
    "\x1b]8;;\x07 and a bell\x07 and NUL\x00 and C1 \x9b31m.",
    "Bidi override \u202egnirts desrever\u202c and \u2066isolate\u2069 and BOM\ufeff here.",
    "This paragraph is long enough to be the article body that the extractor keeps, "
    "with several sentences of ordinary prose about a town council meeting that ran late.",
    "The council voted to repair the bridge, and the mayor thanked the residents who had "
    "written letters about the state of the old road over the winter months.",
]


def hostile_page() -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in HOSTILE_PARAGRAPHS)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{HOSTILE_TITLE}</title></head><body><article><h1>{HOSTILE_TITLE}</h1>
{paragraphs}
<p>The minutes of the meeting, which the clerk published on Friday afternoon along with the
budget tables, are available as a <a href="javascript:alert(1)">script link</a> that does
nothing, a <a href="data:text/html,x">data link</a> that is dropped, a
<a href="/relative/page">relative link</a> that is made absolute, and a
<a href="vbscript:x">vb link</a> that is dropped as well, as the council promised residents.</p>
</article></body></html>"""


def _assert_inert(text: str) -> None:
    assert ESC not in text
    assert "\x07" not in text and "\x00" not in text and "\x9b" not in text
    assert "\u202e" not in text and "\u2066" not in text and "\ufeff" not in text


def test_hostile_page_is_stored_and_printed_inert(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = http_server.html("/hostile", hostile_page())
    assert main(["--data-dir", str(tmp_path), "add", url]) == 0
    out, err = capsys.readouterr()
    _assert_inert(out + err)

    (md_file,) = (tmp_path / "articles").glob("*.md")
    stored = md_file.read_text("utf-8")
    _assert_inert(stored)
    assert "[@click=app.quit]" in stored  # markup is kept as literal text
    assert "javascript:" not in stored and "data:text" not in stored and "vbscript:" not in stored
    assert f"{url.rsplit('/', 1)[0]}/relative/page" in stored  # made absolute

    for argv in (["list"], ["list", "--json"], ["search", "council"], ["show", md_file.stem[-10:]]):
        assert main(["--data-dir", str(tmp_path), *argv]) == 0
        out, err = capsys.readouterr()
        _assert_inert(out + err)
    assert main(["--data-dir", str(tmp_path), "list", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert "Click me" in entry["title"]
    _assert_inert(entry["title"])


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "/", "..", "~/.bashrc", "C:\\Windows\\system32", "x" * 5000, "\x00"],
)
def test_path_like_titles_stay_inside_the_library(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    body = "".join(f"<p>{p}</p>" for p in HOSTILE_PARAGRAPHS[3:])
    page = f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"
    url = http_server.html("/p", page)
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "add", url]) == 0
    capsys.readouterr()
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(lib in p.parents for p in everything)
    (md_file,) = (lib / "articles").glob("*.md")
    assert len(md_file.name) < 100


def test_sanitizer_keeps_text_that_needs_joiners() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "می\u200cخواهم"
    assert clean_text(family) == family
    assert clean_text(persian) == persian
    assert clean_line("a\u200bb\u2060c\ufeffd") == "abcd"
    assert clean_text("line\r\nnext\rlast") == "line\nnext\nlast"
