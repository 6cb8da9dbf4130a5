"""Nothing lost: recovery after a crash, files changed by other programs, backups on save."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from argmap import edits
from argmap.gui.safety_actions import recovery_folder
from argmap.io import load_map, save_map
from argmap.io.recovery import orphaned_recoveries
from helpers import HANG_GUARD_S, ROOT, editable


def open_file(tmp_path, settings, name="map.json"):
    from argmap.gui.app import make_app, open_window

    path = tmp_path / name
    save_map(editable("tutorial"), path, backup=False)
    make_app()
    return path, open_window(str(path), settings)


def test_an_edit_is_written_aside_and_a_save_removes_the_copy(tmp_path, settings, qtbot, answers):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    assert not w.write_recovery_copy()  # nothing unsaved, nothing written
    w.doc.push(edits.set_text(w.doc.map, "c1", "Unsaved words"))
    assert w.write_recovery_copy()
    copy = recovery_folder() / f"{w.recovery_key}.recovery.json"
    assert copy.exists() and "Unsaved words" in copy.read_text(encoding="utf-8")
    assert not w.write_recovery_copy()  # unchanged since: not written again
    assert orphaned_recoveries(recovery_folder()) == []  # this process is alive: not offered to anyone
    w.save()
    assert not copy.exists()
    w.doc.push(edits.set_text(w.doc.map, "c1", "More"))
    w.write_recovery_copy()
    w.act_undo.trigger()  # back to what the file holds
    assert not copy.exists()


def test_two_windows_never_share_a_recovery_file(tmp_path, settings, qtbot, answers):
    _, a = open_file(tmp_path, settings, "a.json")
    _, b = open_file(tmp_path, settings, "b.json")
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    assert a.recovery_key != b.recovery_key


KILLED = """
import sys
from PySide6.QtCore import QSettings, QTimer
from argmap import edits
from argmap.gui.app import make_app, open_window
app = make_app()
w = open_window(sys.argv[1], QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
QTimer.singleShot(50, lambda: w.doc.push(edits.set_text(w.doc.map, "c1", "Typed before the crash")))
app.exec()
"""


def test_a_killed_session_restores_its_work(tmp_path, settings, qtbot, monkeypatch, answers):
    data = tmp_path / "data"
    path = tmp_path / "essay.json"
    save_map(editable("tutorial"), path, backup=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(data), ARGMAP_AUTOSAVE_MS="100",
               PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path), str(tmp_path / "s.ini")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + HANG_GUARD_S
        while not list(data.rglob("*.recovery.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(data.rglob("*.recovery.json")), "the app wrote no recovery copy"
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: no chance to clean up
        proc.wait(timeout=HANG_GUARD_S)
    assert load_map(path).claim("c1").text != "Typed before the crash"  # the file never got it

    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    from argmap.gui.app import make_app, open_window

    make_app()
    w = open_window(None, settings)
    qtbot.addWidget(w)
    offered = []
    monkeypatch.setattr(w.dialogs, "ask_restore", lambda text: offered.append(text) or "restore")
    w.offer_recoveries()
    assert len(offered) == 1 and "essay.json" in offered[0] and "A copy was made on" in offered[0]
    assert w.doc.path == path and w.doc.map.claim("c1").text == "Typed before the crash"
    assert w.doc.is_modified
    w.act_undo.trigger()  # the saved version, as the file holds it
    assert w.doc.map.claim("c1").text == load_map(path).claim("c1").text
    w.act_redo.trigger()
    w.save()
    assert load_map(path).claim("c1").text == "Typed before the crash"
    assert orphaned_recoveries(recovery_folder()) == []


def test_a_discarded_recovery_is_gone_and_a_later_one_stays(tmp_path, settings, qtbot, monkeypatch, answers):
    from argmap.io.recovery import write_recovery

    folder = recovery_folder()
    for key in ("k1", "k2"):
        write_recovery(folder, key, editable("tutorial"), None)
    # Written "by" a process that has ended.
    for f in folder.glob("k*.recovery.json"):
        f.write_text(f.read_text(encoding="utf-8").replace(f'"pid": {os.getpid()}', '"pid": 999999999'),
                     encoding="utf-8")
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    replies = iter(["discard", "later"])
    monkeypatch.setattr(w.dialogs, "ask_restore", lambda text: next(replies))
    w.offer_recoveries()
    left = {f.name for f in folder.glob("k*.recovery.json")}
    assert len(left) == 1
    for f in folder.glob("k*.recovery.json"):
        f.unlink()


def test_another_programs_change_offers_reload_and_undo_brings_mine_back(tmp_path, settings, qtbot, monkeypatch,
                                                                        answers):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    w.doc.push(edits.set_text(w.doc.map, "c1", "Mine"))
    theirs = editable("tutorial")
    theirs.claims[0].text = "Theirs"
    save_map(theirs, path, backup=False)  # another program
    asked = []
    monkeypatch.setattr(w.dialogs, "ask_reload", lambda name, modified: asked.append((name, modified)) or "reload")
    w.check_disk()
    assert asked == [("map.json", True)]
    assert w.doc.map.claim("c1").text == "Theirs" and not w.doc.is_modified
    w.act_undo.trigger()
    assert w.doc.map.claim("c1").text == "Mine"
    w.check_disk()
    assert len(asked) == 1  # said once


def test_keep_mine_then_save_keeps_the_other_version_as_a_backup(tmp_path, settings, qtbot, monkeypatch, answers):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    theirs = editable("tutorial")
    theirs.claims[0].text = "Theirs"
    save_map(theirs, path, backup=False)
    monkeypatch.setattr(w.dialogs, "ask_reload", lambda name, modified: "keep")
    w.check_disk()
    assert w.doc.is_modified and w.doc.map.claim("c1").text != "Theirs"
    assert w.save()
    assert load_map(path).claim("c1").text != "Theirs"
    assert load_map(path.with_name("map.json.bak")).claim("c1").text == "Theirs"


def test_a_save_never_overwrites_a_newer_version_without_asking(tmp_path, settings, qtbot, monkeypatch, answers):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    w.doc.push(edits.set_text(w.doc.map, "c1", "Mine"))
    theirs = editable("tutorial")
    theirs.claims[0].text = "Theirs"
    save_map(theirs, path, backup=False)
    monkeypatch.setattr(w.dialogs, "confirm", lambda title, text: False)
    assert not w.save()
    assert load_map(path).claim("c1").text == "Theirs" and w.doc.is_modified
    monkeypatch.setattr(w.dialogs, "confirm", lambda title, text: True)
    assert w.save()
    assert load_map(path).claim("c1").text == "Mine"


def test_a_deleted_file_is_reported_once_and_save_writes_it_again(tmp_path, settings, qtbot, no_modal_dialogs):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    path.unlink()
    w.check_disk()
    w.check_disk()
    assert [s[1] for s in no_modal_dialogs] == ["The file was deleted"]
    assert w.save() and path.exists()


def test_the_watcher_notices_a_change_without_being_asked(tmp_path, settings, qtbot, no_modal_dialogs):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    theirs = editable("tutorial")
    theirs.claims[0].text = "Theirs"
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace(
        editable("tutorial").claims[0].text, "Theirs"), encoding="utf-8")
    qtbot.waitUntil(lambda: any(s[0] == "reload" for s in no_modal_dialogs), timeout=10_000)


def test_our_own_saves_raise_no_question(tmp_path, settings, qtbot, no_modal_dialogs):
    path, w = open_file(tmp_path, settings)
    qtbot.addWidget(w)
    for text in ("One", "Two"):
        w.doc.push(edits.set_text(w.doc.map, "c1", text))
        assert w.save()
    qtbot.wait(600)  # longer than the watcher's pause
    assert no_modal_dialogs == []
    assert load_map(path.with_name("map.json.bak")).claim("c1").text == "One"
