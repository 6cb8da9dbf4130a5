"""The bar across the top of the canvas while it shows one branch only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QGraphicsView, QHBoxLayout, QLabel, QPushButton

from argmap.gui.items import plain_tooltip


class FocusBar(QFrame):
    def __init__(self, view: QGraphicsView, show_whole_map: Callable[[], None]) -> None:
        super().__init__(view)  # not the viewport: Qt moves the viewport's children when it scrolls
        self.view = view
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # claim text is never markup
        self.button = QPushButton("Show Whole Map")
        self.button.setToolTip("Leave the focus and show every branch again (Ctrl+Alt+W)")
        self.button.clicked.connect(show_whole_map)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def show_focus(self, claim_text: str | None) -> None:
        """Say which branch is shown (None: the whole map is, and the bar hides)."""
        if claim_text is None:
            self.hide()
            return
        text = " ".join(claim_text.split()) or "(empty claim)"
        port = self.view.viewport().geometry()
        lead = "Showing only the branch under: "
        metrics = QFontMetrics(self.label.font())
        room = max(80, min(480, port.width() - self.button.sizeHint().width() - metrics.horizontalAdvance(lead) - 60))
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.label.setText(f"{lead}“{shown}”")
        self.label.setToolTip(plain_tooltip(text))
        self.adjustSize()
        self.move(port.left() + 8, port.top() + 8)
        self.show()
        self.raise_()
