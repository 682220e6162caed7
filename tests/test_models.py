"""Word counts and reading times, the numbers every list shows."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.models import _CJK, count_words, reading_minutes_for
from reader.text.sanitize import clean_text

# The definition a word count follows: a run of non-space characters, or one CJK character.
WORD = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
TEXT = st.text(
    st.sampled_from("ab é\u00a0\t\n\x1c\x85\u2003\u202f\u3000語かに한,."),
    max_size=60,
)


@given(TEXT)
def test_word_count_follows_its_definition(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))


def test_word_counts_of_spaced_and_unspaced_scripts() -> None:
    assert count_words("The quick  brown\u00a0fox\n") == 4
    assert count_words("日本語の文章 and English") == 8
    assert count_words("") == 0
    assert reading_minutes_for(0) == 0 and reading_minutes_for(1) == 1
    assert reading_minutes_for(231) == 2


@given(st.text(max_size=60))
def test_clean_text_is_idempotent_and_leaves_clean_text_alone(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", cleaned)
