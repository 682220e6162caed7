"""WCAG 2 contrast: relative luminance, the contrast ratio of two colours, and a colour
nudged in lightness until it reaches a ratio against a background.

Pure arithmetic over ``(r, g, b)`` triplets of 0-255, so the theme roles and the
contrast test share one definition of "readable".
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable

RGB = tuple[int, int, int]
"""A colour as red, green and blue, each 0-255."""

TEXT = 4.5
"""WCAG AA for normal text (every glyph of a terminal is normal-sized)."""
MARK = 3.0
"""WCAG AA for non-text marks (the unread dot, the star, the scrollbar thumb)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """The relative luminance of *rgb*, 0 (black) to 1 (white)."""
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: RGB, second: RGB) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    a, b = luminance(first), luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def blend(base: RGB, over: RGB, alpha: float) -> RGB:
    """*over* laid on *base* at *alpha* (0: base, 1: over)."""
    return (
        round(base[0] + (over[0] - base[0]) * alpha),
        round(base[1] + (over[1] - base[1]) * alpha),
        round(base[2] + (over[2] - base[2]) * alpha),
    )


def _with_lightness(rgb: RGB, lightness: float) -> RGB:
    h, _, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return (round(r * 255), round(g * 255), round(b * 255))


def worst(colour: RGB, backgrounds: Iterable[RGB]) -> float:
    """The lowest contrast of *colour* against any of *backgrounds*."""
    return min(ratio(colour, background) for background in backgrounds)


def readable(colour: RGB, backgrounds: Iterable[RGB], target: float = TEXT) -> RGB:
    """*colour* itself when it reaches *target* against every one of *backgrounds*;
    otherwise the same hue and saturation made lighter (on dark backgrounds) or darker
    (on light ones), by the smallest step that reaches it. Black or white when even the
    extreme falls short (backgrounds on both sides of the middle)."""
    grounds = list(backgrounds)
    if worst(colour, grounds) >= target:
        return colour
    darkest = min(luminance(g) for g in grounds)
    lightest = max(luminance(g) for g in grounds)
    # Away from the backgrounds: up when white beats black against the lightest of them.
    up = ratio((255, 255, 255), _grey(lightest)) >= ratio((0, 0, 0), _grey(darkest))
    _, start, _ = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    steps = 200
    for step in range(1, steps + 1):
        lightness = start + (1 - start) * step / steps if up else start * (1 - step / steps)
        candidate = _with_lightness(colour, lightness)
        if worst(candidate, grounds) >= target:
            return candidate
    return (255, 255, 255) if up else (0, 0, 0)


def _grey(lum: float) -> RGB:
    """A grey of luminance *lum* (only its luminance matters to `ratio`)."""
    c = lum * 12.92 if lum <= 0.0031308 else 1.055 * lum ** (1 / 2.4) - 0.055
    v = round(min(1.0, max(0.0, c)) * 255)
    return (v, v, v)


def parse_hex(text: str) -> RGB:
    """``#rrggbb`` (or ``#rgb``) as a triplet."""
    value = text.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def to_hex(rgb: RGB) -> str:
    """A triplet as ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)
