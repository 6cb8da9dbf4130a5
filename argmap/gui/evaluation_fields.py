"""The Inspector's fields for judging an argument: a claim's rating, a reason's
strength, what follows from them, and the reason's critical questions.

Every change is an edit (one undo step) through the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from argmap import edits
from argmap.evaluate import Result
from argmap.gui.document import MapDocument
from argmap.gui.items import plain_tooltip
from argmap.model import ArgumentMap, Claim, Reason
from argmap.schemes import Scheme, find_scheme

RATING_CHOICES = [("Not rated yet", None), ("Accept", "accept"), ("Doubtful", "doubtful"), ("Reject", "reject")]
STRENGTH_CHOICES = [("Not rated yet", None), ("Strong", "strong"), ("Moderate", "moderate"), ("Weak", "weak"),
                    ("Irrelevant", "irrelevant")]


def _label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # explanations quote claims: never markup
    return label


@dataclass(frozen=True)
class _Judged:
    """What one kind of judgement edits: a claim's rating or a reason's strength."""

    field: str
    choices: list[tuple[str, str | None]]
    row: str
    tip: str
    rate_label: str  # the undo step's name, before the choice's word
    clear_label: str
    find: Callable[[ArgumentMap, str], Claim | Reason | None]
    set_fields: Callable[..., edits.Compound]


JUDGED = {
    "claim": _Judged("rating", RATING_CHOICES, "Your rating", "How acceptable you find this claim, taken on its own.",
                     "Rate Claim", "Clear Claim Rating", ArgumentMap.claim, edits.set_claim_fields),
    "reason": _Judged("strength", STRENGTH_CHOICES, "Strength",
                      "If the premises were true, how strongly would they bear on the target?",
                      "Rate Reason", "Clear Reason Strength", ArgumentMap.reason, edits.set_reason_fields),
}


class Judgement(QGroupBox):
    """The student's judgement of a claim (its rating) or a reason (its strength), and what follows."""

    def __init__(self, document: MapDocument, kind: str, parent=None) -> None:
        super().__init__("Evaluation", parent)
        self.doc = document
        self.judged = JUDGED[kind]
        self.item_id: str | None = None
        self._loading = False
        self.choice = QComboBox()
        for text, value in self.judged.choices:
            self.choice.addItem(text, value)
        self.choice.setToolTip(self.judged.tip)
        self.follows = _label()
        form = QFormLayout(self)
        form.addRow(self.judged.row, self.choice)
        form.addRow("What follows", self.follows)
        self.choice.currentIndexChanged.connect(self._commit)

    def show_item(self, item: Claim | Reason, result: Result | None) -> None:
        self._loading = True
        try:
            self.item_id = item.id
            value = getattr(item, self.judged.field)
            self.choice.setCurrentIndex(self.choice.findData(value) if value else 0)
            self.follows.setText(result.explanation if result is not None else "")
        finally:
            self._loading = False

    def _commit(self) -> None:
        j = self.judged
        item = j.find(self.doc.map, self.item_id) if self.item_id else None
        value = self.choice.currentData()
        if item is None or self._loading or getattr(item, j.field) == value:
            return
        label = f"{j.rate_label}: {self.choice.currentText()}" if value else j.clear_label
        self.doc.push(j.set_fields(self.doc.map, item.id, label, **{j.field: value}))


class CriticalQuestions(QGroupBox):
    """The reason's scheme's critical questions: tick one the argument meets, or raise it as an objection."""

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__("Critical questions", parent)
        self.doc = document
        self.reason_id: str | None = None
        self.scheme: Scheme | None = None
        self.intro = _label()
        self.rows = QVBoxLayout()
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(self.rows)
        self._shown: tuple | None = None

    def show_reason(self, r: Reason) -> None:
        scheme = find_scheme(r.scheme)
        undercut = any(x.kind == "objection" and x.target == r.id for x in self.doc.map.reasons)
        state = (r.id, scheme.id if scheme else None, tuple(sorted(r.questions.items())), undercut)
        self.setVisible(scheme is not None)
        if state == self._shown:
            return
        self._shown = state
        self.reason_id, self.scheme = r.id, scheme
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if scheme is None:
            return
        self.intro.setText(f"{scheme.name}: {scheme.summary} Tick a question the argument answers; raise one "
                           "that exposes a weakness as an objection.")
        for q in scheme.questions:
            state_of = r.questions.get(q.id)
            if state_of == "raised" and not undercut:
                state_of = None  # its objection was deleted: the question is open again
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            box = QCheckBox()
            box.setChecked(state_of == "answered")
            box.setEnabled(state_of != "raised")
            box.setToolTip("Ticked: the argument meets this question.")
            box.setAccessibleName(q.question)
            box.toggled.connect(lambda on, qid=q.id: self._answer(qid, on))
            text = _label()  # a label wraps where a check box's own text would widen the panel
            text.setText(q.question)
            text.setBuddy(box)
            h.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            h.addWidget(text, 1)
            if state_of == "raised":
                note = QLabel("raised as an objection")
                note.setEnabled(False)
                h.addWidget(note)
            else:
                raise_button = QPushButton("Raise")
                raise_button.setToolTip(plain_tooltip(f"Add the objection “{q.objection}” to this reason's step"))
                raise_button.clicked.connect(lambda checked=False, q=q: self._raise(q.id, q.objection))
                h.addWidget(raise_button)
            self.rows.addWidget(row)

    def _answer(self, question_id: str, on: bool) -> None:
        r = self.doc.map.reason(self.reason_id) if self.reason_id else None
        if r is None or (r.questions.get(question_id) == "answered") == on:
            return
        self.doc.push(edits.set_question(self.doc.map, r.id, question_id, "answered" if on else None))

    def _raise(self, question_id: str, objection: str) -> None:
        if self.reason_id and self.doc.map.reason(self.reason_id) is not None:
            self.doc.push(edits.raise_question(self.doc.map, self.reason_id, question_id, objection))
