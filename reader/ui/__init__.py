"""The Textual front end of reader: the only part of the package that imports textual.

`reader.ui.run.run_app` is what `reader` (no subcommand) calls; `reader.ui.app.make_app`
builds the app over an open library, for tests and screenshots.
"""
