"""MainWindow: the canvas, the panels, the menus and the editing actions (files: file_actions.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
)

from argmap import __version__, edits
from argmap.gui.assess_actions import AssessActions
from argmap.gui.dialogs import Dialogs
from argmap.gui.document import MapDocument
from argmap.gui.export_actions import ExportActions
from argmap.gui.file_actions import FileActions
from argmap.gui.focus_bar import FocusBar
from argmap.gui.items import ClaimItem, GroupItem
from argmap.gui.overlay import current_evaluation
from argmap.gui.panels import InspectorPanel, OutlinePanel, ProblemsPanel
from argmap.gui.presentation import PresentationWindow
from argmap.gui.safety_actions import SafetyActions
from argmap.gui.scene import MapScene
from argmap.gui.source_actions import SourceActions
from argmap.gui.view import MapView
from argmap.io.presets import presets
from argmap.model import ArgumentMap
from argmap.validate import Severity


class MainWindow(FileActions, ExportActions, SourceActions, AssessActions, SafetyActions, QMainWindow):
    def __init__(self, document: MapDocument, settings: QSettings | None = None) -> None:
        super().__init__()
        self.doc = document
        document.setParent(self)  # the document lives exactly as long as its window
        self.settings = settings or QSettings()
        self.dialogs = Dialogs(self)
        self._clipboard_claim: str | None = None
        self.presentation: PresentationWindow | None = None

        self.scene = MapScene(document, self)
        self.view = MapView(self.scene, self)
        self.setCentralWidget(self.view)

        self.problems = ProblemsPanel(document)
        self.inspector = InspectorPanel(document)
        self.outline = OutlinePanel(document)
        self._make_source()
        self.docks = {
            "problems": self._dock("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea),
            "inspector": self._dock("Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea),
            "outline": self._dock("Outline", self.outline, Qt.DockWidgetArea.LeftDockWidgetArea),
            "source": self._dock("Source", self.source, Qt.DockWidgetArea.RightDockWidgetArea),
            "comparison": self._dock("Comparison", self._make_assess(), Qt.DockWidgetArea.LeftDockWidgetArea),
        }
        self.docks["comparison"].hide()  # shown while comparing with a model answer

        self.counts = QLabel()
        self.validity = QLabel()
        # Fixed widths: a status text that changes width would re-lay out the
        # whole window (and re-measure every Problems row) after each edit.
        self.counts.setMinimumWidth(260)
        self.validity.setMinimumWidth(320)
        self.validity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.statusBar().addWidget(self.counts)
        self.statusBar().addPermanentWidget(self.validity)

        self._make_actions()
        wanted = self.settings.value("view/minimap", True)
        self.view.minimap.wanted = wanted not in (False, "false")
        self.act_minimap.setChecked(self.view.minimap.wanted)
        for act in (self.act_delete, self.act_edit_text):  # also while reading the Outline
            self.outline.addAction(act)
        self._make_menus()
        self._make_toolbar()

        self.scene.selection_ids_changed.connect(self._selection_changed)
        self.focus_bar = FocusBar(self.view, self.show_whole_map)
        self.fold_note = QLabel()
        self.statusBar().addPermanentWidget(self.fold_note)
        self.scene.fold_changed.connect(self._fold_changed)
        self._fold_changed()
        self.outline.selection_ids_changed.connect(self.show_ids)
        self.view.first_painted.connect(self.outline.fill_later)
        self.problems.jump_requested.connect(self.show_ids)
        self.scene.jump_requested.connect(self.show_ids)
        self.scene.anchor_moved.connect(self.view.follow)
        document.changed.connect(self._update_status)
        document.reset.connect(self._map_reset)
        document.file_changed.connect(self._update_title)
        document.edit_failed.connect(lambda msg: self.dialogs.warn("That edit is not possible", msg))
        document.template_edit.connect(self._offer_copy)
        document.undo_stack.cleanChanged.connect(self._update_title)

        self._make_safety()
        self.setAcceptDrops(True)  # drop a map, an AIF or an Argdown file to open it
        self.resize(1280, 820)
        self._restore_settings()
        self.docks["comparison"].hide()  # a saved layout may show it; it has nothing to show until Compare
        self._update_title()
        self._update_status()
        self._update_source_actions()
        self.reattach_source()
        self._selection_changed([])
        if self.settings.value("window/state") is None:
            QTimer.singleShot(0, self._default_dock_sizes)
        QTimer.singleShot(0, self.show_start)

    def _default_dock_sizes(self) -> None:
        self.resizeDocks([self.docks["outline"], self.docks["inspector"]], [290, 250], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["problems"]], [130], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["inspector"], self.docks["source"]], [260, 420], Qt.Orientation.Vertical)

    def docks_toggle_actions(self) -> list[QAction]:
        return [d.toggleViewAction() for d in self.docks.values()]

    # -- collapse, expand and focus ---------------------------------------------------------

    def _can_fold(self, claim_id: str) -> bool:
        fold = self.scene.fold
        return claim_id != fold.focus and (fold.is_collapsed(claim_id) or bool(self.doc.index.reasons_on.get(claim_id)))

    def toggle_collapsed(self) -> None:
        claims = [c for c in self.scene.selected_claims() if self._can_fold(c)]
        if claims:
            self.scene.toggle_collapsed(claims)
            self.scene.select_ids(claims)

    def expand_all(self) -> None:
        self.scene.set_fold(self.scene.fold.expand_all())

    def focus_branch(self) -> None:
        claims = self.scene.selected_claims()
        if len(claims) == 1:
            self.scene.set_fold(self.scene.fold.with_focus(claims[0]))
            self.scene.select_ids(claims)
            self.view.show_start(self.scene.content_rect(), self.scene.rect_of(claims), None)

    def show_whole_map(self) -> None:
        ids = self.scene.selected_ids()
        self.scene.set_fold(self.scene.fold.with_focus(None))
        if ids:
            self.view.centre_on(self.scene.rect_of(ids))

    def _fold_changed(self) -> None:
        fold, part = self.scene.fold, self.scene.part
        self.act_expand_all.setEnabled(bool(fold.collapsed))
        self.act_unfocus.setEnabled(fold.focus is not None)
        focus = self.doc.map.claim(fold.focus) if fold.focus else None
        self.focus_bar.show_focus(focus.text if focus is not None else None)
        hidden = part.hidden_claims if part is not None else 0
        self.fold_note.setText(f"{hidden:,} claim{'s' if hidden != 1 else ''} folded away" if hidden else "")
        self._selection_changed(self.scene.selected_ids())

    def toggle_minimap(self) -> None:
        self.view.minimap.wanted = self.act_minimap.isChecked()
        self.settings.setValue("view/minimap", self.view.minimap.wanted)
        self.view.minimap.refresh()

    def show_start(self) -> None:
        """Open on the main conclusion with the reasons and objections right below it."""
        mains = [c.id for c in self.doc.map.claims if c.main_conclusion][:1]
        below = [r.id for r in self.doc.map.reasons if mains and r.target == mains[0]]
        top = self.scene.rect_of(mains + below) if mains else None
        self.view.show_start(self.scene.content_rect(), top, self.scene.rect_of(mains))

    # -- building the window ------------------------------------------------------

    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")  # saveState() needs names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Callable, shortcut=None, tip: str = "", canvas_only: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        # Whatever is half-typed (in-place editor, Inspector) is kept as its own
        # step before any action runs, so no action can overwrite or drop it.
        act.triggered.connect(lambda checked=False: (self.commit_pending_text(), slot()))
        if canvas_only:
            # Keys that text fields need too (arrows, Enter, Delete) only act on the canvas.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(act)
        else:
            self.addAction(act)
        return act

    def _make_actions(self) -> None:
        a = self._action
        S = QKeySequence.StandardKey
        self.act_new = a("&New Map", self.new_map, S.New, "Start an empty map")
        self.act_open = a("&Open…", self.open_dialog, S.Open, "Open a map file")
        self.act_save = a("&Save", self.save, S.Save, "Save the map")
        self.act_save_as = a("Save &As…", self.save_as, S.SaveAs, "Save the map under a new name")
        self.act_revert = a("Re&vert to Saved", self.revert, "Ctrl+Shift+R", "Throw away the changes since the last save")
        self.act_open_preset = a("Open Pr&eset…", self.choose_preset, "Ctrl+Shift+P", "Open one of the maps that come with argmap")
        self.act_export_outline = a("Export Standard &Form…", self.export_outline, "Ctrl+Shift+F",
                                    "Save the argument in standard form as Markdown or plain text")
        self.act_export_essay = a("Export Essay &Plan…", self.export_essay_plan, "Ctrl+Shift+L",
                                  "Save a paragraph-by-paragraph plan for an essay built from this map")
        self.act_import = a("&Import…", self.import_dialog, "Ctrl+Shift+I",
                            "Open a map made with another tool: AIF (AIFdb, OVA) or Argdown")
        self.act_export_aif = a("Export for Argdown, AIFdb or OVA…", self.export_aif, "Ctrl+Alt+Shift+A",
                                "Save the map as Argdown or as AIF JSON (which AIFdb and OVA read)")
        self.act_export_picture = a("Export Map as P&icture…", self.export_picture, "Ctrl+Shift+X",
                                    "Save the whole map as a PNG, SVG or PDF that looks like the canvas")
        self.act_export_selection = a("Export Selection as Pi&cture…", self.export_selection_picture,
                                      "Ctrl+Alt+Shift+X", "Save only the selected claims as a picture")
        self.act_print = a("&Print…", self.print_map, S.Print,
                           "Print the map (or the selected claims) on one page")
        self.act_close = a("&Close Window", self.close, S.Close)
        self.act_quit = a("&Quit", self.close, S.Quit)

        # Our own Undo/Redo (not createUndoAction) so typing in progress is kept first.
        stack = self.doc.undo_stack
        self.act_undo = a("&Undo", stack.undo, S.Undo)
        self.act_redo = a("&Redo", stack.redo, S.Redo)
        stack.canUndoChanged.connect(self._update_undo_actions)
        stack.canRedoChanged.connect(self._update_undo_actions)
        stack.undoTextChanged.connect(self._update_undo_actions)
        stack.redoTextChanged.connect(self._update_undo_actions)
        self._update_undo_actions()

        self.act_add_reason = a("Add &Reason", self.add_reason, ["Tab", "Insert"],
                                "Add a reason that supports the selected claim", canvas_only=True)
        self.act_add_sibling = a("Add &Co-premise", self.add_co_premise, ["Return", "Enter"],
                                 "Add a premise that works together with the selected one", canvas_only=True)
        self.act_add_objection = a("Add &Objection", self.add_objection, "Ctrl+Shift+O",
                                   "Add an objection to the selected claim")
        self.act_add_rebuttal = a("Add Re&buttal", self.add_rebuttal, "Ctrl+Shift+B",
                                  "Answer the selected objection")
        self.act_add_undercutter = a("Add &Undercutter", self.add_undercutter, "Ctrl+Shift+U",
                                     "Object to the step from the selected reason's premises to its conclusion")
        self.act_add_claim = a("Add Separate &Claim", self.add_claim, "Ctrl+Shift+N",
                               "Add a claim that is not yet connected")
        self.act_edit_text = a("&Edit Text", self.edit_text, "F2", "Edit the selected claim's text", canvas_only=True)
        self.act_delete = a("&Delete", self.delete, [QKeySequence.StandardKey.Delete, "Backspace"],
                            "Delete the selection and what hangs below it", canvas_only=True)
        self.act_main = a("Set as &Main Conclusion", self.set_main, "Ctrl+M")
        self.act_hidden = a("&Hidden Premise", self.toggle_hidden, "Ctrl+H", "Mark the premise as unstated by the author")
        self.act_hidden.setCheckable(True)
        self.act_conclusion = a("Intermediate &Conclusion", self.toggle_conclusion, "Ctrl+I",
                                "Mark a claim the author argues for, which then supports something else")
        self.act_conclusion.setCheckable(True)
        self.act_kind = a("Switch Support/&Objection", self.switch_kind, "Ctrl+K",
                          "Turn the selected reason from a support into an objection, or back")
        self.act_scheme = a("Set &Scheme…", self.edit_scheme, "Ctrl+E", "Name the argument scheme of the selected reason")
        self.act_move_left = a("Move &Left", lambda: self.reorder(-1), "Ctrl+Shift+Left",
                               "Move the reason left among its siblings")
        self.act_move_right = a("Move R&ight", lambda: self.reorder(1), "Ctrl+Shift+Right",
                                "Move the reason right among its siblings")
        self.act_copy = a("&Copy as Picture and Text", self.copy_selection, S.Copy,
                          "Copy the selected claims (or the whole map) as a picture and as standard form, "
                          "to paste into a document or slides", canvas_only=True)
        self.act_cut = a("Cu&t Branch", self.cut_branch, S.Cut, "Pick up the selected claim and its branch to move it")
        self.act_paste = a("&Paste Branch", self.paste_branch, S.Paste, "Attach the cut branch under the selected claim")

        self.act_up = a("Go &Up", lambda: self.walk("up"), "Up", canvas_only=True)
        self.act_down = a("Go &Down", lambda: self.walk("down"), "Down", canvas_only=True)
        self.act_left = a("Go &Left", lambda: self.walk("left"), "Left", canvas_only=True)
        self.act_right = a("Go &Right", lambda: self.walk("right"), "Right", canvas_only=True)
        self.act_find = a("&Find Claim…", self.focus_find, S.Find, "Find a claim by its text")
        self.act_centre = a("&Centre on Selection", self.centre_selection, "Ctrl+.")
        self.act_zoom_in = a("Zoom &In", self.view.zoom_in, [S.ZoomIn, "Ctrl+="])
        self.act_zoom_out = a("Zoom &Out", self.view.zoom_out, S.ZoomOut)
        self.act_fit = a("Zoom to &Fit", self.view.zoom_to_fit, "Ctrl+0")
        self.act_actual = a("&Actual Size", self.view.resetTransform, "Ctrl+1")
        self.act_collapse = a("Colla&pse or Expand Branch", self.toggle_collapsed, "Ctrl+Shift+C",
                              "Hide what hangs below the selected claim (or show it again); the map is not changed")
        self.act_expand_all = a("E&xpand All", self.expand_all, "Ctrl+Shift+A", "Show every collapsed branch again")
        self.act_focus = a("&Focus on Branch", self.focus_branch, "Ctrl+Alt+F",
                           "Show only the selected claim and what hangs below it")
        self.act_unfocus = a("Show &Whole Map", self.show_whole_map, "Ctrl+Alt+W", "Leave the focus on one branch")
        self.act_minimap = a("&Minimap", self.toggle_minimap, "Ctrl+Alt+O",
                             "Show the whole map in a corner of the canvas when it does not fit on screen")
        self.act_minimap.setCheckable(True)
        self.act_present = a("&Present Step by Step", self.present, "F5",
                             "Walk a class through the map full screen, one reason or objection at a time")
        self.act_about = a("&About argmap", self.about)

    def _mirror(self, act: QAction) -> QAction:
        """A copy of `act` for the toolbar: same text, tip, state and effect, no shortcut."""
        copy = QAction(act.text(), self)
        copy.setStatusTip(act.statusTip())
        copy.setToolTip(f"{act.toolTip()} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        copy.triggered.connect(act.trigger)
        act.changed.connect(lambda: copy.setEnabled(act.isEnabled()))
        copy.setEnabled(act.isEnabled())
        return copy

    def _update_undo_actions(self, *args) -> None:
        stack = self.doc.undo_stack
        self.act_undo.setEnabled(stack.canUndo())
        self.act_redo.setEnabled(stack.canRedo())
        self.act_undo.setText(f"&Undo {stack.undoText()}".rstrip())
        self.act_redo.setText(f"&Redo {stack.redoText()}".rstrip())

    def commit_pending_text(self) -> None:
        """Keep what is being typed on the canvas or in the Inspector, as its own undo step."""
        if self.scene.editor is not None:
            self.scene.editor.finish(keep=True)
        self.inspector.commit_pending()

    def _make_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        f.addActions([self.act_new, self.act_open, self.act_open_preset])
        self.preset_menu = f.addMenu("Open &Preset")
        self.preset_menu.setToolTipsVisible(True)
        for p in presets():
            act = self.preset_menu.addAction(p.title)
            act.setStatusTip(p.description or p.name)
            act.setToolTip(p.description or p.name)
            act.triggered.connect(lambda checked=False, p=p: self.open_preset(p))
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        f.addSeparator()
        f.addActions([self.act_save, self.act_save_as, self.act_revert])
        f.addSeparator()
        f.addAction(self.act_print)
        f.addSeparator()
        f.addAction(self.act_import)
        f.addActions([self.act_export_outline, self.act_export_essay, self.act_export_picture,
                      self.act_export_selection, self.act_export_aif])
        f.addSeparator()
        f.addActions([self.act_close, self.act_quit])

        e = mb.addMenu("&Edit")
        e.addActions([self.act_undo, self.act_redo])
        e.addSeparator()
        e.addActions([self.act_add_reason, self.act_add_sibling, self.act_add_objection, self.act_add_rebuttal,
                      self.act_add_undercutter, self.act_add_claim])
        e.addSeparator()
        e.addActions([self.act_edit_text, self.act_main, self.act_conclusion, self.act_hidden, self.act_kind,
                      self.act_scheme, self.act_delete])
        e.addSeparator()
        e.addActions([self.act_copy, self.act_cut, self.act_paste, self.act_move_left, self.act_move_right])

        v = mb.addMenu("&View")
        v.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_actual, self.act_centre])
        v.addSeparator()
        v.addActions([self.act_collapse, self.act_expand_all, self.act_focus, self.act_unfocus])
        v.addSeparator()
        v.addAction(self.act_minimap)
        v.addSeparator()
        v.addAction(self.act_present)
        v.addSeparator()
        for dock in self.docks.values():
            v.addAction(dock.toggleViewAction())

        src = mb.addMenu("&Source")
        src.addActions([self.act_attach, self.act_embed])
        src.addSeparator()
        src.addActions([self.act_from_selection, self.act_link])
        src.addSeparator()
        src.addAction(self.docks["source"].toggleViewAction())

        n = mb.addMenu("&Navigate")
        n.addActions([self.act_up, self.act_down, self.act_left, self.act_right])
        n.addSeparator()
        n.addAction(self.act_find)

        self._fill_assess_menu(mb.addMenu("Eva&luate"))

        h = mb.addMenu("&Help")
        h.addAction(self.act_about)

        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

    def _make_toolbar(self) -> None:
        tb = QToolBar("Main", self)
        tb.setObjectName("toolbar-main")
        tb.addActions([self.act_undo, self.act_redo])
        tb.addSeparator()
        # Tab and Enter act on the canvas only; on the toolbar (which holds the
        # find box) they would fire while typing, so it gets copies without keys.
        tb.addActions([self._mirror(self.act_add_reason), self.act_add_objection, self._mirror(self.act_add_sibling)])
        tb.addSeparator()
        tb.addAction(self.act_fit)
        tb.addSeparator()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find a claim (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(260)
        self.find_box.textEdited.connect(lambda text: self.find(text, restart=True))
        self.find_box.returnPressed.connect(lambda: self.find(self.find_box.text(), restart=False))
        tb.addWidget(self.find_box)
        self.addToolBar(tb)

    def _context_menu(self, pos) -> None:
        item = self.view.itemAt(pos)
        if isinstance(item, (ClaimItem, GroupItem)) and not item.isSelected():
            self.scene.select_ids([item.node_id])
        menu = QMenu(self)
        if isinstance(item, ClaimItem):
            menu.addActions([self.act_add_reason, self.act_add_objection, self.act_add_sibling, self.act_add_rebuttal,
                             self.act_add_undercutter])
            menu.addSeparator()
            menu.addActions([self.act_edit_text, self.act_main, self.act_conclusion, self.act_hidden])
            menu.addSeparator()
            menu.addActions([self.act_cut, self.act_paste, self.act_move_left, self.act_move_right])
            menu.addSeparator()
            menu.addActions([self.act_collapse, self.act_focus])
            menu.addSeparator()
            menu.addAction(self.act_delete)
        elif isinstance(item, GroupItem):
            menu.addActions([self.act_add_sibling, self.act_add_undercutter, self.act_kind, self.act_scheme,
                             self.act_move_left, self.act_move_right])
            menu.addSeparator()
            menu.addAction(self.act_delete)
        else:
            menu.addActions([self.act_add_claim, self.act_fit])
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- selection and status -------------------------------------------------------

    def _selection_changed(self, ids: list[str]) -> None:
        self.inspector.show_ids(ids)
        self.outline.select_ids(ids)
        claims = self.scene.selected_claims()
        self.source.show_claims(claims)
        reasons = self.scene.selected_reasons()
        one_claim = len(claims) == 1 and not reasons
        one_reason = len(reasons) == 1 and not claims
        m = self.doc.map
        holders = self.doc.index.premise_of.get(claims[0], ()) if one_claim else ()
        in_reason = bool(holders)
        in_objection = any(r.kind == "objection" for r in holders)
        for act, on in (
            (self.act_add_reason, one_claim),
            (self.act_add_objection, one_claim),
            (self.act_add_sibling, in_reason or one_reason or one_claim),
            (self.act_add_rebuttal, in_objection),
            (self.act_add_undercutter, one_reason or in_reason),
            (self.act_edit_text, one_claim),
            (self.act_main, one_claim),
            (self.act_hidden, one_claim),
            (self.act_conclusion, one_claim),
            (self.act_kind, one_reason or in_reason),
            (self.act_scheme, one_reason or in_reason),
            (self.act_delete, bool(claims or reasons)),
            (self.act_move_left, one_reason or in_reason),
            (self.act_move_right, one_reason or in_reason),
            (self.act_cut, one_claim),
            (self.act_paste, one_claim and self._clipboard_claim is not None),
            (self.act_centre, bool(ids)),
            (self.act_collapse, bool(claims) and all(self._can_fold(c) for c in claims)),
            (self.act_focus, one_claim and self.scene.fold.focus != claims[0]),
        ):
            act.setEnabled(on)
        if one_claim:
            c = m.claim(claims[0])
            self.act_hidden.setChecked(bool(c and c.hidden))
            self.act_conclusion.setChecked(bool(c and c.conclusion))

    def present(self) -> None:
        if self.presentation is not None:  # one at a time: F5 again starts over
            self.presentation.close()
        self.presentation = PresentationWindow(self.doc, self)
        self.presentation.closed.connect(lambda: setattr(self, "presentation", None))
        self.presentation.showFullScreen()
        self.presentation.activateWindow()
        self.presentation.setFocus()

    def show_ids(self, ids: list[str]) -> None:
        """Select these claims or reasons and bring them into view."""
        self.scene.select_ids(ids)
        rect = self.scene.rect_of(ids)
        if not rect.isNull():
            self.view.centre_on(rect)

    def _update_status(self) -> None:
        m = self.doc.map
        counts = f"{len(m.claims)} claims · {len(m.reasons)} reasons"
        if self.act_evaluate.isChecked():
            counts += " · " + current_evaluation(m, self.doc.index).progress()
        self.counts.setText(counts)
        tally = Counter(f.severity for f in self.doc.findings)  # one pass: a big map has thousands
        n = {s: tally.get(s, 0) for s in Severity}
        if n[Severity.ERROR]:
            text = f"✗ {n[Severity.ERROR]} error{'s' if n[Severity.ERROR] != 1 else ''}"
            colour = "#d32f2f"
        else:
            text = "✓ No errors"
            colour = "#2e8540"
        extra = [f"{n[s]} {s.value}{'s' if n[s] != 1 else ''}" for s in (Severity.WARNING, Severity.HINT) if n[s]]
        if extra:
            text += " · " + ", ".join(extra)
        self.validity.setText(text)
        if self.validity.property("colour") != colour:  # a new style sheet re-polishes the label
            self.validity.setProperty("colour", colour)
            self.validity.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _offer_copy(self, op) -> None:
        """An edit of a read-only preset: save a copy, then make the edit in the copy."""
        self.scene.discard_editor()
        if self.dialogs.ask_copy_preset(self.doc.display_name()) and self.save_as() and not self.doc.is_template:
            self.doc.push(op)

    def _update_title(self) -> None:
        name = self.doc.display_name()
        if self.doc.is_template:
            name += " (preset, read-only)"
        # "[*]" marks where Qt puts the modified star; one in the map's title is shown as typed ("[**]").
        self.setWindowTitle(f"{name.replace('[*]', '[**]')}[*] — argmap")
        self.setWindowModified(self.doc.is_modified)
        self.act_revert.setEnabled(self.doc.path is not None)

    def _map_reset(self) -> None:
        self._update_title()
        if self.doc.is_template:
            self.statusBar().showMessage("This is a preset map: it opens read-only. Edit it to save your own copy.",
                                         10000)
        self._clipboard_claim = None
        self.reattach_source()
        QTimer.singleShot(0, self.show_start)

    # -- edits -------------------------------------------------------------------------

    def _one_claim(self) -> str | None:
        claims = self.scene.selected_claims()
        return claims[0] if len(claims) == 1 else None

    def _one_reason(self) -> str | None:
        reasons = self.scene.selected_reasons()
        if len(reasons) == 1:
            return reasons[0]
        cid = self._one_claim()
        if cid is None:
            return None
        holder = next((r for r in self.doc.map.reasons if cid in r.premises), None)
        return holder.id if holder else None

    def _push_and_edit(self, build: Callable[[], edits.Compound]) -> None:
        """Push an edit that adds a claim, then let the user type its text."""
        try:
            op = build()
        except edits.EditError as exc:
            self.dialogs.warn("That edit is not possible", str(exc))
            return
        if self.doc.push(op) and op.selection:
            self.show_ids(op.selection)
            if self.scene.start_edit(op.selection[0]):
                self.scene.editor.undo_if_cancelled = self.doc.undo_stack.index()

    def _add_on_claim(self, build: Callable[[ArgumentMap, str], edits.Compound]) -> None:
        cid = self._one_claim()
        if cid:
            self._push_and_edit(lambda: build(self.doc.map, cid))

    def add_reason(self) -> None:
        self._add_on_claim(edits.add_support)

    def add_objection(self) -> None:
        self._add_on_claim(edits.add_objection)

    def add_rebuttal(self) -> None:
        self._add_on_claim(edits.add_rebuttal)

    def add_undercutter(self) -> None:
        rid = self._one_reason()
        if rid:
            self._push_and_edit(lambda: edits.add_undercutter(self.doc.map, rid))

    def add_co_premise(self) -> None:
        """Enter: a sibling premise in the same reason; on a claim with no reason above it, a reason."""
        cid = self._one_claim()
        rid = self._one_reason()
        if rid is not None:
            self._push_and_edit(lambda: edits.add_co_premise(self.doc.map, rid, after=cid))
        elif cid is not None:
            self.add_reason()

    def add_claim(self) -> None:
        self._push_and_edit(lambda: edits.add_claim(self.doc.map))

    def edit_text(self) -> None:
        cid = self._one_claim()
        if cid:
            self.scene.start_edit(cid)

    def delete(self) -> None:
        claims, reasons = self.scene.selected_claims(), self.scene.selected_reasons()
        if claims or reasons:
            self.doc.push(edits.delete(self.doc.map, claims, reasons))

    def set_main(self) -> None:
        cid = self._one_claim()
        if cid:
            self.doc.push(edits.set_main_conclusion(self.doc.map, cid))

    def _toggle_mark(self, field: str, name: str) -> None:
        cid = self._one_claim()
        c = self.doc.map.claim(cid) if cid else None
        if c is not None:
            on = getattr(c, field)
            label = f"{'Unmark' if on else 'Mark'} {name}"
            self.doc.push(edits.set_claim_fields(self.doc.map, cid, label, **{field: not on}))

    def toggle_hidden(self) -> None:
        self._toggle_mark("hidden", "Hidden Premise")

    def toggle_conclusion(self) -> None:
        self._toggle_mark("conclusion", "Conclusion")

    def switch_kind(self) -> None:
        rid = self._one_reason()
        r = self.doc.map.reason(rid) if rid else None
        if r is not None:
            kind = "objection" if r.kind == "support" else "support"
            self.doc.push(edits.set_reason_fields(self.doc.map, rid, "Change Reason Kind", kind=kind))

    def edit_scheme(self) -> None:
        rid = self._one_reason()
        if rid is None:
            return
        self.scene.select_ids([rid])
        self.docks["inspector"].show()
        self.docks["inspector"].raise_()
        self.inspector.scheme.setFocus()
        self.inspector.scheme.selectAll()

    def reorder(self, step: int) -> None:
        rid = self._one_reason()
        if rid is None:
            return
        try:
            op = edits.move_sibling(self.doc.map, rid, step)
        except edits.EditError as exc:
            self.statusBar().showMessage(str(exc), 4000)
            return
        keep = self.scene.selected_ids()
        if self.doc.push(op):
            self.scene.select_ids(keep)

    def cut_branch(self) -> None:
        self._clipboard_claim = self._one_claim()
        if self._clipboard_claim:
            self.statusBar().showMessage("Select the claim to attach the branch to, then Paste.", 6000)
        self._selection_changed(self.scene.selected_ids())

    def paste_branch(self) -> None:
        target = self._one_claim()
        moving = self._clipboard_claim
        if target is None or moving is None or self.doc.map.claim(moving) is None:
            return
        try:
            op = edits.move_claim(self.doc.map, moving, target)
        except edits.EditError as exc:
            self.dialogs.warn("That move is not possible", str(exc))
            return
        if self.doc.push(op):
            self._clipboard_claim = None
            self.show_ids([moving])

    def walk(self, direction: str) -> None:
        cid = self._one_claim()
        if cid is None:
            mains = [c.id for c in self.doc.map.claims if c.main_conclusion] or [c.id for c in self.doc.map.claims[:1]]
            if mains:
                self.show_ids(mains[:1])
            return
        nxt = self.scene.neighbour(cid, direction)
        if nxt is not None:
            self.show_ids([nxt])

    def centre_selection(self) -> None:
        ids = self.scene.selected_ids()
        if ids:
            self.view.centre_on(self.scene.rect_of(ids))

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find(self, text: str, restart: bool) -> None:
        needle = " ".join(text.split()).casefold()
        if not needle:
            return
        hits = [c.id for c in self.doc.map.claims if needle in " ".join(c.text.split()).casefold()]
        if not hits:
            self.statusBar().showMessage(f"No claim contains “{text}”.", 4000)
            return
        current = self._one_claim()
        i = 0 if restart or current not in hits else (hits.index(current) + 1) % len(hits)
        self.show_ids([hits[i]])
        self.statusBar().showMessage(f"Match {i + 1} of {len(hits)}", 3000)

    def about(self) -> None:
        self.dialogs.inform("About argmap", f"argmap {__version__}\n\nArgument maps for reading an argument closely.")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.remove_recovery_copy()  # closed on purpose: saved, or the user chose to discard
        event.accept()
