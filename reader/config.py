"""Where reader keeps its files, and the user's settings.

Paths are resolved once, by the CLI, and passed down explicitly; nothing here
runs at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from reader.errors import ReaderError

# `typing` costs milliseconds to import, and `reader list` reads the data folder from here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Any

APP_NAME = "reader"
DATA_DIR_ENV = "READER_DATA_DIR"
CONFIG_DIR_ENV = "READER_CONFIG_DIR"
CACHE_DIR_ENV = "READER_CACHE_DIR"
INDEX_FOLDERS = "libraries"
"""The folder of the cache that holds one index folder per library."""
CONFIG_FILE = "config.toml"
"""The settings file, in the config folder."""
READING_WIDTH_MIN = 30
"""The narrowest reading width a setting may ask for."""
READING_WIDTH_MAX = 200
"""The widest reading width a setting may ask for."""


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library folder: *override* (``--data-dir``), else ``$READER_DATA_DIR``,
    else the platform's user data folder for reader."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_config_dir() -> Path:
    """The settings folder: ``$READER_CONFIG_DIR``, else the platform's user config folder."""
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def resolve_cache_dir() -> Path:
    """reader's cache folder: ``$READER_CACHE_DIR``, else the platform's user cache folder.

    It holds what is derived and rebuildable (each library's search index and lock),
    so it stays out of a library folder that is synced between machines.
    """
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of *data* in hex, from Python's own module where it has one: every
    command finds its index this way, every write fingerprints the body so, and
    hashlib costs 7 ms to import (OpenSSL)."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]
        except ImportError:
            from hashlib import sha256
    return str(sha256(data).hexdigest())


def index_folder_for(library_root: Path, cache_dir: Path | None = None) -> Path:
    """Where the index and lock of the library at *library_root* live on this machine.

    One folder per library, named for its folder and keyed by its absolute path
    (``libraries/<name>-<hash>``), so two libraries never share an index and the
    same library, reached by any path that resolves to it, always finds its own.
    """
    import re

    root = library_root.expanduser().resolve()
    digest = sha256_hex(os.fsencode(root))[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.name).strip("-.")[:40] or "library"
    return (cache_dir or resolve_cache_dir()) / INDEX_FOLDERS / f"{name}-{digest}"


@dataclass(frozen=True)
class Settings:
    """User settings, read from ``config.toml`` in the config folder."""

    theme: str = "textual-dark"
    """A Textual theme name."""
    reading_width: int = 76
    """Columns of the article text (the measure)."""
    archive_at_end: bool = False
    """Archive an article when the reader scrolls to its end."""
    images: bool = True
    """Save an article's images beside it when it is saved (``reader add --no-images`` skips)."""
    inline_images: bool = True
    """Draw an article's saved images in the text (off: a caption line that opens the image)."""
    list_density: str = "normal"
    """How the library lists articles: ``compact`` (one line each), ``normal`` (title and
    details) or ``excerpts`` (with the excerpt too); ``L`` in the app cycles them."""


#: The name of every setting, in the order of `Settings`' fields (and of config.toml).
SETTING_NAMES: tuple[str, ...] = tuple(field.name for field in fields(Settings))

_TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "off", "0"})
#: The bounds of each whole-number setting.
_INT_RANGES = {"reading_width": (READING_WIDTH_MIN, READING_WIDTH_MAX)}
LIST_DENSITIES = ("compact", "normal", "excerpts")
"""The values of the ``list_density`` setting."""
#: The values each word setting may take (the theme's are the app's: see `parse_setting`).
_CHOICES = {"list_density": LIST_DENSITIES}


def read_settings_file(config_dir: Path) -> dict[str, Any]:
    """The table in *config_dir*/config.toml, empty if there is no such file.

    A file that exists but cannot be read, or is not valid TOML, raises ReaderError
    naming it, where `load_settings` would quietly fall back to the defaults.
    """
    path = config_dir / CONFIG_FILE
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReaderError(f"{path} is not valid TOML (it is not UTF-8 text)") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReaderError(f"{path} is not valid TOML ({exc})") from exc


