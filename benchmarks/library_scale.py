"""How reader's commands and app scale with the library: 10k and 100k articles.

    .venv/bin/python benchmarks/library_scale.py [--sizes 2000,10000] [--runs 5]
        [--keep DIR] [--no-app] [--no-reindex]

For each size it writes a library of realistic articles (300-1,500 words of
Zipf-distributed pseudo-words, front matter as reader writes it, tags, states,
and one 20,000-word article for the app), indexes it once, then prints every
figure beside its floor and its goal (issue 20):

- `reader list`, `show`, `search` (a rare and a common word; both rank at most the
  1,000 newest matches), `tag`, `archive`:
  the median wall time next to a floor script that does the same SQL (and, for the
  two writes, the same read, atomic write with fsync and index update) with
  nothing but argparse + sqlite3, the two taking turns in the same run
  (goal: within 1.5x);
- `reader list --all --json` and `reader export --format csv`: wall time and peak
  RSS (goal: <= 2 s and <= 100 MB at 100k);
- `reader reindex`: wall and peak RSS next to plain sqlite3 putting the same
  titles and bodies into the same kind of FTS5 index (contentless, three-letter
  prefixes, the body kept compressed; goal: within 1.5x, <= 150 MB);
- the index's size next to the article files' (goal: <= 1.2x);
- the app (`benchmarks/ui_bench.py`'s children): first paint vs the same layout
  from stock widgets (goal: <= 1.1x), worst search keystroke of 20 (<= 50 ms; beside
  it stock widgets doing the same query and page read, timed the same way),
  the 20,000-word article's first screen (<= 0.3 s) and settled (<= 0.6 s), and
  peak RSS with it open (<= 120 MB).

Ratios are steadier than times on a shared machine; medians of --runs rounds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import ui_bench  # noqa: E402

PYTHON = sys.executable
READER = str(Path(PYTHON).with_name("reader"))
RARE, COMMON = ui_bench.WORDS[3000], ui_bench.WORDS[30]
TAGS = ui_bench.TAGS
#: The Zipf weights summed once: `choices` would sum all 4,000 for every paragraph
#: (the same draws either way, the build of 100,000 articles several times faster).
CUM_WEIGHTS = list(itertools.accumulate(ui_bench.WEIGHTS))

# -- building ----------------------------------------------------------------------------------


def _body(rng: random.Random, words: int) -> str:
    """*words* words of markdown in paragraphs of 40-120 words, with a link now and then."""
    parts: list[str] = []
    left = words
    while left > 0:
        n = min(left, rng.randint(40, 120))
        text = " ".join(rng.choices(ui_bench.WORDS, cum_weights=CUM_WEIGHTS, k=n))
        if rng.random() < 0.3:
            text += f" See [the source](https://example.org/{rng.randint(1, 10**6)})"
        parts.append(text[0].upper() + text[1:] + ".")
        left -= n
    return "\n\n".join(parts)


def build_library(root: Path, count: int) -> float:
    """Write *count* article files (and the long one) into *root*; index them once.

    Returns the seconds the indexing (the first open, with no index) took.
    """
    from reader.library import Library
    from reader.models import Entry, reading_minutes_for
    from reader.store.files import compose_body, entry_to_meta, file_name_for
    from reader.store.frontmatter import dump_document

    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (root / "raw").mkdir(exist_ok=True)
    rng = random.Random(20)
    base = datetime(2026, 11, 1, tzinfo=UTC)
    for number in range(count + 1):
        if number == count:
            entry_id, words = ui_bench.LONG_ID, 20_000
            title = "A very long read of twenty thousand words"
            body = ui_bench.long_markdown(words, rng)
        else:
            entry_id = f"{number:010x}"
            words = rng.randint(300, 1500)
            title = " ".join(
                rng.choices(ui_bench.WORDS, cum_weights=CUM_WEIGHTS, k=rng.randint(3, 9))
            )
            title = title.capitalize()
            body = _body(rng, words)
        entry = Entry(
            id=entry_id,
            url=f"https://example.com/{number}/{entry_id}",
            title=title,
            saved_at=base - timedelta(minutes=number),
            site=rng.choice(ui_bench.SITES),
            byline=f"{rng.choice(ui_bench.WORDS).capitalize()} {rng.choice(ui_bench.WORDS)}",
            excerpt=body.split("\n", 1)[0][:200],  # one line, as extraction gives
            tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
            status="archived" if number % 3 == 0 and number != count else "unread",
            favorite=number % 17 == 0,
            word_count=words,
            reading_minutes=reading_minutes_for(words),
        )
        document = dump_document(entry_to_meta(entry), compose_body(title, body))
        (articles / file_name_for(entry_id, title)).write_text(document, encoding="utf-8")
    t0 = time.perf_counter()
    Library(root).close()
    return time.perf_counter() - t0


# -- the floors: the same work with nothing but argparse + sqlite3 ----------------------------

FLOOR = r"""
import argparse, json, os, re, sqlite3, sys
parser = argparse.ArgumentParser(prog="reader")
parser.add_argument("--data-dir")
parser.add_argument("--index")
commands = parser.add_subparsers(dest="command")
p = commands.add_parser("list"); p.add_argument("--limit", type=int, default=50)
p = commands.add_parser("show"); p.add_argument("id")
p = commands.add_parser("search"); p.add_argument("query", nargs="+")
p.add_argument("--limit", type=int, default=50)
p = commands.add_parser("tag"); p.add_argument("id"); p.add_argument("tags", nargs="+")
p = commands.add_parser("archive"); p.add_argument("ids", nargs="+")
args = parser.parse_args()
db = sqlite3.connect(args.index, isolation_level=None)
articles = os.path.join(args.data_dir, "articles")
COLS = "a.id, a.title, a.site, a.reading_minutes, a.status, a.favorite"
def line(r):
    marks = ('*' if r[5] else ' ') + ('.' if r[4] == 'unread' else ' ')
    return f"{r[0]}  {marks} {r[3]:>3} min  {r[1]}  [{r[2]}]\n"
