"""Snapshots of the library's densities, marks and empty states at 80x24 (issue 18).

Regenerate with ``pytest tests/ui/test_library_snapshots.py --snapshot-update`` and look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.config import Settings
from reader.demo import create_demo_library
from reader.library import Library
from tests.ui.conftest import build_app
from tests.ui.test_snapshots import scene

SMALL = (80, 24)
SnapCompare = Callable[..., bool]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Library]:
    library = Library(create_demo_library(tmp_path))
    yield library
    library.close()


def test_compact_list_with_marks(snap_compare: SnapCompare, demo: Library) -> None:
    app = build_app(demo, Settings(list_density="compact"))
    assert snap_compare(app, terminal_size=SMALL, run_before=scene("4", "m", "j", "m"))


def test_excerpt_list_light(snap_compare: SnapCompare, demo: Library) -> None:
    app = build_app(demo, Settings(theme="textual-light", list_density="excerpts"))
    assert snap_compare(app, terminal_size=SMALL, run_before=scene())


def test_empty_search_says_so(snap_compare: SnapCompare, demo: Library) -> None:
    app = build_app(demo)
    keys = ("slash", *"zzyzx", "escape")
    assert snap_compare(app, terminal_size=SMALL, run_before=scene(*keys))
