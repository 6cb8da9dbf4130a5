"""The canvas always shows exactly the model: after every push, undo and redo."""

import pytest

from argmap import edits
from argmap.gui.document import MapDocument
from argmap.gui.scene import MapScene
from helpers import editable

EDITS = [
    lambda m: edits.add_support(m, "c1", "A reason."),
    lambda m: edits.add_objection(m, "c4", "An objection."),
    lambda m: edits.add_undercutter(m, "r2", "The step fails."),
    lambda m: edits.add_co_premise(m, "r1", "Also."),
    lambda m: edits.delete(m, ["c2"]),
    lambda m: edits.move_claim(m, "c7", "c2"),
    lambda m: edits.set_text(m, "c1", "<b>Not bold</b>"),
]


def assert_matches(scene, m):
    assert set(scene.claim_items) == {c.id for c in m.claims}
    assert set(scene.group_items) == {r.id for r in m.reasons}
    assert set(scene.ref_items) == set(scene.layout.refs)
    for c in m.claims:
        assert scene.claim_items[c.id].look.text == c.text
        box = scene.layout.claims[c.id]
        assert (scene.claim_items[c.id].pos().x(), scene.claim_items[c.id].pos().y()) == (box.x, box.y)
    for r in m.reasons:
        if r.target in scene.claim_items or r.target in scene.group_items:
            assert r.id in scene.arrow_items


@pytest.mark.parametrize("make", EDITS)
def test_items_match_model_after_push_undo_redo(qtbot, make):
    doc = MapDocument(editable("tutorial"))
    scene = MapScene(doc)
    assert_matches(scene, doc.map)
    doc.push(make(doc.map))
    assert_matches(scene, doc.map)
    doc.undo_stack.undo()
    assert_matches(scene, doc.map)
    doc.undo_stack.redo()
    assert_matches(scene, doc.map)


def test_badges_show_findings(qtbot):
    doc = MapDocument(editable("exercise-find-the-faults"))
    scene = MapScene(doc)
    assert scene.claim_items["c4"].look.severity == "error"
    assert scene.claim_items["c8"].look.severity == "warning"
    assert scene.claim_items["c2"].look.severity is None
    assert "no reasons yet" in scene.claim_items["c4"].tooltip_text()


def test_claim_text_is_never_markup(qtbot):
    doc = MapDocument(editable("tutorial"))
    scene = MapScene(doc)
    doc.push(edits.set_text(doc.map, "c1", "<b>x</b> & <i>y</i>"))
    tip = scene.claim_items["c1"].tooltip_text()
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;" in tip


def test_roles_drive_the_group_colours(qtbot):
    doc = MapDocument(editable("tutorial"))
    scene = MapScene(doc)
    roles = {rid: item.role for rid, item in scene.group_items.items()}
    assert roles == {"r1": "support", "r2": "support", "r3": "support", "r4": "objection",
                     "r5": "rebuttal", "r6": "undercutter"}


def test_tooltip_is_shown_for_the_item_under_the_mouse(qtbot, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QGraphicsSceneHelpEvent, QToolTip

    doc = MapDocument(editable("exercise-find-the-faults"))
    scene = MapScene(doc)
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    event = QGraphicsSceneHelpEvent(QHelpEvent.Type.ToolTip)
    event.setScenePos(scene.claim_items["c4"].sceneBoundingRect().center())
    event.setScreenPos(QPoint(10, 10))
    scene.helpEvent(event)
    assert shown and "no reasons yet" in shown[0]


def test_a_reason_whose_premise_is_drawn_elsewhere_shows_a_reference_box(qtbot):
    # In the op-ed map, the rebuttal r13 reuses a premise drawn under another reason.
    doc = MapDocument(editable("drezner-north-korean-troops"))
    scene = MapScene(doc)
    claim_id, _ = next(pair for pair in scene.layout.shared if pair[1] == "r13")
    ref = scene.ref_items[(claim_id, "r13")]
    assert scene.group_items["r13"].sceneBoundingRect().contains(ref.sceneBoundingRect().center())
    assert doc.map.claim(claim_id).text.split()[0] in ref.tooltip_text()
    # its dashed link to the claim shows only while one end is selected
    link = scene.arrow_items[f"{claim_id}>r13"]
    assert not link.isVisible()
    scene.select_ids([claim_id])
    assert link.isVisible()
    scene.select_ids([])
    assert not link.isVisible()
    # the reference follows the claim's text
    doc.push(edits.set_text(doc.map, claim_id, "Reworded premise."))
    assert "Reworded premise." in scene.ref_items[(claim_id, "r13")].tooltip_text()
    # a click on it goes to the claim itself
    with qtbot.waitSignal(scene.jump_requested) as blocker:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtWidgets import QGraphicsSceneMouseEvent

        event = QGraphicsSceneMouseEvent(QGraphicsSceneMouseEvent.Type.GraphicsSceneMousePress)
        event.setScenePos(scene.ref_items[(claim_id, "r13")].sceneBoundingRect().center() + QPointF(0, 4))
        event.setButton(Qt.MouseButton.LeftButton)
        scene.mousePressEvent(event)
    assert blocker.args == [[claim_id]]
    # once the reason is gone, so is its reference box
    doc.push(edits.delete(doc.map, reason_ids=["r13"]))
    assert (claim_id, "r13") not in scene.ref_items
