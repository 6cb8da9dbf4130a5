"""The Comparison panel: the score against a model answer, and what matches, is missing or differs.

It reads the comparison the canvas made for its overlay after each edit, so
the two always agree; clicking a line shows that claim or reason on the
canvas (a missing one as its ghost box).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from argmap.compare import GHOST, Comparison
from argmap.grading import PART_NAMES, PARTS, Grade, grade_comparison
from argmap.gui.items import plain_tooltip
from argmap.validate import Finding, quote

IDS = Qt.ItemDataRole.UserRole


class ComparePanel(QWidget):
    jump_requested = Signal(list)  # ids to show on the canvas
    stop_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a map's title is never markup
        self.score = QLabel()
        font = self.score.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.score.setFont(font)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)  # long lines wrap in the column's width instead of being cut
        self.tree.setUniformRowHeights(False)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        stop = QPushButton("Stop Comparing")
        stop.clicked.connect(self.stop_requested)
        top = QHBoxLayout()
        top.addWidget(self.score, 1)
        top.addWidget(stop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.title)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        self.grade: Grade | None = None

    def show_comparison(self, c: Comparison, reference_name: str, findings: list[Finding] | None = None) -> None:
        g = self.grade = grade_comparison(c, findings=findings)
        self.title.setText(f"Compared with the model answer “{reference_name}”.")
        self.score.setText(f"Score: {g.score:.0f} out of 100")
        t = self.tree
        t.clear()
        parts = QTreeWidgetItem(t, ["Score by part"])
        for p in PARTS:
            QTreeWidgetItem(parts, [f"{PART_NAMES[p]}: {100 * g.parts[p]:.0f} % (weight {g.weights[p]:g}). "
                                    f"{g.explanations[p]}"])
        s_claims = {x.id: x for x in c.student.claims}
        r_claims = {x.id: x for x in c.reference.claims}
        missing = c.missing_claims
        self._group(f"Missing from this map ({len(missing)})",
                    [(quote(r_claims[cid].text, 90), [GHOST + cid]) for cid in missing],
                    "Nothing is missing.")
        differ = [r for r in c.reasons if r.status != "found"]
        self._group(f"Reasons and objections that differ ({len(differ)})",
                    [(r.why + ".", [r.student] if r.student else [GHOST + r.reference]) for r in differ],
                    "Every reason and objection of the model answer is here.")
        extra = c.extra_claims
        self._group(f"Not in the model answer ({len(extra)})",
                    [(quote(s_claims[cid].text, 90), [cid]) for cid in extra], "None.")
        self._group(f"Matching claims ({len(c.matches)})",
                    [(f"{quote(s_claims[m.student].text, 70)}: {m.why}.", [m.student]) for m in c.matches],
                    "None yet.", expanded=False)
        parts.setExpanded(True)

    def _group(self, title: str, rows: list[tuple[str, list[str]]], empty: str, expanded: bool = True) -> None:
        head = QTreeWidgetItem(self.tree, [title])
        for text, ids in rows or [(empty, [])]:
            item = QTreeWidgetItem(head, [text])
            item.setToolTip(0, plain_tooltip(text))  # Qt would render a claim that looks like HTML
            item.setData(0, IDS, ids)
        head.setExpanded(expanded)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ids = item.data(0, IDS)
        if ids:
            self.jump_requested.emit(list(ids))
