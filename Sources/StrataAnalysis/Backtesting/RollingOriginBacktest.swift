import Foundation
import StrataNumerics

/// A failure of a backtest, naming the parameter at fault.
public enum BacktestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// The series is too short for the requested origins and horizon.
    case tooShort(count: Int, minimum: Int)

    /// A readable message naming the parameter at fault.
    public var description: String {
        switch self {
        case let .invalidParameter(name, detail): return "parameter '\(name)' \(detail)"
        case let .tooShort(count, minimum):
            return "the series has \(count) values; the requested origins and horizon need at least \(minimum)"
        }
    }
}

/// The accuracy of the forecast made at one origin.
public struct OriginAccuracy: Sendable, Codable, Equatable {
    /// Number of observations the forecast was fitted on (the origin is after index `origin − 1`).
    public var origin: Int
    /// The method actually used (after fallbacks).
    public var method: String
    /// sMAPE in percent over the horizon.
    public var sMAPE: Double
    /// MASE, scaled by the seasonal naive MAE of the fitting data.
    public var MASE: Double
    /// Coverage (0…1) per level, in the order of `levels`.
    public var coverage: [Double]
    /// Mean Winkler interval score per level.
    public var winkler: [Double]
    /// Mean scaled interval score per level.
    public var MSIS: [Double]
    /// Error message when this origin could not be forecast.
    public var failure: String?
    /// Absolute error at each step ahead (1…horizon) divided by the MASE
    /// scale of the fitting data (the in-sample seasonal naive MAE); NaN
    /// where the actual value is missing or the scale is 0. The mean of these
    /// over the horizon is ``MASE``. `nil` for a failed origin.
    public var scaledErrors: [Double]? = nil
}

/// The result of a rolling-origin backtest of one series.
public struct BacktestResult: Sendable, Codable, Equatable {
    /// Steps ahead per origin.
    public var horizon: Int
    /// Interval levels in percent.
    public var levels: [Double]
    /// One record per origin, oldest first.
    public var origins: [OriginAccuracy]

    /// Mean of a metric over the origins that were forecast (NaN values skipped).
    public static func mean(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    }

    /// Mean sMAPE over origins.
    public var meanSMAPE: Double { Self.mean(origins.map(\.sMAPE)) }
    /// Mean MASE over origins.
    public var meanMASE: Double { Self.mean(origins.map(\.MASE)) }
    /// Mean coverage per level over origins.
    public var meanCoverage: [Double] { levels.indices.map { k in Self.mean(origins.map { k < $0.coverage.count ? $0.coverage[k] : .nan }) } }
    /// Mean Winkler score per level over origins.
    public var meanWinkler: [Double] { levels.indices.map { k in Self.mean(origins.map { k < $0.winkler.count ? $0.winkler[k] : .nan }) } }
    /// Mean MSIS per level over origins.
    public var meanMSIS: [Double] { levels.indices.map { k in Self.mean(origins.map { k < $0.MSIS.count ? $0.MSIS[k] : .nan }) } }
    /// Mean scaled absolute error at each step ahead (1…horizon) over the
    /// origins that were forecast: MASE by horizon, how fast accuracy decays.
    public var meanScaledErrorByHorizon: [Double] {
        (0..<horizon).map { h in Self.mean(origins.map { o in
            guard let e = o.scaledErrors, h < e.count else { return .nan }
            return e[h]
        }) }
    }
}

/// Rolling-origin evaluation (Tashman 2000): for each origin, fit on the data
/// up to it, forecast `horizon` steps and score against what followed.
///
/// The origins are the last `origins` positions that leave a full horizon of
/// hold-out data, one step apart: the final origin fits on `n − horizon`
/// values. Missing values in the hold-out are skipped by the metrics; the
/// forecaster decides what to do with missing values in the fitting window
/// (``Forecaster`` fits on the last contiguous stretch). A failing origin is
/// recorded with its error and NaN metrics, never stopping the run.
public enum RollingOriginBacktest {
    /// Largest `horizon` accepted (that of ``Forecaster``).
    public static let maximumHorizon = 10_000
    /// Largest number of origins accepted.
    public static let maximumOrigins = 1_000_000
    /// Largest seasonal `period` accepted (that of ``Forecaster``).
    public static let maximumPeriod = 1_000

