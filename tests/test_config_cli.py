"""`reader config`: show, read and change the settings from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import (
    Settings,
    load_settings,
    resolve_config_dir,
    save_settings,
)

DEFAULT_LINES = [
    'theme = "textual-dark"',
    "reading_width = 76",
    "archive_at_end = false",
    "images = true",
    "inline_images = true",
    'list_density = "normal"',
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["config", *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, *words: str) -> None:
    assert code == 1
    assert out == ""
    assert err.startswith("reader: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err


@pytest.fixture
def config_file() -> Path:
    """The config.toml of the test's own settings folder (see conftest.py)."""
    return resolve_config_dir() / "config.toml"


def test_lists_every_setting_as_toml_in_field_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.splitlines() == DEFAULT_LINES
    assert [line.split(" = ")[0] for line in DEFAULT_LINES] == [f.name for f in fields(Settings)]


def test_lists_saved_values(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(resolve_config_dir(), Settings(theme="nord", reading_width=90, images=False))
    out = run(capsys)[1]
    assert 'theme = "nord"' in out.splitlines()
    assert "reading_width = 90" in out.splitlines()
    assert "images = false" in out.splitlines()


def test_json_is_one_object_of_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == asdict(Settings())


@pytest.mark.parametrize(
    ("key", "plain", "json_value"),
    [
        ("theme", "textual-dark", "textual-dark"),
        ("reading_width", "76", 76),
        ("archive_at_end", "false", False),
        ("inline_images", "true", True),
    ],
)
def test_get_one_setting(
    capsys: pytest.CaptureFixture[str], key: str, plain: str, json_value: object
) -> None:
    assert run(capsys, key) == (0, plain + "\n", "")
    code, out, _ = run(capsys, key, "--json")
    assert code == 0 and json.loads(out) == {key: json_value}


@pytest.mark.parametrize(
    ("key", "value", "line", "saved"),
    [
        ("reading_width", "100", "reading_width = 100", 100),
        ("reading_width", "30", "reading_width = 30", 30),
        ("reading_width", " 200 ", "reading_width = 200", 200),
        ("archive_at_end", "true", "archive_at_end = true", True),
        ("archive_at_end", "YES", "archive_at_end = true", True),
        ("archive_at_end", "On", "archive_at_end = true", True),
        ("archive_at_end", "1", "archive_at_end = true", True),
        ("images", "false", "images = false", False),
        ("images", "no", "images = false", False),
        ("images", "OFF", "images = false", False),
        ("inline_images", "0", "inline_images = false", False),
        ("list_density", "Compact", 'list_density = "compact"', "compact"),
        ("theme", "nord", 'theme = "nord"', "nord"),
        ("theme", "catppuccin-latte", 'theme = "catppuccin-latte"', "catppuccin-latte"),
    ],
)
def test_set_saves_and_prints_the_line(
    capsys: pytest.CaptureFixture[str],
    config_file: Path,
    key: str,
    value: str,
    line: str,
    saved: object,
) -> None:
    assert run(capsys, key, value) == (0, line + "\n", "")
    assert line in config_file.read_text("utf-8").splitlines()
    assert getattr(load_settings(config_file.parent), key) == saved
    assert run(capsys, key)[1].strip() == line.split(" = ")[1].strip('"')


def test_set_keeps_the_other_settings(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "theme", "dracula")
    run(capsys, "reading_width", "120")
    run(capsys, "archive_at_end", "yes")
    assert load_settings(resolve_config_dir()) == Settings(
        theme="dracula", reading_width=120, archive_at_end=True
    )


def test_set_with_json_prints_the_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "reading_width", "88", "--json")
    assert code == 0 and json.loads(out) == {"reading_width": 88}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("colour",), ["'colour'", "theme", "reading_width", "inline_images"]),
        (("colour", "red"), ["'colour'", "theme", "reading_width", "inline_images"]),
        (("colour", "--reset"), ["'colour'", "theme"]),
        (("reading_width", "29"), ["30", "200", "'29'"]),
        (("reading_width", "201"), ["30", "200"]),
        (("reading_width", "-5"), ["30", "200"]),
        (("reading_width", "80.5"), ["whole number"]),
        (("reading_width", "wide"), ["whole number"]),
        (("reading_width", ""), ["whole number"]),
        (("archive_at_end", "maybe"), ["true", "false", "'maybe'"]),
        (("images", "2"), ["true", "false"]),
        (("list_density", "dense"), ["compact", "normal", "excerpts", "'dense'"]),
        (("theme", "no-such-theme"), ["'no-such-theme'", "textual-dark", "nord"]),
        (("theme", "Nord"), ["'Nord'", "nord"]),
        # the terminal's own colours: not offered, their contrast cannot be known
        (("theme", "ansi-dark"), ["'ansi-dark'", "textual-dark", "nord"]),
        (("--reset",), ["KEY"]),
        (("theme", "nord", "--reset"), ["not both"]),
    ],
)
def test_invalid_input_is_one_line_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], config_file: Path, args: tuple[str, ...], words: list[str]
) -> None:
    assert_one_line_error(*run(capsys, *args), *words)
    assert not config_file.exists()


