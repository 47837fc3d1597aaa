import StrataData
import StrataNumerics

/// Forecasts with prediction intervals for one series or a panel, as
/// `strata forecast` prints them, and rolling-origin backtests of them
/// (``BacktestWorkflow``).
///
/// Each series is forecast by ``StrataNumerics/Forecaster`` (ETS, Theta,
/// naive methods and their combination; see that type for the fallbacks for
/// short series, missing values, constant series and the **count-aware
/// handling**: when every observed value is a non-negative integer, means and
/// interval bounds are clipped at 0 and a note says so). Future periods
/// continue the series' last ``StrataData/Period`` by period arithmetic.
///
/// ```swift
/// let panel = try AnalysisInput.read(path: "routes.csv").panel
/// let result = try ForecastWorkflow.forecast(panel, settings: .init(horizon: 12))
/// for f in result.forecasts { print(f.key, f.periods, f.mean) }
/// ```
public enum ForecastWorkflow {
    /// The largest horizon accepted.
    public static let maximumHorizon = 10_000
    /// The largest seasonal period accepted.
    public static let maximumPeriod = 1_000

    /// What to forecast with.
    public struct Settings: Sendable, Codable, Equatable {
        /// Steps ahead, 1…``maximumHorizon``.
        public var horizon: Int
        /// The method; default ``StrataNumerics/ForecastMethod/auto`` (the combination, with fallbacks).
        public var method: ForecastMethod
        /// Interval levels in percent, each in (0, 100), in output order; default 80 and 95.
        public var levels: [Double]
        /// Seasonal period, 1…``maximumPeriod``; `nil` = 12 for monthly data, 4 for quarterly, otherwise 1.
        public var period: Int?
        /// Seed of simulated intervals and optimiser restarts; default 42.
        public var seed: UInt64

        /// Settings with the documented defaults.
        public init(horizon: Int, method: ForecastMethod = .auto, levels: [Double] = [80, 95], period: Int? = nil,
                    seed: UInt64 = 42) {
            self.horizon = horizon
            self.method = method
            self.levels = levels
            self.period = period
            self.seed = seed
        }

        /// - Throws: ``SettingsError`` for a value out of range.
        public func validate() throws {
            try SettingsError.check(horizon, in: 1...ForecastWorkflow.maximumHorizon, "horizon")
            for l in levels where !(l > 0 && l < 100) {
                throw SettingsError(parameter: "level", value: "\(l)", allowed: "strictly between 0 and 100")
            }
            if let period { try SettingsError.check(period, in: 1...ForecastWorkflow.maximumPeriod, "period") }
        }

        /// The seasonal period used for `series`: ``period`` or the one its frequency implies.
        public func period(for series: TimeSeries) -> Int {
            if let period { return period }
            switch series.start.frequency {
            case .monthly: return 12
            case .quarterly: return 4
            default: return 1
            }
        }
    }

    /// One series' forecast. JSON: `series`, `key`, `method`, `periods`,
    /// `mean`, `intervals` (`level`, `lower`, `upper`), `notes`.
    public struct SeriesForecast: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// The method that produced the forecast (after any fallback).
        public var method: String
        /// The forecast periods, continuing the series.
        public var periods: [Period]
        /// Point forecasts, one per step.
        public var mean: [Double]
        /// One interval per level, in the order of the settings.
        public var intervals: [PredictionInterval]
        /// Fallbacks, dropped missing values, clipping at 0, constant series.
        public var notes: [String]

        enum CodingKeys: String, CodingKey { case series, key, method, periods, mean, intervals, notes }

