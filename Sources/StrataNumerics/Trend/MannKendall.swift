import Foundation

/// Direction of a monotonic trend at a significance level.
public enum TrendDirection: String, Sendable, Codable, Equatable {
    case increasing
    case decreasing
    case noTrend = "no trend"
}

/// The outcome of a Mann–Kendall-type test.
public struct MannKendallResult: Sendable, Codable, Equatable {
    /// Kendall's score `S = Σ_{i<j} sign(x_j − x_i)`.
    public var s: Double
    /// Variance of `S` (tie-corrected; for Hamed–Rao, multiplied by the autocorrelation factor).
    public var variance: Double
    /// Continuity-corrected statistic `(S − sign S) / √Var(S)`.
    public var z: Double
    /// Two-sided p-value `2·P(Z > |z|)`.
    public var pValue: Double
    /// Kendall's tau, `S / (n(n − 1)/2)` (for the seasonal test, summed over seasons).
    public var tau: Double
    /// Observations used (missing values are skipped).
    public var count: Int
    /// The significance level used for ``direction``.
    public var alpha: Double
    /// `increasing` / `decreasing` when `|z| > Φ⁻¹(1 − α/2)`, else `no trend`.
    public var direction: TrendDirection
    /// Hamed–Rao only: the variance inflation `n / n*` (1 for the other tests).
    public var varianceCorrection: Double
}

/// Theil–Sen slope with a confidence interval.
public struct SenSlopeResult: Sendable, Codable, Equatable {
    /// Median of the pairwise slopes (per time step; per cycle for the seasonal version).
    public var slope: Double
    /// Conover's intercept: `median(x) − median(t) · slope` (t = 0-based positions).
    public var intercept: Double
    /// Lower end of the interval (Sen 1968, eq. 2.6), NaN when it cannot be formed.
    public var lower: Double
    /// Upper end of the interval.
    public var upper: Double
    /// The confidence level of the interval (for example 0.95).
    public var confidence: Double
}

/// Non-parametric trend tests: Mann–Kendall (with ties), the Hamed–Rao
/// autocorrelation correction, the seasonal Kendall test, and Sen's slope.
///
/// Each follows `pymannkendall` 1.4.3 (Hussain & Mahmud 2019, *JOSS* 4(39):1556)
/// and matches it to 1e-8 on the test series; Sen's interval follows
/// Sen (1968), eq. 2.6, as SciPy 1.17's `theilslopes`, and matches it exactly.
///
/// ## Missing values
/// NaN values are skipped: `S` and its variance use the observed values in
/// time order (as pymannkendall's `skip`); Sen's pairwise slopes use the
/// observed pairs with their true time distance.
public enum TrendTest {
    /// Mann (1945) – Kendall (1975) test with the tie correction of the
    /// variance (Gilbert 1987, eq. 16.4).
    ///
    /// - Parameters:
    ///   - values: the series in time order; NaN = missing.
    ///   - alpha: significance level for ``MannKendallResult/direction`` (0 < α < 1).
    /// - Returns: the test result.
    /// - Throws: ``TrendError`` when fewer than 3 values are observed, a value
    ///   is infinite or `alpha` is outside (0, 1).
    /// - Complexity: O(n log n) time (Knight's merge sort with tie counts), O(n) memory.
    public static func mannKendall(_ values: [Double], alpha: Double = 0.05) throws -> MannKendallResult {
        let x = try observed(values, alpha: alpha)
        let s = score(x)
        return result(s: s, variance: tieVariance(x), tauDenominator: pairs(x.count), count: x.count, alpha: alpha, correction: 1)
    }

