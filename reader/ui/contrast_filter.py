"""A line filter that keeps every glyph readable: its colour nudged in lightness until
it reaches WCAG AA (4.5:1) against the colour under it.

reader's own colours are chosen to pass in each theme (`reader.ui.themes`); this is the
net under Textual's own widgets (buttons, inputs, the command palette, option lists),
whose colours come from the theme untested, and under colours laid over one another
with transparency, whose result is known only when drawn. Textual's filters exist
for this kind of accessibility pass (``textual.filter``).
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from reader.ui.contrast import RGB, TEXT, ratio, readable


@lru_cache(maxsize=4096)
def _fixed(fg: RGB, bg: RGB) -> RGB:
    return readable(fg, [bg], TEXT)


@lru_cache(maxsize=4096)
def _readable_style(style: Style, background: RGB) -> Style:
    """*style* with its text colour made readable on its background (or *background*)."""
    if style.color is None or style.color.is_default:
        return style
    r, g, b = style.color.get_truecolor()
    fg: RGB = (r, g, b)
    bg: RGB = background
    if style.bgcolor is not None and not style.bgcolor.is_default:
        r, g, b = style.bgcolor.get_truecolor()
        bg = (r, g, b)
    if style.reverse:
        fg, bg = bg, fg
    if ratio(fg, bg) >= TEXT:
        return style
    better = RichColor.from_rgb(*_fixed(fg, bg))
    if style.reverse:
        return style + Style(bgcolor=better)
    return style + Style(color=better)


class ContrastFilter(LineFilter):
    """Raise each segment's text colour to 4.5:1 against its background."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The *segments* with every too-faint text colour made readable."""
        base = background.rgb
        fixed = _readable_style
        return [
            segment
            if segment.style is None or segment.control or segment.text.isspace()
            else Segment(segment.text, fixed(segment.style, base), None)
            for segment in segments
        ]
