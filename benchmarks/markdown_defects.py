"""Count the reading-view defects of issue #16 in reader's markdown for a set of pages.

    python benchmarks/markdown_defects.py                     # tests/data/pages/*.html
    python benchmarks/markdown_defects.py DIR --limit 300     # the first 300 pages of DIR
    python benchmarks/markdown_defects.py DIR --show table    # print the offending lines

For each defect, the number of pages showing it at least once (and of occurrences):

- ``backslash``: a line that is only ``\\`` (a ``<br>`` at a block's edge);
- ``split``: a paragraph that starts with closing punctuation or a lower-case word right
  after a paragraph that ends without a full stop (a sentence cut at a link or bold word);
- ``table``: a pipe table with one column, or whose cells are all empty but one per row;
- ``soft hyphen``: U+00AD or a zero-width space inside the text;
- ``counter``: a gallery counter ("Image 1 of 5", "1 / 12") or an "Image caption" prefix;
- ``repeated caption``: an italic caption line that appears more than once.

The goal is zero on every line; the counts are a census, not a test.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract_speed import find_pages, read_page  # noqa: E402

from reader.errors import ExtractError  # noqa: E402
from reader.extract import extract  # noqa: E402

_COUNTER = re.compile(
    r"^\*?(?:(?:image|photo|picture|slide|bild|foto)\s+\d+\s+(?:of|von|de|sur)\s+\d+"
    r"|\d+\s*(?:/|of)\s*\d+\*?$|image caption|media caption|bildunterschrift)\b",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?:;…\"”»)\]*_`|。！？」）]$")
_STARTS_LOOSE = re.compile(r"^(?:[.,;:)?]|![^\[]|[a-zà-ÿ][a-zà-ÿ]*[ ,.])")


def defects(markdown: str) -> dict[str, list[str]]:
    """The defect lines of *markdown*, by kind."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    lines = markdown.split("\n")
    for line in lines:
        if line.strip() == "\\":
            found["backslash"].append(line)
        if "\u00ad" in line or "\u200b" in line:
            found["soft hyphen"].append(line)
        if _COUNTER.match(line.strip()):
            found["counter"].append(line)
    paragraphs = [p.strip() for p in markdown.split("\n\n") if p.strip()]
    for before, after in itertools.pairwise(paragraphs):
        plain = not before.startswith(("#", "-", "|", ">", "```", "!", "*", "1."))
        if plain and not _ENDS_SENTENCE.search(before) and _STARTS_LOOSE.match(after):
            found["split"].append(f"{before[-40:]!r} / {after[:40]!r}")
    for block in paragraphs:
        rows = [r for r in block.split("\n") if r.startswith("|")]
        if len(rows) < 2 or len(rows) != len(block.split("\n")):
            continue
        cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
        body = [c for c in cells if not all(set(x) <= set("-: ") for x in c)]
        if all(len(c) == 1 for c in cells) or all(sum(1 for x in c if x) <= 1 for c in body):
            found["table"].append(rows[0][:80])
    captions = collections.Counter(
        line.strip() for line in lines if re.fullmatch(r"\*[^*].*[^*]\*", line.strip())
    )
    found["repeated caption"] += [c for c, n in captions.items() if n > 1]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="HTML files or folders (default: test pages)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--show", default="", help="print the lines of this defect")
    args = parser.parse_args(argv)
    pages = find_pages(args.paths)
    if args.limit:
        pages = pages[: args.limit]
    pages_with: collections.Counter[str] = collections.Counter()
    occurrences: collections.Counter[str] = collections.Counter()
    for path in pages:
        markdown = ""
        with contextlib.suppress(ExtractError):
            markdown = extract(read_page(path)).markdown
        for kind, lines in defects(markdown).items():
            if not lines:
                continue
            pages_with[kind] += 1
            occurrences[kind] += len(lines)
            if args.show in (kind, "all"):
                for line in lines[:5]:
                    print(f"{path.name}: {line[:160]}")
    print(f"{len(pages)} pages")
    for kind in ("backslash", "split", "table", "soft hyphen", "counter", "repeated caption"):
        print(f"{kind:<18} {pages_with[kind]:4} pages {occurrences[kind]:6} times")
    return 0


if __name__ == "__main__":
    sys.exit(main())
