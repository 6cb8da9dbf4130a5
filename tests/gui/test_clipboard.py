"""What the user copies stays on the clipboard after quit, and quitting never crashes."""

import subprocess
import sys

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from argmap.gui.clipboard import copy_picture_and_text, hand_over_clipboard


def _picture() -> QImage:
    image = QImage(12, 8, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    return image


def test_the_hand_over_keeps_the_picture_and_the_text(qapp):
    copy_picture_and_text(_picture(), "P1. A reason\n----\nC. A claim")
    assert Shiboken.createdByPython(QApplication.clipboard().mimeData())
    hand_over_clipboard()
    data = QApplication.clipboard().mimeData()
    assert not Shiboken.createdByPython(data)
    assert data.text() == "P1. A reason\n----\nC. A claim"
    image = QImage(data.imageData())
    assert (image.width(), image.height()) == (12, 8)
    assert image.pixel(3, 3) == 0xFF336699


def test_the_hand_over_leaves_text_alone_and_copes_with_an_empty_clipboard(qapp):
    QApplication.clipboard().setText("copied elsewhere")
    hand_over_clipboard()
    assert QApplication.clipboard().text() == "copied elsewhere"
    QApplication.clipboard().clear()
    hand_over_clipboard()


QUIT_AFTER_COPY = """
from PySide6.QtCore import QTimer
from argmap.gui.app import make_app, open_window
app = make_app()
window = open_window(None)
window.show()
QTimer.singleShot(0, window.copy_selection)
QTimer.singleShot(50, app.quit)
raise SystemExit(app.exec())
"""


def test_quitting_after_a_copy_exits_cleanly(tmp_path):
    # Before the hand-over, a copy made the app crash (SIGSEGV) on its way out.
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", QUIT_AFTER_COPY], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
