import Foundation

/// Forecast accuracy measures of the M3/M4 competitions and of interval scoring.
///
/// Every function takes the hold-out values and the forecasts for the same
/// steps. Pairs where the actual value is missing (NaN) are skipped; when no
/// pair is left, the result is NaN.
public enum AccuracyMetrics {
    /// Symmetric MAPE in percent (M3/M4 definition):
    /// `mean_h 200·|y − f| / (|y| + |f|)`; a pair with `y = f = 0` counts 0.
    ///
    /// - Parameters:
    ///   - actual: hold-out values.
    ///   - forecast: forecasts, same length.
    /// - Returns: the sMAPE, or NaN when the lengths differ or no pair is observed.
    /// - Complexity: O(h).
    public static func sMAPE(actual: [Double], forecast: [Double]) -> Double {
        guard actual.count == forecast.count else { return .nan }
        var sum = 0.0, count = 0
        for (y, f) in zip(actual, forecast) where y.isFinite && f.isFinite {
            let den = abs(y) + abs(f)
            sum += den > 0 ? 200 * abs(y - f) / den : 0
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }

    /// The in-sample mean absolute error of the seasonal naive method,
    /// `mean_{t>m} |y_t − y_{t−m}|`, the MASE scale (M4 definition); pairs with a missing value are skipped.
    ///
    /// - Parameters:
    ///   - insample: the fitting data.
    ///   - period: the seasonal lag `m` (use 1 for non-seasonal data).
    /// - Returns: the scale; NaN when there is no pair.
    /// - Complexity: O(n).
    public static func seasonalNaiveScale(insample: [Double], period: Int) -> Double {
        let m = max(1, period)
        guard insample.count > m else { return .nan }
        var sum = 0.0, count = 0
        for t in m..<insample.count where insample[t].isFinite && insample[t - m].isFinite {
            sum += abs(insample[t] - insample[t - m])
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }

    /// Mean absolute scaled error (Hyndman & Koehler 2006), scaled by the
    /// in-sample seasonal naive MAE (M4 definition).
    ///
    /// - Parameters:
    ///   - actual: hold-out values.
    ///   - forecast: forecasts.
    ///   - insample: the fitting data.
    ///   - period: the seasonal lag.
    /// - Returns: the MASE; NaN when the scale is 0 or undefined.
    /// - Complexity: O(n + h).
    public static func MASE(actual: [Double], forecast: [Double], insample: [Double], period: Int) -> Double {
        let scale = seasonalNaiveScale(insample: insample, period: period)
        guard scale > 0, actual.count == forecast.count else { return .nan }
        var sum = 0.0, count = 0
        for (y, f) in zip(actual, forecast) where y.isFinite && f.isFinite {
            sum += abs(y - f)
            count += 1
        }
        return count > 0 ? sum / Double(count) / scale : .nan
    }

    /// The share (0…1) of hold-out values inside `[lower, upper]`.
    ///
    /// - Returns: the coverage; NaN when no pair is observed.
    /// - Complexity: O(h).
    public static func coverage(actual: [Double], lower: [Double], upper: [Double]) -> Double {
        guard actual.count == lower.count, actual.count == upper.count else { return .nan }
        var hits = 0, count = 0
        for i in 0..<actual.count where actual[i].isFinite && lower[i].isFinite && upper[i].isFinite {
            if actual[i] >= lower[i] && actual[i] <= upper[i] { hits += 1 }
            count += 1
        }
        return count > 0 ? Double(hits) / Double(count) : .nan
    }

    /// The mean Winkler (1972) interval score, Gneiting & Raftery (2007) eq. 43:
    /// `(u − l) + (2/α)(l − y)·[y < l] + (2/α)(y − u)·[y > u]`, `α = 1 − level/100`.
    ///
    /// - Parameters:
    ///   - actual: hold-out values.
    ///   - lower: lower bounds.
    ///   - upper: upper bounds.
    ///   - level: nominal coverage in percent.
    /// - Returns: the mean score (in the data's units; smaller is better); NaN when no pair is observed.
    /// - Complexity: O(h).
    public static func winklerScore(actual: [Double], lower: [Double], upper: [Double], level: Double) -> Double {
        guard actual.count == lower.count, actual.count == upper.count, level > 0, level < 100 else { return .nan }
        let alpha = 1 - level / 100
        var sum = 0.0, count = 0
        for i in 0..<actual.count where actual[i].isFinite && lower[i].isFinite && upper[i].isFinite {
            let y = actual[i], l = lower[i], u = upper[i]
            var s = u - l
            if y < l { s += 2 / alpha * (l - y) }
            if y > u { s += 2 / alpha * (y - u) }
            sum += s
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }

    /// The mean scaled interval score (MSIS, M4): the Winkler score divided by the seasonal naive scale.
    ///
    /// - Returns: the MSIS; NaN when the scale is 0 or undefined.
    /// - Complexity: O(n + h).
    public static func MSIS(actual: [Double], lower: [Double], upper: [Double], level: Double,
                            insample: [Double], period: Int) -> Double {
        let scale = seasonalNaiveScale(insample: insample, period: period)
        guard scale > 0 else { return .nan }
        return winklerScore(actual: actual, lower: lower, upper: upper, level: level) / scale
    }

    /// The overall weighted average of M4: `½(sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2)`,
    /// computed from the averages over all series.
    public static func OWA(sMAPE: Double, MASE: Double, naive2sMAPE: Double, naive2MASE: Double) -> Double {
        0.5 * (sMAPE / naive2sMAPE + MASE / naive2MASE)
    }
}
