"""Page-derived text is shown literally: markup, broken markup, actions and escapes are inert."""

from __future__ import annotations

from reader.library import Library
from reader.ui.markdown_blocks import parse_blocks
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import SIZE, add_article, build_app

HOSTILE_TITLE = "[@click=app.quit]Click me[/] [/oops] [bold red]loud[/] \x1b[31mred\x1b]0;PWNED\x07"
HOSTILE_BODY = """Some [b]markup[/b] and [/oops] and [@click=app.quit]a trap[/].

A link that tries to escape its action: [press](https://example.com/'),app.quit('x).

A script link: [js](javascript:alert(1)) and raw \x1b[2J\x1b]52;c;aGk=\x07 escapes.

| [/oops] | [@click=app.quit]cell[/] |
|---|---|
| $accent | [red]x[/red] |
"""


async def test_hostile_title_and_body_are_literal_and_harmless(empty_library: Library) -> None:
    entry_id = add_article(
        empty_library,
        HOSTILE_TITLE,
        HOSTILE_BODY,
        tags=["[/oops]", "[@click=app.quit]t"],
    )
    entry = empty_library.get(entry_id)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one(ArticleList)
        first_line = listing.render_line(0).text
        assert "[@click=app.quit]Click me[/] [/oops]" in first_line
        await pilot.click(listing, offset=(12, 0))  # on the title
        await pilot.pause()
        assert app.is_running
        sidebar = " ".join(str(o.prompt) for o in app.screen.query_one("#views").options)  # type: ignore[attr-defined]
        assert "#[/oops]" in sidebar

        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        text = "\n".join(block.plain for block in view.blocks)
        assert "[b]markup[/b] and [/oops] and [@click=app.quit]a trap[/]" in text
        assert "\x1b" not in text
        title = str(app.screen.query_one(".article-title").render())
        assert "[@click=app.quit]Click me[/]" in title and "\x1b" not in title
        # click every line of the article: nothing quits, only http(s) links open
        for y in range(2, 30, 3):
            await pilot.click(view, offset=(30, y))
        await pilot.pause()
        assert app.is_running
        assert all(url.startswith(("http://", "https://")) for url in app.opened_links)
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "PWNED" not in screenshot
        assert entry.title in title or "Click me" in title


def test_link_targets_never_reach_action_strings() -> None:
    specs = parse_blocks("[x](https://e.com/'),app.quit('y) and [z](\"quote)")
    actions = [
        span.style.meta.get("@click")
        for span in specs[0].content.spans
        if not isinstance(span.style, str)
    ]
    assert actions == ["link(0)", "link(1)"]
