"""The window as a user drives it: actions, undo, files, dialogs, panels."""

import json

import pytest
from PySide6.QtCore import Qt

from argmap import edits
from argmap.io import load_map, save_map
from helpers import editable


def select(window, *ids):
    window.scene.select_ids(list(ids))


def finish_editor(window, text=None):
    ed = window.scene.editor
    assert ed is not None, "adding a claim should open its editor"
    if text is not None:
        ed.setPlainText(text)
    ed.finish(keep=True)


def test_opens_the_op_ed_map_as_a_preset(preset_window):
    window = preset_window
    assert window.windowTitle().startswith("Drezner: Are North Korean troops a bad deal for Russia?")
    assert "preset, read-only" in window.windowTitle()
    assert window.counts.text() == "40 claims · 26 reasons"
    assert window.validity.text().startswith("✓ No errors")
    assert len(window.scene.claim_items) == 40


ACTIONS = [
    ("act_add_reason", ["c1"]),
    ("act_add_objection", ["c2"]),
    ("act_add_sibling", ["c3"]),
    ("act_add_rebuttal", ["c13"]),
    ("act_add_undercutter", ["r1"]),
    ("act_delete", ["c22"]),
    ("act_delete", ["r26"]),
    ("act_main", ["c2"]),
    ("act_hidden", ["c3"]),
    ("act_move_right", ["r15"]),
    ("act_add_claim", []),
]


@pytest.mark.parametrize("name, ids", ACTIONS, ids=[f"{a}-{'-'.join(i)}" for a, i in ACTIONS])
def test_every_edit_action_undoes_and_redoes_exactly(window, answers, name, ids):
    doc = window.doc
    before = doc.map.model_dump()
    select(window, *ids)
    action = getattr(window, name)
    assert action.isEnabled(), f"{name} should be enabled for {ids}"
    action.trigger()
    if window.scene.editor is not None:
        finish_editor(window, "Typed by the test.")
    after = doc.map.model_dump()
    assert after != before and answers.warnings == []
    assert window.act_undo.isEnabled() and window.act_undo.text().startswith("&Undo ")
    while doc.undo_stack.canUndo():
        window.act_undo.trigger()
    assert doc.map.model_dump() == before
    while doc.undo_stack.canRedo():
        window.act_redo.trigger()
    assert doc.map.model_dump() == after
    assert set(window.scene.claim_items) == {c["id"] for c in after["claims"]}


def test_typing_into_a_new_reason_is_one_more_step(window, answers):
    select(window, "c1")
    window.act_add_reason.trigger()
    finish_editor(window, "Russia gains little.")
    texts = [c.text for c in window.doc.map.claims]
    assert "Russia gains little." in texts
    assert window.doc.undo_stack.undoText() == "Edit Text"
    window.act_undo.trigger()
    assert window.doc.undo_stack.undoText() == "Add Reason"


def test_escape_cancels_inline_editing(window, qtbot):
    select(window, "c2")
    window.act_edit_text.trigger()
    ed = window.scene.editor
    ed.setPlainText("Something else")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)  # reaches the editor, which has the focus
    if window.scene.editor is not None:  # offscreen focus can differ: press Escape on the editor itself
        ed.finish(keep=False)
    assert window.doc.map.claim("c2").text.startswith("Compared with the status quo")
    assert window.doc.undo_stack.count() == 0


def test_modified_marker_and_title(window, answers):
    assert not window.isWindowModified()
    select(window, "c1")
    window.act_hidden.trigger()
    assert window.isWindowModified()
    window.act_undo.trigger()
    assert not window.isWindowModified()


def test_editing_a_preset_offers_a_copy_and_edits_the_copy(preset_window, answers, tmp_path):
    window = preset_window
    before = window.doc.map.model_dump()
    answers.copy_preset = False
    select(window, "c2")
    window.act_hidden.trigger()
    assert window.doc.map.model_dump() == before and window.doc.undo_stack.count() == 0
    answers.copy_preset = True
    answers.save_path = str(tmp_path / "mine.json")
    window.act_hidden.trigger()
    assert window.doc.path == tmp_path / "mine.json" and "preset" not in window.windowTitle()
    assert window.doc.map.claim("c2").hidden and window.isWindowModified()
    assert window.save()
    reopened = load_map(tmp_path / "mine.json")
    assert reopened.model_dump() == window.doc.map.model_dump()
    assert reopened.template is False and reopened.claim("c2").hidden
    assert window.recent_files()[0].endswith("mine.json")


def test_a_preset_is_never_overwritten(preset_window, answers, tmp_path):
    from argmap.io.presets import preset as find

    before = find("drezner-north-korean-troops").location.read_bytes()
    answers.save_path = None
    assert not preset_window.save()  # Save on a preset asks for a new name; cancelled here
    assert find("drezner-north-korean-troops").location.read_bytes() == before


