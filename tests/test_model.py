import json

import pytest
from pydantic import ValidationError

from argmap.io import dump_map
from argmap.model import FORMAT_NAME, FORMAT_VERSION, ArgumentMap, Claim, Quotation, Reason
from helpers import build


def test_new_map_carries_format_and_version():
    m = ArgumentMap(title="x")
    assert (m.format, m.format_version) == (FORMAT_NAME, FORMAT_VERSION)


def test_format_fields_are_written_first_even_when_default():
    for m in (ArgumentMap(), build("c1*")):
        lines = dump_map(m).splitlines()
        assert lines[:3] == ["{", '  "format": "argmap",', f'  "format_version": {FORMAT_VERSION}' + ("," if m.claims else "")]
        assert ArgumentMap.model_validate_json(dump_map(m)) == m


def test_defaults_are_left_out_of_the_file():
    data = json.loads(dump_map(build("c1*")))
    assert data["claims"] == [{"id": "c1", "text": "Claim c1.", "main_conclusion": True}]
    assert list(data) == ["format", "format_version", "title", "claims"]


def test_unknown_fields_are_refused_not_dropped():
    with pytest.raises(ValidationError) as info:
        Claim.model_validate({"id": "c1", "text": "x", "colour": "red"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("ident", ["c1", "277", "12_345678", "3f2a-9b.x:y"])
def test_ids_accept_what_other_tools_use(ident):
    assert Claim(id=ident, text="t").id == ident


@pytest.mark.parametrize("ident", ["", "has space", "a/b", "x" * 101, "c1\n"])
def test_ids_refuse_what_cannot_travel(ident):
    with pytest.raises(ValidationError):
        Claim(id=ident, text="t")


def test_claim_text_is_required_and_bounded():
    with pytest.raises(ValidationError):
        Claim.model_validate({"id": "c1"})
    with pytest.raises(ValidationError):
        Claim(id="c1", text="x" * 10_001)


def test_text_is_kept_verbatim_never_as_markup():
    c = Claim(id="c1", text="<b>bold</b> & <script>x</script>")
    assert c.text == "<b>bold</b> & <script>x</script>"


def test_quotation_offsets_cannot_be_negative():
    with pytest.raises(ValidationError):
        Quotation(text="x", start=-1)


def test_reason_kind_is_support_or_objection():
    with pytest.raises(ValidationError):
        Reason(id="r1", kind="pro", premises=["c1"], target="c2")


def test_lookups_and_new_id():
    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
    assert m.claim("c2").text == "Claim c2."
    assert m.claim("nope") is None
    assert m.reason("r1").target == "c1"
    fresh = m.new_id("c")
    assert fresh not in {"c1", "c2", "r1"}
    m2 = build("c1*", "c4")
    assert m2.new_id("c") == "c3"


def test_new_ids_avoid_the_ids_reasons_name_but_the_map_lacks():
    from helpers import build

    m = build("c1*", "c2", r=[("r1", "+", ["c2", "c3"], "c1")])
    assert m.new_id("c") == "c4"  # c3 is named by r1: a new claim must not join it by accident
