"""The ``config`` command: show the settings, one of them, or change one.

It is the command-line twin of the settings the reading app changes, and saves
them the way the app does (`reader.config.save_settings`).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from reader.cli.common import EXIT_OK, err, out, print_json
from reader.cli.registry import Command
from reader.config import (
    SETTING_NAMES,
    Settings,
    check_setting_name,
    format_setting,
    load_settings,
    parse_setting,
    read_settings_file,
    resolve_config_dir,
    save_settings,
)
from reader.errors import ReaderError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path


def _config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "key", nargs="?", metavar="KEY", help=f"a setting: {', '.join(SETTING_NAMES)}"
    )
    parser.add_argument("value", nargs="?", metavar="VALUE", help="the new value of KEY")
    parser.add_argument("--reset", action="store_true", help="put KEY back to its default")
    parser.add_argument("--json", action="store_true", help="print a JSON object")


def cmd_config(args: argparse.Namespace) -> int:
    """Print every setting, print one, or change one and print it."""
    config_dir = resolve_config_dir()
    if args.key is None:
        if args.reset:
            raise ReaderError("--reset needs the setting to reset: reader config KEY --reset")
        _print(asdict(_current(config_dir)), json=args.json)
        return EXIT_OK
    name: str = args.key
    check_setting_name(name)
    if args.reset and args.value is not None:
        raise ReaderError("give a new value or --reset, not both")
    if args.value is None and not args.reset:
        current = getattr(_current(config_dir), name)
        if args.json:
            print_json({name: current})
        else:
            out(_plain(current))
        return EXIT_OK
    if args.reset:
        value: str | int | bool = getattr(Settings(), name)
    else:
        themes: tuple[str, ...] = ()
        if name == "theme":  # only the app knows its themes; textual loads for this alone
            from reader.ui.themes import theme_names

            themes = theme_names()
        value = parse_setting(name, args.value, themes)
    # Any: which field *name* is, and so which type its value has, is known only at run time.
    change: dict[str, Any] = {name: value}
    settings = replace(load_settings(config_dir), **change)
    # A broken config.toml reads as the defaults, but it is never overwritten with them.
    save_settings(config_dir, settings)
    _print({name: getattr(settings, name)}, json=args.json)
    return EXIT_OK


def _current(config_dir: Path) -> Settings:
    """The settings in *config_dir*, saying on stderr when the file is broken and
    the defaults stand in for it."""
    try:
        read_settings_file(config_dir)
    except ReaderError as exc:
        err(f"{exc}; showing the defaults")
    return load_settings(config_dir)


def _print(values: dict[str, str | int | bool], *, json: bool) -> None:
    """*values* as a JSON object, or as config.toml lines."""
    if json:
        print_json(values)
        return
    for name, value in values.items():
        out(format_setting(name, value))


def _plain(value: object) -> str:
    """A setting's value as ``reader config KEY`` prints it: ``76``, ``true``, ``nord``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


COMMANDS = {
    "config": Command(
        "Show or change the settings. With no KEY, print every setting as config.toml "
        "lines; with a KEY, print its value; with a KEY and a VALUE, save it. The "
        "settings are kept in config.toml in the settings folder (see 'reader where').",
        _config_arguments,
        cmd_config,
    ),
}
