"""Text helpers every layer uses; they depend on nothing else in reader.

- `sanitize`: untrusted text made inert (control characters, escape sequences,
  bidi overrides) and cut to one line;
- `encoding`: bytes to text, with the charset a page declares checked against
  what its bytes are;
- `markdown_walk`: the markdown-it parser and the inline walks the reading view,
  the links listing and highlights share;
- `dates`: the day of an ISO date-time, as exports print it;
- `sizes`: byte counts written for people ("1.2 MB").
- `plural`: counts written for people ("1 entry", "2 entries").

Importing this package loads none of them; import what you use.
"""
