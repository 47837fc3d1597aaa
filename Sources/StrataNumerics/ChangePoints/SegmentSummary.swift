import Foundation

/// The level of one segment, its confidence interval and its ratio to the previous segment.
public struct SegmentSummary: Sendable, Codable, Equatable {
    /// 0-based index of the segment's first observation.
    public var start: Int
    /// 0-based index of the segment's last observation (inclusive).
    public var end: Int
    /// The fitted level: the mean for Gaussian costs; for count costs the
    /// rate per unit of expected-count factor `Σy / Σf` (the mean count when
    /// there are no offsets).
    public var level: Double
    /// Lower end of the confidence interval of `level` (NaN when undefined,
    /// e.g. a one-observation segment under a t interval).
    public var lower: Double
    /// Upper end of the confidence interval of `level`.
    public var upper: Double
    /// `level / previous level`; `nil` for the first segment or when the previous level is 0.
    public var ratioToPrevious: Double?

    /// Number of observations in the segment.
    public var length: Int { end - start + 1 }
}

extension Segmentation {
    /// Level, confidence interval and ratio of every segment.
    ///
    /// The interval depends on the cost:
    /// * ``ChangePointCost/poisson``: exact Garwood (1936) interval,
    ///   `[G⁻¹(α/2; S), G⁻¹(1 − α/2; S + 1)] / F` with `G` the gamma(shape, 1)
    ///   CDF, `S = Σy`, `F = Σf` (R `poisson.test` gives the same with `T = F`);
    /// * ``ChangePointCost/negativeBinomial(size:)``: the Garwood interval of
    ///   the overdispersion-scaled counts `S/φ` over `F/φ`, `φ = 1 + λ/r`
    ///   (a quasi-Poisson approximation);
    /// * ``ChangePointCost/normalMean(variance:)``: `ȳ ± z_{1−α/2} σ/√m`
    ///   with the known or estimated `σ²`;
    /// * ``ChangePointCost/normalMeanVariance`` and ``ChangePointCost/l2``:
    ///   the Student t interval `ȳ ± t_{m−1, 1−α/2} s/√m` (NaN when `m = 1`);
    /// * ``ChangePointCost/linearTrend(variance:)``: the same t interval for
    ///   the segment mean (the level is the mean, not the fitted line).
    ///
    /// Intervals do not account for the change points having been estimated
    /// (they are conditional on the segmentation), so they are too narrow
    /// near a change.
    ///
    /// - Parameters:
    ///   - series: the series that was segmented (for a multivariate search,
    ///     one of its series).
    ///   - offsets: the expected-count factors used in the search, if any.
    ///   - confidence: the coverage `1 − α`, in (0, 1).
    /// - Returns: one summary per segment, in order.
    /// - Throws: ``ChangePointError/invalidParameter(name:detail:)`` when
    ///   `series` or `offsets` do not match ``length`` or `confidence` is outside (0, 1).
    /// - Complexity: O(n) plus O(1) quantile inversions per segment.
    public func summaries(
        of series: [Double], offsets: [Double]? = nil, confidence: Double = 0.95
    ) throws -> [SegmentSummary] {
        guard series.count == length else {
            throw ChangePointError.invalidParameter(name: "series", detail: "has length \(series.count), expected \(length)")
        }
        if let offsets, offsets.count != length {
            throw ChangePointError.invalidParameter(name: "offsets", detail: "has length \(offsets.count), expected \(length)")
        }
        guard confidence > 0, confidence < 1 else {
            throw ChangePointError.invalidParameter(name: "confidence", detail: "must be in (0, 1), is \(confidence)")
        }
        let alpha = 1 - confidence
        var out: [SegmentSummary] = []
        for range in segments {
            let m = Double(range.count)
            var level = 0.0, lower = Double.nan, upper = Double.nan
            switch cost {
            case .poisson, .negativeBinomial:
                var s = 0.0, f = 0.0
                for i in range {
                    s += series[i]
                    f += offsets?[i] ?? 1
                }
                level = s / f
                var phi = 1.0
                if case .negativeBinomial(let size) = cost, let size, size > 0 { phi = 1 + level / size }
                let se = s / phi, fe = f / phi
                lower = se > 0 ? Distributions.gammaQuantile(alpha / 2, shape: se) / fe : 0
                upper = Distributions.gammaQuantile(1 - alpha / 2, shape: se + 1) / fe
            case .normalMean(let variance):
                for i in range { level += series[i] }
                level /= m
                if let variance {
                    let half = NormalDistribution.quantile(1 - alpha / 2) * (variance / m).squareRoot()
                    lower = level - half
                    upper = level + half
                }
            case .normalMeanVariance, .l2, .linearTrend:
                for i in range { level += series[i] }
                level /= m
                if range.count >= 2 {
                    var ss = 0.0
                    for i in range { ss += (series[i] - level) * (series[i] - level) }
                    let sd = (ss / (m - 1)).squareRoot()
                    let half = Distributions.studentTQuantile(1 - alpha / 2, m - 1) * sd / m.squareRoot()
                    lower = level - half
                    upper = level + half
                }
            }
            var ratio: Double? = nil
            if let previous = out.last, previous.level != 0 { ratio = level / previous.level }
            out.append(SegmentSummary(
                start: range.lowerBound, end: range.upperBound - 1, level: level,
                lower: lower, upper: upper, ratioToPrevious: ratio))
        }
        return out
    }
}
