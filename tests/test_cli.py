"""The `reader` command: every action scriptable, one clear line on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import index_file
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def add_page(server: TestServer, path: str, title: str) -> str:
    return server.html(path, article_page(title, slug=path.strip("/")))


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "add",
        "list",
        "show",
        "search",
        "archive",
        "favorite",
        "tag",
        "untag",
        "rm",
        "reindex",
        "extract",
    ):
        assert command in out


def test_unknown_command_is_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "invalid choice" in err


def test_add_list_show_search(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = add_page(http_server, "/news/vote", "Committee agrees on a compromise")
    code, out, err = run(capsys, tmp_path, "add", url, "--tag", "policy")
    assert code == 0, err
    entry_id, title = out.strip().split("  ", 1)
    assert title == "Committee agrees on a compromise"
    files = list((tmp_path / "articles").glob("*.md"))
    assert len(files) == 1 and entry_id in files[0].name

    code, out, _ = run(capsys, tmp_path, "list", "--json")
    listed = json.loads(out)
    assert len(listed) == 1
    item = listed[0]
    for key in (
        "id",
        "url",
        "title",
        "byline",
        "site",
        "published",
        "saved_at",
        "status",
        "favorite",
        "tags",
        "word_count",
        "reading_minutes",
        "progress",
    ):
        assert key in item
    assert item["tags"] == ["policy"] and item["status"] == "unread"
    assert item["site"] == "The Example Times"
    assert item["word_count"] > 50

    code, out, _ = run(capsys, tmp_path, "show", entry_id[:5])
    assert code == 0
    assert out.startswith("# Committee agrees on a compromise")
    assert "The committee met on Tuesday" in out
    assert "Advertisement" not in out

    code, out, _ = run(capsys, tmp_path, "search", "translations", "--json")
    assert [e["id"] for e in json.loads(out)] == [entry_id]
    code, out, _ = run(capsys, tmp_path, "search", "nothing-matches-this")
    assert code == 0 and out == ""


def test_tracking_parameters_are_neither_sent_nor_kept(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = add_page(http_server, "/story", "A story shared from a newsletter")
    code, _, err = run(capsys, tmp_path, "add", f"{page}?utm_source=news&id=7&fbclid=abc#part")
    assert code == 0, err
    assert [r.path for r in http_server.requests] == ["/story?id=7"]
    code, out, _ = run(capsys, tmp_path, "list", "--json")
    assert json.loads(out)[0]["url"] == f"{page}?id=7#part"
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{http_server.url('/other')}?utm_campaign=x&gclid=1\n", encoding="utf-8")
    assert run(capsys, tmp_path, "import", str(urls), "--no-fetch")[0] == 0
    code, out, _ = run(capsys, tmp_path, "list", "--json")
    assert {item["url"] for item in json.loads(out)} == {
        f"{page}?id=7#part",
        http_server.url("/other"),
    }


def test_state_commands(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = add_page(http_server, "/a", "State of things")
    run(capsys, tmp_path, "add", url)
    (entry,) = json.loads(run(capsys, tmp_path, "list", "--json")[1])
    eid = entry["id"]
    assert run(capsys, tmp_path, "archive", eid)[0] == 0
    assert json.loads(run(capsys, tmp_path, "list", "--json")[1]) == []
    assert len(json.loads(run(capsys, tmp_path, "list", "--archived", "--json")[1])) == 1
    assert run(capsys, tmp_path, "unarchive", eid)[0] == 0
    assert run(capsys, tmp_path, "favorite", eid)[0] == 0
    favs = json.loads(run(capsys, tmp_path, "list", "--favorites", "--json")[1])
    assert [f["id"] for f in favs] == [eid]
    assert run(capsys, tmp_path, "unfavorite", eid)[0] == 0
    _code, out, _ = run(capsys, tmp_path, "tag", eid, "one", "two", "--json")
    assert json.loads(out)[0]["tags"] == ["one", "two"]
    _code, out, _ = run(capsys, tmp_path, "untag", eid, "one", "--json")
    assert json.loads(out)[0]["tags"] == ["two"]
    assert json.loads(run(capsys, tmp_path, "tags", "--json")[1]) == {"two": 1}
    assert len(json.loads(run(capsys, tmp_path, "list", "--tag", "two", "--json")[1])) == 1
    assert run(capsys, tmp_path, "rm", eid)[0] == 0
    assert json.loads(run(capsys, tmp_path, "list", "--all", "--json")[1]) == []


def test_failed_urls_are_reported_and_the_others_saved(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = add_page(http_server, "/good", "A good page")
    missing = http_server.url("/missing")
    code, out, err = run(capsys, tmp_path, "add", "ftp://example.com/x", missing, good)
    assert code == 1
    assert "A good page" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("reader: error: ftp://example.com/x: ")
    assert "404" in lines[1]
    assert "Traceback" not in err


def test_adding_twice_keeps_one_article(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = add_page(http_server, "/dup", "Only once")
    run(capsys, tmp_path, "add", url)
    code, out, _ = run(capsys, tmp_path, "add", url + "?utm_source=newsletter#top")
    assert code == 0 and "already saved" in out
    assert len(json.loads(run(capsys, tmp_path, "list", "--json")[1])) == 1


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Library(tmp_path).close()  # a library (an empty folder is not one: test_cli_errors.py)
    code, _out, err = run(capsys, tmp_path, "show", "nope")
    assert code == 1
    assert err == "reader: error: no article with id 'nope'\n"
    code, _, err = run(capsys, tmp_path, "extract", str(tmp_path / "missing.html"))
    assert code == 1 and err.count("\n") == 1 and "cannot read" in err


def test_extract_prints_without_storing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(article_page("Extract me"), encoding="utf-8")
    data = tmp_path / "lib"
    code, out, _ = run(
        capsys, data, "extract", str(page), "--format", "json", "--url", "https://example.com/x"
    )
    assert code == 0
    result = json.loads(out)
    assert result["title"] == "Extract me"
    assert "The committee met" in result["text"]
    for key in (
        "byline",
        "site_name",
        "published",
        "lang",
        "excerpt",
        "lead_image",
        "url",
        "markdown",
        "word_count",
        "reading_minutes",
    ):
        assert key in result
    code, out, _ = run(capsys, data, "extract", str(page), "--format", "text")
    assert "The committee met" in out and "#" not in out
    assert not (data / "articles").exists() or not list((data / "articles").iterdir())


def test_reindex(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, tmp_path, "add", add_page(http_server, "/r", "Reindexed"))
    index_file(tmp_path).unlink()
    code, out, _ = run(capsys, tmp_path, "reindex")
    assert code == 0 and "indexed 1" in out
    assert len(json.loads(run(capsys, tmp_path, "list", "--json")[1])) == 1


def test_data_dir_from_environment(tmp_path: Path) -> None:
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "envlib")}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "where", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert json.loads(result.stdout)["data_dir"] == str(tmp_path / "envlib")


def test_four_processes_adding_at_once_lose_nothing(
    http_server: TestServer, tmp_path: Path
) -> None:
    urls = [add_page(http_server, f"/p{i}", f"Parallel story {i}") for i in range(12)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", str(tmp_path), "add", *urls[k::4]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(4)
    ]
    results = []
    try:
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            results.append((proc.returncode, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    for returncode, err in results:
        assert returncode == 0, err
    assert len(list((tmp_path / "articles").glob("*.md"))) == 12
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(tmp_path), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len(json.loads(listed.stdout)) == 12


def test_reextract_keeps_state(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, tmp_path, "add", add_page(http_server, "/re", "Again"), "--tag", "keep")
    (entry,) = json.loads(run(capsys, tmp_path, "list", "--json")[1])
    run(capsys, tmp_path, "archive", entry["id"])
    path = tmp_path / "articles" / entry["path"]
    text = path.read_text("utf-8")
    front, _, _ = text.partition("\n---\n")
    path.write_text(front + "\n---\n\ntruncated\n", "utf-8")
    code, out, err = run(capsys, tmp_path, "reextract", "--all", "--json")
    assert code == 0, err
    (after,) = json.loads(out)
    assert after["tags"] == ["keep"] and after["status"] == "archived"
    assert after["saved_at"] == entry["saved_at"]
    assert "The committee met" in run(capsys, tmp_path, "show", entry["id"])[1]
    assert run(capsys, tmp_path, "reextract")[0] == 1


def test_reextract_keeps_every_highlight_and_names_the_ones_the_new_text_lost(
    http_server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gzip

    run(capsys, tmp_path, "add", add_page(http_server, "/hl", "Highlighted"))
    (entry,) = json.loads(run(capsys, tmp_path, "list", "--json")[1])
    kept, lost = "gives national governments three more years", "The vote is expected next month"
    for quote in (kept, lost):
        assert run(capsys, tmp_path, "highlight", entry["id"], "--quote", quote)[0] == 0
    raw = tmp_path / "raw" / f"{entry['id']}.html.gz"
    page = gzip.decompress(raw.read_bytes()).decode("utf-8")
    cut = page.index("<p>The vote is expected")
    page = page[:cut] + page[page.index("</p>", cut) + 4 :]  # the page changed: no vote paragraph
    raw.write_bytes(gzip.compress(page.encode("utf-8")))
    code, out, err = run(capsys, tmp_path, "reextract", entry["id"])
    assert code == 0 and entry["id"] in out
    assert err == (
        f"reader: {entry['id']}: 1 highlight no longer found in the new text, kept as orphaned"
        f" (see 'reader highlights {entry['id']}')\n"
    )
    highlights = json.loads(run(capsys, tmp_path, "highlights", entry["id"], "--json")[1])
    by_quote = {h["exact"]: h for h in highlights}
    assert set(by_quote) == {kept, lost}  # never dropped
    assert by_quote[lost]["orphaned"] and not by_quote[kept]["orphaned"]
    assert run(capsys, tmp_path, "reextract", entry["id"])[2] == ""  # said once, not again


def _three_tagged(root: Path) -> list[str]:
    """Three saved articles: #Go and #golang on the first, #go on the second, none on the last."""
    from tests.conftest import make_article

    with Library(root) as library:
        ids = [
            library.save_article(make_article(title=f"T{n}", url=f"https://a.example/{n}")).entry.id
            for n in range(3)
        ]
        library.add_tags(ids[0], ["Go", "golang"])
        library.add_tags(ids[1], ["go"])
    return ids


