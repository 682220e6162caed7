"""`reader` with no subcommand: resolve folders, open the library, run the app."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from reader.config import load_settings, resolve_config_dir, resolve_data_dir
from reader.library import Library


def run_app(data_dir: str | None = None, demo: bool = False) -> int:
    """Run the app over the library at *data_dir* (or a temporary demo library); exit status."""
    from reader.ui.app import make_app

    config_dir = resolve_config_dir()
    settings = load_settings(config_dir)
    temp: Path | None = None
    if demo:
        from reader.demo import create_demo_library

        temp = Path(tempfile.mkdtemp(prefix="reader-demo-"))
        root = create_demo_library(temp)
    else:
        root = resolve_data_dir(data_dir)
    try:
        # Files edited in place are looked for once the list is on screen (LibraryScreen).
        library = Library(root, check_files=False)
        app = make_app(library, settings, config_dir=config_dir)
        app.handle_signals = True
        try:
            app.run()
        finally:
            app.cleanup()
            for note in app.exit_notes:
                print(f"reader: {note}", file=sys.stderr)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return app.return_code or 0
