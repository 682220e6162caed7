"""Getting a page off the web, within limits.

- `fetch`: `fetch_page` and `fetch_bytes` over httpx, bounded in redirects, time
  and size, with one-line errors;
- `urls`: normalising addresses, dropping tracking parameters, the SSRF-safe
  schemes and hosts, which addresses are one site;
- `content_decoding`: gzip, deflate and brotli bodies decoded under a size cap;
- `meta_refresh`: following a ``<meta http-equiv=refresh>`` page to its target;
- `loop`: running fetches on an event loop that Ctrl-C stops at once, whatever
  its threads (DNS lookups, extraction) are waiting for.

Nothing here knows about the library: a fetch returns bytes and headers, and
the layers above decide what to keep. Importing this package loads none of its
modules (httpx is slow to import); import what you use.
"""