if args.command == "list":
    rows = db.execute(f"SELECT {COLS} FROM articles a WHERE a.status = 'unread' "
                      "ORDER BY a.saved_at DESC, a.rowid DESC LIMIT ?", (args.limit,))
    sys.stdout.write("".join(map(line, rows)))
elif args.command == "search":
    q = " ".join(f'"{w}"' for w in args.query) + "*"
    # As reader does: the 1,000 newest matches scored, the best of them listed.
    rows = db.execute(
        f"SELECT {COLS} FROM (SELECT r, score, saved FROM (SELECT f.rowid AS r, "
        "bm25(articles_fts, 10.0, 3.0, 3.0, 1.0) AS score, a.saved_at AS saved "
        "FROM articles_fts f JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? "
        "ORDER BY f.rowid DESC LIMIT 1000) ORDER BY score, saved DESC LIMIT ?) m "
        "JOIN articles a ON a.rowid = m.r ORDER BY m.score, m.saved DESC", (q, args.limit))
    sys.stdout.write("".join(map(line, rows)))
elif args.command == "show":
    path, title = db.execute("SELECT path, title FROM articles WHERE id = ?", (args.id,)).fetchone()
    text = open(os.path.join(articles, path), encoding="utf-8").read()
    body = text[text.index("\n---\n", 3) + 5:]
    sys.stdout.write(f"# {title}\n\n{body.partition(chr(10))[2].strip()}\n")
