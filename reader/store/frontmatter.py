"""Read and write a markdown file's YAML front matter.

A document is ``---\\n<yaml mapping>\\n---\\n<body>``. Values are written with
``yaml.safe_dump`` so untrusted titles cannot break the block, and read with the
safe loader so a hand-edited file cannot run anything.

Every file read here may come from outside (an import folder, a synced copy, a
hand edit), so reading is bounded too: the header is at most `MAX_HEADER_CHARS`,
and no field may expand through YAML aliases past `MAX_NODES` values (a "billion
laughs" header of a few hundred bytes would otherwise become billions of values
for whatever walks it next).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from reader.errors import StoreError

_FENCE = "---"
_CLOSING = re.compile(r"^---\r*$", re.MULTILINE)

#: Longest front matter read (reader writes a few hundred characters; 1 MB is lavish).
MAX_HEADER_CHARS = 1_000_000
#: Most values (scalars, lists, mappings) a field may hold once its aliases are expanded.
MAX_NODES = 100_000


@functools.cache
def _yaml() -> tuple[ModuleType, Any, Any]:
    """PyYAML with its fastest safe loader and dumper, imported on first use.

    Listing a library whose index is up to date reads no front matter, so
    `reader list` does not pay for importing yaml.
    """
    import yaml

    try:  # the C loader/dumper are several times faster when libyaml is present
        return yaml, yaml.CSafeLoader, yaml.CSafeDumper
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        return yaml, yaml.SafeLoader, yaml.SafeDumper


#: The front-matter field holding `body_digest` of the body reader last wrote.
DIGEST_FIELD = "body_digest"


def body_digest(body: str) -> str:
    """A short fingerprint of a document's body (line endings and edge blanks ignored).

    Written into the front matter with every document reader writes, so that a body
    edited by hand since (in an editor, on another machine) is told apart from one
    reader wrote: a sync merge then counts the hand edit as the newest change.
    """
    import hashlib

    text = body.replace("\r\n", "\n").strip()
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def hand_edited(meta: dict[str, Any], body: str) -> bool:
    """True when *body* is not the body reader last wrote with front matter *meta*
    (False when the file carries no digest: written before digests, nothing known)."""
    digest = meta.get(DIGEST_FIELD)
    return isinstance(digest, str) and digest != body_digest(body)


def edit_time(meta: dict[str, Any], body: str, mtime_ns: int) -> str | None:
    """When the body was edited by hand, as an ISO 8601 UTC time (the file's
    modification time), or None when reader wrote it (see `hand_edited`)."""
    if mtime_ns <= 0 or not hand_edited(meta, body):
        return None
    from datetime import UTC, datetime

    moment = datetime.fromtimestamp(mtime_ns / 1e9, UTC)
    return moment.isoformat(timespec="milliseconds")


def dump_document(meta: dict[str, Any], body: str) -> str:
    """Render front matter *meta* and markdown *body* as one document (with the
    body's digest, see `body_digest`)."""
    yaml, _, dumper = _yaml()
    meta = {k: v for k, v in meta.items() if k != DIGEST_FIELD}
    meta[DIGEST_FIELD] = body_digest(body)
    header = yaml.dump(
        meta,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )
    return f"{_FENCE}\n{header}{_FENCE}\n\n{body.rstrip()}\n"


def split_document(text: str) -> tuple[str, str]:
    """Split a document into its raw YAML header and its body.

    Raises StoreError if the document does not start with a front matter block, or
    when that block is not closed within `MAX_HEADER_CHARS`.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.startswith(_FENCE + "\n"):
        start = len(_FENCE) + 1
    elif text.startswith(_FENCE + "\r\n"):
        start = len(_FENCE) + 2
    else:
        raise StoreError("no front matter (the file must start with a '---' line)")
    # Looked for in a bounded window: a huge file without a closing line costs no more
    # than a normal one, and nothing splits the whole file into lines.
    closing = _CLOSING.search(text, start, start + MAX_HEADER_CHARS + len(_FENCE) + 2)
    if closing is not None and text[closing.end() : closing.end() + 1] not in ("", "\n"):
        closing = None  # "$" matched where the window ends, inside a longer line
    if closing is None:
        if len(text) > start + MAX_HEADER_CHARS:
            raise StoreError(
                f"front matter is longer than {MAX_HEADER_CHARS:,} characters (or not closed)"
            )
        raise StoreError("front matter is not closed (no second '---' line)")
    header = text[start : max(start, closing.start() - 1)]
    body = text[closing.end() + 1 :]
    return header, body.lstrip("\n")


def parse_document(text: str, *, strict: bool = False) -> tuple[dict[str, Any], str]:
    """Parse a document into its front matter mapping and its body.

    A field whose value YAML aliases expand past `MAX_NODES` values, or that holds
    itself, is left out (as any field of the wrong type is ignored later), so the
    rest of the file still reads; with *strict* (an import, which reports and skips
    such a file) it is a StoreError instead.
    Raises StoreError with a one-line reason when the front matter is broken or too big.
    """
    header, body = split_document(text)
    yaml, loader, _ = _yaml()
    try:
        meta = yaml.load(header, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise StoreError(f"front matter is not valid YAML{where}") from None
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        # A value YAML accepts but Python cannot hold: a 2024-13-01 date, a timezone
        # of +99:00, an integer of 100,000 digits.
        reason = str(exc).split("\n", 1)[0][:80]
        raise StoreError(f"front matter has a value that cannot be read ({reason})") from None
    if not isinstance(meta, dict):
        raise StoreError("front matter is not a mapping of fields")
    if "*" in header:  # an alias is written "*name": without one nothing is shared
        meta = _defused(meta, strict)
    return meta, body


_Container = (list, dict, set)


def _defused(meta: dict[Any, Any], strict: bool) -> dict[Any, Any]:
    """*meta* without the fields that expand past `MAX_NODES` values or hold themselves.

    PyYAML builds an alias as a second reference to one object, so loading is cheap;
    the cost comes later, to whatever walks the value (``str()``, JSON, a tag list).
    """
    sizes: dict[int, int] = {}  # id of a list/dict/set -> values in it, expanded
    kept: dict[Any, Any] = {}
    for key, value in meta.items():
        if _expanded_size(value, sizes) is not None:
            kept[key] = value
        elif strict:
            raise StoreError(
                f"front matter field {str(key)[:40]!r} expands to more than "
                f"{MAX_NODES:,} values or contains itself (YAML aliases)"
            )
    return kept


def _expanded_size(value: object, sizes: dict[int, int]) -> int | None:
    """How many values *value* holds with every shared part counted each time it appears;
    None when that is more than `MAX_NODES` or *value* contains itself.

    Iterative (an alias chain can nest deeper than Python's stack), and each shared
    container is walked once (its size is kept in *sizes*).
    """
    if not isinstance(value, _Container):
        return 1
    stack: list[tuple[Any, Iterator[Any]]] = [(value, _children(value))]
    on_path = {id(value)}
    totals = [1]
    while stack:
        node, children = stack[-1]
        for child in children:
            if not isinstance(child, _Container):
                totals[-1] += 1
            elif id(child) in sizes:
                totals[-1] += sizes[id(child)]
            elif id(child) in on_path:
                return None  # a list that contains itself: endless to anything that walks it
            else:
                stack.append((child, _children(child)))
                on_path.add(id(child))
                totals.append(1)
                break
            if totals[-1] > MAX_NODES:
                return None
        else:
            stack.pop()
            on_path.discard(id(node))
            count = totals.pop()
            sizes[id(node)] = count
            if not totals:
                return count
            totals[-1] += count
            if totals[-1] > MAX_NODES:
                return None
    return None  # pragma: no cover - the loop returns when the root is done


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        return itertools.chain(node.keys(), node.values())
    return iter(node)
