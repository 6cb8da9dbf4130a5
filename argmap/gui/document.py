"""MapDocument: the open map, its file and its undo stack.

It is the only thing that changes the model (house rule 3): edits arrive as
ops wrapped in undo commands, and every change ends with one `changed`
signal after the findings have been recomputed. The modified flag is the
undo stack's clean state (house rule 12).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from argmap.anchors import anchor_claims
from argmap.edits import Compound, EditError, Op, replace_map
from argmap.gui.commands import EditCommand
from argmap.io import load_map, save_map
from argmap.io.file_state import FileStamp, stamp_of
from argmap.model import ArgumentMap
from argmap.runtime import gc_paused
from argmap.validate import Finding
from argmap.validate_incremental import IncrementalValidation


class MapDocument(QObject):
    changed = Signal()  # the map changed: redraw, revalidate views
    reset = Signal()  # a different map (or file) is now open
    select_requested = Signal(list)  # ids an edit wants selected afterwards
    edit_failed = Signal(str)  # an edit was refused; the message is for the user
    file_changed = Signal()  # saved under a (new) name
    template_edit = Signal(object)  # an edit of a read-only preset: offer to save a copy first
    source_changed = Signal()  # a source text was attached, embedded or dropped

    def __init__(self, m: ArgumentMap | None = None, path: str | Path | None = None,
                 preset_name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._map = m if m is not None else ArgumentMap(title="Untitled map")
        self._path = Path(path) if path else None
        self.preset_name = preset_name
        self._attached: str | None = None  # the source text the user attached (not embedded in the map)
        self._embedded: tuple[str | None, str] = (None, "")  # the map's own text, and it with \n line ends
        self.source_path: Path | None = None  # where the attached text came from
        # What the file held when it was read or saved: another program's change shows as a difference.
        self.disk_stamp: FileStamp | None = stamp_of(self._path) if self._path else None
        self._checks: IncrementalValidation | None = None
        self._reindex()

    # -- state ---------------------------------------------------------------

    @property
    def map(self) -> ArgumentMap:
        """The model. Read it freely; change it only through push()."""
        return self._map

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def findings(self) -> list[Finding]:
        return self._findings

    @property
    def source_text(self) -> str | None:
        """The article the map reads: the copy the user attached, else the one embedded in the map."""
        if self._attached is not None:
            return self._attached
        src = self._map.source
        if src is None or src.text is None:
            return None
        # Line ends as every attached text has them (read_source_text): Qt's text
        # view counts "\r\n" as one character, which would shift every offset.
        if self._embedded[0] is not src.text:
            self._embedded = (src.text, src.text.replace("\r\n", "\n").replace("\r", "\n"))
        return self._embedded[1]

    def attach_source(self, text: str | None, path: str | Path | None = None) -> None:
        """Show and check the map against this text (None: detach). Not an edit of the map."""
        self._attached = text
        self.source_path = Path(path) if path and text is not None else None
        self._reindex()
        self.source_changed.emit()
        self.changed.emit()  # quotations are checked against the new text

    @property
    def is_template(self) -> bool:
        """A preset (bundled, or a teacher's template file): read-only; edits go into a copy."""
        return self._map.template

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self._path is not None:
            return self._path.name
        return self._map.title or "Untitled map"

    # -- edits -----------------------------------------------------------------

    def push(self, op: Compound) -> bool:
        """Apply an edit as one undoable step; False (and edit_failed) if it was refused."""
        if self.is_template:
            self.template_edit.emit(op)  # the window offers "Save a copy", then pushes again
            return False
        cmd = EditCommand(self, op)
        self.undo_stack.push(cmd)  # runs cmd.redo()
        if cmd.error is not None:
            self.edit_failed.emit(str(cmd.error))
            return False
        if op.selection:
            self.select_requested.emit(list(op.selection))
        return True

    def apply_op(self, op: Op) -> None:
        op.apply(self._map)
        self._after_change()

    def revert_op(self, op: Op) -> None:
        op.revert(self._map)
        self._after_change()

    def _after_change(self) -> None:
        # An edit rebuilds the index, the findings, the layout and the changed
        # items: thousands of short-lived objects. With the collector on, it
        # rescans every live object of the window meanwhile (a third of the
        # time of an edit on a 1,000-claim map) and frees nothing.
        with gc_paused():
            self._reindex()
            self.changed.emit()

    def _reindex(self) -> None:
        # One index of the map per change (a new object each time), shared by the checks and the canvas.
        with gc_paused():
            text = self.source_text
            # Where each quotation is in the text: found once, for the checks and the Source panel.
            self.anchors = anchor_claims(self._map, text) if text is not None else ({}, [])
            if self._checks is None or self._checks.map is not self._map:
                # Another map (opened, replaced, or the saved copy of a preset): checked afresh.
                self._checks = IncrementalValidation(self._map, text, self.anchors)
            else:
                # An edit, undo or redo (or another source text): only what it touched is checked again.
                self._checks.update(text, self.anchors)
            self.index = self._checks.index
            self._findings = self._checks.findings

    # -- files -----------------------------------------------------------------

    def replace(self, m: ArgumentMap, path: str | Path | None, preset_name: str | None = None,
                checks: IncrementalValidation | None = None) -> None:
        """Show another map: clears undo history and marks it unmodified. `checks`: the
        map already checked (on a worker thread, see gui.preparing)."""
        self._map = m
        self._path = Path(path) if path else None
        self.preset_name = preset_name
        self._attached, self.source_path = None, None  # the text belonged to the other map
        self.disk_stamp = stamp_of(self._path) if self._path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._checks = checks if checks is not None and checks.map is m else None  # else afresh
        self._reindex()
        self.reset.emit()
        self.source_changed.emit()
        self.changed.emit()

    def save(self, path: str | Path | None = None) -> None:
        """Write the map; raises MapFileError and stays modified if that fails."""
        target = Path(path) if path else self._path
        if target is None:
            raise EditError("Choose where to save this map first.")
        to_write = self._map
        if self.is_template:
            # A saved copy of a preset is the user's own map, not a template.
            to_write = self._map.model_copy(update={"template": False})
        save_map(to_write, target)
        self.disk_stamp = stamp_of(target)
        if to_write is not self._map:
            self._map = to_write
            self.preset_name = None
            self._reindex()
        self._path = target
        self.undo_stack.setClean()
        self.file_changed.emit()

    def disk_change(self) -> str | None:
        """'deleted' or 'changed' when another program has deleted or changed the map's file
        since argmap read or wrote it; None otherwise."""
        if self._path is None:
            return None
        now, known = stamp_of(self._path), self.disk_stamp
        if now is None:
            return "deleted" if known is not None else None
        return None if now.same_content(known) else "changed"

    def take_disk_version(self, m: ArgumentMap) -> None:
        """Show the file's new content as one undoable step ("Reload from Disk"): Undo brings back
        what the user had here. The result counts as saved, since it is what the file holds."""
        if self.is_template or m.template:  # a read-only preset file: nothing of the user's to keep
            self.replace(m, self._path, self.preset_name)
            return
        self.push(replace_map(self._map, m, "Reload from Disk"))
        self.disk_stamp = stamp_of(self._path) if self._path else None
        self.undo_stack.setClean()

    def revert_to_saved(self) -> None:
        if self._path is None:
            return
        self.replace(load_map(self._path), self._path)
