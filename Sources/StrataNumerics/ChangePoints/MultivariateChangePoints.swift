import Foundation

/// The result of ``MultivariateChangePoints/pelt(_:penalty:minimumSegmentLength:scales:)``.
public struct MultivariateSegmentation: Sendable, Codable, Equatable {
    /// Change points: the first index of every segment after the first, ascending.
    public var changepoints: [Int]
    /// Number of observations `n`.
    public var length: Int
    /// The noise scale used for each coordinate (robust, see ``MultivariateChangePoints/robustScale(_:)``).
    public var scales: [Double]
    /// The penalty per change point that was used.
    public var penalty: Double
    /// The fitted cost (without penalties): `Σ_segments Σ_j Σ_t (x_jt − x̄_j)² / σ_j²`.
    public var fitCost: Double

    /// Creates a segmentation from its parts.
    public init(changepoints: [Int], length: Int, scales: [Double], penalty: Double, fitCost: Double) {
        self.changepoints = changepoints
        self.length = length
        self.scales = scales
        self.penalty = penalty
        self.fitCost = fitCost
    }

    /// The segments as half-open index ranges covering `0..<length`.
    public var segments: [Range<Int>] {
        let bounds = [0] + changepoints + [length]
        return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
    }
}

/// Exact change-point search for a change in the mean of a multivariate
/// series (for example isometric log-ratio coordinates of a composition).
///
/// **Model.** Coordinate `j` at time `t` is `x_jt = μ_j(segment) + σ_j ε_jt`
/// with independent standard normal noise; a change point moves every mean at
/// once. The noise scale of each coordinate is estimated robustly from its
/// first differences, `σ_j = 1.4826 · MAD(Δx_j) / √2`, which level shifts
/// barely affect (the univariate version is R `changepoint`'s practice for
/// `cpt.mean` on standardised data and ``ChangePointCost/normalMean(variance:)``).
/// The cost of a segment is twice its negative log-likelihood up to a
/// constant: `C(a, b) = Σ_j Σ_{t∈[a,b)} (x_jt − x̄_j)² / σ_j²`.
///
/// **Search.** PELT (Killick, Fearnhead & Eckley 2012) minimises
/// `Σ C(segment) + β · (number of changes)` exactly; the Gaussian mean cost
/// satisfies `C(a,c) ≥ C(a,b) + C(b,c)`, so pruning with `K = 0` is exact.
/// With a minimum segment length `m`, a candidate that fails the pruning test
/// at step `s` is dropped only from step `s + m` on (the pruning argument
/// needs `s` to be an admissible change point). Ties go to the earliest last
/// change point. The result equals optimal partitioning (Jackson et al. 2005),
/// which the tests check.
///
/// - Complexity: O(n · d) to prepare; O(n · d) cost evaluations when changes
///   keep occurring, O(n² · d) in the worst case; O(n · d) memory.
public enum MultivariateChangePoints {
    /// The default penalty: `3 · d · log n`, the modified-BIC rate of R
    /// `changepoint` for `d` changing means (Zhang & Siegmund 2007), without
    /// its segment-length term.
    ///
    /// - Parameters:
    ///   - length: `n`.
    ///   - dimensions: `d`.
    /// - Returns: the penalty per change point.
    public static func defaultPenalty(length: Int, dimensions: Int) -> Double {
        3 * Double(max(dimensions, 1)) * Foundation.log(Double(max(length, 2)))
    }

    /// Robust noise scale of a series with level shifts:
    /// `1.4826 · MAD(Δx) / √2`, falling back to `√(mean(Δx²)/2)` when the MAD
    /// is 0 (0 only for a constant series).
    ///
    /// - Parameter x: finite values.
    /// - Returns: the scale, `≥ 0`.
    /// - Complexity: O(n log n).
    public static func robustScale(_ x: [Double]) -> Double {
        ChangePointCost.robustVariance(x).squareRoot()
    }

