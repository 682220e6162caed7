"""Nothing saved is ever lost: crashes, concurrent writers, broken files and indexes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.errors import StoreError
from reader.library import Library
from reader.store.files import meta_to_entry
from reader.store.frontmatter import dump_document, parse_document

WRITER = r"""
import sys
from pathlib import Path
from reader.library import Library
from reader.models import Article

lib = Library(Path(sys.argv[1]))
body = ("A long paragraph of article text that goes on. " * 400 + "\n\n") * 5
i = 0
while True:
    a = Article(title=f"Story {i}", markdown=body, text=body, url=f"https://ex.example/{i}")
    entry = lib.save_article(a, raw_html=body.encode() * 3).entry
    lib.set_progress(entry.id, 0.5)
    print(entry.id, flush=True)
    i += 1
"""


def test_kill_9_during_saves_keeps_every_finished_article(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(lib_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    saved: list[str] = []
    deadline = time.monotonic() + 60
    while len(saved) < 8 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        saved.append(line.strip())
    proc.kill()  # SIGKILL: no cleanup, possibly in the middle of a write
    rest, err = proc.communicate(timeout=30)
    saved += rest.split()
    assert len(saved) >= 8, err
    with Library(lib_dir) as lib:
        assert lib.last_sync.problems == []
        listed = {e.id for e in lib.entries()}
        assert set(saved) <= listed
        for entry_id in saved:
            assert lib.markdown(entry_id).startswith("A long paragraph")


def test_listing_survives_a_broken_file_among_good_ones(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        from tests.conftest import make_article

        lib.save_article(make_article())
    (lib_dir / "articles" / "hand-edit.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    code = main(["--data-dir", str(lib_dir), "list"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "A quiet article" in out
    assert err.startswith("reader: skipped hand-edit.md: front matter is not valid YAML")
    assert err.count("\n") == 1


def test_escape_sequences_in_hand_edited_files_never_reach_the_terminal(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    lib_dir = tmp_path / "lib"
    Library(lib_dir).close()
    (lib_dir / "articles" / "evil.md").write_text(
        '---\nid: abcdef0123\nurl: https://x.example/\ntitle: "T\\e]52;c;cHduZWQ=\\a"\n'
        "saved_at: 2024-01-01T00:00:00Z\n---\n\nBody \x1b[2J\x1b]8;;http://evil/\x07link\x1b]8;;\x07\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", str(lib_dir), "show", "abcdef0123"]) == 0
    assert main(["--data-dir", str(lib_dir), "list"]) == 0
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\x07" not in out
    assert "Body" in out and "link" in out


_text = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_text,
    tags=st.lists(_text, max_size=5),
    extra=st.dictionaries(st.text(min_size=1, max_size=20), _text, max_size=4),
)
def test_front_matter_round_trips_any_text(
    title: str, tags: list[str], extra: dict[str, str]
) -> None:
    meta = {
        **extra,
        "id": "abcdef0123",
        "url": "https://x.example/",
        "title": title,
        "saved_at": "2024-01-01T00:00:00+00:00",
        "tags": tags,
    }
    parsed, body = parse_document(dump_document(meta, "body text"))
    assert parsed["title"] == title
    assert parsed["tags"] == tags
    assert body.strip() == "body text"
    entry = meta_to_entry(parsed, "x.md")
    assert "\x1b" not in entry.title


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_file_content_parses_or_gives_a_store_error(text: str) -> None:
    try:
        meta, _ = parse_document(text)
        meta_to_entry(meta, "x.md")
    except StoreError as exc:
        assert "\n" not in str(exc)


def test_yaml_alias_bomb_in_front_matter_is_harmless(tmp_path: Path) -> None:
    lines = ["---", "id: abcdef0123", "url: https://x.example/", "saved_at: 2024-01-01T00:00:00Z"]
    lines.append("a0: &a0 [x, x, x, x, x, x, x, x, x, x]")
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines += ["title: *a11", "tags: *a11", "---", "", "body"]
    lib_dir = tmp_path / "lib"
    Library(lib_dir).close()
    (lib_dir / "articles" / "bomb.md").write_text("\n".join(lines), encoding="utf-8")
    started = time.monotonic()
    with Library(lib_dir) as lib:
        (entry,) = lib.entries()
    assert time.monotonic() - started < 5
    assert entry.title == "https://x.example/"
    assert entry.tags == ()


def test_many_processes_creating_one_new_library_all_succeed(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from reader.library import Library; "
        "Library(Path(sys.argv[1])).close()"
    )
    for trial in range(3):
        lib_dir = tmp_path / f"lib{trial}"
        procs = [
            subprocess.Popen([sys.executable, "-c", code, str(lib_dir)], stderr=subprocess.PIPE)
            for _ in range(6)
        ]
        errors = [proc.communicate(timeout=60)[1] for proc in procs]
        assert [proc.returncode for proc in procs] == [0] * 6, errors


def test_read_only_or_full_disk_is_one_line_and_keeps_the_file(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    import errno
    import os

    from tests.conftest import make_article

    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        entry = lib.save_article(make_article()).entry
    before = (lib_dir / "articles" / entry.path).read_bytes()
    for code, text in ((errno.EROFS, "Read-only file system"), (errno.ENOSPC, "No space left")):

        def refuse(*args: object, code: int = code, text: str = text) -> None:
            raise OSError(code, text)

        monkeypatch.setattr(os, "replace", refuse)
        assert main(["--data-dir", str(lib_dir), "favorite", entry.id]) == 1
        monkeypatch.undo()
        _out, err = capsys.readouterr()
        assert err.count("\n") == 1 and text in err and "Traceback" not in err
        assert (lib_dir / "articles" / entry.path).read_bytes() == before
        assert [p.name for p in (lib_dir / "articles").iterdir()] == [entry.path]
