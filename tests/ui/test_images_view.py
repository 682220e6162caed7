"""Saved images in the article view: drawn above their caption, or the caption line alone.

Headless runs draw with half blocks, so the snapshots are the same on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from textual.pilot import Pilot

from reader.config import Settings, load_settings, save_settings
from reader.images import BadImage
from reader.images.refs import original_address
from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.images import (
    fit_cells,
    graphics_mode,
    image_size,
    load_image,
)
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.blocks import Block
from reader.ui.widgets.inline_image import InlineImage
from tests.ui.conftest import SIZE, add_article, build_app, long_markdown

ORIGINAL = "https://example.com/media/chart.png"
SnapCompare = Callable[..., bool]


def chart(path: Path) -> None:
    """A small bar chart drawn with Pillow: the same pixels every run."""
    image = Image.new("RGB", (160, 80), (245, 245, 240))
    for number, height in enumerate((28, 46, 66, 37, 56)):
        x = 12 + number * 30
        image.paste((40 + number * 40, 110, 200 - number * 30), (x, 74 - height, x + 20, 74))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def article_with_image(
    library: Library, name: str = "01.png", draw: bool = True, title: str = "A week of bread"
) -> str:
    """An article whose markdown links a saved image (drawn into the library when *draw*)."""
    body = (
        "The chart below shows the week's loaves.\n\n"
        '![Loaves baked each day](IMAGE "original: ORIGINAL")\n\n'
        "Thursday was the best day, as the chart makes plain."
    )
    entry_id = add_article(library, title, body)
    src = f"../images/{entry_id}/{name}"
    library.rewrite_markdown(
        entry_id, lambda text: text.replace("IMAGE", src).replace("ORIGINAL", ORIGINAL)
    )
    if draw:
        chart(library.root / "images" / entry_id / name)
    return entry_id


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "library")
    yield library
    library.close()


async def show(pilot: Pilot[Any], app: ReaderApp, entry_id: str) -> ArticleView:
    """Open the article *entry_id* and wait until it and its images are loaded."""
    library = app.library
    await app.push_screen(ArticleScreen(library.get(entry_id), library.markdown(entry_id)))
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(ArticleView)


def caption_of(view: ArticleView) -> Block:
    return next(block for block in view.blocks if block.spec.kind == "figure")


async def test_a_saved_image_is_drawn_above_its_caption(library: Library) -> None:
    entry_id = article_with_image(library)
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        image = view.query_one(InlineImage)
        caption = caption_of(view)
        assert not image.failed and image.display
        assert image.path == library.root / "images" / entry_id / "01.png"
        drawn = image.children[0]
        assert type(drawn).__name__ == "HalfcellImage"
        # sized to the image (160 px at 4 px a half-block column: 40), aspect kept (2:1)
        assert (drawn.size.width, drawn.size.height) == (40, 10)
        assert image.region.bottom <= caption.region.y
        assert caption.has_class("captioned")
        assert caption.plain == "Image: Loaves baked each day"
        # the blocks are numbered as before: the image is not a block
        assert [block.spec.kind for block in view.blocks] == ["p", "figure", "p"]


async def test_a_wide_image_fills_the_column_and_a_tall_one_at_most_60_percent(
    library: Library,
) -> None:
    entry_id = article_with_image(library, draw=False)
    folder = library.root / "images" / entry_id
    folder.mkdir(parents=True)
    Image.new("RGB", (2000, 3000), (200, 30, 30)).save(folder / "01.png")
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        drawn = view.query_one(InlineImage).children[0]
        assert drawn.size.height == int(SIZE[1] * 0.6)
        assert drawn.size.width < Settings().reading_width


async def test_an_image_above_the_screen_does_not_move_the_text(library: Library) -> None:
    """Its room is taken from the file's header before it is decoded: a reading position
    restored below it lands where it does without images."""
    entry_id = article_with_image(library)
    library.rewrite_markdown(entry_id, lambda text: text + "\n\n" + long_markdown(3000))
    library.set_progress(entry_id, 0.5)
    where: list[tuple[int, int]] = []
    for settings in (Settings(inline_images=False), Settings()):
        app = build_app(library, settings)
        async with app.run_test(size=SIZE) as pilot:
            view = await show(pilot, app, entry_id)
            assert bool(view.query(InlineImage)) is settings.inline_images
            top = view.top_block()
            assert top is not None
            where.append((top.index, view.column.virtual_region.y + top.virtual_region.y))
            where[-1] = (top.index, where[-1][1] - round(view.scroll_y))
            app.pop_screen()  # keep the stored progress as it is
            await pilot.pause()
    assert where[0] == where[1]


async def test_with_inline_images_off_only_the_caption_line(library: Library) -> None:
    entry_id = article_with_image(library)
    app = build_app(library, Settings(inline_images=False))
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        assert not view.query(InlineImage)
        caption = caption_of(view)
        assert not caption.has_class("captioned")


async def test_a_broken_image_file_leaves_the_caption_line(library: Library) -> None:
    entry_id = article_with_image(library, draw=False)
    folder = library.root / "images" / entry_id
    folder.mkdir(parents=True)
    (folder / "01.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a png at all")
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        image = view.query_one(InlineImage)
        assert image.failed and not image.display
        assert not image.children
        assert not caption_of(view).has_class("captioned")


async def test_a_missing_image_file_is_not_drawn(library: Library) -> None:
    entry_id = article_with_image(library, draw=False)
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        assert not view.query(InlineImage)
        assert caption_of(view).plain == "Image: Loaves baked each day"


async def test_clicking_opens_the_saved_file_else_the_original(library: Library) -> None:
    entry_id = article_with_image(library)
    missing = article_with_image(library, draw=False, title="Another week")
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        await pilot.click(view.query_one(InlineImage))
        caption = caption_of(view)
        await pilot.click(caption, offset=(caption.size.width // 2, 0))
        saved = (library.root / "images" / entry_id / "01.png").resolve().as_uri()
        assert app.opened_links == [saved, saved]
        app.pop_screen()
        await pilot.pause()
        view = await show(pilot, app, missing)
        await pilot.click(caption_of(view), offset=(2, 0))
        assert app.opened_links[-1] == ORIGINAL


async def test_the_palette_toggle_turns_inline_images_off(library: Library) -> None:
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        app.action_toggle_inline_images()
        await pilot.pause()
        assert app.settings.inline_images is False
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Toggle inline images" in commands


def test_the_setting_is_saved_and_read(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings(inline_images=False))
    assert "inline_images = false" in (tmp_path / "config.toml").read_text("utf-8")
    assert load_settings(tmp_path).inline_images is False
    (tmp_path / "config.toml").write_text('inline_images = "yes"\n', "utf-8")
    assert load_settings(tmp_path).inline_images is True


@pytest.mark.parametrize(
    ("environ", "mode"),
    [
        ({"TERM": "xterm-kitty"}, "tgp"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, "tgp"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "sixel"),
        ({"TERM": "foot"}, "sixel"),
        ({"TERM": "xterm-256color"}, "halfcell"),
        ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux"}, "halfcell"),
        ({"TERM": "dumb"}, None),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
        ({"TERM": "xterm-256color", "READER_IMAGES": "off"}, None),
        ({"TERM": "dumb", "READER_IMAGES": "kitty"}, "tgp"),
        ({"TERM": "xterm", "READER_IMAGES": "sixel"}, "sixel"),
    ],
)
def test_graphics_mode_from_the_environment(environ: dict[str, str], mode: str | None) -> None:
    assert graphics_mode(False, environ) == mode
    assert graphics_mode(True, environ) == "halfcell"


def test_fit_cells() -> None:
    assert fit_cells((1200, 600), 76, 21) == (76, 19)  # wide: the column, aspect kept
    assert fit_cells((120, 60), 76, 21) == (12, 3)  # small: never wider than its pixels
    assert fit_cells((600, 1200), 76, 21) == (21, 21)  # tall: capped, narrowed to match
    assert fit_cells((1, 100000), 76, 21) == (1, 21)


def test_oversized_and_undecodable_files_raise(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    Image.new("1", (8000, 6000)).save(big)  # 48 million pixels, a few kB on disk
    with pytest.raises(BadImage, match="too many pixels"):
        load_image(big)
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"GIF89a" + b"\x00" * 20)
    with pytest.raises(Exception):  # noqa: B017 - any error: the view shows the caption
        load_image(junk)
    fine = tmp_path / "fine.png"
    Image.new("RGBA", (3200, 100)).save(fine)
    image = load_image(fine)
    assert image.size == (1600, 50) and image.mode == "RGBA"


@pytest.mark.parametrize("extension", ["png", "jpg", "gif", "webp"])
def test_image_size_reads_the_header(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"01.{extension}"
    Image.new("RGB", (321, 123)).save(path)
    assert image_size(path) == (321, 123)


def test_image_size_of_junk_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "01.png").write_bytes(b"junk")
    assert image_size(tmp_path / "01.png") is None
    assert image_size(tmp_path / "02.png") is None


def test_original_address() -> None:
    markdown = '![a](../images/abc123/01.png "original: https://x.example/a.png") ![b](b.png)'
    assert original_address(markdown, "../images/abc123/01.png") == "https://x.example/a.png"
    assert original_address(markdown, "b.png") is None


def test_opening_the_app_imports_neither_pillow_nor_textual_image() -> None:
    code = (
        "import sys, json; import reader.ui.app, reader.ui.screens.article_screen; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert "PIL" not in loaded and "textual_image" not in loaded


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_loading_the_renderer_in_a_terminal_sends_it_nothing() -> None:
    """Imported plainly, textual-image queries the terminal (which Textual owns by then)."""
    import os
    import pty
    import select

    code = (
        "from reader.ui.images import image_widget_class; "
        "print(image_widget_class('tgp').__name__, image_widget_class('halfcell').__name__)"
    )
    main, child = pty.openpty()
    subprocess.run(
        [sys.executable, "-c", code], stdin=child, stdout=child, stderr=child, timeout=120
    )
    os.close(child)
    output = b""
    while select.select([main], [], [], 0.5)[0]:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert output.strip() == b"TGPImage HalfcellImage"


# -- snapshots -------------------------------------------------------------------------------


def scene(entry_id: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ReaderApp)
        await show(pilot, app, entry_id)
        app.clear_notifications()
        await pilot.pause()

    return run_before


def test_snapshot_article_with_an_image(snap_compare: SnapCompare, library: Library) -> None:
    entry_id = article_with_image(library)
    app = build_app(library)
    assert snap_compare(app, terminal_size=(110, 36), run_before=scene(entry_id))


def test_snapshot_article_with_inline_images_off(
    snap_compare: SnapCompare, library: Library
) -> None:
    entry_id = article_with_image(library)
    app = build_app(library, Settings(inline_images=False))
    assert snap_compare(app, terminal_size=(110, 36), run_before=scene(entry_id))


async def test_a_saved_image_inside_a_paragraph_is_drawn_below_it(library: Library) -> None:
    entry_id = add_article(library, "Inline", "Before IMAGE and after.\n\nThe next paragraph.")
    src = f"../images/{entry_id}/01.png"
    library.rewrite_markdown(
        entry_id, lambda text: text.replace("IMAGE", f'![a small chart]({src} "original: X")')
    )
    chart(library.root / "images" / entry_id / "01.png")
    app = build_app(library)
    async with app.run_test(size=SIZE) as pilot:
        view = await show(pilot, app, entry_id)
        paragraph = view.blocks[0]
        assert paragraph.plain == "Before [image: a small chart] and after."
        (image,) = view.query(InlineImage)
        assert image.src == src and image.has_class("in-text") and not image.failed
        children = list(view.column.children)
        assert children.index(image) == children.index(paragraph) + 1
        assert image.region.y > paragraph.region.y and image.region.height > 2
