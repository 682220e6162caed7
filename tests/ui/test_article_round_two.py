"""The article view, round two (issue 18): one meaning per key, next unread, time left,
numbered link hints, wide and right-to-left text, and the multi-line note editor.

Archiving at the end (a jump does not archive) is tested in test_article_screen.py.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Button, Static, TextArea

from reader.highlights.text import article_text, sentences
from reader.library import Library
from reader.library.highlighting import add_highlight, highlights_of
from reader.ui.dialogs.note_dialog import NoteDialog, tidy_note
from reader.ui.link_hints import read_typed
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.help_screen import KEYS
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.text import direction
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.highlighting_article_view import HighlightingArticleView
from tests.ui.conftest import SIZE, add_article, build_app, long_markdown

RIVER = (
    "The river runs slowly through the old town, past the mill. It is a quiet river.\n\n"
    "A second paragraph says the bridge was rebuilt in 1890."
)


async def open_entry(pilot: Pilot[Any], library: Library, entry_id: str) -> HighlightingArticleView:
    """Open *entry_id* from the library screen and wait until it is shown."""
    app = pilot.app
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    screen.open_article(library.get(entry_id))
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen.query_one(HighlightingArticleView)


def bar_text(app: Any) -> str:
    """The article's top bar as drawn."""
    return str(app.screen.query_one("#article-bar", Static).render_line(0).text)


def messages(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- 1. one key, one meaning: a and x right after h ---------------------------------------------


async def test_a_right_after_h_writes_a_note_on_the_new_highlight(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "River", RIVER)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis", "h")
        await pilot.pause()
        assert any("a: add a note · x: remove" in m for m in messages(app))
        assert not app.screen.selections  # the highlight is made and the selection gone
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"slow", "ctrl+s")
        await pilot.pause()
        (made,) = highlights_of(empty_library, entry_id)
        assert made.exact.startswith("The river runs slowly") and made.note == "slow"
        assert isinstance(app.screen, ArticleScreen) and app.screen.entry.id == entry_id


async def test_x_right_after_h_removes_the_new_highlight(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "River", RIVER)
    add_highlight(empty_library, entry_id, "bridge was rebuilt")  # another, kept
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis", "h")
        await pilot.pause()
        assert len(highlights_of(empty_library, entry_id)) == 2
        await pilot.press("x")
        await pilot.pause()
        assert [h.exact for h in highlights_of(empty_library, entry_id)] == ["bridge was rebuilt"]
        await pilot.press("x")  # nothing just made, nothing selected: says how, removes nothing
        await pilot.pause()
        assert len(highlights_of(empty_library, entry_id)) == 1
        assert any("Select part of a highlighted passage" in m for m in messages(app))


def article_help() -> list[tuple[str, str]]:
    return next(rows for section, rows in KEYS if section == "Article")


