"""Starting the app: the composition root and the `argmap FILE` command."""

from argmap.gui import app
from argmap.io import save_map
from helpers import editable


def test_no_display_is_explained_not_a_crash(monkeypatch, capsys):
    monkeypatch.setattr(app.sys, "platform", "linux")
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    assert app.main(None) == 2
    assert "needs a desktop" in capsys.readouterr().err


def test_opens_a_file(qtbot, settings, tmp_path):
    path = tmp_path / "t.json"
    save_map(editable("tutorial"), path)
    w = app.open_window(str(path), settings)
    qtbot.addWidget(w)
    assert w.doc.path == path and w.counts.text() == "11 claims · 6 reasons"
    assert "t.json" in w.windowTitle()


def test_a_broken_file_is_reported_and_the_op_ed_map_shown(qtbot, settings, tmp_path, monkeypatch):
    from argmap.gui.dialogs import Dialogs

    said = []
    monkeypatch.setattr(Dialogs, "warn", lambda self, title, text: said.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    w = app.open_window(str(bad), settings)
    qtbot.addWidget(w)
    assert said and "bad.json" in said[0] and "a list" in said[0]
    assert w.counts.text() == "40 claims · 26 reasons"


def test_preset_menu_describes_each_map(window):
    tips = [a.statusTip() for a in window.preset_menu.actions()]
    assert len(tips) == 3 and all(len(t) > 40 for t in tips)
