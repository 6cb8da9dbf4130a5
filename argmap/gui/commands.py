"""Undo commands: each wraps one edit op from argmap.edits (house rule 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from argmap.edits import EditError, Op

if TYPE_CHECKING:
    from argmap.gui.document import MapDocument


class EditCommand(QUndoCommand):
    """redo() applies the op through the document, undo() reverts it."""

    def __init__(self, document: MapDocument, op: Op) -> None:
        super().__init__(op.label)
        self._doc = document
        self.op = op
        self.error: EditError | None = None

    def redo(self) -> None:
        try:
            self._doc.apply_op(self.op)
        except EditError as exc:
            # An obsolete command is dropped by QUndoStack.push(); the
            # document reports the error to the user.
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        self._doc.revert_op(self.op)
