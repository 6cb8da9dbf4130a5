"""The dockable panels: Problems, Inspector and Outline."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from argmap import edits
from argmap.graph import MapIndex
from argmap.gui.document import MapDocument
from argmap.gui.evaluation_fields import CriticalQuestions, Judgement
from argmap.gui.items import is_dark, plain_tooltip
from argmap.gui.overlay import current_evaluation
from argmap.model import Quotation
from argmap.outline import outline, outline_in_steps
from argmap.schemes import find_scheme, scheme_names
from argmap.validate import Finding, Severity

SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.HINT: "?"}
SEVERITY_COLOUR = {Severity.ERROR: "#d32f2f", Severity.WARNING: "#b07800", Severity.HINT: "#2f6fb0"}

ID_ROLE = Qt.ItemDataRole.UserRole
_NO_PARENT = QModelIndex()


def deferred(parent, slot) -> QTimer:
    """A zero-delay single-shot timer: a burst of changes refreshes a panel once,
    after the canvas has repainted."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


class FindingsModel(QAbstractListModel):
    """The findings as list rows, swapped in with one reset (no Qt object per row)."""

    EMPTY = "✓ No problems found. Every conclusion has its reasons."

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        if findings == self.findings:  # most edits change no finding: the list keeps its layout
            return
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else max(1, len(self.findings))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if not self.findings:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.EMPTY
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#2e8540")
            return None
        f = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{SEVERITY_MARK[f.severity]} {f.message}"
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = QColor(SEVERITY_COLOUR[f.severity])
            return colour.lighter(160) if is_dark() else colour
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{f.severity.value.capitalize()} ({f.code}): {f.message}\n\n"
                                 "Double-click to show it on the map.")
        if role == ID_ROLE:
            return list(f.claim_ids) + list(f.reason_ids)
        return None


class ProblemsPanel(QListView):
    """The validator's findings, refreshed after every edit."""

    jump_requested = Signal(list)  # ids to select and centre

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = document
        self.findings_model = FindingsModel(self)
        self.setModel(self.findings_model)
        self.setWordWrap(True)  # messages are sentences: show them whole
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # Thousands of wrapped rows (a big map's hints) are measured a batch at a
        # time between events, so the window never waits for the whole list.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activated.connect(self._jump)
        self.doubleClicked.connect(self._jump)
        self._later = deferred(self, self.refresh)
        document.changed.connect(self._later.start)
        self.refresh()

    def refresh(self) -> None:
        self.findings_model.set_findings(self.doc.findings)

    def row_texts(self) -> list[str]:
        m = self.findings_model
        return [m.data(m.index(i)) for i in range(m.rowCount())]

    def _jump(self, index: QModelIndex) -> None:
        ids = index.data(ID_ROLE)
        if ids:
            self.jump_requested.emit(list(ids))


