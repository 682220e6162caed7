"""Omnivore's export: a zip of ``metadata_*.json`` lists, ``content/<slug>.html`` and
``highlights/<slug>.md``.

Each metadata item has ``title``, ``url``, ``slug``, ``labels``, ``state``
("Archived" means read), ``savedAt``, ``readingProgress`` (a percentage),
``author`` (the byline), ``description`` (the excerpt), ``publishedAt`` and
``thumbnail`` (the lead image). The content file is the article as
Omnivore extracted it; the highlights file has one ``> quote`` block per
highlight, followed by the note, if any.
"""

from __future__ import annotations

import re

from reader.errors import ImportFormatError
from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    decode_text,
    extra_text,
    parse_progress,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_items
from reader.importers.limits import DEFAULT_LIMITS, ImportLimits, zip_members
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

NAME = "omnivore"

_METADATA = re.compile(r"(?:^|/)metadata_[^/]*\.json$")
_BACKLINK = re.compile(r"\s*\[[^\]]*\]\([^)]*\)\s*$")


def parse_highlights(markdown: str) -> tuple[ImportedHighlight, ...]:
    """The highlights of an Omnivore ``highlights/<slug>.md`` file."""
    found: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        if not block.strip():
            continue
        if lines[0].startswith(">"):
            quote = "\n".join(line[1:].removeprefix(" ") for line in lines if line.startswith(">"))
            found.append((_BACKLINK.sub("", quote).strip(), []))
        elif found:
            found[-1][1].append(block.strip())
    return tuple(ImportedHighlight(exact=q, note="\n\n".join(n)) for q, n in found if q)


def _labels(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return split_tags([v.get("name", "") if isinstance(v, dict) else str(v) for v in value])
    return split_tags(value) if isinstance(value, str) else ()


def parse_zip(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> ParsedImport:
    """Read an Omnivore export zip."""
    result = ParsedImport(NAME)
    metadata: list[tuple[str, str]] = []
    contents: dict[str, str] = {}
    highlights: dict[str, str] = {}
    for name, raw in zip_members(data, limits):
        base = name.rsplit("/", 1)[-1]
        stem = base.rsplit(".", 1)[0]
        if _METADATA.search(name):
            metadata.append((base, decode_text(raw)))
        elif "content/" in name and base.endswith(".html"):
            contents[stem] = decode_text(raw)
        elif "highlights/" in name and base.endswith(".md"):
            highlights[stem] = decode_text(raw)
    if not metadata:
        raise ImportFormatError("no metadata_*.json file in the zip: not an Omnivore export")
    for file_name, text in sorted(metadata, key=lambda item: _first_number(item[0])):
        try:
            items = list(json_items(text))
        except ImportFormatError as exc:
            raise ImportFormatError(f"{file_name}: {exc}") from None
        for number, (line, item) in enumerate(items, start=1):
            try:
                result.records.append(_record(item, line, contents, highlights))
            except RowError as exc:
                result.problems.append(ImportProblem(line, f"{file_name}: {exc}", number))
    return result


def _record(
    item: object, line: int, contents: dict[str, str], highlights: dict[str, str]
) -> ImportRecord:
    if not isinstance(item, dict):
        raise RowError("item is not a JSON object")
    url = check_url(item.get("url"))
    state = str(item.get("state") or "").strip().casefold()
    if state == "deleted":
        raise RowError("deleted in Omnivore")
    slug = item.get("slug")
    slug = slug if isinstance(slug, str) else ""
    content = contents.get(slug)
    extra = _extra(item)
    return ImportRecord(
        url=url,
        line=line,
        title=clean_title(item.get("title")),
        tags=_labels(item.get("labels")),
        saved_at=parse_time(item.get("savedAt")),
        status="archived" if state == "archived" else "unread",
        content_html=content if content and content.strip() else None,
        highlights=parse_highlights(highlights.get(slug, "")),
        extra=extra,
    )


def _extra(item: dict[str, object]) -> dict[str, object]:
    """Progress, byline, excerpt, date and image of one metadata item."""
    try:
        published = parse_time(item.get("publishedAt"))
    except RowError:
        published = None
    thumbnail = item.get("thumbnail")
    try:
        image = check_url(thumbnail) if isinstance(thumbnail, str) and thumbnail else ""
    except RowError:
        image = ""
    extra = extra_text(
        byline=item.get("author"),
        excerpt=item.get("description"),
        published=published.isoformat() if published else None,
        lead_image=image,
    )
    progress = parse_progress(item.get("readingProgress"), percent=True)
    if progress:
        extra["progress"] = progress
    return extra


def _first_number(name: str) -> int:
    match = re.search(r"\d+", name)
    return int(match.group()) if match else 0
