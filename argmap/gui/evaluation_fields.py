"""The Inspector's fields for judging an argument: a claim's rating, a reason's
strength, what follows from them, and the reason's critical questions.

Every change is an edit (one undo step) through the document.
"""

from __future__ import annotations

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
from argmap.model import Claim, Reason
from argmap.schemes import Scheme, find_scheme

RATING_CHOICES = [("Not rated yet", None), ("Accept", "accept"), ("Doubtful", "doubtful"), ("Reject", "reject")]
STRENGTH_CHOICES = [("Not rated yet", None), ("Strong", "strong"), ("Moderate", "moderate"), ("Weak", "weak"),
                    ("Irrelevant", "irrelevant")]


def _label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # explanations quote claims: never markup
    return label


class ClaimEvaluation(QGroupBox):
    """How acceptable the student judges a claim, and what follows for it."""

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__("Evaluation", parent)
        self.doc = document
        self.claim_id: str | None = None
        self._loading = False
        self.rating = QComboBox()
        for text, value in RATING_CHOICES:
            self.rating.addItem(text, value)
        self.rating.setToolTip("How acceptable you find this claim, taken on its own.")
        self.follows = _label()
        form = QFormLayout(self)
        form.addRow("Your rating", self.rating)
        form.addRow("What follows", self.follows)
        self.rating.currentIndexChanged.connect(self._commit)

    def show_claim(self, c: Claim, result: Result | None) -> None:
        self._loading = True
        try:
            self.claim_id = c.id
            self.rating.setCurrentIndex(self.rating.findData(c.rating) if c.rating else 0)
            self.follows.setText(result.explanation if result is not None else "")
        finally:
            self._loading = False

    def _commit(self) -> None:
        c = self.doc.map.claim(self.claim_id) if self.claim_id else None
        value = self.rating.currentData()
        if c is None or self._loading or c.rating == value:
            return
        label = f"Rate Claim: {self.rating.currentText()}" if value else "Clear Claim Rating"
        self.doc.push(edits.set_claim_fields(self.doc.map, c.id, label, rating=value))


class ReasonEvaluation(QGroupBox):
    """How strongly a reason's premises bear on its target, and the force that follows."""

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__("Evaluation", parent)
        self.doc = document
        self.reason_id: str | None = None
        self._loading = False
        self.strength = QComboBox()
        for text, value in STRENGTH_CHOICES:
            self.strength.addItem(text, value)
        self.strength.setToolTip("If the premises were true, how strongly would they bear on the target?")
        self.follows = _label()
        form = QFormLayout(self)
        form.addRow("Strength", self.strength)
        form.addRow("What follows", self.follows)
        self.strength.currentIndexChanged.connect(self._commit)

    def show_reason(self, r: Reason, result: Result | None) -> None:
        self._loading = True
        try:
            self.reason_id = r.id
            self.strength.setCurrentIndex(self.strength.findData(r.strength) if r.strength else 0)
            self.follows.setText(result.explanation if result is not None else "")
        finally:
            self._loading = False

    def _commit(self) -> None:
        r = self.doc.map.reason(self.reason_id) if self.reason_id else None
        value = self.strength.currentData()
        if r is None or self._loading or r.strength == value:
            return
        label = f"Rate Reason: {self.strength.currentText()}" if value else "Clear Reason Strength"
        self.doc.push(edits.set_reason_fields(self.doc.map, r.id, label, strength=value))


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
