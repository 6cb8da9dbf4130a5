"""The core never imports Qt (house rule 1): checked in a fresh interpreter."""

import subprocess
import sys

import pytest

CORE = ["argmap.model", "argmap.edits", "argmap.layout", "argmap.runtime", "argmap.graph", "argmap.validate",
        "argmap.outline", "argmap.schema", "argmap.anchors", "argmap.coverage", "argmap.presentation",
        "argmap.essay", "argmap.dot", "argmap.submap", "argmap.io.aif", "argmap.io.argdown", "argmap.io.interchange",
        "argmap.io", "argmap.io.json_io", "argmap.io.presets", "argmap.io.source_text", "argmap.io.migrate",
        "argmap.cli", "argmap.compare", "argmap.grading", "argmap.class_grading", "argmap.io.files",
        "argmap.evaluate", "argmap.schemes", "argmap.io.scheme_files", "argmap.io.recovery",
        "argmap.io.file_state", "argmap.folding", "argmap.validate_incremental"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_qt(module):
    code = f"import sys, {module}; bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_qt_free_tests_do_not_import_the_gui():
    from pathlib import Path

    for path in Path(__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PySide6" not in text.replace("'PySide6'", "") or path.name in {"test_layering.py", "test_pyside_pin.py"}
