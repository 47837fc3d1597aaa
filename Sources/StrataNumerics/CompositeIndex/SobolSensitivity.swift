/// Variance-based sensitivity indices of a model with independent uniform
/// inputs, estimated by Monte Carlo on the Saltelli design.
///
/// Two independent `N × D` matrices `A` and `B` of uniforms are drawn
/// (SplitMix64, seeded); for each factor `i` (a group of one or more input
/// columns) `A_B⁽ⁱ⁾` is `A` with factor `i`'s columns taken from `B`. With `V`
/// the variance of the outputs on `A` and `B` together:
///
/// * first order (Saltelli et al. 2010, *Comput. Phys. Commun.* 181, Table 2 (b)):
///   `S_i = (1/N) Σ f(B)ⱼ (f(A_B⁽ⁱ⁾)ⱼ − f(A)ⱼ) / V`;
/// * total (Jansen 1999, Saltelli et al. 2010 Table 2 (f)):
///   `S_Ti = (1/2N) Σ (f(A)ⱼ − f(A_B⁽ⁱ⁾)ⱼ)² / V`.
///
/// For several outputs (one per unit) the indices are aggregated as
/// `Σ numerators / Σ variances` (Gamboa, Janon, Klein & Lagnoux 2014), which
/// weights each output by its variance. Cost: `N·(k + 2)` model evaluations,
/// all passed to `evaluate` in one call, so a vectorised model sees one batch.
///
/// ```swift
/// // y = x1 + 0.5 x2 + x1 x2: S1 = 0.675, S2 = 0.300, ST1 = 0.700, ST2 = 0.325
/// let r = try SobolSensitivity.analyse(factorDimensions: [1, 1], samples: 100_000, seed: 7) { x in
///     try Matrix(rows: 1, columns: x.rows, columnMajor: (0..<x.rows).map { x[$0, 0] + 0.5 * x[$0, 1] + x[$0, 0] * x[$0, 1] })
/// }
/// ```
public enum SobolSensitivity {
    /// First-order and total indices of every factor.
    public struct Result: Sendable, Codable, Equatable {
        /// First-order indices, one per factor (aggregated over outputs).
        public var firstOrder: [Double]
        /// Total indices, one per factor (aggregated over outputs).
        public var total: [Double]
        /// Outputs with a finite positive variance used in the aggregation.
        public var outputsUsed: Int
        /// Outputs left out (a missing value in some evaluation, or zero variance).
        public var outputsLeftOut: Int
        /// Model evaluations made: `N·(k + 2)`.
        public var evaluations: Int
        /// Every output's value on the `A` sample (outputs × N), for bands.
        public var outputsOnA: Matrix
    }

    /// The Saltelli design: rows `0..<N` are `A`, `N..<2N` are `B`, then
    /// `N` rows of `A_B⁽ⁱ⁾` for each factor.
    ///
    /// - Parameters:
    ///   - factorDimensions: input columns of each factor (each ≥ 1).
    ///   - samples: `N ≥ 2`.
    ///   - seed: SplitMix64 seed.
    /// - Returns: a `N(k + 2) × D` matrix of uniforms in [0, 1).
    /// - Throws: ``CompositeIndexError/invalidParameter(name:detail:)``.
    /// - Complexity: O(N·k·D).
    public static func design(factorDimensions: [Int], samples: Int, seed: UInt64) throws -> Matrix {
        guard samples >= 2 else { throw CompositeIndexError.invalidParameter(name: "samples", detail: "must be at least 2, got \(samples)") }
        guard !factorDimensions.isEmpty, factorDimensions.allSatisfy({ $0 >= 1 }) else {
            throw CompositeIndexError.invalidParameter(name: "factorDimensions", detail: "need at least one factor, each with dimension ≥ 1")
        }
        let d = factorDimensions.reduce(0, +), k = factorDimensions.count, n = samples
        let rows = n * (k + 2)
        var rng = SplitMix64(seed: seed)
        var elements = [Double](repeating: 0, count: rows * d)
        // A and B, row by row so the stream order does not depend on the layout.
        for r in 0..<(2 * n) { for c in 0..<d { elements[r + c * rows] = rng.nextHalfOpenUniform() } }
        var offset = 0
        for (i, dim) in factorDimensions.enumerated() {
            let base = (2 + i) * n
            for r in 0..<n {
                for c in 0..<d {
                    let fromB = c >= offset && c < offset + dim
                    elements[base + r + c * rows] = elements[(fromB ? n + r : r) + c * rows]
                }
            }
            offset += dim
        }
        return try Matrix(rows: rows, columns: d, columnMajor: elements)
    }

