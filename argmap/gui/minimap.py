"""The minimap: the whole map in a corner of the canvas, with the part on screen framed.

It shows the overview picture (argmap.gui.overview), made once per change of
the map, so drawing it costs an image copy. Click or drag in it to look
elsewhere. It hides itself when the whole map is already on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QGraphicsView, QWidget

REMAKE_MS = 300  # after an edit, the picture is made again once the reader pauses, not on every edit
SIZE = (220, 140)  # the largest it gets; a wide or tall map gets a box of its own shape
MARGIN = 10  # from the canvas's edges


class Minimap(QWidget):
    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)  # not the viewport: Qt moves the viewport's children when it scrolls
        self.view = view
        self.wanted = True  # the user's choice (View > Minimap); it still hides when the map fits
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("The whole map. Click or drag to look at another part.")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._shown: tuple[QImage, tuple] | None = None  # the picture drawn, scaled, and what it was made from
        self._due = False  # the reader paused: make the picture again
        self._remake = QTimer(self)
        self._remake.setSingleShot(True)
        self._remake.setInterval(REMAKE_MS)
        self._remake.timeout.connect(self._remake_now)
        self.hide()

    # -- where things are ------------------------------------------------------------

    def _map_rect(self) -> QRectF:
        scene = self.view.scene()
        return scene.content_rect() if hasattr(scene, "content_rect") else scene.sceneRect()

    def _frame(self) -> tuple[QRectF, float]:
        """Where the map is drawn inside the widget, and widget pixels per scene unit."""
        whole = self._map_rect()
        inner = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        scale = min(inner.width() / max(1.0, whole.width()), inner.height() / max(1.0, whole.height()))
        w, h = whole.width() * scale, whole.height() * scale
        return QRectF(inner.center().x() - w / 2, inner.center().y() - h / 2, w, h), scale

    def refresh(self) -> None:
        """Follow the view: size, place and visibility, then repaint."""
        whole = self._map_rect()
        view_rect = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        # As big as the map at this zoom: the view keeps the map on screen, the minimap adds nothing.
        fits = whole.isEmpty() or (view_rect.width() >= whole.width() and view_rect.height() >= whole.height())
        if not self.wanted or fits:
            self.hide()
            return
        max_w, max_h = SIZE
        aspect = whole.width() / max(1.0, whole.height())
        w, h = (max_w, max(36, round(max_w / aspect))) if aspect >= max_w / max_h else (max(36, round(max_h * aspect)), max_h)
        w, h = min(w, max_w), min(h, max_h)
        port = self.view.viewport().geometry()
        self.setGeometry(port.right() - w - MARGIN, port.bottom() - h - MARGIN, w, h)
        self.show()
        self.raise_()
        self.update()

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.view.scene()
        pal = self.palette()
        p = QPainter(self)
        back = QColor(pal.color(QPalette.ColorRole.Base))
        back.setAlpha(230)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(back)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        frame, scale = self._frame()
        overview = getattr(scene, "overview", None)
        if overview is not None:
            if overview.has_full_picture() or self._shown is None or self._due:
                self._due = False
                image, _ = overview.full_picture()
                key = (image.cacheKey(), round(frame.width()), round(frame.height()))
                if self._shown is None or self._shown[1] != key:  # scaled once, not on every frame of a pan
                    self._shown = (image.scaled(max(1, key[1]), max(1, key[2]), Qt.AspectRatioMode.IgnoreAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation), key)
            else:
                self._remake.start()  # the map changed: the old picture stays until the reader pauses
            p.drawImage(frame, self._shown[0])
        # The part on screen, at least a few pixels so it can be found on a huge map.
        whole = self._map_rect()
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        box = QRectF(frame.left() + (seen.left() - whole.left()) * scale,
                     frame.top() + (seen.top() - whole.top()) * scale,
                     seen.width() * scale, seen.height() * scale).intersected(QRectF(self.rect()))
        if box.width() < 6:
            box.adjust(-(6 - box.width()) / 2, 0, (6 - box.width()) / 2, 0)
        if box.height() < 6:
            box.adjust(0, -(6 - box.height()) / 2, 0, (6 - box.height()) / 2)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        fill = QColor(highlight)
        fill.setAlpha(40)
        p.setPen(QPen(highlight, 1.5))
        p.setBrush(fill)
        p.drawRect(box)
        p.end()

    def _remake_now(self) -> None:
        self._due = True
        self.update()

    # -- looking elsewhere -----------------------------------------------------------------

    def _look_at(self, pos: QPointF) -> None:
        frame, scale = self._frame()
        whole = self._map_rect()
        x = whole.left() + (pos.x() - frame.left()) / scale
        y = whole.top() + (pos.y() - frame.top()) / scale
        self.view.centerOn(x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._look_at(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._look_at(event.position())
            event.accept()
