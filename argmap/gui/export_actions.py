"""The main window's exports: the standard form, an essay plan, and pictures.

A mixin of MainWindow, like FileActions. Every file is written by the io
layer (atomically); a picture is drawn in memory first (argmap.gui.picture).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPainter

from argmap.essay import essay_markdown, essay_text
from argmap.gui.clipboard import copy_picture_and_text
from argmap.gui.long_work import Cancelled, run_with_progress
from argmap.gui.picture import PictureError, paint_map, render
from argmap.io import MapFileError
from argmap.io.aif import dump_aif
from argmap.io.argdown import dump_argdown
from argmap.io.json_io import write_bytes_atomic, write_text_atomic
from argmap.outline import outline_markdown, outline_text
from argmap.submap import submap

SIZES = {"100 % (as on screen)": 1.0, "200 % (sharp on paper and slides)": 2.0, "300 %": 3.0, "50 %": 0.5}


class ExportActions:
    """Mixed into MainWindow (it provides doc, scene, dialogs, settings, statusBar, _suggested_name)."""

    def export_outline(self) -> None:
        self._export("Export the argument in standard form", "standard form", outline_markdown, outline_text)

    def export_essay_plan(self) -> None:
        self._export("Export an essay plan", "essay plan", essay_markdown, essay_text)

    def _export(self, title: str, what: str, as_markdown, as_text) -> None:
        stem = Path(self._suggested_name()).with_suffix("")
        path = self.dialogs.export_path(title, f"{stem}-{what.replace(' ', '-')}.md")
        if not path:
            return
        write = as_markdown if path.lower().endswith(".md") else as_text
        self._write(path, write, f"the {what}")

    def export_aif(self) -> None:
        stem = Path(self._suggested_name()).with_suffix("")
        path = self.dialogs.export_aif_path(f"{stem}.aif.json")
        if not path:
            return
        argdown = path.lower().endswith(".argdown")
        self._write(path, dump_argdown if argdown else dump_aif, "the Argdown file" if argdown else "the AIF file")

    def _write(self, path: str, make_text, what: str) -> None:
        """Write an export of the map as it is now; a failure is said in a dialog, and nothing
        half-written is left. A big map is written in a worker thread, with Cancel."""
        m = self.doc.map
        # A snapshot: edits replace claims and reasons, never change them, so fresh lists suffice.
        snapshot = m.model_copy(update={"claims": list(m.claims), "reasons": list(m.reasons)})
        what_cap = what[0].upper() + what[1:]
        try:
            # Built in the worker, written here: a cancelled export writes nothing at all.
            text = run_with_progress(self.dialogs, "Exporting", f"Writing {Path(path).name}…",
                                     lambda: make_text(snapshot))
            write_text_atomic(path, text, what=what_cap)
        except Cancelled:
            self.statusBar().showMessage(f"Stopped: {what} was not written.", 6000)
            return
        except MapFileError as exc:
            self.dialogs.warn(f"{what_cap} was not saved", exc.describe())
            return
        self.statusBar().showMessage(f"Saved {what} as {Path(path).name}", 5000)

    def print_map(self) -> None:
        """Print the map (or the selected claims) fitted to one page."""
        from PySide6.QtPrintSupport import QPrinter  # loaded when first printing, not at start-up

        claims = self.scene.selected_claims()
        m = submap(self.doc.map, claims) if len(claims) > 1 else self.doc.map
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(m.title or "Argument map")
        rect = self.scene.content_rect()
        if rect.width() > rect.height():  # a wide map prints across the page
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        if not self.dialogs.print_setup(printer):
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.dialogs.warn("The map was not printed", "The printer could not be started. Check that it is "
                              "switched on and connected, or print to a PDF file instead.")
            return
        try:
            page = printer.pageLayout().paintRectPixels(printer.resolution())
            paint_map(m, painter, QRectF(0, 0, page.width(), page.height()))
        finally:
            painter.end()
        self.statusBar().showMessage("Sent the map to the printer", 4000)

    def copy_selection(self) -> None:
        """The selected claims (or the whole map) on the clipboard, as a picture and as standard form."""
        claims = self.scene.selected_claims()
        m = submap(self.doc.map, claims) if claims else self.doc.map
        copy_picture_and_text(QImage.fromData(render(m, "png", 2.0)), outline_text(m))
        what = f"{len(claims)} claim{'s' if len(claims) != 1 else ''}" if claims else "the whole map"
        self.statusBar().showMessage(f"Copied {what} as a picture and as standard form", 4000)

    def export_picture(self) -> None:
        self._export_picture(self.doc.map, "map")

    def export_selection_picture(self) -> None:
        claims = self.scene.selected_claims()
        if not claims:
            self.statusBar().showMessage("Select the claims to export first (drag a box around them, "
                                         "or Ctrl+click each).", 6000)
            return
        self._export_picture(submap(self.doc.map, claims), "selection")

    def _export_picture(self, m, what: str) -> None:
        stem = Path(self._suggested_name()).with_suffix("")
        path = self.dialogs.picture_path(f"Export the {what} as a picture", f"{stem}.png")
        if not path:
            return
        fmt = Path(path).suffix.lower().lstrip(".")
        scale = 1.0
        if fmt == "png":  # pixels: ask how big; SVG and PDF are sharp at any size
            size = self.dialogs.choose("Picture size", "How big should the picture be?", list(SIZES))
            if size is None:
                return
            scale = SIZES[size]
        try:
            write_bytes_atomic(path, render(m, fmt, scale), what="The picture")
        except (MapFileError, PictureError) as exc:
            text = exc.describe() if isinstance(exc, MapFileError) else str(exc)
            self.dialogs.warn("The picture was not saved", text)
            return
        self.statusBar().showMessage(f"Saved the {what} as {Path(path).name}", 5000)
