"""The main window's Evaluate menu: compare with a model answer, evaluate the argument, set the rubric.

A mixin of MainWindow, like FileActions. Comparing and evaluating are views
laid over the map (gui.overlay), never edits of it; ratings, strengths,
critical-question answers and the rubric are edits, each one undo step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from argmap import edits
from argmap.evaluate import explain_rules
from argmap.gui.compare_panel import ComparePanel
from argmap.gui.overlay import ComparisonOverlay, evaluation_overlay
from argmap.io import MapFileError
from argmap.io.interchange import import_map
from argmap.io.presets import presets
from argmap.model import Rubric


class AssessActions:
    """Mixed into MainWindow (it provides doc, scene, dialogs, settings, docks, _action, show_ids)."""

    def _make_assess(self) -> ComparePanel:
        self.compare_panel = ComparePanel()
        self.compare_panel.jump_requested.connect(self.show_ids)
        self.compare_panel.stop_requested.connect(self.stop_comparing)
        self.comparison: ComparisonOverlay | None = None
        a = self._action
        self.act_compare = a("&Compare with Model Answer…", self.compare_with_file, "Ctrl+Shift+M",
                             "Open a model answer and see what this map has, lacks or draws differently")
        self.act_stop_compare = a("S&top Comparing", self.stop_comparing, "Ctrl+Alt+M", "Show the map alone again")
        self.act_evaluate = a("&Evaluate the Argument", self.toggle_evaluation, "Ctrl+Shift+V",
                              "Rate claims and reasons, and see what follows for each conclusion")
        self.act_evaluate.setCheckable(True)
        self.act_rubric = a("Grading &Rubric…", self.edit_rubric, "Ctrl+Shift+G",
                            tip="How students' maps are graded when this map is their model answer")
        self.act_rules = a("How Evaluation &Works", self.show_evaluation_rules, "Shift+F1",
                           tip="The rules that say what follows from your ratings")
        self.doc.changed.connect(self._refresh_comparison)  # after the canvas has compared again
        return self.compare_panel

    def _fill_assess_menu(self, menu) -> None:
        menu.addAction(self.act_compare)
        bundled = menu.addMenu("Compare with &Bundled Map")
        for p in presets():
            act: QAction = bundled.addAction(p.title)
            act.triggered.connect(lambda checked=False, p=p: self._compare_with(p.load(), p.title))
        menu.addAction(self.act_stop_compare)
        menu.addSeparator()
        menu.addActions([self.act_evaluate, self.act_rules])
        menu.addSeparator()
        menu.addAction(self.act_rubric)
        self._update_assess_actions()

    # -- comparing ----------------------------------------------------------------

    def compare_with_file(self) -> None:
        folder = str(self.settings.value("paths/model_answer", "") or "")
        path = self.dialogs.model_answer_path(folder)
        if not path:
            return
        try:
            reference, notes = import_map(path)
        except MapFileError as exc:
            self.dialogs.warn("This model answer cannot be opened", exc.describe())
            return
        self.settings.setValue("paths/model_answer", str(Path(path).parent))
        self._compare_with(reference, reference.title or Path(path).name)

    def _compare_with(self, reference, name: str) -> None:
        if self.act_evaluate.isChecked():  # one view over the map at a time
            self.act_evaluate.setChecked(False)
            self.inspector.set_evaluating(False)
            self._update_status()
        self.comparison = ComparisonOverlay(reference, name)
        self.scene.set_overlay(self.comparison)
        dock = self.docks["comparison"]
        dock.show()
        dock.raise_()
        if not dock.isFloating():  # room for the score and its lists beside the Outline
            self.resizeDocks([self.docks["outline"], dock], [260, 520], Qt.Orientation.Vertical)
        self._refresh_comparison()
        self._update_assess_actions()
        self.statusBar().showMessage("Comparing with the model answer: faint boxes are what it has and this map "
                                     "lacks", 6000)

    def stop_comparing(self) -> None:
        if self.comparison is None:
            return
        self.comparison = None
        self.scene.set_overlay(None)
        self.docks["comparison"].hide()
        self._update_assess_actions()

    def _refresh_comparison(self) -> None:
        c = self.comparison
        if c is not None and c.last is not None:
            self.compare_panel.show_comparison(c.last, c.reference_name, self.doc.findings)

    # -- evaluating -----------------------------------------------------------------

    def toggle_evaluation(self) -> None:
        on = self.act_evaluate.isChecked()
        if on and self.comparison is not None:
            self.comparison = None
            self.docks["comparison"].hide()
        self.scene.set_overlay(evaluation_overlay if on else None)
        self.inspector.set_evaluating(on)
        self._update_status()  # the status bar counts what is rated
        if on:
            self.docks["inspector"].show()
            # Room for the ratings, what follows and the critical questions.
            self.resizeDocks([self.docks["inspector"], self.docks["source"]], [560, 200], Qt.Orientation.Vertical)
            self.statusBar().showMessage("Evaluation: rate each claim and reason in the Inspector; the colours "
                                         "show what follows", 6000)
        self._update_assess_actions()

    def show_evaluation_rules(self) -> None:
        self.dialogs.inform("How evaluation works", explain_rules())

    # -- the rubric --------------------------------------------------------------------

    def edit_rubric(self) -> None:
        current = self.doc.map.rubric
        rubric = self.dialogs.edit_rubric(current)
        if rubric is not None and rubric != (current or Rubric()):  # OK without a change is not an edit
            self.doc.push(edits.set_rubric(self.doc.map, rubric))

    def _update_assess_actions(self) -> None:
        self.act_stop_compare.setEnabled(self.comparison is not None)
        self.docks["comparison"].toggleViewAction().setEnabled(self.comparison is not None)
