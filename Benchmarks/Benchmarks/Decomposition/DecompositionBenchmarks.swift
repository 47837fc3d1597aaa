// STL benchmarks: 10,000 monthly series of length 240, non-robust, R's
// defaults for s.window = 7 (t.window 23, l.window 13, inner 2, outer 0).
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target DecompositionBenchmarks
// then the peers on the same data (they regenerate it from the formula below):
//   Rscript peers/stl_peer.R            python3 peers/stl_peer.py
// The median and the best series/s of each benchmark (over all its
// iterations) are written to $TMPDIR/strata_stl_benchmark.txt (default /tmp)
// as `name=…` and `name_best=…`, which the peers read to print the ratios.
// Names starting with `stage_` time one stage of the operator path only.
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

/// Write a figure for the peers' ratio (one `name=value` line per figure).
func record(_ name: String, _ value: Double) {
    let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let path = (dir as NSString).appendingPathComponent("strata_stl_benchmark.txt")
    var lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    lines.removeAll { $0.hasPrefix(name + "=") }
    lines.append("\(name)=\(Int(value))")
    try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

/// Every rate measured so far, per figure name. package-benchmark calls a
/// benchmark's closure once per iteration, so the rates are gathered here
/// and the median and best rewritten after each iteration.
final class RateLog: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var rates: [String: [Double]] = [:]
    static let shared = RateLog()

    func add(_ name: String, _ rate: Double) {
        lock.lock()
        rates[name, default: []].append(rate)
        let all = rates[name] ?? []
        lock.unlock()
        record(name, median(all))
        record(name + "_best", all.max() ?? .nan)
    }
}

/// A batch result kept between benchmark iterations (the benchmark closure
/// runs one iteration at a time, so the lock is never contended).
final class ReusedResult: @unchecked Sendable {
    private let lock = NSLock()
    private var result: BatchSTL.Result?

    init(_ result: BatchSTL.Result?) { self.result = result }

    func decompose(_ batch: Matrix, parameters: STL.Parameters, cache: STLOperatorCache) throws {
        lock.lock()
        defer { lock.unlock() }
        guard var r = result else { return }
        result = nil  // keep the storage uniquely referenced while it is overwritten
        try BatchSTL.decompose(batch, parameters: parameters, cache: cache, into: &r)
        blackHole(r.trend[0, 0] + r.seasonal[0, 0])
        result = r
    }
}

