import Foundation

/// Non-robust STL as a linear operator: for a fixed length and parameters,
/// `trend = A_trend · y` and `seasonal = A_seasonal · y`.
///
/// Every step of non-robust STL (LOESS with data-independent weights, moving
/// averages, differences, R's periodic averaging) is linear in `y`, so the
/// columns of the operators are the decompositions of the unit vectors
/// `e_1 … e_n`; that is exactly how they are built here (one STL run per
/// column, in parallel), so they agree with ``STL/decompose(_:parameters:transform:)``
/// to rounding (about 1e-13 relative).
///
/// Not every row has to be multiplied: the trend LOESS of `stless` is fitted
/// only every `trendJump`-th point (and at the last) and linearly
/// interpolated in between, and with a periodic seasonal window every cycle
/// repeats; ``apply(to:)`` uses only those rows. The full ``trend`` and
/// ``seasonal`` matrices stay available.
public struct STLOperator: Sendable, Equatable {
    /// The parameters (and length) the operators apply to.
    public let parameters: STL.ResolvedParameters
    /// `n × n`: trend = `trend · y`.
    public let trend: Matrix
    /// `n × n`: seasonal = `seasonal · y`.
    public let seasonal: Matrix
    /// 0-based rows at which the trend LOESS is fitted (see ``apply(to:)``).
    let trendKnots: [Int]
    /// The rows of ``trend`` at ``trendKnots``; `nil` when every row is a knot.
    let trendAtKnots: Matrix?
    /// The first `period` rows of ``seasonal`` when the window is periodic, else `nil`.
    let seasonalCycle: Matrix?

    /// Build the operators for one length and non-robust parameter set.
    ///
    /// - Parameter parameters: resolved parameters with `outerIterations == 0`.
    /// - Returns: the two `n × n` operators.
    /// - Throws: ``DecompositionError/invalidParameter(name:detail:)`` when the
    ///   parameters are robust (robust STL is not linear) or `n` exceeds
    ///   ``BatchSTL/maximumOperatorLength``.
    /// - Complexity: `n` STL runs, parallel over ``Parallel/defaultConcurrency``
    ///   threads; `2·n²` doubles of memory.
    public init(parameters: STL.ResolvedParameters) throws {
        guard !parameters.isRobust else {
            throw DecompositionError.invalidParameter(
                name: "outer", detail: "must be 0 for the linear operator (robust STL is not linear)")
        }
        let n = parameters.length
        guard n <= BatchSTL.maximumOperatorLength else {
            throw DecompositionError.invalidParameter(
                name: "length", detail: "\(n) exceeds \(BatchSTL.maximumOperatorLength) for the linear operator")
        }
        let core = STLCore(parameters)
        let columns = try Parallel.map(n) { j -> ([Double], [Double]) in
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let fit = core.run(e)
            return (fit.trend, fit.seasonal)
        }
        self.parameters = parameters
        self.trend = try Matrix(rows: n, columns: n, columnMajor: columns.flatMap(\.0))
        self.seasonal = try Matrix(rows: n, columns: n, columnMajor: columns.flatMap(\.1))
        // The trend LOESS is fitted only at its knots and linearly
        // interpolated in between (`stless` with `jump`), so the rows of
        // `trend` at the knots determine every other row.
        let knots = Self.loessKnots(length: n, jump: parameters.trendJump)
        trendKnots = knots
        if knots.count < n {
            var rows = [Double](repeating: 0, count: knots.count * n)
            for j in 0..<n {
                for (p, i) in knots.enumerated() { rows[p + j * knots.count] = columns[j].0[i] }
            }
            trendAtKnots = try Matrix(rows: knots.count, columns: n, columnMajor: rows)
        } else {
            trendAtKnots = nil
        }
        // R's periodic post-processing makes row i of `seasonal` equal row
        // i mod period: the first period rows determine the rest.
        let np = parameters.period
        if parameters.periodic && np < n {
            var rows = [Double](repeating: 0, count: np * n)
            for j in 0..<n {
                for i in 0..<np { rows[i + j * np] = columns[j].1[i] }
            }
            seasonalCycle = try Matrix(rows: np, columns: n, columnMajor: rows)
        } else {
            seasonalCycle = nil
        }
    }

    /// 0-based positions at which `stless` fits a LOESS with `jump`: every
    /// `jump`-th position from the first, and the last.
    static func loessKnots(length n: Int, jump: Int) -> [Int] {
        guard n >= 2 else { return Array(0..<max(n, 0)) }
        let h = max(1, min(jump, n - 1))
        var knots = Array(stride(from: 0, through: n - 1, by: h))
        if knots.last != n - 1 { knots.append(n - 1) }
        return knots
    }

