"""Comparing with a model answer and evaluating an argument, in the window."""

from PySide6.QtWidgets import QGraphicsItem, QPushButton

from argmap import edits
from argmap.compare import GHOST
from argmap.graph import MapIndex
from argmap.io import save_map
from argmap.model import Rubric
from argmap.schemes import find_scheme


def _leaf_support(m):
    ix = MapIndex(m)
    return next(r for r in m.reasons if r.kind == "support" and not ix.reasons_on.get(r.id)
                and len(ix.supports(r.target)) > 1
                and all(not ix.reasons_on.get(p) and len(ix.premise_of[p]) == 1 for p in r.premises))


def _student_missing_a_reason(window):
    """The window's map becomes a student's: one leaf reason and its premises left out."""
    model = window.doc.map.model_copy(deep=True)
    student = window.doc.map.model_copy(deep=True)
    gone = _leaf_support(student)
    student.reasons = [r for r in student.reasons if r.id != gone.id]
    student.claims = [c for c in student.claims if c.id not in gone.premises]
    window.doc.replace(student, None)
    return model, gone


def test_compare_with_a_model_answer_file_marks_ghosts_and_scores(window, answers, tmp_path, monkeypatch):
    model, gone = _student_missing_a_reason(window)
    path = tmp_path / "model.json"
    save_map(model, path)
    monkeypatch.setattr(window.dialogs, "model_answer_path", lambda folder="": str(path))
    window.act_compare.trigger()

    assert window.docks["comparison"].isVisible()
    scene = window.scene
    ghosts = {cid for cid in scene.claim_items if cid.startswith(GHOST)}
    assert ghosts == {GHOST + p for p in gone.premises}
    ghost_item = scene.claim_items[GHOST + gone.premises[0]]
    assert ghost_item.look.ghost and not ghost_item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    assert GHOST + gone.id in scene.group_items  # the missing reason, under the claim it supports
    assert scene.layout.groups[GHOST + gone.id] is not None
    assert all(scene.claim_items[c.id].look.mark == "match" for c in window.doc.map.claims)
    panel = window.compare_panel
    assert panel.grade is not None and panel.grade.parts["reasons"] < 1 and panel.grade.parts["objections"] == 1
    assert panel.score.text() == f"Score: {panel.grade.score:.0f} out of 100"
    # The map itself is not changed by comparing.
    assert not window.doc.is_modified and all(not c.id.startswith(GHOST) for c in window.doc.map.claims)

    window.act_stop_compare.trigger()
    assert not any(cid.startswith(GHOST) for cid in scene.claim_items)
    assert all(item.look.mark is None for item in scene.claim_items.values())
    assert not window.docks["comparison"].isVisible()


def test_the_comparison_follows_each_edit_and_undo(window, answers):
    model, gone = _student_missing_a_reason(window)
    window._compare_with(model, "Model")
    before = window.compare_panel.grade.score
    window.doc.push(edits.add_claim(window.doc.map, "A new point of mine."))
    new = window.doc.map.claims[-1].id
    assert window.scene.claim_items[new].look.mark == "extra"
    assert window.compare_panel.grade.score == before  # an extra claim costs nothing by itself
    window.act_undo.trigger()
    assert new not in window.scene.claim_items


def test_clicking_a_missing_claim_in_the_panel_shows_its_ghost(window, answers):
    model, gone = _student_missing_a_reason(window)
    window._compare_with(model, "Model")
    tree = window.compare_panel.tree
    missing = tree.topLevelItem(1)
    assert missing.text(0).startswith("Missing from this map")
    shown = []
    window.compare_panel.jump_requested.connect(shown.append)
    window.compare_panel._activated(missing.child(0))
    assert shown == [[GHOST + gone.premises[0]]]


def test_evaluation_mode_colours_claims_and_ratings_are_undoable(window, answers):
    window.act_evaluate.trigger()
    assert window.act_evaluate.isChecked()
    main = next(c for c in window.doc.map.claims if c.main_conclusion)
    item = window.scene.claim_items[main.id]
    assert item.look.mark in ("none", "weak", "moderate", "strong") and "What follows" in item.look.tooltip
    assert window.counts.text().endswith(f"0 of {len(window.doc.map.claims)} claims and "
                                         f"0 of {len(window.doc.map.reasons)} reasons rated")
    window.show_ids([main.id])
    fields = window.inspector.claim_evaluation
    assert fields.isVisibleTo(window.inspector)
    fields.choice.setCurrentIndex(fields.choice.findData("reject"))
    assert window.doc.map.claim(main.id).rating == "reject"
    assert "You reject this" in fields.follows.text()
    window.act_undo.trigger()
    assert window.doc.map.claim(main.id).rating is None
    window.act_evaluate.trigger()
    assert all(i.look.mark is None for i in window.scene.claim_items.values())
    assert not window.inspector.claim_evaluation.isVisibleTo(window.inspector)


