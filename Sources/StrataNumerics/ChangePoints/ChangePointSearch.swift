import Foundation

/// The result of an offline change-point search: where the segments start.
public struct Segmentation: Sendable, Codable, Equatable {
    /// 0-based index of the first observation of each new segment, ascending;
    /// 0 is never included.
    public var changepoints: [Int]
    /// The series length.
    public var length: Int
    /// The cost used, with estimated parameters (variance, size) filled in.
    public var cost: ChangePointCost
    /// The numeric penalty per change point.
    public var penalty: Double
    /// Sum of the segment costs without the penalty (including the MBIC
    /// `log(length)` terms when that penalty was used).
    public var fitCost: Double

    /// A segmentation from known change points (e.g. from another detector),
    /// to compute ``summaries(of:offsets:confidence:)``.
    ///
    /// - Parameters:
    ///   - changepoints: ascending indices in `1..<length`.
    ///   - length: the series length.
    ///   - cost: the model whose interval method the summaries use.
    ///   - penalty: the penalty used, if any (0 otherwise).
    ///   - fitCost: the unpenalised cost, if known (NaN otherwise).
    public init(changepoints: [Int], length: Int, cost: ChangePointCost, penalty: Double = 0, fitCost: Double = .nan) {
        self.changepoints = changepoints.filter { $0 > 0 && $0 < length }
        self.length = length
        self.cost = cost
        self.penalty = penalty
        self.fitCost = fitCost
    }

    /// Half-open `start..<end` ranges of the segments, in order.
    public var segments: [Range<Int>] {
        let cuts = [0] + changepoints + [length]
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
    }
}

/// One step of a CROPS penalty path: the optimal segmentation for every
/// penalty in `penaltyLower...penaltyUpper`.
public struct PenaltyPathEntry: Sendable, Codable, Equatable {
    /// Smallest penalty (within the range searched) for which this segmentation is optimal.
    public var penaltyLower: Double
    /// Largest penalty (within the range searched) for which this segmentation is optimal.
    public var penaltyUpper: Double
    /// The change points (see ``Segmentation/changepoints``).
    public var changepoints: [Int]
    /// Unpenalised cost of the segmentation.
    public var fitCost: Double
}

/// Offline change-point searches over a ``ChangePointCost``.
///
/// All searches minimise (or, for binary segmentation, greedily reduce)
/// `Σ_segments [C(segment) + β]` with segments of at least
/// `minimumSegmentLength` observations. Missing values are rejected
/// (``ChangePointError/missingValue(series:index:)``): fill or drop them first.
///
/// ```swift
/// let s = try ChangePointSearch.pelt(counts, cost: .poisson, penalty: .mbic)
/// s.changepoints   // e.g. [48, 97]
/// ```
public enum ChangePointSearch {
    /// Exact penalised segmentation by PELT (Killick, Fearnhead & Eckley 2012).
    ///
    /// Dynamic programming `F(s) = min_τ F(τ) + C(τ, s) + β` over candidate
    /// last change points, pruning a candidate `τ` once
    /// `F(τ) + C(τ, s) + K > F(s)` (with `K = 0`, or `K = −log n` for the MBIC
    /// length term, which breaks `C(a,c) ≥ C(a,b) + C(b,c)` by at most
    /// `log n`). With a minimum segment length `m`, a candidate pruned at
    /// step `s` is only dropped from step `s + m` on, because the argument
    /// of the pruning theorem needs `s` to be a valid change point for later
    /// steps. Ties go to the smallest last change point, as in ruptures'
    /// `Pelt`. The result equals ``optimalPartitioning(_:cost:penalty:minimumSegmentLength:offsets:)``
    /// exactly (tested on thousands of seeded series, Gaussian noise and series with
    /// runs of zeros, constant stretches and floored variances) and ruptures 1.1.10
    /// `Pelt(model="l2", jump=1)` on the TCPD series.
    ///
    /// - Parameters:
    ///   - series: the observations, no NaN; at least `2 · minimumSegmentLength`.
    ///   - cost: the segment model.
    ///   - penalty: the price of a change point.
    ///   - minimumSegmentLength: shortest segment allowed (≥ 1, and ≥ 2 for
    ///     ``ChangePointCost/normalMeanVariance``); at most `n / 2` (larger values,
    ///     up to `Int.max`, throw ``ChangePointError/tooShort(length:minimumSegmentLength:)``).
    ///   - offsets: optional expected-count factors (count costs only): the
    ///     mean of observation `t` in a segment with level `λ` is `λ · offsets[t]`.
    /// - Returns: the optimal segmentation.
    /// - Throws: ``ChangePointError`` for missing, infinite or (count costs)
    ///   negative values, a constant or too short series, bad parameters.
    /// - Complexity: O(n) cost evaluations when changes keep occurring
    ///   (Killick et al.'s condition), O(n²) worst case; O(n) memory.
    public static func pelt(
        _ series: [Double], cost: ChangePointCost, penalty: ChangePointPenalty,
        minimumSegmentLength: Int = 2, offsets: [Double]? = nil
    ) throws -> Segmentation {
        try pelt(
            multivariate: [series], cost: cost, penalty: penalty,
            minimumSegmentLength: minimumSegmentLength, offsets: offsets.map { [$0] })
    }

