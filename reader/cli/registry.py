"""The table of `reader`'s subcommands: enough to list them, and where each one lives.

A command's own part (its description, its arguments and its body, a `Command`)
lives in one module of this package, imported only when the command is parsed or
run. The top-level parser needs just this table, so `reader list` imports neither
the importers nor the highlights nor any other command's code.
"""

from __future__ import annotations

import importlib

# `typing` costs milliseconds to import and `reader --version` needs nothing from it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable


class Spec:
    """One subcommand as the top-level parser lists it."""

    __slots__ = ("aliases", "module", "name", "summary")

    def __init__(self, name: str, summary: str, module: str, aliases: tuple[str, ...] = ()) -> None:
        self.name = name
        """What the user types: ``list``."""
        self.summary = summary
        """Its line in ``reader --help``."""
        self.module = module
        """The module of `reader.cli` that defines it (in its ``COMMANDS``)."""
        self.aliases = aliases
        """Other names for it: ``ls``."""


class Command:
    """A subcommand's own part, defined in its module: what ``reader NAME --help`` says
    of it, the arguments it takes, and what it does."""

    __slots__ = ("arguments", "description", "run")

    def __init__(
        self,
        description: str,
        arguments: Callable[[argparse.ArgumentParser], None],
        run: Callable[[argparse.Namespace], int],
    ) -> None:
        self.description = description
        """The paragraph under its usage line."""
        self.arguments = arguments
        """Adds its arguments to its (otherwise empty) parser."""
        self.run = run
        """Runs it with the parsed arguments; returns the exit status."""


#: Every subcommand, in the order ``reader --help`` lists them.
SPECS: tuple[Spec, ...] = (
    Spec("add", "fetch and save web pages", "saving"),
    Spec("list", "list saved articles", "browsing", aliases=("ls",)),
    Spec("show", "print an article's markdown", "browsing"),
    Spec("search", "full-text search", "browsing"),
    Spec("archive", "mark articles as read (archived)", "marking"),
    Spec("unarchive", "move articles back to unread", "marking"),
    Spec("favorite", "mark articles as favorites", "marking"),
    Spec("unfavorite", "remove articles from favorites", "marking"),
    Spec("tag", "add tags to an article", "marking"),
    Spec("untag", "remove tags from an article", "marking"),
    Spec("rm", "delete articles (they go to the trash)", "marking"),
    Spec("trash", "list deleted articles", "trash"),
    Spec("restore", "bring deleted articles back from the trash", "trash"),
    Spec("open", "open an article's original page in the browser", "links"),
    Spec("links", "list the links of an article", "links"),
    Spec("tags", "list tags with their counts; rename and merge them", "browsing"),
    Spec("reindex", "rebuild the search index from the files", "saving"),
    Spec("reextract", "extract saved articles again from their kept HTML", "saving"),
    Spec("extract", "extract an article without saving it", "saving"),
    Spec(
        "import",
        "import saved links from Pocket, Instapaper, wallabag, Omnivore, bookmarks...",
        "transfer",
    ),
    Spec("queue", "show entries waiting to be fetched, and failed ones", "transfer"),
    Spec("retry", "fetch the entries whose fetch failed again", "transfer"),
    Spec(
        "export",
        "export the library (markdown, json, netscape, csv, epub) or its highlights",
        "transfer",
    ),
    Spec("images", "save the images of articles already saved", "images"),
    Spec("gc", "free the space of images nothing uses", "images"),
    Spec("highlights", "list highlights (of one article, or all of them)", "highlighting"),
    Spec("highlight", "highlight a passage of an article", "highlighting"),
    Spec("unhighlight", "remove highlights from an article", "highlighting"),
    Spec("note", "set or clear the note of a highlight", "highlighting"),
    Spec("sync", "merge what Syncthing or git left; --init-git sets up git", "syncing"),
    Spec("merge-file", "git's merge driver for reader's files", "syncing"),
    Spec("serve", "serve the library to your devices (wallabag API, OPDS)", "serving"),
    Spec("config", "show or change the settings", "settings"),
    Spec("where", "print where the library lives", "browsing"),
)

#: Every command name and alias, in the same order, with its spec.
BY_NAME: dict[str, Spec] = {name: spec for spec in SPECS for name in (spec.name, *spec.aliases)}


def load_command(name: str) -> Command:
    """The `Command` of subcommand *name* (or alias), importing its module."""
    spec = BY_NAME[name]
    commands: dict[str, Command] = importlib.import_module(f"reader.cli.{spec.module}").COMMANDS
    return commands[spec.name]
