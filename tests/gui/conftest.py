"""pytest-qt set-up: every test here is marked `gui`, runs offscreen and keeps
its settings in a temporary folder, never in the user's real ones."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Recovery copies and other data go to a folder of the test run, never the user's.
_DATA = tempfile.mkdtemp(prefix="argmap-test-data-")
os.environ["XDG_DATA_HOME"] = _DATA
atexit.register(shutil.rmtree, _DATA, True)

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def clipboard_handed_over():
    """As the app does at quit (pytest-qt never quits): a copy left on the
    clipboard would otherwise crash the test process on its way out."""
    yield
    if QApplication.instance() is not None:
        from argmap.gui.clipboard import hand_over_clipboard

        hand_over_clipboard()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """No question may wait for a click that never comes: a test that did not
    script an answer gets the cautious one (and `said` records what was said)."""
    from argmap.gui.dialogs import Dialogs

    said = []
    monkeypatch.setattr(Dialogs, "warn", lambda self, title, text: said.append(("warn", title, text)))
    monkeypatch.setattr(Dialogs, "inform", lambda self, title, text: said.append(("inform", title, text)))
    monkeypatch.setattr(Dialogs, "ask_reload", lambda self, name, modified: said.append(("reload", name)) or "keep")
    monkeypatch.setattr(Dialogs, "ask_restore", lambda self, text: said.append(("restore", text)) or "later")
    monkeypatch.setattr(Dialogs, "confirm", lambda self, title, text: said.append(("confirm", title)) and False)
    # A window a test left with changes is closed at teardown without saving them.
    monkeypatch.setattr(Dialogs, "ask_save_changes", lambda self, name: "discard")
    return said


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def preset_window(qtbot, settings):
    """The app's window on the bundled op-ed map, as `argmap` opens it: a read-only preset."""
    from argmap.gui.app import make_app, open_window

    make_app()
    w = open_window(None, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(preset_window):
    """The same window on an editable copy of the op-ed map (as after "Save a copy")."""
    w = preset_window
    w.doc.replace(w.doc.map.model_copy(update={"template": False}), None, preset_name=w.doc.preset_name)
    return w


@pytest.fixture
def answers(preset_window, monkeypatch):
    """Scripted replies to the window's dialogs; records what it said."""

    class Answers:
        save_changes = "discard"
        open_path = None
        source_path = None
        save_path = None
        copy_preset = True
        warnings: list = []
        informed: list = []
        asked: list = []

    window = preset_window
    a = Answers()
    a.warnings = []
    a.informed = []
    a.asked = []
    monkeypatch.setattr(window.dialogs, "warn", lambda title, text: a.warnings.append((title, text)))
    monkeypatch.setattr(window.dialogs, "inform", lambda title, text: a.informed.append((title, text)))

    def ask(name):
        a.asked.append(name)
        return a.save_changes

    monkeypatch.setattr(window.dialogs, "ask_save_changes", ask)
    monkeypatch.setattr(window.dialogs, "open_path", lambda folder="": a.open_path)
    monkeypatch.setattr(window.dialogs, "open_source_path", lambda folder="": a.source_path)
    monkeypatch.setattr(window.dialogs, "save_path", lambda suggested: a.save_path)
    monkeypatch.setattr(window.dialogs, "ask_copy_preset", lambda name: a.copy_preset)
    monkeypatch.setattr(window.dialogs, "confirm", lambda title, text: True)
    return a


def send_mouse(widget, kind, pos, buttons=Qt.MouseButton.LeftButton, button=Qt.MouseButton.LeftButton):
    """A real mouse event with the buttons held: QTest's mouseMove drops them (pytest-qt #260, #428)."""
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(view, start_scene, end_scene, steps=6):
    vp = view.viewport()
    start = view.mapFromScene(start_scene)
    end = view.mapFromScene(end_scene)
    send_mouse(vp, QEvent.Type.MouseButtonPress, start)
    for i in range(1, steps + 1):
        p = start + (end - start) * i / steps
        send_mouse(vp, QEvent.Type.MouseMove, p, button=Qt.MouseButton.NoButton)
    send_mouse(vp, QEvent.Type.MouseButtonRelease, end, buttons=Qt.MouseButton.NoButton)
