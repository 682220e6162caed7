"""`reader serve --setup`, the stored account, and the integer ids clients see."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import resolve_config_dir
from reader.errors import NotFoundError
from reader.library import Library
from reader.serve.credentials import load_credentials
from reader.serve.ids import MAX_NUMBER, entry_number, find_entry


def _setup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["serve", "--setup", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_setup_stores_a_salted_hash_and_prints_the_client(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _setup(
        monkeypatch, capsys, "--user", "ann", "--password-stdin", "--json", stdin="pw one\n"
    )
    assert code == 0
    shown = json.loads(out)
    assert set(shown) == {"username", "client_id", "client_secret"}
    stored = load_credentials(resolve_config_dir())
    assert stored.username == "ann"
    assert stored.client_id == shown["client_id"]
    assert "pw one" not in (resolve_config_dir() / "serve.json").read_text()
    assert stored.check_password("pw one")
    assert not stored.check_password("pw one ")
    assert (resolve_config_dir() / "serve.json").stat().st_mode & 0o077 == 0
    # Setting up again makes a new salt and a new client.
    _setup(monkeypatch, capsys, "--user", "ann", "--password-stdin", stdin="pw one\n")
    again = load_credentials(resolve_config_dir())
    assert again.salt != stored.salt and again.client_id != stored.client_id


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--password-stdin"], "pw\n", "--setup needs --user NAME"),
        (["--user", "ann"], "pw\n", "--password-stdin"),
        (["--user", "ann", "--password-stdin"], "\n", "the password must have"),
        (["--user", "two words", "--password-stdin"], "pw\n", "one word"),
    ],
)
def test_setup_refuses_what_it_cannot_use(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    code, _, err = _setup(monkeypatch, capsys, *args, stdin=stdin)
    assert code == 1
    assert message in err
    assert not (resolve_config_dir() / "serve.json").exists()


def test_serve_without_an_account_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "lib"), "serve"]) == 1
    assert "reader serve --setup" in capsys.readouterr().err


def test_ids_are_stable_numbers_that_lead_back_to_their_article(library: Library) -> None:
    from tests.conftest import make_article

    saved = [
        library.save_article(make_article(url=f"https://example.com/{n}")).entry for n in range(30)
    ]
    numbers = [entry_number(e.id) for e in saved]
    assert len(set(numbers)) == len(numbers)
    assert all(0 < n < 2**53 for n in numbers)  # exact in JavaScript and Lua
    for entry, number in zip(saved, numbers, strict=True):
        assert find_entry(library, number).id == entry.id
    assert entry_number("0ffc5b72af") == 0x0FFC5B72AF  # a leading zero is no problem
    assert entry_number("0123456789abcdef") == 0x0123456789AB
    for wrong in (-1, MAX_NUMBER, 12345):
        with pytest.raises(NotFoundError):
            find_entry(library, wrong)
