"""The commands that touch one article or one query load only what they use (issue #20).

`reader list`, `show`, `search`, `tag` and `archive` are run by `main` in a fresh
interpreter, as `reader` runs them, and what each one imported is checked: none of
the UI, the network or the extraction stack, nor `typing`, `hashlib` or `idna`
(milliseconds each on every command); the reading ones not `yaml` either.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import Library
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent

#: Never loaded by these commands.
HEAVY = (
    "textual",
    "rich",
    "httpx",
    "lxml",
    "readability",
    "trafilatura",
    "markdownify",
    "markdown_it",
    "PIL",
    "idna",
    "platformdirs",
    "tomllib",
    "tomlkit",
    "asyncio",
    "typing",
    "hashlib",
    "reader.ui",
    "reader.web.fetch",
    "reader.extract",
    "reader.importers",
    "reader.exporters",
    "reader.images",
)
#: Not loaded by the commands that only read: their front matter is read without it.
ONLY_FOR_WRITING = ("yaml",)


def _modules_after(argv: list[str]) -> set[str]:
    """The modules loaded once ``main(argv)`` has run in a fresh interpreter."""
    marker = "-- modules --"
    code = (
        "import sys\nfrom reader.cli import main\n"
        f"assert main({argv!r}) == 0\n"
        f"print({marker!r}, *sorted(sys.modules), sep='\\n')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split(marker)[-1].split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Which of *names* (packages included: ``reader.ui`` covers ``reader.ui.app``) loaded."""
    return sorted(n for n in names if any(m == n or m.startswith(f"{n}.") for m in modules))


@pytest.fixture
def saved(library_dir: Path) -> list[str]:
    """A library of three saved articles (the index up to date); their ids."""
    with Library(library_dir) as library:
        ids = [
            library.save_article(
                make_article(title=f"Gardening note {n}", url=f"https://example.org/g/{n}")
            ).entry.id
            for n in range(3)
        ]
    Library(library_dir).close()  # a second open: nothing left for the next to catch up on
    return ids


@pytest.mark.parametrize(
    ("command", "writes"),
    [
        (["list", "--limit", "50"], False),
        (["show", "{0}"], False),
        (["search", "gardening"], False),
        (["search", "note", "--json"], False),
        (["tag", "{1}", "later"], True),
        (["archive", "{2}"], True),
    ],
)
def test_a_command_loads_only_what_it_uses(
    library_dir: Path, saved: list[str], command: list[str], writes: bool
) -> None:
    argv = ["--data-dir", str(library_dir), *(word.format(*saved) for word in command)]
    modules = _modules_after(argv)
    assert f"reader.cli.{'marking' if writes else 'browsing'}" in modules  # it did run
    assert _loaded(modules, HEAVY) == []
    if not writes:
        assert _loaded(modules, ONLY_FOR_WRITING) == []
