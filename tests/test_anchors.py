import pytest

from argmap.anchors import Anchor, anchor_claims, find_quotation
from argmap.io.presets import preset
from argmap.io.source_text import read_source_text
from argmap.model import Quotation
from helpers import ARTICLE, build, claim

QUOTE = "Tens of thousands of malnourished DPRK troops does not buy Putin that much time."
TEXT = f"There is a logic to this kind of cooperation. {QUOTE} More importantly, it helps South Korea.\n"
AT = TEXT.index(QUOTE)


def article() -> str:
    if not ARTICLE.exists():
        pytest.skip("the team's shared folder with the op-ed text is not here (../shared)")
    return read_source_text(ARTICLE)


def quoting(ident: str, text: str, start: int | None = None):
    return claim(ident, quotation=Quotation(text=text, start=start, length=len(text) if start is not None else None))


def test_a_quotation_still_in_its_place_is_exact():
    assert find_quotation(TEXT, QUOTE, AT) == Anchor(AT, len(QUOTE), "exact")
    assert Anchor(AT, len(QUOTE), "exact").end == AT + len(QUOTE)


def test_a_paragraph_added_before_the_quotation_moves_it():
    added = "A new first paragraph, added after the map was made.\n"
    a = find_quotation(added + TEXT, QUOTE, AT)
    assert a == Anchor(AT + len(added), len(QUOTE), "moved")


def test_of_several_places_the_one_nearest_the_old_start_is_chosen():
    text = "the war. " * 5
    assert find_quotation(text, "the war", 20) == Anchor(18, 7, "moved")
    assert find_quotation(text, "the war", 22) == Anchor(18, 7, "moved")
    assert find_quotation(text, "the war", 24) == Anchor(27, 7, "moved")
    assert find_quotation(text, "the war") == Anchor(0, 7, "moved")  # no old place: the first
    assert find_quotation("x the war", "the war") == Anchor(2, 7, "moved")


def test_line_breaks_and_runs_of_spaces_do_not_matter():
    text = TEXT.replace("malnourished DPRK", "malnourished\n  DPRK")
    a = find_quotation(text, QUOTE, AT)
    assert a.how == "normalised"
    assert text[a.start : a.end] == QUOTE.replace("malnourished DPRK", "malnourished\n  DPRK")


def test_curly_and_straight_quotes_dashes_ellipsis_and_case_do_not_matter():
    text = "Intro. He said: “It’s over — for now…” And left.\n"
    a = find_quotation(text, "HE SAID: \"it's over - for now...\"")
    assert a.how == "normalised"
    assert text[a.start : a.end] == "He said: “It’s over — for now…”"
    # and the other way round: the map has the curly forms, the text the plain ones
    plain = "Intro. He said: \"It's over - for now...\" And left.\n"
    b = find_quotation(plain, "said: “It’s over — for now…”")
    assert plain[b.start : b.end] == "said: \"It's over - for now...\""


def test_spans_index_the_original_text_even_where_a_letter_folds_to_two():
    text = "Die Straße ist lang. DIE STRASSE IST KURZ."
    a = find_quotation(text, "strasse ist kurz")
    assert text[a.start : a.end] == "STRASSE IST KURZ"
    b = find_quotation(text, "STRASSE IST LANG")
    assert text[b.start : b.end] == "Straße ist lang"


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        (("could", "might"), "the war might have taken a more dire turn for Moscow"),
        (("a more dire", "a more dire and costly"), "the war could have taken a more dire and costly turn for Moscow"),
        (("a more dire", "a dire"), "the war could have taken a dire turn for Moscow"),
        (("the war", "this war"), "this war could have taken a more dire turn for Moscow"),
        (("Moscow", "Russia"), "the war could have taken a more dire turn for Russia"),
    ],
)
def test_a_changed_added_or_removed_word_is_found_fuzzily(edit, found):
    quote = "the war could have taken a more dire turn for Moscow"
    text = f"It reminds the Russians that without shells {quote}. More importantly, it sems so.\n"
    edited = text.replace(*edit)
    a = find_quotation(edited, quote, text.index(quote))
    assert a.how == "fuzzy"
    assert edited[a.start : a.end] == found


