"""Every theme reader offers is readable: WCAG AA for each glyph the real app draws.

The real app (pilot) is opened on each scene that matters, the library (unread,
starred, tagged rows and the cursor, focused and blurred), an article (a heading,
links, highlights and the reading cursor), link hints, the quotes screen, help,
two dialogs and the theme picker, and switched through every offered theme there.
Each composited screen is walked cell by cell: a text glyph needs 4.5:1 between
the colour it is drawn in and the colour under it, a mark (unread dot, star,
progress, check) 3:1, and each scrollbar's thumb 3:1 against its track.
Box-drawing borders and rules are decoration and are not held to a ratio; behind a
dialog only the dialog counts (the screen under it is dimmed on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.scrollbar import ScrollBar, ScrollBarCorner

from reader.config import Settings
from reader.demo.highlights import add_demo_highlights
from reader.library import Library
from reader.ui.contrast import MARK, RGB, TEXT, parse_hex, ratio
from reader.ui.themes import SEEN, theme_names
from tests.ui.conftest import SIZE, build_app, settle

MARKS = frozenset("●★☆✓✔▰▱▌•")
"""Glyphs that are marks, not words: held to 3:1."""


def is_decoration(char: str) -> bool:
    """Box drawing (borders, rules, quote bars): not text, not held to a ratio."""
    return "\u2500" <= char <= "\u259f" and char not in MARKS


@dataclass(frozen=True)
class Miss:
    """A run of glyphs under its bar."""

    scene: str
    text: str
    fg: RGB
    bg: RGB
    ratio: float
    need: float

    def __str__(self) -> str:
        fg = "#{:02x}{:02x}{:02x}".format(*self.fg)
        bg = "#{:02x}{:02x}{:02x}".format(*self.bg)
        return (
            f"{self.scene}: {self.text.strip()!r} {fg} on {bg} is "
            f"{self.ratio:.2f}:1 (needs {self.need}:1)"
        )


def _colours(style: Style) -> tuple[RGB, RGB]:
    fg = style.color.get_truecolor() if style.color else None
    bg = style.bgcolor.get_truecolor() if style.bgcolor else None
    fg_rgb: RGB = tuple(fg) if fg else (255, 255, 255)  # type: ignore[assignment]
    bg_rgb: RGB = tuple(bg) if bg else (0, 0, 0)  # type: ignore[assignment]
    if style.reverse:
        fg_rgb, bg_rgb = bg_rgb, fg_rgb
    return fg_rgb, bg_rgb


def _cells(app: Any) -> list[list[tuple[str, RGB, RGB]]]:
    """The composited screen as rows of (glyph, fg, bg)."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    rows: list[list[tuple[str, RGB, RGB]]] = []
    for (strip,) in update.strips:
        row: list[tuple[str, RGB, RGB]] = []
        for text, style, control in strip:
            if control:
                continue
            fg, bg = _colours(style or Style())
            for char in text:
                for _ in range(Segment(char).cell_length or 1):
                    row.append((char, fg, bg))
        rows.append(row)
    return rows


def _scrollbars(app: Any) -> list[Region]:
    widgets = app.screen._compositor.visible_widgets
    return [
        region
        for widget, (region, _) in widgets.items()
        if isinstance(widget, (ScrollBar, ScrollBarCorner))
    ]


def _judged(app: Any) -> list[Region]:
    """Where glyphs count: the whole screen, or a dialog's own widgets."""
    screen = app.screen
    if isinstance(screen, ModalScreen) or screen.__class__.__name__ == "CommandPalette":
        return [child.region for child in screen.children if child.display]
    return [Region(0, 0, *app.size)]


