import Foundation

/// The forecasting methods offered by ``Forecaster``.
public enum ForecastMethod: String, Sendable, Codable, CaseIterable {
    /// The recommended default; currently the combination (``combination``), with fallbacks for short series.
    case auto
    /// Automatic ETS: the admissible model with the smallest AICc.
    case ets
    /// The Theta method as R `forecast::thetaf`.
    case theta
    /// Seasonal naive.
    case seasonalNaive = "snaive"
    /// Naive (random walk).
    case naive
    /// Naive2 of the M competitions (naive on the seasonally adjusted series).
    case naive2
    /// Damped trend on the seasonally adjusted series.
    case damped
    /// Mean of auto-ETS, Theta and damped.
    case combination = "combo"
}

/// One entry point for every forecasting method, with the data handling the
/// CLI and the backtests rely on.
///
/// * **Missing values.** Trailing missing values are rejected
///   (``ForecastError/missingValue(parameter:index:)`` naming the index), since
///   the forecast origin would be unknown. Otherwise the model is fitted on the
///   last contiguous stretch of observed values (after the last missing value)
///   and a note says how many observations were dropped.
/// * **Extreme magnitudes.** A series whose largest |value| lies outside
///   ``MagnitudeScaling/safeRange`` is fitted after exact rescaling by a power
///   of two and the forecast scaled back (a note says so).
/// * **Constant series** (including all zeros): the forecast is the constant,
///   with zero-width intervals, and a note says so.
/// * **Too-short series.** Each method falls back, with a note, to the next
///   simpler one that can be fitted: combination → Theta → naive;
///   ETS (fewer than 2 seasons: non-seasonal models only) → naive; Theta → naive;
///   seasonal naive with less than one season → naive.
/// * **Count data.** When every observed value is a non-negative integer, means
///   and interval bounds are clipped at 0 and a note says so.
/// * **ETS intervals.** Model-based by default. With ``ExponentialSmoothing/Options/calibratesIntervals``
///   (opt-in; off in ``ExponentialSmoothing/Options/recommended``) auto-ETS intervals are widened by
///   ``ETSFit/intervalInflation(on:horizon:)`` on the fitted stretch; the means are unchanged.
/// * **Combination.** Mean of the members' means; interval bounds are the means
///   of the members' bounds (quantile averaging), so the combined interval is
///   never wider than the widest member. Members that cannot be fitted are left
///   out with a note.
public enum Forecaster {
    /// Forecast one series.
    ///
    /// - Parameters:
    ///   - y: observations in time order; NaN = missing.
    ///   - method: the method.
    ///   - horizon: steps ahead, 1…10000.
    ///   - period: the seasonal period (12 monthly, 4 quarterly, 1 none).
    ///   - levels: interval coverage levels in percent, in output order.
    ///   - seed: seed of the simulated intervals and optimiser restarts.
    ///   - options: ETS estimation settings (``ExponentialSmoothing/Options/recommended`` by default; Theta always estimates its SES with the thorough search).
    /// - Returns: the forecast with its notes.
    /// - Throws: ``ForecastError`` for invalid arguments, trailing missing values or an empty series.
    /// - Complexity: that of the method; up to 18 ETS fits for the combination.
    public static func forecast(
        _ y: [Double], method: ForecastMethod, horizon: Int, period: Int = 1, levels: [Double] = [80, 95],
        seed: UInt64 = 42, options: ExponentialSmoothing.Options = .recommended
    ) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.period(period)
        try ForecastCheck.levels(levels)
        var notes: [String] = []
        guard let lastObserved = y.lastIndex(where: { $0.isFinite }) else {
            throw ForecastError.tooShort(method: method.rawValue, count: 0, minimum: 1)
        }
        if lastObserved != y.count - 1 {
            throw ForecastError.missingValue(parameter: "series", index: y.count - 1)
        }
        var x = y
        if let gap = y.lastIndex(where: { !$0.isFinite }) {
            x = Array(y[(gap + 1)...])
            notes.append("missing value at index \(gap): fitted on the last \(x.count) contiguous observations only")
        }
        let isCount = x.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
        // Magnitudes near 1e±300 would overflow or underflow the squared errors:
        // fit on the series times an exact power of two and scale back.
        let scale = MagnitudeScaling.factor(for: x)
        if scale != 1 {
            x = x.map { $0 * scale }
            notes.append("values of magnitude \(CSVLike.number(1 / scale)) fitted after exact rescaling by 2^\(Int(scale.exponent))")
        }
        var result: Forecast
        if let first = x.first, x.allSatisfy({ $0 == first }) {
            result = Forecast(
                method: "constant", mean: [Double](repeating: first, count: horizon),
                intervals: levels.map {
                    PredictionInterval(level: $0, lower: [Double](repeating: first, count: horizon),
                                       upper: [Double](repeating: first, count: horizon))
                },
                notes: ["the series is constant (\(CSVLike.number(first))): forecast is that constant with zero-width intervals"])
        } else {
            result = try dispatch(x, method: method, horizon: horizon, period: period, levels: levels, seed: seed, options: options)
        }
        if scale != 1 {
            result.mean = result.mean.map { $0 / scale }
            for k in result.intervals.indices {
                result.intervals[k].lower = result.intervals[k].lower.map { $0 / scale }
                result.intervals[k].upper = result.intervals[k].upper.map { $0 / scale }
            }
        }
        result.notes = notes + result.notes
        if isCount {
            var clipped = false
            for h in 0..<result.mean.count where result.mean[h] < 0 { result.mean[h] = 0; clipped = true }
            for k in 0..<result.intervals.count {
                for h in 0..<horizon {
                    if result.intervals[k].lower[h] < 0 { result.intervals[k].lower[h] = 0; clipped = true }
                    if result.intervals[k].upper[h] < 0 { result.intervals[k].upper[h] = 0; clipped = true }
                }
            }
            if clipped { result.notes.append("count data: forecasts and interval bounds clipped at 0") }
        }
        return result
    }

    /// Forecast many series in parallel (``Parallel/map(_:maxConcurrency:_:)``),
    /// each as ``forecast(_:method:horizon:period:levels:seed:options:)``.
    ///
    /// - Returns: one `Result` per series, in input order (a failure of one series does not stop the others).
    /// - Complexity: the sum of the single forecasts, spread over all cores.
    public static func forecastMany(
        _ series: [[Double]], method: ForecastMethod, horizon: Int, period: Int = 1, levels: [Double] = [80, 95],
        seed: UInt64 = 42, options: ExponentialSmoothing.Options = .recommended
    ) -> [Result<Forecast, ForecastError>] {
        let out = try? Parallel.map(series.count) { i -> Result<Forecast, ForecastError> in
            do {
                return .success(try forecast(series[i], method: method, horizon: horizon, period: period,
                                             levels: levels, seed: seed, options: options))
            } catch let e as ForecastError {
                return .failure(e)
            } catch {
                return .failure(.invalidParameter(name: "series", detail: "\(error)"))
            }
        }
        return out ?? []
    }

    static func dispatch(
        _ x: [Double], method: ForecastMethod, horizon: Int, period: Int, levels: [Double], seed: UInt64,
        options: ExponentialSmoothing.Options
    ) throws -> Forecast {
        func fallbackNaive(_ why: String) throws -> Forecast {
            var f = try BenchmarkMethods.naive(x, horizon: horizon, levels: levels)
            f.notes.append("\(why); fell back to the naive method")
            return f
        }
        switch method {
        case .naive:
            return try BenchmarkMethods.naive(x, horizon: horizon, levels: levels)
        case .naive2:
            return try BenchmarkMethods.naive2(x, period: period, horizon: horizon, levels: levels)
        case .seasonalNaive:
            guard x.count >= period else { return try fallbackNaive("fewer observations (\(x.count)) than one season (\(period))") }
            return try BenchmarkMethods.seasonalNaive(x, period: period, horizon: horizon, levels: levels)
        case .theta:
            guard x.count >= 7 else { return try fallbackNaive("Theta needs at least 7 observations, have \(x.count)") }
            // Theta's SES is estimated as closely to maximum likelihood as possible, as R thetaf does.
            var sesOptions = options
            sesOptions.search = .thorough
            return try BenchmarkMethods.theta(x, period: period, horizon: horizon, levels: levels, options: sesOptions)
        case .damped:
            do { return try BenchmarkMethods.damped(x, period: period, horizon: horizon, levels: levels, options: options) }
            catch { return try fallbackNaive("damped trend could not be fitted (\(error))") }
        case .ets:
            do {
                let fit = try ExponentialSmoothing.fitAutomatic(x, period: period, options: options)
                let f = try fit.forecast(horizon: horizon, levels: levels, seed: seed)
                return options.calibratesIntervals ? f.widened(by: fit.intervalInflation(on: x, horizon: horizon)) : f
            } catch {
                return try fallbackNaive("no ETS model could be fitted (\(error))")
            }
        case .auto, .combination:
            var members: [Forecast] = []
            var notes: [String] = []
            for member in [ForecastMethod.ets, .theta, .damped] {
                do {
                    let f = try dispatch(x, method: member, horizon: horizon, period: period, levels: levels, seed: seed, options: options)
                    if f.notes.contains(where: { $0.contains("fell back") }) {
                        notes.append("member \(member.rawValue) left out: \(f.notes.joined(separator: "; "))")
                    } else {
                        members.append(f)
                        notes += f.notes
                    }
                } catch {
                    notes.append("member \(member.rawValue) left out: \(error)")
                }
            }
            guard !members.isEmpty else { return try fallbackNaive("no member of the combination could be fitted") }
            return combine(members, levels: levels, notes: notes)
        }
    }

    /// The combination rule of ``ForecastMethod/combination``: the mean of the
    /// members' means and, level by level, of their interval bounds.
    ///
    /// - Parameter members: forecasts of the same horizon with the same levels, at least one.
    /// - Returns: the combined forecast; `nil` when `members` is empty or the horizons differ.
    /// - Complexity: O(members · horizon · levels).
    public static func combination(of members: [Forecast]) -> Forecast? {
        guard let first = members.first, members.allSatisfy({ $0.mean.count == first.mean.count }) else { return nil }
        return combine(members, levels: first.intervals.map(\.level), notes: members.flatMap(\.notes))
    }

    /// Mean of the members' means and of their interval bounds.
    static func combine(_ members: [Forecast], levels: [Double], notes: [String]) -> Forecast {
        let k = Double(members.count)
        let h = members[0].mean.count
        var mean = [Double](repeating: 0, count: h)
        for f in members { for i in 0..<h { mean[i] += f.mean[i] / k } }
        var intervals: [PredictionInterval] = []
        for (j, level) in levels.enumerated() {
            var lo = [Double](repeating: 0, count: h), hi = lo
            for f in members where j < f.intervals.count {
                for i in 0..<h {
                    lo[i] += f.intervals[j].lower[i] / k
                    hi[i] += f.intervals[j].upper[i] / k
                }
            }
            intervals.append(PredictionInterval(level: level, lower: lo, upper: hi))
        }
        let name = "combination(" + members.map(\.method).joined(separator: ", ") + ")"
        return Forecast(method: name, mean: mean, intervals: intervals, notes: notes)
    }
}

enum CSVLike {
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
