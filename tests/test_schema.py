import json

from argmap.io.presets import schema_text
from argmap.schema import map_schema, map_schema_text


def test_shipped_schema_matches_the_models():
    assert schema_text() == map_schema_text(), (
        "resources/argmap.schema.json is out of date: run `make schema` (python -m argmap.io.schema_file)"
    )


def test_schema_describes_the_format():
    s = map_schema()
    assert s["$schema"].endswith("2020-12/schema")
    assert s["additionalProperties"] is False
    assert {"claims", "reasons", "format", "format_version", "source", "template"} <= set(s["properties"])
    assert s["$defs"]["Reason"]["properties"]["kind"]["enum"] == ["support", "objection"]
    assert "text" in s["$defs"]["Claim"]["required"]
    json.loads(schema_text())
