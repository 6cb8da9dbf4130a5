"""A map (or a part of it) as a PNG, SVG or PDF that looks like the canvas.

PNG and PDF are drawn by a fresh scene of the same items the canvas uses, in
the light palette whatever the desktop's (handouts are printed on white), and
rendered into memory; SVG is written from the layout (svg_writer). The bytes
are written by the io layer like any file.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from argmap.gui.svg_writer import write_svg
from argmap.model import ArgumentMap

if TYPE_CHECKING:
    from argmap.gui.scene import MapScene

FORMATS = ("png", "svg", "pdf")
MARGIN = 24.0
SCREEN_DPI = 96  # the canvas measures its text for a screen of this many dots per inch
MAX_PIXELS = 400_000_000  # a PNG beyond this would not fit in memory: ask for a smaller scale


class PictureError(ValueError):
    """A picture that cannot be made as asked; the message is for the user."""


def render(m: ArgumentMap, fmt: str, scale: float = 1.0) -> bytes:
    """The map drawn as `fmt` ("png", "svg" or "pdf") at `scale` (1.0: the canvas at 100 %)."""
    if fmt not in FORMATS:
        raise PictureError(f"argmap can draw a map as PNG, SVG or PDF, not as “{fmt}”.")
    if not scale > 0:
        raise PictureError("The scale must be more than 0.")
    if fmt == "svg":  # written from the layout: Qt's generator is ten times bigger and slower
        return write_svg(m, scale)
    with _map_scene(m) as (scene, source):
        width, height = math.ceil(source.width() * scale), math.ceil(source.height() * scale)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if fmt == "png":
            if width * height > MAX_PIXELS:
                raise PictureError(f"At this scale the picture would be {width:,} × {height:,} pixels, too big to "
                                   "make. Choose a smaller scale, or export it as SVG or PDF.")
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            # Fonts are sized for the device's dots per inch: the canvas's, so the
            # scale comes from the painter alone and text fits its boxes as on screen.
            image.setDotsPerMeterX(round(SCREEN_DPI / 0.0254))
            image.setDotsPerMeterY(round(SCREEN_DPI / 0.0254))
            image.fill(QColor("white"))
            _paint(scene, image, QRectF(0, 0, width, height), source)
            image.save(buffer, "PNG")
        else:
            pdf = QPdfWriter(buffer)
            pdf.setTitle(m.title or "Argument map")
            pdf.setCreator("argmap")
            pdf.setResolution(SCREEN_DPI)  # one device unit per canvas pixel at scale 1
            points = QSizeF(width * 72 / SCREEN_DPI, height * 72 / SCREEN_DPI)
            pdf.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "",
                                                    QPageSize.SizeMatchPolicy.ExactMatch),
                                          QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
            _paint(scene, pdf, QRectF(0, 0, width, height), source)
        buffer.close()
    return bytes(data)


def paint_map(m: ArgumentMap, painter: QPainter, target: QRectF) -> None:
    """Draw the map into `target` on any painter (a printer's page), as large as fits."""
    with _map_scene(m) as (scene, source):
        _draw(painter, scene, target, source)


@contextmanager
def _map_scene(m: ArgumentMap) -> Iterator[tuple[MapScene, QRectF]]:
    """A fresh scene of the map in the light palette, without finding badges, and the
    part of it to draw (the map with a margin)."""
    # Imported here: an SVG from the command line needs none of the canvas's modules.
    from argmap.gui.document import MapDocument
    from argmap.gui.scene import MapScene

    with _light_palette():
        scene = MapScene(MapDocument(m.model_copy(update={"template": False})), show_findings=False)
        try:
            source = scene.content_rect()
            if source.isNull():  # an empty map: a small blank picture
                source = QRectF(0, 0, 200, 60)
            yield scene, source.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        finally:
            scene.deleteLater()


def _paint(scene: MapScene, device, target: QRectF, source: QRectF) -> None:
    painter = QPainter(device)
    try:
        _draw(painter, scene, target, source)
    finally:
        painter.end()


def _draw(painter: QPainter, scene: MapScene, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


class _light_palette:
    """The standard light palette while a picture is drawn, then the user's again."""

    def __enter__(self) -> None:
        app = QApplication.instance()
        self.saved = app.palette()
        app.setPalette(app.style().standardPalette())

    def __exit__(self, *exc) -> None:
        QApplication.instance().setPalette(self.saved)
