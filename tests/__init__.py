"""Tests for reader."""
