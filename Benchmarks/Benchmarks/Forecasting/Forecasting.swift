// Forecasting benchmarks: auto-ETS on 1,000 synthetic monthly series of length
// 120 (the same series Benchmarks/peers/ets_peer.py builds for statsforecast).
//
//   swift package --allow-writing-to-package-directory benchmark --target ForecastingBenchmarks
import Benchmark
import Foundation
import StrataNumerics

/// The benchmark data: series `i` uses SplitMix64 seeded with `1000 + i`;
/// level 100–1000, slope ±1 per month, multiplicative season of amplitude
/// up to 0.4, Gaussian noise of 5% of the level, floored at 1. The Python
/// peer script reproduces the same numbers bit for bit.
func syntheticMonthlySeries(count: Int, length: Int) -> [[Double]] {
    (0..<count).map { i in
        var rng = SplitMix64(seed: UInt64(1000 + i))
        let level = 100 + 900 * rng.nextUniform()
        let slope = (rng.nextUniform() - 0.5) * 2
        let amplitude = 0.4 * rng.nextUniform()
        let sd = 0.05 * level
        return (0..<length).map { t in
            let season = 1 + amplitude * sin(2 * Double.pi * Double(t) / 12)
            return max(1, (level + slope * Double(t)) * season + sd * rng.nextNormal())
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    let series = syntheticMonthlySeries(count: 1000, length: 120)
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        maxDuration: .seconds(300), maxIterations: 3)

    Benchmark("auto-ETS, 1000 monthly series n=120, one core", configuration: config) { benchmark in
        // ExponentialSmoothing.Options() = .thorough
        for s in series {
            blackHole(try? ExponentialSmoothing.fitAutomatic(s, period: 12))
        }
    }

    // The batch setting: two-stage selection (all 15 candidates with heuristic seasonal
    // states, the best 2 refitted with all states estimated), looser tolerance, one restart.
    let batch = ExponentialSmoothing.Options.batch
    Benchmark("auto-ETS two-stage (refitBest 2), 1000 monthly series n=120, one core", configuration: config) { benchmark in
        for s in series {
            blackHole(try? ExponentialSmoothing.fitAutomatic(s, period: 12, options: batch))
        }
    }

    // What Forecaster uses: local search and two-stage selection as fastLocal, but without
    // its β ≤ 0.2/m cap (forecast::ets's parameter region); interval calibration is off.
    let recommended = ExponentialSmoothing.Options.recommended
    Benchmark("auto-ETS recommended (Forecaster's setting), 1000 monthly series n=120, one core", configuration: config) { benchmark in
        for s in series {
            blackHole(try? ExponentialSmoothing.fitAutomatic(s, period: 12, options: recommended))
        }
    }

    // statsforecast's own estimation: one bounded local Nelder–Mead run per candidate.
    let likeStatsforecast = ExponentialSmoothing.Options.likeStatsforecast
    Benchmark("auto-ETS statsforecast-like (local search), 1000 monthly series n=120, one core", configuration: config) { benchmark in
        for s in series {
            blackHole(try? ExponentialSmoothing.fitAutomatic(s, period: 12, options: likeStatsforecast))
        }
    }

    // The same with two-stage selection (the best M3 point forecasts).
    let fastLocal = ExponentialSmoothing.Options.fastLocal
    Benchmark("auto-ETS fastLocal (local search, refitBest 2), 1000 monthly series n=120, one core", configuration: config) { benchmark in
        for s in series {
            blackHole(try? ExponentialSmoothing.fitAutomatic(s, period: 12, options: fastLocal))
        }
    }

    Benchmark("auto-ETS, 1000 monthly series n=120, all cores (Parallel.map)", configuration: config) { benchmark in
        blackHole(try? Parallel.map(series.count) { try? ExponentialSmoothing.fitAutomatic(series[$0], period: 12) })
    }

    Benchmark("Theta, 1000 monthly series n=120, one core", configuration: config) { benchmark in
        for s in series {
            blackHole(try? BenchmarkMethods.theta(s, period: 12, horizon: 18))
        }
    }
}
