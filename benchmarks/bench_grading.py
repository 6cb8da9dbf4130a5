"""Grading a class: 300 students' maps of the op-ed's size against the op-ed map.

    python benchmarks/bench_grading.py [--students 300] [--repeat 3]

Each synthetic student leaves out some reasons, drops some quotations,
rewrites some claims in other words and adds claims of their own, so every
round of the matching has work to do. Prints the whole-process wall time of
`argmap grade` (start-up included, as a teacher runs it) and the median time
to grade one map in one process. Target: under 10 s for the class.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmap.grading import grade  # noqa: E402
from argmap.io import save_map  # noqa: E402
from argmap.io.presets import preset  # noqa: E402
from argmap.model import ArgumentMap, Claim, Reason  # noqa: E402

REFERENCE = "drezner-north-korean-troops"


def student(model: ArgumentMap, rng: random.Random) -> ArgumentMap:
    s = model.model_copy(deep=True, update={"template": False})
    for _ in range(rng.randint(0, 6)):
        if s.reasons:
            s.reasons.pop(rng.randrange(len(s.reasons)))
    for c in s.claims:
        if rng.random() < 0.3:
            c.quotation = None
        if rng.random() < 0.2:
            words = c.text.split()
            rng.shuffle(words)
            c.text = " ".join(words)
    for i in range(rng.randint(0, 4)):
        target = rng.choice(s.claims).id
        s.claims.append(Claim(id=f"x{i}", text=f"A point of my own, number {i}, about troops and Seoul."))
        s.reasons.append(Reason(id=f"rx{i}", kind=rng.choice(["support", "objection"]), premises=[f"x{i}"],
                                target=target))
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    model = preset(REFERENCE).load()
    rng = random.Random(7)
    maps = [student(model, rng) for _ in range(args.students)]
    per_map = []
    for m in maps[:50]:
        t = time.perf_counter()
        grade(m, model)
        per_map.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for i, m in enumerate(maps):
            save_map(m, folder / f"student{i:03}.json")
        cmd = [sys.executable, "-m", "argmap", "grade", REFERENCE, str(folder), "--csv", str(Path(tmp) / "g.csv"),
               "--report", str(Path(tmp) / "reports")]
        walls = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
            walls.append(time.perf_counter() - t)
    print(f"{args.students} maps of {len(model.claims)} claims, {os.cpu_count()} cores")
    print(f"argmap grade, whole process (median of {args.repeat}): {statistics.median(walls):.2f} s  (target < 10 s)")
    print(f"one map, one process (median of 50): {1000 * statistics.median(per_map):.1f} ms")


if __name__ == "__main__":
    main()
