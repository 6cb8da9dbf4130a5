"""Speed of the core on synthetic maps: load, validate, save and outline.

    python benchmarks/bench_core.py [--sizes 1000 10000 50000] [--repeat 5]

Prints the median wall time of each step and its peak Python memory
(tracemalloc, measured in a separate run so it does not slow the timings).
Targets on a 2-core machine: 10,000 claims loaded + validated + saved in under
0.3 s; 50,000 in under 1.5 s; validation growing linearly.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argmap.io import load_map, save_map  # noqa: E402
from argmap.model import ArgumentMap, Claim, Quotation, Reason  # noqa: E402
from argmap.outline import outline_text  # noqa: E402
from argmap.validate import validate  # noqa: E402

WORDS = ("troops", "Russia", "Seoul", "missiles", "mobilization", "deterrence", "Ukraine", "shells",
         "incentive", "status quo", "weapons", "intelligence", "escalation", "alliance", "deal")


def synthetic_map(n_claims: int, seed: int = 1) -> ArgumentMap:
    """A tree-shaped map like a real one: linked reasons of 1-3 premises,
    about one objection in five claims, replies, undercutters, hidden premises."""
    rng = random.Random(seed)

    def sentence(i: int) -> str:
        return f"Claim {i}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "."

    claims = [Claim(id="c1", text=sentence(1), main_conclusion=True)]
    reasons: list[Reason] = []
    open_targets = ["c1"]
    i = 1
    while i < n_claims:
        # mostly near recent claims (deep chains), sometimes anywhere (bushy)
        recent = open_targets[-50:]
        target = rng.choice(recent) if rng.random() < 0.7 else rng.choice(open_targets)
        k = min(rng.choice((1, 2, 2, 3)), n_claims - i)
        kind = "objection" if rng.random() < 0.2 else "support"
        premises = []
        for _ in range(k):
            i += 1
            cid = f"c{i}"
            hidden = kind == "support" and rng.random() < 0.1
            quote = None if hidden or rng.random() < 0.5 else Quotation(text=sentence(i)[:40], start=i * 40, length=40)
            claims.append(Claim(id=cid, text=sentence(i), hidden=hidden, quotation=quote))
            premises.append(cid)
            open_targets.append(cid)
        rid = f"r{len(reasons) + 1}"
        if kind == "objection" and rng.random() < 0.1 and reasons:
            target = rng.choice(reasons).id  # an undercutter
        reasons.append(Reason(id=rid, kind=kind, premises=premises, target=target))
    return ArgumentMap(title=f"Synthetic map of {n_claims} claims", claims=claims, reasons=reasons)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_mb(fn) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_048_576


def bench_size(n: int, folder: Path, repeat: int) -> float:
    """Print one row of the table; return validation time per claim in µs."""
    m = synthetic_map(n)
    path = folder / f"map{n}.json"
    out = folder / f"out{n}.json"
    save_map(m, path)
    loaded = load_map(path)
    t_load = timed(lambda: load_map(path), repeat)
    t_val = timed(lambda: validate(loaded), repeat)
    t_save = timed(lambda: save_map(loaded, out), repeat)
    t_out = timed(lambda: outline_text(loaded), repeat)
    mems = [peak_mb(lambda: load_map(path)), peak_mb(lambda: validate(loaded)),
            peak_mb(lambda: save_map(loaded, out)), peak_mb(lambda: outline_text(loaded))]
    print(f"{n:>8,} {path.stat().st_size / 1_048_576:>8.1f} | {t_load:>7.3f} {t_val:>10.3f} {t_save:>7.3f} "
          f"{t_out:>9.3f} | {t_load + t_val + t_save:>15.3f} | " + " / ".join(f"{x:.0f}" for x in mems))
    return t_val / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    print(f"Python {sys.version.split()[0]}; median of {args.repeat} runs; memory = peak traced allocation\n")
    header = f"{'claims':>8} {'file MB':>8} | {'load s':>7} {'validate s':>10} {'save s':>7} {'outline s':>9} | " \
             f"{'load+val+save s':>15} | {'peak MB load/val/save/outline':>30}"
    print(header)
    print("-" * len(header))
    per_claim = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            per_claim.append((n, bench_size(n, Path(tmp), args.repeat)))
    print("\nvalidation per claim (linear growth keeps this flat): "
          + ", ".join(f"{n:,}: {us:.1f} µs" for n, us in per_claim))


if __name__ == "__main__":
    main()
