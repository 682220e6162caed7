"""The themes the app offers, and reader's own colours in each.

reader offers Textual's built-in themes except the two ANSI ones (``ansi-dark``,
``ansi-light``): they draw in the terminal's own sixteen colours, which reader cannot
know, so it cannot promise they are readable (and Textual makes their panels and
cursor transparent). A setting naming one falls back to the default theme.

`role_variables` derives the colours reader draws with from the theme's: each role
keeps its theme colour (accent for headings and tags, warning for stars and
highlights, ...) nudged in lightness just far enough to reach WCAG AA against every
background it is drawn on: 4.5:1 for text, 3:1 for marks (the unread dot, the star,
the scrollbar thumb against its track), and 1.5:1 for a background that must be seen
against the page (the cursor row, a highlight, the reading cursor).

`reader config theme` checks a name against `theme_names`, importing this only then.
"""

from __future__ import annotations

from collections.abc import Mapping

from reader.ui.contrast import MARK, RGB, TEXT, blend, ratio, readable, to_hex

UNKNOWN_COLOURS = frozenset({"ansi-dark", "ansi-light"})
"""Built-in themes left out: their colours are the terminal's, unknown to reader."""

SEEN = 1.5
"""The least contrast of a background that must stand out from the page."""


def theme_names() -> tuple[str, ...]:
    """The names a theme setting may take, as the app's theme picker lists them."""
    from textual.theme import BUILTIN_THEMES

    return tuple(name for name in BUILTIN_THEMES if name not in UNKNOWN_COLOURS)


def _colour(value: str, under: RGB) -> RGB | None:
    """A CSS colour value as drawn over *under* (its alpha blended); None for the
    values that are only known when drawn (``auto``) or unreadable."""
    from textual.color import Color, ColorParseError

    text = value.strip()
    if not text or text.startswith("auto") or text.startswith("ansi"):
        return None
    alpha = 1.0
    words = text.split()
    if len(words) == 2 and words[1].endswith("%"):  # "#ffa62b 25%"
        text, alpha = words[0], float(words[1][:-1]) / 100
    try:
        colour = Color.parse(text)
    except ColorParseError:
        return None
    return blend(under, colour.rgb, colour.a * alpha)


def role_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """reader's CSS variables (``$reader-*``) and the Textual ones it corrects
    (scrollbar, footer keys, selection), computed from a theme's *variables*."""

    def get(name: str, under: RGB, default: RGB) -> RGB:
        found = _colour(variables.get(name, ""), under)
        return default if found is None else found

    black: RGB = (0, 0, 0)
    background = get("background", black, (18, 18, 18))
    foreground = get("foreground", background, (224, 224, 224))
    surface = get("surface", background, background)
    panel = get("panel", surface, surface)
    boost = get("boost", background, background)
    accent = get("accent", background, foreground)
    warning = get("warning", background, accent)
    success = get("success", background, accent)
    primary = get("primary", background, accent)

    cursor = readable(blend(background, accent, 0.25), [background], SEEN)
    blurred = readable(panel, [background], SEEN)
    highlight = readable(blend(background, warning, 0.35), [background], SEEN)
    selection = readable(
        get("screen-selection-background", background, blend(background, primary, 0.5)),
        [background],
        SEEN,
    )
    rows = [background, cursor, blurred]
    pages = [background, surface, panel, boost, cursor, blurred]

    track = get("scrollbar-background", background, background)
    thumb = readable(get("scrollbar", track, primary), [track], MARK)
    thumb_hover = readable(get("scrollbar-hover", track, primary), [track], MARK)
    thumb_active = readable(get("scrollbar-active", track, primary), [track], MARK)
    footer = get("footer-background", background, panel)
    footer_key = get("footer-key-foreground", footer, accent)
    footer_words = get("footer-description-background", footer, footer)

    def text_on(name: str, grounds: list[RGB]) -> RGB:
        """Textual's text colour *name* made readable on each of *grounds* (``auto``
        stands for black or white, whichever reads better, at 87%)."""
        found = _colour(variables.get(name, ""), grounds[0])
        if found is None:
            white: RGB = (255, 255, 255)
            best = max((white, black), key=lambda c: min(ratio(c, g) for g in grounds))
            found = blend(grounds[0], best, 0.87)
        return readable(found, grounds, TEXT)

    # Textual's list cursors (the sidebar's views, the quotes): on the page and on panels
    cursors = {
        name: [get(name, ground, primary) for ground in (background, surface)]
        for name in ("block-cursor-background", "block-cursor-blurred-background")
    }

    roles: dict[str, RGB] = {
        "reader-text": readable(foreground, [*pages, highlight, selection], TEXT),
        "reader-muted": readable(blend(background, foreground, 0.6), pages, TEXT),
        "reader-accent": readable(accent, pages, TEXT),
        "reader-heading": readable(accent, [background], TEXT),
        "reader-link": readable(accent, [background, highlight, selection], TEXT),
        "reader-code": readable(warning, [boost, background], TEXT),
        "reader-unread": readable(accent, rows, MARK),
        "reader-star": readable(warning, rows, MARK),
        "reader-progress": readable(success, rows, TEXT),
        "reader-error": readable(get("error", background, accent), [surface], TEXT),
        "reader-hint": readable(background, [readable(accent, [background], MARK)], TEXT),
        "reader-hint-background": readable(accent, [background], MARK),
        "reader-cursor": cursor,
        "reader-cursor-blurred": blurred,
        "reader-highlight": highlight,
        "screen-selection-background": selection,
        "scrollbar-background": track,
        "scrollbar-background-hover": track,
        "scrollbar-background-active": track,
        "scrollbar": thumb,
        "scrollbar-hover": thumb_hover,
        "scrollbar-active": thumb_active,
        "footer-key-foreground": readable(footer_key, [footer], TEXT),
        "footer-description-foreground": text_on("footer-description-foreground", [footer_words]),
        "block-cursor-foreground": text_on(
            "block-cursor-foreground", cursors["block-cursor-background"]
        ),
        "block-cursor-blurred-foreground": text_on(
            "block-cursor-blurred-foreground", cursors["block-cursor-blurred-background"]
        ),
    }
    return {name: to_hex(rgb) for name, rgb in roles.items()}
