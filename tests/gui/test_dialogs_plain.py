"""Every message argmap shows quotes claims, titles and file names literally, never as HTML."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from argmap.gui.dialogs import message_box

HOSTILE = '<b>bold</b> <a href="file:///etc/passwd">link</a> <img src="x.png"> &amp;'


def test_a_message_with_markup_is_shown_as_typed(qtbot):
    box = message_box(None, QMessageBox.Icon.Warning, "This map cannot be opened", f"“{HOSTILE}” is broken.",
                      f"More about “{HOSTILE}”.")
    qtbot.addWidget(box)
    box.show()
    labels = [w for w in box.findChildren(QLabel) if w.text()]
    assert any(w.text() == f"“{HOSTILE}” is broken." for w in labels)
    assert any(w.text() == f"More about “{HOSTILE}”." for w in labels)
    for w in labels:
        assert w.textFormat() == Qt.TextFormat.PlainText
        assert not w.openExternalLinks()
    box.close()
