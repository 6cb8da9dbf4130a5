"""Open the real window under Xvfb (a real X server) and check it painted the map."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.mark.skipif(shutil.which("xvfb-run") is None,
                    reason="xvfb-run is not installed (Debian package xvfb; .ci/run installs it)")
def test_real_window_paints_the_op_ed_map(tmp_path):
    out = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "argmap.gui.screenshot", str(out)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    stats = json.loads(run.stdout.strip().splitlines()[-1])
    assert stats["platform"] == "xcb"
    assert out.stat().st_size > 20_000
    # A blank canvas has one colour; the map paints boxes, text and arrows.
    assert stats["colours"] > 100 and stats["painted"] > 0.03, stats
