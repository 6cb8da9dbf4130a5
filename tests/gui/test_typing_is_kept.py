"""Nothing the user types is lost or lands in the wrong place (review findings)."""

from PySide6.QtCore import QPointF, Qt

from argmap.io import load_map, save_map
from argmap.io.presets import preset
from helpers import editable


def type_on_canvas(window, qtbot, cid, text):
    window.scene.select_ids([cid])
    window.view.setFocus()
    window.scene.setFocusItem(window.scene.claim_items[cid])
    qtbot.keyClicks(window.view, text[0])
    window.scene.editor.setPlainText(text)


def opened_file(window, tmp_path):
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)
    window.open_path(path)
    return path


def test_save_keeps_text_still_being_typed(window, answers, qtbot, tmp_path):
    path = opened_file(window, tmp_path)
    type_on_canvas(window, qtbot, "c5", "Typed but not yet finished")
    window.act_save.trigger()
    assert load_map(path).claim("c5").text == "Typed but not yet finished"
    assert window.scene.editor is None and not window.isWindowModified()


def test_closing_asks_about_text_still_being_typed(window, answers, qtbot):
    type_on_canvas(window, qtbot, "c5", "Half a thought")
    answers.save_changes = "cancel"
    assert not window.close()
    assert answers.asked and window.doc.map.claim("c5").text == "Half a thought"


def test_opening_another_map_never_writes_into_it(window, answers, qtbot):
    type_on_canvas(window, qtbot, "c2", "Words for the op-ed map")
    answers.save_changes = "discard"
    window.open_preset(preset("tutorial"))
    assert window.scene.editor is None
    assert window.doc.map.claim("c2").text.startswith("Early school start times")


def test_undo_from_the_toolbar_keeps_the_typing_as_a_step(window, answers, qtbot):
    original = window.doc.map.claim("c5").text
    window.scene.select_ids(["c4"])
    window.act_delete.trigger()
    type_on_canvas(window, qtbot, "c5", "Edited")
    window.act_undo.trigger()  # first keeps "Edited", then undoes that step
    assert window.scene.editor is None
    assert window.doc.map.claim("c5").text == original
    assert window.doc.map.claim("c4") is None  # the delete is still there, one more undo away
    window.act_undo.trigger()
    assert window.doc.map.claim("c4") is not None


def test_inspector_text_survives_a_shortcut(window, answers, qtbot):
    window.scene.select_ids(["c3"])
    box = window.inspector.note
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "Note typed in the Inspector")
    window.act_hidden.trigger()
    c3 = window.doc.map.claim("c3")
    assert c3.note == "Note typed in the Inspector" and c3.hidden


def test_inspector_text_is_kept_when_the_selection_moves(window, answers, qtbot):
    window.scene.select_ids(["c3"])
    box = window.inspector.text
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "Rewritten in the Inspector")
    window.scene.select_ids(["c5"])
    assert window.doc.map.claim("c3").text == "Rewritten in the Inspector"


def test_enter_in_the_find_box_finds_the_next_match(window, answers, qtbot):
    n = len(window.doc.map.claims)
    window.find_box.setFocus()
    qtbot.keyClicks(window.find_box, "Kim Jong Un")
    first = window.scene.selected_claims()
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert len(window.doc.map.claims) == n
    assert window.scene.selected_claims() != first


def test_escape_takes_back_a_claim_just_added(window, answers):
    before = window.doc.map.model_dump()
    window.scene.select_ids(["c1"])
    window.act_add_objection.trigger()
    window.scene.editor.finish(keep=False)
    assert window.doc.map.model_dump() == before


def test_tab_ends_editing_without_a_tab_character(window, answers, qtbot):
    window.scene.select_ids(["c5"])
    window.act_edit_text.trigger()
    ed = window.scene.editor
    ed.setPlainText("A")
    ed.setFocus()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Tab)
    if window.scene.editor is not None:
        ed.keyPressEvent(_key(Qt.Key.Key_Tab))
    assert "\t" not in window.doc.map.claim("c5").text


def _key(k):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier)


def test_revert_asks_before_throwing_work_away(window, answers, tmp_path, monkeypatch):
    opened_file(window, tmp_path)
    window.scene.select_ids(["c5"])
    window.act_hidden.trigger()
    monkeypatch.setattr(window.dialogs, "confirm", lambda title, text: False)
    window.act_revert.trigger()
    assert window.doc.map.claim("c5").hidden
    monkeypatch.setattr(window.dialogs, "confirm", lambda title, text: True)
    window.act_revert.trigger()
    assert not window.doc.map.claim("c5").hidden and not window.isWindowModified()


def test_several_dragged_claims_move_together_or_go_back(window, answers, qtbot):
    from conftest import drag

    window.view.resetTransform()
    scene = window.scene
    scene.select_ids(["c28", "c29"])
    start = scene.claim_items["c28"].sceneBoundingRect().center()
    window.view.centerOn(start)
    drag(window.view, start, start + QPointF(0, 40))
    for cid in ("c28", "c29"):
        box = scene.layout.claims[cid]
        assert scene.claim_items[cid].pos() == QPointF(box.x, box.y)
    assert window.doc.undo_stack.count() == 0
