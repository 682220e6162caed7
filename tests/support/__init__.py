"""Helpers shared by reader's tests (a local HTTP server, ...)."""