def test_unsaved_changes_prompt_on_close(window, answers):
    select(window, "c1")
    window.act_hidden.trigger()
    answers.save_changes = "cancel"
    assert not window.close()
    assert answers.asked and window.isVisible()
    answers.save_changes = "discard"
    assert window.close()


def test_save_from_the_prompt_writes_the_file(window, answers, tmp_path):
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)
    assert window.open_path(path)
    select(window, "c5")
    window.act_hidden.trigger()
    answers.save_changes = "save"
    assert window.close()
    assert load_map(path).claim("c5").hidden


def test_a_file_that_fails_to_open_leaves_the_map_untouched(window, answers, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "argmap", "format_version": 1, "claims": [}')
    before = window.doc.map.model_dump()
    assert not window.open_path(bad)
    assert window.doc.map.model_dump() == before
    (title, text) = answers.warnings[0]
    assert "bad.json, line 1, column 54: This is not valid JSON" in text


def open_and_edit(window, tmp_path):
    """The tutorial saved as a file, opened and edited once; returns its path and bytes."""
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)
    window.open_path(path)
    original = path.read_bytes()
    select(window, "c5")
    window.act_hidden.trigger()
    return path, original


def test_a_failed_save_keeps_the_document_unsaved_and_the_old_file(window, answers, tmp_path):
    path, original = open_and_edit(window, tmp_path)
    tmp_path.chmod(0o500)  # the folder becomes read-only: the temporary file cannot be made
    try:
        import os

        if os.geteuid() == 0:
            pytest.skip("root can write into a read-only folder")
        assert not window.save()
    finally:
        tmp_path.chmod(0o700)
    assert window.isWindowModified()
    assert path.read_bytes() == original
    assert "was not saved" in answers.warnings[0][0]


def test_failed_save_reported_when_disk_is_full(window, answers, tmp_path, monkeypatch):
    from argmap.io import json_io

    path, original = open_and_edit(window, tmp_path)

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json_io.os, "replace", full)
    assert not window.save()
    assert window.isWindowModified() and path.read_bytes() == original
    assert "No space left on device" in answers.warnings[0][1]


def test_open_preset_and_new_map(window, answers):
    tutorial = next(a for a in window.preset_menu.actions() if "Tutorial" in a.text())
    tutorial.trigger()
    assert window.counts.text() == "11 claims · 6 reasons"
    window.act_new.trigger()
    assert window.counts.text() == "0 claims · 0 reasons"
    window.act_add_claim.trigger()
    finish_editor(window, "My thesis.")
    assert window.doc.map.claims[0].main_conclusion


def test_problems_panel_follows_edits_and_jumps(window, answers, qtbot):
    panel = window.problems
    assert panel.row_texts()[0].startswith("?")  # the op-ed map has hints only
    n = len(panel.row_texts())
    window.act_add_claim.trigger()
    finish_editor(window, "A stray thought.")
    qtbot.waitUntil(lambda: len(panel.row_texts()) == n + 1)
    row = next(i for i, text in enumerate(panel.row_texts()) if "not connected" in text)
    window.scene.clearSelection()
    panel.doubleClicked.emit(panel.findings_model.index(row))
    new_id = window.doc.map.claims[-1].id
    assert window.scene.selected_ids() == [new_id]


def test_inspector_edits_are_undoable(window, answers):
    select(window, "c3")
    insp = window.inspector
    assert insp.currentWidget() is insp.claim_page
    assert insp.text.toPlainText().startswith("Tens of thousands")
    original_note = window.doc.map.claim("c3").note
    insp.note.setPlainText("A teacher's note.")
    insp._commit_text(insp.note)
    assert window.doc.map.claim("c3").note == "A teacher's note."
    insp.conclusion.setChecked(True)
    assert window.doc.map.claim("c3").conclusion
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert window.doc.map.claim("c3").note == original_note and not window.doc.map.claim("c3").conclusion
    select(window, "r1")
    assert insp.currentWidget() is insp.reason_page
    insp.scheme.setText("practical reasoning")
    insp._commit_scheme()
    assert window.doc.map.reason("r1").scheme == "practical reasoning"


def test_outline_selection_follows_the_canvas_and_back(window, qtbot):
    select(window, "c5")
    assert window.outline.selected_ids() == ["c5"]
    model = window.outline.outline_model
    i = next(i for i, row in enumerate(model.rows) if row.claim_id == "c7")
    window.outline.selectionModel().select(model.node_index(i),
                                           window.outline.selectionModel().SelectionFlag.ClearAndSelect)
    assert window.scene.selected_claims() == ["c7"]


