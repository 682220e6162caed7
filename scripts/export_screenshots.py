"""Export screenshots of the real app over the bundled demo library into screenshots/.

    .venv/bin/python scripts/export_screenshots.py [--out screenshots] [--png]

Each scene starts the app headless on a fresh copy of the demo library, presses
keys like a reader would, and saves an SVG with `App.save_screenshot`. With
``--png`` each SVG is also converted with ``rsvg-convert`` when it is installed
(for looking at; the SVGs are the reference).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from reader.config import Settings  # noqa: E402
from reader.demo import create_demo_library  # noqa: E402
from reader.demo.highlights import add_demo_highlights  # noqa: E402
from reader.importers.job import ImportProgress  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.ui.app import make_app  # noqa: E402
from reader.ui.widgets.article_view import ArticleView  # noqa: E402
from reader.ui.widgets.import_panel import ImportPanel  # noqa: E402

SIZE = (120, 38)
Step = Callable[[Pilot[Any]], Awaitable[None]]


@dataclass
class Scene:
    """One screenshot: a name, keys to press, and the theme."""

    name: str
    keys: tuple[str, ...] = ()
    theme: str = "textual-dark"
    after: list[Step] = field(default_factory=list)
    setup: Callable[[Library], object] | None = None
    """Prepares the library before the app starts (e.g. adds highlights)."""


async def _scroll_to_table(pilot: Pilot[Any]) -> None:
    view = pilot.app.screen.query_one(ArticleView)
    table = next(b for b in view.blocks if b.spec.kind == "table")
    view.scroll_to_widget(table, top=True, animate=False, immediate=True)
    await pilot.press("k", "k", "k")


async def _scroll_to_image(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    view = pilot.app.screen.query_one(ArticleView)
    figure = next(b for b in view.blocks if b.spec.kind == "figure")
    view.scroll_to_widget(figure, center=True, animate=False, immediate=True)
    await pilot.pause()


async def _import_progress(pilot: Pilot[Any]) -> None:
    """The progress line of an import, at a fixed point (a real run's rate would vary)."""
    panel = pilot.app.screen.query_one(ImportPanel)
    panel.heading = "Importing pocket-export.csv"
    panel.display = True
    panel.show(ImportProgress("fetching", 120, 1000, 117, 3, 14.46))
    await pilot.pause()


SCENES = [
    Scene("library"),
    Scene("article", ("j", "enter")),
    Scene("article-table", ("j", "enter"), after=[_scroll_to_table]),
    Scene("article-image", ("j", "j", "j", "enter"), after=[_scroll_to_image]),
    Scene("search", ("slash", *"bread")),
    Scene("add-dialog", ("a", *"https://example.com/an-article")),
    Scene("import-dialog", ("i", *"~/Downloads/pocket-export.csv")),
    Scene("import-progress", after=[_import_progress]),
    Scene("links", ("2", "enter", "u")),
    Scene("link-hints", ("2", "enter", "f")),
    Scene("help", ("question_mark",)),
    Scene("library-light", ("4",), theme="textual-light"),
    Scene("article-light", ("j", "j", "enter"), theme="textual-light"),
    Scene("library-gruvbox", (), theme="gruvbox"),
    Scene(
        "highlights",
        ("j", "enter", "right_square_bracket", "right_square_bracket", "right_parenthesis"),
        setup=add_demo_highlights,
    ),
    Scene("quotes", ("h",), setup=add_demo_highlights),
    Scene(
        "note-editor",
        ("j", "enter", "right_parenthesis", "h", "a", *"A first line,", "enter", *"and a second."),
    ),
]


async def shoot(scene: Scene, out: Path) -> Path:
    """Run *scene* and save its SVG in *out*."""
    with tempfile.TemporaryDirectory(prefix="reader-shots-") as temp:
        library = Library(create_demo_library(Path(temp)))
        try:
            if scene.setup is not None:
                scene.setup(library)
            app = make_app(library, Settings(theme=scene.theme))
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                for key in scene.keys:
                    await pilot.press(key)
                    await pilot.pause()
                for step in scene.after:
                    await step(pilot)
                await app.workers.wait_for_complete()
                await pilot.pause()
                for field_ in app.screen.query(Input):
                    field_.cursor_blink = False
                app.clear_notifications()
                await pilot.pause()
                return Path(app.save_screenshot(f"{scene.name}.svg", path=str(out)))
        finally:
            library.close()


def main(argv: list[str] | None = None) -> int:
    """Export every scene; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--png", action="store_true", help="also write PNGs with rsvg-convert")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    converter = shutil.which("rsvg-convert") if args.png else None
    for scene in SCENES:
        svg = asyncio.run(shoot(scene, args.out))
        print(svg.relative_to(ROOT) if svg.is_relative_to(ROOT) else svg)
        if converter:
            png = svg.with_suffix(".png")
            subprocess.run([converter, "-w", "1400", str(svg), "-o", str(png)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
