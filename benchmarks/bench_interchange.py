"""Import, check and export speed, beside the Argdown tool on the same files.

    python benchmarks/bench_interchange.py [--sizes 100 1000 10000] [--repeat 3]
        [--argdown DIR]   # a folder where `npm install` set up the Argdown tool (../shared/peers)

Now a shorter run of bench_scale.py (which see, and which takes the same
options and more): sizes up to 10,000 claims by default. For synthetic maps
written as Argdown and as AIF it prints the median whole-process wall time and
peak memory of `argmap import`, `validate` and `export` (to JSON, DOT and
SVG), of the one-process `argmap export FILE.argdown -o OUT --check`, and,
when the Argdown tool is there, of `argdown json` and `argdown map` on the same
Argdown file, with the ratios. Every figure includes starting the program, as
a user would.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import main  # noqa: E402

if __name__ == "__main__":
    main(default_sizes=(100, 1_000, 10_000))
