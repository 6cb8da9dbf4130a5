"""Work that may take a while (reading a big file, writing a big export) without freezing the window.

The work runs in a worker thread while the window keeps answering; after a
short pause a progress dialog appears with Cancel. Cancelling returns at
once and the result, when it comes, is thrown away: the work only reads and
builds in memory, so nothing is half done. Files are still written by the io
layer, atomically.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

T = TypeVar("T")
SHOW_AFTER_S = 0.4  # quicker work shows no dialog at all


class Cancelled(Exception):
    """The user pressed Cancel."""


def run_with_progress(dialogs, title: str, text: str, work: Callable[[], T]) -> T:
    """`work()` in a worker thread; its result, or its exception, or Cancelled."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the window's thread, which reports it
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"argmap: {title}", daemon=True)
    worker.start()
    worker.join(0.05)  # most work is done before anyone could see a dialog
    started, progress = time.monotonic(), None
    try:
        while worker.is_alive():
            if progress is None and time.monotonic() - started > SHOW_AFTER_S:
                progress = dialogs.progress(title, text)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if progress is not None and progress.wasCanceled():
                raise Cancelled
            worker.join(0.02)
    finally:
        if progress is not None:
            progress.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