let benchmarks: @Sendable () -> Void = {
    // The machine is shared: 25 iterations (or 10 s) per benchmark; the
    // median and the best rate are both recorded.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, seriesPerSecond], maxDuration: .seconds(10), maxIterations: 25)

    let series = benchmarkSeries()
    let batch = (try? Matrix(columnArrays: series)) ?? Matrix(rows: 0, columns: 0)
    let parameters = STL.Parameters(period: 12, seasonalWindow: .span(7))
    let robust = STL.Parameters(period: 12, seasonalWindow: .span(7), robust: true)
    let defaultThreads = BLAS.threadCount
    let resolved = try? parameters.resolved(length: length)
    // Built once, outside every timed region.
    let warmCache = STLOperatorCache(capacity: 1)
    let op = resolved.flatMap { try? warmCache.operator(for: $0) }

    /// Time `body` (one call per iteration) and log its series/s under `name`.
    func rateBenchmark(
        _ title: String, record name: String, threads: Int? = nil, _ body: @escaping @Sendable () throws -> Void
    ) {
        Benchmark(title) { benchmark in
            if let threads { BLAS.setThreadCount(threads) }
            defer { BLAS.setThreadCount(defaultThreads) }
            let clock = ContinuousClock()
            for _ in benchmark.scaledIterations {
                let start = clock.now
                try body()
                let rate = Double(seriesCount) / seconds(clock.now - start)
                benchmark.measurement(seriesPerSecond, Int(rate))
                RateLog.shared.add(name, rate)
            }
        }
    }

    for threads in Set([1, defaultThreads]).sorted() {
        rateBenchmark(
            "STL batch: linear operator, 10,000×240, cached operator, BLAS threads \(threads)",
            record: "batch_blas\(threads)", threads: threads
        ) {
            blackHole(try BatchSTL.decompose(batch, parameters: parameters, cache: warmCache))
        }
    }
    // The same decomposition into the previous iteration's result: its
    // trend and seasonal storage is overwritten instead of allocated and
    // page-faulted afresh (BatchSTL.decompose(_:parameters:cache:into:)).
    let reused = ReusedResult(try? BatchSTL.decompose(batch, parameters: parameters, cache: warmCache))
    for threads in Set([1, defaultThreads]).sorted() {
        rateBenchmark(
            "STL batch: linear operator into a reused result, BLAS threads \(threads)",
            record: "batch_reuse_blas\(threads)", threads: threads
        ) {
            try reused.decompose(batch, parameters: parameters, cache: warmCache)
        }
    }
    rateBenchmark("STL batch: decompose + remainder + strengths, cached operator", record: "batch_full") {
        let result = try BatchSTL.decompose(batch, parameters: parameters, cache: warmCache)
        blackHole(result.remainder)
        blackHole(result.trendStrengths)
        blackHole(result.seasonalStrengths)
    }
    rateBenchmark("STL batch: linear operator including building it (cold cache)", record: "batch_cold") {
        blackHole(try BatchSTL.decompose(batch, parameters: parameters, cache: STLOperatorCache(capacity: 1)))
    }

    // Stages of the operator path, to see where the time goes.
    if let op {
        for threads in Set([1, defaultThreads]).sorted() {
            // What the batch path did before: two full n × n dgemms.
            rateBenchmark(
                "STL stage: two full 240×240 dgemms (previous path), BLAS threads \(threads)",
                record: "stage_two_full_gemms_blas\(threads)", threads: threads
            ) {
                blackHole(try BLAS.gemm(op.trend, batch))
                blackHole(try BLAS.gemm(op.seasonal, batch))
            }
            // One n × n operator: the 458,000 series/s figure.
            rateBenchmark(
                "STL stage: one 240×240 dgemm (seasonal), BLAS threads \(threads)",
                record: "stage_one_full_gemm_blas\(threads)", threads: threads
            ) {
                blackHole(try BLAS.gemm(op.seasonal, batch))
            }
            // Seasonal dgemm + 81-row trend dgemm + interpolation.
            rateBenchmark(
                "STL stage: STLOperator.apply (reduced rows), BLAS threads \(threads)",
                record: "stage_apply_blas\(threads)", threads: threads
            ) {
                blackHole(try op.apply(to: batch))
            }
        }
    }
    // Previous and current operator application interleaved in the same
    // iteration (order alternating), both results alive until the end as in a
    // batch result, so machine load hits both alike.
    if let op {
        for threads in Set([1, defaultThreads]).sorted() {
            Benchmark("STL A/B: two full dgemms vs STLOperator.apply, interleaved, BLAS threads \(threads)") { benchmark in
                BLAS.setThreadCount(threads)
                defer { BLAS.setThreadCount(defaultThreads) }
                let clock = ContinuousClock()
                for i in benchmark.scaledIterations {
                    for step in 0..<2 {
                        let start = clock.now
                        if (step + i) % 2 == 0 {
                            let t = try BLAS.gemm(op.trend, batch)
                            let s = try BLAS.gemm(op.seasonal, batch)
                            blackHole((t, s))
                            RateLog.shared.add("stage_ab_two_full_gemms_blas\(threads)", Double(seriesCount) / seconds(clock.now - start))
                        } else {
                            blackHole(try op.apply(to: batch))
                            RateLog.shared.add("stage_ab_apply_blas\(threads)", Double(seriesCount) / seconds(clock.now - start))
                        }
                    }
                }
            }
        }
    }
    rateBenchmark("STL stage: [[Double]] → Matrix(columnArrays:)", record: "stage_to_matrix") {
        blackHole(try Matrix(columnArrays: series))
    }
    if let full = try? BatchSTL.decompose(batch, parameters: parameters, cache: warmCache) {
        rateBenchmark("STL stage: remainder of a batch result", record: "stage_remainder") {
            blackHole(full.remainder)
        }
        rateBenchmark("STL stage: trend and seasonal strengths of a batch result", record: "stage_strengths") {
            blackHole(full.trendStrengths)
            blackHole(full.seasonalStrengths)
        }
    }

    rateBenchmark("STL per series: stl.f path, parallel over all cores", record: "per_series_parallel") {
        blackHole(try Parallel.map(seriesCount) { j in try STL.decompose(series[j], parameters: parameters) })
    }
    rateBenchmark("STL per series: stl.f path, one thread", record: "per_series_1thread") {
        for j in 0..<seriesCount { blackHole(try STL.decompose(series[j], parameters: parameters)) }
    }
    rateBenchmark("STL per series: robust (inner 1, outer 15), parallel", record: "robust_parallel") {
        blackHole(try Parallel.map(seriesCount) { j in try STL.decompose(series[j], parameters: robust) })
    }
}