    /// Apply both operators to a batch: `trend = A_trend · Y`, `seasonal = A_seasonal · Y`.
    ///
    /// Only the rows that carry information are multiplied: the trend at
    /// the knots of the trend LOESS (about `n / trendJump` rows), then the
    /// rows in between by the same linear interpolation `stless` uses
    /// (`start + delta·d`, `delta = (end − start) / gap`); and, when the
    /// seasonal window is periodic, the first `period` seasonal rows, then
    /// repeated. For R's defaults with `s.window = 7` and monthly data that
    /// is `n + n/3` rows instead of `2n` (1.5× fewer flops); for periodic,
    /// `period + n/3`.
    ///
    /// - Parameter batch: `n × k`, one complete (finite) series per column,
    ///   `n` = ``STL/ResolvedParameters/length``.
    /// - Returns: trend and seasonal, each `n × k`; they equal applying
    ///   ``trend`` and ``seasonal`` to `batch` to rounding (about 1e-13 relative).
    /// - Throws: ``DecompositionError/invalidParameter(name:detail:)`` (`batch`)
    ///   when `batch.rows` is not the operator's length.
    /// - Complexity: two `dgemm`s of `(knots + seasonal rows) · n · k` multiply–adds,
    ///   using OpenBLAS's configured threads (``BLAS/currentThreadCount``), plus
    ///   `O(n·k)` for the interpolation, single-threaded.
    public func apply(to batch: Matrix) throws -> (trend: Matrix, seasonal: Matrix) {
        let n = parameters.length
        guard batch.rows == n else {
            throw DecompositionError.invalidParameter(
                name: "batch", detail: "has \(batch.rows) rows; the operator is for length \(n)")
        }
        let k = batch.columns
        let seasonalOut: Matrix
        if let cycle = seasonalCycle {
            let s = try BLAS.gemm(cycle, batch).elements
            let np = cycle.rows
            var out = [Double]()
            out.reserveCapacity(n * k)
            for c in 0..<k {
                let base = c * np
                var i = 0
                while i < n {
                    let end = min(n - i, np)
                    for r in 0..<end { out.append(s[base + r]) }
                    i += np
                }
            }
            seasonalOut = try Matrix(rows: n, columns: k, columnMajor: out)
        } else {
            seasonalOut = try BLAS.gemm(seasonal, batch)
        }
        let trendOut: Matrix
        if let atKnots = trendAtKnots {
            let e = try BLAS.gemm(atKnots, batch).elements
            trendOut = try Matrix(
                rows: n, columns: k,
                columnMajor: Self.interpolate(e, knots: trendKnots, length: n, columns: k))
        } else {
            trendOut = try BLAS.gemm(trend, batch)
        }
        return (trendOut, seasonalOut)
    }

