"""reader's own highlights export (``reader export highlights``), read back.

JSON: ``{"format": "reader-highlights", "articles": [{"url", "title", "byline",
"published", "saved_at", "tags", "highlights": [...sidecar entries]}]}``. Markdown:
``# Highlights``, then one ``## Title`` section per article with ``- URL: <...>``,
``- Author:``, ``- Saved:``, ``- Tags: #a #b`` lines, each quote a blockquote and its
note the paragraph after it. Each article becomes a record with its highlights,
merged onto the library's article of that URL (or added and fetched).
"""

from __future__ import annotations

import re

from reader.errors import ImportFormatError
from reader.importers.common import (
    MAX_HIGHLIGHTS,
    RowError,
    check_url,
    clean_title,
    extra_text,
    highlight_from,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_document
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

JSON_NAME = "reader-highlights"
MARKDOWN_NAME = "reader-highlights-md"
FORMAT_MARK = "reader-highlights"

_DETAIL = re.compile(r"^- (URL|Author|Published|Saved|Tags): (.*)$")


def parse_json(text: str) -> ParsedImport:
    """Read the JSON highlights export."""
    result = ParsedImport(JSON_NAME)
    document = json_document(text)
    articles = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(articles, list):
        raise ImportFormatError("a reader highlights export has an 'articles' list")
    for number, item in enumerate(articles, start=1):
        try:
            if not isinstance(item, dict):
                raise RowError("article is not a JSON object")
            raw = item.get("highlights")
            raw = raw[:MAX_HIGHLIGHTS] if isinstance(raw, list) else []
            found = [highlight_from(h) for h in raw]
            result.records.append(
                ImportRecord(
                    url=check_url(item.get("url")),
                    line=number,
                    title=clean_title(item.get("title")),
                    tags=split_tags(item.get("tags") or []),
                    saved_at=parse_time(item.get("saved_at")),
                    highlights=tuple(h for h in found if h is not None),
                    extra=extra_text(byline=item.get("byline"), published=item.get("published")),
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(0, f"article {number}: {exc}"))
    return result


def parse_markdown(text: str) -> ParsedImport:
    """Read the markdown highlights export."""
    result = ParsedImport(MARKDOWN_NAME)
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [n for n, line in enumerate(lines) if line.startswith("## ")]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        try:
            result.records.append(_section(lines[start:end], start + 1))
        except RowError as exc:
            result.problems.append(ImportProblem(start + 1, str(exc)))
    return result


def _section(lines: list[str], line: int) -> ImportRecord:
    details: dict[str, str] = {}
    body: list[str] = []
    for text in lines[1:]:
        match = _DETAIL.match(text)
        if match and not any(b.strip() for b in body):
            details[match.group(1)] = match.group(2).strip()
        else:
            body.append(text)
    highlights: list[ImportedHighlight] = []
    for block in re.split(r"\n\s*\n", "\n".join(body)):
        block_lines = block.strip("\n").split("\n")
        if not block.strip():
            continue
        if all(b.startswith(">") for b in block_lines):
            quote = "\n".join(b[1:].removeprefix(" ") for b in block_lines)
            highlights.append(ImportedHighlight(exact=quote))
        elif highlights:
            last = highlights[-1]
            note = f"{last.note}\n\n{block.strip()}" if last.note else block.strip()
            highlights[-1] = ImportedHighlight(exact=last.exact, note=note)
    url = details.get("URL", "").removeprefix("<").removesuffix(">")
    tags = [t.removeprefix("#") for t in details.get("Tags", "").split()]
    return ImportRecord(
        url=check_url(url),
        line=line,
        title=clean_title(lines[0][3:]),
        tags=split_tags(tags),
        saved_at=parse_time(details.get("Saved")),
        highlights=tuple(h for h in highlights if h.exact.strip()),
        extra=extra_text(byline=details.get("Author"), published=details.get("Published")),
    )
