#!/usr/bin/env python3
"""Peer timing: statsforecast AutoETS on the synthetic monthly series of
Benchmarks/Benchmarks/Forecasting (same generator, bit for bit), one core,
next to strata's auto-ETS rate.

Usage: python3 Benchmarks/peers/ets_peer.py [--series 100] [--strata-rate R]
  --strata-rate  strata's auto-ETS series/s on one core (from the benchmark or
                 from `m3-evaluation`); without it the script times
                 `strata forecast --method ets` (release binary .build/release/strata)
                 on 1,000 series, per CPU second of the child process.
Exits 0 with a message when statsforecast is not installed.
"""
import math, os, subprocess, sys, tempfile, time, resource

MASK = (1 << 64) - 1

class SplitMix64:
    def __init__(self, seed): self.state = seed & MASK
    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)
    def uniform(self): return ((self.next() >> 11) + 0.5) * 2.0 ** -53
    def normal(self):
        u1, u2 = self.uniform(), self.uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

def series(count, length=120):
    out = []
    for i in range(count):
        r = SplitMix64(1000 + i)
        level = 100 + 900 * r.uniform(); slope = (r.uniform() - 0.5) * 2
        amp = 0.4 * r.uniform(); sd = 0.05 * level
        out.append([max(1.0, (level + slope * t) * (1 + amp * math.sin(2 * math.pi * t / 12)) + sd * r.normal())
                    for t in range(length)])
    return out

def main():
    args = sys.argv[1:]
    n = int(args[args.index("--series") + 1]) if "--series" in args else 100
    strata_rate = float(args[args.index("--strata-rate") + 1]) if "--strata-rate" in args else None
    try:
        import numpy as np
        os.environ.setdefault("NUMBA_NUM_THREADS", "1")
        from statsforecast.models import AutoETS
    except ImportError:
        print("ets_peer: statsforecast is not installed (pip install statsforecast); skipping")
        return 0
    data = series(n)
    AutoETS(season_length=12).fit(np.array(data[0]))  # JIT warm-up
    t0 = time.process_time()
    for y in data:
        AutoETS(season_length=12).fit(np.array(y))
    sf_rate = n / (time.process_time() - t0)
    print(f"statsforecast AutoETS: {n} series in {n / sf_rate:.2f} CPU s = {sf_rate:.1f} series/s (one core)")
    if strata_rate is None:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        exe = os.path.join(root, ".build", "release", "strata")
        if not os.path.exists(exe):
            print("ets_peer: no release build of strata (swift build -c release); pass --strata-rate to print the ratio")
            return 0
        m = 1000
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("series,period,value\n")
            for i, y in enumerate(series(m)):
                for t, v in enumerate(y):
                    f.write(f"s{i},{2000 + t // 12}-{t % 12 + 1:02d},{v!r}\n")
            path = f.name
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([exe, "forecast", path, "--horizon", "18", "--method", "ets"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        os.unlink(path)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        strata_rate = m / cpu
        print(f"strata forecast --method ets ({os.path.relpath(exe, root)}): {m} series in {cpu:.2f} CPU s = {strata_rate:.1f} series/s per core (includes CSV I/O and intervals)")
    print(f"ratio strata / statsforecast = {strata_rate / sf_rate:.1f}x")
    return 0

if __name__ == "__main__":
    sys.exit(main())