    /// Apply both operators to a batch, writing into `trend` and `seasonal`
    /// and reusing their storage.
    ///
    /// The same computation as ``apply(to:)`` (to rounding: the products at
    /// the knots are interpolated in place), but when `trend` and `seasonal`
    /// already have the shape `n × k` and their storage is not shared, no
    /// memory is allocated. For a batch of 10,000 × 240 the outputs are 38 MB,
    /// and touching freshly mapped pages costs about as much as the
    /// multiplications, so repeated batch runs (backtests, benchmarks, a
    /// service) should keep their outputs and call this.
    ///
    /// - Parameters:
    ///   - batch: `n × k`, one complete (finite) series per column.
    ///   - trend: receives the trend; replaced by a new `n × k` matrix when its shape differs.
    ///   - seasonal: receives the seasonal component; same rule.
    /// - Throws: ``DecompositionError/invalidParameter(name:detail:)`` (`batch`)
    ///   when `batch.rows` is not the operator's length.
    /// - Complexity: as ``apply(to:)``, with no allocation when the outputs are reusable.
    public func apply(to batch: Matrix, trend: inout Matrix, seasonal: inout Matrix) throws {
        let n = parameters.length
        guard batch.rows == n else {
            throw DecompositionError.invalidParameter(
                name: "batch", detail: "has \(batch.rows) rows; the operator is for length \(n)")
        }
        let k = batch.columns
        if trend.rows != n || trend.columns != k { trend = Matrix(rows: n, columns: k) }
        if seasonal.rows != n || seasonal.columns != k { seasonal = Matrix(rows: n, columns: k) }
        if let cycle = seasonalCycle {
            // The first `period` rows, then repeated down each column.
            try BLAS.gemm(cycle, batch, intoLeadingRowsOf: &seasonal)
            let np = cycle.rows
            for c in 0..<k where np > 0 {
                for i in np..<n { seasonal[i, c] = seasonal[i - np, c] }
            }
        } else {
            try BLAS.gemm(self.seasonal, batch, intoLeadingRowsOf: &seasonal)
        }
        if let atKnots = trendAtKnots {
            // Values at the knots land in the leading rows; spreading them to
            // their rows from the last knot backwards never overwrites a knot
            // value not yet read (knot p sits at row p ≤ knots[p]).
            try BLAS.gemm(atKnots, batch, intoLeadingRowsOf: &trend)
            let knots = trendKnots
            let m = knots.count
            for c in 0..<k where m > 0 {
                var next = trend[m - 1, c]
                trend[knots[m - 1], c] = next
                var p = m - 2
                while p >= 0 {
                    let start = trend[p, c]
                    let gap = knots[p + 1] - knots[p]
                    if gap > 1 {
                        let delta = (next - start) / Double(gap)
                        for d in stride(from: gap - 1, through: 1, by: -1) {
                            trend[knots[p] + d, c] = start + delta * Double(d)
                        }
                    }
                    trend[knots[p], c] = start
                    next = start
                    p -= 1
                }
            }
        } else {
            try BLAS.gemm(self.trend, batch, intoLeadingRowsOf: &trend)
        }
    }

    /// Fill the rows between knots as `stless` does: from the values at the
    /// knots (`knots.count × k`, column-major) to `n × k`, column-major.
    static func interpolate(_ e: [Double], knots: [Int], length n: Int, columns k: Int) -> [Double] {
        let m = knots.count
        var out = [Double]()
        out.reserveCapacity(n * k)
        guard m > 0, e.count == m * k else { return [Double](repeating: .nan, count: n * k) }
        for c in 0..<k {
            let base = c * m
            for p in 0..<(m - 1) {
                let start = e[base + p]
                let gap = knots[p + 1] - knots[p]
                out.append(start)
                if gap > 1 {
                    let delta = (e[base + p + 1] - start) / Double(gap)
                    for d in 1..<gap { out.append(start + delta * Double(d)) }
                }
            }
            out.append(e[base + m - 1])
        }
        return out
    }
}

/// A thread-safe, size-bounded cache of ``STLOperator``s keyed by length and
/// parameters. When full, the oldest entry is evicted.
public final class STLOperatorCache: @unchecked Sendable {
    // All mutable state is guarded by `lock`.
    private let lock = NSLock()
    private var entries: [STL.ResolvedParameters: STLOperator] = [:]
    private var order: [STL.ResolvedParameters] = []
    /// Maximum number of operator pairs kept.
    public let capacity: Int

    /// The process-wide cache used by default (8 entries).
    public static let shared = STLOperatorCache(capacity: 8)

    /// A cache holding at most `capacity` (at least 1) operator pairs.
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The operators for `parameters`, built (outside the lock) on first use.
    ///
    /// - Throws: what ``STLOperator/init(parameters:)`` throws.
    /// - Complexity: O(1) on a hit; see ``STLOperator/init(parameters:)`` on a miss.
    public func `operator`(for parameters: STL.ResolvedParameters) throws -> STLOperator {
        lock.lock()
        if let hit = entries[parameters] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let built = try STLOperator(parameters: parameters)
        lock.lock()
        defer { lock.unlock() }
        if let raced = entries[parameters] { return raced }
        entries[parameters] = built
        order.append(parameters)
        while order.count > capacity { entries[order.removeFirst()] = nil }
        return built
    }

    /// Number of operator pairs held.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// Drop every cached operator.
    public func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries = [:]
        order = []
    }
}

