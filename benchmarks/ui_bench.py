"""Benchmarks of the reader UI over a 10,000-article library.

    .venv/bin/python benchmarks/ui_bench.py [--articles 10000] [--runs 3] [--keep DIR]

Prints, each as a median over fresh processes where startup matters, next to a
baseline where one applies:

- first paint of the library vs a bare Textual app (goal: under 1.3x);
- a search keystroke to the updated list (goal: under 50 ms);
- opening a 20,000-word article: first screen painted (goal: under 300 ms) and
  fully settled (goal: under 600 ms), with the stock Markdown widget for reference;
- peak memory of the app with the library and the long article open (goal: under 250 MB);
- `reader list` wall time vs `python -c pass` (goal: under 2.5x).

"Paint" forces one synchronous layout and render of the screen (a private Textual
method, used here only to measure); "settled" waits until every block is mounted
and the app is idle.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZE = (120, 40)
LONG_ID = "feedfacecafe"

SYLLABLES = "ka lo mi ra ten vor sel dun bri gal hem tor pas lin quo fer das mon rel xi".split()


def vocabulary(size: int = 4000) -> list[str]:
    """Pseudo-words, most common first (text draws them with Zipf-like weights)."""
    rng = random.Random(11)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


WORDS = vocabulary()
WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]
#: What the search benchmark types: a common word, rarer words, two words, a prefix.
QUERIES = (WORDS[40], WORDS[300], f"{WORDS[80]} {WORDS[200]}", WORDS[1500], WORDS[25][:3])
SITES = ["The Quiet Review", "Bitwise Weekly", "Low Tide Journal", "Kitchen Margins", "Gazette"]
TAGS = ["reading", "essays", "programming", "travel", "cooking", "news", "science", "later"]


# -- building the library ----------------------------------------------------------------------


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, WEIGHTS, k=words))
    return text[0].upper() + text[1:] + "."


def long_markdown(words: int, rng: random.Random) -> str:
    """About *words* words of markdown: headings, paragraphs, lists, quotes, links, emphasis."""
    parts: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count // 300 >= section:
            section += 1
            parts.append(f"## Section {section}: {rng.choice(WORDS)} and {rng.choice(WORDS)}")
        words_ = _paragraph(rng, 70).split()
        words_[5] = f"*{words_[5]}*"
        words_[20] = f"**{words_[20]}**"
        parts.append(" ".join(words_) + " See [the notes](https://example.com/notes).")
        count += 70
        if section % 4 == 0:
            parts.append("- " + _paragraph(rng, 8) + "\n- " + _paragraph(rng, 8))
        if section % 5 == 0:
            parts.append("> " + _paragraph(rng, 20))
    return "\n\n".join(parts)


def build_library(root: Path, count: int) -> None:
    """Write *count* article files straight into *root*/articles, then index them."""
    from reader.library import Library
    from reader.models import Entry, reading_minutes_for
    from reader.store.files import compose_body, entry_to_meta, file_name_for
    from reader.store.frontmatter import dump_document

    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    base = datetime(2026, 11, 1, tzinfo=UTC)
    for number in range(count + 1):
        if number == count:
            entry_id, title, words = LONG_ID, "A very long read of twenty thousand words", 20_000
            body = long_markdown(words, rng)
        else:
            entry_id = f"{number:010x}"
            title = " ".join(rng.choices(WORDS, WEIGHTS, k=rng.randint(3, 9))).capitalize()
            words = rng.randint(150, 300)
            body = "\n\n".join(_paragraph(rng, words // 3) for _ in range(3))
        entry = Entry(
            id=entry_id,
            url=f"https://example.com/{number}/{entry_id}",
            title=title,
            saved_at=base - timedelta(minutes=number),
            site=rng.choice(SITES),
            tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
            status="archived" if number % 3 == 0 and number != count else "unread",
            favorite=number % 17 == 0,
            progress=0.0,
            word_count=words,
            reading_minutes=reading_minutes_for(words),
        )
        name = file_name_for(entry_id, title)
        document = dump_document(entry_to_meta(entry), compose_body(title, body))
        (articles / name).write_text(document, encoding="utf-8")
    Library(root).close()


# -- children: one measurement per fresh process -----------------------------------------------


def child_article(root: str) -> dict[str, float]:
    """Open the 20,000-word article: first screen painted, fully settled, peak memory."""
    import asyncio
    import resource

    from reader.config import Settings
    from reader.library import Library
    from reader.ui.app import make_app
    from reader.ui.screens.article_screen import ArticleScreen
    from reader.ui.widgets.article_view import ArticleView

    library = Library(Path(root))

    async def run() -> dict[str, float]:
        app = make_app(library, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("4")
            await pilot.pause()
            screen = app.screen
            entry = library.get(LONG_ID)
            t0 = time.perf_counter()
            screen.open_article(entry)  # type: ignore[attr-defined]
            while not isinstance(app.screen, ArticleScreen):
                await asyncio.sleep(0)
            while not app.screen.query(ArticleView):
                await asyncio.sleep(0)
            view = app.screen.query_one(ArticleView)
            while not view.blocks or not view.blocks[0].is_mounted:
                await asyncio.sleep(0)
            app.screen._on_timer_update()
            first = time.perf_counter() - t0
            while not view.loaded:
                await asyncio.sleep(0.005)
            await pilot.pause()
            app.screen._on_timer_update()
            settled = time.perf_counter() - t0
            blocks = len(view.blocks)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "first_ms": first * 1000,
            "settled_ms": settled * 1000,
            "peak_mb": peak,
            "blocks": blocks,
        }

    return asyncio.run(run())


def child_markdown(root: str) -> dict[str, float]:
    """The stock Markdown widget on the same 20,000-word article, for reference."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Markdown

    from reader.library import Library

    markdown = Library(Path(root)).markdown(LONG_ID)

    class Stock(App[None]):
        def compose(self) -> ComposeResult:
            yield Markdown(id="md")

    async def run() -> float:
        app = Stock()
        async with app.run_test(size=SIZE) as pilot:
            t0 = time.perf_counter()
            await app.query_one(Markdown).update(markdown)
            await pilot.pause()
            app.screen._on_timer_update()
            return time.perf_counter() - t0

    return {"settled_ms": asyncio.run(run()) * 1000}


