"""Big maps on the canvas: items made only where a view looks, the overview far
out, the minimap, and collapse, expand and focus (view state, never an edit)."""

import sys

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QImage, QPainter

from argmap import edits
from argmap.folding import Fold, visible_part
from argmap.gui import scene as scene_module
from argmap.gui.document import MapDocument
from argmap.gui.overview import OVERVIEW_SCALE
from argmap.gui.scene import MapScene
from helpers import ROOT, editable

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_core import synthetic_map  # noqa: E402

OPED = "drezner-north-korean-troops"


def boxes(scene):
    return dict(scene.layout.claims)


# -- items only where a view looks ----------------------------------------------------------


@pytest.fixture
def lazy(monkeypatch):
    """Every map counts as big: items are made only where a view looks."""
    monkeypatch.setattr(scene_module, "EAGER_LIMIT", 0)


def test_a_big_map_has_items_only_near_the_part_shown(qtbot, lazy):
    doc = MapDocument(synthetic_map(3000, seed=3))
    scene = MapScene(doc)
    assert scene.lazy and not scene.claim_items  # no view has looked yet
    scene.show_region(QRectF(0, 0, 1400, 900), 1.0)
    near = {k for k, b in scene.layout.claims.items() if b.x < 1400 + 700 and b.y < 900 + 450}
    assert near and set(scene.claim_items) == near
    for cid, item in scene.claim_items.items():  # each where the layout puts it
        box = scene.layout.claims[cid]
        assert (item.pos().x(), item.pos().y()) == (box.x, box.y)


def test_selecting_or_editing_a_far_claim_makes_its_item(qtbot, lazy):
    doc = MapDocument(synthetic_map(3000, seed=3))
    scene = MapScene(doc)
    scene.show_region(QRectF(0, 0, 1400, 900), 1.0)
    far = max(scene.layout.claims, key=lambda k: scene.layout.claims[k].x)
    assert far not in scene.claim_items
    rect = scene.rect_of([far])
    box = scene.layout.claims[far]
    assert rect.contains(QRectF(box.x, box.y, box.w, box.h))
    scene.select_ids([far])
    assert scene.selected_claims() == [far]
    assert scene.start_edit(far)
    scene.discard_editor()


def test_items_follow_edits_and_undo_on_a_big_map(qtbot, lazy):
    doc = MapDocument(synthetic_map(3000, seed=3))
    scene = MapScene(doc)
    scene.show_region(QRectF(-2000, -200, 8000, 3000), 1.0)
    shown = next(iter(scene.claim_items))
    doc.push(edits.add_support(doc.map, shown, "A new reason near the top."))
    new = doc.map.claims[-1].id
    assert new in scene.claim_items  # made at once, not at the next frame
    for cid, item in scene.claim_items.items():
        box = scene.layout.claims[cid]
        assert (item.pos().x(), item.pos().y()) == (box.x, box.y)
        assert item.look.text == doc.index.claims[cid].text
    doc.undo_stack.undo()
    assert new not in scene.claim_items
    assert set(scene.claim_items) <= set(scene.layout.claims)


def test_no_box_in_view_lacks_its_item_after_random_edits(qtbot, lazy):
    import random

    doc = MapDocument(synthetic_map(2000, seed=4))
    scene = MapScene(doc)
    region = QRectF(0, -100, 6000, 2500)
    scene.show_region(region, 1.0)
    rng = random.Random(11)
    for step in range(25):
        ids = [c.id for c in doc.map.claims]
        near = [k for k, b in scene.layout.claims.items() if b.x < 6000] or ids
        choice = rng.random()
        if choice < 0.5:
            doc.push(edits.add_support(doc.map, rng.choice(near), f"Reason {step}."))
        elif choice < 0.7:
            doc.push(edits.add_objection(doc.map, rng.choice(near), f"Objection {step}."))
        elif choice < 0.85 and doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        else:
            doc.push(edits.set_text(doc.map, rng.choice(near), "A longer text " * rng.randint(1, 12)))
        lay = scene.layout
        inside = {k for k, b in lay.claims.items()
                  if b.x <= region.right() and b.x + b.w >= region.left() and b.y <= region.bottom()}
        assert inside <= set(scene.claim_items), step
        groups = {k for k, b in lay.groups.items() if b.x <= region.right() and b.x + b.w >= region.left()}
        assert groups <= set(scene.group_items), step
        for cid in inside:
            item, box = scene.claim_items[cid], lay.claims[cid]
            assert (item.pos().x(), item.pos().y()) == (box.x, box.y)
            assert item.look.text == doc.index.claims[cid].text


