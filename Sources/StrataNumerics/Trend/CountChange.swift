import Foundation

/// The change from one count (or total of counts) to another, with an interval.
public struct CountChangeResult: Sendable, Codable, Equatable {
    /// The earlier count (or total).
    public var previous: Double
    /// The later count (or total).
    public var current: Double
    /// `current / previous − 1` (0.25 = +25 %); NaN when `previous` is 0.
    public var relativeChange: Double
    /// Lower end of the interval for the relative change; NaN when a count is 0.
    public var lower: Double
    /// Upper end of the interval for the relative change; NaN when a count is 0.
    public var upper: Double
    /// The confidence level.
    public var confidence: Double
}

/// Year-on-year and period-on-period change of counts with intervals.
///
/// Each count is taken as Poisson; the rate ratio `current / previous` gets
/// the Wald interval on the log scale, `exp(log(c/p) ± z·√(1/c + 1/p))`
/// (Rothman, Greenland & Lash, *Modern Epidemiology*, 3rd ed., ch. 14), and
/// the relative change is the ratio minus one. The interval needs both
/// counts positive; with a zero count it is NaN (undefined), and the point
/// change is NaN when the earlier count is 0. With overdispersed counts the
/// Poisson interval is too narrow: see ``CountTrendResult/dispersion``.
public enum CountChange {
    /// Compare two counts.
    ///
    /// - Parameters:
    ///   - current: the later count (≥ 0).
    ///   - previous: the earlier count (≥ 0).
    ///   - confidence: level of the interval, in (0, 1).
    /// - Returns: the relative change and its interval.
    /// - Throws: ``TrendError/invalidParameter(name:detail:)`` for a negative or
    ///   non-finite count or a bad level.
    /// - Complexity: O(1).
    public static func compare(current: Double, previous: Double, confidence: Double = 0.95) throws -> CountChangeResult {
        guard confidence > 0, confidence < 1 else {
            throw TrendError.invalidParameter(name: "confidence", detail: "must be in (0, 1), got \(confidence)")
        }
        for (name, v) in [("current", current), ("previous", previous)] where !(v.isFinite && v >= 0) {
            throw TrendError.invalidParameter(name: name, detail: "must be a finite non-negative count, got \(v)")
        }
        let change = previous > 0 ? current / previous - 1 : .nan
        var lower = Double.nan
        var upper = Double.nan
        if current > 0 && previous > 0 {
            let z = NormalDistribution.quantile(0.5 + confidence / 2)
            let logRatio = log(current / previous)
            let se = (1 / current + 1 / previous).squareRoot()
            lower = expm1(logRatio - z * se)
            upper = expm1(logRatio + z * se)
        }
        return CountChangeResult(
            previous: previous, current: current, relativeChange: change, lower: lower, upper: upper,
            confidence: confidence)
    }

    /// Change of the total of the last `window` observations against the
    /// `window` before them (for monthly data and `window` 12: the last twelve
    /// months against the twelve before; `window` 1: last period against the one before).
    ///
    /// - Parameters:
    ///   - counts: counts in time order; NaN = missing.
    ///   - window: observations per block (`≥ 1`).
    ///   - confidence: level of the interval.
    /// - Returns: the comparison of the two blocks' totals.
    /// - Throws: ``TrendError`` when there are fewer than `2·window` values or
    ///   either block has a missing value (a total with gaps is not comparable).
    /// - Complexity: O(window).
    public static func lastBlocks(_ counts: [Double], window: Int, confidence: Double = 0.95) throws -> CountChangeResult {
        guard window >= 1 else { throw TrendError.invalidParameter(name: "window", detail: "must be at least 1, got \(window)") }
        guard window <= counts.count / 2 else {
            throw TrendError.tooFewValues(
                observed: counts.count, minimum: window.addingReportingOverflow(window).overflow ? Int.max : 2 * window)
        }
        let current = counts.suffix(window)
        let previous = counts.dropLast(window).suffix(window)
        guard !current.contains(where: \.isNaN), !previous.contains(where: \.isNaN) else {
            throw TrendError.invalidParameter(name: "counts", detail: "have missing values in the last \(2 * window) periods")
        }
        return try compare(current: current.reduce(0, +), previous: previous.reduce(0, +), confidence: confidence)
    }

    /// The change at every position against `lag` positions earlier (`lag` = period
    /// for year-on-year, 1 for period-on-period). Positions with a missing
    /// value or a zero earlier count get NaN fields.
    ///
    /// - Parameters:
    ///   - counts: counts in time order; NaN = missing.
    ///   - lag: distance of the comparison (`≥ 1`).
    ///   - confidence: level of the intervals.
    /// - Returns: one result per position `lag…n−1`.
    /// - Throws: ``TrendError`` for a bad `lag`, negative or infinite counts.
    /// - Complexity: O(n).
    public static func lagged(_ counts: [Double], lag: Int, confidence: Double = 0.95) throws -> [CountChangeResult] {
        guard lag >= 1 else { throw TrendError.invalidParameter(name: "lag", detail: "must be at least 1, got \(lag)") }
        guard counts.count > lag else { return [] }
        return try (lag..<counts.count).map { i in
            let c = counts[i], p = counts[i - lag]
            if c.isNaN || p.isNaN {
                return CountChangeResult(previous: p, current: c, relativeChange: .nan, lower: .nan, upper: .nan, confidence: confidence)
            }
            return try compare(current: c, previous: p, confidence: confidence)
        }
    }
}
