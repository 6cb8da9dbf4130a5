"""MapView: zoom and pan only."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from argmap.gui.minimap import Minimap

MIN_SCALE, MAX_SCALE = 0.03, 4.0
STEP = 1.2


class MapView(QGraphicsView):
    first_painted = Signal()  # once: the map is on screen, slower panels may fill in now

    def __init__(self, scene, parent=None) -> None:
        super().__init__(scene, parent)
        self._painted = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)  # drag the background to pan
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space_held = False
        self.minimap = Minimap(self)

    def paintEvent(self, event) -> None:
        scene = self.scene()
        if hasattr(scene, "show_region"):  # a big map makes its items where the view looks
            scene.show_region(self.mapToScene(self.viewport().rect()).boundingRect(), self.scale_factor())
        super().paintEvent(event)
        self.minimap.refresh()
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = self.scale_factor() * factor
        if MIN_SCALE <= new <= MAX_SCALE:
            self.scale(factor, factor)

    def zoom_in(self) -> None:
        self.zoom_by(STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / STEP)

    def zoom_to_fit(self) -> None:
        # The map's extent from its layout: itemsBoundingRect() would ask every
        # item for its bounds (a Python call each, a tenth of a second at 5,000 claims).
        rect = self.scene().content_rect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_factor() > 1.0:  # a small map is shown at its natural size
            self.resetTransform()
            self.centerOn(rect.center())

    def show_start(self, whole: QRectF, top: QRectF | None, focus: QRectF | None = None) -> None:
        """The whole map when it is legible that way; otherwise `top` (the main
        conclusion and the reasons right below it) at a readable size."""
        self.zoom_to_fit()
        if self.scale_factor() >= 0.7 or top is None or top.isNull():
            return
        self.resetTransform()
        view = self.viewport().rect()
        scale = min(view.width() / max(1.0, top.width() + 80), view.height() / max(1.0, top.height() + 80))
        scale = max(0.5, min(1.0, scale))
        self.scale(scale, scale)
        x = focus.center().x() if focus is not None and not focus.isNull() else top.center().x()
        self.centerOn(x, top.center().y())

    def follow(self, dx: float, dy: float) -> None:
        """Scroll by a scene distance, so what moved stays where the reader saw it."""
        scale = self.scale_factor()
        for bar, d in ((self.horizontalScrollBar(), dx), (self.verticalScrollBar(), dy)):
            bar.setValue(bar.value() + round(d * scale))

    def centre_on(self, rect: QRectF) -> None:
        self.ensureVisible(rect, 40, 40)
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(STEP if event.angleDelta().y() > 0 else 1 / STEP)
            event.accept()
            return
        super().wheelEvent(event)

    # Space+drag pans even over boxes, as in drawing programs.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and not self._editing():
            self._space_held = True
            self.setInteractive(False)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self._space_held and not event.isAutoRepeat():
            self._space_held = False
            self.setInteractive(True)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def _editing(self) -> bool:
        scene = self.scene()
        return getattr(scene, "editor", None) is not None