def test_fuzzy_matching_also_sets_aside_case_and_whitespace():
    quote = "the war could have taken a more dire turn for Moscow"
    text = "Intro.\n\nThe War could have\ntaken a  more dire turn for Russia. After."
    a = find_quotation(text, quote)
    assert (a.how, text[a.start : a.end]) == ("fuzzy", "The War could have\ntaken a  more dire turn for Russia")


def test_short_quotations_are_never_matched_fuzzily():
    assert find_quotation("the sky is green today", "the sky is blue") is None


def test_a_quotation_removed_from_the_text_is_not_found():
    text = TEXT.replace(QUOTE, "")
    assert find_quotation(text, QUOTE, AT) is None
    assert find_quotation("Something else entirely, about school start times.", QUOTE) is None


def test_empty_quotations_and_empty_texts_are_never_found():
    assert find_quotation(TEXT, "") is None
    assert find_quotation(TEXT, " \n ") is None
    assert find_quotation("", QUOTE) is None


def test_anchor_claims_reports_lost_quotations_by_claim_id_in_map_order():
    m = build(
        "c1*",
        quoting("c2", "the map was made", 5),
        quoting("c3", QUOTE, AT),
        "c4",
        quoting("c5", "this text was cut from the article long ago"),
        quoting("c6", "more importantly, it helps"),
    )
    found, lost = anchor_claims(m, TEXT)
    assert lost == ["c2", "c5"]
    assert found == {
        "c3": Anchor(AT, len(QUOTE), "exact"),
        "c6": Anchor(TEXT.index("More importantly, it helps"), 26, "normalised"),
    }


def test_searching_twice_gives_the_same_answer():
    text = TEXT.replace("does not", "does really not")
    assert find_quotation(text, QUOTE, AT) == find_quotation(text, QUOTE, AT)


def test_every_quotation_of_the_op_ed_map_is_exact_in_the_article():
    text = article()
    m = preset("drezner-north-korean-troops").load()
    found, lost = anchor_claims(m, text)
    quoting = [c for c in m.claims if c.quotation is not None]
    assert lost == [] and len(found) == len(quoting) > 0
    for c in quoting:
        a = found[c.id]
        assert a.how == "exact" and text[a.start : a.end] == c.quotation.text


def test_the_op_ed_map_survives_an_added_paragraph_and_a_retyped_article():
    text = article()
    m = preset("drezner-north-korean-troops").load()
    added = "Editor's note: this column was updated.\n"
    found, lost = anchor_claims(m, added + text)
    assert lost == [] and {a.how for a in found.values()} == {"moved"}
    straight = str.maketrans("’“”", "'\"\"")
    retyped = "  ".join(text.split()).translate(straight)
    found, lost = anchor_claims(m, retyped)
    assert lost == [] and {a.how for a in found.values()} == {"normalised"}
    for c in m.claims:
        if c.id in found:
            a = found[c.id]
            assert retyped[a.start : a.end] == "  ".join(c.quotation.text.split()).translate(straight)


def test_an_edited_article_keeps_the_changed_quotation_and_reports_the_cut_one():
    text = article()
    m = preset("drezner-north-korean-troops").load()
    kim = m.claim("c34").quotation.text
    cut = m.claim("c35").quotation.text
    assert "very much wants" in kim and cut in text
    edited = text.replace("very much wants", "really wants").replace(cut, "something else")
    found, lost = anchor_claims(m, edited)
    assert lost == ["c35"]
    a = found["c34"]
    assert a.how == "fuzzy" and edited[a.start : a.end] == kim.replace("very much wants", "really wants")
    assert all(a.how in ("exact", "moved") for ident, a in found.items() if ident != "c34")


def test_a_quotation_of_invisible_characters_is_not_found_and_does_not_crash():
    from argmap.validate import validate
    from helpers import build

    assert find_quotation("A text without them.", "\u00ad") is None
    assert find_quotation("A text without them.", "\u200b\u200b") is None
    m = build(claim("c1*", quotation=Quotation(text="\u00ad")))
    assert [f.code for f in validate(m, source_text="A text.") if f.code == "quotation-not-in-source"]
