"""Read and write a markdown file's YAML front matter.

A document is ``---\\n<yaml mapping>\\n---\\n<body>``. Values are written with
``yaml.safe_dump`` so untrusted titles cannot break the block, and read with the
safe loader so a hand-edited file cannot run anything.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

from reader.errors import StoreError

_FENCE = "---"


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


def dump_document(meta: dict[str, Any], body: str) -> str:
    """Render front matter *meta* and markdown *body* as one document."""
    yaml, _, dumper = _yaml()
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

    Raises StoreError if the document does not start with a front matter block.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith(_FENCE + "\n") and not text.startswith(_FENCE + "\r\n"):
        raise StoreError("no front matter (the file must start with a '---' line)")
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") == _FENCE:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return header, body.lstrip("\n")
    raise StoreError("front matter is not closed (no second '---' line)")


def parse_document(text: str) -> tuple[dict[str, Any], str]:
    """Parse a document into its front matter mapping and its body.

    Raises StoreError with a one-line reason when the front matter is broken.
    """
    header, body = split_document(text)
    yaml, loader, _ = _yaml()
    try:
        meta = yaml.load(header, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise StoreError(f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        raise StoreError("front matter is not a mapping of fields")
    return meta, body
