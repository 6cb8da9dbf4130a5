"""The composition root: QApplication, the document and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from argmap import __version__
from argmap.gui.clipboard import hand_over_clipboard
from argmap.gui.document import MapDocument
from argmap.gui.main_window import MainWindow
from argmap.io import MapFileError, load_map
from argmap.io.presets import DEFAULT_PRESET, preset


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing or QApplication(argv or sys.argv[:1])
    if existing is None:
        app.aboutToQuit.connect(hand_over_clipboard)  # what the user copied stays, and quitting cannot crash
    app.setApplicationName("argmap")
    app.setOrganizationName("argmap")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("argmap")
    return app


def open_window(file: str | None = None, settings: QSettings | None = None) -> MainWindow:
    """A window on FILE, or on the bundled op-ed map; a file that cannot be read is reported."""
    problem = None
    if file:
        path = Path(file)
        try:  # read first, so a big map is drawn once rather than after the op-ed map
            doc = MapDocument(load_map(path), path)
        except MapFileError as exc:
            problem = exc
    if not file or problem is not None:
        p = preset(DEFAULT_PRESET)
        doc = MapDocument(p.load(), None, preset_name=p.name)
    window = MainWindow(doc, settings)
    if problem is not None:
        window.dialogs.warn("This map cannot be opened", problem.describe() + "\n\nShowing the op-ed map instead.")
    return window


def display_missing() -> str | None:
    """Why no window can open here, or None. Qt would abort with a cryptic message."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return ("argmap needs a desktop to show its window, and this session has none "
                    "(no DISPLAY or WAYLAND_DISPLAY). 'argmap outline FILE' prints a map in the terminal.")
    return None


def main(file: str | None = None) -> int:
    problem = display_missing()
    if problem:
        print(f"argmap: {problem}", file=sys.stderr)
        return 2
    app = make_app()
    window = open_window(file)
    window.show()
    QTimer.singleShot(0, window.offer_recoveries)  # after a crash: the work it had not saved
    return app.exec()