    /// Modified Mann–Kendall test of Hamed & Rao (1998), *Journal of
    /// Hydrology* 204:182–196: the variance of `S` is multiplied by
    /// `n/n* = 1 + 2/(n(n−1)(n−2)) · Σ (n−i)(n−i−1)(n−i−2) ρ_i` over the lags
    /// `i` whose rank autocorrelation `ρ_i` (of the series detrended by Sen's
    /// slope) lies outside `±Φ⁻¹(1 − α/2)/√n`.
    ///
    /// With `lag == nil` every lag `1…n−1` is examined (pymannkendall's default);
    /// Hamed & Rao also suggest the first 3 lags (`lag: 3`).
    ///
    /// - Parameters:
    ///   - values: the series in time order; NaN = missing (skipped).
    ///   - alpha: significance level.
    ///   - lag: highest lag to examine, or `nil` for all.
    /// - Returns: the test result; ``MannKendallResult/varianceCorrection`` is `n/n*`.
    /// - Throws: ``TrendError`` as ``mannKendall(_:alpha:)``, or for `lag < 1`.
    /// - Complexity: O(n log n) expected time (S, Sen's slope, ranks, and the
    ///   autocorrelations by FFT when `n·L > 4·10⁶`, else directly in O(n·L)); O(n) memory.
    public static func hamedRao(_ values: [Double], alpha: Double = 0.05, lag: Int? = nil) throws -> MannKendallResult {
        let x = try observed(values, alpha: alpha)
        if let lag, lag < 1 { throw TrendError.invalidParameter(name: "lag", detail: "must be at least 1, got \(lag)") }
        let n = x.count
        let s = score(x)
        let maxLag = lag.map { min($0, n - 1) + 1 } ?? n
        let sen = try senSlope(values, confidence: 0.95)
        let detrended = x.enumerated().map { $0.element - Double($0.offset + 1) * sen.slope }
        let ranks = SampleStatistics.averageRanks(detrended)
        let rho = rankAutocorrelations(ranks, maxLag: maxLag - 1)
        let bound = NormalDistribution.quantile(1 - alpha / 2) / Double(n).squareRoot()
        var sni = 0.0
        if maxLag > 1 {
            for i in 1..<maxLag where !(rho[i] <= bound && rho[i] >= -bound) {
                let m = Double(n - i)
                sni += m * (m - 1) * (m - 2) * rho[i]
            }
        }
        let nd = Double(n)
        let correction = 1 + (2 / (nd * (nd - 1) * (nd - 2))) * sni
        return result(
            s: s, variance: tieVariance(x) * correction, tauDenominator: pairs(n), count: n, alpha: alpha,
            correction: correction)
    }

    /// Seasonal Kendall test of Hirsch, Slack & Smith (1982), *Water Resources
    /// Research* 18(1):107–121: Mann–Kendall scores and variances summed over
    /// the `period` seasons (position `i` belongs to season `i mod period`).
    ///
    /// - Parameters:
    ///   - values: the series in time order; NaN = missing.
    ///   - period: number of seasons (`≥ 2`).
    ///   - alpha: significance level.
    /// - Returns: the combined test.
    /// - Throws: ``TrendError`` for `period < 2`, infinite values, a bad `alpha`,
    ///   or when no season has two observed values.
    /// - Complexity: O(n log n) time, O(n) memory.
    public static func seasonalKendall(_ values: [Double], period: Int, alpha: Double = 0.05) throws -> MannKendallResult {
        guard period >= 2 else { throw TrendError.invalidParameter(name: "period", detail: "must be at least 2, got \(period)") }
        try checkAlpha(alpha)
        try checkFinite(values)
        var s = 0.0, variance = 0.0, denominator = 0.0
        var count = 0
        for season in 0..<min(period, values.count) {
            let x = stride(from: season, to: values.count, by: period).map { values[$0] }.filter { !$0.isNaN }
            s += score(x)
            variance += tieVariance(x)
            denominator += pairs(x.count)
            count += x.count
        }
        guard denominator > 0 else {
            let minimum = period.addingReportingOverflow(period).overflow ? Int.max : 2 * period
            throw TrendError.tooFewValues(observed: count, minimum: minimum)
        }
        return result(s: s, variance: variance, tauDenominator: denominator, count: count, alpha: alpha, correction: 1)
    }