def test_invalid_value_leaves_the_file_alone(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    run(capsys, "reading_width", "90")
    before = config_file.read_bytes()
    assert run(capsys, "reading_width", "900")[0] == 1
    assert config_file.read_bytes() == before


def test_reset_puts_back_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(resolve_config_dir(), Settings(theme="nord", reading_width=120, images=False))
    assert run(capsys, "reading_width", "--reset") == (0, "reading_width = 76\n", "")
    assert load_settings(resolve_config_dir()) == Settings(theme="nord", images=False)
    code, out, _ = run(capsys, "theme", "--reset", "--json")
    assert code == 0 and json.loads(out) == {"theme": "textual-dark"}
    assert load_settings(resolve_config_dir()) == Settings(images=False)


BROKEN = b'theme = "nord\nreading_width = [\n'


@pytest.mark.parametrize(
    "args", [("theme", "dracula"), ("reading_width", "90"), ("images", "--reset")]
)
def test_broken_file_is_refused_and_left_unchanged(
    capsys: pytest.CaptureFixture[str], config_file: Path, args: tuple[str, ...]
) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_bytes(BROKEN)
    assert_one_line_error(*run(capsys, *args), "not valid TOML", str(config_file))
    assert config_file.read_bytes() == BROKEN


def test_file_not_utf8_is_refused_and_left_unchanged(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    broken = 'theme = "caf\xe9"\n'.encode("latin-1")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_bytes(broken)
    assert_one_line_error(*run(capsys, "theme", "nord"), "not valid TOML", str(config_file))
    assert config_file.read_bytes() == broken


def test_broken_file_reads_as_defaults_with_a_warning(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_bytes(BROKEN)
    code, out, err = run(capsys)
    assert code == 0
    assert out.splitlines() == DEFAULT_LINES
    assert err.count("\n") == 1 and "not valid TOML" in err and "defaults" in err
    code, out, _ = run(capsys, "theme", "--json")
    assert code == 0 and json.loads(out) == {"theme": "textual-dark"}
    assert config_file.read_bytes() == BROKEN


def test_odd_theme_string_is_written_as_valid_toml(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    """A hand-written theme with quotes, backslashes or control characters survives a save."""
    odd = 'my "theme"\\\n\x7f\tend'
    save_settings(config_file.parent, Settings(theme=odd))
    assert load_settings(config_file.parent).theme == odd
    assert run(capsys, "reading_width", "99")[0] == 0
    assert load_settings(config_file.parent) == Settings(theme=odd, reading_width=99)


def test_config_imports_textual_only_to_check_a_theme(tmp_path: Path) -> None:
    env = {**os.environ, "READER_CONFIG_DIR": str(tmp_path)}
    code = (
        "import sys; from reader.cli import main; "
        "main(['config']); main(['config', 'reading_width', '90']); "
        "print('textual' in sys.modules); "
        "main(['config', 'theme', 'nord']); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answers = [line for line in result.stdout.splitlines() if line in ("False", "True")]
    assert answers == ["False", "True"]
    assert load_settings(tmp_path) == Settings(theme="nord", reading_width=90)


def test_saving_keeps_the_users_comments_and_other_keys(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    written = '# my reader settings\ntheme = "nord"  # the dark one\n\n[plugins]\nmine = true\n'
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(written, encoding="utf-8")
    assert run(capsys, "reading_width", "90")[0] == 0
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith('# my reader settings\ntheme = "nord"  # the dark one\n')
    assert "[plugins]\nmine = true" in text
    assert load_settings(config_file.parent) == Settings(theme="nord", reading_width=90)
