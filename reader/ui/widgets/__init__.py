"""Reusable widgets of the reader UI."""
