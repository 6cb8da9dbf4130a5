"""Long work keeps the window awake, shows progress after a pause, and Cancel leaves everything as it was."""

import threading

import pytest

from argmap.gui.long_work import Cancelled, run_with_progress
from argmap.io import MapFileError
from argmap.io.aif import parse_aif
from argmap.io.argdown import dump_argdown
from helpers import editable


class FakeProgress:
    """The progress dialog, answered by the test (the one thing mocked: a dialog)."""

    def __init__(self, cancel_after: int | None):
        self.polls, self.cancel_after, self.closed = 0, cancel_after, False

    def wasCanceled(self) -> bool:
        self.polls += 1
        return self.cancel_after is not None and self.polls > self.cancel_after

    def close(self) -> None:
        self.closed = True


class Dialogs:
    def __init__(self, cancel_after=None):
        self.shown = []
        self.cancel_after = cancel_after

    def progress(self, title, text):
        self.shown.append(FakeProgress(self.cancel_after))
        return self.shown[-1]


def test_quick_work_shows_nothing_and_returns_its_result(qapp):
    d = Dialogs()
    assert run_with_progress(d, "t", "x", lambda: 42) == 42
    assert d.shown == []


def test_slow_work_shows_progress_and_the_window_keeps_answering(qapp):
    from PySide6.QtCore import QTimer

    release = threading.Event()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: (ticks.append(1), release.set() if len(ticks) > 10 else None))
    timer.start(50)
    d = Dialogs()
    assert run_with_progress(d, "t", "x", lambda: release.wait(30) and "done") == "done"
    timer.stop()
    assert len(ticks) > 10  # the event loop ran the whole time
    assert len(d.shown) == 1 and d.shown[0].closed


def test_cancel_returns_at_once_and_errors_reach_the_caller(qapp):
    release = threading.Event()
    d = Dialogs(cancel_after=2)
    with pytest.raises(Cancelled):
        run_with_progress(d, "t", "x", lambda: release.wait(30))
    release.set()
    with pytest.raises(MapFileError):
        run_with_progress(Dialogs(), "t", "x", lambda: (_ for _ in ()).throw(MapFileError(None, "broken")))


def test_cancelling_an_open_leaves_the_current_map(window, answers, tmp_path, monkeypatch):
    import argmap.gui.long_work as long_work

    monkeypatch.setattr(long_work, "SHOW_AFTER_S", 0.0)  # show the dialog at once, even on a fast machine
    big = tmp_path / "big.argdown"
    m = editable("drezner-north-korean-troops")
    big.write_text(dump_argdown(m), encoding="utf-8")
    before = window.doc.map
    gate = threading.Event()
    import argmap.gui.file_actions as file_actions

    real = file_actions.import_map
    monkeypatch.setattr(file_actions, "import_map", lambda path, fmt=None: gate.wait(30) and real(path, fmt))
    monkeypatch.setattr(window.dialogs, "progress", lambda title, text: FakeProgress(cancel_after=1))
    assert not window.open_path(big, ask=False)
    gate.set()
    assert window.doc.map is before and answers.warnings == []
    # and without Cancel the same file opens
    monkeypatch.setattr(window.dialogs, "progress", lambda title, text: FakeProgress(cancel_after=None))
    assert window.open_path(big, ask=False)
    assert len(window.doc.map.claims) == len(m.claims)


def test_a_cancelled_export_writes_nothing(window, answers, tmp_path, monkeypatch):
    import argmap.gui.export_actions as export_actions
    import argmap.gui.long_work as long_work

    monkeypatch.setattr(long_work, "SHOW_AFTER_S", 0.0)
    gate = threading.Event()
    real = export_actions.dump_aif
    monkeypatch.setattr(export_actions, "dump_aif", lambda m: gate.wait(30) and real(m))
    out = tmp_path / "map.aif.json"
    monkeypatch.setattr(window.dialogs, "export_aif_path", lambda suggested: str(out))
    monkeypatch.setattr(window.dialogs, "progress", lambda title, text: FakeProgress(cancel_after=1))
    window.export_aif()
    gate.set()
    assert not out.exists()
    monkeypatch.setattr(window.dialogs, "progress", lambda title, text: FakeProgress(cancel_after=None))
    window.export_aif()
    back, _ = parse_aif(out.read_text(encoding="utf-8"), str(out))
    assert len(back.claims) == len(window.doc.map.claims)
