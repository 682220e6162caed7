"""The codebase stays lint-clean, type-clean, and the core never loads the UI."""

from __future__ import annotations

import json
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
