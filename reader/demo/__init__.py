"""Bundled demo articles: ready library files, copied into a temporary library by `reader --demo`.

The articles are original prose written for reader, stored exactly as a
library stores articles (markdown with YAML front matter, see
`reader.store.files`), so opening a `Library` on the copy indexes them. One
saved image (``images/<id>/01.png``, drawn by ``scripts/demo_image.py``) comes
with them.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

__all__ = ["create_demo_library", "demo_article_names"]


def demo_article_names() -> list[str]:
    """File names of the bundled demo articles."""
    folder = resources.files(__package__).joinpath("articles")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".md"))


def create_demo_library(root: Path) -> Path:
    """Copy the demo articles into a library folder at *root*/library; returns that folder."""
    library = root / "library"
    articles = library / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    folder = resources.files(__package__).joinpath("articles")
    for name in demo_article_names():
        with resources.as_file(folder.joinpath(name)) as source:
            shutil.copyfile(source, articles / name)
    images = resources.files(__package__).joinpath("images")
    with resources.as_file(images) as source:
        shutil.copytree(source, library / "images")
    return library
