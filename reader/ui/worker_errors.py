"""Turn a failed background worker into a notification instead of a silent stop.

Workers run with ``exit_on_error=False`` so that a bug in a fetch, a search or
a render cannot take the app down; this makes sure the reader still hears
about it, in one readable line.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from reader.errors import ReaderError
from reader.text.sanitize import clean_line


def report_failed_worker(node: DOMNode, worker: Worker[object], state: WorkerState) -> bool:
    """Notify about *worker* if it failed; True when it did."""
    if state != WorkerState.ERROR:
        return False
    report_error(node, worker.error)
    return True


def report_error(node: DOMNode, error: BaseException | None) -> None:
    """Notify, in one readable line, that *error* stopped what the reader asked for."""
    if isinstance(error, ReaderError):
        message = clean_line(str(error))
    else:
        detail = clean_line(str(error))[:200] if error is not None else ""
        message = f"Something went wrong ({type(error).__name__}{': ' + detail if detail else ''})"
    node.app.notify(message, title="reader", severity="error", timeout=8, markup=False)
