#!/usr/bin/env python3
"""Peer for Benchmarks/Benchmarks/Scoring: the same composite-index Monte
Carlo in numpy, vectorised as a numpy user would write it.

Data (identical to the Swift benchmark): unit i = 0..199, indicator j = 0..49,
    x[i, j] = 100 + 90*sin(0.37*(i + 1)*(j + 1) + j)
Computation (identical): min-max each indicator to 0-10 on the data's range;
10,000 draws of the 50 equal weights, each times U(0.75, 1.25) and rescaled to
sum to one; the scores of all draws S = X W (one matmul, 200x50 @ 50x10,000);
per draw the rank of every unit (1 = highest); per unit the 5/50/95 %
quantiles (linear, as R type 7) of its scores and of its ranks. numpy's own
generator draws the weights (the numbers differ, the work does not). Ties,
which have probability zero with continuous weights, are broken by order
here and share the best rank in strata.

Usage: python3 Benchmarks/peers/score_peer.py [strata-median-seconds]
Without the argument the strata figure is read from
$TMPDIR/strata_scoring_benchmark.txt (written by the Swift benchmark), and
the ratio is printed when it is known. Prints SKIP when numpy is missing.
"""
import os, sys, time

try:
    import numpy as np
except ImportError:
    print("SKIP: numpy is not installed")
    sys.exit(0)

UNITS, INDICATORS, DRAWS = 200, 50, 10_000
FLOPS = 2.0 * UNITS * INDICATORS * DRAWS


def data():
    i = np.arange(UNITS)[:, None]
    j = np.arange(INDICATORS)[None, :]
    return 100 + 90 * np.sin(0.37 * (i + 1) * (j + 1) + j)


def analysis(x, rng):
    lo, hi = x.min(axis=0), x.max(axis=0)
    xn = 10 * (x - lo) / (hi - lo)
    w = np.full((INDICATORS, 1), 1.0 / INDICATORS) * (1 + 0.25 * (2 * rng.random((INDICATORS, DRAWS)) - 1))
    w /= w.sum(axis=0, keepdims=True)
    s = xn @ w
    order = np.argsort(-s, axis=0)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, UNITS + 1)[:, None].repeat(DRAWS, axis=1), axis=0)
    qs = np.quantile(s, [0.05, 0.5, 0.95], axis=1)
    qr = np.quantile(ranks, [0.05, 0.5, 0.95], axis=1)
    return qs, qr, s, xn, w


def main():
    x = data()
    rng = np.random.default_rng(1)
    analysis(x, rng)  # warm-up
    times, cpu, mm = [], [], []
    for _ in range(10):
        t0, c0 = time.perf_counter(), time.process_time()
        _, _, _, xn, w = analysis(x, rng)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        t1 = time.perf_counter()
        xn @ w
        mm.append(time.perf_counter() - t1)
    med, best = float(np.median(times)), min(times)
    print(f"numpy {np.__version__}: full analysis median {med:.4f} s, best {best:.4f} s "
          f"({FLOPS / med / 1e9:.2f} GFLOP/s on the weighted sums); matmul alone median {np.median(mm) * 1e3:.1f} ms "
          f"({FLOPS / np.median(mm) / 1e9:.1f} GFLOP/s); CPU time per analysis median {np.median(cpu):.4f} s")
    strata = None
    if len(sys.argv) > 1:
        strata = float(sys.argv[1])
    else:
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "strata_scoring_benchmark.txt")
        if os.path.exists(path):
            for line in open(path):
                k, _, v = line.strip().partition("=")
                if k == "analysis_seconds":
                    strata = float(v)
    if strata:
        print(f"strata median {strata:.4f} s: strata is {med / strata:.2f}x {'faster' if med > strata else 'slower'} than numpy (median against median)")
    else:
        print("no strata figure: run the Swift benchmark first (same TMPDIR) or pass its median seconds")


if __name__ == "__main__":
    main()
