import Foundation

/// The simple benchmark forecasters: naive, seasonal naive, Naive2, the Theta
/// method and the deseasonalised damped trend. Inputs must be finite.
public enum BenchmarkMethods {
    /// The random-walk forecast `ŷ_{n+h} = y_n`.
    ///
    /// Intervals as R `forecast::naive`: `ŷ ± z·σ·√h` with `σ²` the mean squared
    /// one-step naive residual `(y_t − y_{t−1})`. With one observation the
    /// intervals are NaN.
    /// - Parameters:
    ///   - y: finite values, at least one.
    ///   - horizon: steps ahead.
    ///   - levels: coverage levels in percent.
    /// - Returns: the forecast.
    /// - Throws: ``ForecastError`` for empty or non-finite input or bad arguments.
    /// - Complexity: O(n + horizon).
    public static func naive(_ y: [Double], horizon: Int, levels: [Double] = [80, 95]) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.levels(levels)
        try ForecastCheck.finite(y, "series")
        guard let last = y.last else { throw ForecastError.tooShort(method: "naive", count: 0, minimum: 1) }
        let sigma = residualScale(y, lag: 1)
        let mean = [Double](repeating: last, count: horizon)
        let se = (1...horizon).map { sigma * Double($0).squareRoot() }
        return Forecast(method: "naive", mean: mean, intervals: symmetric(mean, se, levels))
    }

    /// The seasonal naive forecast `ŷ_{n+h} = y_{n+h−m·(⌊(h−1)/m⌋+1)}`.
    ///
    /// Intervals as R `forecast::snaive`: `ŷ ± z·σ·√(⌊(h−1)/m⌋ + 1)`, `σ²` the
    /// mean squared residual `y_t − y_{t−m}`. Needs at least one full season;
    /// with exactly one the intervals are NaN.
    /// - Parameters:
    ///   - y: finite values, at least `period`.
    ///   - period: the season length `m ≥ 1`.
    ///   - horizon: steps ahead.
    ///   - levels: coverage levels in percent.
    /// - Returns: the forecast.
    /// - Throws: ``ForecastError/tooShort(method:count:minimum:)`` with fewer than `period` values.
    /// - Complexity: O(n + horizon).
    public static func seasonalNaive(_ y: [Double], period m: Int, horizon: Int, levels: [Double] = [80, 95]) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.levels(levels)
        try ForecastCheck.period(m)
        try ForecastCheck.finite(y, "series")
        let n = y.count
        guard n >= m, n >= 1 else { throw ForecastError.tooShort(method: "seasonal naive", count: n, minimum: max(1, m)) }
        let sigma = residualScale(y, lag: m)
        let mean = (0..<horizon).map { y[n - m + ($0 % m)] }
        let se = (0..<horizon).map { sigma * Double($0 / m + 1).squareRoot() }
        return Forecast(method: "seasonal naive", mean: mean, intervals: symmetric(mean, se, levels))
    }

    /// Naive2 of the M competitions: the naive forecast of the seasonally
    /// adjusted series, reseasonalised; the adjustment (classical
    /// multiplicative decomposition) is applied only when
    /// ``SeasonalAdjustment/isSeasonal(_:period:)`` says so.
    ///
    /// Intervals are the naive intervals of the adjusted series times the seasonal index.
    /// - Parameters:
    ///   - y: finite values.
    ///   - period: the season length.
    ///   - horizon: steps ahead.
    ///   - levels: coverage levels in percent.
    /// - Returns: the forecast.
    /// - Throws: ``ForecastError`` for empty input or bad arguments.
    /// - Complexity: O(n·m + horizon).
    public static func naive2(_ y: [Double], period m: Int, horizon: Int, levels: [Double] = [80, 95]) throws -> Forecast {
        try ForecastCheck.period(m)
        let (adjusted, index, note) = try seasonallyAdjusted(y, period: m)
        var f = try naive(adjusted, horizon: horizon, levels: levels)
        f.method = "Naive2"
        if let note { f.notes.append(note) }
        if let index { reseasonalise(&f, index: index, n: y.count) }
        return f
    }

    /// The Theta method (Assimakopoulos & Nikolopoulos 2000) as R `forecast::thetaf`
    /// (Hyndman & Billah 2003 form), the M3/M4 benchmark:
    ///
    /// 1. if `period > 1`, `n > 2·period` and the 90% ACF test says seasonal,
    ///    divide by the classical multiplicative seasonal indices (ratios to the
    ///    moving-average trend, so zeros in the data are fine: ``seasonallyAdjusted(_:period:)``);
    /// 2. fit simple exponential smoothing (ETS(A,N,N), α and `l₀` by least squares);
    /// 3. add half the slope `b` of the least-squares line on `0…n−1`:
    ///    `ŷ_h = ℓ_n + (b/2)·(h − 1 + (1 − (1 − α)ⁿ)/α)`;
    /// 4. reseasonalise.
    ///
    /// Intervals as `thetaf`: `ŷ_h ± z·σ·√(1 + (h − 1)α²)` with σ the SES residual
    /// standard deviation (on the adjusted scale, not reseasonalised, as `thetaf`).
    /// - Parameters:
    ///   - y: finite values, at least 7 (SES needs 4 more than its 3 parameters).
    ///   - period: the season length.
    ///   - horizon: steps ahead.
    ///   - levels: coverage levels in percent.
    ///   - options: SES estimation settings.
    /// - Returns: the forecast.
    /// - Throws: ``ForecastError/tooShort(method:count:minimum:)`` for fewer than 7 values.
    /// - Complexity: O(n·m + optimiser evaluations · n).
    public static func theta(
        _ y: [Double], period m: Int, horizon: Int, levels: [Double] = [80, 95],
        options: ExponentialSmoothing.Options = .init()
    ) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.levels(levels)
        try ForecastCheck.period(m)
        let n = y.count
        guard n >= 7 else { throw ForecastError.tooShort(method: "Theta", count: n, minimum: 7) }
        let (x, index, note) = try seasonallyAdjusted(y, period: m)
        let ses = try ExponentialSmoothing.fit(x, model: ETSModel(.additive, .none, .none), period: 1, options: options)
        let alpha = max(1e-10, ses.parameters.alpha)
        let b = slope(x) / 2
        let offset = (1 - Foundation.pow(1 - alpha, Double(n))) / alpha
        var mean = (0..<horizon).map { ses.finalLevel + b * (Double($0) + offset) }
        if let index { for h in 0..<horizon { mean[h] *= index[(n + h) % m] } }
        let sigma = ses.sigma2.squareRoot()
        let se = (0..<horizon).map { sigma * (1 + Double($0) * alpha * alpha).squareRoot() }
        return Forecast(method: "Theta", mean: mean, intervals: symmetric(mean, se, levels), notes: note.map { [$0] } ?? [])
    }

    /// The damped-trend member of the combination (the M4 "Damped" benchmark):
    /// ETS(A,Ad,N) or ETS(M,Ad,N), whichever has the smaller AICc (M only for
    /// positive data), fitted to the series seasonally adjusted as in ``naive2(_:period:horizon:levels:)``
    /// and reseasonalised, intervals included.
    /// - Parameters:
    ///   - y: finite values.
    ///   - period: the season length.
    ///   - horizon: steps ahead.
    ///   - levels: coverage levels in percent.
    ///   - options: estimation settings.
    /// - Returns: the forecast.
    /// - Throws: ``ForecastError`` when neither damped model can be fitted (fewer than 10 values).
    /// - Complexity: two ETS fits.
    public static func damped(
        _ y: [Double], period m: Int, horizon: Int, levels: [Double] = [80, 95],
        options: ExponentialSmoothing.Options = .init()
    ) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.levels(levels)
        try ForecastCheck.period(m)
        let (x, index, note) = try seasonallyAdjusted(y, period: m)
        var candidates = [ETSModel(.additive, .damped, .none)]
        if x.allSatisfy({ $0 > 0 }) { candidates.append(ETSModel(.multiplicative, .damped, .none)) }
        let fit = try ExponentialSmoothing.fitAutomatic(x, period: 1, candidates: candidates, options: options)
        var f = try fit.forecast(horizon: horizon, levels: levels)
        f.method = "damped " + fit.model.description
        if let note { f.notes.append(note) }
        if let index { reseasonalise(&f, index: index, n: y.count) }
        return f
    }

    // MARK: - Helpers

    /// The series divided by its classical multiplicative seasonal indices when
    /// the seasonality test says seasonal, as R `forecast::thetaf` (and the M4
    /// Naive2/Damped benchmarks) do; otherwise the series itself and `nil`.
    ///
    /// Matches `thetaf` on series with zeros or negative values: the
    /// decomposition divides by the moving-average trend, not by the data
    /// (see ``SeasonalAdjustment/classicalIndices(_:period:multiplicative:)``),
    /// so there is no positivity rule. The adjustment is not applied, with a
    /// note, when an index is below `1e-4` in absolute value (R: warning
    /// "Seasonal indexes close to zero. Using non-seasonal Theta method") or
    /// when the decomposition is not finite because the trend is zero under a
    /// non-zero value, or a whole season position has a zero trend (R's result
    /// then depends on rounding: where its moving average is exactly 0 `thetaf`
    /// stops with an error; where rounding leaves a trend of order 1e-16 it warns
    /// and multiplies the forecast by indices near 0, as `ForecastRReferenceTests`
    /// records for forecast 8.20).
    /// - Parameters:
    ///   - y: finite values.
    ///   - period: the season length, `1...1000`.
    /// - Returns: the adjusted series, the indices by position (`nil` when not
    ///   adjusted) and a note when a seasonal series was left unadjusted.
    /// - Throws: ``ForecastError`` for non-finite values or a period outside `1...1000`.
    /// - Complexity: O(n·m).
    public static func seasonallyAdjusted(
        _ y: [Double], period m: Int
    ) throws -> (adjusted: [Double], index: [Double]?, note: String?) {
        try ForecastCheck.period(m)
        try ForecastCheck.finite(y, "series")
        guard SeasonalAdjustment.isSeasonal(y, period: m) else { return (y, nil, nil) }
        let index: [Double]
        do {
            index = try SeasonalAdjustment.classicalIndices(y, period: m, multiplicative: true)
        } catch let ForecastError.notApplicable(_, reason) {
            return (y, nil, "seasonal by the ACF test but not adjusted: \(reason)")
        }
        guard index.allSatisfy({ abs($0) >= 1e-4 }) else {
            return (y, nil, "seasonal by the ACF test but not adjusted: a seasonal index is below 1e-4 (as R thetaf)")
        }
        return ((0..<y.count).map { y[$0] / index[$0 % m] }, index, nil)
    }

    static func reseasonalise(_ f: inout Forecast, index: [Double], n: Int) {
        let m = index.count
        for h in 0..<f.mean.count {
            let s = index[(n + h) % m]
            f.mean[h] *= s
            for k in 0..<f.intervals.count {
                f.intervals[k].lower[h] *= s
                f.intervals[k].upper[h] *= s
            }
        }
    }

    /// Root mean squared lag-`lag` difference; NaN when there is none.
    static func residualScale(_ y: [Double], lag: Int) -> Double {
        guard y.count > lag else { return .nan }
        var s = 0.0
        for t in lag..<y.count { s += (y[t] - y[t - lag]) * (y[t] - y[t - lag]) }
        return (s / Double(y.count - lag)).squareRoot()
    }

    /// Least-squares slope of `y` on `0…n−1`.
    static func slope(_ y: [Double]) -> Double {
        let n = Double(y.count)
        guard y.count >= 2 else { return 0 }
        let xm = (n - 1) / 2
        let ym = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (t, v) in y.enumerated() {
            sxy += (Double(t) - xm) * (v - ym)
            sxx += (Double(t) - xm) * (Double(t) - xm)
        }
        return sxy / sxx
    }

    static func symmetric(_ mean: [Double], _ se: [Double], _ levels: [Double]) -> [PredictionInterval] {
        levels.map { level in
            let z = NormalDistribution.centralMultiplier(level: level)
            return PredictionInterval(
                level: level,
                lower: zip(mean, se).map { $0 - z * $1 },
                upper: zip(mean, se).map { $0 + z * $1 })
        }
    }
}
