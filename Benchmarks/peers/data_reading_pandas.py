#!/usr/bin/env python3
"""Peer for the DataReading benchmark: pandas.read_csv vs `strata validate` on a
1,000,000-row long CSV (same layout as Benchmarks/DataReading: 2,000 series x 500
months, ~1 % '..' placeholders, seeded generator).

    python3 Benchmarks/peers/data_reading_pandas.py [path/to/strata]

The strata binary defaults to .build/release/strata (build it with
`swift build -c release --product strata`). Exits 0 with a message when pandas or
the binary is absent. Prints both times, rows/s and the ratio.

Note the two do different amounts of work: pandas parses the table into columns;
strata also parses periods, dictionary-encodes keys, builds the dense panel,
checks duplicates, gaps and counts, and writes the validation report.
"""
import os
import subprocess
import sys
import tempfile
import time

try:
    import pandas as pd
except ImportError:
    print("SKIP: pandas is not installed (pip install pandas)")
    sys.exit(0)

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
strata = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "release", "strata")
if not os.access(strata, os.X_OK):
    print(f"SKIP: {strata} not found; build it with `swift build -c release --product strata`")
    sys.exit(0)

MASK = (1 << 64) - 1


def splitmix(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


path = os.path.join(tempfile.gettempdir(), "strata-peer-1M-rows-seed42.csv")
if not os.path.exists(path):
    rng = splitmix(42)
    reporters = ["AUT", "BGR", "DEU", "ESP", "FRA", "GRC", "HUN", "ITA"]
    routes = ["Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean", "Western Balkans", "Eastern Borders"]
    with open(path, "w") as f:
        f.write("reporter,route,citizenship,indicator,period,value\n")
        for rep in reporters:
            for route in routes:
                for c in range(50):
                    prefix = f"{rep},{route},C{c:02d},IBC,"
                    for t in range(500):
                        y, m = divmod(1980 * 12 + t, 12)
                        r = next(rng)
                        v = ".." if r % 100 == 0 else str((r >> 8) % 5000)
                        f.write(f"{prefix}{y:04d}-{m + 1:02d},{v}\n")

rows = 1_000_000


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


t_pandas = best_of(3, lambda: pd.read_csv(path, na_values=[".."], keep_default_na=True))
t_strata = best_of(3, lambda: subprocess.run([strata, "validate", path], stdout=subprocess.DEVNULL, check=False))
print(f"pandas {pd.__version__} read_csv: {t_pandas:.3f} s ({rows / t_pandas:,.0f} rows/s)")
print(f"strata validate (process incl. start-up): {t_strata:.3f} s ({rows / t_strata:,.0f} rows/s)")
print(f"ratio strata/pandas time: {t_strata / t_pandas:.2f}")
