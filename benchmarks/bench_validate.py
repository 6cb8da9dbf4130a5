"""Cost of the findings after one edit: a full validate() against the incremental update.

    python benchmarks/bench_validate.py [--sizes 1000 10000 50000] [--repeat 15]

The edit is the typical one: a new reason (and its claim) under a random claim
of the synthetic map of bench_core.py. Building and applying the edit is not
timed; what is timed is what MapDocument._reindex does after it. Prints the
median wall time of each, in milliseconds:

- validate: validate(m) from scratch, as every edit did before (it builds its own MapIndex);
- update: IncrementalValidation.update(), the MapIndex patch included;
- MapIndex(): building the index from scratch;
- patched: MapIndex.patched() with what the edit took out and put in.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import synthetic_map  # noqa: E402

from argmap import edits  # noqa: E402
from argmap.graph import MapIndex  # noqa: E402
from argmap.validate import validate  # noqa: E402
from argmap.validate_incremental import IncrementalValidation  # noqa: E402


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def add_reason(m, rng: random.Random) -> None:
    edits.add_support(m, rng.choice(m.claims).id, "A new reason for it.").apply(m)


def bench_size(n: int, repeat: int) -> None:
    rng = random.Random(n)
    m = synthetic_map(n)
    live = IncrementalValidation(m)
    t_full, t_update = [], []
    for _ in range(repeat):
        add_reason(m, rng)
        gc.collect()
        t = time.perf_counter()
        live.update()
        t_update.append(time.perf_counter() - t)
    for _ in range(max(3, repeat // 3)):
        gc.collect()
        t = time.perf_counter()
        full = validate(m)
        t_full.append(time.perf_counter() - t)
    assert full == live.findings, "the incremental findings differ from a full validation"

    t_index, t_patch = [], []
    ix = MapIndex(m)
    position = {r.id: i for i, r in enumerate(m.reasons)}
    for _ in range(repeat):
        add_reason(m, rng)
        claim, reason = m.claims[-1], m.reasons[-1]
        position[reason.id] = len(m.reasons) - 1
        gc.collect()
        t = time.perf_counter()
        ix = ix.patched([], [claim], [], [reason], lambda r: position[r.id])
        t_patch.append(time.perf_counter() - t)
        gc.collect()
        t = time.perf_counter()
        MapIndex(m)
        t_index.append(time.perf_counter() - t)
    full_ms, update_ms = median_ms(t_full), median_ms(t_update)
    print(f"{n:>8,} | {full_ms:>10.2f} {update_ms:>10.3f} {full_ms / update_ms:>7.0f}x | "
          f"{median_ms(t_index):>10.2f} {median_ms(t_patch):>10.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}; median of {args.repeat} edits (validate: of a third as many runs), in ms\n")
    header = f"{'claims':>8} | {'validate':>10} {'update':>10} {'faster':>8} | {'MapIndex()':>10} {'patched':>10}"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        bench_size(n, args.repeat)


if __name__ == "__main__":
    main()