/// STL for many series of the same length at once.
///
/// Complete series under non-robust parameters are decomposed with one
/// `dgemm` per component against the cached ``STLOperator`` (`T = A_trend·Y`,
/// `S = A_seasonal·Y`, `R = Y − T − S`), multiplying only the rows that
/// carry information (see ``STLOperator/apply(to:)``). Robust parameters, and series with
/// missing values, fall back to per-series ``STL`` run in parallel with
/// ``Parallel/map(_:maxConcurrency:_:)``. Both paths agree to 1e-9 (tested;
/// observed about 1e-13).
///
/// ## Measured
/// 10,000 monthly series of length 240, R's parameters for `s.window = 7`,
/// release build, 2 cores shared with other builds (load 3–4), 2026-11-29:
/// about 147,000 series/s through the operator path (cached operator, one
/// BLAS thread) against R 4.2.2's `stl` at about 6,000 series/s in the same
/// session (≈ 24×) and statsmodels 0.15 at about 2,800 (≈ 53×); about
/// 233,000 (≈ 39× R) when glibc keeps freed memory mapped between calls
/// (first touch of the 2 × 19 MB of output is the other big cost besides
/// the dgemms). The per-series path does about 12,800 series/s on one
/// thread. See `Benchmarks/Benchmarks/Decomposition/README.md`.
///
/// - Threads: the `dgemm` uses OpenBLAS's own thread count
///   (``BLAS/threadCount``); the per-series path pins OpenBLAS to one thread
///   and uses all cores.
public enum BatchSTL {
    /// Longest series handled by the operator path (two `n × n` matrices:
    /// 2,000 is 64 MB); longer series go through per-series STL.
    public static let maximumOperatorLength = 2000

    /// How one column was decomposed.
    public enum Method: String, Sendable, Codable, Equatable {
        /// One `dgemm` with the cached linear operator.
        case linearOperator
        /// Per-series STL (robust, missing values, or too long).
        case perSeries
    }

    /// Components of a batch, each `n × k` (column `j` is series `j`), on
    /// the transformed scale when a transform was given.
    public struct Result: Sendable, Codable, Equatable {
        /// The series decomposed, on the transformed scale (the input itself
        /// when there is no transform: storage is shared, not copied).
        public var transformed: Matrix
        /// Trend, `n × k`.
        public var trend: Matrix
        /// Seasonal component, `n × k`.
        public var seasonal: Matrix
        /// The transform applied before decomposing.
        public var transform: Transform
        /// How each column was decomposed.
        public var methods: [Method]
        /// Warnings per column (see ``Decomposition/warnings``).
        public var warnings: [[String]]
        /// The parameters used (resolved for the batch length).
        public var parameters: STL.ResolvedParameters
        /// Robustness weights of the columns fitted per series (keyed by column).
        var perSeriesWeights: [Int: [Double]]

        /// `transformed − trend − seasonal` (NaN at missing values).
        ///
        /// - Complexity: O(n·k), computed on each access (one allocation).
        public var remainder: Matrix {
            var r = transformed.elements
            let t = trend.elements, s = seasonal.elements
            // Same order of operations as ``Decomposition/remainder``.
            for i in r.indices { r[i] = r[i] - s[i] - t[i] }
            return (try? Matrix(rows: transformed.rows, columns: transformed.columns, columnMajor: r)) ?? transformed
        }

        /// `inverse(transformed − seasonal)`: seasonally adjusted, on the original scale.
        ///
        /// - Complexity: O(n·k), computed on each access (one allocation).
        public var seasonallyAdjusted: Matrix {
            var a = transformed.elements
            let s = seasonal.elements
            for i in a.indices { a[i] -= s[i] }
            if transform != .none { a = transform.invert(a) }
            return (try? Matrix(rows: transformed.rows, columns: transformed.columns, columnMajor: a)) ?? transformed
        }

        /// Strength of trend of every column, Wang, Smith & Hyndman (2006):
        /// `max(0, 1 − Var(R) / Var(T + R))`, as ``Decomposition/trendStrength``
        /// (same formula and order of operations, so the same `Double`s).
        ///
        /// - Complexity: O(n·k), two passes per column, no per-series allocation.
        public var trendStrengths: [Double] { strengths(of: trend) }

        /// Strength of seasonality of every column, Wang, Smith & Hyndman (2006):
        /// `max(0, 1 − Var(R) / Var(S + R))`, as ``Decomposition/seasonalStrength``.
        ///
        /// - Complexity: O(n·k), two passes per column, no per-series allocation.
        public var seasonalStrengths: [Double] { strengths(of: seasonal) }

