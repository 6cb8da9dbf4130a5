"""All file access: map files, source texts, bundled presets.

The names below are loaded when first used (PEP 562), so a module that needs
only MapFileError (the command line's parser, its --help) does not load
pydantic and the map model with it.
"""

from argmap.io.errors import MapFileError

__all__ = ["MapFileError", "dump_map", "load_map", "parse_map", "save_map"]


def __getattr__(name: str):
    if name in ("dump_map", "load_map", "parse_map", "save_map"):
        from argmap.io import json_io

        value = globals()[name] = getattr(json_io, name)  # looked up once
        return value
    raise AttributeError(f"module 'argmap.io' has no attribute {name!r}")