    /// Exact PELT search for change points shared by several series of equal
    /// length: a segment's cost is the sum of its per-series costs (each
    /// series with its own estimated parameters), and the penalty counts
    /// `parametersPerSegment × series` parameters.
    ///
    /// - Parameters:
    ///   - series: the series, all the same length.
    ///   - offsets: optional per-series expected-count factors.
    ///   - Other parameters as in ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``.
    /// - Returns: the shared segmentation.
    /// - Throws: as the univariate search, plus ``ChangePointError/lengthMismatch(expected:found:series:)``.
    /// - Complexity: `d` times the univariate search.
    public static func pelt(
        multivariate series: [[Double]], cost: ChangePointCost, penalty: ChangePointPenalty,
        minimumSegmentLength: Int = 2, offsets: [[Double]]? = nil
    ) throws -> Segmentation {
        let (prepared, beta) = try prepare(series, cost, penalty, minimumSegmentLength, offsets)
        return dynamicProgram(prepared, beta: beta, minimumSegmentLength: minimumSegmentLength, pruning: true)
    }

    /// Optimal partitioning (Jackson et al. 2005): the same dynamic program as
    /// PELT without pruning, O(n²) — the slow exact reference PELT is tested against.
    ///
    /// - Parameters: as in ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``.
    /// - Returns: the optimal segmentation (ties: smallest last change point).
    /// - Throws: as ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``.
    /// - Complexity: O(n²) cost evaluations, O(n) memory.
    public static func optimalPartitioning(
        _ series: [Double], cost: ChangePointCost, penalty: ChangePointPenalty,
        minimumSegmentLength: Int = 2, offsets: [Double]? = nil
    ) throws -> Segmentation {
        let (prepared, beta) = try prepare([series], cost, penalty, minimumSegmentLength, offsets.map { [$0] })
        return dynamicProgram(prepared, beta: beta, minimumSegmentLength: minimumSegmentLength, pruning: false)
    }

