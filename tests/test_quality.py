"""The codebase stays lint-clean, type-clean, and the core never loads the UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    folders = [d for d in ("reader", "tests", "benchmarks", "scripts") if (ROOT / d).is_dir()]
    result = _run(str(BIN / "ruff"), "check", *folders)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_neither_textual_nor_heavy_modules() -> None:
    """`reader list` must start fast: the CLI core loads no UI, network or parser stack."""
    code = (
        "import sys, json; import reader.cli, reader.library, reader.store.index; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    for heavy in ("textual", "httpx", "readability", "markdownify", "lxml", "rich"):
        assert heavy not in loaded, f"{heavy} is imported by the core at start-up"


def _modules_after(code: str) -> set[str]:
    """The modules loaded once *code* has run in a fresh interpreter."""
    marker = "-- modules --"
    code += f"\nimport sys; print({marker!r}, *sorted(sys.modules), sep='\\n')"
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split(marker)[-1].split())


#: What the commands other than reading ones load: none of it belongs in `reader list`.
NOT_FOR_LISTING = (
    "reader.cli.saving",
    "reader.cli.marking",
    "reader.cli.transfer",
    "reader.cli.highlighting",
    "reader.cli.images",
    "reader.cli.app",
    "reader.importers",
    "reader.exporters",
    "reader.cli.highlight_commands",
    "reader.highlights.indexing",
    "reader.web.fetch",
    "reader.extract",
    "reader.images",
    "reader.importers.queue",
    "reader.ui",
    "asyncio",
)


def test_reader_list_loads_only_what_listing_needs(tmp_path: Path) -> None:
    """`reader list` parses and imports just its own command (issue #3: start fast)."""
    library = tmp_path / "library"
    save = (
        "from pathlib import Path; from reader.library import Library; "
        "from reader.models import Article\n"
        f"with Library(Path({str(library)!r})) as lib:\n"
        "    lib.save_article(Article(title='T', markdown='m', text='m', url='https://e.org/'))"
    )
    listing = (
        f"from reader.cli import main\nassert main(['--data-dir', {str(library)!r}, 'list']) == 0"
    )
    assert _run(sys.executable, "-c", save).returncode == 0
    # The first start after another process saved brings the index up to date; measure the next.
    assert _run(sys.executable, "-c", listing).returncode == 0
    # ...as it would be a little later: a file written in the last two seconds is compared
    # with the index again, in case the file system keeps times to the second.
    for path in (library / "articles").iterdir():
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    loaded = _modules_after(listing)
    assert "reader.cli.browsing" in loaded
    assert sorted(m for m in NOT_FOR_LISTING if m in loaded) == []
    assert {"textual", "httpx", "readability", "lxml", "rich", "yaml"}.isdisjoint(loaded)
    # Showing an article reads its body past the front matter, without YAML.
    show = (
        "from pathlib import Path\nfrom reader.cli import main\n"
        "from reader.library import Library\n"
        f"(entry,) = Library(Path({str(library)!r})).entries()\n"
        f"assert main(['--data-dir', {str(library)!r}, 'show', entry.id]) == 0"
    )
    assert "yaml" not in _modules_after(show)


def test_reader_version_loads_no_command_and_no_library() -> None:
    """`reader --version` and `reader --help` build the top-level parser from the
    command table alone: no command module, no library, no SQLite."""
    loaded = _modules_after(
        "from reader.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0\n"
    )
    commands = {m for m in loaded if m.startswith("reader.cli.")}
    assert commands == {"reader.cli.parser", "reader.cli.registry"}
    for heavy in ("reader.library", "reader.store", "sqlite3", "json", "typing"):
        assert heavy not in loaded, f"{heavy} is imported by reader --version"


def test_only_the_ui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "reader").rglob("*.py")
        if "ui" not in path.relative_to(ROOT / "reader").parts[:1]
        and (
            "import textual" in path.read_text("utf-8") or "from textual" in path.read_text("utf-8")
        )
    ]
    assert offenders == []


def test_the_app_starts_without_what_only_some_actions_need() -> None:
    """The library's first paint (issue #3) loads no importer, fetcher, extractor, image
    decoder, YAML or article screen: each is imported when its action first runs."""
    loaded = _modules_after("import reader.ui.app")
    later = (
        "reader.importers",
        "reader.importers.queue",
        "reader.web.fetch",
        "reader.extract",
        "reader.images",
        "reader.highlights",
        "reader.ui.screens.article_screen",
        "httpx",
        "lxml",
        "yaml",
        "PIL",
        "textual_image",
        "markdown_it",
    )
    assert sorted(m for m in later if m in loaded) == []
