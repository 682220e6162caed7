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

from reader.errors import StoreError

# `typing` costs milliseconds to import, and `reader list` imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    from reader.config import sha256_hex

    text = body.replace("\r\n", "\n").strip()
    return sha256_hex(text.encode("utf-8", "surrogatepass"))[:12]


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
    fast = quick_load(header)
    if fast is not None:
        return fast, body
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


# -- the quick path: the front matter reader itself writes, read without building YAML ---------

_QUICK_KEY = re.compile(r"([a-z_]+):(?: (.*))?\Z")
_QUICK_NESTED = re.compile(r"  ([a-z_]+): (.*)\Z")
_QUICK_INT = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_QUICK_FLOAT = re.compile(r"[0-9]+\.[0-9]+\Z")
_QUICK_WORD = re.compile(r"[0-9][0-9a-z]*[a-z][0-9a-z]*\Z")
# Characters YAML refuses (and tabs, which it reads its own way): any header holding
# one is left to YAML.
_QUICK_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


@functools.cache
def _quick_unsafe() -> re.Pattern[str]:
    """`_QUICK_CONTROL` for text beyond ASCII: also what YAML reads as a line break
    (NEL, LS, PS) and the byte-order mark (compiled on first use: it is slow to)."""
    return re.compile(
        "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )


# Plain words YAML 1.1 reads as booleans or null (any case): never taken for text here.
_QUICK_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_NOT_PLAIN = object()


def quick_load(header: str) -> dict[str, Any] | None:
    """The mapping YAML's safe loader would build from *header*, for the shapes reader
    writes (``key: scalar``, a block list, one level of nested mapping), or None when
    the header holds anything else (quoting with escapes, folded lines, anchors, tags,
    comments, dates, odd numbers, a duplicate key): then YAML itself reads it.

    About ten times faster than building the YAML document: a reindex of 100,000
    articles spends most of its time here otherwise. It never guesses: every value it
    returns is the one YAML gives (tests/test_frontmatter_quick.py compares them).
    """
    unsafe = _QUICK_CONTROL if header.isascii() else _quick_unsafe()
    if unsafe.search(header):
        return None
    lines = header.split("\n")
    meta: dict[str, Any] = {}
    i = 0
    while i < len(lines):
        match = _QUICK_KEY.match(lines[i])
        if match is None:
            return None
        key, raw = match.group(1), match.group(2)
        if key in meta or key in _QUICK_WORDS:
            return None
        i += 1
        value: Any
        if raw is None:  # a block list or mapping follows (or nothing: null)
            if i < len(lines) and lines[i].startswith("- "):
                items: list[Any] = []
                while i < len(lines) and lines[i].startswith("- "):
                    item = _quick_scalar(lines[i][2:])
                    if item is _NOT_PLAIN or isinstance(item, list | dict):
                        return None
                    items.append(item)
                    i += 1
                value = items
            elif i < len(lines) and lines[i].startswith("  "):
                nested: dict[str, Any] = {}
                while i < len(lines) and lines[i].startswith("  "):
                    inner = _QUICK_NESTED.match(lines[i])
                    if inner is None or inner.group(1) in nested:
                        return None
                    if inner.group(1) in _QUICK_WORDS:
                        return None
                    item = _quick_scalar(inner.group(2))
                    if item is _NOT_PLAIN or isinstance(item, list | dict):
                        return None
                    nested[inner.group(1)] = item
                    i += 1
                value = nested
            else:
                return None  # "key:" alone: rare enough to leave to YAML
        else:
            value = _quick_scalar(raw)
            if value is _NOT_PLAIN:
                return None
        meta[key] = value
    return meta


def _quick_scalar(raw: str) -> Any:
    """One scalar as YAML reads it, or `_NOT_PLAIN` when that takes YAML to tell."""
    if not raw or raw != raw.strip(" "):
        return _NOT_PLAIN
    first = raw[0]
    if first == "'":
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != "'" or "'" in inner.replace("''", ""):
            return _NOT_PLAIN
        return inner.replace("''", "'")
    if first == '"':
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != '"' or '"' in inner or "\\" in inner:
            return _NOT_PLAIN
        return inner
    if raw == "[]":
        return []
    if raw == "{}":
        return {}
    if first.isdigit():
        if len(raw) > 20:
            return _NOT_PLAIN  # a number of 50,000 digits: YAML's reader bounds it
        if _QUICK_INT.match(raw):
            return int(raw)
        if _QUICK_FLOAT.match(raw):
            return float(raw)
        if _QUICK_WORD.match(raw) and not raw.startswith(("0b", "0x")):
            return raw  # an id such as 0a1b2c3d4e: letters and digits are text to YAML
        return _NOT_PLAIN  # a date, an octal or sexagesimal number, a version...
    if not first.isalpha() or not first.isascii():
        return _NOT_PLAIN  # an indicator (- ? : , [ ] { } # & * ! | > % @ `) or worse
    if ": " in raw or " #" in raw or raw.endswith(":"):
        return _NOT_PLAIN
    lowered = raw.lower()
    if lowered in ("true", "false") and raw in ("true", "false", "True", "False", "TRUE", "FALSE"):
        return lowered == "true"
    if lowered in _QUICK_WORDS:
        return _NOT_PLAIN
    return raw