def test_tags_rename_renames_on_every_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _three_tagged(tmp_path)
    code, out, err = run(capsys, tmp_path, "tags", "--rename", "GO", "programming")
    assert (code, err) == (0, "")
    assert out == "renamed #GO to #programming: 2 articles\n"
    assert json.loads(run(capsys, tmp_path, "tags", "--json")[1]) == {
        "golang": 1,
        "programming": 2,
    }
    with Library(tmp_path) as library:  # the files say it, not only the index
        assert library.files.read(library.get(ids[0]).path)[0].tags == ("programming", "golang")


def test_tags_rename_onto_an_existing_tag_merges_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _three_tagged(tmp_path)
    code, out, _ = run(capsys, tmp_path, "tags", "--rename", "golang", "go", "--json")
    assert code == 0
    assert json.loads(out) == {"old": "golang", "new": "go", "merged": True, "articles": [ids[0]]}
    assert json.loads(run(capsys, tmp_path, "tags", "--json")[1]) == {"go": 2}
    with Library(tmp_path) as library:
        assert library.get(ids[0]).tags == ("go",)  # one tag, spelled as asked


def test_list_sorts_by_site_and_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import make_article

    with Library(tmp_path) as library:
        for title, url, site in (
            ("Beta", "https://www.zeta.example/1", None),
            ("alpha", "https://b.example/2", "Mid Site"),
            ("Gamma", "https://c.example/3", "Alpha Site"),
        ):
            library.save_article(make_article(title=title, url=url, site_name=site))
    by_site = json.loads(run(capsys, tmp_path, "list", "--sort", "site", "--json")[1])
    assert [e["title"] for e in by_site] == ["Gamma", "alpha", "Beta"]
    by_title = json.loads(run(capsys, tmp_path, "list", "--sort", "title", "--json")[1])
    assert [e["title"] for e in by_title] == ["alpha", "Beta", "Gamma"]