def test_help_lists_each_article_key_once() -> None:
    keys = [key for shown, _ in article_help() for key in shown.split()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


#: How the help writes keys that Textual names otherwise.
SHOWN = {
    "down": "↓",
    "up": "↑",
    "slash": "/",
    "question_mark": "?",
    "asterisk": "*",
    "plus": "+",
    "minus": "-",
}


def test_every_article_binding_is_in_the_help() -> None:
    listed = {key for shown, _ in article_help() for key in shown.split()}
    listed |= {"?", "ctrl+p"}  # in the "Everywhere" section
    missing = []
    for cls in (ArticleScreen, HighlightingArticleView, ArticleView):
        for binding in cls.BINDINGS:
            keys = binding.key.split(",")  # type: ignore[union-attr]
            names = {binding.key_display or "", *(SHOWN.get(k, k) for k in keys)}  # type: ignore[union-attr]
            if not names & listed:
                missing.append(binding.key)  # type: ignore[union-attr]
    assert missing == []


async def test_the_footer_names_the_article_keys_the_help_gives(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        footer = app.screen.query_one("ReaderFooter")
        shown = " ".join(str(w.render()) for w in footer.query("FooterKey"))
        for key, what in (("u", "Links"), ("f", "Follow"), ("*", "Favorite"), ("h", "Highlight")):
            assert f"{key} {what}" in shown or f" {key} {what}" in shown, shown


# -- 2. n and N: the next and previous unread article ---------------------------------------


async def test_n_and_n_shift_go_to_the_next_and_previous_unread(empty_library: Library) -> None:
    first = add_article(empty_library, "First", "One.", days_ago=0)
    middle = add_article(empty_library, "Middle", "Two.", days_ago=1)
    last = add_article(empty_library, "Last", "Three.", days_ago=2)
    empty_library.set_status(middle, "archived")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")  # All: the archived article is in the list, between the two
        await pilot.pause()
        await open_entry(pilot, empty_library, first)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.entry.id == last
        await pilot.press("N")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.entry.id == first
        await pilot.press("N")
        await pilot.pause()
        assert app.screen.entry.id == first
        assert any("No more unread articles this way" in m for m in messages(app))


# -- 4. wide and right-to-left text -----------------------------------------------------------


async def test_a_cjk_title_keeps_the_progress_figure_on_the_bar(empty_library: Library) -> None:
    title = "東京の図書館で一日を過ごすための静かな読書案内と古い本の話" * 3
    entry_id = add_article(empty_library, title, "本文。" * 50)
    app = build_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        text = bar_text(app)
        assert cell_len(text) == 80
        assert text.rstrip().endswith("0%")
        assert "…" in text  # the title is cut, by cells


def test_the_sentence_cursor_splits_cjk_and_arabic_sentences() -> None:
    def split(markdown: str) -> list[str]:
        text = article_text(markdown)
        return [text.text[a:b] for _, a, b in sentences(text)]

    assert split("今天下雨了。我们去图书馆！你来吗？好的。") == [
        "今天下雨了。",
        "我们去图书馆！",
        "你来吗？",
        "好的。",
    ]
    assert split("「行こう。」と彼は言った。終わり") == ["「行こう。」", "と彼は言った。", "終わり"]
    assert split("هل أنت هنا؟ نعم، أنا هنا. شكرا") == ["هل أنت هنا؟", "نعم، أنا هنا.", "شكرا"]
    assert split("Pi is 3.14, not 3! Right?") == ["Pi is 3.14, not 3!", "Right?"]


def test_a_paragraph_takes_the_direction_of_its_first_strong_character() -> None:
    assert direction("שלום עולם") == "rtl"
    assert direction("مرحبا بالعالم") == "rtl"
    assert direction("2026: مرحبا GNU") == "rtl"  # a number first: still Arabic
    assert direction("GNU مرحبا") == "ltr"
    assert direction("1234 — !") == "ltr"


async def test_arabic_and_hebrew_paragraphs_are_right_aligned(empty_library: Library) -> None:
    body = "English first.\n\nمرحبا بكم في المكتبة.\n\n> ציטוט קצר בעברית.\n\n- عنصر"
    entry_id = add_article(empty_library, "Mixed", body)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_entry(pilot, empty_library, entry_id)
        english, arabic, hebrew, item = view.blocks[:4]
        assert not english.has_class("rtl")
        assert arabic.has_class("rtl") and hebrew.has_class("rtl") and item.has_class("rtl")
        drawn = str(arabic.render_line(0).text)
        assert drawn.startswith(" ") and drawn.rstrip() == drawn.rstrip(" ")
        assert cell_len(drawn.rstrip()) == arabic.content_region.width
        assert str(english.render_line(0).text).startswith("English")


# -- 5. time left ------------------------------------------------------------------------------


async def test_the_header_says_how_long_is_left_to_read(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "Long", long_markdown(3000))
    whole = empty_library.get(entry_id).reading_minutes
    assert whole >= 10
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_entry(pilot, empty_library, entry_id)
        assert view.loaded
        assert f"{whole} min left" in bar_text(app)
        for _ in range(12):
            await pilot.press("space")
        await pilot.pause()
        left = view.minutes_left()
        assert 0 < left < whole
        assert f"{left} min left" in bar_text(app)
        # words left over the speed the reading time uses (230 a minute)
        assert abs(left - view.words_left() / 230) <= 1.5
        await pilot.press("G")
        await pilot.pause()
        assert "min left" not in bar_text(app) and "100%" in bar_text(app)


# -- 6. numbered link hints --------------------------------------------------------------------

LINKS = (
    "Read [the first](https://one.example/) and [the second](https://two.example/) page.\n\n"
    "Then [the first again](https://one.example/) and [a third](https://three.example/)."
)


async def test_f_numbers_the_links_and_a_number_opens_one(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "Links", LINKS)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_entry(pilot, empty_library, entry_id)
        await pilot.press("f")
        await pilot.pause()
        first, second = (str(b.visual.plain) for b in view.blocks[:2])  # type: ignore[union-attr]
        assert first == "Read the first[1] and the second[2] page."
        # the links dialog's numbers: each target once
        assert second == "Then the first again[1] and a third[3]."
        await pilot.press("3")  # only three links: 3 is complete, it opens at once
        await pilot.pause()
        assert app.opened_links == ["https://three.example/"]
        assert str(view.blocks[0].visual.plain) == "Read the first and the second page."  # type: ignore[union-attr]
        assert not app.screen.query_one("#hint").display
        assert app.focused is view


async def test_link_hints_save_copy_and_cancel(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "Links", LINKS)
    saved: list[str] = []
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.save_url = lambda url, tags=(): saved.append(url)  # type: ignore[attr-defined]
        view = await open_entry(pilot, empty_library, entry_id)
        await pilot.press("f", "s", "2")
        await pilot.pause()
        assert saved == ["https://two.example/"]
        await pilot.press("f", "y", "1")
        await pilot.pause()
        assert app.copied == ["https://one.example/"]  # type: ignore[attr-defined]
        await pilot.press("f", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)  # escape closes the hints, not the article
        assert "[1]" not in str(view.blocks[0].visual.plain)  # type: ignore[union-attr]
        assert app.opened_links == []


async def test_a_number_that_could_grow_waits_for_enter(empty_library: Library) -> None:
    body = " ".join(f"[link {n}](https://example.com/{n})" for n in range(1, 13))
    entry_id = add_article(empty_library, "Twelve", body)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        await pilot.press("f", "1")
        await pilot.pause()
        assert app.opened_links == []  # 1 could still be 10, 11 or 12
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened_links == ["https://example.com/1"]
        await pilot.press("f", "1", "2")
        await pilot.pause()
        assert app.opened_links[-1] == "https://example.com/12"


async def test_link_hints_number_what_scrolls_into_view(empty_library: Library) -> None:
    body = "\n\n".join(f"Paragraph {n} has [its link](https://example.com/{n})." for n in range(60))
    entry_id = add_article(empty_library, "Many", body)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_entry(pilot, empty_library, entry_id)
        await pilot.press("f")
        await pilot.pause()
        hinted = [b.index for b in view.blocks if "[" in str(b.visual.plain)]  # type: ignore[union-attr]
        assert hinted and hinted[0] == 0 and hinted[-1] < 30  # only what is on screen
        assert str(view.blocks[5].visual.plain) == "Paragraph 5 has its link[6]."  # type: ignore[union-attr]
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert str(view.blocks[59].visual.plain).endswith("its link[60].")  # type: ignore[union-attr]
        await pilot.press("6", "0")
        await pilot.pause()
        assert app.opened_links == ["https://example.com/59"]
        assert all("[" not in str(b.visual.plain) for b in view.blocks)  # type: ignore[union-attr]


def test_what_is_typed_in_the_hint_prompt() -> None:
    assert read_typed("", 5).number is None
    assert read_typed("4", 5).complete and read_typed("4", 5).action == "open"
    assert not read_typed("1", 12).complete and read_typed("1", 12).number == 1
    assert read_typed("s12", 12).action == "save" and read_typed("s12", 12).complete
    assert read_typed("y3", 12).action == "copy"
    assert read_typed("13", 12).number is None and read_typed("0", 12).number is None


# -- 7. the multi-line note editor -------------------------------------------------------------


async def test_the_note_editor_takes_several_lines(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "River", RIVER)
    made = add_highlight(empty_library, entry_id, "It is a quiet river.", note="first thought")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis", "right_parenthesis", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        area = dialog.query_one("#note", TextArea)
        assert area.text == "first thought" and app.focused is area  # preloaded
        await pilot.press("enter", *"second line", "enter", *"third")
        assert area.text == "first thought\nsecond line\nthird"  # enter is a new line
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        (noted,) = highlights_of(empty_library, entry_id)
        assert noted.id == made.id and noted.note == "first thought\nsecond line\nthird"
        # escape cancels: nothing changes
        await pilot.press("right_parenthesis", "right_parenthesis", "a")
        await pilot.pause()
        await pilot.press(*" more", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert highlights_of(empty_library, entry_id)[0].note == noted.note


async def test_the_note_editor_fits_80x24_and_its_save_button_saves(
    empty_library: Library,
) -> None:
    entry_id = add_article(empty_library, "River", RIVER)
    add_highlight(empty_library, entry_id, "It is a quiet river.", note="\n".join("abcdefghij"))
    app = build_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_entry(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis", "right_parenthesis", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        box = dialog.query_one("#dialog")
        assert box.region.bottom <= 24 and box.region.right <= 80
        for button in dialog.query(Button):
            assert button.region.height == 3  # whole, not cut off
            assert box.region.contains_region(button.region)
        area = dialog.query_one("#note", TextArea)
        assert area.region.height >= 5
        area.text = "from the button"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert highlights_of(empty_library, entry_id)[0].note == "from the button"


def test_a_note_keeps_its_inner_lines_and_loses_trailing_space() -> None:
    assert tidy_note("  one  \n\n two\x1b[31m \n\n") == "  one\n\n two"
    assert tidy_note("\n\n") == ""
