"""Modal dialogs of the reader UI."""
