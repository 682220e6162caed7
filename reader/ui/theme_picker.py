"""The theme picker (ctrl+p, "Theme"): Textual's list of themes, the current one marked."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

CURRENT = "  ● current"
"""What follows the name of the theme in use."""


class ThemePicker(Provider):
    """The app's themes, by name; the one in use says so."""

    def _themes(self) -> list[tuple[str, Callable[[], None]]]:
        def use(name: str) -> None:
            self.app.theme = name

        return [(name, partial(use, name)) for name in sorted(self.app.available_themes)]

    def _label(self, name: Content) -> Content:
        if name.plain == self.app.theme:
            return Content.assemble(name, (CURRENT, "bold"))
        return name

    def _help(self, name: str) -> str | None:
        return "The theme in use" if name == self.app.theme else None

    async def discover(self) -> Hits:
        """Every theme, the current one first."""
        themes = self._themes()
        themes.sort(key=lambda item: item[0] != self.app.theme)
        for name, use in themes:
            yield DiscoveryHit(self._label(Content(name)), use, text=name, help=self._help(name))

    async def search(self, query: str) -> Hits:
        """The themes whose names match *query*."""
        matcher = self.matcher(query)
        for name, use in self._themes():
            if (score := matcher.match(name)) > 0:
                yield Hit(
                    score,
                    self._label(matcher.highlight(name)),
                    use,
                    text=name,
                    help=self._help(name),
                )