    /// Theil (1950) – Sen (1968) slope: the median of `(x_j − x_i)/(j − i)`
    /// over observed pairs `i < j`, with Conover's intercept and Sen's
    /// confidence interval (ranks `round((N ∓ z·σ)/2)` of the sorted slopes,
    /// σ² the tie-corrected variance of Kendall's S), as SciPy's `theilslopes`.
    ///
    /// - Parameters:
    ///   - values: the series in time order; NaN = missing.
    ///   - confidence: level of the interval, in (0, 1).
    /// - Returns: slope per time step, intercept and interval.
    /// - Throws: ``TrendError`` for fewer than 2 observed values, infinite values
    ///   or a bad `confidence`.
    /// The median and the interval ends are selected among the pairwise slopes
    /// without listing them (see `PairwiseSlopes`: randomised interval
    /// shrinking by inversion counting, Matoušek 1991 / Dillencourt, Mount &
    /// Netanyahu 1992, with a fixed seed); the values are those of a full sort.
    /// - Complexity: O(n log n) expected time, O(n) memory.
    public static func senSlope(_ values: [Double], confidence: Double = 0.95) throws -> SenSlopeResult {
        guard confidence > 0, confidence < 1 else {
            throw TrendError.invalidParameter(name: "confidence", detail: "must be in (0, 1), got \(confidence)")
        }
        try checkFinite(values)
        let positions = values.indices.filter { !values[$0].isNaN }
        guard positions.count >= 2 else { throw TrendError.tooFewValues(observed: positions.count, minimum: 2) }
        let x = positions.map { values[$0] }
        let pairwise = PairwiseSlopes(groups: [(t: positions, x: x)])
        let total = pairwise.pairCount
        let slope = pairwise.median() ?? .nan
        let intercept = SampleStatistics.median(sorted: x.sorted()) - SampleStatistics.median(sorted: positions.map(Double.init)) * slope
        let nt = Double(total)
        let sigma = tieVariance(x).squareRoot()
        let z = NormalDistribution.quantile((1 - confidence) / 2)
        let upperRank = min(clampedRank((nt - z * sigma) / 2), total - 1)
        let lowerRank = max(clampedRank((nt + z * sigma) / 2) - 1, 0)
        let valid = lowerRank < total && upperRank >= 0
        let lower = valid ? pairwise.select(lowerRank...lowerRank)?.first ?? .nan : .nan
        let upper = valid ? pairwise.select(upperRank...upperRank)?.first ?? .nan : .nan
        return SenSlopeResult(slope: slope, intercept: intercept, lower: lower, upper: upper, confidence: confidence)
    }

    /// `Int(v.rounded(.toNearestOrEven))`, clamped to `Int` (NaN gives `Int.min`).
    private static func clampedRank(_ v: Double) -> Int {
        let r = v.rounded(.toNearestOrEven)
        guard r.isFinite else { return r == .infinity ? Int.max : Int.min }
        if r >= 9.0e18 { return Int.max }
        if r <= -9.0e18 { return Int.min }
        return Int(r)
    }

    /// Seasonal Sen slope (Hirsch et al. 1982): the median of the within-season
    /// pairwise slopes, per cycle (per year for monthly data), as
    /// pymannkendall's `seasonal_sens_slope`.
    ///
    /// - Parameters:
    ///   - values: the series; NaN = missing.
    ///   - period: number of seasons (`≥ 2`).
    /// - Returns: the slope per cycle (interval fields are NaN).
    /// - Throws: ``TrendError`` for `period < 2`, infinite values, or no pair.
    /// - Complexity: O(n log n) expected time, O(n) memory (as ``senSlope(_:confidence:)``).
    public static func seasonalSenSlope(_ values: [Double], period: Int) throws -> Double {
        guard period >= 2 else { throw TrendError.invalidParameter(name: "period", detail: "must be at least 2, got \(period)") }
        try checkFinite(values)
        var groups: [(t: [Int], x: [Double])] = []
        for season in 0..<min(period, values.count) {
            var t: [Int] = [], x: [Double] = []
            var position = 0
            for i in stride(from: season, to: values.count, by: period) {
                if !values[i].isNaN { t.append(position); x.append(values[i]) }
                position += 1
            }
            groups.append((t: t, x: x))
        }
        let pairwise = PairwiseSlopes(groups: groups)
        guard pairwise.pairCount > 0, let median = pairwise.median() else {
            throw TrendError.tooFewValues(observed: 0, minimum: period.addingReportingOverflow(period).overflow ? Int.max : 2 * period)
        }
        return median
    }

