"""The themes the app offers: Textual's built-in ones (`reader config theme` checks
a name against them, importing this only then)."""

from __future__ import annotations


def theme_names() -> tuple[str, ...]:
    """The names a theme setting may take, as the app's theme picker lists them."""
    from textual.theme import BUILTIN_THEMES

    return tuple(BUILTIN_THEMES)