def test_list_json_streams_each_entry_as_its_to_json_gives_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The rows are printed straight from the index: the same fields, values and order
    as `Entry.to_json`, with the bytes each article takes."""
    from reader.library import Placeholder
    from reader.models import Article

    with Library(tmp_path) as lib:
        saved = lib.save_article(
            Article(
                url="https://example.com/a",
                title='Süß "quoted" title',
                markdown="Body text.",
                text="Body text.",
                byline="Ann",
                site_name="Example",
                excerpt="An excerpt",
                published="2024-10-25T10:00:00Z",
            ),
            raw_html=b"<html>raw</html>",
            tags=["a", "b"],
        ).entry
        lib.set_progress(saved.id, 0.5)
        lib.set_favorite(saved.id, True)
        lib.add_placeholders([Placeholder("https://example.com/queued", status="archived")])
        expected = [{**e.to_json(), "bytes": lib.disk_usage(e)} for e in lib.entries(sort="title")]
    code, out, _ = run(capsys, tmp_path, "list", "--all", "--sort", "title", "--json")
    assert code == 0
    assert json.loads(out) == expected
    assert [list(row) for row in json.loads(out)] == [list(row) for row in expected]
    code, out, _ = run(capsys, tmp_path, "list", "--all", "--limit", "1", "--json")
    assert code == 0 and len(json.loads(out)) == 1
