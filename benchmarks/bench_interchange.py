"""Import, check and export speed, beside the Argdown tool on the same files.

    python benchmarks/bench_interchange.py [--sizes 100 1000 10000] [--repeat 3]
        [--argdown DIR]   # a folder where `npm install` set up the Argdown tool (../shared/peers)

For synthetic maps of each size, written as Argdown and as AIF, prints the
median whole-process wall time of: `argmap import` + `argmap validate` +
`argmap export` to JSON, and to SVG; and, when the Argdown tool is there,
`argdown json` and `argdown map -f svg` on the same Argdown file, with the
ratios. Every figure includes starting the program, as a user would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _run(cmd: list[str], cwd: Path | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    return time.perf_counter() - t


def _median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def argmap_pipeline(src: Path, out_suffix: str, tmp: Path) -> float:
    """argmap import + validate + export, each its own process, as a script would run them."""
    argmap = [sys.executable, "-m", "argmap"]
    imported, out = tmp / "imported.json", tmp / f"out{out_suffix}"
    total = _run([*argmap, "import", str(src), "-o", str(imported)])
    t = time.perf_counter()
    subprocess.run([*argmap, "validate", str(imported)], capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    total += time.perf_counter() - t  # exit status 1 (errors found) is a result, not a failure
    return total + _run([*argmap, "export", str(imported), "-o", str(out)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--argdown", type=Path, default=Path(os.environ.get("ARGDOWN_DIR", "/nonexistent")),
                    help="folder with node_modules/.bin/argdown (see ../shared/peers/README.md)")
    args = ap.parse_args()
    from bench_core import synthetic_map

    from argmap.io.aif import dump_aif

    try:
        from argmap.io.argdown import dump_argdown
    except ImportError:
        dump_argdown = None
    argdown = args.argdown / "node_modules" / ".bin" / "argdown"
    have_argdown = argdown.exists() and shutil.which("node") is not None
    if not have_argdown:
        print("The Argdown tool is not installed here (pass --argdown DIR): its columns are left out.\n")
    header = f"{'claims':>7} | {'from':>7} | {'argmap→JSON s':>13} {'argmap→SVG s':>12}"
    if have_argdown:
        header += f" | {'argdown json s':>14} {'argdown svg s':>13} | {'JSON ×':>7} {'SVG ×':>7}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n in args.sizes:
            m = synthetic_map(n)
            sources = {"AIF": tmp / f"m{n}.aif.json"}
            sources["AIF"].write_text(dump_aif(m), encoding="utf-8")
            if dump_argdown is not None:
                sources["Argdown"] = tmp / f"m{n}.argdown"
                sources["Argdown"].write_text(dump_argdown(m), encoding="utf-8")
            for kind, src in sources.items():
                to_json = _median(lambda src=src: argmap_pipeline(src, ".json", tmp), args.repeat)
                to_svg = _median(lambda src=src: argmap_pipeline(src, ".svg", tmp), args.repeat)
                row = f"{n:>7,} | {kind:>7} | {to_json:>13.2f} {to_svg:>12.2f}"
                if have_argdown and kind == "Argdown":
                    out = tmp / "argdown-out"
                    ad_json = _median(lambda src=src, out=out: _run([str(argdown), "json", str(src), str(out)]),
                                      args.repeat)
                    ad_svg = _median(lambda src=src, out=out: _run([str(argdown), "map", "-f", "svg", str(src),
                                                                    str(out)]), args.repeat)
                    row += f" | {ad_json:>14.2f} {ad_svg:>13.2f} | {ad_json / to_json:>7.1f} {ad_svg / to_svg:>7.1f}"
                print(row, flush=True)


if __name__ == "__main__":
    main()
