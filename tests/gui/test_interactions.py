"""Mouse and keyboard on the canvas, as a person uses them."""

from conftest import drag
from PySide6.QtCore import QPointF, Qt


def centre(window, cid):
    return window.scene.claim_items[cid].sceneBoundingRect().center()


def press(window, qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifier)


def test_arrow_keys_walk_the_map(window, qtbot, answers):
    window.scene.select_ids(["c2"])
    press(window, qtbot, Qt.Key.Key_Up)
    assert window.scene.selected_claims() == ["c1"]
    press(window, qtbot, Qt.Key.Key_Down)
    down = window.scene.selected_claims()
    assert down and window.scene.layout.claims[down[0]].y > window.scene.layout.claims["c1"].y
    window.scene.select_ids(["c2"])
    press(window, qtbot, Qt.Key.Key_Right)
    assert window.scene.selected_claims() == ["c3"]  # its co-premise, to the right
    press(window, qtbot, Qt.Key.Key_Left)
    assert window.scene.selected_claims() == ["c2"]


def test_tab_adds_a_reason_and_enter_a_co_premise(window, qtbot, answers):
    window.scene.select_ids(["c3"])
    press(window, qtbot, Qt.Key.Key_Tab)
    assert window.doc.undo_stack.undoText() == "Add Reason"
    new = window.doc.map.claims[-1].id
    assert window.doc.map.reasons[-1].target == "c3"
    window.scene.editor.finish(keep=True)
    window.scene.select_ids([new])
    press(window, qtbot, Qt.Key.Key_Return)
    assert window.doc.undo_stack.undoText() == "Add Co-premise"
    assert len(window.doc.map.reasons[-1].premises) == 2


def test_start_typing_replaces_the_text(window, qtbot, answers):
    window.scene.select_ids(["c3"])
    window.view.setFocus()
    window.scene.setFocusItem(window.scene.claim_items["c3"])
    qtbot.keyClicks(window.view, "N")
    ed = window.scene.editor
    assert ed is not None and ed.toPlainText() == "N"
    ed.setPlainText("New text for the claim.")
    ed.finish(keep=True)
    assert window.doc.map.claim("c3").text == "New text for the claim."
    assert window.doc.undo_stack.count() == 1


def test_delete_key_then_undo_restores_the_branch(window, qtbot, answers):
    before = window.doc.map.model_dump()
    window.scene.select_ids(["c22"])
    press(window, qtbot, Qt.Key.Key_Delete)
    assert window.doc.map.claim("c22") is None and window.doc.map.claim("c23") is None
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.map.model_dump() == before


def test_dragging_a_claim_onto_another_reattaches_its_branch(window, qtbot, answers):
    window.view.resetTransform()
    # c28 (a reason for c23) dropped onto c30 becomes a reason for c30.
    window.view.centerOn(centre(window, "c28"))
    qtbot.wait(10)
    start = centre(window, "c28")
    target = centre(window, "c30")
    window.view.centerOn((start + target) / 2)
    window.view.fitInView(window.scene.claim_items["c28"].sceneBoundingRect().united(
        window.scene.claim_items["c30"].sceneBoundingRect()), Qt.AspectRatioMode.KeepAspectRatio)
    drag(window.view, start, target)
    r16 = window.doc.map.reason("r16")
    assert r16.target == "c30"
    assert window.doc.undo_stack.undoText() == "Move Claim"
    window.act_undo.trigger()
    assert window.doc.map.reason("r16").target == "c23"


def test_a_drag_into_empty_space_changes_nothing(window, qtbot, answers):
    window.view.resetTransform()
    start = centre(window, "c28")
    window.view.centerOn(start)
    drag(window.view, start, start + QPointF(0, 2000) if False else start + QPointF(5, -45))
    assert window.doc.undo_stack.count() == 0
    box = window.scene.layout.claims["c28"]
    assert window.scene.claim_items["c28"].pos() == QPointF(box.x, box.y)


def test_double_click_opens_the_editor(window, qtbot, answers):
    window.view.resetTransform()
    c = centre(window, "c5")
    window.view.centerOn(c)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.mapFromScene(c))
    assert window.scene.editor is not None and window.scene.editor.claim_id == "c5"
    window.scene.editor.finish(keep=False)


def test_zoom_keeps_within_bounds(window, answers):
    for _ in range(40):
        window.act_zoom_out.trigger()
    assert window.view.scale_factor() >= 0.03
    for _ in range(60):
        window.act_zoom_in.trigger()
    assert window.view.scale_factor() <= 4.0


def test_context_menu_actions_follow_the_item(window, answers):
    window.scene.select_ids(["r1"])
    assert window.act_add_undercutter.isEnabled() and not window.act_add_reason.isEnabled()
    window.scene.select_ids(["c13"])
    assert window.act_add_rebuttal.isEnabled()
    window.scene.select_ids(["c1"])
    assert not window.act_add_rebuttal.isEnabled() and window.act_add_reason.isEnabled()


def test_delete_works_from_the_outline(window, qtbot, answers):
    window.scene.select_ids(["c22"])
    window.outline.setFocus()
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert window.doc.map.claim("c22") is None


def test_long_words_wrap_inside_the_box(window):
    from argmap.gui.items import PAD_X, TEXT_WIDTH, measure

    w, h = measure("See https://www.example.org/a/very/long/path/to/an/article-about-north-korean-troops now")
    one_line = measure("See")[1]
    assert w <= TEXT_WIDTH + 3 + 2 * PAD_X and h > one_line  # wrapped onto more lines, not cut
