"""Highlights: passages marked while reading, kept beside the article, found again.

- `model`: the `Highlight` value (a W3C TextQuoteSelector plus position and note);
- `text`: the article's plain text, block by block, that positions refer to;
- `anchoring`: re-attaching a quote to changed text (exact, context, fuzzy);
- `storage`: the ``articles/<stem>.highlights.json`` sidecar;
- `indexing`: the searchable copy in the index, rebuilt by `Library.sync`.

These are what the library's use cases build on: adding,
  removing and noting a highlight is `reader.library.highlighting`, exporting
  them all is `reader.exporters.highlights`.

Importing this package loads none of them; import what you use.
"""
