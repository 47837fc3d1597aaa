#!/usr/bin/env python3
"""Peer for Benchmarks/Benchmarks/Decomposition: statsmodels STL on the same
10,000 monthly series of length 240 as the Swift benchmark, with R's resolved
parameters for stl(x, s.window = 7):

    STL(x, period=12, seasonal=7, trend=23, low_pass=13, seasonal_deg=0,
        trend_deg=1, low_pass_deg=1, seasonal_jump=1, trend_jump=3,
        low_pass_jump=2, robust=False).fit(inner_iter=2, outer_iter=0)

Data (identical to the Swift benchmark): series j = 0..9999, t = 0..239,
    y[j, t] = 100 + 0.05*t*((j mod 7) - 3) + 10*sin(2*pi*t/12 + 0.37*j) + 3*sin(0.7*t*(1 + (j mod 13)) + j)

Usage: python3 Benchmarks/peers/stl_peer.py [strata-batch-series-per-second]
Without the argument the figures are read from $TMPDIR/strata_stl_benchmark.txt.
Rates are the median and the best of 10 chunks; a strata figure named *_best
is compared with the best chunk, any other with the median.
Exits 0 with a message when numpy or statsmodels is missing.
"""
import os
import sys
import time

try:
    import numpy as np
    from statsmodels.tsa.seasonal import STL
    import statsmodels
except ImportError as error:  # pragma: no cover
    print(f"SKIP: {error} (pip install statsmodels)")
    sys.exit(0)

COUNT, LENGTH = 10_000, 240
t = np.arange(LENGTH, dtype=float)


def make(j):
    return (100 + 0.05 * t * ((j % 7) - 3) + 10 * np.sin(2 * np.pi * t / 12 + 0.37 * j)
            + 3 * np.sin(0.7 * t * (1 + (j % 13)) + j))


series = [make(j) for j in range(COUNT)]


def rates(robust, n, chunks=10):
    """Series/s of each of `chunks` equal chunks (the machine may be shared)."""
    size = n // chunks
    out = []
    for c in range(chunks):
        start = time.perf_counter()
        for j in range(c * size, (c + 1) * size):
            STL(series[j], period=12, seasonal=7, trend=23, low_pass=13, seasonal_deg=0, trend_deg=1,
                low_pass_deg=1, seasonal_jump=1, trend_jump=3, low_pass_jump=2, robust=robust).fit(
                inner_iter=1 if robust else 2, outer_iter=15 if robust else 0)
        out.append(size / (time.perf_counter() - start))
    return out


plain_rates = rates(False, COUNT)
robust_rates = rates(True, 2_000)  # robust is slow; 2,000 series give a stable rate
plain, plain_best = float(np.median(plain_rates)), max(plain_rates)
robust, robust_best = float(np.median(robust_rates)), max(robust_rates)
print(f"statsmodels {statsmodels.__version__} STL, R's parameters, non-robust: median {plain:.0f}, "
      f"best {plain_best:.0f} series/s (10 chunks of 1,000)")
print(f"statsmodels {statsmodels.__version__} STL, R's parameters, robust: median {robust:.0f}, "
      f"best {robust_best:.0f} series/s (10 chunks of 200)")

figures = {}
if len(sys.argv) > 1:
    figures["batch (argument)"] = float(sys.argv[1])
else:
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "strata_stl_benchmark.txt")
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                figures[k] = float(v)
if not figures:
    print("No strata figure: run the Swift benchmark first or pass its series/s as an argument.")
for name, value in figures.items():
    if name.startswith("stage_"):
        # One stage of the operator path, not a whole decomposition: no ratio.
        print(f"strata {name:30s} {value:10.0f} series/s (stage only)")
        continue
    best = name.endswith("_best")
    if "robust" in name:
        ref = robust_best if best else robust
    else:
        ref = plain_best if best else plain
    kind = "robust" if "robust" in name else "non-robust"
    which = "best" if best else "median"
    print(f"strata {name:30s} {value:10.0f} series/s = {value / ref:6.1f}x statsmodels {which} ({kind})")
