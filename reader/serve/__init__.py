"""`reader serve`: a small HTTP server over the library for the user's own devices.

- `app`: `make_app(library, settings)`, the ASGI app (Starlette): routes, auth and
  limits as middleware;
- `wallabag`: the wallabag v2 API subset its browser extension, phone apps, KOReader
  and `wallabag-client` use;
- `opds`: an OPDS 1.2 catalog with EPUB downloads, for e-reader apps;
- `auth`: tokens, HTTP Basic, the brake on wrong passwords;
- `credentials`: the account, its password kept as a salted scrypt hash;
- `ids`: wallabag's integer ids, derived from reader's.

Nothing is imported at import time beyond this docstring.
"""