        /// A value from its parts.
        public init(key: SeriesKey, method: String, periods: [Period], mean: [Double], intervals: [PredictionInterval],
                    notes: [String]) {
            self.key = key; self.method = method; self.periods = periods; self.mean = mean
            self.intervals = intervals; self.notes = notes
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            method = try c.decode(String.self, forKey: .method)
            periods = try c.decode([Period].self, forKey: .periods)
            mean = try c.decode([Double?].self, forKey: .mean).map { $0 ?? .nan }
            intervals = try c.decode([PredictionInterval].self, forKey: .intervals)
            notes = try c.decode([String].self, forKey: .notes)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            try c.encode(method, forKey: .method)
            try c.encode(periods, forKey: .periods)
            try c.encode(mean, forKey: .mean)
            try c.encode(intervals, forKey: .intervals)
            try c.encode(notes, forKey: .notes)
        }
    }

    /// A series that could not be forecast. JSON: `series`, `key`, `error`.
    public struct SeriesFailure: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// Why the series could not be analysed.
        public var error: String

        enum CodingKeys: String, CodingKey { case series, key, error }

        /// A value from its parts.
        public init(key: SeriesKey, error: String) {
            self.key = key
            self.error = error
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            error = try c.decode(String.self, forKey: .error)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            try c.encode(error, forKey: .error)
        }
    }

    /// Forecasts of the series that could be forecast and the failures, each in input order.
    public struct Result: Sendable, Codable, Equatable {
        /// The forecasts, in input order.
        public var forecasts: [SeriesForecast]
        /// The series that could not be forecast, in input order.
        public var failures: [SeriesFailure]
        /// A value from its parts.
        public init(forecasts: [SeriesForecast], failures: [SeriesFailure]) {
            self.forecasts = forecasts
            self.failures = failures
        }
    }

    /// Forecasts one series.
    /// - Throws: ``SettingsError``; ``SeriesAnalysisError`` with the
    ///   forecaster's message (trailing missing values, an empty series).
    /// - Complexity: that of the method (up to 18 ETS fits for the combination).
    public static func forecast(_ series: TimeSeries, settings: Settings) throws -> SeriesForecast {
        try settings.validate()
        let f: Forecast
        do {
            f = try Forecaster.forecast(series.values, method: settings.method, horizon: settings.horizon,
                                        period: settings.period(for: series), levels: settings.levels, seed: settings.seed)
        } catch {
            throw SeriesAnalysisError(key: series.key, message: "\(error)")
        }
        let last = series.start + (series.values.count - 1)
        return SeriesForecast(key: series.key, method: f.method, periods: (1...settings.horizon).map { last + $0 },
                              mean: f.mean, intervals: f.intervals, notes: f.notes)
    }

    /// Forecasts many series in parallel (one series per core); a series
    /// that fails is listed in ``Result/failures`` and does not stop the others.
    /// - Parameter progress: called once per finished series, from any thread.
    /// - Throws: ``SettingsError`` only.
    public static func forecast(_ series: [TimeSeries], settings: Settings,
                                progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try settings.validate()
        let outcomes = try Parallel.map(series.count) { i -> Swift.Result<SeriesForecast, SeriesAnalysisError> in
            defer { progress?() }
            do { return .success(try forecast(series[i], settings: settings)) } catch let e as SeriesAnalysisError {
                return .failure(e)
            } catch {
                return .failure(SeriesAnalysisError(key: series[i].key, message: "\(error)"))
            }
        }
        var result = Result(forecasts: [], failures: [])
        for o in outcomes {
            switch o {
            case .success(let f): result.forecasts.append(f)
            case .failure(let e): result.failures.append(SeriesFailure(key: e.key, error: e.message))
            }
        }
        return result
    }

    /// Forecasts every series of a panel (see ``AnalysisInput/series(of:)``).
    public static func forecast(_ panel: Panel, settings: Settings,
                                progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try forecast(AnalysisInput.series(of: panel), settings: settings, progress: progress)
    }
}

/// Rolling-origin backtests (Tashman 2000) of a forecasting method over one
/// series or a panel, as `strata backtest` prints them: sMAPE, MASE, and per
/// interval level the coverage, Winkler score and MSIS, averaged over the
/// origins that could be forecast (see ``RollingOriginBacktest``).
public enum BacktestWorkflow {
    /// The largest number of origins accepted.
    public static let maximumOrigins = 100_000

    /// What to backtest.
    public struct Settings: Sendable, Codable, Equatable {
        /// Forecast settings (horizon, method, levels, period, seed).
        public var forecast: ForecastWorkflow.Settings
        /// Number of forecast origins, 1…``maximumOrigins``, one step apart, the last leaving `horizon` values.
        public var origins: Int

        /// Settings; see ``ForecastWorkflow/Settings`` for the defaults.
        public init(horizon: Int, origins: Int, method: ForecastMethod = .auto, levels: [Double] = [80, 95],
                    period: Int? = nil, seed: UInt64 = 42) {
            forecast = .init(horizon: horizon, method: method, levels: levels, period: period, seed: seed)
            self.origins = origins
        }

