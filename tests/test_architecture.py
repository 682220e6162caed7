"""The package keeps its shape: each layer imports only the layers below it (ARCHITECTURE.md).

Two checks of one rule. `lint-imports` runs the contracts in ``pyproject.toml``
(indirect imports included); the walk below reads every ``import`` in
``reader/`` itself, type-only ones too, so a broken rule names its line even
where import-linter is not installed.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"

#: Top to bottom; a package may import its own layer's packages only where the
#: layer says so (importers and exporters share formats), never one above.
LAYERS: list[set[str]] = [
    {"cli"},
    {"ui", "serve"},
    {"demo"},
    {"importers", "exporters"},
    {"library"},
    {"sync"},
    {"images", "highlights"},
    {"web", "extract", "store"},
    {"text", "config"},
    {"models", "errors"},
]
SIBLINGS_MAY_IMPORT = {("importers", "exporters"), ("exporters", "importers")}


def _layer_of(package: str) -> int:
    for number, layer in enumerate(LAYERS):
        if package in layer:
            return number
    raise AssertionError(f"reader.{package} is in no layer: add it to ARCHITECTURE.md and here")


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every reader module *path* (below *root*) imports."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    if path.name == "__init__.py":
        module = module.removesuffix(".__init__")
        package = module
    else:
        package = module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.startswith("reader.")]


def _top(dotted: str) -> str:
    return dotted.split(".")[1]


def _upward_imports(root: Path) -> list[str]:
    """Every import in *root*/reader that points up a layer, or sideways where not allowed."""
    package_dir = root / "reader"
    known = {p for layer in LAYERS for p in layer}
    wrong: list[str] = []
    for path in package_dir.rglob("*.py"):
        if len(path.relative_to(package_dir).parts) == 1:
            continue  # the root package's __init__ and __main__ stand above every layer
        own = path.relative_to(package_dir).parts[0]
        for line, name in _imports(path, root):
            other = _top(name)
            if other == own or other not in known:
                continue  # its own package, or the root package (__version__)
            mine, theirs = _layer_of(own), _layer_of(other)
            if theirs < mine or (theirs == mine and (own, other) not in SIBLINGS_MAY_IMPORT):
                wrong.append(f"{path.relative_to(root)}:{line} reader.{own} imports {name}")
    return wrong


def test_every_import_points_down() -> None:
    wrong = _upward_imports(ROOT)
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_the_walk_catches_upward_and_sideways_imports(tmp_path: Path) -> None:
    """The walk itself works: type-only and relative imports are read too."""
    images = tmp_path / "reader" / "images"
    images.mkdir(parents=True)
    (images / "__init__.py").write_text("", encoding="utf-8")
    (images / "bad.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..store import files\n"
        "if TYPE_CHECKING:\n"
        "    from reader.library import Library\n"
        "from reader.highlights.model import Highlight\n",
        encoding="utf-8",
    )
    assert sorted(_upward_imports(tmp_path)) == [
        "reader/images/bad.py:4 reader.images imports reader.library.Library",
        "reader/images/bad.py:5 reader.images imports reader.highlights.model.Highlight",
    ]


def test_the_top_level_holds_only_the_layers() -> None:
    """New code goes into a package of its layer, not beside them."""
    loose = sorted(
        p.name
        for p in PACKAGE.glob("*.py")
        if p.stem not in {"__init__", "__main__"} and p.stem not in {"models", "errors", "config"}
    )
    assert not loose, f"modules outside every package: {loose}"
    for package in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        _layer_of(package.name)
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"reader/{package.name}/__init__.py says in no docstring what lives there"


def test_import_linter_contracts_are_kept() -> None:
    pytest.importorskip("importlinter", reason="import-linter is a test dependency")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout, result.stdout
