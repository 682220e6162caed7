"""Find where a quote sits in a text that may have changed since it was highlighted.

The search goes from sure to hopeful, the way annotation tools re-attach
W3C TextQuoteSelectors:

1. **exact**: the quote occurs verbatim (whitespace runs compared as one space).
   With several occurrences, the one whose prefix/suffix context matches best
   wins, then the one nearest the old position.
2. **context**: the quote was edited, but the text just before and after it
   still frames a passage of about its length.
3. **fuzzy**: words of the quote vote for where it starts; the few best places
   are compared with `difflib.SequenceMatcher` and the best one above a
   similarity threshold is taken, its edges snapped to whole words, if it also
   keeps most of the quote's words (characters alone make "The bridge was
   rebuilt again later." look like "the bridge was rebuilt in 1890.").

When nothing is good enough the answer is None: the highlight is *orphaned*
(kept and listed, never dropped).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Method = Literal["exact", "context", "fuzzy"]

#: Lowest similarity (0..1) a fuzzy or context match needs.
FUZZY_THRESHOLD = 0.75
#: Quotes shorter than this are only placed exactly (a fuzzy short quote is a guess).
MIN_FUZZY_CHARS = 12
#: Longest quote compared character by character (longer ones use their head and tail).
MAX_FUZZY_CHARS = 3000
#: How many places the fuzzy search compares in detail.
CANDIDATES = 6
#: Occurrences of one word beyond which the word is too common to vote.
COMMON_WORD = 300

#: A whitespace run that normalizing changes: anything but one plain space.
_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")
_WORD = re.compile(r"\w{3,}")


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found: ``text[start:end]`` of the original text."""

    start: int
    end: int
    method: Method
    """How it was found."""
    score: float
    """Similarity of what was found to the quote, 0..1 (1.0 when exact)."""


class Offsets:
    """Where each character of a normalized text came from in the original text.

    Kept as one breakpoint per whitespace run that normalizing changed (not one
    number per character), so preparing a long article costs little.
    """

    __slots__ = ("_norm_starts", "_shifts", "_text_starts")

    def __init__(self) -> None:
        self._norm_starts: list[int] = []  # normalized offset just after each changed run
        self._text_starts: list[int] = []  # the same place in the original text
        self._shifts: list[int] = []  # original minus normalized offset from there on

    def _add(self, norm_after: int, text_after: int) -> None:
        self._norm_starts.append(norm_after)
        self._text_starts.append(text_after)
        self._shifts.append(text_after - norm_after)

    def __getitem__(self, norm: int) -> int:
        """The original offset of normalized character *norm* (its length maps to the end)."""
        k = bisect_right(self._norm_starts, norm) - 1
        return norm + (self._shifts[k] if k >= 0 else 0)

    def to_norm(self, offset: int) -> int:
        """The first normalized character that comes from *offset* or after it."""
        k = bisect_right(self._text_starts, offset) - 1
        norm = offset - (self._shifts[k] if k >= 0 else 0)
        if k + 1 < len(self._norm_starts):  # inside a run that was squeezed to one space
            norm = min(norm, self._norm_starts[k + 1])
        return norm


def normalize(text: str) -> tuple[str, Offsets]:
    """*text* with every whitespace run made one space, and where each of its characters
    came from (`Offsets`; its length maps to the end of *text*)."""
    out: list[str] = []
    offsets = Offsets()
    last = 0
    size = 0  # length of the normalized text so far
    for match in _CHANGED_SPACE.finditer(text):
        out.append(text[last : match.start()])
        out.append(" ")
        size += match.start() - last + 1
        last = match.end()
        offsets._add(size, last)
    out.append(text[last:])
    return "".join(out), offsets


_TYPOGRAPHY = str.maketrans("‘’‚‛′“”„‟″–—‐‑", "'" * 5 + '"' * 5 + "-" * 4)


def loosen(text: str) -> str:
    """*text* with curly quotes and dashes made plain and, when that keeps every
    character in place, lower-cased (so offsets into it are offsets into *text*)."""
    plain = text.translate(_TYPOGRAPHY)
    lower = plain.lower()
    return lower if len(lower) == len(plain) else plain


def similarity(a: str, b: str) -> float:
    """How alike two strings are, 0..1 (difflib's ratio, without its junk heuristic)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def words_kept(quote: str, passage: str) -> float:
    """The share of the quote's words (of three letters or more) that *passage* has, 0..1."""
    words = {w.casefold() for w in _WORD.findall(quote)}
    if not words:
        return 1.0
    return len(words & {w.casefold() for w in _WORD.findall(passage)}) / len(words)


