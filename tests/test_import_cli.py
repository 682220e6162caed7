"""`reader import`, `queue`, `retry` and `export` from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.import_commands import ProgressBar
from reader.importers.queue import QueueProgress
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.support.images import png

__all__ = ["http_server"]

DATA = Path(__file__).parent / "data" / "imports"


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_without_fetch_lists_queued_entries_and_reports_broken_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, tmp_path, "import", str(DATA / "pocket.csv"), "--no-fetch", "--tag", "pocket"
    )
    assert code == 1  # some rows were skipped
    assert "imported 5 new, 1 merged, 3 rows skipped" in out
    assert "skipped line 7: not a web address" in err
    assert "skipped line 9: not a date" in err
    code, out, _ = run(capsys, tmp_path, "list", "--all")
    assert out.count("(queued)") == 5
    code, out, _ = run(capsys, tmp_path, "queue", "--json")
    listing = json.loads(out)
    assert len(listing["pending"]) == 5 and listing["failed"] == []
    code, out, _ = run(capsys, tmp_path, "list", "--all", "--tag", "pocket", "--json")
    assert len(json.loads(out)) == 5


def test_import_from_stdin_fetches_and_resume_picks_up(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    http_server: TestServer,
) -> None:
    urls = [http_server.html(f"/s{i}", article_page(f"Stdin {i}", slug=f"s{i}")) for i in range(3)]
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(urls).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(capsys, tmp_path, "import", "-", "--format", "urls", "--no-fetch")
    assert code == 0, err
    code, out, err = run(capsys, tmp_path, "import", "--resume", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["fetch"]["saved"] == 3 and result["import"] is None
    code, out, _ = run(capsys, tmp_path, "list", "--json")
    assert sorted(e["title"] for e in json.loads(out)) == ["Stdin 0", "Stdin 1", "Stdin 2"]


def test_failed_fetches_show_in_queue_and_retry_fetches_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], http_server: TestServer
) -> None:
    url = http_server.route("/later", status=404, body=b"not yet")
    listing = tmp_path / "list.txt"
    listing.write_text(url + "\n")
    code, out, err = run(capsys, tmp_path, "import", str(listing))
    assert code == 1
    assert "fetched 0/1, 1 failed" in out
    assert "page not found (HTTP 404)" in err
    code, out, _ = run(capsys, tmp_path, "queue")
    assert "failed" in out and "HTTP 404" in out and "0 pending, 1 failed" in out
    code, out, _ = run(capsys, tmp_path, "list")
    assert "(failed)" in out and "(queued)" not in out
    http_server.html("/later", article_page("Now it works"))
    code, out, err = run(capsys, tmp_path, "retry")
    assert code == 0, err
    assert "fetched 1/1" in out
    code, out, _ = run(capsys, tmp_path, "queue", "--json")
    assert json.loads(out) == {"pending": [], "failed": []}


def test_import_needs_a_file_or_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "import")
    assert code == 1 and "name the file to import" in err


def test_unreadable_import_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "import", str(tmp_path / "missing.csv"))
    assert code == 1 and err.count("\n") == 1 and "cannot read" in err


def test_export_to_stdout_file_and_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, tmp_path / "lib", "import", str(DATA / "wallabag.json"), "--no-fetch")
    code, out, _ = run(capsys, tmp_path / "lib", "export", "--format", "json")
    assert code == 0 and len(json.loads(out)["articles"]) == 3
    target = tmp_path / "bookmarks.html"
    code, out, err = run(
        capsys, tmp_path / "lib", "export", "--format", "netscape", "--out", str(target)
    )
    assert code == 0 and out == "" and "exported 3 articles" in err
    assert target.read_text("utf-8").count("<DT><A ") == 3
    code, _, err = run(
        capsys, tmp_path / "lib", "export", "--format", "markdown", str(tmp_path / "md")
    )
    assert code == 0 and len(list((tmp_path / "md").glob("*.md"))) == 3
    code, _, err = run(capsys, tmp_path / "lib", "export", "--format", "markdown")
    assert code == 1 and "needs a folder" in err
    code, out, _ = run(capsys, tmp_path / "lib", "export", "--format", "csv")
    assert out.startswith("title,url,time_added,tags,status,favorite\n")
    # The JSON export imports back into a new library as the same entries.
    exported = tmp_path / "all.json"
    run(capsys, tmp_path / "lib", "export", "--format", "json", "--out", str(exported))
    code, out, err = run(capsys, tmp_path / "new", "import", str(exported), "--no-fetch")
    assert code == 0, err
    _, a, _ = run(capsys, tmp_path / "lib", "list", "--all", "--json")
    _, b, _ = run(capsys, tmp_path / "new", "list", "--all", "--json")
    assert json.loads(a) == json.loads(b)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    progress = QueueProgress(total=10, done=4, saved=3, failed=1, elapsed=2.0)
    plain = io.StringIO()
    ProgressBar(plain, "fetching").update(progress)
    assert plain.getvalue() == ""
    tty = _Tty()
    bar = ProgressBar(tty, "fetching", width=10)
    bar.update(progress)
    assert "fetching 4/10 [####------] 2.0/s  ETA 0:03  1 failed" in tty.getvalue()
    bar.finish()


def test_a_markdown_folder_imports_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, tmp_path / "lib", "import", str(DATA / "wallabag.json"), "--no-fetch")
    run(capsys, tmp_path / "lib", "export", "--format", "markdown", str(tmp_path / "md"))
    code, out, err = run(capsys, tmp_path / "new", "import", str(tmp_path / "md"), "--no-fetch")
    assert code == 0, err
    assert "imported 3 new, 2 with content, 2 highlights" in out
    _, a, _ = run(capsys, tmp_path / "lib", "list", "--all", "--json")
    _, b, _ = run(capsys, tmp_path / "new", "list", "--all", "--json")
    assert json.loads(a) == json.loads(b)


def test_the_cli_offers_every_import_format() -> None:
    from reader.cli import build_parser
    from reader.importers import FORMATS

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    fmt = next(a for a in sub.choices["import"]._actions if a.dest == "format")  # type: ignore[union-attr]
    assert sorted(fmt.choices) == sorted(["auto", *FORMATS])  # type: ignore[arg-type]


def test_import_saves_images_unless_no_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], http_server: TestServer
) -> None:
    http_server.route("/photo.png", headers={"Content-Type": "image/png"}, body=png())
    pictured = article_page("Pictured", extra='<p><img src="/photo.png"></p>')
    links = tmp_path / "links.txt"
    links.write_text(http_server.html("/one", pictured) + "\n", encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "a", "import", str(links), "--json")
    assert code == 0, err
    assert json.loads(out)["fetch"]["images_saved"] == 1
    code, out, err = run(capsys, tmp_path / "b", "import", str(links), "--no-images")
    assert code == 0, err
    assert "images saved" not in out and "fetched 1/1" in out
    assert [r.path for r in http_server.requests].count("/photo.png") == 1


def test_a_stopped_fetch_says_what_is_left_and_what_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.cli import import_commands as commands
    from reader.library import Library, Placeholder

    with Library(tmp_path) as library:
        first, second, _ = library.add_placeholders(
            [Placeholder(f"https://example.com/{n}") for n in range(3)]
        )
        library.update(first.entry.id, fetch_error="page not found (HTTP 404)", fetch_attempts=1)
        library.update(second.entry.id, fetch_error="server error (HTTP 500)", fetch_attempts=1)

        async def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(commands, "run_queue", interrupted)
        lines: list[str] = []
        with pytest.raises(KeyboardInterrupt) as stopped:
            commands.fetch_queue(library, lines.append, images=False)
    # One line, printed by the CLI after "reader: stopped: ".
    assert lines == []
    assert str(stopped.value) == (
        "1 entry still queued: 'reader import --resume' goes on; "
        "2 entries failed: 'reader queue' says why, 'reader retry' tries again"
    )
