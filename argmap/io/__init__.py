"""All file access: map files, source texts, bundled presets."""

from argmap.io.errors import MapFileError
from argmap.io.json_io import dump_map, load_map, parse_map, save_map

__all__ = ["MapFileError", "dump_map", "load_map", "parse_map", "save_map"]
