"""Speed of the layout engine (argmap.layout) on synthetic maps.

    python benchmarks/bench_layout.py [--sizes 1000 10000 50000] [--repeat 9] [--edits 30]

Prints, per size (`bench_core.synthetic_map(n)`), the median time of a full
layout and of an incremental one (`layout(m, size, previous=lay)`) after a
random `edits.add_support` edit, each edit building on the last as in the
editor, and the slowest of those (when the growth pushes a big subtree
aside, every box in it is placed again). Box sizes come from a dict, so
measuring text costs nothing here; the garbage collector is paused while
timing, as the canvas does, and freeing the layout before is not timed.

Targets (2-core machine): an incremental layout after a small edit well under
20 ms at 10,000 claims and under 60 ms at 50,000.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_core import synthetic_map  # noqa: E402

from argmap import edits  # noqa: E402
from argmap.layout import layout  # noqa: E402


class Sizes(dict):
    """Box sizes by claim id, made up from the id for claims added later."""

    def __missing__(self, cid: str) -> tuple[float, float]:
        k = sum(map(ord, cid))
        v = self[cid] = (120.0 + (k * 37) % 200, 44.0 + (k * 13) % 48)
        return v


def bench_size(n: int, repeat: int, n_edits: int, seed: int = 7) -> tuple[float, float, float]:
    m = synthetic_map(n)
    sizes = Sizes()
    size = sizes.__getitem__
    full = []
    gc.collect()
    gc.disable()
    try:
        lay = None
        for _ in range(repeat):
            t = time.perf_counter()
            new = layout(m, size)
            full.append(time.perf_counter() - t)
            lay = new  # (the one before is freed here, not timed)
        rng = random.Random(seed)
        inc = []
        for i in range(n_edits):
            cid = rng.choice(m.claims).id
            edits.add_support(m, cid, f"new {i}").apply(m)
            t = time.perf_counter()
            new = layout(m, size, previous=lay)
            inc.append(time.perf_counter() - t)
            lay = new
            gc.collect()  # between timings only
    finally:
        gc.enable()
    return statistics.median(full), statistics.median(inc), max(inc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=9, help="full layouts timed per size")
    ap.add_argument("--edits", type=int, default=30, help="incremental layouts timed per size")
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}; median of {args.repeat} full layouts and of "
          f"{args.edits} incremental ones (after a random add_support edit)\n")
    header = f"{'claims':>8} | {'full ms':>9} | {'incremental ms':>14} | {'worst incr. ms':>14}"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        t_full, t_inc, t_worst = bench_size(n, args.repeat, args.edits)
        print(f"{n:>8,} | {t_full * 1e3:>9.1f} | {t_inc * 1e3:>14.2f} | {t_worst * 1e3:>14.2f}")


if __name__ == "__main__":
    main()
