"""The argument parser of `reader`, built only as far as the command line needs.

The top-level parser lists every command of `registry.SPECS`, but a command's own
parser is built (and its module imported) the first time argparse looks it up:
parsing `reader list` builds one subparser, not one per command. What argparse accepts,
prints and exits with is the same as with every subparser built up front.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping

from reader import __version__
from reader.cli.registry import BY_NAME, SPECS, Spec, load_command
from reader.errors import ReaderError

# `typing` costs milliseconds to import and `reader --version` needs nothing from it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NoReturn

PROG = "reader"
EXIT_USAGE = 2


class UsageError(ReaderError):
    """The command line asks for something that cannot be (``--all`` and ids at once):
    reported as argparse reports its own usage errors, with exit status 2."""


def usage_line(message: str, command: str | None = None) -> str:
    """A usage error as every command prints it: ``reader: error: MESSAGE (see 'reader
    COMMAND --help')``, one line."""
    from reader.text.sanitize import clean_line  # only once there is an error to print

    where = f"{PROG} {command}" if command else PROG
    return f"{PROG}: error: {clean_line(message)} (see '{where} --help')\n"


class UsageParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line plus a hint, exit status 2."""

    command: str | None = None
    """The subcommand this parses (None: the top-level parser), named in the hint."""

    def error(self, message: str) -> NoReturn:
        """Print *message* as one line naming the help to read, and exit with status 2."""
        self.exit(EXIT_USAGE, usage_line(message, self.command))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse like argparse, but an argument no command takes is blamed on the
        command it follows (argparse's own error points at ``reader --help``)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            spec = BY_NAME.get(command) if isinstance(command, str) else None
            message = f"unrecognized arguments: {' '.join(extras)}"
            self.exit(EXIT_USAGE, usage_line(message, spec.name if spec else None))
        return parsed


def command_parser(spec: Spec) -> argparse.ArgumentParser:
    """The parser of one subcommand: ``reader NAME [its arguments]``."""
    command = load_command(spec.name)
    parser = UsageParser(prog=f"{PROG} {spec.name}", description=command.description)
    parser.command = spec.name
    command.arguments(parser)
    return parser


class _LazyParsers(Mapping[str, argparse.ArgumentParser]):
    """Command name (or alias) -> its parser, each built on its first lookup.

    argparse tests a command name against this mapping, lists its keys in the
    "invalid choice" error, and looks the parser up when it parses the command.
    """

    def __init__(self, specs: dict[str, Spec]) -> None:
        self._specs = specs
        self._built: dict[str, argparse.ArgumentParser] = {}

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        spec = self._specs[name]
        if spec.name not in self._built:
            self._built[spec.name] = command_parser(spec)
        return self._built[spec.name]

    def __contains__(self, name: object) -> bool:
        return name in self._specs  # without building it, unlike Mapping's

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """argparse's subcommands action over every command of the registry, parsers built lazily.

    Help lists the commands from light pseudo-actions (a name and a line each),
    as `add_parser` would leave them; the parsers come from `_LazyParsers`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # argparse reads its parsers from both names (they are one dict in argparse).
        self.choices = _LazyParsers(BY_NAME)  # type: ignore[assignment]
        self._name_parser_map = self.choices
        self._choices_actions.extend(
            self._ChoicesPseudoAction(spec.name, spec.aliases, spec.summary) for spec in SPECS
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `reader` command.

    It offers every command; a command's parser is built when it is first used
    (by parsing, or looked up in the subcommands action's ``choices``).
    """
    parser = UsageParser(
        prog=PROG,
        description="Save web pages as clean markdown files you own, and read them in the "
        "terminal. Run without a command to open the reading app.",
        epilog="The library is a folder of markdown files; see 'reader where'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="library folder (default: $READER_DATA_DIR or the platform's data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a temporary library of demo articles"
    )
    # prog given, so argparse need not format a usage line to find the commands' prefix.
    parser.add_subparsers(dest="command", metavar="COMMAND", action=_Commands, prog=PROG)
    return parser
