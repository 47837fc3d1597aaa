import Foundation

/// Transforms and normalisations of one indicator column, as the OECD/JRC
/// *Handbook on Constructing Composite Indicators* (2008, §1.5–1.6) and the
/// INFORM methodology describe them. Missing values (NaN) pass through.
public enum IndicatorPreparation {
    /// Apply `transform` to `values`.
    ///
    /// - Parameters:
    ///   - values: one indicator over units; NaN = missing.
    ///   - transform: the transform.
    ///   - indicator: name used in errors.
    ///   - units: unit names used in errors (same length as `values`).
    /// - Returns: the transformed values.
    /// - Throws: ``CompositeIndexError/invalidValue(indicator:unit:value:detail:)``
    ///   for a value outside the transform's domain;
    ///   ``CompositeIndexError/invalidParameter(name:detail:)`` for bad quantiles.
    /// - Complexity: O(n) (log, log1p), O(n log n) (winsorisation by quantiles),
    ///   O(n · maxPoints) (skewness rule).
    public static func transform(
        _ values: [Double], _ transform: IndicatorTransform, indicator: String, units: [String]
    ) throws -> [Double] {
        switch transform {
        case .none:
            return values
        case .log:
            return try values.enumerated().map { i, x in
                if x.isNaN { return x }
                guard x > 0 else {
                    throw CompositeIndexError.invalidValue(indicator: indicator, unit: name(units, i), value: x,
                                                           detail: "cannot be log-transformed (must be > 0)")
                }
                return Foundation.log(x)
            }
        case .log1p:
            return try values.enumerated().map { i, x in
                if x.isNaN { return x }
                guard x > -1 else {
                    throw CompositeIndexError.invalidValue(indicator: indicator, unit: name(units, i), value: x,
                                                           detail: "cannot be log1p-transformed (must be > −1)")
                }
                return Foundation.log1p(x)
            }
        case let .winsorise(lower, upper):
            guard lower >= 0, upper <= 1, lower < upper else {
                throw CompositeIndexError.invalidParameter(
                    name: "winsorise", detail: "needs 0 ≤ lower < upper ≤ 1, got lower \(lower), upper \(upper) (indicator '\(indicator)')")
            }
            let observed = values.filter { !$0.isNaN }.sorted()
            guard !observed.isEmpty else { return values }
            let lo = SampleStatistics.quantile(sorted: observed, lower), hi = SampleStatistics.quantile(sorted: observed, upper)
            return values.map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }
        case let .winsoriseBySkewness(skewLimit, kurtosisLimit, maxPoints):
            guard skewLimit > 0, kurtosisLimit.isFinite, maxPoints >= 0 else {
                throw CompositeIndexError.invalidParameter(
                    name: "winsorise-skew", detail: "needs skewness > 0, finite kurtosis and maxPoints ≥ 0 (indicator '\(indicator)')")
            }
            var x = values
            for _ in 0..<maxPoints {
                let observed = x.indices.filter { !x[$0].isNaN }
                guard observed.count >= 4 else { break }
                let (skew, kurt) = skewnessKurtosis(observed.map { x[$0] })
                guard abs(skew) > skewLimit, kurt > kurtosisLimit else { break }
                // Most extreme value on the skewed side, set to the next one inward.
                let sortedIdx = observed.sorted { x[$0] < x[$1] }
                if skew > 0, let top = sortedIdx.last {
                    x[top] = x[sortedIdx[sortedIdx.count - 2]]
                } else if let bottom = sortedIdx.first {
                    x[bottom] = x[sortedIdx[1]]
                }
            }
            return x
        }
    }

    /// Normalise one (transformed) indicator column, oriented so that higher
    /// means worse.
    ///
    /// - Parameters:
    ///   - values: transformed values; NaN = missing.
    ///   - normalisation: the method.
    ///   - direction: a `higherIsBetter` indicator is reversed: `10 − y` on the
    ///     0–10 methods (`minmax`, `rank`, `none`), `−y` for `zscore` and `distance`.
    ///   - transform: the indicator's transform, applied to fixed min–max bounds.
    ///   - indicator: name used in errors.
    ///   - units: unit names (errors, and the reference unit of `distance`).
    /// - Returns: normalised values (NaN stays NaN).
    /// - Throws: ``CompositeIndexError`` for zero variance, an all-missing
    ///   indicator, a `none` value outside 0–10, a missing or zero reference.
    /// - Complexity: O(n) (O(n log n) for `rank`).
    public static func normalise(
        _ values: [Double], _ normalisation: Normalisation, direction: IndicatorDirection,
        transform: IndicatorTransform = .none, indicator: String, units: [String]
    ) throws -> [Double] {
        let observed = values.filter { !$0.isNaN }
        guard !observed.isEmpty else { throw CompositeIndexError.allMissingIndicator(indicator: indicator) }
        let reversed = direction == .higherIsBetter
        switch normalisation {
        case let .minMax(fixedMin, fixedMax):
            func bound(_ b: Double?, _ fallback: Double, _ label: String) throws -> Double {
                guard let b else { return fallback }
                let t = try Self.transform([b], transform, indicator: indicator, units: ["(\(label) bound)"])[0]
                guard t.isFinite else {
                    throw CompositeIndexError.invalidParameter(name: "normalisation.\(label)", detail: "of indicator '\(indicator)' is not finite")
                }
                return t
            }
            let lo = try bound(fixedMin, observed.min() ?? .nan, "min")
            let hi = try bound(fixedMax, observed.max() ?? .nan, "max")
            guard hi > lo else {
                if fixedMin == nil && fixedMax == nil { throw CompositeIndexError.zeroVariance(indicator: indicator) }
                throw CompositeIndexError.invalidParameter(
                    name: "normalisation", detail: "of indicator '\(indicator)': max must exceed min (after the transform), got min \(lo), max \(hi)")
            }
            let clamp = fixedMin != nil || fixedMax != nil
            return values.map { x in
                if x.isNaN { return x }
                var y = 10 * (x - lo) / (hi - lo)
                if clamp { y = Swift.min(Swift.max(y, 0), 10) }
                return reversed ? 10 - y : y
            }
        case .zScore:
            let n = Double(observed.count)
            let mean = observed.reduce(0, +) / n
            let ss = observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            guard observed.count >= 2, ss > 0 else { throw CompositeIndexError.zeroVariance(indicator: indicator) }
            let sd = (ss / (n - 1)).squareRoot()
            return values.map { x in x.isNaN ? x : (reversed ? -1 : 1) * (x - mean) / sd }
        case .rank:
            let idx = values.indices.filter { !values[$0].isNaN }
            guard idx.count >= 2 else { throw CompositeIndexError.zeroVariance(indicator: indicator) }
            let ranks = SampleStatistics.averageRanks(idx.map { values[$0] })
            var out = [Double](repeating: .nan, count: values.count)
            let n = Double(idx.count)
            for (k, i) in idx.enumerated() {
                let y = 10 * (ranks[k] - 1) / (n - 1)
                out[i] = reversed ? 10 - y : y
            }
            return out
        case .none:
            return try values.enumerated().map { i, x in
                if x.isNaN { return x }
                guard x >= 0, x <= 10 else {
                    throw CompositeIndexError.invalidValue(
                        indicator: indicator, unit: name(units, i), value: x,
                        detail: "is outside 0–10, but normalisation 'none' takes values as given on the 0–10 scale")
                }
                return reversed ? 10 - x : x
            }
        case let .distance(reference):
            guard let r = units.firstIndex(of: reference) else {
                throw CompositeIndexError.invalidParameter(
                    name: "normalisation.reference", detail: "of indicator '\(indicator)': unit '\(reference)' is not in the table")
            }
            let ref = values[r]
            guard !ref.isNaN, ref != 0 else {
                throw CompositeIndexError.invalidParameter(
                    name: "normalisation.reference",
                    detail: "of indicator '\(indicator)': the reference unit '\(reference)' has value \(ref); it must be present and non-zero")
            }
            return values.map { x in x.isNaN ? x : (reversed ? -1 : 1) * (x - ref) / abs(ref) }
        }
    }

    /// Sample skewness and excess kurtosis as Excel's SKEW and KURT (the
    /// bias-corrected forms the JRC COIN tool uses).
    static func skewnessKurtosis(_ x: [Double]) -> (Double, Double) {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let m2 = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard m2 > 0 else { return (0, 0) }
        let s = (m2 / (n - 1)).squareRoot()
        let z3 = x.reduce(0) { $0 + Foundation.pow(($1 - mean) / s, 3) }
        let z4 = x.reduce(0) { $0 + Foundation.pow(($1 - mean) / s, 4) }
        let skew = n / ((n - 1) * (n - 2)) * z3
        let kurt = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * z4 - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
        return (skew, kurt)
    }

    private static func name(_ units: [String], _ i: Int) -> String { i < units.count ? units[i] : "#\(i + 1)" }
}
