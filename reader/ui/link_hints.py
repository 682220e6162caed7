"""Numbered link hints (``f``), newsboat and w3m style: a number beside every link.

The numbers are those of the links dialog (``u``) and ``reader links``: the
article's links in reading order, each target once, counted from 1. What the
reader types is a number, optionally after ``s`` (save the link to reader) or
``y`` (copy it); a number no other link's number starts with is acted on at once,
any other waits for enter (with 12 links, ``1`` could still become ``12``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from textual.content import Content, Span
from textual.style import Style

HINT = ".md-hint"
"""The style class of a hint label (see `ArticleView`'s component classes)."""

HintAction = Literal["open", "save", "copy"]

_TYPED = re.compile(r"([sy]?)(\d*)")
_ACTIONS: dict[str, HintAction] = {"": "open", "s": "save", "y": "copy"}
_LINK_CLICK = re.compile(r"link\((\d+)\)")


@dataclass(frozen=True)
class Typed:
    """What the reader has typed so far in the hint prompt."""

    action: HintAction
    """What to do with the link."""
    number: int | None
    """The link number typed (None: no digit yet, or not a link's number)."""
    complete: bool
    """True when no other link's number starts with it: act without waiting for enter."""


def read_typed(value: str, count: int) -> Typed:
    """Read *value* typed in the prompt of an article with *count* links."""
    match = _TYPED.fullmatch(value.strip())
    if match is None:
        return Typed("open", None, False)
    action = _ACTIONS[match.group(1)]
    digits = match.group(2)
    number = int(digits) if digits else None
    if number is None or not 1 <= number <= count:
        return Typed(action, None, False)
    return Typed(action, number, number * 10 > count)


def link_ends(content: Content) -> list[tuple[int, int]]:
    """``(end offset, link index in its block)`` of every link in *content*, in order."""
    ends: list[tuple[int, int]] = []
    for span in content.spans:
        style = span.style
        if not isinstance(style, Style):
            continue
        click = style.meta.get("@click") if style.meta else None
        found = _LINK_CLICK.fullmatch(click) if isinstance(click, str) else None
        if found is not None:
            ends.append((span.end, int(found.group(1))))
    return sorted(ends)


def with_hints(content: Content, numbers: list[int | None]) -> Content:
    """*content* with the number of each link shown right after it; *numbers* gives the
    number of the block's *i*-th link (None: none shown)."""
    pieces: list[Content] = []
    position = 0
    for end, index in link_ends(content):
        number = numbers[index] if 0 <= index < len(numbers) else None
        if number is None:
            continue
        pieces.append(content[position:end])
        label = f"[{number}]"
        pieces.append(Content(label, spans=[Span(0, len(label), HINT)]))
        position = end
    if not pieces:
        return content
    pieces.append(content[position:])
    return Content("").join(pieces)
