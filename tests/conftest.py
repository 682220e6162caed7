"""Shared fixtures: a temporary library and article factories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from reader.library import Library
from reader.models import Article

# Property tests assert what holds, not how fast inputs come: on a loaded machine the
# generation-speed health check and the per-example deadline fail for no fault of the code.
settings.register_profile("reader", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("reader")


def make_article(
    title: str = "A quiet article",
    url: str = "https://example.com/articles/quiet",
    body: str = "The first paragraph of the article.\n\nThe second paragraph, a little longer.",
    **fields: object,
) -> Article:
    """An extracted Article with *body* as both markdown and text."""
    return Article(title=title, markdown=body, text=body, url=url, **fields)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads settings from an empty folder of its own, never the developer's,
    and keeps its libraries' indexes in a cache folder of its own."""
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """An empty folder for a library."""
    return tmp_path / "library"


@pytest.fixture
def library(library_dir: Path) -> Iterator[Library]:
    """A new, empty library in a temporary folder."""
    lib = Library(library_dir)
    yield lib
    lib.close()


def index_file(library_dir: Path) -> Path:
    """The index file of the library at *library_dir* (in the test's cache folder)."""
    from reader.config import index_folder_for

    return index_folder_for(library_dir) / "index.sqlite3"
