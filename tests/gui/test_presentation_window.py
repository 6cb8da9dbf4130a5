"""Presenting to a class: every claim once, in order, and the editor untouched."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def visible_claims(p):
    return {cid for cid, item in p.scene.claim_items.items() if item.isVisible()}


def test_stepping_through_reveals_every_claim_once_and_leaves_the_editor_as_it_was(window, qtbot):
    window.scene.select_ids(["c5"])
    before = window.doc.map.model_copy(deep=True)
    undo_index = window.doc.undo_stack.index()
    window.act_present.trigger()
    p = window.presentation
    qtbot.waitExposed(p)
    # It takes the keyboard: the editor's arrow-key actions must not fire while it is up.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is p)
    assert visible_claims(p) == {next(c.id for c in window.doc.map.claims if c.main_conclusion)}
    seen = [visible_claims(p)]
    for _ in range(len(p.steps) - 1):
        qtbot.keyClick(p, Qt.Key.Key_Right)
        seen.append(visible_claims(p))
    # each step adds what it reveals and nothing is revealed twice
    new_each_step = [seen[0]] + [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert all(a <= b for a, b in zip(seen, seen[1:], strict=False))
    assert sum(len(n) for n in new_each_step) == len(window.doc.map.claims)
    assert seen[-1] == set(window.scene.claim_items)
    qtbot.keyClick(p, Qt.Key.Key_Right)  # past the end: stays on the last step
    assert p.index == len(p.steps) - 1
    qtbot.keyClick(p, Qt.Key.Key_Left)
    assert visible_claims(p) == seen[-2]
    qtbot.keyClick(p, Qt.Key.Key_Home)
    assert p.index == 0
    # a step with a quotation shows it beside the map
    i = next(i for i, s in enumerate(p.steps) if any(window.doc.map.claim(c).quotation for c in s.claims))
    p.go(i)
    assert p.quotes.text().startswith("From the text:")
    with qtbot.waitSignal(p.closed):
        qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert window.doc.map == before
    assert window.doc.undo_stack.index() == undo_index
    assert window.scene.selected_claims() == ["c5"]
    assert all(item.isVisible() for item in window.scene.claim_items.values())


def test_presenting_an_empty_map_says_so(window, qtbot):
    from argmap.model import ArgumentMap

    window.doc.replace(ArgumentMap(title="Empty"), None)
    window.present()
    assert "no claims" in window.presentation.heading.text()
    window.presentation.close()