    // MARK: - Pieces

    static func checkAlpha(_ alpha: Double) throws {
        guard alpha > 0, alpha < 1 else {
            throw TrendError.invalidParameter(name: "alpha", detail: "must be in (0, 1), got \(alpha)")
        }
    }

    static func checkFinite(_ values: [Double]) throws {
        if let i = values.firstIndex(where: { $0.isInfinite }) { throw TrendError.nonFiniteValue(index: i) }
    }

    static func observed(_ values: [Double], alpha: Double) throws -> [Double] {
        try checkAlpha(alpha)
        try checkFinite(values)
        let x = values.filter { !$0.isNaN }
        guard x.count >= 3 else { throw TrendError.tooFewValues(observed: x.count, minimum: 3) }
        return x
    }

    static func pairs(_ n: Int) -> Double { 0.5 * Double(n) * Double(n - 1) }

    /// Kendall's S by merge sort with tie counts (Knight 1966): O(n log n), exact.
    static func score(_ x: [Double]) -> Double { kendallScore(x) }

    /// `(n(n−1)(2n+5) − Σ t(t−1)(2t+5)) / 18` over groups of tied values.
    static func tieVariance(_ x: [Double]) -> Double {
        let n = Double(x.count)
        var total = n * (n - 1) * (2 * n + 5)
        let sorted = x.sorted()
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[i] { j += 1 }
            let t = Double(j - i + 1)
            total -= t * (t - 1) * (2 * t + 5)
            i = j + 1
        }
        return total / 18
    }

    static func result(
        s: Double, variance: Double, tauDenominator: Double, count: Int, alpha: Double, correction: Double
    ) -> MannKendallResult {
        let z: Double
        if s > 0 { z = (s - 1) / variance.squareRoot() } else if s < 0 { z = (s + 1) / variance.squareRoot() } else { z = 0 }
        let p = z.isNaN ? Double.nan : 2 * NormalDistribution.upperTail(abs(z))
        let significant = abs(z) > NormalDistribution.quantile(1 - alpha / 2)
        let direction: TrendDirection = significant ? (z < 0 ? .decreasing : .increasing) : .noTrend
        return MannKendallResult(
            s: s, variance: variance, z: z, pValue: p, tau: s / tauDenominator, count: count, alpha: alpha,
            direction: direction, varianceCorrection: correction)
    }

}

/// Why a trend computation could not run.
public enum TrendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// Too few observed (non-missing) values.
    case tooFewValues(observed: Int, minimum: Int)
    /// An infinite value at `index` (0-based).
    case nonFiniteValue(index: Int)
    /// A count is negative or not an integer.
    case invalidCount(index: Int, value: Double)
    /// The iteratively reweighted least squares did not converge.
    case noConvergence(iterations: Int)

    public var description: String {
        switch self {
        case let .invalidParameter(name, detail): return "parameter '\(name)' \(detail)"
        case let .tooFewValues(observed, minimum):
            return "only \(observed) observed values; at least \(minimum) are needed"
        case let .nonFiniteValue(index):
            return "value at position \(index + 1) is infinite"
        case let .invalidCount(index, value):
            return "value at position \(index + 1) is \(value); counts must be non-negative integers"
        case let .noConvergence(iterations):
            return "the count regression did not converge in \(iterations) iterations"
        }
    }
}
