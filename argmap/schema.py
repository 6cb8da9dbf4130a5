"""The JSON Schema of the map format, generated from the models."""

from __future__ import annotations

import json

from argmap.model import FORMAT_VERSION, ArgumentMap


def map_schema() -> dict:
    schema = ArgumentMap.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"argmap map (format version {FORMAT_VERSION})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def map_schema_text() -> str:
    """The schema exactly as shipped in resources/argmap.schema.json."""
    return json.dumps(map_schema(), indent=2, ensure_ascii=False) + "\n"
