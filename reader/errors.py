"""The one exception tree of reader.

    ReaderError                 anything reader can explain in one line
    ├── FetchError              the page could not be fetched
    │   └── InvalidURLError     the URL is malformed or not http(s)
    ├── ExtractError            no article could be found in the page
    ├── StoreError              the library on disk could not be read or written
    │   └── NotFoundError       no article has that id
    └── ImportFormatError       an import file is malformed

The CLI turns any ReaderError into a single line on stderr and a non-zero exit.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base of every error reader reports to the user as one line."""


class FetchError(ReaderError):
    """A page could not be fetched (network, HTTP status, content type, size)."""


class InvalidURLError(FetchError):
    """A URL is malformed or uses a scheme other than http or https."""


class ExtractError(ReaderError):
    """No readable article could be extracted from a page."""


class StoreError(ReaderError):
    """The library folder or its index could not be read or written."""


class NotFoundError(StoreError):
    """No saved article matches the given id."""


class ImportFormatError(ReaderError):
    """An import file could not be understood."""

    def __init__(self, message: str, *, in_app: str | None = None) -> None:
        """*message* as the CLI says it; *in_app* as the app does (naming its controls
        where the message names a flag), the same when not given."""
        super().__init__(message)
        self.in_app = in_app or message
        """The message as the app shows it."""
