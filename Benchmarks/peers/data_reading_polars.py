#!/usr/bin/env python3
"""Peers for the DataReading benchmark, side by side in one run: `strata validate`
against pandas.read_csv and polars.read_csv on the 1,000,000-row long CSV of
Benchmarks/DataReading (2,000 series x 500 months, ~1 % '..' placeholders, seeded
SplitMix64 generator, the same file as data_reading_pandas.py).

    python3 Benchmarks/peers/data_reading_polars.py [path/to/strata]

Prints, for each tool, the best of 3 in-process read times (pandas, polars) and,
when `hyperfine` is installed, a whole-process comparison of the three as
commands (Python start-up and imports included for the peers, process start-up
included for strata). The strata binary defaults to .build/release/strata (build
it with `swift build -c release --product strata`). Exits 0 with a message when a
peer or the binary is absent.

The tools do different amounts of work: pandas and polars parse the table into
columns; strata also parses periods, dictionary-encodes the keys, builds the dense
panel, checks duplicates, gaps and counts, and writes the validation report.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

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
    with open(path + ".tmp", "w") as f:
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
    os.replace(path + ".tmp", path)

rows = 1_000_000


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


PANDAS = f"import pandas as pd; pd.read_csv({path!r}, na_values=['..'])"
POLARS = f"import polars as pl; pl.read_csv({path!r}, null_values=['..'])"
commands = [f"{strata} validate {path}"]
try:
    import pandas as pd

    t = best_of(3, lambda: pd.read_csv(path, na_values=[".."]))
    print(f"pandas {pd.__version__} read_csv, in process, best of 3: {t:.3f} s ({rows / t:,.0f} rows/s)")
    commands.append(f"python3 -c \"{PANDAS}\"")
except ImportError:
    print("pandas not installed: skipped")
try:
    import polars as pl

    t = best_of(3, lambda: pl.read_csv(path, null_values=[".."]))
    print(f"polars {pl.__version__} read_csv, in process, best of 3: {t:.3f} s ({rows / t:,.0f} rows/s)")
    commands.append(f"python3 -c \"{POLARS}\"")
except ImportError:
    print("polars not installed: skipped")
t = best_of(3, lambda: subprocess.run([strata, "validate", path], stdout=subprocess.DEVNULL, check=False))
print(f"strata validate, whole process, best of 3: {t:.3f} s ({rows / t:,.0f} rows/s)")

if shutil.which("hyperfine"):
    subprocess.run(["hyperfine", "--warmup", "1", "--runs", "5", "--ignore-failure", "--style", "basic",
                    "--command-name", "strata validate", commands[0]]
                   + [x for c, n in zip(commands[1:], ["pandas read_csv (process)", "polars read_csv (process)"])
                      for x in ("--command-name", n, c)], check=False)
else:
    print("hyperfine not installed: whole-process comparison skipped")