class TextIndex:
    """One text prepared for anchoring many quotes in it (normalized once, words indexed once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The original text."""
        self.norm, self._where = normalize(text)
        self._words: dict[str, list[int]] | None = None
        self._loose_text: str | None = None

    # -- coordinates ---------------------------------------------------------------------------

    def _to_norm(self, offset: int) -> int:
        return self._where.to_norm(offset)

    def _to_text(self, start: int, end: int) -> tuple[int, int]:
        begin = self._where[start]
        finish = self._where[end - 1] + 1 if end > start else begin
        return begin, finish

    def _anchor(self, start: int, end: int, method: Method, score: float) -> Anchor:
        begin, finish = self._to_text(start, end)
        return Anchor(begin, finish, method, round(score, 3))

    # -- the search ----------------------------------------------------------------------------

    def find(
        self, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
    ) -> Anchor | None:
        """Where *exact* (with *prefix*/*suffix* context, last seen at *hint*) is now."""
        quote = normalize(exact)[0].strip()
        if not quote:
            return None
        pre = normalize(prefix)[0][-64:]
        post = normalize(suffix)[0][:64]
        near = self._to_norm(hint) if hint is not None else None
        found = self._exact(quote, pre, post, near)
        if found is None:
            found = self._context(quote, pre, post)
        if found is None and len(quote) >= MIN_FUZZY_CHARS:
            found = self._fuzzy(quote, pre, post, near)
        return found

    def occurrences(self, quote: str, limit: int = 5000) -> list[int]:
        """Normalized offsets where *quote* (already normalized) occurs."""
        hits: list[int] = []
        at = self.norm.find(quote)
        while at != -1 and len(hits) < limit:
            hits.append(at)
            at = self.norm.find(quote, at + 1)
        return hits

    def _context_score(self, start: int, end: int, pre: str, post: str) -> float:
        scores: list[float] = []
        if pre.strip():
            scores.append(similarity(self.norm[max(0, start - len(pre)) : start], pre))
        if post.strip():
            scores.append(similarity(self.norm[end : end + len(post)], post))
        return sum(scores) / len(scores) if scores else 0.0

    def _loose(self) -> str:
        if self._loose_text is None:
            self._loose_text = loosen(self.norm)
        return self._loose_text

    def loose_occurrences(self, quote: str, limit: int = 5000) -> list[int]:
        """Where *quote* occurs ignoring case and typographic quotes and dashes."""
        needle = loosen(quote)
        if len(needle) != len(quote):
            return []
        haystack = self._loose()
        hits: list[int] = []
        at = haystack.find(needle)
        while at != -1 and len(hits) < limit:
            hits.append(at)
            at = haystack.find(needle, at + 1)
        return hits

    def _exact(self, quote: str, pre: str, post: str, near: int | None) -> Anchor | None:
        hits = self.occurrences(quote) or self.loose_occurrences(quote)
        if not hits:
            return None
        if len(hits) == 1:
            return self._anchor(hits[0], hits[0] + len(quote), "exact", 1.0)

        def key(at: int) -> tuple[float, int]:
            context = self._context_score(at, at + len(quote), pre, post)
            distance = abs(at - near) if near is not None else 0
            return (round(context, 2), -distance)

        if near is not None:  # the context of the nearest ones is worth comparing
            hits.sort(key=lambda at: abs(at - near))
        best = max(hits[:200], key=key)
        return self._anchor(best, best + len(quote), "exact", 1.0)

    def _context(self, quote: str, pre: str, post: str) -> Anchor | None:
        """The passage framed by the prefix and suffix, if it still resembles the quote."""
        pre, post = pre.lstrip()[-32:], post.rstrip()[:32]
        if len(pre.strip()) < 8 or len(post.strip()) < 8:
            return None
        best: tuple[float, int, int] | None = None
        for at in self.occurrences(pre, limit=50):
            begin = at + len(pre)
            window_end = begin + 2 * len(quote) + 16
            after = self.norm.find(post, begin, window_end + len(post))
            if after == -1 or after - begin < len(quote) // 2:
                continue
            passage = self.norm[begin:after]
            stripped_start = begin + (len(passage) - len(passage.lstrip()))
            stripped_end = after - (len(passage) - len(passage.rstrip()))
            if stripped_end <= stripped_start:
                continue
            score = similarity(self.norm[stripped_start:stripped_end], quote)
            if best is None or score > best[0]:
                best = (score, stripped_start, stripped_end)
        if best is None or best[0] < FUZZY_THRESHOLD - 0.15:
            return None
        return self._anchor(best[1], best[2], "context", best[0])

    # -- fuzzy ---------------------------------------------------------------------------------

    def _word_positions(self) -> dict[str, list[int]]:
        if self._words is None:
            words: dict[str, list[int]] = {}
            for match in _WORD.finditer(self.norm):
                words.setdefault(match.group().casefold(), []).append(match.start())
            self._words = words
        return self._words

    def _candidates(self, quote: str) -> list[int]:
        """Likely normalized start offsets of an edited *quote*, best first."""
        positions = self._word_positions()
        votes: Counter[int] = Counter()
        bucket = 8
        for match in _WORD.finditer(quote):
            seen = positions.get(match.group().casefold(), [])
            if len(seen) > COMMON_WORD:
                continue
            for at in seen:
                votes[max(0, at - match.start()) // bucket] += 1
        # neighbouring buckets describe the same place: merge their votes
        merged: Counter[int] = Counter()
        for key, count in votes.items():
            merged[key] += count
            merged[key + 1] += count
        picked: list[int] = []
        for key, _count in merged.most_common():
            if any(abs(key - other) <= 2 for other in picked):
                continue
            picked.append(key)
            if len(picked) == CANDIDATES:
                break
        return [max(0, (key - 1) * bucket) for key in picked]

    def _refine(self, quote: str, around: int) -> tuple[float, int, int] | None:
        """Compare *quote* with the text near *around*; (similarity, start, end) of the best fit."""
        slack = max(24, len(quote) // 2)
        base = max(0, around - slack)
        window = self.norm[base : around + len(quote) + slack]
        matcher = SequenceMatcher(None, quote, window, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
        if not blocks:
            return None
        first, last = blocks[0], blocks[-1]
        solid = [b for b in blocks if b.size >= max(4, len(quote) // 8)] or blocks
        # The edges may have been edited too: try whole-word edges between where the
        # solid matches begin (end) and where the quote's unmatched edge would reach.
        reach_start = max(0, first.b - first.a)
        reach_end = min(len(window), last.b + last.size + (len(quote) - last.a - last.size))
        starts = _word_edges(window, reach_start, solid[0].b, left=True)
        ends = _word_edges(window, solid[-1].b + solid[-1].size, reach_end, left=False)
        best: tuple[float, int, int] | None = None
        for start in starts:
            for end in ends:
                passage = window[start:end].strip()
                if not passage:
                    continue
                begin = start + (len(window[start:end]) - len(window[start:end].lstrip()))
                # prefer the fit that covers the quote's own length (edits at its edges)
                fit = similarity(passage, quote) - abs(len(passage) - len(quote)) / len(quote)
                if best is None or fit > best[0]:
                    best = (fit, base + begin, base + begin + len(passage))
        if best is None:
            return None
        return similarity(self.norm[best[1] : best[2]], quote), best[1], best[2]

    def _fuzzy(self, quote: str, pre: str, post: str, near: int | None) -> Anchor | None:
        if len(quote) > MAX_FUZZY_CHARS:
            return self._head_and_tail(quote)
        best: tuple[float, int, int] | None = None
        for around in self._candidates(quote):
            fit = self._refine(quote, around)
            if fit is None:
                continue
            score = fit[0] + 0.05 * self._context_score(fit[1], fit[2], pre, post)
            if best is None or score > best[0]:
                best = (score, fit[1], fit[2])
        if best is None:
            return None
        passage = self.norm[best[1] : best[2]]
        score = similarity(passage, quote)
        if score < FUZZY_THRESHOLD or words_kept(quote, passage) < FUZZY_THRESHOLD:
            return None
        return self._anchor(best[1], best[2], "fuzzy", score)

    def _head_and_tail(self, quote: str) -> Anchor | None:
        """A long quote: placed when its first and last 80 characters still occur in order."""
        head, tail = quote[:80], quote[-80:]
        for at in self.occurrences(head, limit=20):
            end = self.norm.find(tail, at + len(head), at + 2 * len(quote))
            if end != -1:
                return self._anchor(at, end + len(tail), "fuzzy", FUZZY_THRESHOLD)
        return None


def _word_edges(text: str, low: int, high: int, *, left: bool) -> list[int]:
    """Offsets between *low* and *high* where a word starts (*left*) or ends (at most 10)."""
    edges: list[int] = []
    for at in range(low, high + 1):
        before = text[at - 1] if 0 < at <= len(text) else " "
        here = text[at] if at < len(text) else " "
        if (left and not here.isspace() and before.isspace()) or (
            not left and not before.isspace() and here.isspace()
        ):
            edges.append(at)
    if not edges:
        edges = [low if left else high]
    # keep the nearest to the matched part, which is the likelier edge
    return edges[-10:] if left else edges[:10]


def anchor(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor | None:
    """Where the quote *exact* is in *text* now (see `TextIndex.find`); None if orphaned."""
    return TextIndex(text).find(exact, prefix, suffix, hint)