def misses(app: Any, scene: str) -> list[Miss]:
    """Every run of glyphs of the current screen below its bar, and every scrollbar
    whose thumb is too faint against its track."""
    rows = _cells(app)
    judged = _judged(app)
    bars = _scrollbars(app)
    found: list[Miss] = []
    for y, row in enumerate(rows):
        run: list[str] = []
        last: tuple[RGB, RGB, float] | None = None
        for x, (char, fg, bg) in enumerate(row):
            if char.isspace() and last is not None:
                run.append(char)  # a run of words goes on over the spaces between them
                continue
            key = None
            inside = any(r.contains(x, y) for r in judged)
            on_bar = any(r.contains(x, y) for r in bars)
            if inside and not on_bar and not char.isspace() and not is_decoration(char):
                need = MARK if char in MARKS else TEXT
                if ratio(fg, bg) < need:
                    key = (fg, bg, need)
            if key is not None and key == last:
                run.append(char)
                continue
            if last is not None:
                found.append(Miss(scene, "".join(run), last[0], last[1], ratio(*last[:2]), last[2]))
            run, last = ([char], key) if key is not None else ([], None)
        if last is not None:
            found.append(Miss(scene, "".join(run), last[0], last[1], ratio(*last[:2]), last[2]))
    for region in bars:
        colours = {
            c
            for y in range(region.y, region.bottom)
            for x in range(region.x, region.right)
            for c in (rows[y][x][2], rows[y][x][1] if not rows[y][x][0].isspace() else None)
            if c is not None
        }
        if len(colours) >= 2:
            darkest = min(colours, key=lambda c: ratio(c, (0, 0, 0)))
            lightest = max(colours, key=lambda c: ratio(c, (0, 0, 0)))
            value = ratio(darkest, lightest)
            if value < MARK:
                found.append(Miss(scene, "scrollbar thumb", lightest, darkest, value, MARK))
    return found


async def _press(pilot: Pilot[Any], *keys: str) -> None:
    if keys:
        await pilot.press(*keys)
        await settle(pilot)


SCENES: dict[str, tuple[str, ...]] = {
    # a scene's name: the keys that reach it from the library
    "library": (),
    "library, the list blurred by search": ("slash", *"the"),
    "article, highlights and the reading cursor": (
        "j",
        "enter",
        "right_square_bracket",
        "right_square_bracket",
    ),
    "article, link hints": ("j", "enter", "f"),
    "quotes": ("h",),
    "help": ("question_mark",),
    "tag dialog": ("t",),
    "add dialog": ("a",),
    "theme picker": ("ctrl+p", *"theme", "enter"),
}


SHOWN: dict[str, tuple[str, ...]] = {
    # backgrounds a scene must show, each standing out from the page by `SEEN`
    "library": ("reader-cursor",),
    "library, the list blurred by search": ("reader-cursor-blurred",),
    "article, highlights and the reading cursor": (
        "reader-highlight",
        "screen-selection-background",
    ),
}


def unseen(app: Any, scene: str, roles: tuple[str, ...]) -> list[str]:
    """The background *roles* missing from the screen or too close to the page."""
    drawn = {bg for row in _cells(app) for _, _, bg in row}
    page = parse_hex(app.theme_variables["background"])
    problems: list[str] = []
    for role in roles:
        colour = parse_hex(app.theme_variables[role])
        if colour not in drawn:
            problems.append(f"{scene}: no {role} ({app.theme_variables[role]}) on screen")
        elif ratio(colour, page) < SEEN:
            problems.append(f"{scene}: {role} is {ratio(colour, page):.2f}:1 against the page")
    return problems


async def scene_misses(library: Library, scene: str) -> tuple[list[Miss], list[str]]:
    """Open the app on *scene*, then switch it through every offered theme (as the
    picker does); every miss found, and every background of `SHOWN` not seen, named
    by theme and scene."""
    add_demo_highlights(library)
    app = build_app(library, Settings(theme="textual-dark"))
    found: list[Miss] = []
    faint: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, *SCENES[scene])
        shown = app.screen
        for theme in theme_names():
            app.theme = theme
            await settle(pilot)
            assert app.screen is shown and app.theme == theme
            found.extend(misses(app, f"{theme}, {scene}"))
            faint.extend(unseen(app, f"{theme}, {scene}", SHOWN.get(scene, ())))
    return found, faint


@pytest.mark.parametrize("scene", list(SCENES))
async def test_every_glyph_is_readable_in_every_theme(demo_library: Library, scene: str) -> None:
    found, faint = await scene_misses(demo_library, scene)
    assert not found and not faint, "\n".join([*map(str, found), *faint])
