"""MapScene: draws the document's map and turns gestures into edits.

The scene owns the id -> item dicts and is the only place that keeps items
in step with the model: after every change it lays the map out again
(milliseconds, see argmap.layout) and updates, adds or removes only the items
whose look or place changed, in one batch.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QPen, QTextCursor, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsTextItem,
    QGraphicsView,
    QToolTip,
)

from argmap import edits
from argmap.graph import MapIndex
from argmap.gui.document import MapDocument
from argmap.gui.items import (
    PAD_X,
    PAD_Y,
    TEXT_WIDTH,
    ArrowItem,
    ClaimItem,
    ClaimLook,
    GroupItem,
    RefItem,
    claim_font,
    measurer,
)
from argmap.gui.overlay import Overlay, OverlaySource, is_ghost
from argmap.layout import Layout, layout
from argmap.model import ArgumentMap
from argmap.runtime import gc_paused
from argmap.validate import Severity, claims_with_findings

GROUP_WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}
MARGIN = 60.0


class ClaimEditor(QGraphicsTextItem):
    """The in-place editor: Enter keeps the text, Escape throws it away."""

    def __init__(self, scene: MapScene, claim_id: str, text: str) -> None:
        super().__init__()
        self._scene = scene
        self.claim_id = claim_id
        self.original = text
        self.setPlainText(text)  # plain text: never interpreted as HTML
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setTextWidth(TEXT_WIDTH)
        self.setZValue(10)
        self._done = False
        self.undo_if_cancelled = -1  # undo-stack index of the add that made this claim

    def paint(self, painter, option, widget=None) -> None:
        # An opaque card over the claim's box, so the old text never shows through.
        painter.setPen(QPen(QApplication.palette().color(QPalette.ColorRole.Highlight), 1.5))
        painter.setBrush(QApplication.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 4, 4)
        super().paint(painter, option, widget)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-4, -4, 4, 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(keep=True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.finish(keep=False)
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.finish(keep=True)  # claims hold no tabs: Tab ends the edit
            return
        super().keyPressEvent(event)

    def abandon(self) -> None:
        """Close without writing anything anywhere (the map it belonged to is gone)."""
        self._done = True

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        # Switching to another window (to copy a quotation, say) or opening a
        # menu keeps the editor open; clicking elsewhere in argmap finishes it.
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.finish(keep=True)

    def finish(self, keep: bool) -> None:
        if self._done:
            return
        self._done = True
        self._scene.end_edit(self, self.toPlainText() if keep else None)


class MapScene(QGraphicsScene):
    selection_ids_changed = Signal(list)  # ids of the selected claims and reasons
    jump_requested = Signal(list)  # ids to select and bring into view (a reference box was clicked)
    anchor_moved = Signal(float, float)  # the claim the reader works on moved by dx, dy: views follow it

    def __init__(self, document: MapDocument, parent=None, show_findings: bool = True) -> None:
        super().__init__(parent)
        self.doc = document
        self.show_findings = show_findings  # badges for the checks' findings (not on exported pictures)
        self.claim_items: dict[str, ClaimItem] = {}
        self.group_items: dict[str, GroupItem] = {}
        self.arrow_items: dict[str, ArrowItem] = {}
        self.ref_items: dict[tuple[str, str], RefItem] = {}  # (claim id, reason id)
        self.layout: Layout = Layout()
        self.editor: ClaimEditor | None = None
        self._sizes: dict[tuple[str, bool, bool], tuple[float, float]] = {}
        self._measure = None
        self._shown_claims: dict[str, tuple] = {}  # what each item was last drawn from
        self._at: dict[str, tuple[float, float]] = {}  # where each claim item was last put
        self._shown_groups: dict[str, tuple] = {}
        self._shown_arrows: dict[str, tuple] = {}
        self._drag: tuple[ClaimItem, QPointF] | None = None
        self._syncing = False
        self.overlay_source: OverlaySource | None = None  # a comparison or an evaluation laid over the map
        self.overlay = Overlay()
        document.changed.connect(self.sync)
        document.reset.connect(self._on_reset)
        document.select_requested.connect(self.select_ids)
        self.selectionChanged.connect(self._emit_selection)
        self.sync()

    # -- keeping items in step with the model ------------------------------------

    def _on_reset(self) -> None:
        self.layout = Layout()
        self._sizes.clear()
        self._shown_claims.clear()
        self._at.clear()
        self._shown_groups.clear()
        self._shown_arrows.clear()
        self.discard_editor()  # a different map: the text being typed belongs to no claim here

    def discard_editor(self) -> None:
        """Remove the in-place editor without committing its text."""
        if self.editor is not None:
            editor, self.editor = self.editor, None
            editor.abandon()
            self.removeItem(editor)
            editor.deleteLater()

    def _size(self, text: str, bold: bool, hidden: bool) -> tuple[float, float]:
        key = (text, bold, hidden)
        size = self._sizes.get(key)
        if size is None:
            if self._measure is None:  # fonts looked up once per sync, not once per claim
                self._measure = measurer()
            size = self._sizes[key] = self._measure(text, bold, hidden)
        return size

    def set_overlay(self, source: OverlaySource | None) -> None:
        """Lay a comparison or an evaluation over the map (None: the map alone)."""
        self.overlay_source = source
        self.sync()

    def sync(self) -> None:
        with gc_paused():  # thousands of short-lived objects, nothing cyclic to free
            self._sync()

    def _sync(self) -> None:
        m = self.doc.map
        ix = self.doc.index
        findings = self.doc.findings if self.show_findings else []
        worst = claims_with_findings(findings)
        messages: dict[str, list[str]] = {}
        for f in findings:
            for cid in f.claim_ids:
                messages.setdefault(cid, []).append(f"{f.severity.value.capitalize()}: {f.message}")
        over = self.overlay = self.overlay_source(m, ix) if self.overlay_source is not None else Overlay()
        if over.ghost_claims or over.ghost_reasons:
            # The model answer's missing parts are laid out with the map, so they
            # stand where the model answer has them; the map itself is not changed.
            m = ArgumentMap.model_construct(**{**dict(m), "claims": [*m.claims, *over.ghost_claims],
                                               "reasons": [*m.reasons, *over.ghost_reasons]})
            ix = MapIndex(m)
        texts = {c.id: (c.text, c.main_conclusion, c.hidden or is_ghost(c.id)) for c in m.claims}
        self._measure = None
        anchor = self._anchor()
        before = self.layout.claims.get(anchor) if anchor is not None else None
        # The previous layout lets the new one reuse every subtree the edit did
        # not touch (a box whose size changed counts as touched); another map starts afresh.
        self.layout = lay = layout(m, lambda cid: self._size(*texts[cid]), previous=self.layout)
        self._syncing = True
        try:
            self._sync_claims(m, lay, worst, messages, over)
            roles = self._sync_groups(m, ix, lay)
            self._sync_refs(ix, lay)
            self._sync_arrows(ix, lay, roles)
        finally:
            self._syncing = False
        self.setSceneRect(QRectF(lay.left - MARGIN, -MARGIN, lay.width - lay.left + 2 * MARGIN,
                                 lay.height + 2 * MARGIN))
        if self.editor is not None:
            item = self.claim_items.get(self.editor.claim_id)
            if item is None:  # its claim is gone (undone): nothing to write into
                self.discard_editor()
            else:
                self.editor.setPos(item.pos() + QPointF(PAD_X - 4, PAD_Y - 4))
        after = lay.claims.get(anchor) if before is not None else None
        if after is not None and (after.x, after.y) != (before.x, before.y):
            self.anchor_moved.emit(after.x - before.x, after.y - before.y)
        self._emit_selection()

    def _anchor(self) -> str | None:
        """The claim that should stay put on screen through an edit: the one
        selected (or being typed in), else the main conclusion."""
        if self.editor is not None:
            return self.editor.claim_id
        claims = self.selected_claims()
        if claims:
            return claims[0]
        return next((c.id for c in self.doc.map.claims if c.main_conclusion), None)

    # Each sync compares what an item shows with a plain tuple of the model's
    # values first, so unchanged items cost a dict look-up, not new Qt objects:
    # an edit on a 1,000-claim map touches only what moved or changed.

    def _sync_claims(self, m, lay: Layout, worst, messages, over: Overlay) -> None:
        items, shown, at = self.claim_items, self._shown_claims, self._at
        boxes = lay.claims
        marks, tips = over.marks, over.tips
        for c in m.claims:
            cid = c.id
            box = boxes[cid]
            sev = worst.get(cid)
            # claims are replaced, never changed in place, by edits
            state = (c, sev, messages.get(cid), marks.get(cid), tips.get(cid))
            item = items.get(cid)
            if item is None or shown.get(cid) != state:
                shown[cid] = state
                mark, word = marks.get(cid, (None, ""))
                lines = [*messages.get(cid, ()), *([tips[cid]] if cid in tips else [])]
                ghost = is_ghost(cid)
                look = ClaimLook(
                    text=c.text, main=c.main_conclusion, conclusion=c.conclusion, hidden=c.hidden,
                    quoted=c.quotation is not None,
                    severity=sev.value if sev is not None and sev is not Severity.HINT else None,
                    tooltip="\n".join(lines), ghost=ghost, mark=mark, mark_label=word,
                )
                if item is None:
                    item = items[cid] = ClaimItem(cid, look, (box.w, box.h))
                    if ghost:  # shown, never selected, moved or edited
                        item.setFlags(QGraphicsItem.GraphicsItemFlag(0))
                    self.addItem(item)
                else:
                    item.set_look(look, (box.w, box.h))
            # Where each item stands is kept here too: asking Qt for every
            # item's x and y costs more than the rest of this loop.
            where = (box.x, box.y)
            if at.get(cid) != where:  # most claims only move, if anything
                at[cid] = where
                item.setPos(box.x, box.y)
        if len(items) != len(boxes) or any(k not in boxes for k in items):
            for cid in [k for k in items if k not in boxes]:
                shown.pop(cid, None)
                at.pop(cid, None)
                self.removeItem(items.pop(cid))

    def _sync_groups(self, m, ix: MapIndex, lay: Layout) -> dict[str, str]:
        """Frames for the reasons; returns each drawn reason's role, for its arrow."""
        items, shown, groups = self.group_items, self._shown_groups, lay.groups
        roles: dict[str, str] = {}
        for r in m.reasons:
            rid = r.id
            g = groups.get(rid)
            if g is None:
                continue
            role = roles[rid] = ix.role(r)
            state = (r, role, g)
            item = items.get(rid)
            if item is not None and shown.get(rid) == state:
                continue
            shown[rid] = state
            label = GROUP_WORDS[role] + (f" · {r.scheme}" if r.scheme else "")
            rect = QRectF(g.x, g.y, g.w, g.h)
            if item is None:
                item = items[rid] = GroupItem(rid, role, rect, label)
                if is_ghost(rid):
                    item.setFlags(QGraphicsItem.GraphicsItemFlag(0))
                    item.setOpacity(0.45)
                self.addItem(item)
            else:
                item.set_shape(role, rect, label)
            tip = f"{GROUP_WORDS[role].capitalize()} ({r.kind})" + (f"\nScheme: {r.scheme}" if r.scheme else "")
            if r.note:
                tip += f"\n{r.note}"
            item.tip = tip
        if len(items) != len(groups) or any(k not in groups for k in items):
            for rid in [k for k in items if k not in groups]:
                shown.pop(rid, None)
                self.removeItem(items.pop(rid))
        return roles

    def _sync_refs(self, ix: MapIndex, lay: Layout) -> None:
        items = self.ref_items
        for key, box in lay.refs.items():
            text, size = ix.claims[key[0]].text, (box.w, box.h)
            item = items.get(key)
            if item is None:
                item = items[key] = RefItem(key[0], key[1], text, size)
                self.addItem(item)
            else:
                item.set_text(text, size)
            if (item.x(), item.y()) != (box.x, box.y):
                item.setPos(box.x, box.y)
        if len(items) != len(lay.refs):
            for key in [k for k in items if k not in lay.refs]:
                self.removeItem(items.pop(key))

    def _sync_arrows(self, ix: MapIndex, lay: Layout, roles: dict[str, str]) -> None:
        items, shown = self.arrow_items, self._shown_arrows
        wanted: set[str] = set(lay.arrows)
        for rid, (start, end) in lay.arrows.items():
            state = (roles.get(rid) or ix.role(ix.reasons[rid]), start, end, False)
            if shown.get(rid) != state or rid not in items:
                self._put_arrow(rid, rid, state)
        for claim_id, reason_id in lay.shared:  # a premise drawn under another reason
            box, ref = lay.claims.get(claim_id), lay.refs.get((claim_id, reason_id))
            if box is not None and ref is not None and reason_id in ix.reasons:
                key = f"{claim_id}>{reason_id}"
                role = roles.get(reason_id) or ix.role(ix.reasons[reason_id])
                self._put_arrow(key, reason_id, (role, (box.centre_x, box.y), (ref.centre_x, ref.bottom), True))
                wanted.add(key)
        if len(items) != len(wanted):
            for key in [k for k in items if k not in wanted]:
                shown.pop(key, None)
                self.removeItem(items.pop(key))

    def _put_arrow(self, key: str, reason_id: str, state: tuple) -> None:
        item = self.arrow_items.get(key)
        if item is not None and self._shown_arrows.get(key) == state:
            return
        self._shown_arrows[key] = state
        role, start, end, dashed = state
        if item is None:
            item = self.arrow_items[key] = ArrowItem(reason_id, role, QPointF(*start), QPointF(*end), dashed)
            item.setVisible(not dashed)  # see _show_links
            if is_ghost(reason_id):
                item.setOpacity(0.45)
            self.addItem(item)
        else:
            item.set_ends(role, QPointF(*start), QPointF(*end))

    def content_rect(self) -> QRectF:
        """Where the map is drawn: its layout, with room for badges and labels."""
        lay = self.layout
        if not lay.claims and not lay.groups:
            return QRectF()
        return QRectF(lay.left - 10, -20, lay.width - lay.left + 20, lay.height + 30)

    # -- selection ------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, (ClaimItem, GroupItem))]

    def selected_claims(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, ClaimItem)]

    def selected_reasons(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, GroupItem)]

    def _emit_selection(self) -> None:
        if not self._syncing:
            ids = self.selected_ids()
            self._show_links(set(ids))
            self.selection_ids_changed.emit(ids)

    def _show_links(self, selected: set[str]) -> None:
        """The dashed link from a shared premise to its reference box is drawn only
        while one of its ends is selected: the reference box says the rest, and
        links across a whole map would only clutter it."""
        for claim_id, reason_id in self.layout.shared:  # a few pairs, not every arrow of the map
            item = self.arrow_items.get(f"{claim_id}>{reason_id}")
            if item is not None:
                item.setVisible(claim_id in selected or reason_id in selected)

    def select_ids(self, ids: list[str]) -> None:
        items = [self.claim_items.get(i) or self.group_items.get(i) for i in ids]
        items = [i for i in items if i is not None]
        self.blockSignals(True)
        self.clearSelection()
        for item in items:
            item.setSelected(True)
        self.blockSignals(False)
        if items:
            self.setFocusItem(items[0])
        self._emit_selection()

    def rect_of(self, ids: list[str]) -> QRectF:
        rect = QRectF()
        for i in ids:
            item = self.claim_items.get(i) or self.group_items.get(i)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- in-place editing ------------------------------------------------------------

    def start_edit(self, claim_id: str, replace_with: str | None = None) -> bool:
        item = self.claim_items.get(claim_id)
        if item is None:
            return False
        if self.editor is not None:
            self.editor.finish(keep=True)
        c = self.doc.map.claim(claim_id)
        self.editor = ClaimEditor(self, claim_id, c.text if replace_with is None else replace_with)
        self.editor.original = c.text
        self.editor.setFont(claim_font())
        self.editor.setPos(item.pos() + QPointF(PAD_X - 4, PAD_Y - 4))
        self.addItem(self.editor)
        self.editor.setFocus()
        cursor = self.editor.textCursor()
        if replace_with is None:
            cursor.select(QTextCursor.SelectionType.Document)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)
        return True

    def end_edit(self, editor: ClaimEditor, text: str | None) -> None:
        if editor is self.editor:
            self.editor = None
        claim_id = editor.claim_id
        self.removeItem(editor)
        editor.deleteLater()
        stack = self.doc.undo_stack
        if text is None and editor.undo_if_cancelled == stack.index() and not editor.original:
            stack.undo()  # Escape on a claim just added takes the add back
            return
        if text is not None and text != editor.original and self.doc.map.claim(claim_id) is not None:
            self.doc.push(edits.set_text(self.doc.map, claim_id, text))
        item = self.claim_items.get(claim_id)
        if item is not None:
            self.select_ids([claim_id])

    def helpEvent(self, event) -> None:
        # Tooltips are built for the item under the mouse only: setting one on
        # each of 10,000 items up front costs a tenth of a second at start-up.
        view = event.widget().parentWidget() if event.widget() is not None else None
        transform = view.transform() if isinstance(view, QGraphicsView) else QTransform()
        item = self.itemAt(event.scenePos(), transform)
        while item is not None and not hasattr(item, "tooltip_text"):
            item = item.parentItem()
        text = item.tooltip_text() if item is not None else ""
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
            event.accept()
        else:
            QToolTip.hideText()
            event.ignore()

    # -- gestures ---------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        item = next((i for i in self.items(event.scenePos()) if isinstance(i, ClaimItem)), None)
        if isinstance(item, ClaimItem) and not is_ghost(item.node_id):
            self.start_edit(item.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        ref = next((i for i in self.items(event.scenePos()) if isinstance(i, RefItem)), None)
        if ref is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.jump_requested.emit([ref.claim_id])
            event.accept()
            return
        super().mousePressEvent(event)
        grabbed = self.mouseGrabberItem()
        self._drag = (grabbed, grabbed.pos()) if isinstance(grabbed, ClaimItem) else None

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        drag, self._drag = self._drag, None
        super().mouseReleaseEvent(event)
        if drag is None:
            return
        item, start = drag
        if item.pos() == start:
            return
        target = self.drop_target(event.scenePos(), item)
        moving = [i.node_id for i in self.selectedItems() if isinstance(i, ClaimItem)] or [item.node_id]
        if item.node_id not in moving:
            moving = [item.node_id]
        if target is not None:
            self._reattach(moving, target)
        self._put_back()  # whatever did not move in the model goes back to its place

    def _put_back(self) -> None:
        for cid, it in self.claim_items.items():
            box = self.layout.claims.get(cid)
            if box is not None and (it.x(), it.y()) != (box.x, box.y):
                it.setPos(box.x, box.y)

    def drop_target(self, pos: QPointF, dragged: QGraphicsItem) -> str | None:
        for other in self.items(pos):
            if (isinstance(other, ClaimItem) and other is not dragged and not is_ghost(other.node_id)
                    and other.node_id not in self.selected_claims()):
                return other.node_id
        return None

    def _reattach(self, claim_ids: list[str], target: str) -> bool:
        """Move the dragged claims, with their branches, under `target`: one undo step."""
        stack = self.doc.undo_stack
        if len(claim_ids) > 1:
            stack.beginMacro(f"Move {len(claim_ids)} Claims")
        try:
            for cid in claim_ids:
                try:
                    op = edits.move_claim(self.doc.map, cid, target)
                except edits.EditError as exc:
                    self.doc.edit_failed.emit(str(exc))
                    return False
                if not self.doc.push(op):
                    return False
            return True
        finally:
            if len(claim_ids) > 1:
                stack.endMacro()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Start typing on a selected claim to replace its text, as in a spreadsheet.
        text = event.text()
        claims = self.selected_claims()
        if (self.editor is None and len(claims) == 1 and text and text.isprintable() and text != " "
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            self.start_edit(claims[0], replace_with=text)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- walking with the arrow keys --------------------------------------------------

    def neighbour(self, claim_id: str, direction: str) -> str | None:
        """Where an arrow key goes from a claim, following the argument.

        Up: the claim its reason bears on. Down: the first premise of the first
        reason below it. Left and right: its co-premises, then the nearest
        claim on the same row.
        """
        m = self.doc.map
        holder = next((r for r in m.reasons if claim_id in r.premises), None)
        if direction == "up":
            target = holder.target if holder else None
            while target is not None and m.claim(target) is None:  # an undercutter: climb past the reason
                r = m.reason(target)
                target = r.target if r is not None and r.target != target else None
            return target
        if direction == "down":
            below = next((r for r in m.reasons if r.target == claim_id and r.premises), None)
            return below.premises[0] if below else None
        step = -1 if direction == "left" else 1
        if holder is not None:
            i = holder.premises.index(claim_id) + step
            if 0 <= i < len(holder.premises) and holder.premises[i] in self.layout.claims:
                return holder.premises[i]
        return self._same_row(claim_id, step)

    def _same_row(self, claim_id: str, step: int) -> str | None:
        here = self.layout.claims.get(claim_id)
        if here is None:
            return None
        best, best_dx = None, float("inf")
        for other, box in self.layout.claims.items():
            if other == claim_id or box.y >= here.bottom or box.bottom <= here.y or is_ghost(other):
                continue  # not on this row
            dx = (box.centre_x - here.centre_x) * step
            if 0 < dx < best_dx:
                best, best_dx = other, dx
        return best
