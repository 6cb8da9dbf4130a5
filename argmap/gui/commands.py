"""Undo commands: each wraps one edit op from argmap.edits (house rule 4)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from argmap.edits import EditError, Op

if TYPE_CHECKING:
    from argmap.gui.document import MapDocument


class EditCommand(QUndoCommand):
    """redo() applies the op through the document, undo() reverts it."""

    def __init__(self, document: MapDocument, op: Op) -> None:
        super().__init__(op.label)
        # A weak reference: the document owns its undo stack, which owns this
        # command. A strong one would make a reference cycle through Qt objects
        # that Python's collector may break in any order, deleting the stack
        # (and this command's C++ half) while its Python half is half freed.
        self._doc = weakref.ref(document)
        self.op = op
        self.error: EditError | None = None

    def redo(self) -> None:
        try:
            self._document().apply_op(self.op)
        except EditError as exc:
            # An obsolete command is dropped by QUndoStack.push(); the
            # document reports the error to the user.
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        self._document().revert_op(self.op)

    def _document(self) -> MapDocument:
        doc = self._doc()
        assert doc is not None, "an undo command outlived its document"
        return doc
