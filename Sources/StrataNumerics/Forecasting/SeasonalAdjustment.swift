import Foundation

/// Classical seasonal adjustment as used by the M3/M4 benchmarks (Theta,
/// Naive2, the deseasonalised Damped member of the combination).
///
/// The seasonality test is the 90% autocorrelation test of R `forecast::thetaf`
/// and of the M4 benchmark code; the decomposition is R `stats::decompose`
/// (centred moving average of order `period`, seasonal figure = mean of the
/// detrended values by position, normalised to mean 1 or 0). Values must be
/// finite (callers remove missing values first).
public enum SeasonalAdjustment {
    /// The sample autocorrelation at `lag`, as R `acf`:
    /// `Σ (x_t − x̄)(x_{t+k} − x̄) / Σ (x_t − x̄)²`.
    ///
    /// - Parameters:
    ///   - y: finite values.
    ///   - lag: the lag `k ≥ 0`.
    /// - Returns: the autocorrelation, 0 for a constant series or a lag beyond the data.
    /// - Complexity: O(n).
    public static func autocorrelation(_ y: [Double], lag: Int) -> Double {
        guard lag >= 0, lag < y.count else { return 0 }
        let r = SampleStatistics.autocorrelations(y, lags: [lag]).first ?? 0
        return r.isFinite ? r : 0
    }

    /// `qnorm(0.95)`, the one-sided 95% normal quantile R `thetaf` compares with
    /// (R 4.2.2: `sprintf("%.17g", qnorm(0.95))` = `1.6448536269514715`).
    public static let seasonalityQuantile = 1.6448536269514715

    /// Whether the series is seasonal at `period` by the 90% (two-sided) test of
    /// R `forecast::thetaf` / the M4 benchmarks:
    /// `|r_m| / √((1 + 2 Σ_{k<m} r_k²) / n) > qnorm(0.95)` (``seasonalityQuantile``).
    ///
    /// The test is only applied when `period > 1`, `n > 2·period` (R `thetaf`'s
    /// rule) and the series is not constant; otherwise the answer is `false`.
    /// The comparison `n > 2·period` is made without overflow, so any `period`
    /// (even `Int.max`) is safe and simply answers `false` when it exceeds `n/2`.
    /// - Parameters:
    ///   - y: finite values.
    ///   - period: the seasonal period `m`.
    /// - Returns: `true` when the test says seasonal.
    /// - Complexity: O(n·m).
    public static func isSeasonal(_ y: [Double], period: Int) -> Bool {
        let n = y.count
        guard period > 1, period < n, n - period > period else { return false }
        guard let first = y.first, y.contains(where: { $0 != first }) else { return false }
        let r = SampleStatistics.autocorrelations(y, maxLag: period)
        guard r.count == period + 1, r.allSatisfy(\.isFinite) else { return false }
        var sum = 1.0
        for k in 1..<period { sum += 2 * r[k] * r[k] }
        let stat = (sum / Double(n)).squareRoot()
        return abs(r[period]) / stat > seasonalityQuantile
    }

    /// The seasonal figure of classical decomposition (R `decompose`), by
    /// position: element `p` applies to every observation `t` with `t mod period == p`
    /// (`t` counted from 0 at the first value given).
    ///
    /// As R `decompose`: the trend is the centred moving average of order
    /// `period`; the multiplicative figure averages the ratios `y_t / trend_t`
    /// by position (dividing by the trend, not by the data, so zeros in the
    /// data are fine), the additive one the differences; the figure is then
    /// normalised to mean 1 (multiplicative) or 0 (additive).
    ///
    /// **A zero trend** (possible only where the whole moving-average window is
    /// zero for non-negative data): R computes `0/0 = NaN` there and drops it
    /// from the position's mean (`na.rm = TRUE`), and so does this function.
    /// Where R would carry a non-finite value on (a non-zero value over a zero
    /// trend, which needs negative data; a position with no finite ratio; a
    /// figure whose mean is 0) R's `thetaf` stops with an error, or, where
    /// rounding leaves a trend of order 1e-16 instead of 0, warns and scales the
    /// forecast by indices near 0 (forecast 8.20, `ForecastRReferenceTests`); this function
    /// throws ``ForecastError/notApplicable(model:reason:)`` instead, and the
    /// benchmark methods then fall back to the unadjusted series with a note.
    /// A negative trend is used as R uses it (the ratio is taken as it is).
    ///
    /// - Parameters:
    ///   - y: finite values; at least `2·period` of them.
    ///   - period: `2 ≤ m ≤ 1000`.
    ///   - multiplicative: ratios to the moving average (mean 1) instead of differences (mean 0).
    /// - Returns: `period` seasonal indices.
    /// - Throws: ``ForecastError/invalidParameter(name:detail:)`` for a period outside
    ///   `2...1000`; ``ForecastError/tooShort(method:count:minimum:)`` with fewer than `2·period`
    ///   values; ``ForecastError/notApplicable(model:reason:)`` for multiplicative
    ///   indices in the non-finite cases above.
    /// - Complexity: O(n·m).
    public static func classicalIndices(_ y: [Double], period m: Int, multiplicative: Bool) throws -> [Double] {
        let n = y.count
        guard m >= 2, m <= 1_000 else {
            throw ForecastError.invalidParameter(name: "period", detail: "must be between 2 and 1000, is \(m)")
        }
        guard n >= 2 * m else { throw ForecastError.tooShort(method: "classical decomposition", count: n, minimum: 2 * m) }
        try ForecastCheck.finite(y, "series")
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        let half = m / 2
        let even = m % 2 == 0
        for t in half..<(n - half) {
            var trend = 0.0
            if even {
                trend = 0.5 * (y[t - half] + y[t + half])
                for k in (t - half + 1)..<(t + half) { trend += y[k] }
            } else {
                for k in (t - half)...(t + half) { trend += y[k] }
            }
            trend /= Double(m)
            let detrended: Double
            if multiplicative {
                if trend == 0 {
                    // R: 0/0 = NaN, removed by mean(..., na.rm = TRUE).
                    if y[t] == 0 { continue }
                    throw ForecastError.notApplicable(
                        model: "multiplicative decomposition",
                        reason: "the moving average is 0 at index \(t) where the value is \(y[t])")
                }
                detrended = y[t] / trend
            } else {
                detrended = y[t] - trend
            }
            sums[t % m] += detrended
            counts[t % m] += 1
        }
        var figure = [Double](repeating: 0, count: m)
        for p in 0..<m {
            guard counts[p] > 0 else {
                throw ForecastError.notApplicable(
                    model: "classical decomposition", reason: "season position \(p) has no finite detrended value")
            }
            figure[p] = sums[p] / Double(counts[p])
        }
        let mean = figure.reduce(0, +) / Double(m)
        if multiplicative {
            guard mean != 0, mean.isFinite else {
                throw ForecastError.notApplicable(
                    model: "multiplicative decomposition", reason: "the seasonal figure has mean \(mean)")
            }
        }
        for p in 0..<m { figure[p] = multiplicative ? figure[p] / mean : figure[p] - mean }
        guard figure.allSatisfy(\.isFinite) else {
            throw ForecastError.notApplicable(model: "classical decomposition", reason: "the seasonal figure is not finite")
        }
        return figure
    }
}
