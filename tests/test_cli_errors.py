"""One error shape for every command, and the inputs that used to be misread.

Every subcommand of the registry is run with a bad argument: each problem is one
line ``reader: error: ...`` on stderr, no traceback, exit status 1 (2 for a usage
error). Then the cases behind it: short id prefixes, empty input to ``add -``,
``extract -``, a mistyped ``--data-dir``, plurals, and the one JSON shape of the
highlight commands.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.common import MIN_ID_PREFIX
from reader.cli.registry import SPECS
from reader.errors import NotFoundError
from reader.importers.apply import ImportReport
from reader.importers.summary import import_summary
from reader.library import Library
from reader.text.plural import count, plural
from tests.conftest import make_article

BODY = (
    "The river runs slowly through the old town, past the mill.\n\n"
    "A second paragraph says the bridge was rebuilt in 1890."
)


def run(capsys: pytest.CaptureFixture[str], data: Path | None, *args: str) -> tuple[int, str, str]:
    """Run ``reader [--data-dir DATA] ARGS`` in-process; usage errors end in SystemExit."""
    argv = ["--data-dir", str(data), *args] if data is not None else list(args)
    try:
        code = main(argv)
    except SystemExit as exit_info:
        code = exit_info.code if isinstance(exit_info.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_error_lines(err: str, lines: int = 1) -> list[str]:
    """*err* is *lines* lines, each ``reader: error: ...``, and no traceback."""
    got = err.splitlines()
    assert len(got) == lines, err
    assert err.endswith("\n")
    for line in got:
        assert line.startswith("reader: error: "), err
        assert "internal error" not in line, err
    assert "Traceback" not in err
    return got


@pytest.fixture
def saved(library_dir: Path) -> str:
    """A library with one article; its id."""
    with Library(library_dir) as library:
        return library.save_article(make_article(title="The river", body=BODY)).entry.id


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Make *data* the process's standard input."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# -- every command, a bad argument ---------------------------------------------------------

#: For each command: the library it runs in ("saved": one article, "nowhere": a folder
#: that is not a library), its bad arguments ({id} is the saved article's), the exit
#: status and the number of error lines.
BAD: dict[str, tuple[str, list[str], int, int]] = {
    "add": ("saved", ["ftp://example.com/x"], 1, 1),
    "list": ("nowhere", [], 1, 1),
    "show": ("saved", ["ffff"], 1, 1),
    "search": ("nowhere", ["river"], 1, 1),
    "archive": ("saved", ["{id}", "ffff", "eeee"], 1, 2),
    "unarchive": ("saved", ["ffff", "{id}", "eeee"], 1, 2),
    "favorite": ("saved", ["ffff", "{id}"], 1, 1),
    "unfavorite": ("saved", ["{id}", "ffff"], 1, 1),
    "tag": ("saved", ["ffff", "water"], 1, 1),
    "untag": ("saved", ["ffff", "water"], 1, 1),
    "rm": ("saved", ["ffff", "eeee"], 1, 2),
    "trash": ("nowhere", [], 1, 1),
    "restore": ("saved", ["{id}", "ffff"], 1, 2),
    "open": ("saved", ["{id}", "9"], 1, 1),
    "links": ("saved", ["ffff"], 1, 1),
    "tags": ("nowhere", [], 1, 1),
    "reindex": ("nowhere", [], 1, 1),
    "reextract": ("saved", ["ffff"], 1, 1),
    "extract": ("saved", ["{tmp}/missing.html"], 1, 1),
    "import": ("saved", ["{tmp}/missing.csv"], 1, 1),
    "queue": ("nowhere", [], 1, 1),
    "retry": ("nowhere", [], 1, 1),
    "export": ("saved", ["--format", "json", "--out", "{tmp}/no/such/folder/x.json"], 1, 1),
    "images": ("saved", ["ffff", "eeee"], 1, 2),
    "gc": ("nowhere", [], 1, 1),
    "highlights": ("saved", ["ffff"], 1, 1),
    "highlight": ("saved", ["{id}", "--quote", "the sea"], 1, 1),
    "unhighlight": ("saved", ["{id}", "nope", "none"], 1, 2),
    "note": ("saved", ["{id}", "nope", "a note"], 1, 1),
    "config": ("saved", ["no_such_setting"], 1, 1),
    "where": ("saved", ["extra"], 2, 1),
    "sync": ("nowhere", [], 1, 1),
    "serve": ("nowhere", [], 1, 1),
    "merge-file": ("saved", ["{tmp}/base.md", "{tmp}/ours.md", "{tmp}/theirs.md"], 1, 1),
}


#: Flags that make a command do something else, each with a bad argument, as in BAD
#: (the arguments start with the command's name).
BAD_FLAGS: dict[str, tuple[str, list[str], int, int]] = {
    "tags --rename (no such tag)": ("saved", ["tags", "--rename", "nosuchtag", "new"], 1, 1),
    "tags --rename (no library)": ("nowhere", ["tags", "--rename", "old", "new"], 1, 1),
    "tags --rename (empty name)": ("saved", ["tags", "--rename", "water", " "], 1, 1),
    "tags --rename (one name)": ("saved", ["tags", "--rename", "water"], 2, 1),
}


def test_the_table_covers_every_command() -> None:
    assert set(BAD) == {spec.name for spec in SPECS}


@pytest.mark.parametrize("case", list(BAD_FLAGS))
def test_every_flag_reports_a_bad_argument_as_one_line(
    case: str, capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str, tmp_path: Path
) -> None:
    where, args, status, lines = BAD_FLAGS[case]
    data = library_dir if where == "saved" else tmp_path / "nowhere"
    assert run(capsys, library_dir, "tag", saved, "water")[0] == 0
    code, out, err = run(capsys, data, *args)
    assert code == status, err
    assert_error_lines(err, lines)
    assert out == ""
    assert not (tmp_path / "nowhere").exists()
    with Library(library_dir) as library:
        assert library.tag_counts() == {"water": 1}  # nothing changed


@pytest.mark.parametrize("name", [spec.name for spec in SPECS])
def test_every_command_reports_a_bad_argument_as_one_line_each(
    name: str, capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str, tmp_path: Path
) -> None:
    where, args, status, lines = BAD[name]
    data = library_dir if where == "saved" else tmp_path / "nowhere"
    argv = [a.format(id=saved, tmp=tmp_path) for a in args]
    if name == "restore":  # the saved article in the trash: it restores, ffff fails
        assert run(capsys, library_dir, "rm", saved)[0] == 0
        argv = [saved, "ffff", "eeee"]
    code, out, err = run(capsys, data, name, *argv)
    assert code == status, err
    assert_error_lines(err, lines)
    if saved in argv and name in ("archive", "unarchive", "favorite", "unfavorite", "restore"):
        assert saved in out  # the good id is done all the same
    elif name != "config":
        assert out in ("", "[]\n"), out
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("name", [spec.name for spec in SPECS])
def test_every_command_reports_an_unknown_option_as_a_usage_error(
    name: str, capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    code, out, err = run(capsys, library_dir, name, "--no-such-option")
    assert code == 2 and out == ""
    (line,) = assert_error_lines(err)
    assert line.endswith(f"(see 'reader {name} --help')")


def test_a_usage_error_of_a_command_names_its_help(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    code, _, err = run(capsys, library_dir, "list", "--limit", "many")
    assert code == 2
    assert err == (
        "reader: error: argument --limit: invalid int value: 'many' (see 'reader list --help')\n"
    )
    code, _, err = run(capsys, library_dir, "export")
    assert code == 2
    assert err == (
        "reader: error: the following arguments are required: --format "
        "(see 'reader export --help')\n"
    )


def test_a_usage_error_is_inert(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    code, _, err = run(capsys, library_dir, "tags", "\x1b[31mred")
    assert code == 2 and "\x1b" not in err
    assert_error_lines(err)


# -- ids too short to name an article ------------------------------------------------------


def test_a_short_prefix_says_ids_need_more_characters(
    capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str
) -> None:
    short = saved[:2]
    code, out, err = run(capsys, library_dir, "show", short)
    assert (code, out) == (1, "")
    assert err == (
        f"reader: error: id '{short}' is too short: ids need at least {MIN_ID_PREFIX} "
        f"characters (ids starting with it: {saved})\n"
    )
    code, out, err = run(capsys, library_dir, "archive", saved[:1], saved[:MIN_ID_PREFIX])
    assert code == 1 and saved in out
    (line,) = assert_error_lines(err)
    assert "too short" in line and saved in line
    other = "f" if not saved.startswith("f") else "0"
    code, _, err = run(capsys, library_dir, "highlights", other)
    assert code == 1
    assert err == (
        f"reader: error: no article with id '{other}' (ids need at least {MIN_ID_PREFIX} "
        "characters)\n"
    )


def test_a_short_prefix_in_the_trash_says_so_too(
    capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str
) -> None:
    run(capsys, library_dir, "rm", saved)
    code, _, err = run(capsys, library_dir, "restore", saved[:2])
    assert code == 1
    (line,) = assert_error_lines(err)
    assert "too short" in line and saved in line
    assert run(capsys, library_dir, "restore", saved[:MIN_ID_PREFIX])[0] == 0


def test_the_prefix_length_is_the_librarys(library_dir: Path, saved: str) -> None:
    with Library(library_dir) as library:
        assert library.get(saved[:MIN_ID_PREFIX]).id == saved
        with pytest.raises(NotFoundError):
            library.get(saved[: MIN_ID_PREFIX - 1])
        library.delete(saved)
        trash = library.trashed()
        assert trash.find(saved[:MIN_ID_PREFIX]).id == saved
        with pytest.raises(NotFoundError):
            trash.find(saved[: MIN_ID_PREFIX - 1])


# -- standard input ------------------------------------------------------------------------


@pytest.mark.parametrize("given", [b"", b"\n\n  \n", b"# my reading list\n\n   # later\n"])
def test_adding_nothing_from_stdin_says_so(
    given: bytes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    feed(monkeypatch, given)
    code, out, err = run(capsys, tmp_path / "new", "add", "-")
    assert (code, out) == (1, "")
    assert err == "reader: error: nothing to add: no URLs on standard input (one a line)\n"
    assert not (tmp_path / "new").exists()


def test_comments_on_stdin_are_not_urls(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    feed(monkeypatch, b"# saved from my phone\nftp://example.com/x\n")
    code, _, err = run(capsys, tmp_path / "new", "add", "-")
    assert code == 1
    (line,) = assert_error_lines(err)
    assert line.startswith("reader: error: ftp://example.com/x: ")


def test_extract_reads_html_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.support.articles import article_page

    feed(monkeypatch, article_page("Piped in").encode("utf-8"))
    code, out, err = run(capsys, tmp_path / "lib", "extract", "-", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["title"] == "Piped in"
    assert not (tmp_path / "lib").exists()


# -- a folder that is not a library --------------------------------------------------------

READING = [
    ["list"],
    ["show", "abcdef"],
    ["search", "river"],
    ["export", "--format", "json"],
    ["tags"],
    ["links", "abcdef"],
    ["highlights"],
    ["trash"],
    ["queue"],
    ["archive", "abcdef"],
    ["reindex"],
    ["gc"],
]


@pytest.mark.parametrize("args", READING, ids=lambda a: a[0])
def test_a_mistyped_data_dir_is_not_a_library(
    args: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    typo = tmp_path / "libary"
    code, out, err = run(capsys, typo, *args)
    assert (code, out) == (1, "")
    assert err == (
        f"reader: error: {typo} is not a reader library (no articles/ folder); "
        "'reader add URL' starts one there\n"
    )
    assert not typo.exists()
    typo.mkdir()  # an existing folder is no library either
    assert run(capsys, typo, *args)[0] == 1
    assert list(typo.iterdir()) == []


def test_the_environment_names_a_library_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "libary"))
    code, _, err = run(capsys, None, "list")
    assert code == 1 and "is not a reader library" in err
    assert not (tmp_path / "libary").exists()


def test_the_default_folder_on_a_first_run_is_an_empty_library(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("READER_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run(capsys, None, "list") == (0, "", "")
    assert run(capsys, None, "list", "--json")[1] == "[]\n"


def test_writing_commands_may_start_a_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "new"
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/later\n", encoding="utf-8")
    code, _, err = run(capsys, target, "import", str(urls), "--no-fetch")
    assert code == 0, err
    assert (target / "articles").is_dir()
    assert run(capsys, target, "list")[0] == 0


# -- plurals -------------------------------------------------------------------------------


def test_counts_read_right() -> None:
    assert [count(n, "try") for n in (0, 1, 2)] == ["0 tries", "1 try", "2 tries"]
    assert count(1, "entry") == "1 entry" and count(3, "entry") == "3 entries"
    assert count(1, "image file") == "1 image file" and count(2, "day") == "2 days"
    assert plural("match") == "matches" and plural("box") == "boxes"
    assert count(2, "person", "people") == "2 people"


def test_import_summary_counts_read_right() -> None:
    report = ImportReport(format="urls", added=1, highlights=1)
    assert import_summary(report, None) == "imported 1 new, 1 highlight"
    report = ImportReport(format="urls", added=2, highlights=2)
    assert import_summary(report, None) == "imported 2 new, 2 highlights"


def test_cli_counts_read_right(
    capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str
) -> None:
    with Library(library_dir) as library:
        queued = library.add_placeholder("https://example.com/down").entry
        library.update(queued.id, fetch_error="HTTP 500", fetch_attempts=1)
    code, out, _ = run(capsys, library_dir, "queue")
    assert code == 0 and "(HTTP 500; 1 try)" in out
    code, out, _ = run(capsys, library_dir, "reindex")
    assert code == 0 and out == "indexed 2 articles\n"
    code, _, err = run(capsys, library_dir, "open", saved, "2")
    assert "has 0 links" in err
    run(capsys, library_dir, "highlight", saved, "--quote", "the old town")
    code, _, err = run(
        capsys, library_dir, "export", "highlights", "--out", str(library_dir / "q.md")
    )
    assert code == 0 and "exported 1 highlight to" in err


# -- the highlight commands' one JSON shape ------------------------------------------------

SHAPE = {
    "article",
    "title",
    "url",
    "id",
    "exact",
    "prefix",
    "suffix",
    "note",
    "created",
    "updated",
    "orphaned",
    "start",
    "end",
    "match",
}


def test_the_highlight_commands_print_one_shape(
    capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str
) -> None:
    code, out, _ = run(
        capsys, library_dir, "highlight", saved, "-q", "past the mill", "-n", "grain", "--json"
    )
    made = json.loads(out)
    assert code == 0 and set(made) == SHAPE
    (one,) = json.loads(run(capsys, library_dir, "highlights", saved, "--json")[1])
    (every,) = json.loads(run(capsys, library_dir, "highlights", "--json")[1])
    assert made == one == every
    assert made["exact"] == "past the mill" and made["note"] == "grain"
    assert made["article"] == saved and made["title"] == "The river"
    assert made["orphaned"] is False and made["match"] == "exact"
    assert BODY.replace("\n\n", "\n")[made["start"] : made["end"]] == "past the mill"
    noted = json.loads(run(capsys, library_dir, "note", saved, made["id"], "flour", "--json")[1])
    assert set(noted) == SHAPE and noted["note"] == "flour"
    removed = json.loads(run(capsys, library_dir, "unhighlight", saved, made["id"], "--json")[1])
    assert [set(h) for h in removed] == [SHAPE]


def test_orphans_are_marked_in_every_listing(
    capsys: pytest.CaptureFixture[str], library_dir: Path, saved: str
) -> None:
    run(capsys, library_dir, "highlight", saved, "-q", "the bridge was rebuilt in 1890")
    run(capsys, library_dir, "highlight", saved, "-q", "the old town")
    with Library(library_dir) as library:
        library.rewrite_markdown(saved, lambda md: md.split("\n\n")[0])
    listed = json.loads(run(capsys, library_dir, "highlights", "--json")[1])
    by_quote = {h["exact"]: h for h in listed}
    orphan = by_quote["the bridge was rebuilt in 1890"]
    assert orphan["orphaned"] is True and orphan["start"] is None and orphan["match"] is None
    assert by_quote["the old town"]["orphaned"] is False
    one = json.loads(run(capsys, library_dir, "highlights", saved, "--json")[1])
    assert sorted(one, key=lambda h: h["id"]) == sorted(listed, key=lambda h: h["id"])
    code, out, _ = run(capsys, library_dir, "highlights")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    (marked,) = [line for line in lines if "(orphaned" in line]
    assert "the bridge was rebuilt in 1890" in marked
