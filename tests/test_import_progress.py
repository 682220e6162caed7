"""What an import says while and after it runs: skipped lines, nothing found, what it
fetches (only its own entries), and an ETA that stays honest to the last fetch."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.import_commands import ProgressBar
from reader.importers.job import ImportJob
from reader.importers.queue import QueueProgress
from reader.library import Library
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_summary_names_the_lines_of_skipped_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "pocket.csv"
    csv.write_text(
        "title,url,time_added,tags,status\n"
        "One,https://example.com/one,1700000000,,unread\n"
        "Bad,not a url,1700000000,,unread\n"
        "Two,https://example.com/two,1700000000,,unread\n"
        "Worse,https://example.com/three,soon,,unread\n",
        "utf-8",
    )
    code, out, err = run(capsys, tmp_path / "lib", "import", str(csv), "--no-fetch")
    assert code == 1
    assert "imported 2 new, 2 rows skipped (lines 3, 5)" in out
    assert "skipped line 3:" in err and "skipped line 5:" in err


def test_a_folder_with_nothing_to_import_says_so_and_fetches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library_dir = tmp_path / "lib"
    with Library(library_dir) as library:
        library.add_placeholder("http://127.0.0.1:9/queued-earlier")  # would fail if fetched
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("not a note", "utf-8")
    code, out, err = run(capsys, library_dir, "import", str(empty))
    assert code == 0, err
    assert out.strip() == "nothing found to import"
    assert "fetch" not in out + err
    code, out, _ = run(capsys, library_dir, "queue", "--json")
    assert [e["url"] for e in json.loads(out)["pending"]] == ["http://127.0.0.1:9/queued-earlier"]


def test_an_import_fetches_only_what_it_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], http_server: TestServer
) -> None:
    library_dir = tmp_path / "lib"
    earlier = http_server.html("/earlier", article_page("Earlier", slug="earlier"))
    with Library(library_dir) as library:
        library.add_placeholder(earlier)
    mine = http_server.html("/mine", article_page("Mine", slug="mine"))
    urls = tmp_path / "urls.txt"
    urls.write_text(mine + "\n", "utf-8")
    code, out, err = run(capsys, library_dir, "import", str(urls), "--no-images")
    assert code == 0, err
    assert "imported 1 new, fetched 1/1" in out
    assert "/earlier" not in [r.path for r in http_server.requests]
    code, out, _ = run(capsys, library_dir, "queue", "--json")
    assert [e["url"] for e in json.loads(out)["pending"]] == [earlier]
    code, out, err = run(capsys, library_dir, "import", "--resume", "--no-images")
    assert "fetched 1/1" in out, err  # --resume fetches what earlier imports queued


def test_the_app_job_fetches_only_what_its_file_added(
    tmp_path: Path, http_server: TestServer
) -> None:
    with Library(tmp_path / "lib") as library:
        library.add_placeholder(http_server.html("/old", article_page("Old", slug="old")))
        mine = http_server.html("/new", article_page("New", slug="new"))
        urls = tmp_path / "urls.txt"
        urls.write_text(mine + "\n", "utf-8")
        outcome = ImportJob(library, urls, images=False).run()
        assert outcome.fetched is not None and outcome.fetched.total == 1
        assert outcome.still_queued == 1
        empty = tmp_path / "empty"
        empty.mkdir()
        nothing = ImportJob(library, empty, images=False).run()
        assert nothing.fetched is None and nothing.summary() == "nothing found to import"


@pytest.mark.parametrize(
    ("done", "elapsed", "running", "text"),
    [
        (0, 0.0, 8, "--:--"),
        (40, 10.0, 8, "0:15"),
        (95, 10.0, 8, "finishing 5"),  # the last ones run: the rate says nothing of them
        (99, 1.0, 1, "finishing 1"),  # an estimate under a second is no estimate
        (100, 10.0, 8, "done"),
    ],
)
def test_the_eta_never_says_zero_while_fetches_run(
    done: int, elapsed: float, running: int, text: str
) -> None:
    progress = QueueProgress(total=100, done=done, saved=done, failed=0, elapsed=elapsed)
    assert progress.eta_text(running) == text


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_finishing_for_the_last_fetches() -> None:
    tty = _Tty()
    bar = ProgressBar(tty, "fetching", width=10, running=4)
    bar.update(QueueProgress(total=10, done=8, saved=8, failed=0, elapsed=2.0))
    assert "fetching 8/10 [########--] 4.0/s  finishing 2" in tty.getvalue()
    assert "ETA" not in tty.getvalue()


def test_a_file_of_unknown_shape_is_one_clear_error_naming_its_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "links.csv"
    odd.write_text("url,title\nhttps://example.com/a,A\n", "utf-8")
    code, out, err = run(capsys, tmp_path / "lib", "import", str(odd))
    assert code == 1 and out == ""
    assert err.startswith("reader: error: cannot tell the file's format: a CSV with columns: url,")
    assert "pocket-csv" in err and "--format" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(
        capsys, tmp_path / "lib", "import", str(odd), "--format", "pocket-csv", "--no-fetch"
    )
    assert code == 0, err  # named, it is read as that format
    assert "imported 1 new" in out
