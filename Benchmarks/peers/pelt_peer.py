#!/usr/bin/env python3
"""Peer timing for ChangePointBenchmarks: ruptures 1.1.10 PELT with its
Poisson cost on the same piecewise-constant Poisson counts (SplitMix64,
seed 42, reproduced below), lengths 10^3 and 10^4 (10^5 with --large: very
slow in ruptures), min_size=2, jump=1, penalty = MBIC's 3 ln n.

Usage:  python3 Benchmarks/peers/pelt_peer.py [STRATA_NS_PER_OBS_1000 STRATA_NS_PER_OBS_10000 ...]
        (pass strata's measured ns/observation medians, from
        `swift package --allow-writing-to-package-directory benchmark --target ChangePointBenchmarks`,
        to print the ratio)

Exits 0 with a message when Python lacks ruptures or numpy.
ruptures has no built-in Poisson cost, so CostPoisson below implements the
formula strata uses, 2 (S - S log(S/m)), from cumulative sums (O(1) per
segment, as in strata); the comparison is of the PELT implementations.
"""
import math
import sys
import time

try:
    import numpy as np
    import ruptures as rpt
    from ruptures.base import BaseCost
except Exception as exc:  # pragma: no cover - environment dependent
    print(f"SKIP: ruptures/numpy not available ({exc})")
    sys.exit(0)

MASK = (1 << 64) - 1


def poisson_counts(length, seed=42):
    state = seed

    def uniform():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        return (z >> 11) / float(1 << 53)

    level = 5 + 45 * uniform()
    out = []
    for _ in range(length):
        if uniform() < 0.01:
            level = 5 + 45 * uniform()
        u = uniform()
        k, p = 0.0, math.exp(-level)
        c = p
        while u > c and k < 1000:
            k += 1
            p *= level / k
            c += p
        out.append(k)
    return np.array(out)


class CostPoisson(BaseCost):
    """Poisson segment cost from cumulative sums, 2 (S - S log(S/m))."""

    model = "poisson_strata"
    min_size = 1

    def fit(self, signal):
        s = np.asarray(signal, dtype=float).reshape(-1)
        self.signal = s.reshape(-1, 1)
        self.csum = np.concatenate([[0.0], np.cumsum(s)])
        return self

    def error(self, start, end):
        total = self.csum[end] - self.csum[start]
        if total <= 0:
            return 0.0
        return 2.0 * (total - total * math.log(total / (end - start)))


def main():
    lengths = [1_000, 10_000] + ([100_000] if "--large" in sys.argv else [])
    strata = [float(a) for a in sys.argv[1:] if not a.startswith("--")]
    print(f"ruptures {rpt.__version__}, PELT custom Poisson cost, min_size=2, jump=1, pen=3 ln n")
    for i, n in enumerate(lengths):
        y = poisson_counts(n)
        algo = rpt.Pelt(custom_cost=CostPoisson(), min_size=2, jump=1).fit(y)
        t0 = time.perf_counter()
        bkps = algo.predict(pen=3 * math.log(n))
        dt = time.perf_counter() - t0
        ns = dt * 1e9 / n
        line = f"n={n}: {dt:.3f} s, {ns:.0f} ns/observation, {len(bkps) - 1} change points"
        if i < len(strata) and strata[i] > 0:
            line += f"; ruptures / strata = {ns / strata[i]:.1f}x"
        print(line)


if __name__ == "__main__":
    main()
