// Linear-algebra benchmarks: dgemm throughput and batches of small
// least-squares fits (the shape of per-window trend regressions).
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target LinearAlgebraBenchmarks
// The custom metrics report MFLOP/s and fits/s. dgemm counts 2n³ flops per
// product; the least-squares benchmarks count the nominal Householder QR
// flops of each fit, 2mn² − 2n³/3 (Golub & Van Loan), whatever the solver, so
// their MFLOP/s shows how far small problems are from the dgemm rate.
import Benchmark
import StrataNumerics

/// Deterministic pseudo-random matrix (SplitMix64), so every run times the same data.
func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var rng = SplitMix64(seed: seed)
    var m = Matrix(rows: rows, columns: columns)
    for j in 0..<columns {
        for i in 0..<rows {
            m[i, j] = rng.nextHalfOpenUniform() * 2 - 1
        }
    }
    return m
}

let mflops = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
let fitsPerSecond = BenchmarkMetric.custom("fits/s", polarity: .prefersLarger, useScalingFactor: false)

/// Nominal flops of a Householder QR least-squares fit of an m × n system.
func qrFlops(_ m: Int, _ n: Int) -> Double {
    2 * Double(m) * Double(n * n) - 2 * Double(n * n * n) / 3
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 50)

    for n in [256, 1024] {
        let a = randomMatrix(rows: n, columns: n, seed: 1)
        let b = randomMatrix(rows: n, columns: n, seed: 2)
        Benchmark(
            "dgemm n=\(n) (BLAS threads \(BLAS.threadCount))",
            configuration: .init(metrics: [.wallClock, mflops])
        ) { benchmark in
            let clock = ContinuousClock()
            for _ in benchmark.scaledIterations {
                let start = clock.now
                blackHole(try BLAS.gemm(a, b))
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(mflops, Int(2 * Double(n * n * n) / seconds / 1e6))
            }
        }
    }

    // 10,000 independent 24×3 fits (intercept, trend, a covariate), QR with
    // refinement, in parallel over problems (BLAS pinned to 1 thread).
    let problems = 10_000
    let m = 24, p = 3
    let designs: [Matrix] = (0..<problems).map { k in
        var d = randomMatrix(rows: m, columns: p, seed: UInt64(100 + k))
        for i in 0..<m {
            d[i, 0] = 1
            d[i, 1] = Double(i)
        }
        return d
    }
    let responses: [[Double]] = (0..<problems).map { k in randomMatrix(rows: m, columns: 1, seed: UInt64(50_000 + k)).column(0) }
    Benchmark(
        "least squares: 10,000 separate 24×3 fits (QR refined, parallel)",
        configuration: .init(metrics: [.wallClock, fitsPerSecond, mflops])
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try Parallel.map(problems) { k in try LeastSquares.solve(designs[k], responses[k]) })
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(fitsPerSecond, Int(Double(problems) / seconds))
            benchmark.measurement(mflops, Int(Double(problems) * qrFlops(m, p) / seconds / 1e6))
        }
    }
    Benchmark(
        "least squares: 10,000 separate 24×3 fits (SVD, parallel)",
        configuration: .init(metrics: [.wallClock, fitsPerSecond, mflops])
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try Parallel.map(problems) { k in try LeastSquares.solve(designs[k], responses[k], method: .svd()) })
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(fitsPerSecond, Int(Double(problems) / seconds))
            benchmark.measurement(mflops, Int(Double(problems) * qrFlops(m, p) / seconds / 1e6))
        }
    }

    // One shared 240×3 design (a common calendar) and 10,000 responses:
    // one factorisation, many right-hand sides (fits/s only: the flops per
    // right-hand side are not those of a separate fit).
    let shared = designs[0]
    var tall = Matrix(rows: 240, columns: 3)
    for i in 0..<240 {
        tall[i, 0] = 1
        tall[i, 1] = Double(i)
        tall[i, 2] = shared[i % m, 2]
    }
    let batch = randomMatrix(rows: 240, columns: problems, seed: 9)
    Benchmark(
        "least squares: 240×3 design, 10,000 right-hand sides (SVD, one call)",
        configuration: .init(metrics: [.wallClock, fitsPerSecond])
    ) { benchmark in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let start = clock.now
            blackHole(try LeastSquares.solve(tall, batch, method: .svd()))
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(fitsPerSecond, Int(Double(problems) / seconds))
        }
    }
}
