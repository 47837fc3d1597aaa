// STL benchmarks: 10,000 monthly series of length 240, non-robust, R's
// defaults for s.window = 7 (t.window 23, l.window 13, inner 2, outer 0).
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target DecompositionBenchmarks
// then the peers on the same data (they regenerate it from the formula below):
//   Rscript peers/stl_peer.R            python3 peers/stl_peer.py
// The median series/s of each benchmark is written to
// $TMPDIR/strata_stl_benchmark.txt (default /tmp), which the peers read to
// print the ratios.
//
// Data (identical in the peers): series j = 0…9,999, t = 0…239,
//   y[j, t] = 100 + 0.05·t·((j mod 7) − 3) + 10·sin(2πt/12 + 0.37·j) + 3·sin(0.7·t·(1 + (j mod 13)) + j)
import Benchmark
import Foundation
import StrataNumerics

let seriesCount = 10_000
let length = 240

func benchmarkSeries() -> [[Double]] {
    (0..<seriesCount).map { j in
        (0..<length).map { t in
            let tt = Double(t), jj = Double(j)
            return 100 + 0.05 * tt * Double(j % 7 - 3) + 10 * sin(2 * Double.pi * tt / 12 + 0.37 * jj)
                + 3 * sin(0.7 * tt * Double(1 + j % 13) + jj)
        }
    }
}