async def time_keystrokes(app: Any, pilot: Any, updated: list[float]) -> list[float]:
    """Type each of `QUERIES` but its last key, then time that key until the results
    are shown (*updated* gets a time when they are) and drawn; the same loop for
    reader and for the stock-widget floor."""
    import asyncio

    times: list[float] = []
    for query in QUERIES:
        await pilot.press(*query[:-1])
        await app.workers.wait_for_complete()
        await pilot.pause()
        updated.clear()
        t0 = time.perf_counter()
        await pilot.press(query[-1])
        while not updated:
            await asyncio.sleep(0.0005)
        render0 = time.perf_counter()
        app.screen._on_timer_update()
        times.append(updated[0] - t0 + time.perf_counter() - render0)
        for _ in query:
            await pilot.press("backspace")
        await app.workers.wait_for_complete()
        await pilot.pause()
    return times


def child_search(root: str) -> dict[str, float]:
    """Keystroke in the search box to the list showing the new results."""
    import asyncio

    from reader.config import Settings
    from reader.library import Library
    from reader.ui.app import make_app
    from reader.ui.widgets.article_list import ArticleList

    library = Library(Path(root))

    async def run() -> list[float]:
        app = make_app(library, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("4", "slash")
            listing = app.screen.query_one(ArticleList)
            updated: list[float] = []
            set_entries = listing.set_entries

            def recording(*args: object, **kwargs: object) -> None:
                set_entries(*args, **kwargs)  # type: ignore[arg-type]
                updated.append(time.perf_counter())

            listing.set_entries = recording  # type: ignore[method-assign]
            times = await time_keystrokes(app, pilot, updated)
        return times

    times = asyncio.run(run())
    store: list[float] = []
    for query in QUERIES:
        t0 = time.perf_counter()
        library.search(query, limit=500)
        store.append(time.perf_counter() - t0)
    return {
        "search_ms": statistics.median(times) * 1000,
        "search_max_ms": max(times) * 1000,
        "search_each_ms": [round(t * 1000, 1) for t in times],  # type: ignore[dict-item]
        "store_ms": statistics.median(store) * 1000,
    }


def child_search_stock(root: str) -> dict[str, float]:
    """The floor of a search keystroke: stock Textual widgets (an Input, an OptionList of
    the rows that fit the screen) doing the same work as reader's list, timed the same
    way: the same index query in a worker thread (the ids of the ranked matches), the
    first page of them read, the list replaced, one render."""
    import asyncio

    from textual import work
    from textual.app import App, ComposeResult
    from textual.widgets import Input, OptionList

    from reader.library import Library
    from reader.store.index import RANKED

    library = Library(Path(root))
    updated: list[float] = []

    class Stock(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="search")
            yield OptionList(id="results")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.search(event.value)

        @work(exclusive=True, group="search")
        async def search(self, text: str) -> None:
            ids, _ = await asyncio.to_thread(library.search_ids, text, limit=RANKED)
            page = library.entries_by_id(ids[:100])
            rows = [page[i].title for i in ids[: SIZE[1]] if i in page]
            results = self.query_one(OptionList)
            results.clear_options()
            results.add_options(rows)
            updated.append(time.perf_counter())

    async def run() -> list[float]:
        app = Stock()
        async with app.run_test(size=SIZE) as pilot:
            times = await time_keystrokes(app, pilot, updated)
        return times

    times = asyncio.run(run())
    return {"search_max_ms": max(times) * 1000, "search_ms": statistics.median(times) * 1000}


CHILDREN = {
    "article": child_article,
    "markdown": child_markdown,
    "search": child_search,
    "search-stock": child_search_stock,
}


# -- the parent --------------------------------------------------------------------------------


def run_child(name: str, root: Path) -> dict[str, float]:
    """Run one measurement in a fresh interpreter (first paint: in `paint_child.py`,
    which loads nothing but the app it measures)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if name.startswith("paint-"):
        command = [PYTHON, str(Path(__file__).with_name("paint_child.py")), name[6:], str(root)]
    else:
        command = [PYTHON, __file__, "--child", name, str(root)]
    out = subprocess.run(
        command,
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def median_of(name: str, root: Path, runs: int) -> dict[str, float]:
    """Median of each number over *runs* fresh processes."""
    results = [run_child(name, root) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def walls(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command in ms, after one warm-up run of each.

    The commands take turns, so a load that comes and goes (other processes on a
    small machine) weighs on each of them alike.
    """
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for command, samples in zip(commands, times, strict=True):
            t0 = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            if round_:
                samples.append(time.perf_counter() - t0)
    return [statistics.median(samples) * 1000 for samples in times]


#: `reader list` with nothing but its arguments, the index query and the printing:
#: no freshness check, no models, no sanitizing. A floor, not an alternative.
FLOOR_LISTING = """
import argparse, os, sqlite3, sys
parser = argparse.ArgumentParser(prog="reader")
parser.add_argument("--data-dir")
commands = parser.add_subparsers(dest="command")
listing = commands.add_parser("list")
listing.add_argument("--limit", type=int, default=50)
args = parser.parse_args()
index = sqlite3.connect(os.path.join(args.data_dir, "index.sqlite3"))
rows = index.execute(
    "SELECT id, title, site, reading_minutes FROM articles WHERE status = 'unread' "
    "ORDER BY saved_at DESC LIMIT ?", (args.limit,)
).fetchall()
sys.stdout.write("".join(f"{r[0]}  {r[3]:>3} min  {r[1]}  [{r[2]}]\\n" for r in rows))
"""


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the library here")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](args.child[1])))
        return 0

    temp = None
    if args.keep:
        root = args.keep
    else:
        temp = tempfile.TemporaryDirectory(prefix="reader-bench-")
        root = Path(temp.name) / "library"
    if not (root / "index.sqlite3").exists():
        t0 = time.perf_counter()
        build_library(root, args.articles)
        print(f"built a {args.articles:,}-article library in {time.perf_counter() - t0:.1f} s")
    runs = args.runs

    # Taking turns, so that a load that comes and goes weighs on both alike.
    paints: dict[str, list[float]] = {"paint-bare": [], "paint-stock": [], "paint-reader": []}
    for _ in range(max(runs, 5)):
        for name, samples in paints.items():
            samples.append(run_child(name, root)["paint_ms"])
    bare = statistics.median(paints["paint-bare"])
    stock = statistics.median(paints["paint-stock"])
    reader = statistics.median(paints["paint-reader"])
    ratio = reader / bare
    print(
        f"first paint, library ({args.articles:,} articles): {reader:7.0f} ms   "
        f"bare Textual app: {bare:5.0f} ms   ratio {ratio:.2f}x (goal < 1.3x) "
        f"{verdict(ratio < 1.3)}"
    )
    print(
        f"    the same layout from stock Textual widgets, no reader code: {stock:5.0f} ms   "
        f"ratio {stock / bare:.2f}x"
    )

    search = median_of("search", root, runs)
    print(
        f"search keystroke to updated list: {search['search_ms']:7.1f} ms median, "
        f"{search['search_max_ms']:.1f} ms worst (goal < 50 ms) "
        f"{verdict(search['search_ms'] < 50)}; the FTS query alone {search['store_ms']:.1f} ms"
    )

    article = median_of("article", root, runs)
    stock = median_of("markdown", root, 1)["settled_ms"]
    print(
        f"open 20,000-word article ({article['blocks']:.0f} blocks): first screen "
        f"{article['first_ms']:5.0f} ms (goal < 300) {verdict(article['first_ms'] < 300)}, "
        f"settled {article['settled_ms']:5.0f} ms (goal < 600) "
        f"{verdict(article['settled_ms'] < 600)}"
    )
    print(
        f"    stock Markdown widget on the same article: settled {stock:5.0f} ms   "
        f"ratio {article['settled_ms'] / stock:.2f}x"
    )
    print(
        f"peak memory, library + long article open: {article['peak_mb']:5.0f} MB "
        f"(goal < 250 MB) {verdict(article['peak_mb'] < 250)}"
    )

    reader_bin = str(Path(PYTHON).with_name("reader"))
    listing, floor, python = walls(
        [
            [reader_bin, "--data-dir", str(root), "list", "--limit", "50"],
            [PYTHON, "-c", FLOOR_LISTING, "--data-dir", str(root), "list", "--limit", "50"],
            [PYTHON, "-c", "pass"],
        ],
        20,
    )
    print(
        f"`reader list`: {listing:5.0f} ms   `python -c pass`: {python:5.0f} ms   "
        f"ratio {listing / python:.2f}x (goal < 2.5x) {verdict(listing / python < 2.5)}"
    )
    print(
        f"    argparse + sqlite3 + print 50 rows, nothing else: {floor:5.0f} ms   "
        f"ratio {floor / python:.2f}x (the floor of any Python CLI that reads the index)"
    )
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "    (PYTHONDONTWRITEBYTECODE is set: a module never compiled before compiles at "
            "each start)"
        )
    if temp is not None:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
