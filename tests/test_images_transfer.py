"""A markdown export carries each article's images, and importing it brings them back."""

from __future__ import annotations

from pathlib import Path

from reader.cli import main
from reader.images.storage import image_folder, local_src
from reader.library import Library
from tests.conftest import make_article
from tests.support.images import png


def _library_with_image(root: Path) -> tuple[Library, str]:
    library = Library(root)
    entry = library.save_article(make_article(url="https://ex.example/photo-story")).entry
    folder = image_folder(root, entry.id)
    folder.mkdir(parents=True)
    (folder / "01.png").write_bytes(png())
    src = local_src(entry.id, "01.png")
    library.rewrite_markdown(
        entry.id, lambda md: f'{md}\n\n![A heron]({src} "original: https://ex.example/h.png")'
    )
    return library, entry.id


def test_export_then_import_keeps_images(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    library, entry_id = _library_with_image(tmp_path / "lib")
    library.close()
    out = tmp_path / "export"
    assert (
        main(["--data-dir", str(tmp_path / "lib"), "export", "--format", "markdown", str(out)]) == 0
    )
    (note,) = out.glob("*.md")
    text = note.read_text("utf-8")
    assert f"images/{entry_id}/01.png" in text and "../images" not in text
    assert (out / "images" / entry_id / "01.png").read_bytes() == png()

    fresh = tmp_path / "fresh"
    assert main(["--data-dir", str(fresh), "import", str(out), "--no-fetch"]) == 0
    capsys.readouterr()
    with Library(fresh) as imported:
        (entry,) = imported.entries()
        markdown = imported.markdown(entry.id)
        assert local_src(entry.id, "01.png") in markdown
        assert (image_folder(fresh, entry.id) / "01.png").read_bytes() == png()


def test_import_copies_only_real_images(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    library, entry_id = _library_with_image(tmp_path / "lib")
    library.close()
    out = tmp_path / "export"
    main(["--data-dir", str(tmp_path / "lib"), "export", "--format", "markdown", str(out)])
    folder = out / "images" / entry_id
    (folder / "02.png").write_bytes(b"<html><script>alert(1)</script></html>")
    (folder / "evil.sh").write_bytes(b"#!/bin/sh\nrm -rf /\n")
    (folder / "03.png").symlink_to("/etc/passwd")
    fresh = tmp_path / "fresh"
    assert main(["--data-dir", str(fresh), "import", str(out), "--no-fetch"]) == 0
    capsys.readouterr()
    with Library(fresh) as imported:
        (entry,) = imported.entries()
        names = sorted(p.name for p in image_folder(fresh, entry.id).iterdir())
    assert names == ["01.png"]
