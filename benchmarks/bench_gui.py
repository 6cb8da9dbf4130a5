"""Speed of the editor on synthetic maps of 100, 1,000 and 5,000 claims.

    python benchmarks/bench_gui.py [--sizes 100 1000 5000] [--repeat 5]

Prints, per size: process start to the first painted frame of the canvas,
layout time, scene build time, the time from an edit (add a claim) to the
repainted and revalidated map, and peak resident memory. Runs offscreen
unless QT_QPA_PLATFORM says otherwise. Targets on a 2-core machine: the op-ed
map painted under 1 s after launch; a 5,000-claim map open and painted
under 2 s; an edit on a 1,000-claim map repainted under 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# Run in a child process: everything from interpreter start to the first frame.
CHILD = r"""
import time, sys, json, resource
t0 = float(sys.argv[2])
from PySide6.QtCore import QObject, QEvent, QSettings, QTemporaryDir, QTimer
from argmap.gui.app import make_app, open_window
app = make_app()
tmp = QTemporaryDir()
window = open_window(sys.argv[1] if sys.argv[1] != "-" else None, QSettings(tmp.filePath("s.ini"), QSettings.Format.IniFormat))
result = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "first_paint" not in result:
            result["first_paint"] = time.time() - t0
            QTimer.singleShot(0, app.quit)
        return False

watch = FirstPaint()
window.view.viewport().installEventFilter(watch)
window.show()
app.exec()
result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
window.doc.undo_stack.setClean()
window.settings.sync()  # nothing left to write at exit, so the folder stays removed
tmp.remove()
print(json.dumps(result))
"""


def first_paint(path: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, path, repr(time.time())], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def in_process(m, repeat: int) -> dict:
    """Layout, scene build, and an edit in the full window (panels included)."""
    from PySide6.QtCore import QSettings, QTemporaryDir
    from PySide6.QtWidgets import QApplication

    from argmap import edits
    from argmap.gui.app import make_app
    from argmap.gui.document import MapDocument
    from argmap.gui.items import measure
    from argmap.gui.main_window import MainWindow
    from argmap.gui.scene import MapScene
    from argmap.layout import layout

    make_app()
    sizes = {c.id: measure(c.text, c.main_conclusion, c.hidden) for c in m.claims}
    t_layout = statistics.median(_time(lambda: layout(m, sizes.__getitem__)) for _ in range(repeat))
    builds = []
    for _ in range(repeat):
        doc = MapDocument(m.model_copy(deep=True))
        t = time.perf_counter()
        MapScene(doc)
        builds.append(time.perf_counter() - t)
    tmp = QTemporaryDir()
    window = MainWindow(MapDocument(m.model_copy(deep=True)), QSettings(tmp.filePath("s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    doc = window.doc
    _settle()
    canvas, panels = [], []
    # Edits under claims drawn at random (seeded): a typical edit. How many
    # boxes an edit moves varies a lot with where it happens.
    rng = random.Random(7)
    targets = [c.id for c in rng.sample(doc.map.claims, max(repeat, 9))]
    for target in targets:
        t = time.perf_counter()
        doc.push(edits.add_support(doc.map, target, "A new reason."))  # revalidates and re-lays out
        window.view.viewport().repaint()  # paint now, not at the next event-loop turn
        canvas.append(time.perf_counter() - t)
        QApplication.processEvents()  # the Problems and Outline panels follow
        panels.append(time.perf_counter() - t)
        doc.undo_stack.undo()
        _settle()  # the next edit starts from an idle window, as a person's would
    doc.undo_stack.setClean()
    window.close()
    window.settings.sync()
    tmp.remove()
    return {"layout": t_layout, "scene": statistics.median(builds), "edit": statistics.median(canvas),
            "panels": statistics.median(panels)}


def _settle() -> None:
    """Let the window finish what it deferred (panel refreshes, their layout and
    paint), so that work is not counted in the next edit's time."""
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.01)
    # The scenes built to time the scene build are garbage now; collect them
    # here, not in the middle of a timed edit.
    gc.collect()


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 5_000])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench_core import synthetic_map

    from argmap.io import save_map

    print(f"platform: {os.environ['QT_QPA_PLATFORM']}; median of {args.repeat} runs\n")
    op_ed = [first_paint("-") for _ in range(args.repeat)]
    print(f"op-ed map (40 claims): start to first painted frame "
          f"{statistics.median(r['first_paint'] for r in op_ed):.2f} s (target < 1 s)\n")
    header = (f"{'claims':>7} | {'start→paint s':>13} {'layout ms':>9} {'scene ms':>8} {'edit→repaint ms':>15} "
              f"{'+panels ms':>10} {'peak RSS MB':>11}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            m = synthetic_map(n)
            path = Path(tmp) / f"m{n}.json"
            save_map(m, path)
            runs = [first_paint(str(path)) for _ in range(max(1, args.repeat // 2))]
            inner = in_process(m, args.repeat)
            print(f"{n:>7,} | {statistics.median(r['first_paint'] for r in runs):>13.2f} {inner['layout'] * 1e3:>9.1f} "
                  f"{inner['scene'] * 1e3:>8.1f} {inner['edit'] * 1e3:>15.1f} {inner['panels'] * 1e3:>10.1f} "
                  f"{max(r['rss_mb'] for r in runs):>11.0f}")


if __name__ == "__main__":
    main()