    /// Estimate the indices of a model.
    ///
    /// - Parameters:
    ///   - factorDimensions: input columns of each factor.
    ///   - samples: base sample size `N`.
    ///   - seed: seed of the design.
    ///   - evaluate: maps a `points × D` matrix of uniforms to an
    ///     `outputs × points` matrix; NaN marks a missing output.
    /// - Returns: the indices and the outputs on `A`.
    /// - Throws: what `evaluate` throws, and bad parameters.
    /// - Complexity: one call of `evaluate` on `N(k + 2)` points, plus O(outputs·N·k).
    public static func analyse(
        factorDimensions: [Int], samples: Int, seed: UInt64, evaluate: (Matrix) throws -> Matrix
    ) throws -> Result {
        let points = try design(factorDimensions: factorDimensions, samples: samples, seed: seed)
        let y = try evaluate(points)
        guard y.columns == points.rows else {
            throw CompositeIndexError.invalidParameter(
                name: "evaluate", detail: "returned \(y.columns) columns for \(points.rows) points")
        }
        return estimate(outputs: y, factorCount: factorDimensions.count, samples: samples)
    }

    /// The estimators on outputs already computed on ``design(factorDimensions:samples:seed:)``.
    ///
    /// - Parameters:
    ///   - outputs: outputs × `N(k + 2)` points in the design's order.
    ///   - factorCount: `k`.
    ///   - samples: `N`.
    /// - Complexity: O(outputs · N · k).
    public static func estimate(outputs y: Matrix, factorCount k: Int, samples n: Int) -> Result {
        var num1 = [Double](repeating: 0, count: k), numT = [Double](repeating: 0, count: k)
        var varianceSum = 0.0, used = 0
        for o in 0..<y.rows {
            var ok = true
            var sum = 0.0, sumSq = 0.0
            for p in 0..<(n * (k + 2)) where !y[o, p].isFinite { ok = false; break }
            guard ok else { continue }
            for p in 0..<(2 * n) { sum += y[o, p] }
            let mean = sum / Double(2 * n)
            for p in 0..<(2 * n) { sumSq += (y[o, p] - mean) * (y[o, p] - mean) }
            let v = sumSq / Double(2 * n)
            guard v > 0 else { continue }
            used += 1
            varianceSum += v
            for i in 0..<k {
                var s1 = 0.0, st = 0.0
                let base = (2 + i) * n
                for j in 0..<n {
                    let fa = y[o, j], fb = y[o, n + j], fab = y[o, base + j]
                    s1 += fb * (fab - fa)
                    st += (fa - fab) * (fa - fab)
                }
                num1[i] += s1 / Double(n)
                numT[i] += st / Double(2 * n)
            }
        }
        var onA = Matrix(rows: y.rows, columns: n)
        for p in 0..<n { for o in 0..<y.rows { onA[o, p] = y[o, p] } }
        return Result(
            firstOrder: num1.map { varianceSum > 0 ? $0 / varianceSum : .nan },
            total: numT.map { varianceSum > 0 ? $0 / varianceSum : .nan },
            outputsUsed: used, outputsLeftOut: y.rows - used, evaluations: n * (k + 2), outputsOnA: onA)
    }
}
