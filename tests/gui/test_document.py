from argmap import edits
from argmap.gui.document import MapDocument
from argmap.io import load_map
from helpers import editable


def doc():
    return MapDocument(editable("tutorial"), None, preset_name="tutorial")


def test_push_applies_once_and_undo_restores(qtbot):
    d = doc()
    before = d.map.model_dump()
    with qtbot.waitSignal(d.changed):
        assert d.push(edits.add_objection(d.map, "c1", "No."))
    after = d.map.model_dump()
    assert len(d.map.claims) == len(before["claims"]) + 1
    d.undo_stack.undo()
    assert d.map.model_dump() == before
    d.undo_stack.redo()
    assert d.map.model_dump() == after


def test_findings_follow_every_change(qtbot):
    d = doc()
    assert d.findings == []
    d.push(edits.add_claim(d.map, "Loose"))
    assert [f.code for f in d.findings] == ["not-connected"]
    d.undo_stack.undo()
    assert d.findings == []


def test_refused_edit_is_reported_and_not_stacked(qtbot):
    d = doc()
    op = edits.Compound([edits.SetClaimFields("c1", {"text": "x" * 20_000})], "Edit Text")
    with qtbot.waitSignal(d.edit_failed) as blocker:
        assert not d.push(op)
    assert "text" in blocker.args[0]
    assert d.undo_stack.count() == 0 and not d.is_modified


def test_modified_flag_is_the_clean_state(qtbot, tmp_path):
    d = doc()
    assert not d.is_modified
    d.push(edits.set_text(d.map, "c2", "Changed."))
    assert d.is_modified
    d.save(tmp_path / "copy.json")
    assert not d.is_modified
    d.undo_stack.undo()
    assert d.is_modified


def test_a_preset_is_read_only_and_asks_for_a_copy(qtbot, tmp_path):
    from argmap.io.presets import preset

    d = MapDocument(preset("tutorial").load(), None, preset_name="tutorial")
    assert d.is_template
    with qtbot.waitSignal(d.template_edit):
        assert not d.push(edits.set_text(d.map, "c2", "Changed."))
    assert not d.is_modified and d.undo_stack.count() == 0
    d.save(tmp_path / "copy.json")  # the copy is the student's own map
    assert not d.is_template and load_map(tmp_path / "copy.json").template is False
    assert d.push(edits.set_text(d.map, "c2", "Changed."))


def test_selection_request_after_adding(qtbot):
    d = doc()
    with qtbot.waitSignal(d.select_requested) as blocker:
        d.push(edits.add_support(d.map, "c1"))
    assert blocker.args[0] == [d.map.claims[-1].id]


def test_a_document_with_undo_history_is_freed_without_the_cycle_collector(qtbot):
    # Undo commands refer to their document weakly. A cycle through the Qt
    # objects was left to the collector, which could free the document's undo
    # stack while a command's Python half was half gone: a crash at exit.
    import gc
    import weakref

    doc = MapDocument(editable("tutorial"))
    doc.push(edits.add_support(doc.map, "c1", "A reason."))
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    ref = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert ref() is None
    finally:
        gc.enable()
