"""One first-paint measurement in a process of its own (`ui_bench.py` runs it).

    python benchmarks/paint_child.py bare|stock|reader [LIBRARY]

Prints the milliseconds from the start of this script to the first painted frame:
of a bare one-label Textual app, of the library screen's layout built from stock
Textual widgets (no reader code), or of reader's library screen over LIBRARY.
The script imports nothing before it starts the clock and nothing the app does
not need, so that the two numbers differ only by what the two apps cost.
"""

import time

START = time.perf_counter()

import asyncio  # noqa: E402
import sys  # noqa: E402
from typing import Any, ClassVar  # noqa: E402


async def first_paint(kind: str, root: str) -> float:
    """Seconds from START to the first frame of the *kind* app painted at 120x40."""
    from textual.app import App, ComposeResult

    if kind == "bare":
        from textual.widgets import Label

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Label("bare")

        app: App[Any] = Bare()
    elif kind == "stock":
        app = _stock_app()
    else:
        from pathlib import Path

        from reader.config import Settings
        from reader.library import Library
        from reader.ui.app import make_app

        # As `reader` opens it (reader/ui/run.py): files edited in place are looked for later.
        app = make_app(Library(Path(root), check_files=False), Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0)
        app.screen._on_timer_update()  # force one layout + render now (private; measuring only)
        return time.perf_counter() - START


def _stock_app() -> Any:
    """The library screen's layout from stock Textual widgets and no reader code: a
    sidebar of views, a header, a search box, an OptionList of 200 rows (the first page
    reader loads) and the footer. What the layout alone costs, for comparison."""
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Footer, Input, OptionList, Static

    class Stock(App[None]):
        CSS = "#sidebar { width: 25; } #content { width: 1fr; }"
        BINDINGS: ClassVar[list[BindingType]] = [("a", "bell", "Add"), ("e", "bell", "Archive")]

        def compose(self) -> ComposeResult:
            with Horizontal():
                with Vertical(id="sidebar"):
                    yield Static("reader")
                    yield OptionList(*[f"View {n:<12} {n * 100:>5}" for n in range(12)])
                with Vertical(id="content"):
                    yield Static("Unread · 6,667 articles · newest first")
                    yield Input(placeholder="/  search titles, sites and text")
                    yield OptionList(
                        *[f"Title of article {n}\nA site · 5 min · 1 Nov 2026" for n in range(200)]
                    )
            yield Footer()

    return Stock()


if __name__ == "__main__":
    kind, root = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    print(f'{{"paint_ms": {asyncio.run(first_paint(kind, root)) * 1000:.3f}}}')