        /// ``DecompositionFeatures`` strength of `component` for each column,
        /// with the remainder `y − s − t` formed on the fly (NaN positions skipped).
        func strengths(of component: Matrix) -> [Double] {
            let n = transformed.rows
            let k = transformed.columns
            let y = transformed.elements, t = trend.elements, s = seasonal.elements, c = component.elements
            guard t.count == n * k, s.count == n * k, c.count == n * k else {
                return [Double](repeating: .nan, count: k)
            }
            var out = [Double](repeating: .nan, count: k)
            for j in 0..<k {
                let lo = j * n, hi = lo + n
                var count = 0
                var sumR = 0.0, sumCR = 0.0
                for i in lo..<hi {
                    let r = y[i] - s[i] - t[i]
                    if r.isNaN || c[i].isNaN { continue }
                    count += 1
                    sumR += r
                    sumCR += c[i] + r
                }
                guard count >= 2 else { continue }
                let meanR = sumR / Double(count), meanCR = sumCR / Double(count)
                var ssR = 0.0, ssCR = 0.0
                for i in lo..<hi {
                    let r = y[i] - s[i] - t[i]
                    if r.isNaN || c[i].isNaN { continue }
                    let cr = c[i] + r
                    ssR += (r - meanR) * (r - meanR)
                    ssCR += (cr - meanCR) * (cr - meanCR)
                }
                let vr = ssR / Double(count - 1), vcr = ssCR / Double(count - 1)
                guard vcr > 0, vcr.isFinite, vr.isFinite else { continue }
                out[j] = max(0, 1 - vr / vcr)
            }
            return out
        }

        /// Robustness weights: 1 on the operator path; the per-series fit's
        /// weights otherwise (0 at missing values).
        ///
        /// - Complexity: O(n·k), computed on each access (one allocation).
        public var weights: Matrix {
            var w = Matrix(rows: transformed.rows, columns: transformed.columns, repeating: 1)
            for (j, column) in perSeriesWeights {
                for (i, v) in column.enumerated() { w[i, j] = v }
            }
            return w
        }
    }

    /// Decompose every column of `batch` into an existing result, reusing its storage.
    ///
    /// Equal to ``decompose(_:parameters:transform:cache:)``; when every
    /// column takes the operator path and `result` holds matrices of the same
    /// shape whose storage is not shared elsewhere, the trend and seasonal
    /// matrices are overwritten in place instead of allocated (see
    /// ``STLOperator/apply(to:trend:seasonal:)`` for why that matters for
    /// large batches). Otherwise `result` is simply replaced.
    ///
    /// ```swift
    /// var result = try BatchSTL.decompose(first, parameters: p)
    /// for batch in batches { try BatchSTL.decompose(batch, parameters: p, into: &result) }
    /// ```
    ///
    /// - Parameters: as ``decompose(_:parameters:transform:cache:)``, plus
    ///   `result`, which receives the decomposition.
    /// - Throws: as ``decompose(_:parameters:transform:cache:)``; `result` is
    ///   unspecified after an error.
    /// - Complexity: as ``decompose(_:parameters:transform:cache:)``, without
    ///   allocating the outputs when they are reusable.
    public static func decompose(
        _ batch: Matrix, parameters: STL.Parameters, transform: Transform = .none,
        cache: STLOperatorCache = .shared, into result: inout Result
    ) throws {
        let n = batch.rows
        let resolved = try parameters.resolved(length: n)
        let operatorApplies = transform == .none && !resolved.isRobust && n <= maximumOperatorLength
            && batch.elements.allSatisfy(\.isFinite)
        guard operatorApplies, batch.columns > 0 else {
            result = try decompose(batch, parameters: parameters, transform: transform, cache: cache)
            return
        }
        let op = try cache.operator(for: resolved)
        // Move the matrices out so their storage is uniquely referenced here.
        var trend = result.trend
        var seasonal = result.seasonal
        result = Result(
            transformed: batch, trend: Matrix(rows: 0, columns: 0), seasonal: Matrix(rows: 0, columns: 0),
            transform: .none, methods: [], warnings: [], parameters: resolved, perSeriesWeights: [:])
        try op.apply(to: batch, trend: &trend, seasonal: &seasonal)
        result.trend = trend
        result.seasonal = seasonal
        result.methods = [Method](repeating: .linearOperator, count: batch.columns)
        result.warnings = [[String]](repeating: [], count: batch.columns)
    }

