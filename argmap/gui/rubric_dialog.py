"""The grading rubric of a model answer: how much each part of a student's score weighs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from argmap.model import Rubric

WEIGHTS = [
    ("main_conclusion", "Main conclusion found"),
    ("reasons", "Reasons found"),
    ("objections", "Objections and replies found"),
    ("structure", "No structural errors"),
]


class RubricDialog(QDialog):
    def __init__(self, rubric: Rubric | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Grading rubric")
        rubric = rubric or Rubric()
        intro = QLabel("When students' maps are compared with this map, each part of their score counts this "
                       "much. A part with weight 0 does not count.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for field, label in WEIGHTS:
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(2)
            spin.setValue(getattr(rubric, field))
            form.addRow(label, spin)
            self.spins[field] = spin
        self.cost = QDoubleSpinBox()
        self.cost.setRange(0, 100)
        self.cost.setDecimals(1)
        self.cost.setSuffix(" %")
        self.cost.setValue(rubric.error_cost * 100)
        self.cost.setToolTip("How much of the structure part each error the checks find takes away.")
        form.addRow("Each structural error costs", self.cost)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._defaults)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _defaults(self) -> None:
        d = Rubric()
        for field, spin in self.spins.items():
            spin.setValue(getattr(d, field))
        self.cost.setValue(d.error_cost * 100)

    def rubric(self) -> Rubric:
        return Rubric(**{f: s.value() for f, s in self.spins.items()}, error_cost=self.cost.value() / 100)
