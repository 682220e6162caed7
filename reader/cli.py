"""Command-line interface (placeholder)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Run the reader command line; returns the exit status."""
    return 0