    /// Decompose every column of `batch`.
    ///
    /// - Parameters:
    ///   - batch: `n × k`, one series per column (`Matrix(columnArrays:)`); NaN = missing.
    ///   - parameters: STL settings (R's defaults for anything left `nil`).
    ///   - transform: applied to each series before decomposing.
    ///   - cache: where operators are kept between calls.
    /// - Returns: the components of every series.
    /// - Throws: ``DecompositionError`` for bad parameters, or
    ///   ``DecompositionError/inColumn(_:_:)`` naming the first series with bad values.
    /// - Complexity: operator path `O(n²·k)` flops in two `dgemm`s plus, on a
    ///   cache miss, `n` STL runs; per-series path as ``STL``, parallel.
    public static func decompose(
        _ batch: Matrix, parameters: STL.Parameters, transform: Transform = .none,
        cache: STLOperatorCache = .shared
    ) throws -> Result {
        let n = batch.rows
        let k = batch.columns
        let resolved = try parameters.resolved(length: n)
        // One pass over the batch: infinities are errors, NaN marks a gap.
        let raw = batch.elements
        var hasGap = [Bool](repeating: false, count: k)
        // Fast path: a batch of finite values needs no per-column bookkeeping.
        let allFinite = raw.allSatisfy { $0.isFinite }
        for j in 0..<k where !allFinite {
            var observed = 0
            for i in 0..<n {
                let v = raw[i + j * n]
                if v.isNaN {
                    hasGap[j] = true
                } else if v.isInfinite {
                    throw DecompositionError.inColumn(j, .nonFiniteValue(index: i))
                } else {
                    observed += 1
                }
            }
            if observed == 0 { throw DecompositionError.inColumn(j, .allMissing) }
        }
        // The transformed batch (the input itself when there is no transform).
        var y = batch
        if transform != .none {
            var values = [Double]()
            values.reserveCapacity(n * k)
            for j in 0..<k {
                do {
                    values.append(contentsOf: try transform.apply(Array(raw[(j * n)..<((j + 1) * n)])))
                } catch let error as DecompositionError {
                    throw DecompositionError.inColumn(j, error)
                }
            }
            y = try Matrix(rows: n, columns: k, columnMajor: values)
        }
        let yElements = y.elements
        let useOperator = !resolved.isRobust && n <= maximumOperatorLength
        var methods = [Method](repeating: .perSeries, count: k)
        var operatorColumns: [Int] = []
        var otherColumns: [Int] = []
        for j in 0..<k {
            if useOperator && !hasGap[j] {
                methods[j] = .linearOperator
                operatorColumns.append(j)
            } else {
                otherColumns.append(j)
            }
        }
        var warnings = [[String]](repeating: [], count: k)
        if k > 0 && operatorColumns.count == k {
            // Every series takes the operator path: two dgemms, no copies.
            let (trend, seasonal) = try cache.operator(for: resolved).apply(to: y)
            return Result(
                transformed: y, trend: trend, seasonal: seasonal,
                transform: transform, methods: methods, warnings: warnings, parameters: resolved,
                perSeriesWeights: [:])
        }
        var trend = [Double](repeating: 0, count: n * k)
        var seasonal = [Double](repeating: 0, count: n * k)
        var perSeriesWeights = [Int: [Double]]()
        if !operatorColumns.isEmpty {
            let op = try cache.operator(for: resolved)
            var gathered = [Double]()
            gathered.reserveCapacity(n * operatorColumns.count)
            for j in operatorColumns { gathered.append(contentsOf: yElements[(j * n)..<((j + 1) * n)]) }
            let sub = try Matrix(rows: n, columns: operatorColumns.count, columnMajor: gathered)
            let (subTrend, subSeasonal) = try op.apply(to: sub)
            let t = subTrend.elements
            let s = subSeasonal.elements
            for (c, j) in operatorColumns.enumerated() {
                for i in 0..<n {
                    trend[i + j * n] = t[i + c * n]
                    seasonal[i + j * n] = s[i + c * n]
                }
            }
        }
        let inputs = otherColumns.map { Array(yElements[($0 * n)..<(($0 + 1) * n)]) }
        let columnsToFit = otherColumns
        let fits = try Parallel.map(inputs.count) { c -> Decomposition in
            do {
                return try STL.decompose(inputs[c], resolved: resolved, transform: .none)
            } catch let error as DecompositionError {
                throw DecompositionError.inColumn(columnsToFit[c], error)
            }
        }
        for (c, j) in otherColumns.enumerated() {
            for i in 0..<n {
                trend[i + j * n] = fits[c].trend[i]
                seasonal[i + j * n] = fits[c].seasonal[i]
            }
            perSeriesWeights[j] = fits[c].weights
            warnings[j] = fits[c].warnings
        }
        return Result(
            transformed: y, trend: try Matrix(rows: n, columns: k, columnMajor: trend),
            seasonal: try Matrix(rows: n, columns: k, columnMajor: seasonal), transform: transform,
            methods: methods, warnings: warnings, parameters: resolved, perSeriesWeights: perSeriesWeights)
    }
}
