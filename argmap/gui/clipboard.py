"""The system clipboard: a picture and its text together, safe to leave behind at quit.

A QMimeData made in Python is given to the clipboard, which on several
platforms keeps it in a Qt global that is destroyed only after Python has
shut down; destroying it then calls back into Python and crashes the app on
its way out. So at quit the clipboard is handed a copy that Qt itself made,
with the same picture and text, and what the user copied is still there.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken


def copy_picture_and_text(image: QImage, text: str) -> None:
    data = QMimeData()
    data.setImageData(image)
    data.setText(text)
    QApplication.clipboard().setMimeData(data)


def hand_over_clipboard() -> None:
    """Replace clipboard contents made in Python by an equal copy made by Qt (call at quit)."""
    clipboard = QApplication.clipboard()
    data = clipboard.mimeData()
    if data is None or not Shiboken.createdByPython(data):
        return
    text = data.text() if data.hasText() else None
    image = data.imageData() if data.hasImage() else None
    if image is not None:
        clipboard.setImage(image)  # Qt makes the new QMimeData ...
        if text is not None:
            clipboard.mimeData().setText(text)  # ... and the text joins it there
    elif text is not None:
        clipboard.setText(text)
    else:
        clipboard.clear()