    /// Binary segmentation (Scott & Knott 1974), as R `changepoint`'s `BinSeg`.
    ///
    /// Repeatedly splits the segment whose best split reduces the cost most,
    /// and stops at the first split whose reduction `C(a,b) − C(a,k) − C(k,b)`
    /// does not exceed the penalty, or after `maximumChangepoints` splits.
    /// Approximate: it can miss changes that only pay off together.
    ///
    /// - Parameters:
    ///   - series: the observations (see ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``).
    ///   - maximumChangepoints: `Q`, the most change points returned (`nil`: no limit;
    ///     R's default is 5).
    ///   - Other parameters as in ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``.
    /// - Returns: the segmentation found (change points ascending).
    /// - Throws: as ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``, and
    ///   ``ChangePointError/invalidParameter(name:detail:)`` for a negative `maximumChangepoints`.
    /// - Complexity: O(n) cost evaluations per split found.
    public static func binarySegmentation(
        _ series: [Double], cost: ChangePointCost, penalty: ChangePointPenalty,
        minimumSegmentLength: Int = 2, maximumChangepoints: Int? = nil, offsets: [Double]? = nil
    ) throws -> Segmentation {
        try binarySegmentation(
            multivariate: [series], cost: cost, penalty: penalty, minimumSegmentLength: minimumSegmentLength,
            maximumChangepoints: maximumChangepoints, offsets: offsets.map { [$0] })
    }

    /// Binary segmentation of changes shared by several series (sum of per-series costs).
    ///
    /// - Parameters: as ``binarySegmentation(_:cost:penalty:minimumSegmentLength:maximumChangepoints:offsets:)``.
    /// - Returns: the shared segmentation.
    /// - Throws: as the univariate search.
    /// - Complexity: O(n d) per split.
    public static func binarySegmentation(
        multivariate series: [[Double]], cost: ChangePointCost, penalty: ChangePointPenalty,
        minimumSegmentLength: Int = 2, maximumChangepoints: Int? = nil, offsets: [[Double]]? = nil
    ) throws -> Segmentation {
        if let q = maximumChangepoints, q < 0 {
            throw ChangePointError.invalidParameter(name: "maximumChangepoints", detail: "must be ≥ 0, is \(q)")
        }
        let (c, beta) = try prepare(series, cost, penalty, minimumSegmentLength, offsets)
        let m = minimumSegmentLength, n = c.length
        // Best split of a..<b: (gain, k) or nil when the segment is too short.
        func bestSplit(_ a: Int, _ b: Int) -> (gain: Double, at: Int)? {
            guard b - a >= 2 * m else { return nil }
            let whole = c.cost(a, b)
            var best = -Double.infinity, at = -1
            for k in (a + m)...(b - m) {
                let g = whole - c.cost(a, k) - c.cost(k, b)
                if g > best { best = g; at = k }
            }
            return at >= 0 ? (best, at) : nil
        }
        var open: [(a: Int, b: Int, split: (gain: Double, at: Int)?)] = [(0, n, bestSplit(0, n))]
        var cps: [Int] = []
        let limit = maximumChangepoints ?? n
        while cps.count < limit {
            var pick = -1, pickGain = -Double.infinity
            for (i, seg) in open.enumerated() {
                if let s = seg.split, s.gain > pickGain { pickGain = s.gain; pick = i }
            }
            guard pick >= 0, pickGain > beta, let split = open[pick].split else { break }
            let seg = open.remove(at: pick)
            cps.append(split.at)
            open.append((seg.a, split.at, bestSplit(seg.a, split.at)))
            open.append((split.at, seg.b, bestSplit(split.at, seg.b)))
        }
        cps.sort()
        return Segmentation(
            changepoints: cps, length: n, cost: c.resolved, penalty: beta,
            fitCost: fitCost(c, cps))
    }

