"""Renaming and merging tags: every article that has the tag, one file at a time, from the
file (so a change another writer made meanwhile is kept)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import NotFoundError, ReaderError
from reader.library import Library
from tests.conftest import make_article


def save(library: Library, n: int, *tags: str) -> str:
    entry = library.save_article(make_article(title=f"A{n}", url=f"https://t.example/{n}")).entry
    if tags:
        library.add_tags(entry.id, tags)
    return entry.id


def test_rename_changes_every_holder_and_only_them(library: Library) -> None:
    a, b, c = save(library, 1, "py", "web"), save(library, 2, "PY"), save(library, 3, "web")
    changed = library.rename_tag("py", "python")
    assert sorted(e.id for e in changed) == sorted([a, b])
    assert library.get(a).tags == ("python", "web")
    assert library.get(b).tags == ("python",)
    assert library.get(c).tags == ("web",)
    assert library.tag_counts() == {"python": 2, "web": 2}


def test_renaming_onto_an_existing_tag_merges_without_doubles(library: Library) -> None:
    a = save(library, 1, "py", "Python")
    b = save(library, 2, "py")
    library.rename_tag("py", "python")
    assert library.get(a).tags == ("python",)
    assert library.get(b).tags == ("python",)
    assert library.tag_counts() == {"python": 2}


def test_a_case_only_rename(library: Library) -> None:
    a = save(library, 1, "go")
    library.rename_tag("go", "Go")
    assert library.get(a).tags == ("Go",)


def test_rename_keeps_what_another_writer_changed_meanwhile(
    library: Library, library_dir: Path
) -> None:
    a = save(library, 1, "old")
    with Library(library_dir) as other:  # another process, through its own Library
        other.add_tags(a, ["fresh"])
        other.set_status(a, "archived")
    library.rename_tag("old", "new")
    on_disk, _ = library.files.read(library.get(a).path)
    assert on_disk.tags == ("new", "fresh")
    assert on_disk.status == "archived"


@pytest.mark.parametrize("new", ["", "   ", "a,b", "#"])
def test_a_bad_new_name_changes_nothing(library: Library, new: str) -> None:
    a = save(library, 1, "old")
    with pytest.raises(ReaderError):
        library.rename_tag("old", new)
    assert library.get(a).tags == ("old",)


def test_an_unknown_tag_is_not_found(library: Library) -> None:
    save(library, 1, "old")
    with pytest.raises(NotFoundError, match="no article has the tag 'nope'"):
        library.rename_tag("nope", "new")