else:
    ids = [args.id] if args.command == "tag" else args.ids
    for entry_id in ids:
        rowid, path = db.execute("SELECT rowid, path FROM articles WHERE id = ?", (entry_id,)).fetchone()
        file = os.path.join(articles, path)
        text = open(file, encoding="utf-8").read()
        if args.command == "tag":
            text = re.sub(r"^tags:.*$", "tags:\n" + "".join(f"- {t}\n" for t in args.tags).rstrip(), text, count=1, flags=re.M)
        else:
            text = text.replace("status: unread", "status: archived", 1)
        tmp = file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text); handle.flush(); os.fsync(handle.fileno())
        os.replace(tmp, file)
        fd = os.open(articles, os.O_RDONLY); os.fsync(fd); os.close(fd)
        st = os.stat(file)
        db.execute("BEGIN IMMEDIATE")
        if args.command == "tag":
            db.execute("UPDATE articles SET tags = ?, mtime_ns = ?, size = ? WHERE rowid = ?",
                       (json.dumps(args.tags), st.st_mtime_ns, st.st_size, rowid))
            db.executemany("INSERT OR IGNORE INTO article_tags VALUES (?, ?)", [(rowid, t) for t in args.tags])
        else:
            db.execute("UPDATE articles SET status = 'archived', mtime_ns = ?, size = ? WHERE rowid = ?",
                       (st.st_mtime_ns, st.st_size, rowid))
        db.execute("COMMIT")
        sys.stdout.write(entry_id + "\n")
"""

#: Plain sqlite3 putting the same titles and bodies into the same kind of search index as
#: reader's (contentless FTS5, three-letter prefixes, the body kept zlib-compressed for
#: deletes), as fast as it goes.
FLOOR_REINDEX = r"""
import os, re, sqlite3, sys, zlib
articles, target = sys.argv[1], sys.argv[2]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, content = '', prefix = '3', "
           "tokenize = 'unicode61 remove_diacritics 2')")
db.execute("CREATE TABLE text (rowid INTEGER PRIMARY KEY, body BLOB NOT NULL)")
title_line = re.compile(r"^title: (.*)$", re.M)
def rows():
    for item in os.scandir(articles):
        if item.name.endswith(".md"):
            item.stat()
            with open(item.path, encoding="utf-8") as handle:
                text = handle.read()
            end = text.index("\n---\n", 3)
            match = title_line.search(text, 0, end)
            yield (match.group(1) if match else "", text[end + 5:])
db.execute("BEGIN")
for rowid, (title, body) in enumerate(rows(), 1):
    db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, title, body))
    db.execute("INSERT INTO text VALUES (?, ?)", (rowid, zlib.compress(body.encode(), 1)))