class OutlineModel(QAbstractItemModel):
    """The outline rows as a tree model with no Qt object per row.

    A QTreeWidget keeps a Python wrapper per item, and clearing 14,000 of them
    takes PySide6 seconds; here a new outline is swapped in with one model reset.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []  # outline Rows
        self.parent_of: list[int] = []  # index into rows, -1 for top level
        self.children: dict[int, list[int]] = {-1: []}
        self.position: list[int] = []  # place among its siblings
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows, self.parent_of, self.position = [], [], []
        self.children = {-1: []}
        stack: list[int] = []  # indices of the open ancestors, by depth
        for row in rows:
            if row.kind in ("blank", "line"):
                continue
            i = len(self.rows)
            depth = min(row.depth, len(stack))
            del stack[depth:]
            parent = stack[-1] if stack else -1
            self.rows.append(row)
            self.parent_of.append(parent)
            siblings = self.children.setdefault(parent, [])
            self.position.append(len(siblings))
            siblings.append(i)
            stack.append(i)
        self.endResetModel()

    @staticmethod
    def label(row) -> str:
        if row.kind in ("premise", "conclusion") and row.label:
            return f"{row.label} {row.text}"
        if row.kind in ("objection", "reply") and row.label:
            return f"{row.label}: {row.text}"
        return row.text

    def index(self, r: int, column: int, parent: QModelIndex = _NO_PARENT) -> QModelIndex:
        key = parent.internalId() if parent.isValid() else -1
        kids = self.children.get(key, ())
        if column != 0 or not 0 <= r < len(kids):
            return QModelIndex()
        return self.createIndex(r, 0, kids[r])

    def parent(self, child: QModelIndex = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        p = self.parent_of[child.internalId()]
        return QModelIndex() if p < 0 else self.createIndex(self.position[p], 0, p)

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.children.get(parent.internalId() if parent.isValid() else -1, ()))

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        return 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.internalId()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.text)
        if role == Qt.ItemDataRole.FontRole and row.kind in ("title", "heading"):
            return self._bold
        if role == ID_ROLE:
            return row.claim_id or row.reason_id
        return None

    def node_index(self, i: int) -> QModelIndex:
        return self.createIndex(self.position[i], 0, i)


BIG_OUTLINE = 3000  # claims: from here the outline is written a few sections at a time, and opened two levels deep
STEP_S = 0.012  # writing a big outline takes this long at most between two events of the window


class OutlinePanel(QTreeView):
    """The argument in standard form as a tree; its selection follows the canvas.

    A big map's outline takes a second or more to write (50,000 claims): it
    is written from a snapshot of the map a few sections at a time between
    the window's events, so the canvas stays usable meanwhile; an edit
    starts it over."""

    selection_ids_changed = Signal(list)

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = document
        self.outline_model = OutlineModel(self)
        self.setModel(self.outline_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)  # one line per row; the full text is in the tooltip
        self.setIndentation(16)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._updating = False
        self._wanted: list[str] = []
        self.selectionModel().selectionChanged.connect(self._emit)
        self._later = deferred(self, self.refresh)
        document.changed.connect(self._changed)
        self._filled = False
        self._writing = None  # a big outline being written (outline_in_steps)
        self._write_more = deferred(self, self._write_some)
        # Filled once the canvas has painted (MainWindow calls fill_later): on a
        # 5,000-claim map the outline takes a third of a second to build.

    def _changed(self) -> None:
        self._writing = None  # it read the map as it was
        # A big map's outline takes tens of milliseconds to rebuild: wait for a
        # pause in the editing rather than rebuild after every keystroke.
        self._later.setInterval(0 if len(self.doc.map.claims) < 400 else 250)
        self._later.start()

    def fill_later(self) -> None:
        if not self._filled:
            self._later.start()

    def refresh(self) -> None:
        self._filled = True
        m = self.doc.map
        if len(m.claims) < BIG_OUTLINE:
            self._writing = None
            self._show(outline(m))
            return
        # The map and its index as they are now; an edit stops the writing (_changed)
        # before it changes either, and it starts over after.
        self._writing = outline_in_steps(m, self.doc.index)
        self._write_more.start()

    def _write_some(self) -> None:
        writing = self._writing
        if writing is None:
            return
        stop = time.perf_counter() + STEP_S
        for rows in writing:
            if rows is not None:
                self._writing = None
                self._show(rows)
                return
            if time.perf_counter() > stop:
                self._write_more.start()  # the rest after the window's next events
                return

    def _show(self, rows) -> None:
        self._updating = True
        self.outline_model.set_rows(rows)
        if len(self.outline_model.rows) < 4 * BIG_OUTLINE:
            self.expandAll()
        # else: opening tens of thousands of rows costs seconds, and no one reads them all; each
        # conclusion's section opens with a click, or when the canvas selects a claim in it

        self._updating = False
        self.select_ids(self._wanted)

    def select_ids(self, ids: list[str]) -> None:
        self._wanted = list(ids)
        if self._later.isActive() or self._writing is not None:  # the rows are about to be rebuilt; select then
            return
        self._updating = True
        wanted = set(ids)
        selection = QItemSelection()
        first = None
        for i, row in enumerate(self.outline_model.rows):
            if (row.claim_id or row.reason_id) in wanted:
                index = self.outline_model.node_index(i)
                selection.select(index, index)
                first = first or index
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            self.scrollTo(first)
        self._updating = False

    def selected_ids(self) -> list[str]:
        ids = [i.data(ID_ROLE) for i in self.selectionModel().selectedIndexes()]
        return list(dict.fromkeys(i for i in ids if i))

    def _emit(self, *args) -> None:
        if self._updating:
            return
        ids = self.selected_ids()
        if ids:
            self.selection_ids_changed.emit(ids)


class _ScrollPage(QScrollArea):
    """A page of fields that scrolls instead of squeezing them when the panel is short."""

    def __init__(self) -> None:
        super().__init__()
        self.body = QWidget()
        self.setWidget(self.body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class InspectorPanel(QStackedWidget):
    """The selected claim's or reason's fields; each change is one undoable edit."""

    def __init__(self, document: MapDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = document
        self._ids: list[str] = []
        self._shown_ids: list[str] = []
        self._loading = False

        self.empty = QLabel("Select a claim or a reason to see its details here.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(8)

        self.claim_page = _ScrollPage()  # scrolls when the panel is shorter than its fields
        form = QFormLayout()
        claim_outer = QVBoxLayout(self.claim_page.body)
        claim_outer.addLayout(form)
        claim_outer.addStretch(1)  # fields at the top, not spread down the panel
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What the claim says")
        self.text.setTabChangesFocus(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Your notes on this claim")
        self.note.setTabChangesFocus(True)
        self.quotation = QPlainTextEdit()
        self.quotation.setPlaceholderText("Words quoted from the source, if any")
        self.quotation.setTabChangesFocus(True)
        for box in (self.text, self.note, self.quotation):
            box.setFixedHeight(72)
        self.main = QCheckBox("Main conclusion")
        self.main.setToolTip("The point the whole argument leads to.")
        self.conclusion = QCheckBox("Intermediate conclusion")
        self.conclusion.setToolTip("A claim the author argues for, which then supports something else.")
        self.hidden = QCheckBox("Hidden premise")
        self.hidden.setToolTip("A premise the argument needs but the author leaves unstated.")
        form.addRow("Text", self.text)
        form.addRow("Note", self.note)
        form.addRow("Quotation", self.quotation)
        flags = QVBoxLayout()
        for cb in (self.main, self.conclusion, self.hidden):
            flags.addWidget(cb)
        form.addRow("Marks", flags)
        self.claim_evaluation = Judgement(document, "claim")
        self.claim_evaluation.hide()
        claim_outer.insertWidget(1, self.claim_evaluation)

        self.reason_page = _ScrollPage()
        rform = QFormLayout()
        reason_outer = QVBoxLayout(self.reason_page.body)
        reason_outer.addLayout(rform)
        reason_outer.addStretch(1)
        self.role = QLabel()
        self.role.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItem("Support (a reason for)", "support")
        self.kind.addItem("Objection (a reason against)", "objection")
        self.scheme = QLineEdit()
        self.scheme.setPlaceholderText("e.g. argument from expert opinion")
        self.reason_note = QPlainTextEdit()
        self.reason_note.setFixedHeight(72)
        self.reason_note.setTabChangesFocus(True)
        rform.addRow("Role", self.role)
        rform.addRow("Kind", self.kind)
        rform.addRow("Scheme", self.scheme)
        rform.addRow("Note", self.reason_note)
        self.reason_evaluation = Judgement(document, "reason")
        self.reason_evaluation.hide()
        self.questions = CriticalQuestions(document)
        self.questions.hide()
        reason_outer.insertWidget(1, self.reason_evaluation)
        reason_outer.insertWidget(2, self.questions)
        completer = QCompleter(scheme_names(), self.scheme)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.scheme.setCompleter(completer)
        self.evaluating = False

        for page in (self.empty, self.claim_page, self.reason_page):
            self.addWidget(page)

        # Text fields commit when the user leaves them (one undo step per edit).
        for box, field in ((self.text, "text"), (self.note, "note"), (self.quotation, "quotation")):
            box.installEventFilter(self)
            box.setProperty("field", field)
        self.reason_note.installEventFilter(self)
        self.scheme.editingFinished.connect(self._commit_scheme)
        self.main.toggled.connect(self._commit_main)
        self.conclusion.toggled.connect(lambda on: self._commit_flag("conclusion", on, "Mark Conclusion"))
        self.hidden.toggled.connect(lambda on: self._commit_flag("hidden", on, "Mark Hidden"))
        self.kind.currentIndexChanged.connect(self._commit_kind)
        document.changed.connect(self.reload)

    # -- showing -----------------------------------------------------------------

    def set_evaluating(self, on: bool) -> None:
        """Show the rating fields and what follows (evaluation mode) or hide them."""
        self.evaluating = on
        self.claim_evaluation.setVisible(on)
        self.reason_evaluation.setVisible(on)
        self.reload()

    def show_ids(self, ids: list[str]) -> None:
        if ids != self._ids:
            self.commit_pending()  # typed into one claim, then selected another: keep it
        self._ids = ids
        self.reload()
        self._shown_ids = list(ids)

    def reload(self) -> None:
        m = self.doc.map
        self._loading = True
        try:
            c = m.claim(self._ids[0]) if len(self._ids) == 1 else None
            r = m.reason(self._ids[0]) if len(self._ids) == 1 and c is None else None
            if c is not None:
                self._set_text(self.text, c.text)
                self._set_text(self.note, c.note)
                self._set_text(self.quotation, c.quotation.text if c.quotation else "")
                self.main.setChecked(c.main_conclusion)
                self.conclusion.setChecked(c.conclusion)
                self.hidden.setChecked(c.hidden)
                if self.evaluating:
                    ev = current_evaluation(m, self.doc.index)
                    self.claim_evaluation.show_item(c, ev.claims.get(c.id))
                self.setCurrentWidget(self.claim_page)
            elif r is not None:
                role = MapIndex(m).role(r)
                self.role.setText({"support": "A reason supporting its target", "objection": "An objection",
                                   "rebuttal": "A rebuttal: it answers an objection",
                                   "undercutter": "An undercutter: it attacks the step from premises to conclusion"}[role])
                self.kind.setCurrentIndex(0 if r.kind == "support" else 1)
                if self.scheme.text() != (r.scheme or ""):
                    self.scheme.setText(r.scheme or "")
                self._set_text(self.reason_note, r.note)
                if self.evaluating:
                    ev = current_evaluation(m, self.doc.index)
                    self.reason_evaluation.show_item(r, ev.reasons.get(r.id))
                self.questions.show_reason(r)
                self.setCurrentWidget(self.reason_page)
            else:
                self.empty.setText("Select one claim or reason to see its details here." if self._ids
                                   else "Select a claim or a reason to see its details here.")
                self.setCurrentWidget(self.empty)
        finally:
            self._loading = False

    def _set_text(self, box: QPlainTextEdit, text: str) -> None:
        # A field with the focus and text the user typed keeps it: it is
        # committed when the user leaves it (or before the next action).
        if box.hasFocus() and box.document().isModified() and self._same_target():
            return
        if box.toPlainText() != text:
            box.setPlainText(text)
        box.document().setModified(False)

    def _same_target(self) -> bool:
        return self._ids == self._shown_ids

    # -- committing ----------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:
        if event.type() == event.Type.FocusOut:
            if obj is self.reason_note:
                self._commit_reason_note()
            elif obj in (self.text, self.note, self.quotation):
                self._commit_text(obj)
        return super().eventFilter(obj, event)

    def commit_pending(self) -> None:
        """Commit what is typed in a field that still has the focus (before saving)."""
        for box in (self.text, self.note, self.quotation):
            if box.hasFocus():
                self._commit_text(box)
        if self.reason_note.hasFocus():
            self._commit_reason_note()

    def _claim(self):
        return self.doc.map.claim(self._ids[0]) if len(self._ids) == 1 else None

    def _commit_text(self, box: QPlainTextEdit) -> None:
        c = self._claim()
        if c is None or self._loading:
            return
        field = box.property("field")
        value = box.toPlainText()
        if field == "quotation":
            current = c.quotation.text if c.quotation else ""
            if value.strip() == current:
                return
            new = Quotation(text=value.strip()) if value.strip() else None
            self.doc.push(edits.set_claim_fields(self.doc.map, c.id, "Edit Quotation", quotation=new))
            return
        if value == getattr(c, field):
            return
        label = "Edit Text" if field == "text" else "Edit Note"
        self.doc.push(edits.set_claim_fields(self.doc.map, c.id, label, **{field: value}))

    def _commit_flag(self, field: str, on: bool, label: str) -> None:
        c = self._claim()
        if c is None or self._loading or getattr(c, field) == on:
            return
        self.doc.push(edits.set_claim_fields(self.doc.map, c.id, label if on else label.replace("Mark", "Unmark"),
                                             **{field: on}))

    def _commit_main(self, on: bool) -> None:
        c = self._claim()
        if c is None or self._loading or c.main_conclusion == on:
            return
        if on:
            self.doc.push(edits.set_main_conclusion(self.doc.map, c.id))
        else:
            self.doc.push(edits.set_claim_fields(self.doc.map, c.id, "Unmark Main Conclusion", main_conclusion=False))

    def _reason(self):
        return self.doc.map.reason(self._ids[0]) if len(self._ids) == 1 else None

    def _commit_reason(self, field: str, value, label: str) -> None:
        r = self._reason()
        if r is None or self._loading or getattr(r, field) == value:
            return
        self.doc.push(edits.set_reason_fields(self.doc.map, r.id, label, **{field: value}))

    def _commit_kind(self) -> None:
        self._commit_reason("kind", self.kind.currentData(), "Change Reason Kind")

    def _commit_scheme(self) -> None:
        r = self._reason()
        new = self.scheme.text().strip() or None
        if r is None or self._loading or r.scheme == new:
            return
        changes: dict = {"scheme": new}
        if r.questions and find_scheme(new) != find_scheme(r.scheme):
            changes["questions"] = {}  # answers to another scheme's questions say nothing about this one
        self.doc.push(edits.set_reason_fields(self.doc.map, r.id, "Set Scheme", **changes))

    def _commit_reason_note(self) -> None:
        self._commit_reason("note", self.reason_note.toPlainText(), "Edit Reason Note")
