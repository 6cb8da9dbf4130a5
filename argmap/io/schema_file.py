"""Regenerate resources/argmap.schema.json after a change to the models.

    python -m argmap.io.schema_file
"""

from __future__ import annotations

from argmap.io.json_io import write_text_atomic
from argmap.io.presets import SCHEMA_FILE, resources_folder
from argmap.schema import map_schema_text


def write_schema() -> str:
    target = resources_folder() / SCHEMA_FILE
    write_text_atomic(str(target), map_schema_text())
    return str(target)


if __name__ == "__main__":
    print(f"wrote {write_schema()}")
