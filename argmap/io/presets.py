"""The bundled maps and resources, found through importlib.resources.

In a wheel, `maps/` and `resources/` are mapped into the package
(pyproject's force-include); in a source checkout or an editable install they
sit at the top of the repository, beside the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from argmap.io.errors import MapFileError
from argmap.io.json_io import parse_map
from argmap.model import ArgumentMap

DEFAULT_PRESET = "drezner-north-korean-troops"
SCHEMA_FILE = "argmap.schema.json"

_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def _bundled_folder(name: str) -> Traversable:
    inside = files("argmap") / name
    if inside.is_dir():
        return inside
    return _CHECKOUT_ROOT / name


def maps_folder() -> Traversable:
    return _bundled_folder("maps")


def resources_folder() -> Traversable:
    return _bundled_folder("resources")


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    location: Traversable
    description: str = ""

    @property
    def path(self) -> Path | None:
        """A real file path, when the preset is a file on disk (it is, unless zipped)."""
        p = Path(str(self.location))
        return p if p.is_file() else None

    def load(self) -> ArgumentMap:
        return parse_map(self.location.read_bytes(), self.location.name)


def presets() -> list[Preset]:
    """Every bundled map, the op-ed map first, then by name."""
    found = []
    for entry in maps_folder().iterdir():
        if entry.name.endswith(".json") and entry.is_file():
            name = entry.name.removesuffix(".json")
            m = parse_map(entry.read_bytes(), entry.name)
            found.append(Preset(name, m.title or name, entry, m.description))
    found.sort(key=lambda p: (p.name != DEFAULT_PRESET, p.name))
    return found


def preset(name: str) -> Preset:
    entry = maps_folder() / f"{name}.json"
    if not entry.is_file():
        known = ", ".join(p.name for p in presets())
        raise MapFileError(None, f"There is no bundled map called {name!r}. Bundled maps: {known}.")
    return Preset(name, name, entry)


def schema_text() -> str:
    """The JSON Schema shipped in resources/ (kept equal to the models by a test)."""
    return (resources_folder() / SCHEMA_FILE).read_text(encoding="utf-8")
