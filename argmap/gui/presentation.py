"""Present a map to a class: full screen, one step at a time.

The window draws the map with its own scene (the editor's canvas, selection
and view are left exactly as they were) and shows only what the steps so far
have revealed, centred on the newest step, with its quotation beside it.
Right, Space or a click go on; Left goes back; Home and End jump; Escape
leaves. The map is only read, never changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import QGraphicsView, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from argmap.gui.document import MapDocument
from argmap.gui.scene import MapScene
from argmap.presentation import Step, steps

NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}


class PresentationWindow(QWidget):
    closed = Signal()

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"{document.display_name()} — presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc = document
        self.steps: list[Step] = steps(document.map)
        self.index = 0
        self.scene = MapScene(document, self)
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.view.setInteractive(False)  # a class watches; nothing here edits the map
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.counter = QLabel()
        self.heading = QLabel()
        self.quotes = QLabel()
        self.hint = QLabel("→ or Space: next   ← back   Esc: leave")
        for label in (self.counter, self.heading, self.quotes, self.hint):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # claim text is never markup
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        quote_font = self.quotes.font()
        quote_font.setPointSizeF(quote_font.pointSizeF() * 1.3)
        quote_font.setItalic(True)
        self.quotes.setFont(quote_font)
        side = QVBoxLayout()
        side.addWidget(self.counter)
        side.addWidget(self.heading)
        side.addSpacing(16)
        side.addWidget(self.quotes)
        side.addStretch(1)
        side.addWidget(self.hint)
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(380)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(panel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        document.changed.connect(self._map_changed)  # after the scene has redrawn (it connected first)
        self.go(0)

    def _map_changed(self) -> None:
        self.steps = steps(self.doc.map)
        self.go(self.index)

    # -- stepping ------------------------------------------------------------------------

    def go(self, index: int) -> None:
        if not self.steps:
            self.counter.setText("")
            self.quotes.setText("")
            self.heading.setText("This map has no claims to present yet.")
            return
        self.index = max(0, min(index, len(self.steps) - 1))
        upto = self.steps[: self.index + 1]
        claims = {c for s in upto for c in s.claims}
        reasons = {s.reason_id for s in upto if s.reason_id}
        step = self.steps[self.index]
        # What this step adds is at full strength; what came before is quieter.
        now = {*step.claims, step.reason_id, step.target}
        sc = self.scene
        for cid, item in sc.claim_items.items():
            item.setVisible(cid in claims)
            item.setOpacity(1.0 if cid in now else 0.55)
        for rid, item in sc.group_items.items():
            item.setVisible(rid in reasons)
            item.setOpacity(1.0 if rid in now else 0.55)
        for key, item in sc.arrow_items.items():
            item.setVisible(">" not in key and key in reasons)  # no dashed links on the big screen
            item.setOpacity(1.0 if key in now else 0.55)
        for (_, rid), item in sc.ref_items.items():
            item.setVisible(rid in reasons)
            item.setOpacity(1.0 if rid in now else 0.55)
        self.counter.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.heading.setText(step.title)
        quoted = [self.doc.map.claim(c).quotation for c in step.claims]
        lines = [f"“{' '.join(q.text.split())}”" for q in quoted if q is not None]
        self.quotes.setText(("From the text:\n\n" + "\n\n".join(lines)) if lines else "")
        self._frame(step)

    def _frame(self, step: Step) -> None:
        """Centre the new step and what it bears on, at a size a room can read."""
        ids = list(step.claims) + ([step.reason_id] if step.reason_id else [])
        if step.target and step.target in self.scene.claim_items:
            ids.append(step.target)
        rect = self.scene.rect_of(ids)
        if rect.isNull():
            return
        rect = rect.adjusted(-60, -60, 60, 60)
        view = self.view.viewport().rect()
        scale = min(view.width() / max(1.0, rect.width()), view.height() / max(1.0, rect.height()), 1.6)
        self.view.resetTransform()
        self.view.scale(max(scale, 0.2), max(scale, 0.2))
        self.view.centerOn(rect.center())

    def next(self) -> None:
        self.go(self.index + 1)

    def back(self) -> None:
        self.go(self.index - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in NEXT:
            self.next()
        elif key in BACK:
            self.back()
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.steps) - 1)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.next()
        elif event.button() == Qt.MouseButton.RightButton:
            self.back()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.steps:
            self._frame(self.steps[self.index])

    def closeEvent(self, event) -> None:
        self.closed.emit()
        super().closeEvent(event)
