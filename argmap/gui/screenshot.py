"""Open the real window on a map and save a picture of it.

    python -m argmap.gui.screenshot OUT.png [--map FILE] [--size 1400x900]

Used for the README's screenshot and by the smoke test that opens a real
window under Xvfb: it prints how much of the canvas was painted, so a blank
window is caught.
"""

from __future__ import annotations

import argparse
import json
import sys

from PySide6.QtCore import QSettings, QTemporaryDir, QTimer
from PySide6.QtGui import QGuiApplication, QImage


def canvas_stats(image: QImage) -> dict[str, float]:
    """Distinct colours and the share of pixels that differ from the background."""
    w, h = image.width(), image.height()
    background = image.pixel(2, 2)
    colours: set[int] = set()
    painted = total = 0
    for y in range(0, h, 3):
        for x in range(0, w, 3):
            px = image.pixel(x, y)
            colours.add(px)
            total += 1
            painted += px != background
    return {"colours": len(colours), "painted": painted / max(1, total)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m argmap.gui.screenshot", description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--map", default=None, help="a map file (default: the bundled op-ed map)")
    ap.add_argument("--size", default="1400x900")
    args = ap.parse_args(argv)

    from argmap.gui.app import make_app, open_window

    app = make_app()
    settings_dir = QTemporaryDir()  # a picture never reads or changes the user's settings
    settings = QSettings(settings_dir.filePath("settings.ini"), QSettings.Format.IniFormat)
    window = open_window(args.map, settings)
    w, h = (int(v) for v in args.size.split("x"))
    window.resize(w, h)
    window.show()
    result: dict[str, object] = {}

    def grab() -> None:
        window.show_start()
        app.processEvents()
        app.processEvents()
        if QGuiApplication.platformName() == "offscreen":
            picture = window.grab().toImage()
        else:  # what the screen really shows
            picture = window.screen().grabWindow(window.winId()).toImage()
        picture.save(args.out)
        canvas = window.view.viewport().grab().toImage()
        result.update(canvas_stats(canvas), platform=QGuiApplication.platformName(), out=args.out)
        window.doc.undo_stack.setClean()
        window.close()

    QTimer.singleShot(600, grab)
    app.exec()
    # Written now and removed: Python may not destroy these at exit, and a
    # settings object written later would make the folder again.
    settings.sync()
    settings_dir.remove()
    print(json.dumps(result))
    return 0 if result else 1


if __name__ == "__main__":
    sys.exit(main())