def test_a_reasons_strength_changes_what_follows_for_its_conclusion(window, answers):
    window.act_evaluate.trigger()
    r = next(r for r in window.doc.map.reasons if r.kind == "support")
    for p in r.premises:
        window.doc.push(edits.set_claim_fields(
            window.doc.map, p, "Rate", rating="accept"))
    window.show_ids([r.id])
    fields = window.inspector.reason_evaluation
    fields.choice.setCurrentIndex(fields.choice.findData("irrelevant"))
    assert window.doc.map.reason(r.id).strength == "irrelevant"
    assert fields.follows.text().startswith("No force")


def test_a_critical_question_becomes_an_objection_in_one_step(window, answers):
    r = next(r for r in window.doc.map.reasons if find_scheme(r.scheme) is not None)
    scheme = find_scheme(r.scheme)
    window.show_ids([r.id])
    panel = window.inspector.questions
    assert panel.isVisibleTo(window.inspector) and panel.rows.count() == len(scheme.questions)
    q = scheme.questions[0]
    claims_before = len(window.doc.map.claims)
    panel._raise(q.id, q.objection)
    m = window.doc.map
    assert len(m.claims) == claims_before + 1 and m.claims[-1].text == q.objection
    assert any(x.target == r.id and x.kind == "objection" and x.premises == [m.claims[-1].id] for x in m.reasons)
    assert m.reason(r.id).questions == {q.id: "raised"}
    window.act_undo.trigger()
    assert len(window.doc.map.claims) == claims_before and window.doc.map.reason(r.id).questions == {}
    panel._answer(q.id, True)
    assert window.doc.map.reason(r.id).questions == {q.id: "answered"}


def test_the_rubric_dialog_sets_the_maps_rubric_as_one_step(window, answers, monkeypatch):
    monkeypatch.setattr(window.dialogs, "edit_rubric", lambda rubric: Rubric(reasons=60, structure=0))
    window.act_rubric.trigger()
    assert window.doc.map.rubric == Rubric(reasons=60, structure=0)
    window.act_undo.trigger()
    assert window.doc.map.rubric is None


def test_a_model_answer_that_cannot_be_read_is_reported(window, answers, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "argmap", "claims": [', encoding="utf-8")
    monkeypatch.setattr(window.dialogs, "model_answer_path", lambda folder="": str(bad))
    window.act_compare.trigger()
    assert answers.warnings and "bad.json" in answers.warnings[0][1]
    assert window.comparison is None


def test_comparing_ends_evaluation_mode_everywhere(window, answers):
    window.act_evaluate.trigger()
    window._compare_with(window.doc.map.model_copy(deep=True), "Model")
    assert not window.act_evaluate.isChecked() and not window.inspector.evaluating
    assert "rated" not in window.counts.text()


def test_another_scheme_clears_the_answers_and_a_deleted_objection_reopens_its_question(window, answers):
    m = window.doc.map
    r = next(r for r in m.reasons if find_scheme(r.scheme) is not None and not any(x.target == r.id for x in m.reasons))
    q = find_scheme(r.scheme).questions[0]
    window.show_ids([r.id])
    window.inspector.questions._raise(q.id, q.objection)
    objection = window.doc.map.claims[-1].id
    window.doc.push(edits.delete(window.doc.map, [objection]))
    window.show_ids([r.id])
    panel = window.inspector.questions
    row = panel.rows.itemAt(0).widget()
    assert any(b.text() == "Raise" for b in row.findChildren(QPushButton))  # open again
    window.doc.push(edits.set_reason_fields(window.doc.map, r.id, "Answer", questions={q.id: "answered"}))
    window.show_ids([r.id])
    window.inspector.scheme.setText("argument from analogy")
    window.inspector._commit_scheme()
    assert window.doc.map.reason(r.id).questions == {}


def test_ok_on_an_unchanged_rubric_is_not_an_edit(window, answers, monkeypatch):
    monkeypatch.setattr(window.dialogs, "edit_rubric", lambda rubric: Rubric())
    window.act_rubric.trigger()
    assert window.doc.map.rubric is None and not window.doc.is_modified
