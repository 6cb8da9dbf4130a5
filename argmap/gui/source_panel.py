"""The Source panel: the article beside its map.

Quoted passages are highlighted (the selected claim's more strongly), the
sentences no claim quotes can be shaded, and the share of sentences the map
covers is shown. Quotations are found again in the text on every change
(argmap.anchors), so a text that was edited since still lines up, and the
ones that cannot be found are listed rather than dropped.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from argmap.anchors import Anchor
from argmap.coverage import Coverage, coverage
from argmap.gui.document import MapDocument
from argmap.gui.items import is_dark
from argmap.gui.panels import deferred
from argmap.validate import quote


class SourcePanel(QStackedWidget):
    """The attached source text, or an invitation to attach it."""

    claim_clicked = Signal(str)  # a highlighted passage was clicked: select its claim
    attach_requested = Signal()

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = document
        self.anchors: dict[str, Anchor] = {}
        self.lost: list[str] = []  # claims whose quotation is not in this text
        self.cover: Coverage | None = None
        self._current: list[str] = []  # selected claims
        self._astral: list[int] = []  # where the text has characters Qt counts twice (see _to_qt)

        # -- without a text: what the map cites, and how to attach it
        self.empty = QWidget()
        outer = QVBoxLayout(self.empty)
        self.invite = QLabel()
        self.invite.setWordWrap(True)
        self.invite.setTextFormat(Qt.TextFormat.PlainText)  # titles come from files: never markup
        self.invite.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        attach = QPushButton("Attach Source Text…")
        attach.clicked.connect(self.attach_requested)
        outer.addWidget(self.invite)
        outer.addWidget(attach, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addStretch(1)

        # -- with a text
        self.page = QWidget()
        box = QVBoxLayout(self.page)
        box.setContentsMargins(4, 4, 4, 4)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)  # the article is read here, never edited
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setCenterOnScroll(True)
        self.text.viewport().installEventFilter(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.shade = QCheckBox("Shade sentences no claim quotes")
        self.shade.setChecked(True)
        self.shade.toggled.connect(self._paint)
        self.new_claim = QPushButton("New Claim from Selection")
        self.link = QPushButton("Link Selection to Claim")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_claim)
        buttons.addWidget(self.link)
        buttons.addStretch(1)
        box.addWidget(self.text, 1)
        box.addLayout(buttons)
        box.addWidget(self.shade)
        box.addWidget(self.summary)

        self.addWidget(self.empty)
        self.addWidget(self.page)
        self._later = deferred(self, self.refresh)
        document.changed.connect(self._later.start)
        document.source_changed.connect(self._load_text)
        self._load_text()

    # -- state -------------------------------------------------------------------------

    def has_text(self) -> bool:
        return self.doc.source_text is not None

    def selected_passage(self) -> tuple[str, int] | None:
        """The selected words and where they start, or None if nothing is selected."""
        cursor = self.text.textCursor()
        if not self.has_text() or not cursor.hasSelection():
            return None
        start, end = self._from_qt(cursor.selectionStart()), self._from_qt(cursor.selectionEnd())
        passage = self.doc.source_text[start:end]
        return (passage, start) if passage.strip() else None

    def select_passage(self, start: int, end: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(self._to_qt(start))
        cursor.setPosition(self._to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    # Qt counts positions in UTF-16 units, Python in characters: an emoji or a
    # rare CJK character is one character here and two there.
    def _to_qt(self, i: int) -> int:
        return i + bisect_left(self._astral, i)

    def _from_qt(self, p: int) -> int:
        shifted = [a + k for k, a in enumerate(self._astral)]  # their Qt positions
        return p - bisect_left(shifted, p)

    # -- showing -----------------------------------------------------------------------

    def _load_text(self) -> None:
        text = self.doc.source_text
        if text is None:
            src = self.doc.map.source
            if src is not None and (src.title or src.author):
                cited = ", ".join(x for x in (src.author, f"“{src.title}”" if src.title else "", src.outlet) if x)
                self.invite.setText(f"This map reads {cited}. The map does not include the text itself.\n\n"
                                    "Attach your copy of it (a text, Markdown or HTML file) to read it here, "
                                    "see each claim's passage and the sentences not yet mapped.")
            else:
                self.invite.setText("This map has no source text yet. Attach the article it reads "
                                    "(a text, Markdown or HTML file) to quote it and see what is mapped.")
            self.setCurrentWidget(self.empty)
            self.anchors, self.lost, self.cover = {}, [], None
            return
        # Plain text, never markup: an article's "<b>" is shown as written.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self.text.setPlainText(text)
        self.setCurrentWidget(self.page)
        self.refresh()

    def refresh(self) -> None:
        """Find every quotation again and recount what the map covers."""
        text = self.doc.source_text
        if text is None:
            return
        self.anchors, self.lost = self.doc.anchors  # found when the document last changed
        self.cover = coverage(text, [(a.start, a.end) for a in self.anchors.values()])
        n, covered = len(self.cover.sentences), sum(self.cover.covered)
        summary = (f"The map quotes {covered} of the text's {n} sentences ({self.cover.share:.0%})."
                   if n else "The text has no sentences to map.")
        if self.lost:
            names = "; ".join(quote(self.doc.map.claim(cid).text, 40) for cid in self.lost[:3])
            more = f" and {len(self.lost) - 3} more" if len(self.lost) > 3 else ""
            summary += (f"\n{len(self.lost)} quotation{'s' if len(self.lost) != 1 else ''} could not be found in "
                        f"this text: {names}{more}. Link them again from the text.")
        self.summary.setText(summary)
        self._paint()

    def show_claims(self, claim_ids: list[str]) -> None:
        """Highlight the selected claims' passages and scroll to the first."""
        self._current = [c for c in claim_ids if c in self.anchors]
        self._paint()
        if self._current:
            a = self.anchors[self._current[0]]
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._to_qt(a.start))
            self.text.setTextCursor(cursor)  # the caret only: the user's selection is not kept here
            self.text.ensureCursorVisible()

    def _paint(self) -> None:
        dark = is_dark()
        selections = []
        if self.cover is not None and self.shade.isChecked():
            unmapped = QTextCharFormat()
            unmapped.setBackground(QColor("#3a3a3a" if dark else "#ececec"))
            unmapped.setForeground(QColor("#9a9a9a" if dark else "#6b6b6b"))
            for s, covered in zip(self.cover.sentences, self.cover.covered, strict=True):
                if not covered:
                    selections.append(self._span(s.start, s.end, unmapped))
        quoted = QTextCharFormat()
        quoted.setBackground(QColor("#5a4a14" if dark else "#fff1b8"))
        current = QTextCharFormat()
        current.setBackground(QColor("#8a5a00" if dark else "#ffc95c"))
        current.setProperty(QTextFormat.Property.FullWidthSelection, False)
        for cid, a in self.anchors.items():
            selections.append(self._span(a.start, a.end, current if cid in self._current else quoted))
        self.text.setExtraSelections(selections)

    def _span(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._to_qt(start))
        cursor.setPosition(self._to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def claim_at(self, position: int) -> str | None:
        """The claim whose passage is at this character (the shortest, if passages overlap)."""
        hits = [(a.length, cid) for cid, a in self.anchors.items() if a.start <= position < a.end]
        return min(hits)[1] if hits else None

    def eventFilter(self, obj, event) -> bool:
        # A click (not a drag that selects) on a highlighted passage selects its claim.
        if obj is self.text.viewport() and event.type() == event.Type.MouseButtonRelease:
            if event.button() == Qt.MouseButton.LeftButton and not self.text.textCursor().hasSelection():
                at = self.text.cursorForPosition(event.position().toPoint()).position()
                cid = self.claim_at(self._from_qt(at))
                if cid is not None:
                    self.claim_clicked.emit(cid)
        return super().eventFilter(obj, event)