    /// Exact penalised segmentation of a multivariate series by PELT.
    ///
    /// - Parameters:
    ///   - coordinates: `d ≥ 1` series of equal length `n` (one array per
    ///     coordinate), finite; `n ≥ 2 · minimumSegmentLength`.
    ///   - penalty: the price of one change point, finite and `≥ 0`; `nil`
    ///     for ``defaultPenalty(length:dimensions:)`` with `d` the number of
    ///     non-constant coordinates.
    ///   - minimumSegmentLength: the shortest segment, `≥ 1`.
    ///   - scales: noise scales per coordinate; `nil` estimates them with
    ///     ``robustScale(_:)``. A coordinate with scale 0 (constant) is left out.
    /// - Returns: the optimal segmentation.
    /// - Throws: ``ChangePointError`` for no coordinates, unequal lengths,
    ///   missing or infinite values, a series that is too short, every
    ///   coordinate constant, or bad parameters.
    /// - Complexity: see the type.
    public static func pelt(
        _ coordinates: [[Double]], penalty: Double? = nil, minimumSegmentLength: Int = 2, scales: [Double]? = nil
    ) throws -> MultivariateSegmentation {
        let prepared = try Prepared(coordinates, minimumSegmentLength: minimumSegmentLength, scales: scales)
        let n = prepared.n, m = minimumSegmentLength
        let beta = penalty ?? defaultPenalty(length: n, dimensions: prepared.active.count)
        guard beta.isFinite, beta >= 0 else {
            throw ChangePointError.invalidParameter(name: "penalty", detail: "must be finite and non-negative, is \(beta)")
        }
        var F = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        F[0] = -beta
        // candidates and the step from which they may be dropped
        var candidates: [Int] = [0]
        var dropAt: [Int] = [Int.max]
        for t in m...n {
            let newCandidate = t - m
            if newCandidate >= m {
                candidates.append(newCandidate)
                dropAt.append(Int.max)
            }
            var best = Double.infinity, arg = 0
            var costs = [Double](repeating: 0, count: candidates.count)
            for (k, tau) in candidates.enumerated() {
                let c = F[tau] + prepared.cost(tau, t)
                costs[k] = c
                if c + beta < best { best = c + beta; arg = tau }
            }
            F[t] = best
            last[t] = arg
            var keptCandidates: [Int] = [], keptDrop: [Int] = []
            keptCandidates.reserveCapacity(candidates.count + 1)
            keptDrop.reserveCapacity(candidates.count + 1)
            for k in 0..<candidates.count {
                var d = dropAt[k]
                if d == Int.max, costs[k] > best { d = t + m }
                if t + 1 >= d { continue }
                keptCandidates.append(candidates[k])
                keptDrop.append(d)
            }
            candidates = keptCandidates
            dropAt = keptDrop
        }
        var cps: [Int] = []
        var t = n
        while t > 0 {
            let tau = last[t]
            if tau > 0 { cps.append(tau) }
            t = tau
        }
        cps.reverse()
        let bounds = [0] + cps + [n]
        var fit = 0.0
        for i in 0..<(bounds.count - 1) { fit += prepared.cost(bounds[i], bounds[i + 1]) }
        return MultivariateSegmentation(changepoints: cps, length: n, scales: prepared.scales, penalty: beta, fitCost: fit)
    }

    /// Optimal partitioning (Jackson et al. 2005): the same objective as
    /// ``pelt(_:penalty:minimumSegmentLength:scales:)`` without pruning; the
    /// slow exact reference.
    ///
    /// - Parameters: as ``pelt(_:penalty:minimumSegmentLength:scales:)``.
    /// - Returns: the optimal segmentation (ties: earliest last change point).
    /// - Throws: as ``pelt(_:penalty:minimumSegmentLength:scales:)``.
    /// - Complexity: O(n² · d).
    public static func optimalPartitioning(
        _ coordinates: [[Double]], penalty: Double? = nil, minimumSegmentLength: Int = 2, scales: [Double]? = nil
    ) throws -> MultivariateSegmentation {
        let prepared = try Prepared(coordinates, minimumSegmentLength: minimumSegmentLength, scales: scales)
        let n = prepared.n, m = minimumSegmentLength
        let beta = penalty ?? defaultPenalty(length: n, dimensions: prepared.active.count)
        guard beta.isFinite, beta >= 0 else {
            throw ChangePointError.invalidParameter(name: "penalty", detail: "must be finite and non-negative, is \(beta)")
        }
        var F = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        F[0] = -beta
        for t in m...n {
            var best = Double.infinity, arg = 0
            for tau in 0...(t - m) where tau == 0 || tau >= m {
                let c = F[tau] + prepared.cost(tau, t) + beta
                if c < best { best = c; arg = tau }
            }
            F[t] = best
            last[t] = arg
        }
        var cps: [Int] = []
        var t = n
        while t > 0 {
            let tau = last[t]
            if tau > 0 { cps.append(tau) }
            t = tau
        }
        cps.reverse()
        let bounds = [0] + cps + [n]
        var fit = 0.0
        for i in 0..<(bounds.count - 1) { fit += prepared.cost(bounds[i], bounds[i + 1]) }
        return MultivariateSegmentation(changepoints: cps, length: n, scales: prepared.scales, penalty: beta, fitCost: fit)
    }

