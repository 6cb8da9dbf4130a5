"""PySide6 6.12.0 on Python 3.11 aborts after ~5,000 calls of Qt methods that return nothing.

Each such call leaks a reference to None until the count wraps and the
interpreter dies with "Fatal Python error: none_dealloc". pyproject keeps
Python 3.11 below 6.12; these tests fail if that pin is lost.
"""

import subprocess
import sys

import pytest

PySide6 = pytest.importorskip("PySide6", reason="PySide6 is not installed")

STRESS = """
import sys
from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtGui import QStandardItem
o = QObject()
item = QStandardItem()
r = QRectF()
before = sys.getrefcount(None)
for i in range(20_000):
    o.setObjectName("claim")      # void setters: the calls that leaked
    item.setText("claim")
    r.moveTo(QPointF(i, i))
leaked = sys.getrefcount(None) - before
print(leaked)
"""


def _version(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split(".")[:3] if x.isdigit())


def test_installed_pyside6_is_not_the_aborting_release():
    if sys.version_info < (3, 12):
        assert _version(PySide6.__version__) < (6, 12), (
            f"PySide6 {PySide6.__version__} on Python 3.11 aborts after ~5,000 void calls; keep it below 6.12"
        )


def test_twenty_thousand_void_calls_neither_abort_nor_leak():
    run = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"the interpreter died: {run.stderr[-500:]}"
    assert int(run.stdout.strip()) < 1_000, "calls of void Qt methods leak references to None"
