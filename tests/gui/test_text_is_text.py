"""A map's words are only words: markup, links and control characters are shown as typed
everywhere (canvas, panels, tooltips, window title) and escaped in every export."""

import xml.etree.ElementTree as ET

from argmap.dot import to_dot
from argmap.gui.app import make_app, open_window
from argmap.gui.picture import render
from argmap.io import save_map
from argmap.model import Claim, Source
from argmap.outline import outline_markdown
from helpers import build

HOSTILE = '<b>bold</b> <a href="file:///etc/passwd">click</a> <img src="x"> &amp; [*] \x07bell'


def hostile_map():
    m = build(Claim(id="c1", text=HOSTILE, main_conclusion=True, note=HOSTILE),
              Claim(id="c2", text="Plain reason."), r=[("r1", "+", ["c2"], "c1")], title=f"Title {HOSTILE}")
    m.source = Source(title=HOSTILE, author="<i>someone</i>")
    return m


def test_the_window_shows_markup_as_typed(tmp_path, settings, qtbot):
    path = tmp_path / "hostile.json"
    save_map(hostile_map(), path)
    make_app()
    w = open_window(str(path), settings)
    qtbot.addWidget(w)
    item = w.scene.claim_items["c1"]
    assert item.look.text == HOSTILE  # painted with drawText, which never reads markup
    tip = item.tooltip_text()
    assert "<b>bold</b>" not in tip and "&lt;b&gt;bold&lt;/b&gt;" in tip  # escaped inside the tooltip wrapper
    w.show_ids(["c1"])
    assert w.inspector.text.toPlainText() == HOSTILE and w.inspector.note.toPlainText() == HOSTILE
    assert w.windowTitle().startswith("hostile.json")
    w.outline.fill_later()
    qtbot.waitUntil(lambda: w.outline.model().rowCount() > 0, timeout=5000)
    shown = [w.outline.model().index(i, 0).data() for i in range(w.outline.model().rowCount())]
    assert any(HOSTILE in (text or "") for text in shown)  # the standard form's rows: the text as typed
    assert any('<b>bold</b> <a href="file:///etc/passwd">' in row for row in w.problems.row_texts())


def test_the_window_title_shows_a_star_in_brackets_as_typed(settings, qtbot):
    from argmap.gui.document import MapDocument
    from argmap.gui.main_window import MainWindow

    make_app()
    w = MainWindow(MapDocument(build("c1*", title="Draft [*] one")), settings)
    qtbot.addWidget(w)
    # Qt shows "[**]" as a literal "[*]"; the one "[*]" left is where the modified star goes.
    assert w.windowTitle() == "Draft [**] one[*] — argmap"


def test_every_export_escapes_markup(qapp):
    m = hostile_map()
    svg = render(m, "svg").decode("utf-8")
    root = ET.fromstring(svg)  # well-formed: nothing in the text broke the XML
    words = "".join(root.itertext()).replace("\u200b", "")
    assert "<b>bold</b>" in words and "file:///etc/passwd" in words and "\u2407bell" in words  # ␇: the bell, shown
    assert "<b>" not in svg and "<a " not in svg and "<img" not in svg  # only as escaped text
    md = outline_markdown(m)
    assert "<b>" not in md and " <a " not in md and "\\<b\\>bold\\</b\\>" in md and "\\<a href" in md
    dot = to_dot(m)
    assert "label=<" not in dot  # never an HTML label: Graphviz reads every label as plain text