    /// The cost profile of one change inside `range`: entry `τ − range.lowerBound`
    /// is `C(lower, τ) + C(τ, upper)` for `τ` with both segments at least
    /// `minimumSegmentLength` long, and `+∞` elsewhere. Its minimum is the
    /// best single change; the locations whose cost is within a threshold of
    /// the minimum form a likelihood-ratio range for the change's date.
    ///
    /// - Parameters:
    ///   - coordinates: as ``pelt(_:penalty:minimumSegmentLength:scales:)``.
    ///   - range: the stretch to split, inside `0..<n`.
    ///   - minimumSegmentLength: `≥ 1`.
    ///   - scales: the coordinates' noise scales (`nil`: robust estimates on the whole series).
    /// - Returns: `range.count` costs.
    /// - Throws: as ``pelt(_:penalty:minimumSegmentLength:scales:)``, and
    ///   ``ChangePointError/invalidParameter(name:detail:)`` for a range outside the series.
    /// - Complexity: O(range.count · d).
    public static func locationProfile(
        _ coordinates: [[Double]], range: Range<Int>, minimumSegmentLength: Int = 2, scales: [Double]? = nil
    ) throws -> [Double] {
        let prepared = try Prepared(coordinates, minimumSegmentLength: 1, scales: scales)
        guard range.lowerBound >= 0, range.upperBound <= prepared.n else {
            throw ChangePointError.invalidParameter(name: "range", detail: "\(range) is outside 0..<\(prepared.n)")
        }
        guard minimumSegmentLength >= 1 else {
            throw ChangePointError.invalidParameter(name: "minimumSegmentLength", detail: "must be at least 1, is \(minimumSegmentLength)")
        }
        var out = [Double](repeating: .infinity, count: range.count)
        for tau in range {
            guard tau - range.lowerBound >= minimumSegmentLength, range.upperBound - tau >= minimumSegmentLength else { continue }
            out[tau - range.lowerBound] = prepared.cost(range.lowerBound, tau) + prepared.cost(tau, range.upperBound)
        }
        return out
    }

    /// Cumulative sums for O(d) segment costs.
    struct Prepared {
        let n: Int
        let scales: [Double]
        let active: [Int]
        /// per active coordinate: cumulative sums of x/σ and (x/σ)², length n + 1
        let s1: [[Double]]
        let s2: [[Double]]

        init(_ coordinates: [[Double]], minimumSegmentLength: Int, scales given: [Double]?) throws {
            guard let first = coordinates.first else { throw ChangePointError.noSeries }
            let n = first.count
            for (j, c) in coordinates.enumerated() {
                guard c.count == n else { throw ChangePointError.lengthMismatch(expected: n, found: c.count, series: j) }
                for (i, v) in c.enumerated() {
                    if v.isNaN { throw ChangePointError.missingValue(series: j, index: i) }
                    if !v.isFinite { throw ChangePointError.nonFinite(series: j, index: i) }
                }
            }
            guard minimumSegmentLength >= 1 else {
                throw ChangePointError.invalidParameter(name: "minimumSegmentLength", detail: "must be at least 1, is \(minimumSegmentLength)")
            }
            guard n >= 2 * minimumSegmentLength else {
                throw ChangePointError.tooShort(length: n, minimumSegmentLength: minimumSegmentLength)
            }
            var scales: [Double]
            if let given {
                guard given.count == coordinates.count else {
                    throw ChangePointError.invalidParameter(
                        name: "scales", detail: "has \(given.count) entries for \(coordinates.count) coordinates")
                }
                for (j, s) in given.enumerated() where !(s.isFinite && s >= 0) {
                    throw ChangePointError.invalidParameter(name: "scales", detail: "entry \(j) is \(s); must be finite and non-negative")
                }
                scales = given
            } else {
                scales = coordinates.map(MultivariateChangePoints.robustScale)
            }
            let active = (0..<coordinates.count).filter { scales[$0] > 0 }
            guard !active.isEmpty else { throw ChangePointError.constantSeries(series: 0) }
            var s1: [[Double]] = [], s2: [[Double]] = []
            for j in active {
                var a = [Double](repeating: 0, count: n + 1), b = a
                // centre first for accuracy of the cumulative sums
                let mean = coordinates[j].reduce(0, +) / Double(n)
                for t in 0..<n {
                    let z = (coordinates[j][t] - mean) / scales[j]
                    a[t + 1] = a[t] + z
                    b[t + 1] = b[t] + z * z
                }
                s1.append(a)
                s2.append(b)
            }
            self.n = n
            self.scales = scales
            self.active = active
            self.s1 = s1
            self.s2 = s2
        }

        @inline(__always)
        func cost(_ a: Int, _ b: Int) -> Double {
            let m = Double(b - a)
            var c = 0.0
            for k in 0..<s1.count {
                let sum = s1[k][b] - s1[k][a]
                c += (s2[k][b] - s2[k][a]) - sum * sum / m
            }
            return max(c, 0)
        }
    }
}