    /// CROPS (Haynes, Eckley & Fearnhead 2017): every optimal segmentation for
    /// penalties in `penalties`, with the sub-range of penalties where each is optimal.
    ///
    /// Runs PELT at both ends; for an interval `[β₀, β₁]` whose segmentations
    /// have `m₀ > m₁ + 1` changes, runs PELT at the crossing penalty
    /// `β = (Q₁ − Q₀)/(m₀ − m₁)` (`Q` the unpenalised costs) and recurses while
    /// it finds a new number of changes. Needs `O(m_max − m_min)` PELT runs.
    /// The MBIC segment-length term is not used here (plain numeric penalties).
    ///
    /// - Parameters:
    ///   - series: the observations.
    ///   - cost: the segment model.
    ///   - penalties: `β_min...β_max`, with `β_min ≥ 0`.
    ///   - minimumSegmentLength: shortest segment allowed.
    ///   - offsets: optional expected-count factors (count costs).
    /// - Returns: the path, most change points first; consecutive entries
    ///   share their boundary penalty.
    /// - Throws: as ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``.
    /// - Complexity: one PELT run per distinct segmentation on the path, plus two.
    public static func crops(
        _ series: [Double], cost: ChangePointCost, penalties: ClosedRange<Double>,
        minimumSegmentLength: Int = 2, offsets: [Double]? = nil
    ) throws -> [PenaltyPathEntry] {
        guard penalties.lowerBound >= 0, penalties.upperBound.isFinite else {
            throw ChangePointError.invalidParameter(
                name: "penalties", detail: "must be a finite range of non-negative numbers, is \(penalties)")
        }
        let (c, _) = try prepare(
            [series], cost, .value(penalties.lowerBound), minimumSegmentLength, offsets.map { [$0] })
        var found: [Int: Segmentation] = [:]
        func run(_ beta: Double) -> Segmentation {
            let s = dynamicProgram(c, beta: beta, minimumSegmentLength: minimumSegmentLength, pruning: true)
            if found[s.changepoints.count] == nil { found[s.changepoints.count] = s }
            return s
        }
        let low = run(penalties.lowerBound)
        let high = run(penalties.upperBound)
        var stack = [(low, high)]
        var guardCount = 0
        while let (s0, s1) = stack.popLast(), guardCount < 10_000 {
            guardCount += 1
            let m0 = s0.changepoints.count, m1 = s1.changepoints.count
            guard m0 > m1 + 1 else { continue }
            let beta = (s1.fitCost - s0.fitCost) / Double(m0 - m1)
            guard beta > s0.penalty, beta < s1.penalty else { continue }
            let mid = run(beta)
            let mm = mid.changepoints.count
            if mm != m1 && mm != m0 {
                stack.append((s0, mid))
                stack.append((mid, s1))
            }
        }
        let ordered = found.values.sorted { $0.changepoints.count > $1.changepoints.count }
        var path: [PenaltyPathEntry] = []
        for (i, s) in ordered.enumerated() {
            var lower = penalties.lowerBound, upper = penalties.upperBound
            if i > 0 {
                let p = ordered[i - 1]
                lower = (s.fitCost - p.fitCost) / Double(p.changepoints.count - s.changepoints.count)
            }
            if i + 1 < ordered.count {
                let q = ordered[i + 1]
                upper = (q.fitCost - s.fitCost) / Double(s.changepoints.count - q.changepoints.count)
            }
            path.append(PenaltyPathEntry(
                penaltyLower: max(lower, penalties.lowerBound), penaltyUpper: min(upper, penalties.upperBound),
                changepoints: s.changepoints, fitCost: s.fitCost))
        }
        return path
    }

    /// Check a series exactly as the searches do and resolve the cost's
    /// estimated parameters (the variance of `normalMean(variance: nil)`, the
    /// size of `negativeBinomial(size: nil)`), without searching.
    ///
    /// Used to give an online detector the same input checks and the same
    /// estimated parameters as the offline searches.
    ///
    /// - Parameters: as ``pelt(_:cost:penalty:minimumSegmentLength:offsets:)``, less the penalty.
    /// - Returns: the cost with its parameters resolved.
    /// - Throws: ``ChangePointError`` for missing, infinite or (count costs)
    ///   negative values, a constant or too short series, bad parameters.
    /// - Complexity: O(n).
    public static func resolvedCost(
        _ series: [Double], cost: ChangePointCost, minimumSegmentLength: Int = 2, offsets: [Double]? = nil
    ) throws -> ChangePointCost {
        try prepare([series], cost, .value(0), minimumSegmentLength, offsets.map { [$0] }).0.resolved
    }

    // MARK: - Implementation