        /// - Throws: ``SettingsError`` for a value out of range.
        public func validate() throws {
            try forecast.validate()
            try SettingsError.check(origins, in: 1...BacktestWorkflow.maximumOrigins, "origins")
        }
    }

    /// One series' backtest. JSON: `series`, `key`, `method`, `backtest`
    /// (horizon, levels, per-origin records) and the means.
    public struct SeriesBacktest: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// The method requested.
        public var method: ForecastMethod
        /// Every origin's accuracy.
        public var backtest: BacktestResult
        /// Origins whose forecast failed.
        public var failedOrigins: Int { backtest.origins.filter { $0.failure != nil }.count }

        enum CodingKeys: String, CodingKey {
            case series, key, method, backtest, failed, smape, mase, coverage, winkler, msis
        }

        public init(key: SeriesKey, method: ForecastMethod, backtest: BacktestResult) {
            self.key = key
            self.method = method
            self.backtest = backtest
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            method = try c.decode(ForecastMethod.self, forKey: .method)
            backtest = try c.decode(BacktestResult.self, forKey: .backtest)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            try c.encode(method, forKey: .method)
            try c.encode(backtest, forKey: .backtest)
            try c.encode(failedOrigins, forKey: .failed)
            try c.encode(backtest.meanSMAPE, forKey: .smape)
            try c.encode(backtest.meanMASE, forKey: .mase)
            try c.encode(backtest.meanCoverage, forKey: .coverage)
            try c.encode(backtest.meanWinkler, forKey: .winkler)
            try c.encode(backtest.meanMSIS, forKey: .msis)
        }
    }

    /// Backtests of the series that could be run and the failures, each in input order.
    public struct Result: Sendable, Codable, Equatable {
        /// The backtests, in input order.
        public var series: [SeriesBacktest]
        /// The series that could not be backtested, in input order.
        public var failures: [ForecastWorkflow.SeriesFailure]
        /// A value from its parts.
        public init(series: [SeriesBacktest], failures: [ForecastWorkflow.SeriesFailure]) {
            self.series = series
            self.failures = failures
        }
    }

    /// Backtests one series, in parallel over its origins.
    /// - Throws: ``SettingsError``; ``SeriesAnalysisError`` (e.g. too short for the origins and horizon).
    /// - Complexity: `origins` forecasts.
    public static func backtest(_ series: TimeSeries, settings: Settings) throws -> SeriesBacktest {
        try backtest(series, settings: settings, parallel: true)
    }

    static func backtest(_ series: TimeSeries, settings: Settings, parallel: Bool) throws -> SeriesBacktest {
        try settings.validate()
        let f = settings.forecast
        do {
            let r = try RollingOriginBacktest.run(
                series.values, method: f.method, horizon: f.horizon, origins: settings.origins,
                period: f.period(for: series), levels: f.levels, seed: f.seed, parallel: parallel)
            return SeriesBacktest(key: series.key, method: f.method, backtest: r)
        } catch {
            throw SeriesAnalysisError(key: series.key, message: "\(error)")
        }
    }

    /// Backtests many series: one series runs parallel over its origins,
    /// several run parallel over series. A failing series is listed in
    /// ``Result/failures``.
    /// - Parameter progress: called once per finished series, from any thread.
    /// - Throws: ``SettingsError`` only.
    public static func backtest(_ series: [TimeSeries], settings: Settings,
                                progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try settings.validate()
        let single = series.count == 1
        let outcomes = try Parallel.map(series.count) { i -> Swift.Result<SeriesBacktest, SeriesAnalysisError> in
            defer { progress?() }
            do { return .success(try backtest(series[i], settings: settings, parallel: single)) } catch let e as SeriesAnalysisError {
                return .failure(e)
            } catch {
                return .failure(SeriesAnalysisError(key: series[i].key, message: "\(error)"))
            }
        }
        var result = Result(series: [], failures: [])
        for o in outcomes {
            switch o {
            case .success(let b): result.series.append(b)
            case .failure(let e): result.failures.append(.init(key: e.key, error: e.message))
            }
        }
        return result
    }

    /// Backtests every series of a panel (see ``AnalysisInput/series(of:)``).
    public static func backtest(_ panel: Panel, settings: Settings,
                                progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try backtest(AnalysisInput.series(of: panel), settings: settings, progress: progress)
    }
}
