"""MapScene: draws the document's map and turns gestures into edits.

The scene owns the id -> item dicts and is the only place that keeps items
in step with the model: after every change it lays the map out again
(milliseconds, see argmap.layout) and updates, adds or removes only the items
whose look or place changed, in one batch.

A big map (over EAGER_LIMIT claims) is laid out whole but gets items only
where a view looks (`show_region`), a screen or so around it: making an item
costs ~50 µs, so 50,000 claims with their groups and arrows would take
seconds and hundreds of MB before anything is seen. The dicts of items then
hold only what has been shown; everything else reads the layout. Far out
(below OVERVIEW_SCALE) every item is hidden at once, under one parent, and
the overview picture is drawn instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
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
from argmap.folding import Fold, VisiblePart, reveal, visible_part
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
from argmap.gui.overview import OVERVIEW_SCALE, OverviewItem, Tints, whole
from argmap.layout import Layout, layout
from argmap.model import ArgumentMap
from argmap.runtime import gc_paused
from argmap.validate import Severity, claims_with_findings

GROUP_WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}
MARGIN = 60.0
EAGER_LIMIT = 1500  # up to this many claims, every item is made up front
OVERVIEW_MIN_CLAIMS = 60  # smaller maps paint their own items even when far out
TILE = 3000.0  # width of a strip of the map: its items share one parent, its places one list
KEEP_LIVE = 6000  # items kept beyond what is on screen before far-away ones are let go


class _Messages:
    """Each claim's findings as the lines of its tooltip. A big map has thousands
    of findings (hints, mostly); the lines are written only for claims that get items."""

    def __init__(self, findings) -> None:
        by_claim: dict[str, list] = {}
        for f in findings:
            for cid in f.claim_ids:
                by_claim.setdefault(cid, []).append(f)
        self._findings = by_claim
        self._lines: dict[str, list[str]] = {}

    def get(self, claim_id: str, default=None):
        found = self._findings.get(claim_id)
        if found is None:
            return default
        lines = self._lines.get(claim_id)
        if lines is None:
            lines = self._lines[claim_id] = [f"{f.severity.value.capitalize()}: {f.message}" for f in found]
        return lines


def _changed(now: dict, before: dict) -> dict:
    """The entries of `now` that are not the very same object as in `before`."""
    old = before.get
    return {k: v for k, v in now.items() if old(k) is not v}


class _Layer(QGraphicsItem):
    """The parent of the map items made in one vertical strip of the map.

    Qt finds the strips on screen by its index, then looks at each child of
    those alone, so a frame's work follows what is on screen, not how much has
    been drawn. Far out, every strip's opacity goes to 0: Qt then skips all
    their items in one test each, and (unlike hiding) keeps the selection."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter, option, widget=None) -> None:
        pass


