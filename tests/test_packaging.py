"""The bundled maps and the schema travel inside the wheel and are found from there."""

import subprocess
import sys
import zipfile

import pytest

from helpers import ROOT

pytest.importorskip("hatchling", reason="hatchling (the build backend) is needed to build the wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("argmap-*.whl")
    return built


def test_wheel_contains_maps_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for p in (ROOT / "maps").glob("*.json"):
        assert f"argmap/maps/{p.name}" in names
    assert "argmap/resources/argmap.schema.json" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_installed_wheel_finds_its_presets(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = (
        "import argmap.io.presets as p, sys;"
        "assert str(p.maps_folder()).startswith(sys.argv[1]), p.maps_folder();"
        "print(len(p.presets()), len(p.schema_text()) > 1000)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["3", "True"]
