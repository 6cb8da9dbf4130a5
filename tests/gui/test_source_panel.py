"""The Source panel: attach the article, see what is quoted, quote from it."""

import pytest

from argmap.io.source_text import read_source_text
from helpers import ARTICLE

needs_article = pytest.mark.skipif(not ARTICLE.exists(),
                                   reason="the team's shared folder with the op-ed text is not here (../shared)")


def attach(window, answers, path):
    answers.source_path = str(path)
    window.attach_source()


@needs_article
def test_attaching_the_article_highlights_every_quotation_and_shades_unmapped_sentences(window, answers):
    assert window.source.currentWidget() is window.source.empty
    assert "Drezner" in window.source.invite.text()
    attach(window, answers, ARTICLE)
    panel = window.source
    assert panel.currentWidget() is panel.page
    quoted = [c.id for c in window.doc.map.claims if c.quotation]
    assert set(panel.anchors) == set(quoted) and panel.lost == []
    assert 0 < panel.cover.share < 1
    assert "sentences" in panel.summary.text()
    # highlights: one per quotation, plus a shade per unmapped sentence
    n_unmapped = len(panel.cover.uncovered())
    assert len(panel.text.extraSelections()) == len(quoted) + n_unmapped
    panel.shade.setChecked(False)
    assert len(panel.text.extraSelections()) == len(quoted)
    # no quotation is reported missing now that the text is attached
    assert not [f for f in window.doc.findings if f.code == "quotation-not-in-source"]


@needs_article
def test_the_attached_text_is_remembered_for_this_map(window, answers, settings):
    attach(window, answers, ARTICLE)
    from argmap.gui.app import open_window

    again = open_window(None, settings)
    assert again.doc.source_text == read_source_text(ARTICLE)
    assert again.source.currentWidget() is again.source.page
    again.close()


@needs_article
def test_selecting_a_claim_scrolls_to_its_passage_and_clicking_a_passage_selects_the_claim(window, answers, qtbot):
    attach(window, answers, ARTICLE)
    panel = window.source
    cid = next(c.id for c in window.doc.map.claims if c.quotation)
    window.scene.select_ids([cid])
    a = panel.anchors[cid]
    assert panel.text.textCursor().position() == a.start
    assert panel.claim_at(a.start + 1) == cid
    with qtbot.waitSignal(panel.claim_clicked) as blocker:
        panel.claim_clicked.emit(panel.claim_at(a.start + 1))
    assert blocker.args == [cid]


def test_new_claim_from_selection_and_link_selection(window, answers, tmp_path, qtbot):
    text = "First sentence here. The second sentence says something worth quoting. A third.\n"
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    attach(window, answers, path)
    panel = window.source
    start = text.index("The second")
    end = text.index(" A third")
    panel.select_passage(start, end)
    window.scene.select_ids(["c1"])
    n = len(window.doc.map.claims)
    window.act_from_selection.trigger()
    assert len(window.doc.map.claims) == n + 1
    new = window.doc.map.claims[-1]
    assert new.quotation.text == text[start:end] and new.quotation.start == start
    assert any(r.target == "c1" and new.id in r.premises for r in window.doc.map.reasons)
    qtbot.waitUntil(lambda: new.id in panel.anchors)
    # link another passage to an existing claim
    panel.select_passage(0, text.index(" The second"))
    window.scene.select_ids(["c2"])
    window.act_link.trigger()
    assert window.doc.map.claim("c2").quotation.text == "First sentence here."
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    assert len(window.doc.map.claims) == n


def test_a_quotation_the_text_no_longer_has_is_listed_not_dropped(window, answers, tmp_path, qtbot):
    path = tmp_path / "other.txt"
    path.write_text("A different article altogether. Nothing of the op-ed is here.\n", encoding="utf-8")
    attach(window, answers, path)
    panel = window.source
    quoted = [c.id for c in window.doc.map.claims if c.quotation]
    assert set(panel.lost) == set(quoted)
    assert "could not be found" in panel.summary.text()
    assert all(window.doc.map.claim(c).quotation is not None for c in quoted)  # nothing dropped
    assert any(f.code == "quotation-not-in-source" for f in window.doc.findings)
    assert answers.informed  # told the text differs from the one the map was made from


def test_embedding_the_text_puts_it_in_the_map_undoably(window, answers, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Some text.\n", encoding="utf-8")
    attach(window, answers, path)
    window.act_embed.trigger()
    assert window.doc.map.source.text == "Some text.\n"
    window.doc.undo_stack.undo()
    assert window.doc.map.source.text is None


def test_a_file_that_cannot_be_read_is_refused_with_its_name(window, answers, tmp_path):
    attach(window, answers, tmp_path / "missing.txt")
    assert any("missing.txt" in msg for _, msg in answers.warnings)
    assert window.doc.source_text is None


def test_an_embedded_text_with_windows_line_ends_lines_up(window, qtbot):
    from argmap.model import Quotation, Source

    text = "First line.\r\nSecond line says cats are great.\r\n"
    m = window.doc.map.model_copy(update={"source": Source(title="T", text=text)})
    m.claims[1] = m.claims[1].model_copy(update={"quotation": Quotation(text="cats are great", start=30, length=14)})
    window.doc.replace(m, None)
    panel = window.source
    assert window.doc.source_text == "First line.\nSecond line says cats are great.\n"
    a = panel.anchors[m.claims[1].id]
    panel.select_passage(a.start, a.end)
    assert panel.text.textCursor().selectedText() == "cats are great"
    assert panel.selected_passage() == ("cats are great", a.start)


def test_a_map_without_a_source_remembers_its_text_once_saved(window, answers, tmp_path, settings):
    from argmap.model import ArgumentMap

    window.doc.replace(ArgumentMap(title="Mine"), None)
    path = tmp_path / "article.txt"
    path.write_text("An article of my own.\n", encoding="utf-8")
    attach(window, answers, path)
    answers.save_path = str(tmp_path / "mine.json")
    window.save_as()
    from argmap.gui.app import open_window

    again = open_window(str(tmp_path / "mine.json"), settings)
    assert again.doc.source_text == "An article of my own.\n"
    again.close()