let seriesPerSecond = BenchmarkMetric.custom("series/s", polarity: .prefersLarger, useScalingFactor: false)

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ x: [Double]) -> Double {
    let s = x.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Store the median rate of a benchmark's iterations for the peers' ratio.
func record(_ name: String, _ value: Double) {
    let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let path = (dir as NSString).appendingPathComponent("strata_stl_benchmark.txt")
    var lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    lines.removeAll { $0.hasPrefix(name + "=") }
    lines.append("\(name)=\(Int(value))")
    try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

let benchmarks: @Sendable () -> Void = {
    // The machine is shared: 25 iterations (or 10 s) per benchmark, and the
    // best as well as the median rate is recorded (name_best).
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, seriesPerSecond], maxDuration: .seconds(10), maxIterations: 25)

    let series = benchmarkSeries()
    let batch = (try? Matrix(columnArrays: series)) ?? Matrix(rows: 0, columns: 0)
    let parameters = STL.Parameters(period: 12, seasonalWindow: .span(7))
    let defaultThreads = BLAS.threadCount

    /// Time `body` once per iteration and record the median series/s under `name`.
    func rateBenchmark(_ title: String, record name: String, threads: Int? = nil, _ body: @escaping @Sendable () throws -> Void) {
        Benchmark(title) { benchmark in
            if let threads { BLAS.setThreadCount(threads) }
            defer { BLAS.setThreadCount(defaultThreads) }
            let clock = ContinuousClock()
            var rates: [Double] = []
            for _ in benchmark.scaledIterations {
                let start = clock.now
                try body()
                let rate = Double(seriesCount) / seconds(clock.now - start)
                benchmark.measurement(seriesPerSecond, Int(rate))
                rates.append(rate)
            }
            record(name, median(rates))
            record(name + "_best", rates.max() ?? .nan)
        }
    }

    // Stages of the operator path, to see where the time goes.
    let resolved = try? parameters.resolved(length: length)
    let stageOperator = resolved.flatMap { try? STLOperator(parameters: $0) }
    if let op = stageOperator {
        for threads in Set([1, defaultThreads]).sorted() {
            // What the batch path did before: two full n × n dgemms.
            rateBenchmark("STL stage: two full 240×240 dgemms (previous path), BLAS threads \(threads)",
                          record: "stage_two_full_gemms_blas\(threads)", threads: threads) {
                blackHole(try BLAS.gemm(op.trend, batch))
                blackHole(try BLAS.gemm(op.seasonal, batch))
            }
            // One n × n operator: the 458,000 series/s figure.
            rateBenchmark("STL stage: one 240×240 dgemm (seasonal), BLAS threads \(threads)",
                          record: "stage_one_full_gemm_blas\(threads)", threads: threads) {
                blackHole(try BLAS.gemm(op.seasonal, batch))
            }
            // The new operator application: seasonal dgemm + 81-row trend dgemm + interpolation.
            rateBenchmark("STL stage: STLOperator.apply (reduced rows), BLAS threads \(threads)",
                          record: "stage_apply_blas\(threads)", threads: threads) {
                blackHole(try op.apply(to: batch))
            }
        }
    }
    rateBenchmark("STL stage: [[Double]] → Matrix(columnArrays:)", record: "stage_to_matrix") {
        blackHole(try Matrix(columnArrays: series))
    }
    if let full = try? BatchSTL.decompose(batch, parameters: parameters) {
        rateBenchmark("STL stage: remainder of a batch result", record: "stage_remainder") {
            blackHole(full.remainder)
        }
        rateBenchmark("STL stage: trend and seasonal strengths of a batch result", record: "stage_strengths") {
            blackHole(full.trendStrengths)
            blackHole(full.seasonalStrengths)
        }
    }
    rateBenchmark("STL batch: decompose + remainder + strengths, cached operator",
                  record: "batch_full") {
        let result = try BatchSTL.decompose(batch, parameters: parameters)
        blackHole(result.remainder)
        blackHole(result.trendStrengths)
        blackHole(result.seasonalStrengths)
    }

    for threads in Set([1, defaultThreads]).sorted() {
        Benchmark("STL batch: linear operator, 10,000×240, cached operator, BLAS threads \(threads)") { benchmark in
            let cache = STLOperatorCache(capacity: 1)
            _ = try cache.operator(for: parameters.resolved(length: length))
            BLAS.setThreadCount(threads)
            defer { BLAS.setThreadCount(defaultThreads) }
            let clock = ContinuousClock()
            var rates: [Double] = []
            for _ in benchmark.scaledIterations {
                let start = clock.now
                blackHole(try BatchSTL.decompose(batch, parameters: parameters, cache: cache))
                let rate = Double(seriesCount) / seconds(clock.now - start)
                benchmark.measurement(seriesPerSecond, Int(rate))
                rates.append(rate)
            }
            record("batch_blas\(threads)", median(rates))
            record("batch_blas\(threads)_best", rates.max() ?? .nan)
        }
    }

    Benchmark("STL batch: linear operator including building it (cold cache)") { benchmark in
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in benchmark.scaledIterations {
            let cache = STLOperatorCache(capacity: 1)
            let start = clock.now
            blackHole(try BatchSTL.decompose(batch, parameters: parameters, cache: cache))
            let rate = Double(seriesCount) / seconds(clock.now - start)
            benchmark.measurement(seriesPerSecond, Int(rate))
            rates.append(rate)
        }
        record("batch_cold", median(rates))
        record("batch_cold_best", rates.max() ?? .nan)
    }

    Benchmark("STL per series: stl.f path, parallel over all cores") { benchmark in
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try Parallel.map(seriesCount) { j in try STL.decompose(series[j], parameters: parameters) })
            let rate = Double(seriesCount) / seconds(clock.now - start)
            benchmark.measurement(seriesPerSecond, Int(rate))
            rates.append(rate)
        }
        record("per_series_parallel", median(rates))
        record("per_series_parallel_best", rates.max() ?? .nan)
    }

    Benchmark("STL per series: stl.f path, one thread") { benchmark in
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in benchmark.scaledIterations {
            let start = clock.now
            for j in 0..<seriesCount { blackHole(try STL.decompose(series[j], parameters: parameters)) }
            let rate = Double(seriesCount) / seconds(clock.now - start)
            benchmark.measurement(seriesPerSecond, Int(rate))
            rates.append(rate)
        }
        record("per_series_1thread", median(rates))
        record("per_series_1thread_best", rates.max() ?? .nan)
    }

    Benchmark("STL per series: robust (inner 1, outer 15), parallel") { benchmark in
        let robust = STL.Parameters(period: 12, seasonalWindow: .span(7), robust: true)
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try Parallel.map(seriesCount) { j in try STL.decompose(series[j], parameters: robust) })
            let rate = Double(seriesCount) / seconds(clock.now - start)
            benchmark.measurement(seriesPerSecond, Int(rate))
            rates.append(rate)
        }
        record("robust_parallel", median(rates))
    }
}