def test_outline_rows_follow_edits(window, answers, qtbot):
    select(window, "c1")
    window.act_add_objection.trigger()
    finish_editor(window, "An objection from the test.")
    qtbot.waitUntil(lambda: any("An objection from the test." in r.text for r in window.outline.outline_model.rows))


def test_find_a_claim(window):
    window.find("Kim Jong Un", restart=True)
    first = window.scene.selected_claims()
    assert first and "Kim Jong Un" in window.doc.map.claim(first[0]).text
    window.find("Kim Jong Un", restart=False)
    assert window.scene.selected_claims() != first


def test_window_state_and_recent_files_persist(window, answers, settings, tmp_path):
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)
    window.open_path(path)
    window.close()
    settings.sync()
    assert settings.value("window/geometry") is not None
    from argmap.gui.app import open_window

    again = open_window(None, settings)
    assert again.recent_files()[0] == str(path.resolve())
    # the menu: numbered for the keyboard, the folder beside the name, a missing file greyed out
    gone = tmp_path / "gone.json"
    save_map(editable("tutorial"), gone)
    again.open_path(gone)
    gone.unlink()
    again._fill_recent()
    items = [a for a in again.recent_menu.actions() if not a.isSeparator()]
    assert items[0].text().startswith("&1 gone.json") and "moved or deleted" in items[0].text()
    assert not items[0].isEnabled()
    assert items[1].text().startswith("&2 m.json") and tmp_path.name in items[1].text() and items[1].isEnabled()
    items[-1].trigger()  # Clear Recent Maps
    assert again.recent_files() == []
    again.doc.undo_stack.setClean()
    again.close()


def test_json_of_saved_copy_is_stable(preset_window, answers, tmp_path):
    window = preset_window
    answers.save_path = str(tmp_path / "a.json")
    window.save_as()
    first = (tmp_path / "a.json").read_bytes()
    window.save()
    assert (tmp_path / "a.json").read_bytes() == first
    assert json.loads(first)["format"] == "argmap"


def test_every_menu_action_has_a_shortcut(window):
    menus = [a.menu() for a in window.menuBar().actions()]
    missing = []
    for menu in menus:
        for act in menu.actions():
            if act.isSeparator() or act.menu() is not None or act.text().startswith("&Quit"):
                continue
            if act in window.docks_toggle_actions():
                continue
            if act.shortcut().isEmpty():
                missing.append(act.text())
    assert missing == ["&About argmap"]


def test_kind_conclusion_and_scheme_actions(window, answers):
    select(window, "r1")
    window.act_kind.trigger()
    assert window.doc.map.reason("r1").kind == "objection"
    window.act_undo.trigger()
    select(window, "c3")
    window.act_conclusion.trigger()
    assert window.doc.map.claim("c3").conclusion
    select(window, "r1")
    window.act_scheme.trigger()
    assert window.inspector.currentWidget() is window.inspector.reason_page


def test_open_preset_by_keyboard(window, answers, monkeypatch):
    monkeypatch.setattr(window.dialogs, "choose", lambda title, label, options: options[-1])
    window.act_open_preset.trigger()
    assert window.doc.preset_name == "tutorial" and window.doc.is_template


def test_outline_fills_in_once_the_canvas_has_painted(preset_window, qtbot):
    # Built after the first frame, so a big map's canvas is not kept waiting.
    qtbot.waitUntil(lambda: any(r.claim_id == "c1" for r in preset_window.outline.outline_model.rows))


def test_the_claim_being_worked_on_stays_put_on_screen_when_the_map_reflows(window, answers, qtbot):
    # An edit that pushes the selected claim sideways: the view follows it, so it stays under the reader's eyes.
    view = window.view
    view.resetTransform()
    m = window.doc.map
    moved = None
    for target in [c.id for c in m.claims]:
        select(window, target)
        view.centerOn(window.scene.claim_items[target].sceneBoundingRect().center())
        before_scene = window.scene.claim_items[target].pos()
        before_screen = view.mapFromScene(before_scene)
        holder = next((r for r in m.reasons if target in r.premises), None)
        if holder is None or len(holder.premises) < 2 or holder.premises[0] == target:
            continue
        # a long reason under the co-premise on its left widens that subtree and pushes the target right
        window.doc.push(edits.add_support(m, holder.premises[0], "A long new reason that takes up a lot of room."))
        select(window, target)
        if window.scene.claim_items[target].pos() != before_scene:
            moved = (before_scene, before_screen, target)
            break
        window.doc.undo_stack.undo()
    assert moved is not None, "no edit in the op-ed map moved a claim sideways"
    before_scene, before_screen, target = moved
    after_scene = window.scene.claim_items[target].pos()
    assert (view.mapFromScene(after_scene) - before_screen).manhattanLength() <= 2


