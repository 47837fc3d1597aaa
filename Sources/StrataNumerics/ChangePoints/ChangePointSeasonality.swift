import Foundation

/// Seasonal adjustment for change-point detection: how a seasonal pattern is
/// removed so that it is not mistaken for changes of level.
///
/// * Count costs (Poisson, negative binomial) keep the counts as they are and
///   take the seasonal pattern as a multiplicative *offset*: the expected
///   count at `t` is `level × factor[t]`, so the likelihood stays a count
///   likelihood (see ``ChangePointSearch/pelt(_:cost:penalty:minimumSegmentLength:offsets:)``).
///   ``multiplicativeFactors(_:period:)`` estimates the factors.
/// * Gaussian costs are run on the seasonally adjusted series from
///   ``additivelyAdjusted(_:period:)``.
///
/// Both use robust STL (Cleveland et al. 1990) with a *periodic* seasonal
/// window: one fixed seasonal pattern for the whole series. A fixed pattern is
/// deliberate: an evolving seasonal window can absorb part of a level shift
/// into the seasonal component and hide the change being looked for; robust
/// fitting keeps single outliers from distorting the pattern.
public enum ChangePointSeasonality {
    /// Multiplicative seasonal factors of a count series.
    ///
    /// STL (periodic, robust) is run on `log1p(y)`; the factors are
    /// `exp(S[t])` rescaled so that they average exactly 1 over one cycle, so
    /// segment levels stay on the scale of the counts (the mean monthly count
    /// of a typical month). On the `log1p` scale `exp(S)` is the ratio of
    /// `(1 + y)`, which equals the ratio of counts up to O(1/y): close for the
    /// counts of tens and more this is meant for.
    ///
    /// - Parameters:
    ///   - counts: the series, non-negative, complete (no NaN).
    ///   - period: the seasonal period (12 for monthly data), at least 2 and
    ///     at most half the length.
    /// - Returns: one positive factor per observation.
    /// - Throws: ``DecompositionError`` for a bad period, a too-short series
    ///   or values outside the domain of `log1p`.
    /// - Complexity: O(n) per STL pass (16 passes for robust STL).
    public static func multiplicativeFactors(_ counts: [Double], period: Int) throws -> [Double] {
        let parameters = STL.Parameters(period: period, seasonalWindow: .periodic, robust: true)
        let d = try STL.decompose(counts, parameters: parameters, transform: .log1p)
        var factors = d.seasonal.map { Foundation.exp($0) }
        let cycle = factors.prefix(period)
        let mean = cycle.reduce(0, +) / Double(cycle.count)
        guard mean > 0, mean.isFinite else { return [Double](repeating: 1, count: counts.count) }
        for i in factors.indices { factors[i] /= mean }
        return factors
    }

    /// The seasonally adjusted series `y − S` (periodic robust STL on `y`).
    ///
    /// - Parameters:
    ///   - values: the series (NaN is carried through as NaN).
    ///   - period: the seasonal period.
    /// - Returns: the adjusted series, same length.
    /// - Throws: ``DecompositionError`` for a bad period or a too-short series.
    /// - Complexity: O(n) per STL pass.
    public static func additivelyAdjusted(_ values: [Double], period: Int) throws -> [Double] {
        let parameters = STL.Parameters(period: period, seasonalWindow: .periodic, robust: true)
        let d = try STL.decompose(values, parameters: parameters)
        return zip(values, d.seasonal).map { $0 - $1 }
    }
}
