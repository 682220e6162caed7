"""Decoding pages: French, German, Polish come out right, declared or not."""

from __future__ import annotations

import pytest

from reader.text.encoding import decode_html

TEXTS = {
    "fr": "Où est l'élève ? À côté du théâtre, l'été. Le cœur a ses raisons. “Oui” — dit-il",
    "de": "Die Straße ist schön, die Bäume blühen. Größe, Übermut: Fußgänger über die Brücke.",
    "pl": "Zażółć gęślą jaźń. Żółty żuraw źle łowi ryby w rzece, a pszczoła brzęczy na łące.",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy. Šťastný ježek.",
    "ru": "Кремль отрицает присутствие северокорейских солдат на Украине, заявил представитель.",
}


def page(text: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body><p>{text}</p></body></html>".encode()


@pytest.mark.parametrize(
    ("lang", "codec"),
    [
        ("fr", "cp1252"),
        ("de", "cp1252"),
        ("de", "latin-1"),
        ("pl", "iso-8859-2"),
        ("pl", "cp1250"),
        ("cs", "iso-8859-2"),
        ("ru", "cp1251"),
        ("ru", "koi8-r"),
    ],
)
def test_undeclared_legacy_encodings(lang: str, codec: str) -> None:
    html = f"<html><body><p>{TEXTS[lang]}</p></body></html>".encode(codec)
    text, _ = decode_html(html)
    assert TEXTS[lang] in text


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_undeclared_utf8(lang: str) -> None:
    text, used = decode_html(page(TEXTS[lang]))
    assert TEXTS[lang] in text and used == "utf-8"


def test_header_wins_over_meta_and_bom_wins_over_all() -> None:
    body = '<meta charset="utf-8"><p>été</p>'.encode("cp1252")
    assert "été" in decode_html(body, "windows-1252")[0]
    assert decode_html(b"\xef\xbb\xbf<p>\xc3\xa9</p>", "iso-8859-1")[0] == "<p>é</p>"


def test_meta_charset_declaration() -> None:
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
    body += TEXTS["pl"].encode("iso-8859-2")
    assert TEXTS["pl"] in decode_html(body)[0]


def test_wrong_declarations_are_corrected() -> None:
    assert TEXTS["fr"] in decode_html(TEXTS["fr"].encode("cp1252"), "utf-8")[0]
    assert TEXTS["fr"] in decode_html(TEXTS["fr"].encode("utf-8"), "iso-8859-1")[0]


def test_unknown_charset_label_is_ignored() -> None:
    assert decode_html("é".encode(), "x-no-such-charset")[0] == "é"
