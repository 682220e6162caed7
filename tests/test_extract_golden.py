"""Golden pairs: tests/data/pages/<case>.html must extract to <case>.md exactly.

To accept a deliberate change, regenerate and review the diff before committing:

    READER_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_extract_golden.py
    git diff tests/data/pages/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.extract import extract

PAGES = Path(__file__).parent / "data" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.html") if p.with_suffix(".md").exists())
REGENERATE = os.environ.get("READER_REGENERATE_GOLDEN") == "1"


def test_there_are_golden_pairs() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES)
def test_markdown_matches_golden(case: str) -> None:
    html = (PAGES / f"{case}.html").read_bytes()
    expected_path = PAGES / f"{case}.md"
    markdown = extract(html).markdown
    if REGENERATE:
        expected_path.write_text(markdown, encoding="utf-8")
    assert markdown == expected_path.read_text(encoding="utf-8")
