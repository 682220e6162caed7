"""The themes reader offers and its colours in each: WCAG arithmetic, the roles
computed per theme, the ANSI themes left out, and the picker marking the current one."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.command import CommandPalette
from textual.theme import BUILTIN_THEMES

from reader.config import Settings
from reader.library import Library
from reader.ui.contrast import MARK, TEXT, parse_hex, ratio, readable
from reader.ui.contrast_filter import ContrastFilter
from reader.ui.theme_picker import CURRENT
from reader.ui.themes import SEEN, UNKNOWN_COLOURS, role_variables, theme_names
from tests.ui.conftest import SIZE, build_app, settle


def test_contrast_ratio_matches_wcag() -> None:
    assert ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    # the case: Textual's orange on the light theme's grey (its surface, 1.5:1)
    assert ratio(parse_hex("#ffa62b"), parse_hex("#e0e0e0")) == pytest.approx(1.48, abs=0.01)
    assert ratio(parse_hex("#ffa62b"), parse_hex("#d8d8d8")) == pytest.approx(1.38, abs=0.01)
    assert ratio(parse_hex("#767676"), parse_hex("#ffffff")) == pytest.approx(4.54, abs=0.01)


def test_readable_keeps_a_passing_colour_and_nudges_a_failing_one() -> None:
    white = (255, 255, 255)
    assert readable((0, 0, 0), [white]) == (0, 0, 0)
    orange, grey = parse_hex("#ffa62b"), parse_hex("#e0e0e0")
    fixed = readable(orange, [grey])
    assert ratio(fixed, grey) >= TEXT
    assert fixed[0] > fixed[1] > fixed[2]  # still an orange (darker), not grey or black
    assert ratio(readable(orange, [grey], MARK), grey) >= MARK


def _roles(name: str) -> dict[str, tuple[int, int, int]]:
    theme = BUILTIN_THEMES[name]
    variables = {**theme.to_color_system().generate(), **theme.variables}
    return {key: parse_hex(value) for key, value in role_variables(variables).items()}


@pytest.mark.parametrize("name", theme_names())
def test_each_role_reaches_its_bar_on_its_backgrounds(name: str) -> None:
    roles = _roles(name)
    theme = BUILTIN_THEMES[name]
    page = parse_hex(theme.to_color_system().generate()["background"])
    rows = [page, roles["reader-cursor"], roles["reader-cursor-blurred"]]
    for role in ("reader-text", "reader-muted", "reader-accent", "reader-progress"):
        assert all(ratio(roles[role], ground) >= TEXT for ground in rows), role
    for role in ("reader-unread", "reader-star"):
        assert all(ratio(roles[role], ground) >= MARK for ground in rows), role
    for role in ("reader-heading", "reader-link", "reader-code"):
        assert ratio(roles[role], page) >= TEXT, role
    assert ratio(roles["reader-hint"], roles["reader-hint-background"]) >= TEXT
    for ground in (
        "reader-cursor",
        "reader-cursor-blurred",
        "reader-highlight",
        "screen-selection-background",
    ):
        assert ratio(roles[ground], page) >= SEEN, ground
        assert ratio(roles["reader-text"], roles[ground]) >= TEXT, ground
    assert ratio(roles["reader-link"], roles["reader-highlight"]) >= TEXT
    track = roles["scrollbar-background"]
    for thumb in ("scrollbar", "scrollbar-hover", "scrollbar-active"):
        assert ratio(roles[thumb], track) >= MARK, thumb


def test_the_dark_themes_highlight_is_visible() -> None:
    roles = _roles("textual-dark")
    assert ratio(roles["reader-highlight"], parse_hex("#121212")) >= SEEN


def test_themes_of_the_terminals_own_colours_are_not_offered() -> None:
    names = theme_names()
    assert "textual-dark" in names and "textual-light" in names
    assert not UNKNOWN_COLOURS & set(names)
    assert len(names) == len(BUILTIN_THEMES) - len(UNKNOWN_COLOURS)


async def test_a_setting_naming_an_ansi_theme_falls_back(demo_library: Library) -> None:
    app = build_app(demo_library, Settings(theme="ansi-dark"))
    async with app.run_test(size=SIZE):
        assert app.theme == "textual-dark"
        assert set(app.available_themes) == set(theme_names())


async def test_the_theme_picker_marks_the_current_theme(demo_library: Library) -> None:
    app = build_app(demo_library, Settings(theme="nord"))
    async with app.run_test(size=SIZE) as pilot:
        app.action_change_theme()
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one("CommandList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        marked = [p for p in prompts if CURRENT.strip() in p]
        assert len(marked) == 1 and "nord" in marked[0]
        assert prompts[0] == marked[0]  # the current theme comes first
        assert not any("ansi" in p for p in prompts)
        # typing narrows the list; the mark follows the theme, not the position
        await pilot.press(*"nor")
        await settle(pilot)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("nord" in p and CURRENT.strip() in p for p in prompts)
        await pilot.press("escape")
        app.theme = "dracula"
        app.action_change_theme()
        await settle(pilot)
        options = app.screen.query_one("CommandList")
        first = str(options.get_option_at_index(0).prompt)
        assert "dracula" in first and CURRENT.strip() in first


def _rgb(style: Style, attr: str) -> tuple[int, int, int]:
    r, g, b = getattr(style, attr).get_truecolor()
    return (r, g, b)


def test_the_contrast_filter_raises_faint_text_and_leaves_the_rest() -> None:
    page = Color(224, 224, 224)
    faint = Segment("faint", Style(color="#ffa62b", bgcolor="#e0e0e0", bold=True))
    fine = Segment("fine", Style(color="#000000", bgcolor="#e0e0e0"))
    default = Segment("terminal's", Style())
    reversed_faint = Segment("rev", Style(color="#e0e0e0", bgcolor="#ffa62b", reverse=True))
    blank = Segment("   ", Style(color="#e0e0e0", bgcolor="#e0e0e0"))
    out = ContrastFilter().apply([faint, fine, default, reversed_faint, blank], page)
    assert [s.text for s in out] == ["faint", "fine", "terminal's", "rev", "   "]
    fixed = out[0].style
    assert fixed is not None and fixed.bold
    assert ratio(_rgb(fixed, "color"), _rgb(fixed, "bgcolor")) >= TEXT
    assert _rgb(fixed, "bgcolor") == (224, 224, 224)  # the background is the theme's
    assert out[1] == fine and out[2] == default and out[4] == blank
    flipped = out[3].style
    assert flipped is not None and flipped.reverse
    # drawn reversed: the text is the background colour, on the foreground one
    assert ratio(_rgb(flipped, "bgcolor"), _rgb(flipped, "color")) >= TEXT
    assert _rgb(flipped, "color") == (224, 224, 224)