def test_far_away_items_are_let_go(qtbot, lazy, monkeypatch):
    monkeypatch.setattr(scene_module, "KEEP_LIVE", 200)
    doc = MapDocument(synthetic_map(3000, seed=3))
    scene = MapScene(doc)
    lay = scene.layout
    for x in range(0, int(min(lay.width, 60_000)), 1400):
        scene.show_region(QRectF(x, 0, 1400, 900), 1.0)
    live = len(scene.claim_items) + len(scene.group_items) + len(scene.arrow_items) + len(scene.ref_items)
    assert live < 1000  # not everything ever shown
    assert x > 20_000 and not any(lay.claims[k].x < 5000 for k in scene.claim_items)  # the start was let go


def test_a_picture_of_a_big_map_has_every_box(qtbot, lazy):
    doc = MapDocument(synthetic_map(400, seed=3))
    scene = MapScene(doc)
    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 200, 200), scene.content_rect())
    painter.end()
    assert set(scene.claim_items) == set(scene.layout.claims)


# -- the overview far out, and the minimap ------------------------------------------------


def test_far_out_the_overview_replaces_the_items_and_keeps_the_selection(qtbot, window):
    doc = window.doc
    doc.replace(synthetic_map(2500, seed=5), None)
    scene, view = window.scene, window.view
    view.viewport().repaint()
    first = next(iter(scene.claim_items))
    scene.select_ids([first])
    view.zoom_to_fit()
    view.viewport().repaint()
    assert view.scale_factor() < OVERVIEW_SCALE
    assert scene.far_out and scene.overview.isVisible()
    assert scene.selected_claims() == [first]
    image, scale = scene.overview.full_picture()
    assert not image.isNull() and scale > 0
    view.resetTransform()
    view.centre_on(scene.rect_of([first]))
    view.viewport().repaint()
    assert not scene.far_out and not scene.overview.isVisible()
    assert scene.selected_claims() == [first]


