// Change-point benchmarks: exact PELT with the Poisson cost on piecewise-
// constant Poisson counts of length 10³, 10⁴ and 10⁵ (a change about every
// 100 observations, so pruning keeps the work near-linear), plus the
// unpruned optimal partitioning at 10³ for scale.
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target ChangePointBenchmarks
// The custom metric reports ns per observation: near-constant across lengths
// means near-linear cost. The peer script Benchmarks/peers/pelt_peer.py times
// ruptures on the same data (same generator) and prints the ratio.
import Benchmark
import Foundation
import StrataNumerics

/// Piecewise-constant Poisson counts from SplitMix64 (seed 42): a new level
/// in 5…50 with probability 1/100 at each step. pelt_peer.py reproduces it.
func poissonCounts(length: Int, seed: UInt64 = 42) -> [Double] {
    var rng = SplitMix64(seed: seed)
    func uniform() -> Double { rng.nextHalfOpenUniform() }
    var level = 5 + 45 * uniform()
    var out: [Double] = []
    out.reserveCapacity(length)
    for _ in 0..<length {
        if uniform() < 0.01 { level = 5 + 45 * uniform() }
        // Poisson by inversion.
        let u = uniform()
        var k = 0.0, p = exp(-level), c = p
        while u > c, k < 1000 { k += 1; p *= level / k; c += p }
        out.append(k)
    }
    return out
}

let nsPerObservation = BenchmarkMetric.custom("ns/observation", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, nsPerObservation], maxDuration: .seconds(5), maxIterations: 30)

    for n in [1_000, 10_000, 100_000] {
        let y = poissonCounts(length: n)
        Benchmark("PELT poisson pen=3 ln n n=\(n)") { benchmark in
            let clock = ContinuousClock()
            for _ in benchmark.scaledIterations {
                let start = clock.now
                blackHole(try ChangePointSearch.pelt(y, cost: .poisson, penalty: .value(3 * log(Double(n))), minimumSegmentLength: 2))
                let elapsed = clock.now - start
                let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
                benchmark.measurement(nsPerObservation, Int(ns / Double(n)))
            }
        }
    }

    let small = poissonCounts(length: 1_000)
    Benchmark("optimal partitioning (no pruning) poisson MBIC n=1000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ChangePointSearch.optimalPartitioning(small, cost: .poisson, penalty: .mbic, minimumSegmentLength: 2))
        }
    }
}
