// Composite-index uncertainty benchmark: 200 units × 50 indicators × 10,000
// Monte Carlo draws of the weights (each weight × U(0.75, 1.25), rescaled),
// min–max normalisation, one arithmetic node — the weighted sums of all
// draws are one 200×50 · 50×10,000 dgemm.
//
// Run from Benchmarks/, then the peer on the same data in the same session:
//   TMPDIR=/tmp/run swift package --allow-writing-to-package-directory benchmark --target ScoringBenchmarks
//   TMPDIR=/tmp/run python3 peers/score_peer.py
// The benchmark writes its median seconds to $TMPDIR/strata_scoring_benchmark.txt,
// which the peer reads to print the ratio.
//
// Data (identical in the peer): unit i = 0…199, indicator j = 0…49,
//   x[i, j] = 100 + 90·sin(0.37·(i + 1)·(j + 1) + j)
//
// Figures: seconds per full analysis (draws, weighted sums, per-draw ranks,
// 5/50/95 % quantiles of scores and ranks per unit) and GFLOP/s counted on
// the weighted sums alone (2 · 200 · 50 · 10,000 = 2·10⁸ flops).
import Benchmark
import Foundation
import StrataNumerics

let units = 200, indicators = 50, draws = 10_000
let flops = 2.0 * Double(units * indicators * draws)

func makeTable() throws -> IndicatorTable {
    var rows: [[Double]] = []
    for i in 0..<units {
        var row: [Double] = []
        for j in 0..<indicators {
            let angle: Double = 0.37 * Double(i + 1) * Double(j + 1) + Double(j)
            row.append(100 + 90 * sin(angle))
        }
        rows.append(row)
    }
    return try IndicatorTable(units: (0..<units).map { "u\($0)" }, indicators: (0..<indicators).map { "x\($0)" }, rows: rows)
}

func makePrepared() throws -> PreparedComposite {
    let names = (0..<indicators).map { "x\($0)" }
    let spec = CompositeSpecification(
        indicators: names.map { IndicatorSpecification(name: $0) },
        tree: CompositeNode(name: "index", children: names.map { .indicator($0) }),
        uncertainty: UncertaintySpecification(weightRange: 0.25))
    return try CompositeIndex.prepare(try makeTable(), specification: spec)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Write a figure for the peer's ratio (one `name=value` line per figure).
func record(_ name: String, _ value: Double) {
    let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let path = (dir as NSString).appendingPathComponent("strata_scoring_benchmark.txt")
    var lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    lines.removeAll { $0.hasPrefix(name + "=") }
    lines.append("\(name)=\(value)")
    try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

/// Seconds of every iteration so far, per figure (package-benchmark calls the closure once per iteration).
final class TimeLog: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var times: [String: [Double]] = [:]

    func add(_ name: String, _ t: Double) {
        lock.lock()
        times[name, default: []].append(t)
        let sorted = times[name, default: []].sorted()
        lock.unlock()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        record(name, median)
        record(name + "_best", sorted[0])
    }
}

let gflops = BenchmarkMetric.custom("MFLOP/s (weighted sums)", polarity: .prefersLarger, useScalingFactor: false)
let milliseconds = BenchmarkMetric.custom("ms per analysis", polarity: .prefersSmaller, useScalingFactor: false)
let log = TimeLog()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 20)
    guard let prepared = try? makePrepared() else { return }

    Benchmark(
        "uncertainty: 200 units × 50 indicators × 10,000 draws (band and rank interval, BLAS threads \(BLAS.threadCount))",
        configuration: .init(metrics: [.wallClock, .cpuTotal, gflops, milliseconds, .peakMemoryResident])
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try prepared.uncertainty(CompositeUncertaintyOptions(draws: draws, seed: 1, sobol: false)))
            let t = seconds(clock.now - start)
            log.add("analysis_seconds", t)
            benchmark.measurement(milliseconds, Int(t * 1000))
            benchmark.measurement(gflops, Int(flops / t / 1e6))
        }
    }

    // The scores of all draws alone (draw decoding + the dgemm + finishing).
    var rng = SplitMix64(seed: 7)
    let d = prepared.drawDimension
    var u = [Double](repeating: 0, count: draws * d)
    for k in u.indices { u[k] = rng.nextHalfOpenUniform() }
    guard let uniforms = try? Matrix(rows: draws, columns: d, columnMajor: u) else { return }
    Benchmark(
        "scores of 10,000 draws (weights decoded, one dgemm 200×50·50×10,000)",
        configuration: .init(metrics: [.wallClock, .cpuTotal, gflops, milliseconds])
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try prepared.scores(uniforms: uniforms))
            let t = seconds(clock.now - start)
            log.add("scores_seconds", t)
            benchmark.measurement(milliseconds, Int(t * 1000))
            benchmark.measurement(gflops, Int(flops / t / 1e6))
        }
    }

    // The dgemm alone, for the BLAS rate on this shape.
    var a = Matrix(rows: units, columns: indicators)
    var w = Matrix(rows: indicators, columns: draws)
    for j in 0..<indicators { for i in 0..<units { a[i, j] = Double((i * 7 + j * 3) % 11) } }
    for d in 0..<draws { for j in 0..<indicators { w[j, d] = Double((j + d) % 5) / 100 } }
    Benchmark("dgemm alone 200×50 · 50×10,000", configuration: .init(metrics: [.wallClock, gflops])) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try BLAS.gemm(a, w))
            let t = seconds(clock.now - start)
            log.add("dgemm_seconds", t)
            benchmark.measurement(gflops, Int(flops / t / 1e6))
        }
    }

    // With Sobol indices of the weights: N·(k + 2) = 30,000 evaluations.
    Benchmark(
        "uncertainty + Sobol: 200 × 50, N = 10,000 (30,000 evaluations)",
        configuration: .init(metrics: [.wallClock, .cpuTotal, milliseconds], maxIterations: 5)
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try prepared.uncertainty(CompositeUncertaintyOptions(draws: draws, seed: 1, sobol: true)))
            let t = seconds(clock.now - start)
            log.add("sobol_seconds", t)
            benchmark.measurement(milliseconds, Int(t * 1000))
        }
    }
}
