"""The highlight commands: highlight, highlights, note, unhighlight, export highlights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.conftest import index_file, make_article

BODY = (
    "The river runs *slowly* through the **old town**, past the mill.\n\n"
    "A second paragraph says the bridge was rebuilt in 1890."
)


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(library_dir: Path) -> str:
    with Library(library_dir) as library:
        entry = library.save_article(
            make_article(title="The river", body=BODY, byline="Ann Writer"), tags=["water"]
        ).entry
    return entry.id


def test_highlight_list_note_and_remove(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    code, out, _ = run(
        capsys,
        library_dir,
        "highlight",
        article,
        "--quote",
        "slowly through\nthe old town",
        "--note",
        "nice\x1b[31m",
    )
    assert code == 0 and "“slowly through the old town”" in out and "note: nice" in out
    code, out, _ = run(capsys, library_dir, "highlight", article[:6], "-q", "rebuilt", "--json")
    made = json.loads(out)
    assert code == 0 and made["exact"] == "rebuilt" and made["suffix"] == " in 1890."
    code, out, _ = run(capsys, library_dir, "highlights", article, "--json")
    listed = json.loads(out)
    assert [h["exact"] for h in listed] == ["slowly through the old town", "rebuilt"]
    assert listed[0]["note"] == "nice" and listed[0]["orphaned"] is False
    first = listed[0]["id"]
    code, out, _ = run(capsys, library_dir, "note", article, first[:5], "better")
    assert code == 0 and "note: better" in out
    code, out, _ = run(capsys, library_dir, "highlights", "--search", "better", "--json")
    assert [row["id"] for row in json.loads(out)] == [first]
    code, out, _ = run(capsys, library_dir, "note", article, first, "--json")
    assert code == 0 and json.loads(out)["note"] == ""
    code, out, err = run(capsys, library_dir, "unhighlight", article, first, "nope")
    assert code == 1 and f"removed {first}" in out
    assert err.strip() == "reader: error: no highlight with id 'nope' in this article"
    code, out, _ = run(capsys, library_dir, "highlights")
    assert code == 0 and "rebuilt" in out and "slowly" not in out and "The river" in out


def test_a_removed_highlight_can_be_brought_back_with_its_note(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    made = [
        json.loads(run(capsys, library_dir, "highlight", article, "-q", q, "-n", n, "--json")[1])
        for q, n in (("old town", "first"), ("rebuilt", "second"))
    ]
    code, out, err = run(capsys, library_dir, "unhighlight", article, "--undo")
    assert code == 1 and err.strip() == (
        "reader: error: no removed highlight to bring back in this article"
    )
    for one in made:
        assert run(capsys, library_dir, "unhighlight", article, one["id"])[0] == 0
    code, out, _ = run(capsys, library_dir, "unhighlight", article, "--removed", "--json")
    removed = json.loads(out)
    assert code == 0 and [r["id"] for r in removed] == [made[1]["id"], made[0]["id"]]
    assert removed[0]["note"] == "second" and removed[0]["removed"]
    assert json.loads(run(capsys, library_dir, "highlights", "--json")[1]) == []
    # The export and the index know nothing of removed highlights.
    assert "rebuilt" not in run(capsys, library_dir, "export", "highlights")[1]
    assert run(capsys, library_dir, "highlights", "--search", "second")[1] == ""

    code, out, _ = run(capsys, library_dir, "unhighlight", article, "--undo")
    assert code == 0 and out.startswith(f"restored {made[1]['id']}")  # the latest removed
    code, out, _ = run(capsys, library_dir, "unhighlight", article, "--undo", made[0]["id"][:5])
    assert code == 0
    rows = json.loads(run(capsys, library_dir, "highlights", article, "--json")[1])
    assert [(r["exact"], r["note"]) for r in rows] == [("old town", "first"), ("rebuilt", "second")]
    assert (
        json.loads(run(capsys, library_dir, "unhighlight", article, "--removed", "--json")[1]) == []
    )
    assert run(capsys, library_dir, "reindex")[0] == 0
    assert len(json.loads(run(capsys, library_dir, "highlights", "--json")[1])) == 2


def test_unhighlight_usage_errors(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    for args in ([], ["--undo", "--removed"], ["--removed", "abc"], ["abc", "--undo"]):
        with pytest.raises(SystemExit) as stopped:
            run(capsys, library_dir, "unhighlight", article, *args)
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and err.startswith("reader: error: ") and "--help" in err


def test_old_tombstones_are_forgotten(tmp_path: Path) -> None:
    from reader.highlights.model import Highlight
    from reader.highlights.storage import Removed, read_removed, read_sidecar, write_sidecar

    path = tmp_path / "x.highlights.json"
    live = Highlight(id="aaaa", exact="kept")
    removed = [
        Removed(Highlight(id="old1", exact="old"), "2020-01-01T00:00:00+00:00"),
        Removed(Highlight(id="new1", exact="new"), "2999-01-01T00:00:00+00:00"),
    ]
    write_sidecar(path, [live], removed)
    assert [h.id for h in read_sidecar(path)] == ["aaaa"]
    assert [r.highlight.id for r in read_removed(path)] == ["new1"]
    write_sidecar(path, [])  # the tombstones the file holds are kept
    assert path.exists() and [r.highlight.id for r in read_removed(path)] == ["new1"]
    write_sidecar(path, [], [])
    assert not path.exists()


def test_a_quote_not_in_the_article_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    code, out, err = run(capsys, library_dir, "highlight", article, "--quote", "the sea")
    assert code == 1 and out == ""
    assert err == "reader: error: quote not found in the article: 'the sea'\n"
    code, _, err = run(capsys, library_dir, "highlight", "ffffff", "--quote", "x")
    assert code == 1 and "no article with id" in err


def test_orphans_are_listed(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    run(capsys, library_dir, "highlight", article, "--quote", "the bridge was rebuilt in 1890")
    with Library(library_dir) as library:
        library.rewrite_markdown(article, lambda md: md.split("\n\n")[0])
    code, out, _ = run(capsys, library_dir, "highlights", article)
    assert code == 0 and "(orphaned" in out and "the bridge was rebuilt in 1890" in out


def test_export_highlights_as_markdown_and_json(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str, tmp_path: Path
) -> None:
    run(capsys, library_dir, "highlight", article, "-q", "past the mill", "-n", "grain\nmill")
    run(capsys, library_dir, "highlight", article, "-q", "The river runs slowly")
    code, out, _ = run(capsys, library_dir, "export", "highlights")
    assert code == 0
    assert out.startswith(
        "# Highlights\n\n## The river\n\n- URL: <https://example.com/articles/quiet>"
    )
    assert "- Author: Ann Writer" in out and "- Tags: #water" in out
    # reading order, each quote a blockquote with its note below
    assert out.index("> The river runs slowly") < out.index("> past the mill\n\ngrain\nmill\n")
    target = tmp_path / "quotes.json"
    code, out, err = run(
        capsys, library_dir, "export", "highlights", "--format", "json", "--out", str(target)
    )
    assert code == 0 and out == "" and "exported 2 highlights" in err
    document = json.loads(target.read_text("utf-8"))
    (item,) = document["articles"]
    assert item["title"] == "The river" and len(item["highlights"]) == 2
    code, out, _ = run(capsys, library_dir, "export", "highlights", "--tag", "other")
    assert code == 0 and out == "# Highlights\n"
    # the library export keeps working and still needs its format
    code, out, _ = run(capsys, library_dir, "export", "--format", "json")
    assert code == 0 and json.loads(out)["articles"][0]["highlights"][0]["exact"]
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(library_dir), "export"])
    assert exit_info.value.code == 2


def test_reindex_keeps_highlights(
    capsys: pytest.CaptureFixture[str], library_dir: Path, article: str
) -> None:
    run(capsys, library_dir, "highlight", article, "-q", "past the mill")
    index_file(library_dir).unlink()
    code, out, _ = run(capsys, library_dir, "reindex")
    code, out, _ = run(capsys, library_dir, "highlights", "--json")
    assert code == 0 and [row["exact"] for row in json.loads(out)] == ["past the mill"]
