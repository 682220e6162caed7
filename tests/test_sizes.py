"""Byte counts in messages."""

import pytest

from reader.text.sizes import byte_size


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1_000, "1 kB"),
        (1_234, "1.2 kB"),
        (48_400, "48 kB"),
        (999_499, "999 kB"),
        (1_250_000, "1.2 MB"),
        (20_000_000, "20 MB"),
        (64_000_000, "64 MB"),
        (256_000_000, "256 MB"),
        (2_000_000_000, "2 GB"),
        (3_500_000_000_000, "3500 GB"),
    ],
)
def test_byte_size(n: int, text: str) -> None:
    assert byte_size(n) == text
