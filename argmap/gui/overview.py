"""The map seen from far away: every box as a filled block, drawn from the layout.

When thousands of boxes are on screen, each one is a few pixels or less, and
asking every item to paint itself (a Python call each) is what makes a big
map slow to zoom and pan. Below OVERVIEW_SCALE the canvas hides its items
and shows one OverviewItem instead: it paints pictures made straight from
the layout, the whole map once per change of the map and the part on screen
when zoomed in further, so a frame is mostly one image copy. The minimap
shows the same whole-map picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsItem, QStyleOptionGraphicsItem

from argmap.gui.items import CONCLUSION_FILL, MAIN_FILL, ROLE_COLOURS, is_dark
from argmap.layout import Layout

OVERVIEW_SCALE = 0.12  # below this zoom a box is a block a few pixels wide: no text, no shape to read
FULL_PICTURE_SIDE = 4096  # the whole-map picture's longest side, in pixels
REGION_MARGIN = 0.5  # a part picture covers this much more than the screen on each side, for panning


@dataclass(frozen=True)
class Tints:
    """What colours the overview needs beyond the layout: each reason's role,
    and which claims are main conclusions or intermediate conclusions."""

    roles: dict[str, str]
    main: frozenset[str] = frozenset()
    conclusions: frozenset[str] = frozenset()


def render(lay: Layout, tints: Tints, source: QRectF, scale: float) -> QImage:
    """The part `source` of the map (scene coordinates) as blocks, at `scale` pixels per unit."""
    width = max(1, math.ceil(source.width() * scale))
    height = max(1, math.ceil(source.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    dark = is_dark()
    painter = QPainter(image)
    x0, y0, x1, y1 = source.left(), source.top(), source.right(), source.bottom()
    fill = painter.fillRect
    role_tints = {}
    for role, colours in ROLE_COLOURS.items():
        c = QColor(colours[dark])
        c.setAlpha(110)
        role_tints[role] = c
    roles = tints.roles
    for rid, (x, y, w, h) in lay.groups.items():
        if x < x1 and x + w > x0 and y < y1 and y + h > y0:
            fill(int((x - x0) * scale), int((y - y0) * scale), max(1, int(w * scale)), max(1, int(h * scale)),
                 role_tints.get(roles.get(rid, "support"), role_tints["support"]))
    plain = QApplication.palette().color(QApplication.palette().ColorRole.Mid)
    main = QColor(MAIN_FILL[dark]).darker(140)
    conclusion = QColor(CONCLUSION_FILL[dark]).darker(125)
    mains, conclusions = tints.main, tints.conclusions
    for cid, (x, y, w, h) in lay.claims.items():
        if x < x1 and x + w > x0 and y < y1 and y + h > y0:
            colour = main if cid in mains else conclusion if cid in conclusions else plain
            fill(int((x - x0) * scale), int((y - y0) * scale), max(1, int(w * scale)), max(1, int(h * scale)),
                 colour)
    painter.end()
    return image


def whole(lay: Layout) -> QRectF:
    """The map's extent, from its layout."""
    if not lay.claims and not lay.groups:
        return QRectF()
    return QRectF(lay.left - 10, -20, lay.width - lay.left + 20, lay.height + 30)


class OverviewItem(QGraphicsItem):
    """Paints the whole map as blocks; shown instead of the items when zoomed far out."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(5)
        self.setVisible(False)
        self._lay = Layout()
        self._tints: Callable[[], Tints] = lambda: Tints({})
        self._rect = QRectF()
        self._full: tuple[QImage, float] | None = None
        self._part: tuple[QImage, QRectF, float] | None = None

    def set_map(self, lay: Layout, tints: Callable[[], Tints]) -> None:
        """A new layout: pictures are made again when next needed, not now (edits stay fast)."""
        rect = whole(lay)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self._lay, self._tints = lay, tints
        self._full = self._part = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def tints(self) -> Tints:
        if not isinstance(self._tints, Tints):  # worked out once per map change, when first drawn
            self._tints = self._tints()
        return self._tints

    def has_full_picture(self) -> bool:
        return self._full is not None

    def full_picture(self) -> tuple[QImage, float]:
        """The whole map at most FULL_PICTURE_SIDE pixels on its longer side, and its scale."""
        if self._full is None:
            rect = self._rect
            side = max(rect.width(), rect.height(), 1.0)
            scale = min(1.0, FULL_PICTURE_SIDE / side)
            self._full = (render(self._lay, self.tints(), rect, scale), scale)
        return self._full

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self._rect.isEmpty():
            return
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        image, full_scale = self.full_picture()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if scale <= full_scale * 1.25:  # the whole picture has pixels enough
            painter.drawImage(self._rect, image)
            return
        exposed = option.exposedRect.intersected(self._rect)
        part = self._part
        if part is None or part[2] != scale or not part[1].contains(exposed):
            # The part on screen, with room to pan before it must be made again.
            mx, my = exposed.width() * REGION_MARGIN, exposed.height() * REGION_MARGIN
            source = exposed.adjusted(-mx, -my, mx, my).intersected(self._rect)
            part = self._part = (render(self._lay, self.tints(), source, scale), source, scale)
        painter.drawImage(part[1], part[0])