    static func prepare(
        _ series: [[Double]], _ cost: ChangePointCost, _ penalty: ChangePointPenalty,
        _ minimumSegmentLength: Int, _ offsets: [[Double]]?
    ) throws -> (PreparedCost, Double) {
        guard minimumSegmentLength >= cost.smallestSegment else {
            throw ChangePointError.invalidParameter(
                name: "minimumSegmentLength",
                detail: "must be at least \(cost.smallestSegment) for the \(cost.name) cost, is \(minimumSegmentLength)")
        }
        guard let n = series.first?.count else { throw ChangePointError.noSeries }
        // Compared as m ≤ n/2 first so that 2·m is never formed for a huge m.
        guard minimumSegmentLength <= n / 2, n >= 2 * minimumSegmentLength else {
            throw ChangePointError.tooShort(length: n, minimumSegmentLength: minimumSegmentLength)
        }
        let prepared = try PreparedCost(
            series: series, cost: cost, offsets: offsets, lengthTerm: penalty.usesSegmentLengthTerm)
        let beta = try penalty.value(length: n, parameters: cost.parametersPerSegment * series.count)
        return (prepared, beta)
    }

    static func fitCost(_ c: PreparedCost, _ cps: [Int]) -> Double {
        let cuts = [0] + cps + [c.length]
        var total = 0.0
        for i in 0..<(cuts.count - 1) { total += c.cost(cuts[i], cuts[i + 1]) }
        return total
    }

    /// PELT (`pruning: true`) or optimal partitioning (`false`).
    static func dynamicProgram(
        _ c: PreparedCost, beta: Double, minimumSegmentLength m: Int, pruning: Bool
    ) -> Segmentation {
        let n = c.length
        var best = [Double](repeating: .infinity, count: n + 1)
        var last = [Int](repeating: 0, count: n + 1)
        best[0] = 0
        let k = c.lengthTerm ? -log(Double(n)) : 0
        var candidates: [Int] = []
        var prunedAt: [Int] = []
        var segmentCosts: [Double] = []
        for s in m...n {
            let newest = s - m
            if newest == 0 || newest >= m {
                candidates.append(newest)
                prunedAt.append(Int.max)
            }
            if pruning, m > 1 {
                // Drop candidates pruned at least m steps ago.
                var w = 0
                for i in 0..<candidates.count where prunedAt[i] == Int.max || prunedAt[i] + m > s {
                    candidates[w] = candidates[i]
                    prunedAt[w] = prunedAt[i]
                    w += 1
                }
                candidates.removeLast(candidates.count - w)
                prunedAt.removeLast(prunedAt.count - w)
            }
            c.costs(from: candidates, to: s, into: &segmentCosts)
            var minValue = Double.infinity, argmin = 0
            for (i, tau) in candidates.enumerated() {
                let v = best[tau] + (segmentCosts[i] + beta)
                if v < minValue { minValue = v; argmin = tau }
            }
            best[s] = minValue
            last[s] = argmin
            guard pruning else { continue }
            let tolerance = 1e-10 * max(1, abs(minValue))
            if m == 1 {
                var w = 0
                for i in 0..<candidates.count where !(best[candidates[i]] + segmentCosts[i] + k > minValue + tolerance) {
                    candidates[w] = candidates[i]
                    w += 1
                }
                candidates.removeLast(candidates.count - w)
                prunedAt.removeLast(prunedAt.count - w)
            } else {
                for i in 0..<candidates.count where prunedAt[i] == Int.max {
                    if best[candidates[i]] + segmentCosts[i] + k > minValue + tolerance { prunedAt[i] = s }
                }
            }
        }
        var cps: [Int] = []
        var t = n
        while t > 0 {
            let tau = last[t]
            if tau > 0 { cps.append(tau) }
            t = tau
        }
        cps.reverse()
        let segments = Double(cps.count + 1)
        return Segmentation(
            changepoints: cps, length: n, cost: c.resolved, penalty: beta,
            fitCost: best[n] - segments * beta)
    }
}