def load_settings(config_dir: Path) -> Settings:
    """Read settings from *config_dir*/config.toml; defaults for anything missing or invalid."""
    try:
        data = read_settings_file(config_dir)
    except ReaderError:
        return Settings()
    defaults = Settings()
    theme = data.get("theme", defaults.theme)
    width = data.get("reading_width", defaults.reading_width)
    archive = data.get("archive_at_end", defaults.archive_at_end)
    images = data.get("images", defaults.images)
    inline = data.get("inline_images", defaults.inline_images)
    density = data.get("list_density", defaults.list_density)
    return Settings(
        theme=theme if isinstance(theme, str) else defaults.theme,
        reading_width=width
        if isinstance(width, int) and READING_WIDTH_MIN <= width <= READING_WIDTH_MAX
        else defaults.reading_width,
        archive_at_end=archive if isinstance(archive, bool) else defaults.archive_at_end,
        images=images if isinstance(images, bool) else defaults.images,
        inline_images=inline if isinstance(inline, bool) else defaults.inline_images,
        list_density=density if density in LIST_DENSITIES else defaults.list_density,
    )


def save_settings(config_dir: Path, settings: Settings) -> None:
    """Write *settings* to *config_dir*/config.toml (atomically), keeping everything
    else the file holds: comments, blank lines, keys reader does not know.

    A file that exists but is not valid TOML is never overwritten (nor one that
    cannot be read): ReaderError says where it is, and nothing is written.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = config_dir / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise ReaderError(
            f"{path} cannot be read ({exc.strerror or exc}); settings not saved"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"{path} is not valid TOML (it is not UTF-8 text); settings not saved "
            "(fix or remove it)"
        ) from exc
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ReaderError(
            f"{path} is not valid TOML ({exc}); settings not saved (fix or remove it)"
        ) from exc
    for name in SETTING_NAMES:
        value = getattr(settings, name)
        if document.get(name) != value:
            document[name] = value
    try:
        config_dir.mkdir(parents=True, exist_ok=True)
        tmp = config_dir / ".config.toml.tmp"
        tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ReaderError(f"could not save {path}: {exc.strerror or exc}") from exc


def format_setting(name: str, value: str | int | bool) -> str:
    """The line of config.toml that sets *name* to *value*: ``reading_width = 76``."""
    import tomlkit

    return f"{name} = {tomlkit.item(value).as_string()}"


def check_setting_name(name: str) -> None:
    """Raise ReaderError, listing the settings, unless *name* is one of them."""
    if name not in SETTING_NAMES:
        raise ReaderError(f"unknown setting {name!r} (settings: {', '.join(SETTING_NAMES)})")


def parse_setting(name: str, text: str, themes: Collection[str] = ()) -> str | int | bool:
    """The value of setting *name* given as *text* (``reader config NAME TEXT``).

    Raises ReaderError, saying what is allowed, for an unknown name or a value that
    does not fit: reading_width takes a whole number from 30 to 200, a yes/no
    setting takes true/false, yes/no, on/off or 1/0, and theme one of *themes* (the
    app's, which only `reader.ui` can list: textual is not imported here).
    """
    check_setting_name(name)
    default = getattr(Settings(), name)
    word = text.strip().lower()
    if isinstance(default, bool):
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ReaderError(f"{name} must be true or false (or yes/no, on/off, 1/0), not {text!r}")
    if isinstance(default, int):
        low, high = _INT_RANGES[name]
        if word.isascii() and word.isdigit() and low <= int(word) <= high:
            return int(word)
        raise ReaderError(f"{name} must be a whole number from {low} to {high}, not {text!r}")
    if name in _CHOICES and word not in _CHOICES[name]:
        choices = ", ".join(_CHOICES[name])
        raise ReaderError(f"{name} must be one of {choices}, not {text!r}")
    if name in _CHOICES:
        return word
    if name == "theme" and text not in themes:
        raise ReaderError(f"unknown theme {text!r} (themes: {', '.join(themes)})")
    return text
