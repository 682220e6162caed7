"""The wallabag API in process (httpx.ASGITransport): the flows of the browser extension,
KOReader and the Android app, and every endpoint's answer."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import AsyncIterator

import pytest
from lxml import etree

from reader.library.highlighting import highlights_of
from reader.serve.ids import entry_number, find_entry, tag_number
from reader.store.index import Filter
from tests.serve.conftest import PASSWORD, USER, Server
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server

__all__ = ["http_server"]

COMMONPLACE = "0ffc5b72af"  # the demo article with highlights
SOURDOUGH = "3b6967ab99"  # tagged "cooking", a favorite


async def test_version_needs_no_token_and_is_exactly_json(server: Server) -> None:
    for path in ("/api/version", "/api/version.json"):
        response = await server.client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == "2.6.10"


async def test_token_by_json_form_and_get_query(server: Server) -> None:
    params = server.token_params()
    as_json = await server.client.post("/oauth/v2/token", json=params)  # KOReader
    as_form = await server.client.post("/oauth/v2/token", data=params)  # the Android app
    as_query = await server.client.get("/oauth/v2/token", params=params)  # wallabag-client
    for response in (as_json, as_form, as_query):
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 3600
        assert body["access_token"] and body["refresh_token"]
    tokens = {r.json()["access_token"] for r in (as_json, as_form, as_query)}
    assert len(tokens) == 3


async def test_wrong_client_or_password_is_refused_in_wallabag_terms(server: Server) -> None:
    bad_client = await server.client.post(
        "/oauth/v2/token", data=server.token_params(client_secret="nope")
    )
    assert bad_client.status_code == 400
    assert bad_client.json()["error"] == "invalid_client"
    bad_password = await server.client.post(
        "/oauth/v2/token", data=server.token_params(password="nope")
    )
    assert bad_password.status_code == 400
    assert bad_password.json()["error"] == "invalid_grant"


async def test_info_and_user(server: Server) -> None:
    await server.authed()
    assert (await server.client.get("/api/info")).json()["appname"] == "wallabag"
    user = (await server.client.get("/api/user.json")).json()
    assert user["username"] == USER


async def test_entries_envelope_filters_and_detail(server: Server) -> None:
    await server.authed()
    everything = (await server.client.get("/api/entries")).json()
    assert everything["total"] == len(server.library.entries())
    assert everything["page"] == 1 and everything["pages"] == 1 and everything["limit"] == 30
    items = everything["_embedded"]["items"]
    assert {i["id"] for i in items} == {entry_number(e.id) for e in server.library.entries()}
    assert all(isinstance(i["content"], str) for i in items)

    starred = (await server.client.get("/api/entries.json", params={"starred": 1})).json()
    assert [i["title"] for i in starred["_embedded"]["items"]] == [
        e.title for e in server.library.entries(Filter(favorite=True))
    ]
    cooking = (await server.client.get("/api/entries", params={"tags": "cooking"})).json()
    assert [i["id"] for i in cooking["_embedded"]["items"]] == [entry_number(SOURDOUGH)]
    assert cooking["_embedded"]["items"][0]["tags"] == [
        {"id": tag_number("cooking"), "label": "cooking", "slug": "cooking"}
    ]
    unread = (await server.client.get("/api/entries", params={"archive": 0})).json()
    assert unread["total"] == len(server.library.entries(Filter(status="unread")))
    meta = (await server.client.get("/api/entries", params={"detail": "metadata"})).json()
    assert all(i["content"] is None for i in meta["_embedded"]["items"])
    oldest = (await server.client.get("/api/entries", params={"order": "asc"})).json()
    assert [i["id"] for i in oldest["_embedded"]["items"]] == [i["id"] for i in items][::-1]


async def test_wallabag_client_s_huge_or_zero_per_page(server: Server) -> None:
    await server.authed()
    for per_page in ("0", "1000000000"):
        body = (await server.client.get("/api/entries", params={"perPage": per_page})).json()
        assert body["total"] == len(body["_embedded"]["items"]) == len(server.library.entries())


async def test_koreader_flow_pages_until_404_then_epub_and_archive(server: Server) -> None:
    token = await server.client.post("/oauth/v2/token", json=server.token_params())
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    seen: list[int] = []
    page = 1
    while True:
        response = await server.client.get(
            "/api/entries",
            params={"archive": 0, "page": page, "perPage": 2, "order": "asc"},
            headers=headers,
        )
        if response.status_code == 404:
            break
        assert response.status_code == 200
        seen.extend(i["id"] for i in response.json()["_embedded"]["items"])
        page += 1
    unread = server.library.entries(Filter(status="unread"))
    assert sorted(seen) == sorted(entry_number(e.id) for e in unread)
    assert page == (len(unread) + 1) // 2 + 1
    first = seen[0]
    epub = await server.client.get(f"/api/entries/{first}/export.epub", headers=headers)
    assert epub.status_code == 200
    assert epub.headers["content-type"] == "application/epub+zip"
    book = zipfile.ZipFile(io.BytesIO(epub.content))
    assert book.namelist()[0] == "mimetype"
    patched = await server.client.patch(
        f"/api/entries/{first}.json", json={"archive": 1}, headers=headers
    )
    assert patched.json()["is_archived"] == 1
    # The same file write as `reader archive`: the file says so.
    entry = find_entry(server.library, first)
    assert entry.status == "archived"
    assert "status: archived" in (server.library.files.articles / entry.path).read_text()


async def test_browser_extension_flow_saves_the_content_it_sends(server: Server) -> None:
    # wallabagger: token, version, tags, then POST the page it has open.
    token = (await server.client.post("/oauth/v2/token", json=server.token_params())).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await server.client.get("/api/version", headers=headers)).status_code == 200
    tags = (await server.client.get("/api/tags.json", headers=headers)).json()
    assert {"cooking"} <= {t["label"] for t in tags}
    preflight = await server.client.options(
        "/api/entries.json",
        headers={
            "Origin": "moz-extension://abc",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "moz-extension://abc")
    saved = await server.client.post(
        "/api/entries.json",
        json={
            "url": "https://news.example.org/2026/vote",
            "title": "The vote, as the browser saw it",
            "content": article_page("Vote delayed again"),
            "tags": "news,politics",
        },
        headers={**headers, "Origin": "moz-extension://abc"},
    )
    assert saved.status_code == 200, saved.text
    assert saved.headers["access-control-allow-origin"]
    body = saved.json()
    assert body["title"] == "The vote, as the browser saw it"
    assert "final text keeps the original" in body["content"]
    entry = find_entry(server.library, body["id"])
    assert entry.tags == ("news", "politics")
    assert "final text keeps the original" in server.library.markdown(entry.id)


async def test_post_a_url_that_reader_fetches_from_a_local_service(
    server: Server, http_server: TestServer
) -> None:
    url = http_server.html("/story", article_page("Local service story"))
    await server.authed()
    saved = await server.client.post("/api/entries", data={"url": url, "starred": "1"})
    assert saved.status_code == 200, saved.text
    entry = find_entry(server.library, saved.json()["id"])
    assert entry.title == "Local service story"
    assert entry.favorite
    assert entry.fetched


async def test_a_url_that_cannot_be_fetched_is_kept_queued(
    server: Server, http_server: TestServer
) -> None:
    url = http_server.route("/gone", status=500, body=b"down")
    await server.authed()
    saved = await server.client.post("/api/entries", json={"url": url})
    assert saved.status_code == 200
    entry = find_entry(server.library, saved.json()["id"])
    assert not entry.fetched  # `reader retry` fetches it later
    refused = await server.client.post("/api/entries", json={"url": "file:///etc/passwd"})
    assert refused.status_code == 400


async def test_android_flow_exists_batch_since_and_annotations(server: Server) -> None:
    token = (await server.client.post("/oauth/v2/token", data=server.token_params())).json()
    server.client.headers["Authorization"] = f"Bearer {token['access_token']}"
    known = server.library.get(SOURDOUGH)
    one = (
        await server.client.get("/api/entries/exists", params={"url": known.url, "return_id": 1})
    ).json()
    assert one == {"exists": entry_number(SOURDOUGH)}
    missing = (
        await server.client.get(
            "/api/entries/exists.json", params={"url": "https://nowhere.example/", "return_id": 1}
        )
    ).json()
    assert missing == {"exists": None}
    batch = (
        await server.client.get(
            "/api/entries/exists", params=[("urls[]", known.url), ("urls[]", "https://x.example/")]
        )
    ).json()
    assert batch == {known.url: True, "https://x.example/": False}
    hashed = hashlib.sha1(known.url.encode()).hexdigest()
    by_hash = (
        await server.client.get(
            "/api/entries/exists",
            params=[("hashed_urls[]", hashed), ("hashed_urls[]", "0" * 40), ("return_id", "1")],
        )
    ).json()
    assert by_hash == {hashed: entry_number(SOURDOUGH), "0" * 40: None}

    newest = max(e.saved_at for e in server.library.entries())
    since = (
        await server.client.get("/api/entries", params={"since": int(newest.timestamp())})
    ).json()
    assert [i["created_at"] for i in since["_embedded"]["items"]] == [
        newest.replace(microsecond=0).isoformat()
    ]

    number = entry_number(COMMONPLACE)
    listed = (await server.client.get(f"/api/annotations/{number}.json")).json()
    quotes = {row["quote"] for row in listed["rows"]}
    assert "Most of what we read slips away within a week." in quotes
    made = await server.client.post(
        f"/api/annotations/{number}",
        json={
            "quote": "Not the gist, perhaps",
            "text": "a note from the phone",
            "ranges": [{"start": "/p[1]", "startOffset": 47, "end": "/p[1]", "endOffset": 68}],
        },
    )
    assert made.status_code == 200, made.text
    annotation = made.json()
    assert annotation["text"] == "a note from the phone"
    stored = [
        h for h in highlights_of(server.library, COMMONPLACE) if h.exact == "Not the gist, perhaps"
    ]
    assert stored and stored[0].note == "a note from the phone"
    changed = await server.client.put(
        f"/api/annotations/{annotation['id']}", json={"text": "changed"}
    )
    assert changed.json()["text"] == "changed"
    entry = (await server.client.get(f"/api/entries/{number}")).json()
    assert "changed" in [a["text"] for a in entry["annotations"]]
    gone = await server.client.delete(f"/api/annotations/{annotation['id']}.json")
    assert gone.status_code == 200
    again = (await server.client.get(f"/api/annotations/{number}")).json()
    assert "Not the gist, perhaps" not in {row["quote"] for row in again["rows"]}


async def test_entry_tags_add_list_remove(server: Server) -> None:
    await server.authed()
    number = entry_number(COMMONPLACE)
    added = await server.client.post(f"/api/entries/{number}/tags.json", data={"tags": "a,b c"})
    assert {t["label"] for t in added.json()["tags"]} >= {"a", "b c"}
    listed = (await server.client.get(f"/api/entries/{number}/tags")).json()
    assert {"a", "b c"} <= {t["label"] for t in listed}
    removed = await server.client.delete(f"/api/entries/{number}/tags/{tag_number('b c')}.json")
    assert "b c" not in {t["label"] for t in removed.json()["tags"]}
    assert "b c" not in server.library.get(COMMONPLACE).tags
    assert (await server.client.delete(f"/api/entries/{number}/tags/1")).status_code == 404


async def test_get_and_delete_an_entry_and_the_text_exports(server: Server) -> None:
    await server.authed()
    number = entry_number(SOURDOUGH)
    entry = (await server.client.get(f"/api/entries/{number}.json")).json()
    assert entry["title"].startswith("Sourdough")
    assert entry["is_starred"] == 1
    md = await server.client.get(f"/api/entries/{number}/export.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "## What you need" in md.text
    txt = await server.client.get(f"/api/entries/{number}/export.txt")
    assert "## " not in txt.text and "What you need" in txt.text
    assert txt.headers["content-disposition"] == (
        'attachment; filename="Sourdough-Patiently-A-Schedule-That-Fits-a-Working-Day.txt"'
    )
    deleted = await server.client.delete(f"/api/entries/{number}")
    assert deleted.json()["id"] == number
    assert (await server.client.get(f"/api/entries/{number}")).status_code == 404
    assert [e.id for e in server.library.trashed().entries] == [SOURDOUGH]


# -- security --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/entries", "/api/tags", "/api/info", "/api/user", "/api/entries/1/export.epub"]
)
async def test_every_endpoint_but_version_needs_a_token(server: Server, path: str) -> None:
    assert (await server.client.get(path)).status_code == 401
    wrong = await server.client.get(path, headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_grant"


async def test_tokens_expire_and_refresh(server: Server) -> None:
    grant = (await server.client.post("/oauth/v2/token", json=server.token_params())).json()
    headers = {"Authorization": f"Bearer {grant['access_token']}"}
    assert (await server.client.get("/api/entries", headers=headers)).status_code == 200
    server.clock.now += 3601
    assert (await server.client.get("/api/entries", headers=headers)).status_code == 401
    refreshed = await server.client.post(
        "/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": grant["refresh_token"],
            "client_id": server.credentials.client_id,
            "client_secret": server.credentials.client_secret,
        },
    )
    assert refreshed.status_code == 200
    new_headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert (await server.client.get("/api/entries", headers=new_headers)).status_code == 200
    # A refresh token is spent once used.
    again = await server.client.post(
        "/oauth/v2/token",
        json={
            "grant_type": "refresh_token",
            "refresh_token": grant["refresh_token"],
            "client_id": server.credentials.client_id,
            "client_secret": server.credentials.client_secret,
        },
    )
    assert again.status_code == 400


async def test_wrong_passwords_in_a_row_make_the_next_try_wait(server: Server) -> None:
    wrong = server.token_params(password="guess")
    statuses = [
        (await server.client.post("/oauth/v2/token", data=wrong)).status_code for _ in range(4)
    ]
    assert statuses == [400] * 4
    # Now even the right password must wait: the guesser learns nothing by trying on.
    waiting = await server.client.post("/oauth/v2/token", data=server.token_params())
    assert waiting.status_code == 429
    assert int(waiting.headers["retry-after"]) >= 1
    server.clock.now += 3
    assert (
        await server.client.post("/oauth/v2/token", data=server.token_params())
    ).status_code == 200
    # Success forgets the failures.
    assert (await server.client.post("/oauth/v2/token", data=wrong)).status_code == 400


async def test_path_traversal_in_an_export_name_finds_nothing(server: Server) -> None:
    await server.authed()
    number = entry_number(SOURDOUGH)
    for path in (
        f"/api/entries/{number}/export.epub%2F..%2F..%2Fserve.json",
        f"/api/entries/{number}/export.../../../../etc/passwd",
        f"/api/entries/{number}/export.exe",
        "/opds/articles/..%2F..%2Fserve.json.epub",
    ):
        response = await server.client.get(path, auth=(USER, PASSWORD) if "opds" in path else None)
        assert response.status_code in (401, 404), path
        assert b"password_hash" not in response.content


async def test_oversized_body_and_url_are_refused(server: Server) -> None:
    await server.authed()
    big = b"x" * (server.settings.max_body + 1)
    response = await server.client.post(
        "/api/entries", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(9):
            yield b"y" * (1024 * 1024)

    chunked = await server.client.post("/api/entries", content=chunks())
    assert chunked.status_code == 413
    long_url = await server.client.get("/api/entries", params={"tags": "t" * 20_000})
    assert long_url.status_code == 414
    assert server.library.find_url("https://news.example.org/") is None


# -- OPDS ------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


async def test_opds_needs_the_password_and_lists_views_tags_and_books(server: Server) -> None:
    assert (await server.client.get("/opds")).status_code == 401
    assert (await server.client.get("/opds", auth=(USER, "wrong"))).status_code == 401
    auth = (USER, PASSWORD)
    root = await server.client.get("/opds", auth=auth)
    assert root.headers["content-type"].startswith("application/atom+xml;profile=opds-catalog")
    feed = etree.fromstring(root.content)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert {"/opds/unread", "/opds/archive", "/opds/favorites", "/opds/tags/cooking"} <= set(hrefs)
    unread = etree.fromstring((await server.client.get("/opds/unread", auth=auth)).content)
    books = [
        link.get("href")
        for link in unread.iter(f"{ATOM}link")
        if link.get("rel") == "http://opds-spec.org/acquisition"
    ]
    assert len(books) == len(server.library.entries(Filter(status="unread")))
    book = await server.client.get(books[0], auth=auth)
    assert book.headers["content-type"] == "application/epub+zip"
    assert zipfile.ZipFile(io.BytesIO(book.content)).read("mimetype") == b"application/epub+zip"
    tagged = etree.fromstring((await server.client.get("/opds/tags/cooking", auth=auth)).content)
    assert [e.findtext(f"{ATOM}title") for e in tagged.iter(f"{ATOM}entry")] == [
        server.library.get(SOURDOUGH).title
    ]
    found = etree.fromstring(
        (await server.client.get("/opds/search", params={"q": "sourdough"}, auth=auth)).content
    )
    assert len(list(found.iter(f"{ATOM}entry"))) == 1
    description = await server.client.get("/opds/search.xml", auth=auth)
    assert b"{searchTerms}" in description.content
    for path in ("/opds/archive", "/opds/favorites"):
        assert (await server.client.get(path, auth=auth)).status_code == 200


async def test_annotation_ranges_point_at_their_quote_in_the_content_served(
    server: Server,
) -> None:
    await server.authed()
    entry = (await server.client.get(f"/api/entries/{entry_number(COMMONPLACE)}")).json()
    root = etree.fromstring(f"<div>{entry['content']}</div>".encode())
    assert len(entry["annotations"]) >= 3
    for annotation in entry["annotations"]:
        [where] = annotation["ranges"]
        start = root.xpath("." + where["start"])[0]
        end = root.xpath("." + where["end"])[0]
        quote = " ".join(annotation["quote"].split())
        if start is end:
            shown = "".join(start.itertext())[where["startOffset"] : where["endOffset"]]
        else:  # across blocks: the start's tail, then the end's head
            shown = (
                "".join(start.itertext())[where["startOffset"] :]
                + " "
                + "".join(end.itertext())[: where["endOffset"]]
            )
        assert " ".join(shown.split()) == quote
