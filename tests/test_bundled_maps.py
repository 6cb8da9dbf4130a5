"""Every bundled map loads and validates; the op-ed map is true to the article."""

import pytest

from argmap.io.presets import DEFAULT_PRESET, preset, presets
from argmap.io.source_text import fingerprint, read_source_text
from argmap.validate import Severity, validate
from helpers import ARTICLE

EXPECTED = {"drezner-north-korean-troops", "tutorial", "exercise-find-the-faults"}


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip("the op-ed's text (../shared/source/) is not beside this checkout")
    return read_source_text(ARTICLE)


def test_the_bundled_maps_are_all_there_with_the_op_ed_first():
    found = [p.name for p in presets()]
    assert set(found) == EXPECTED and found[0] == DEFAULT_PRESET


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bundled_map_is_a_template_with_a_title(name):
    m = preset(name).load()
    assert m.template and m.title and m.description


@pytest.mark.parametrize("name", ["drezner-north-korean-troops", "tutorial"])
def test_presets_have_no_errors_or_warnings(name):
    findings = validate(preset(name).load())
    assert [f for f in findings if f.severity is not Severity.HINT] == []


def test_tutorial_shows_every_construct():
    from argmap.graph import MapIndex

    m = preset("tutorial").load()
    ix = MapIndex(m)
    roles = {ix.role(r) for r in m.reasons}
    assert roles == {"support", "objection", "rebuttal", "undercutter"}
    assert any(len(r.premises) > 1 for r in m.reasons)  # linked
    assert any(len(ix.supports(c.id)) > 1 for c in m.claims)  # convergent
    assert any(c.hidden for c in m.claims)
    assert any(c.conclusion for c in m.claims)
    assert validate(m) == []


def test_exercise_produces_exactly_its_intended_findings():
    found = [(f.code, f.claim_ids, f.reason_ids) for f in validate(preset("exercise-find-the-faults").load())]
    assert found == [
        ("conclusion-without-reasons", ("c4",), ()),
        ("circular-reasoning", ("c5", "c6"), ("r4", "r5")),
        ("not-connected", ("c8",), ()),
        ("single-premise", ("c4", "c1"), ("r2",)),
        ("single-premise", ("c5", "c1"), ("r3",)),
        ("single-premise", ("c6", "c5"), ("r4",)),
        ("single-premise", ("c5", "c6"), ("r5",)),
        ("unanswered-objection", ("c7",), ("r6",)),
    ]


def test_op_ed_map_structure():
    m = preset(DEFAULT_PRESET).load()
    mains = [c for c in m.claims if c.main_conclusion]
    assert len(mains) == 1
    assert sum(c.hidden for c in m.claims) >= 3
    assert any(r.kind == "objection" for r in m.reasons)
    assert m.source is not None and m.source.author == "Daniel W. Drezner"
    assert m.source.text is None  # the article itself is not shipped


def test_op_ed_quotations_occur_verbatim_in_the_article(article):
    m = preset(DEFAULT_PRESET).load()
    quoted = [c for c in m.claims if c.quotation]
    assert len(quoted) >= len(m.claims) * 0.6
    for c in quoted:
        q = c.quotation
        assert q.text in article, f"claim {c.id}: quotation not in the article"
        assert article[q.start : q.start + q.length] == q.text, f"claim {c.id}: offsets are stale"
        assert len(q.text.split()) <= 25, f"claim {c.id}: a quotation should be short"
        assert not c.hidden, f"claim {c.id}: a hidden premise cannot be quoted"
    assert validate(m, source_text=article) == validate(m)  # no quotation findings


def test_op_ed_fingerprint_matches_the_article(article):
    assert preset(DEFAULT_PRESET).load().source.fingerprint == fingerprint(article)


def test_op_ed_claims_are_in_our_own_words(article):
    # A claim may quote, but its text is a paraphrase, not a copied sentence.
    for c in preset(DEFAULT_PRESET).load().claims:
        assert c.text not in article, f"claim {c.id} copies the article word for word"
