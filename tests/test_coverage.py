import pytest

from argmap.anchors import anchor_claims
from argmap.coverage import Coverage, Sentence, coverage, sentences
from argmap.io.presets import preset
from argmap.io.source_text import read_source_text
from helpers import ARTICLE


def article() -> str:
    if not ARTICLE.exists():
        pytest.skip("the team's shared folder with the op-ed text is not here (../shared)")
    return read_source_text(ARTICLE)


def split(text: str) -> list[str]:
    return [s.excerpt(text) for s in sentences(text)]


def test_sentences_end_at_marks_before_a_space_and_at_line_ends():
    text = "  First one. Second one!  Third?! Fourth…\nA heading\n\nLast, with no mark"
    assert split(text) == ["First one.", "Second one!", "Third?!", "Fourth…", "A heading", "Last, with no mark"]
    s = sentences(text)[0]
    assert (s.start, s.end, s.length) == (2, 12, 10)


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    text = "He said “no.” Then he left (quickly.) She stayed.'' Done"
    assert split(text) == ["He said “no.”", "Then he left (quickly.)", "She stayed.''", "Done"]


def test_abbreviations_initials_and_numbers_do_not_end_a_sentence():
    text = (
        "Mr. Austin met Dr. Kim and Mrs. Smith, Ms. Lee, St. John, Sam Jr. and Tom Sr. in the U.S. today. "
        "Defense Secretary Lloyd J. Austin III spoke. Growth was 3.5 percent, e.g. in Ohio, i.e. here, etc. and more. "
        "Ali vs. Frazier. U.S. officials agreed."
    )
    assert split(text) == [
        "Mr. Austin met Dr. Kim and Mrs. Smith, Ms. Lee, St. John, Sam Jr. and Tom Sr. in the U.S. today.",
        "Defense Secretary Lloyd J. Austin III spoke.",
        "Growth was 3.5 percent, e.g. in Ohio, i.e. here, etc. and more.",
        "Ali vs. Frazier.",
        "U.S. officials agreed.",
    ]


def test_a_small_letter_after_the_mark_continues_the_sentence_but_i_ends_one():
    assert split("“Why?” he asked. It rained.") == ["“Why?” he asked.", "It rained."]
    assert split("So did I. Then we left.") == ["So did I.", "Then we left."]


def test_pieces_without_words_are_not_sentences():
    assert split("* * *\n\n---\nText.  \n") == ["Text."]
    assert sentences("") == [] and sentences(" \n\n ") == []


def test_a_sentence_is_covered_by_twenty_quoted_characters_or_half_of_it():
    long = "This sentence is long enough that twenty characters are well under half of it."
    text = f"{long} Short one. Untouched sentence here."
    at = text.index("Short one.")
    c = coverage(text, [(0, 19), (at, at + 5)])  # 19 characters; 5 of 10
    assert c.covered == [False, True, False]
    assert coverage(text, [(0, 20)]).covered == [True, False, False]
    assert coverage(text, [(at, at + 4)]).covered == [False, False, False]


def test_quoted_spans_add_up_within_a_sentence_and_overlaps_count_once():
    text = "This sentence is long enough that twenty characters are well under half of it."
    assert coverage(text, [(0, 10), (30, 40)]).covered == [True]
    assert coverage(text, [(0, 15), (5, 19)]).covered == [False]
    assert coverage(text, [(5, 5), (9, 3)]).covered == [False]


def test_a_quotation_that_runs_on_into_the_next_sentence_does_not_cover_it():
    text = "The first sentence ends here. The second sentence is quite a bit longer than that."
    c = coverage(text, [(0, text.index("second") + 6)])
    assert c.covered == [True, False]
    assert c.share == 0.5
    assert c.uncovered() == [sentences(text)[1]]


def test_share_of_a_text_without_sentences_is_zero():
    assert coverage("", [(0, 5)]) == Coverage([], [])
    assert coverage("", []).share == 0.0
    assert coverage("One. Two.", []).share == 0.0
    assert coverage("One. Two.", [(0, 9)]).share == 1.0


def test_the_op_ed_sentences_keep_names_and_abbreviations_whole():
    text = article()
    found = split(text)
    assert any("Defense Secretary Lloyd J. Austin III called" in s for s in found)
    assert any(s.startswith("U.S. officials estimate") for s in found)
    assert any("The U.S. presidential election" in s for s in found)
    assert all(isinstance(s, Sentence) and text[s.start : s.end].strip() == text[s.start : s.end] for s in sentences(text))


def test_the_op_ed_map_covers_part_of_the_article_and_only_what_it_quotes():
    text = article()
    found, lost = anchor_claims(preset("drezner-north-korean-troops").load(), text)
    assert lost == []
    spans = [(a.start, a.end) for a in found.values()]
    c = coverage(text, spans)
    assert 0 < c.share < 1
    assert len(c.uncovered()) == c.covered.count(False) > 0
    for s, covered in zip(c.sentences, c.covered, strict=True):
        quoted = {i for b, e in spans for i in range(max(b, s.start), min(e, s.end))}
        assert covered == (len(quoted) >= min(20, s.length / 2) and len(quoted) > 0)