def test_the_minimap_shows_when_the_map_does_not_fit_and_moves_the_view(qtbot, window):
    window.resize(1000, 700)
    window.doc.replace(synthetic_map(600, seed=5), None)
    view, minimap = window.view, window.view.minimap
    view.resetTransform()
    view.viewport().repaint()
    assert minimap.isVisible()
    before = view.mapToScene(view.viewport().rect().center())
    qtbot.mouseClick(minimap, scene_module.Qt.MouseButton.LeftButton, pos=QPoint(minimap.width() - 6, minimap.height() // 2))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() > before.x() + 100  # the view went to the map's far right
    window.act_minimap.trigger()  # off
    view.viewport().repaint()
    assert not minimap.isVisible()
    view.zoom_to_fit()
    window.act_minimap.trigger()  # on, but the whole map is on screen
    view.viewport().repaint()
    assert not minimap.isVisible()


# -- collapse, expand, focus ------------------------------------------------------------------


def _op_ed_scene():
    doc = MapDocument(editable(OPED))
    return doc, MapScene(doc)


def test_collapse_then_expand_gives_back_the_same_canvas(qtbot):
    doc, scene = _op_ed_scene()
    before = boxes(scene)
    top = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    scene.toggle_collapsed([top])
    part = visible_part(doc.map, Fold(frozenset([top])), doc.index)
    assert set(scene.claim_items) == {c.id for c in part.map.claims}
    assert scene.claim_items[top].look.folded == part.hidden_below[top] > 0
    assert doc.undo_stack.count() == 0 and not doc.is_modified  # a view, not an edit
    scene.toggle_collapsed([top])
    assert boxes(scene) == before
    assert set(scene.claim_items) == {c.id for c in doc.map.claims}
    assert all(item.look.folded == 0 for item in scene.claim_items.values())


def test_focus_then_whole_map_gives_back_the_same_canvas(qtbot):
    doc, scene = _op_ed_scene()
    before = boxes(scene)
    branch = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    below, _ = edits.branch_below(doc.map, branch)
    scene.set_fold(scene.fold.with_focus(branch))
    assert set(scene.claim_items) == below | {branch}
    assert scene.layout.claims[branch].y == 0  # the focus claim stands on top
    scene.set_fold(scene.fold.with_focus(None))
    assert boxes(scene) == before


def test_selecting_a_hidden_claim_shows_it(qtbot):
    doc, scene = _op_ed_scene()
    top = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    scene.toggle_collapsed([top])
    hidden = next(c.id for c in doc.map.claims if scene.part.hides(c.id))
    assert hidden not in scene.claim_items
    scene.select_ids([hidden])
    assert scene.selected_claims() == [hidden]
    assert not scene.fold.is_collapsed(top)


def test_edits_under_a_collapsed_claim_show_what_they_add(qtbot):
    doc, scene = _op_ed_scene()
    top = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    scene.toggle_collapsed([top])
    doc.push(edits.add_support(doc.map, top, "One more reason."))
    new = doc.map.claims[-1].id
    assert new in scene.claim_items and scene.selected_claims() == [new]
    doc.undo_stack.undo()
    assert new not in scene.claim_items


def test_deleting_the_focus_claim_shows_the_whole_map(qtbot):
    doc, scene = _op_ed_scene()
    branch = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    scene.set_fold(scene.fold.with_focus(branch))
    doc.push(edits.delete(doc.map, [branch]))
    assert scene.fold.focus is None
    assert set(scene.claim_items) == {c.id for c in doc.map.claims}


def test_window_actions_and_the_fold_tab(qtbot, window):
    scene, view = window.scene, window.view
    doc = window.doc
    top = next(c.id for c in doc.map.claims if doc.index.reasons_on.get(c.id) and not c.main_conclusion)
    scene.select_ids([top])
    assert window.act_collapse.isEnabled() and not window.act_expand_all.isEnabled()
    window.act_collapse.trigger()
    assert scene.fold.is_collapsed(top) and window.act_expand_all.isEnabled()
    assert "folded away" in window.fold_note.text()
    # A click on the "+N" tab under the box expands it again.
    item = scene.claim_items[top]
    view.centre_on(scene.rect_of([top]))
    view.viewport().repaint()
    tab = item.mapToScene(item.fold_badge().center())
    qtbot.mouseClick(view.viewport(), scene_module.Qt.MouseButton.LeftButton, pos=view.mapFromScene(tab))
    assert not scene.fold.is_collapsed(top)
    # Focus, with the bar that leads back.
    scene.select_ids([top])
    window.act_focus.trigger()
    assert scene.fold.focus == top and window.focus_bar.isVisible()
    assert window.act_unfocus.isEnabled() and not window.act_focus.isEnabled()
    window.focus_bar.button.click()
    assert scene.fold.focus is None and not window.focus_bar.isVisible()
    assert not doc.is_modified


# -- a big map is read, checked and laid out off the window's thread ------------------------


def test_opening_a_big_map_adopts_the_layout_made_on_the_worker_thread(qtbot, window, tmp_path, monkeypatch):
    from argmap.gui import preparing
    from argmap.io import save_map
    from argmap.layout import layout
    from argmap.validate import validate

    made = []
    real = preparing.layout
    monkeypatch.setattr(preparing, "layout", lambda *a, **k: made.append(real(*a, **k)) or made[-1])
    m = synthetic_map(3200, seed=9)
    path = tmp_path / "big.json"
    save_map(m, path)
    assert window.open_path(path, ask=False)
    scene, doc = window.scene, window.doc
    assert len(made) == 1  # laid out once, on the worker thread
    sizes = {c.id: scene._size(c.text, c.main_conclusion, c.hidden) for c in doc.map.claims}
    fresh = layout(doc.map, sizes.__getitem__)
    assert scene.layout.claims == fresh.claims and scene.layout.groups == fresh.groups
    assert doc.findings == validate(doc.map)
    doc.push(edits.add_support(doc.map, doc.map.claims[5].id, "One more."))  # and edits carry on from there
    assert doc.findings == validate(doc.map)