    /// Backtest any forecaster.
    ///
    /// - Parameters:
    ///   - series: the full history; NaN = missing.
    ///   - horizon: steps ahead, `1...maximumHorizon` (10 000).
    ///   - origins: number of origins, `1...maximumOrigins` (1 000 000).
    ///   - period: seasonal lag for MASE/MSIS scaling (1 for none), `1...maximumPeriod` (1000).
    ///   - levels: interval levels the forecaster returns, in its order.
    ///   - parallel: run origins on all cores with ``Parallel``.
    ///   - forecaster: forecasts `horizon` steps from a fitting window.
    /// - Returns: per-origin accuracy.
    /// - Throws: ``BacktestError`` for bad arguments or a series shorter than `horizon + origins` (+1 to fit on).
    /// - Complexity: `origins` forecaster calls.
    public static func run(
        _ series: [Double], horizon: Int, origins: Int, period: Int = 1, levels: [Double] = [80, 95],
        parallel: Bool = true, forecaster: @escaping @Sendable ([Double]) throws -> Forecast
    ) throws -> BacktestResult {
        guard horizon >= 1, horizon <= maximumHorizon else {
            throw BacktestError.invalidParameter(name: "horizon", detail: "must be between 1 and \(maximumHorizon), is \(horizon)")
        }
        guard origins >= 1, origins <= maximumOrigins else {
            throw BacktestError.invalidParameter(name: "origins", detail: "must be between 1 and \(maximumOrigins), is \(origins)")
        }
        guard period >= 1, period <= maximumPeriod else {
            throw BacktestError.invalidParameter(name: "period", detail: "must be between 1 and \(maximumPeriod), is \(period)")
        }
        let n = series.count
        let minimum = horizon + origins + 1
        guard n >= minimum else { throw BacktestError.tooShort(count: n, minimum: minimum) }
        let firstOrigin = n - horizon - origins + 1
        let body: @Sendable (Int) -> OriginAccuracy = { k in
            let origin = firstOrigin + k
            let train = Array(series[0..<origin])
            let test = Array(series[origin..<(origin + horizon)])
            do {
                let f = try forecaster(train)
                guard f.mean.count == horizon else {
                    return failed(origin, "forecaster returned \(f.mean.count) steps, expected \(horizon)", levels.count)
                }
                var coverage: [Double] = [], winkler: [Double] = [], msis: [Double] = []
                for level in levels {
                    if let pi = f.interval(level: level) {
                        coverage.append(AccuracyMetrics.coverage(actual: test, lower: pi.lower, upper: pi.upper))
                        winkler.append(AccuracyMetrics.winklerScore(actual: test, lower: pi.lower, upper: pi.upper, level: level))
                        msis.append(AccuracyMetrics.MSIS(actual: test, lower: pi.lower, upper: pi.upper, level: level,
                                                         insample: train, period: period))
                    } else {
                        coverage.append(.nan); winkler.append(.nan); msis.append(.nan)
                    }
                }
                let scale = AccuracyMetrics.seasonalNaiveScale(insample: train, period: period)
                let scaled = zip(test, f.mean).map { a, m in
                    a.isNaN || !(scale > 0) ? Double.nan : abs(a - m) / scale
                }
                return OriginAccuracy(
                    origin: origin, method: f.method,
                    sMAPE: AccuracyMetrics.sMAPE(actual: test, forecast: f.mean),
                    MASE: AccuracyMetrics.MASE(actual: test, forecast: f.mean, insample: train, period: period),
                    coverage: coverage, winkler: winkler, MSIS: msis, failure: nil, scaledErrors: scaled)
            } catch {
                return failed(origin, "\(error)", levels.count)
            }
        }
        let records = parallel ? (try Parallel.map(origins, body)) : (0..<origins).map(body)
        return BacktestResult(horizon: horizon, levels: levels, origins: records)
    }

    /// Backtest one of the ``Forecaster`` methods.
    ///
    /// - Parameters: as ``run(_:horizon:origins:period:levels:parallel:forecaster:)``, plus the
    ///   method, the seed and the ETS options passed to ``Forecaster`` (by default
    ///   the same `.recommended` options `Forecaster` and `strata forecast` use, so a
    ///   backtest scores the forecasts the tool actually makes).
    /// - Returns: per-origin accuracy.
    /// - Throws: ``BacktestError`` for bad arguments.
    public static func run(
        _ series: [Double], method: ForecastMethod, horizon: Int, origins: Int, period: Int = 1,
        levels: [Double] = [80, 95], seed: UInt64 = 42, parallel: Bool = true,
        options: ExponentialSmoothing.Options = .recommended
    ) throws -> BacktestResult {
        try run(series, horizon: horizon, origins: origins, period: period, levels: levels, parallel: parallel) { train in
            try Forecaster.forecast(train, method: method, horizon: horizon, period: period, levels: levels,
                                    seed: seed, options: options)
        }
    }

    static func failed(_ origin: Int, _ message: String, _ levels: Int) -> OriginAccuracy {
        let nan = [Double](repeating: .nan, count: levels)
        return OriginAccuracy(origin: origin, method: "", sMAPE: .nan, MASE: .nan, coverage: nan, winkler: nan,
                              MSIS: nan, failure: message)
    }
}