class _Places:
    """Which boxes, groups, arrows and reference boxes of a layout lie in a
    rectangle: each entry filed under the strips of the map (TILE wide) it spans."""

    def __init__(self, lay: Layout) -> None:
        self.strips: dict[int, list] = {}
        self.wide: list = []  # long arrows: looked at on every query rather than filed in many strips
        self.lay = lay

    def filing(self, chunk: int = 4000) -> Iterator[None]:
        """File every place, pausing after each `chunk` (50,000 claims take a third of a second)."""
        strips, wide, lay = self.strips, self.wide, self.lay
        done = 0
        spans = [((x, x + w, y, y + h, 0, k) for k, (x, y, w, h) in lay.claims.items()),
                 ((x, x + w, y - 16, y + h, 1, k) for k, (x, y, w, h) in lay.groups.items()),  # label above
                 ((min(sx, ex), max(sx, ex), min(sy, ey), max(sy, ey), 2, k)
                  for k, ((sx, sy), (ex, ey)) in lay.arrows.items()),
                 ((x, x + w, y, y + h, 3, k) for k, (x, y, w, h) in lay.refs.items())]
        for entries in spans:
            for e in entries:
                a, b = int(e[0] // TILE), int(e[1] // TILE)
                if a == b:
                    strip = strips.get(a)
                    if strip is None:
                        strips[a] = [e]
                    else:
                        strip.append(e)
                elif b - a > 3:
                    wide.append(e)
                else:
                    for i in range(a, b + 1):
                        strips.setdefault(i, []).append(e)
                done += 1
                if done % chunk == 0:
                    yield

    def within(self, rect: QRectF) -> tuple[list, list, list, list]:
        x0, y0, x1, y1 = rect.left(), rect.top(), rect.right(), rect.bottom()
        found: tuple[list, list, list, list] = ([], [], [], [])
        for i in range(int(x0 // TILE), int(x1 // TILE) + 1):
            for e in self.strips.get(i, ()):
                if e[0] <= x1 and e[1] >= x0 and e[2] <= y1 and e[3] >= y0:
                    found[e[4]].append(e[5])
        for e in self.wide:
            if e[0] <= x1 and e[1] >= x0 and e[2] <= y1 and e[3] >= y0:
                found[e[4]].append(e[5])
        # an entry filed in two strips is found twice
        return tuple([k for k in dict.fromkeys(f)] for f in found)  # type: ignore[return-value]


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
    fold_changed = Signal()  # claims were collapsed or expanded, or the focus changed

    def __init__(self, document: MapDocument, parent=None, show_findings: bool = True) -> None:
        super().__init__(parent)
        self.doc = document
        self.show_findings = show_findings  # badges for the checks' findings (not on exported pictures)
        self._tiles: dict[int, _Layer] = {}
        self.overview = OverviewItem()
        self.addItem(self.overview)
        self.far_out = False  # the overview is shown instead of the items
        self.lazy = False  # items only where a view looks (a big map)
        self._region: QRectF | None = None  # what views look at, with a margin: items are made there
        self._covered = QRectF()  # the part of the region whose items exist
        self._places: _Places | None = None  # where things are, for the layout it was made from
        self._filing: tuple[_Places, Iterator[None]] | None = None  # places being filed, a chunk per event
        self._file_places = QTimer(self)
        self._file_places.setSingleShot(True)
        self._file_places.setInterval(400)
        self._file_places.timeout.connect(self._make_places)
        self._ctx: tuple | None = None  # what the last sync drew from: for items made later
        self.fold = Fold()  # collapsed claims and focus: what the reader folded away (view state, not an edit)
        self.part: VisiblePart | None = None  # what the fold leaves on the canvas (None: everything)
        self.claim_items: dict[str, ClaimItem] = {}
        self.group_items: dict[str, GroupItem] = {}
        self.arrow_items: dict[str, ArrowItem] = {}
        self.ref_items: dict[tuple[str, str], RefItem] = {}  # (claim id, reason id)
        self.layout: Layout = Layout()
        self.editor: ClaimEditor | None = None
        self._sizes: dict[tuple[str, bool, bool], tuple[float, float]] = {}
        self._adopted = None  # a prepared layout for the next map (gui.preparing)
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

    def adopt(self, prepared) -> None:
        """Use the layout a worker thread made for the map about to be shown (gui.preparing)."""
        self._adopted = prepared

    def _on_reset(self) -> None:
        self.layout = Layout()
        self._places, self._covered = None, QRectF()
        self._sizes.clear()
        adopted, self._adopted = self._adopted, None
        if adopted is not None and adopted.layout is not None and adopted.map is self.doc.map:
            self.layout = adopted.layout  # the next layout reuses all of it
            self._sizes.update(adopted.sizes)
        if self.fold.active:  # ids of the other map mean nothing here
            self.fold, self.part = Fold(), None
            self.fold_changed.emit()
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

    # -- collapse, expand and focus (view state: never an edit) ---------------------------

    def set_fold(self, fold: Fold) -> None:
        if fold != self.fold:
            self.fold = fold
            self.sync()
            self.fold_changed.emit()

    def toggle_collapsed(self, claim_ids: list[str]) -> None:
        """Collapse these claims' branches, or expand them if they are all collapsed already."""
        if all(self.fold.is_collapsed(c) for c in claim_ids):
            self.set_fold(self.fold.expand(*claim_ids))
        else:
            self.set_fold(self.fold.collapse(*claim_ids))

    def reveal(self, ids: list[str]) -> None:
        """Expand (or leave the focus) as needed for these claims and reasons to be shown."""
        part = self.part
        if part is None:
            return
        fold = self.fold
        for i in ids:
            if part.hides(i):
                fold = reveal(self.doc.map, fold, i, self.doc.index)
        self.set_fold(fold)

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
        messages = _Messages(findings)
        over = self.overlay = self.overlay_source(m, ix) if self.overlay_source is not None else Overlay()
        if over.ghost_claims or over.ghost_reasons:
            # The model answer's missing parts are laid out with the map, so they
            # stand where the model answer has them; the map itself is not changed.
            m = ArgumentMap.model_construct(**{**dict(m), "claims": [*m.claims, *over.ghost_claims],
                                               "reasons": [*m.reasons, *over.ghost_reasons]})
            ix = MapIndex(m)
        if self.fold.active:
            # Collapsed branches and what lies outside the focus are left out of the
            # layout; the fold forgets claims an edit removed.
            fold = self.fold.pruned(m, ix)
            if fold != self.fold:
                self.fold = fold
                self.fold_changed.emit()
        self.part = visible_part(m, self.fold, ix) if self.fold.active else None
        if self.part is not None:
            m = self.part.map
        claims_by_id = ix.claims

        def size(cid: str) -> tuple[float, float]:
            # Asked only for claims the layout has not measured before (new or changed ones).
            c = claims_by_id[cid]
            return self._size(c.text, c.main_conclusion, c.hidden or is_ghost(cid))
        self._measure = None
        anchor = self._anchor()
        before = self.layout.claims.get(anchor) if anchor is not None else None
        # The previous layout lets the new one reuse every subtree the edit did
        # not touch (a box whose size changed counts as touched); another map starts afresh.
        before_layout = self.layout
        self.layout = lay = layout(m, size, previous=before_layout)
        self._ctx = (m, ix, worst, messages, over)
        self.lazy = len(lay.claims) > EAGER_LIMIT
        self._syncing = True
        try:
            if self.lazy:
                # The items that exist follow the edit; the part on screen gets what it lacks.
                wanted = None
                if self._region is not None and not self.far_out:
                    wanted = self._wanted_near(self._region, before_layout)
                self._make(wanted)
                self._covered = QRectF(self._region) if wanted is not None else QRectF()
            else:
                self._sync_claims(m.claims, lay, worst, messages, over)
                roles = self._sync_groups(m.reasons, ix, lay)
                self._sync_refs(ix, lay, lay.refs)
                self._sync_arrows(ix, lay, roles, lay.arrows)
        finally:
            self._syncing = False
        self._set_overview(m, ix, lay)
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

    # -- big maps: items only where a view looks -----------------------------------

    def _tile(self, x: float) -> _Layer:
        """The parent for an item made at `x` (an item that later moves keeps its
        parent: Qt still finds it by its own place, the strip just grows)."""
        key = int(x // TILE)
        tile = self._tiles.get(key)
        if tile is None:
            tile = self._tiles[key] = _Layer()
            if self.far_out:
                tile.setOpacity(0.0)
            self.addItem(tile)
        return tile

    def _set_overview(self, m: ArgumentMap, ix: MapIndex, lay: Layout) -> None:
        def tints() -> Tints:
            return Tints({r.id: ix.role(r) for r in m.reasons if r.id in lay.groups},
                         frozenset(c.id for c in m.claims if c.main_conclusion),
                         frozenset(c.id for c in m.claims if c.conclusion))
        self.overview.set_map(lay, tints)

    def show_region(self, rect: QRectF, scale: float) -> None:
        """A view shows `rect` at `scale`: make the items there (a big map), or,
        far out, show the overview in place of the items."""
        far = scale < OVERVIEW_SCALE and len(self.layout.claims) > OVERVIEW_MIN_CLAIMS
        if far != self.far_out:
            self.far_out = far
            for tile in self._tiles.values():
                tile.setOpacity(0.0 if far else 1.0)
            self.overview.setVisible(far)
        mx, my = rect.width() / 2, rect.height() / 2
        self._region = rect.adjusted(-mx, -my, mx, my)
        if not self.lazy or far or self._ctx is None or self._covered.contains(rect):
            return
        self._syncing = True
        try:
            if self._places is None or self._places.lay is not self.layout:
                # Filing every place costs more than one look through the layout: the
                # index is made once the reader pauses, for the pans that follow.
                self._make_missing(*self._wanted_near(self._region))
                self._file_places.start(400)
            else:
                self._make_missing(*self._places.within(self._region))
        finally:
            self._syncing = False
        self._covered = QRectF(self._region)
        self._let_go(self._region)

    def _make_places(self) -> None:
        """File the places of the current layout a chunk at a time, between the window's events."""
        if not self.lazy or self._places is not None and self._places.lay is self.layout:
            self._filing = None
            return
        if self._filing is None or self._filing[0].lay is not self.layout:
            places = _Places(self.layout)
            self._filing = (places, places.filing())
        places, steps = self._filing
        if next(steps, "done") == "done":
            self._places, self._filing = places, None
        else:
            self._file_places.start(0)  # more after the next events

    def _wanted_near(self, region: QRectF, before: Layout | None = None) -> tuple[list, list, list, list]:
        """What lies in `region`, by looking through the layout (after an edit,
        when an index of places would cost more to make than this).

        With `before`, the layout the items were made from, only what is new or
        moved is looked at: the rest kept its place (a layout reuses the very
        tuple of a box that did not move), so if it is in the region, it has its item."""
        lay = self.layout
        x0, y0, x1, y1 = region.left(), region.top(), region.right(), region.bottom()
        claims, groups, arrows, refs = lay.claims, lay.groups, lay.arrows, lay.refs
        if before is not None and before.claims and lay.placed is not None:
            # The layout says what it placed anew: look at that alone.
            placed_c, placed_g, redrawn = lay.placed
            drawn = set(placed_g)
            claims = {k: claims[k] for k in placed_c if k in claims}
            groups = {k: groups[k] for k in placed_g if k in groups}
            arrows = {k: arrows[k] for k in redrawn if k in arrows}
            refs = {k: v for k, v in refs.items() if k[1] in drawn} if refs and drawn else {}
        elif before is not None and before.claims:
            claims = _changed(claims, before.claims)
            groups = _changed(groups, before.groups)
            arrows = _changed(arrows, before.arrows)
            refs = _changed(refs, before.refs)
        return (
            [k for k, (x, y, w, h) in claims.items() if x <= x1 and x + w >= x0 and y <= y1 and y + h >= y0],
            [k for k, (x, y, w, h) in groups.items() if x <= x1 and x + w >= x0 and y - 16 <= y1 and y + h >= y0],
            [k for k, ((sx, sy), (ex, ey)) in arrows.items()
             if min(sx, ex) <= x1 and max(sx, ex) >= x0 and min(sy, ey) <= y1 and max(sy, ey) >= y0],
            [k for k, (x, y, w, h) in refs.items() if x <= x1 and x + w >= x0 and y <= y1 and y + h >= y0],
        )

    def _make(self, wanted: tuple[list, list, list, list] | None) -> None:
        """After a change: bring every item that exists up to date, drop those whose
        part of the map is gone, and make what `wanted` lacks."""
        m, ix, worst, messages, over = self._ctx
        lay = self.layout
        c, g, a, r = wanted if wanted is not None else ([], [], [], [])
        claim_ids = dict.fromkeys([*(k for k in self.claim_items if k in lay.claims), *c])
        group_ids = dict.fromkeys([*(k for k in self.group_items if k in lay.groups), *g])
        arrow_ids = dict.fromkeys([*(k for k in self.arrow_items if k in lay.arrows), *a])
        ref_ids = dict.fromkeys([*(k for k in self.ref_items if k in lay.refs), *r])
        self._sync_claims([ix.claims[k] for k in claim_ids], lay, worst, messages, over)
        roles = self._sync_groups([ix.reasons[k] for k in group_ids], ix, lay)
        self._sync_refs(ix, lay, ref_ids)
        self._sync_arrows(ix, lay, roles, arrow_ids)
        links = {f"{cid}>{rid}" for cid, rid in lay.shared}
        for key in [k for k in self.arrow_items if k not in lay.arrows and k not in links]:
            self._shown_arrows.pop(key, None)
            self.removeItem(self.arrow_items.pop(key))

    def _make_missing(self, c: list, g: list, a: list, r: list) -> None:
        """Make the items of these ids that do not exist yet (the map has not changed)."""
        m, ix, worst, messages, over = self._ctx
        lay = self.layout
        self._sync_claims([ix.claims[k] for k in c if k not in self.claim_items], lay, worst, messages, over)
        roles = self._sync_groups([ix.reasons[k] for k in g if k not in self.group_items], ix, lay)
        self._sync_refs(ix, lay, [k for k in r if k not in self.ref_items])
        self._sync_arrows(ix, lay, roles, [k for k in a if k not in self.arrow_items])

    def _ensure(self, ids: list[str]) -> None:
        """Make sure these claims and reasons have items (to select or edit them)."""
        if not self.lazy or self._ctx is None:
            return
        lay = self.layout
        c = [i for i in ids if i in lay.claims and i not in self.claim_items]
        g = [i for i in ids if i in lay.groups and i not in self.group_items]
        if c or g:
            was, self._syncing = self._syncing, True
            try:
                self._make_missing(c, g, [], [])
            finally:
                self._syncing = was

    def _let_go(self, region: QRectF) -> None:
        """Past KEEP_LIVE items, remove those far from `region` (memory stays bounded
        however far the reader wanders); selected ones and the one being typed in stay."""
        live = len(self.claim_items) + len(self.group_items) + len(self.arrow_items) + len(self.ref_items)
        if live <= KEEP_LIVE:
            return
        near = region.adjusted(-region.width(), -region.height(), region.width(), region.height())
        keep = set(self.selected_ids())
        if self.editor is not None:
            keep.add(self.editor.claim_id)
        lay = self.layout
        x0, y0, x1, y1 = near.left(), near.top(), near.right(), near.bottom()

        def far(box) -> bool:
            return box is None or box.x > x1 or box.x + box.w < x0 or box.y > y1 or box.y + box.h < y0

        for items, boxes, shown in ((self.claim_items, lay.claims, self._shown_claims),
                                    (self.group_items, lay.groups, self._shown_groups),
                                    (self.ref_items, lay.refs, None)):
            for key in [k for k in items if k not in keep and far(boxes.get(k))]:
                if shown is not None:
                    shown.pop(key, None)
                if items is self.claim_items:
                    self._at.pop(key, None)
                self.removeItem(items.pop(key))
        for key in [k for k in self.arrow_items if k in lay.arrows]:
            (sx, sy), (ex, ey) = lay.arrows[key]
            if max(sx, ex) < x0 or min(sx, ex) > x1 or max(sy, ey) < y0 or min(sy, ey) > y1:
                self._shown_arrows.pop(key, None)
                self.removeItem(self.arrow_items.pop(key))

    def render(self, painter, target=None, source=None, mode=Qt.AspectRatioMode.KeepAspectRatio) -> None:
        # A picture of a big map needs the items of the part it shows.
        target = QRectF() if target is None else target
        source = QRectF() if source is None else source
        if self.lazy and self._ctx is not None:
            part = source if not source.isNull() else self.sceneRect()
            self._syncing = True
            try:
                self._make_missing(*self._wanted_near(part))
            finally:
                self._syncing = False
        super().render(painter, target, source, mode)

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

    def _sync_claims(self, claims, lay: Layout, worst, messages, over: Overlay) -> None:
        items, shown, at = self.claim_items, self._shown_claims, self._at
        boxes = lay.claims
        marks, tips = over.marks, over.tips
        folded = self.part.hidden_below if self.part is not None else {}
        layer = self._tile
        for c in claims:
            cid = c.id
            box = boxes[cid]
            sev = worst.get(cid)
            # claims are replaced, never changed in place, by edits
            state = (c, sev, messages.get(cid), marks.get(cid), tips.get(cid), folded.get(cid, 0))
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
                    tooltip="\n".join(lines), ghost=ghost, mark=mark, mark_label=word, folded=folded.get(cid, 0),
                )
                if item is None:
                    item = items[cid] = ClaimItem(cid, look, (box.w, box.h))
                    if ghost:  # shown, never selected, moved or edited
                        item.setFlags(QGraphicsItem.GraphicsItemFlag(0))
                    item.setParentItem(layer(box.x))
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

    def _sync_groups(self, reasons, ix: MapIndex, lay: Layout) -> dict[str, str]:
        """Frames for the reasons; returns each drawn reason's role, for its arrow."""
        items, shown, groups = self.group_items, self._shown_groups, lay.groups
        roles: dict[str, str] = {}
        for r in reasons:
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
                item.setParentItem(self._tile(g.x))
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

    def _sync_refs(self, ix: MapIndex, lay: Layout, keys) -> None:
        items = self.ref_items
        for key in keys:
            box = lay.refs[key]
            text, size = ix.claims[key[0]].text, (box.w, box.h)
            item = items.get(key)
            if item is None:
                item = items[key] = RefItem(key[0], key[1], text, size)
                item.setParentItem(self._tile(box.x))
            else:
                item.set_text(text, size)
            if (item.x(), item.y()) != (box.x, box.y):
                item.setPos(box.x, box.y)
        if len(items) != len(lay.refs):
            for key in [k for k in items if k not in lay.refs]:
                self.removeItem(items.pop(key))

    def _sync_arrows(self, ix: MapIndex, lay: Layout, roles: dict[str, str], keys) -> None:
        items, shown = self.arrow_items, self._shown_arrows
        arrows = lay.arrows
        wanted: set[str] = set(keys)
        for rid in keys:
            start, end = arrows[rid]
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
        if not self.lazy and len(items) != len(wanted):
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
            item.setParentItem(self._tile(min(start[0], end[0])))
        else:
            item.set_ends(role, QPointF(*start), QPointF(*end))

    def content_rect(self) -> QRectF:
        """Where the map is drawn: its layout, with room for badges and labels."""
        return whole(self.layout)

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
        self.reveal(ids)  # a claim found, jumped to or just added under a collapsed one is shown
        self._ensure(ids)
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
        lay = self.layout
        for i in ids:
            item = self.claim_items.get(i) or self.group_items.get(i)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
            elif i in lay.claims:  # a big map's claim not drawn yet: where it will be
                x, y, w, h = lay.claims[i]
                rect = rect.united(QRectF(x - 3, y - 9, w + 12, h + 18))
            elif i in lay.groups:
                x, y, w, h = lay.groups[i]
                rect = rect.united(QRectF(x - 3, y - 16, w + 6, h + 19))
        return rect

    # -- in-place editing ------------------------------------------------------------

    def start_edit(self, claim_id: str, replace_with: str | None = None) -> bool:
        self._ensure([claim_id])
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
        folded = next((i for i in self.items(event.scenePos()) if isinstance(i, ClaimItem) and i.look.folded), None)
        if (folded is not None and event.button() == Qt.MouseButton.LeftButton
                and folded.fold_badge().contains(folded.mapFromScene(event.scenePos()))):
            self._drag = None
            self.set_fold(self.fold.expand(folded.node_id))
            event.accept()
            return
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