def test_an_edit_on_the_left_keeps_the_main_conclusion_where_it_was(window, answers):
    top = next(c.id for c in window.doc.map.claims if c.main_conclusion)
    before = window.scene.claim_items[top].pos()
    for _ in range(3):
        leftmost = min(window.scene.layout.claims.items(), key=lambda kv: kv[1].x)[0]
        window.doc.push(edits.add_support(window.doc.map, leftmost, "A long new reason that takes up room."))
    assert window.scene.claim_items[top].pos() == before
    assert window.scene.sceneRect().left() < window.scene.layout.left  # the scene grew leftwards to hold it


def test_export_standard_form_and_essay_plan(window, answers, tmp_path, monkeypatch):
    from argmap.essay import essay_text
    from argmap.outline import outline_markdown

    target = {"path": str(tmp_path / "form.md")}
    monkeypatch.setattr(window.dialogs, "export_path", lambda title, suggested: target["path"])
    window.act_export_outline.trigger()
    assert (tmp_path / "form.md").read_text(encoding="utf-8") == outline_markdown(window.doc.map)
    target["path"] = str(tmp_path / "plan.txt")
    window.act_export_essay.trigger()
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8") == essay_text(window.doc.map)
    # a folder that cannot be written: said plainly, nothing half-written
    target["path"] = str(tmp_path / "no-such-folder" / "plan.txt")
    window.act_export_essay.trigger()
    assert answers.warnings and "essay plan" in answers.warnings[-1][0]
    assert "no-such-folder" in answers.warnings[-1][1] or "plan.txt" in answers.warnings[-1][1]


def test_export_the_map_or_the_selection_as_a_picture(window, answers, tmp_path, monkeypatch):
    target = {"path": str(tmp_path / "map.svg")}
    monkeypatch.setattr(window.dialogs, "picture_path", lambda title, suggested: target["path"])
    monkeypatch.setattr(window.dialogs, "choose", lambda title, label, options: options[1])  # 200 %
    window.act_export_picture.trigger()
    whole = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert all(c.text.split()[0] in whole for c in window.doc.map.claims)
    select(window, "c1", "c2")
    target["path"] = str(tmp_path / "part.png")
    window.act_export_selection.trigger()
    from PySide6.QtGui import QImage

    assert not QImage(str(tmp_path / "part.png")).isNull()
    select(window)
    target["path"] = str(tmp_path / "none.png")
    window.act_export_selection.trigger()  # nothing selected: said in the status bar, nothing written
    assert not (tmp_path / "none.png").exists()


def test_import_aif_export_aif_and_drop_a_file(window, answers, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    from argmap.io.aif import dump_aif

    source = tmp_path / "from-ova.json"
    source.write_text(dump_aif(editable("tutorial")), encoding="utf-8")
    answers.import_path = str(source)
    monkeypatch.setattr(window.dialogs, "import_path", lambda folder="": answers.import_path)
    window.act_import.trigger()
    assert len(window.doc.map.claims) == len(editable("tutorial").claims)
    assert window.doc.path is None  # saving asks where: the AIF file is never overwritten
    assert answers.informed and "imported from AIF" in answers.informed[-1][1]
    out = tmp_path / "back.aif.json"
    monkeypatch.setattr(window.dialogs, "export_aif_path", lambda suggested: str(out))
    window.act_export_aif.trigger()
    assert '"nodes"' in out.read_text(encoding="utf-8")
    # a map file dropped on the window opens
    mine = tmp_path / "mine.json"
    save_map(editable("exercise-find-the-faults"), mine)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(mine))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.doc.path == mine


def test_print_fits_the_map_on_a_page(window, answers, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "printed.pdf"

    def setup(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the "printer" is a file here
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(window.dialogs, "print_setup", setup)
    window.act_print.trigger()
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 5000
    monkeypatch.setattr(window.dialogs, "print_setup", lambda printer: False)  # cancelled: nothing happens
    out.unlink()
    window.act_print.trigger()
    assert not out.exists()


def test_copy_puts_a_picture_and_the_standard_form_on_the_clipboard(window, qtbot):
    from PySide6.QtWidgets import QApplication

    select(window, "c1", "c2")
    window.view.setFocus()
    window.act_copy.trigger()
    data = QApplication.clipboard().mimeData()
    assert data.hasImage() and not data.imageData().isNull()
    text = data.text()
    assert window.doc.map.claim("c1").text.split()[0] in text
    assert window.doc.map.claim("c5").text not in text
