"""Where reader keeps its files, and the user's settings.

Paths are resolved once, by the CLI, and passed down explicitly; nothing here
runs at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reader"
DATA_DIR_ENV = "READER_DATA_DIR"
CONFIG_DIR_ENV = "READER_CONFIG_DIR"


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


def load_settings(config_dir: Path) -> Settings:
    """Read settings from *config_dir*/config.toml; defaults for anything missing or invalid."""
    path = config_dir / "config.toml"
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    defaults = Settings()
    theme = data.get("theme", defaults.theme)
    width = data.get("reading_width", defaults.reading_width)
    archive = data.get("archive_at_end", defaults.archive_at_end)
    images = data.get("images", defaults.images)
    inline = data.get("inline_images", defaults.inline_images)
    return Settings(
        theme=theme if isinstance(theme, str) else defaults.theme,
        reading_width=width
        if isinstance(width, int) and 30 <= width <= 200
        else defaults.reading_width,
        archive_at_end=archive if isinstance(archive, bool) else defaults.archive_at_end,
        images=images if isinstance(images, bool) else defaults.images,
        inline_images=inline if isinstance(inline, bool) else defaults.inline_images,
    )


def save_settings(config_dir: Path, settings: Settings) -> None:
    """Write *settings* to *config_dir*/config.toml (atomically)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    text = (
        f"theme = {_toml_string(settings.theme)}\n"
        f"reading_width = {settings.reading_width}\n"
        f"archive_at_end = {'true' if settings.archive_at_end else 'false'}\n"
        f"images = {'true' if settings.images else 'false'}\n"
        f"inline_images = {'true' if settings.inline_images else 'false'}\n"
    )
    tmp = config_dir / ".config.toml.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, config_dir / "config.toml")


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