db.execute("COMMIT")
"""


# -- measuring ---------------------------------------------------------------------------------


#: Runs a command and reports its wall time and peak RSS. A small process of its own
#: starts it: a child of this (large) process would count this one's memory as its own.
SPAWN = r"""
import os, sys, time
t0 = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\n@@ {time.perf_counter() - t0} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")
"""


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run *command*; its wall seconds and peak RSS in MB (its own, from wait4)."""
    proc = subprocess.run(
        [PYTHON, "-c", SPAWN, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        check=False,
    )
    *before, last = proc.stderr.rstrip().split("\n")
    _, wall, rss, code = last.split()
    if int(code):
        raise SystemExit(f"{' '.join(command)} failed ({code}): {''.join(before)[-500:]}")
    return float(wall), int(rss) / 1024


def turns(
    commands: list[list[str]], runs: int, env: dict[str, str], between: float = 0.0
) -> list[float]:
    """Median wall ms of each command, taking turns, after one warm-up round.

    *between* seconds of pause before each round lets a throttled check come due,
    so the figure is an honest mix and not only the quiet case.
    """
    samples: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        if between:
            time.sleep(between)
        for command, times in zip(commands, samples, strict=True):
            wall, _ = run_measured(command, env)
            if round_:
                times.append(wall * 1000)
    return [statistics.median(times) for times in samples]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def row(label: str, value: str, floor: str, ratio: float | None, goal: str, ok: bool) -> None:
    shown = f"{ratio:5.2f}x" if ratio is not None else "      "
    print(f"  {label:<34} {value:>10}  {floor:>18}  {shown}  {goal:<22} {verdict(ok)}")


def file_bytes(folder: Path) -> int:
    return sum(item.stat().st_size for item in os.scandir(folder) if item.name.endswith(".md"))


def index_bytes(index: Path) -> int:
    import sqlite3

    with sqlite3.connect(index) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(
        Path(f"{index}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{index}{suffix}").exists()
    )


def measure(root: Path, size: int, args: argparse.Namespace, env: dict[str, str]) -> None:
    from reader.config import index_folder_for

    index = index_folder_for(root, Path(env["READER_CACHE_DIR"])) / "index.sqlite3"
    runs = args.runs
    print(f"\n== {size:,} articles ==")
    print(f"  {'figure':<34} {'reader':>10}  {'floor':>18}  ratio  goal")
    base = [READER, "--data-dir", str(root)]
    floor = [PYTHON, "-c", FLOOR, "--data-dir", str(root), "--index", str(index)]
    one = "0000000007"
    pairs = {
        "list --limit 50": ["list", "--limit", "50"],
        "show ID": ["show", one],
        f"search rare word ({RARE})": ["search", RARE],
        f"search common word ({COMMON})": ["search", COMMON],
    }
    for label, words in pairs.items():
        mine, theirs = turns([base + words, floor + words], runs, env)
        ratio = mine / theirs
        row(label, f"{mine:.0f} ms", f"{theirs:.0f} ms", ratio, "<= 1.5x floor", ratio <= 1.5)
    # A command every few seconds: the throttled check of files edited in place comes due.
    mine, theirs = turns([[*base, "list", "--limit", "50"], [*floor, "list"]], 3, env, 6.0)
    ratio = mine / theirs
    row(
        "list, 6 s after the last command",
        f"{mine:.0f} ms",
        f"{theirs:.0f} ms",
        ratio,
        "(informative)",
        True,
    )
    big = size >= 100_000
    for label, words in (
        ("list --all --json", ["list", "--all", "--json"]),
        ("export --format csv", ["export", "--format", "csv"]),
    ):
        wall, rss = run_measured(base + words, env)
        row(f"{label} (time)", f"{wall:.2f} s", "", None, "<= 2 s at 100k", wall <= 2 or not big)
        row(
            f"{label} (peak RSS)",
            f"{rss:.0f} MB",
            "",
            None,
            "<= 100 MB at 100k",
            rss <= 100 or not big,
        )
    text = file_bytes(root / "articles")
    stored = index_bytes(index)
    ratio = stored / text
    row(
        "index size / article files",
        f"{stored / 2**20:.0f} MiB",
        f"{text / 2**20:.0f} MiB",
        ratio,
        "<= 1.2x",
        ratio <= 1.2,
    )
    # The writes come last: the floor's own writes are, to reader, files changed
    # behind its back, which the commands after them would have to look at again.
    writes = {
        "tag ID TAG": lambda n: ["tag", f"{n:010x}", "benchmark"],
        "archive ID": lambda n: ["archive", f"{n:010x}"],
    }
    mine_t: dict[str, list[float]] = {label: [] for label in writes}
    floor_t: dict[str, list[float]] = {label: [] for label in writes}
    for prefix, times, offset in ((base, mine_t, 0), (floor, floor_t, 1)):  # reader's first
        for round_ in range(runs + 1):
            for number, (label, words) in enumerate(writes.items()):
                n = 1 + 3 * (round_ * 2 + number * 40) + offset  # unread ones, each once
                wall, _ = run_measured(prefix + words(n), env)
                if round_:
                    times[label].append(wall * 1000)
    for label in writes:
        m, f = statistics.median(mine_t[label]), statistics.median(floor_t[label])
        row(label, f"{m:.0f} ms", f"{f:.0f} ms", m / f, "<= 1.5x floor", m / f <= 1.5)
    if not args.no_reindex:
        target = root.parent / f"floor-{size}.sqlite3"
        mine_w, mine_rss = run_measured([*base, "reindex"], env)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        floor_w, floor_rss = run_measured(
            [PYTHON, "-c", FLOOR_REINDEX, str(root / "articles"), str(target)], env
        )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        ratio = mine_w / floor_w
        row(
            "reindex (time)",
            f"{mine_w:.1f} s",
            f"{floor_w:.1f} s",
            ratio,
            "<= 1.5x floor",
            ratio <= 1.5,
        )
        row(
            "reindex (peak RSS)",
            f"{mine_rss:.0f} MB",
            f"{floor_rss:.0f} MB",
            None,
            "<= 150 MB",
            mine_rss <= 150,
        )
    if not args.no_app:
        measure_app(root, runs, env)


def measure_app(root: Path, runs: int, env: dict[str, str]) -> None:
    """The app's figures, from ui_bench.py's children (each a fresh process)."""
    os.environ.update(env)
    paints: dict[str, list[float]] = {"paint-stock": [], "paint-reader": []}
    for _ in range(max(runs, 5)):
        for name, samples in paints.items():
            samples.append(ui_bench.run_child(name, root)["paint_ms"])
    stock = statistics.median(paints["paint-stock"])
    reader = statistics.median(paints["paint-reader"])
    row(
        "app: first paint",
        f"{reader:.0f} ms",
        f"{stock:.0f} ms stock",
        reader / stock,
        "<= 1.1x stock layout",
        reader / stock <= 1.1,
    )
    searches: list[dict[str, float]] = []
    stock: list[dict[str, float]] = []
    for _ in range(4):  # 5 queries each, taking turns with the stock floor
        searches.append(ui_bench.run_child("search", root))
        stock.append(ui_bench.run_child("search-stock", root))
    worst = max(result["search_max_ms"] for result in searches)
    floor = max(result["search_max_ms"] for result in stock)
    store = statistics.median(result["store_ms"] for result in searches)
    row(
        "app: search keystroke, worst of 20",
        f"{worst:.0f} ms",
        f"{floor:.0f} ms stock",
        worst / floor,
        "<= 50 ms",
        worst <= 50,
    )
    row(
        "app: search keystroke, median",
        f"{statistics.median(r['search_ms'] for r in searches):.0f} ms",
        f"{statistics.median(r['search_ms'] for r in stock):.0f} ms stock",
        None,
        f"(query alone {store:.0f} ms)",
        True,
    )
    article = ui_bench.median_of("article", root, max(1, runs // 2))
    row(
        "app: 20,000 words, first screen",
        f"{article['first_ms']:.0f} ms",
        "",
        None,
        "<= 300 ms",
        article["first_ms"] <= 300,
    )
    row(
        "app: 20,000 words, settled",
        f"{article['settled_ms']:.0f} ms",
        "",
        None,
        "<= 600 ms",
        article["settled_ms"] <= 600,
    )
    row(
        "app: peak RSS, long article open",
        f"{article['peak_mb']:.0f} MB",
        "",
        None,
        "<= 120 MB",
        article["peak_mb"] <= 120,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated library sizes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the libraries under DIR")
    parser.add_argument("--no-app", action="store_true", help="skip the app's figures")
    parser.add_argument("--no-reindex", action="store_true", help="skip the reindex")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    temp = None
    if args.keep:
        top = args.keep
        top.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.TemporaryDirectory(prefix="reader-scale-")
        top = Path(temp.name)
    env = dict(os.environ, READER_CACHE_DIR=str(top / "cache"), PYTHONPATH=str(ROOT))
    # An installed reader starts from compiled modules; so do the floors.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["READER_CACHE_DIR"] = env["READER_CACHE_DIR"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        for size in sizes:
            root = top / f"library-{size}"
            if not (root / "articles").is_dir():
                t0 = time.perf_counter()
                indexing = build_library(root, size)
                print(
                    f"built {size:,} articles in {time.perf_counter() - t0:.0f} s "
                    f"(first index {indexing:.1f} s)"
                )
            measure(root, size, args, env)
    finally:
        if temp is not None:
            shutil.rmtree(top, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
