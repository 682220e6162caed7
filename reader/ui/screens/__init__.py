"""The screens of the reader UI."""
