"""Realistic article pages for tests that save through HTTP."""

from __future__ import annotations

_PARAGRAPHS = [
    "The committee met on Tuesday to discuss the proposal, which had been delayed twice "
    "since the spring because of objections from several member states.",
    "According to people familiar with the talks, the final text keeps the original "
    "targets but gives national governments three more years to meet them.",
    "Critics said the compromise weakens the plan, while supporters argued that without "
    "it there would have been no agreement at all before the end of the year.",
    "The vote is expected next month, after lawyers have checked the translations into "
    "each of the official languages.",
]


def article_page(title: str, slug: str = "story", extra: str = "") -> str:
    """An HTML page shaped like a news article, with navigation, an ad and a footer."""
    body = "\n".join(f"<p>{p} ({slug})</p>" for p in _PARAGRAPHS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Example Times</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Example Times">
<meta name="author" content="Jane Doe">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By Jane Doe</p>
{body}
<div class="ad-slot"><span>Advertisement</span></div>
{extra}
</article></main>
<footer><p>Copyright The Example Times. All rights reserved.</p></footer>
</body></html>"""
