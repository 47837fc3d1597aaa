import StrataData
import StrataNumerics

/// Seasonal-trend decomposition (STL) of one series or a panel, with the
/// seasonal and trend strengths, as `strata decompose` prints it.
///
/// The decomposition is R's `stats::stl` (Cleveland, Cleveland, McRae &
/// Terpenning 1990) through ``StrataNumerics/BatchSTL``: series of the same
/// length are decomposed together, as one matrix product (`dgemm`) when the
/// fit is not robust and they have no missing values, otherwise per series
/// in parallel. Missing values are skipped in every LOESS fit and estimated
/// (as `stlplus`); their remainder is NaN. Strengths follow Wang, Smith &
/// Hyndman (2006): `max(0, 1 − var(R)/var(T+R))` and `max(0, 1 − var(R)/var(S+R))`.
///
/// ```swift
/// let panel = try AnalysisInput.read(path: "detections.csv").panel
/// let result = try DecompositionWorkflow.decompose(panel, settings: .init(period: 12))
/// for s in result.series { print(s.key, s.seasonalStrength) }
/// ```
public enum DecompositionWorkflow {
    /// The largest seasonal period accepted.
    public static let maximumPeriod = 10_000
    /// The largest LOESS window accepted (`seasonalWindow`, `trendWindow`, `lowPassWindow`).
    public static let maximumWindow = 1_000_001
    /// The largest number of inner or outer iterations accepted.
    public static let maximumIterations = 1_000

    /// What to decompose with. Defaults are R's `stl()` defaults, with a
    /// seasonal window of 7 (R requires one).
    public struct Settings: Sendable, Codable, Equatable {
        /// Observations per cycle (12 for monthly data); 2…``maximumPeriod``.
        public var period: Int
        /// Seasonal LOESS window: an odd span ≥ 3 or periodic. Default `.span(7)`.
        public var seasonalWindow: SeasonalWindow
        /// Degree of the seasonal LOESS, 0 (default) or 1.
        public var seasonalDegree: Int
        /// Trend LOESS window (odd); `nil` = R's `nextodd(ceil(1.5·period / (1 − 1.5/seasonalWindow)))`.
        public var trendWindow: Int?
        /// Low-pass LOESS window (odd); `nil` = `nextodd(period)`.
        public var lowPassWindow: Int?
        /// Robust fitting (biweight weights): inner 1, outer 15 unless given. Default `false`.
        public var robust: Bool
        /// Inner iterations; `nil` = 2, or 1 when robust. At most ``maximumIterations``.
        public var innerIterations: Int?
        /// Outer (robustness) iterations; `nil` = 0, or 15 when robust. At most ``maximumIterations``.
        public var outerIterations: Int?
        /// Transform applied before decomposing (`none`, `log`, `log1p`). Default `.none`.
        public var transform: Transform

        /// Settings; every argument but `period` defaults to R's `stl()`.
        public init(period: Int, seasonalWindow: SeasonalWindow = .span(7), seasonalDegree: Int = 0,
                    trendWindow: Int? = nil, lowPassWindow: Int? = nil, robust: Bool = false,
                    innerIterations: Int? = nil, outerIterations: Int? = nil, transform: Transform = .none) {
            self.period = period
            self.seasonalWindow = seasonalWindow
            self.seasonalDegree = seasonalDegree
            self.trendWindow = trendWindow
            self.lowPassWindow = lowPassWindow
            self.robust = robust
            self.innerIterations = innerIterations
            self.outerIterations = outerIterations
            self.transform = transform
        }

        /// Checks the documented bounds (the numerics check the rest).
        /// - Throws: ``SettingsError``.
        public func validate() throws {
            try SettingsError.check(period, in: 1...DecompositionWorkflow.maximumPeriod, "period")
            if case .span(let w) = seasonalWindow {
                try SettingsError.check(w, in: Int.min...DecompositionWorkflow.maximumWindow, "seasonalWindow")
            }
            if let trendWindow { try SettingsError.check(trendWindow, in: Int.min...DecompositionWorkflow.maximumWindow, "trendWindow") }
            if let lowPassWindow { try SettingsError.check(lowPassWindow, in: Int.min...DecompositionWorkflow.maximumWindow, "lowPassWindow") }
            if let innerIterations { try SettingsError.check(innerIterations, in: 0...DecompositionWorkflow.maximumIterations, "inner") }
            if let outerIterations { try SettingsError.check(outerIterations, in: 0...DecompositionWorkflow.maximumIterations, "outer") }
        }

        var parameters: STL.Parameters {
            STL.Parameters(
                period: period, seasonalWindow: seasonalWindow, seasonalDegree: seasonalDegree,
                trendWindow: trendWindow, lowPassWindow: lowPassWindow, robust: robust,
                innerIterations: innerIterations, outerIterations: outerIterations)
        }
    }

    /// The resolved STL parameters of a result, with the transform (JSON keys as `strata decompose`).
    public struct Parameters: Sendable, Codable, Equatable {
        /// The seasonal period.
        public var period: Int
        /// Whether the seasonal window is periodic.
        public var periodic: Bool
        /// The seasonal LOESS window.
        public var seasonalWindow: Int
        /// The seasonal LOESS degree.
        public var seasonalDegree: Int
        /// The trend LOESS window.
        public var trendWindow: Int
        /// The trend LOESS degree.
        public var trendDegree: Int
        /// The low-pass LOESS window.
        public var lowPassWindow: Int
        /// The low-pass LOESS degree.
        public var lowPassDegree: Int
        /// The seasonal LOESS jump (evaluation step).
        public var seasonalJump: Int
        /// The trend LOESS jump.
        public var trendJump: Int
        /// The low-pass LOESS jump.
        public var lowPassJump: Int
        /// Inner iterations.
        public var inner: Int
        /// Outer (robustness) iterations.
        public var outer: Int
        /// `none`, `log` or `log1p`.
        public var transform: String

        init(_ p: STL.ResolvedParameters, transform: Transform) {
            period = p.period; periodic = p.periodic; seasonalWindow = p.seasonalWindow
            seasonalDegree = p.seasonalDegree; trendWindow = p.trendWindow; trendDegree = p.trendDegree
            lowPassWindow = p.lowPassWindow; lowPassDegree = p.lowPassDegree; seasonalJump = p.seasonalJump
            trendJump = p.trendJump; lowPassJump = p.lowPassJump; inner = p.innerIterations
            outer = p.outerIterations; self.transform = transform.description
        }
    }

    /// One series' decomposition.
    ///
    /// JSON: `series` (label, null without dimensions), `key`, `parameters`,
    /// `period` (labels), `observed`, `trend`, `seasonal`, `remainder`,
    /// `seasonallyAdjusted`, `weights`, `trendStrength`, `seasonalStrength`,
    /// `method`, `warnings`; NaN is `null` through ``StrataData/StrataJSON``.
    /// With a transform, `observed` is the input and the components are on the
    /// transformed scale.
    public struct SeriesResult: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// The resolved parameters.
        public var parameters: Parameters
        /// The periods of the observations.
        public var periods: [Period]
        /// The input values (NaN = missing).
        public var observed: [Double]
        /// The trend component.
        public var trend: [Double]
        /// The seasonal component.
        public var seasonal: [Double]
        /// NaN where the observation is missing.
        public var remainder: [Double]
        /// The observations minus the seasonal component (on the transformed scale).
        public var seasonallyAdjusted: [Double]
        /// Robustness weights (1 when not robust).
        public var weights: [Double]
        /// Strength of trend, `max(0, 1 − var(R)/var(T+R))` (Wang, Smith & Hyndman 2006).
        public var trendStrength: Double
        /// Strength of seasonality, `max(0, 1 − var(R)/var(S+R))`.
        public var seasonalStrength: Double
        /// `linearOperator` (the batch matrix product) or `perSeries`.
        public var method: String
        /// Numerical warnings (e.g. a zero MAD in robust fitting).
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case series, key, parameters, periods = "period", observed, trend, seasonal, remainder
            case seasonallyAdjusted, weights, trendStrength, seasonalStrength, method, warnings
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            parameters = try c.decode(Parameters.self, forKey: .parameters)
            periods = try c.decode([Period].self, forKey: .periods)
            func numbers(_ k: CodingKeys) throws -> [Double] { try c.decode([Double?].self, forKey: k).map { $0 ?? .nan } }
            observed = try numbers(.observed); trend = try numbers(.trend); seasonal = try numbers(.seasonal)
            remainder = try numbers(.remainder); seasonallyAdjusted = try numbers(.seasonallyAdjusted)
            weights = try numbers(.weights)
            trendStrength = try c.decodeIfPresent(Double.self, forKey: .trendStrength) ?? .nan
            seasonalStrength = try c.decodeIfPresent(Double.self, forKey: .seasonalStrength) ?? .nan
            method = try c.decode(String.self, forKey: .method)
            warnings = try c.decode([String].self, forKey: .warnings)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            try c.encode(parameters, forKey: .parameters)
            try c.encode(periods, forKey: .periods)
            try c.encode(observed, forKey: .observed); try c.encode(trend, forKey: .trend)
            try c.encode(seasonal, forKey: .seasonal); try c.encode(remainder, forKey: .remainder)
            try c.encode(seasonallyAdjusted, forKey: .seasonallyAdjusted); try c.encode(weights, forKey: .weights)
            try c.encode(trendStrength, forKey: .trendStrength); try c.encode(seasonalStrength, forKey: .seasonalStrength)
            try c.encode(method, forKey: .method); try c.encode(warnings, forKey: .warnings)
        }

        init(key: SeriesKey, parameters: Parameters, periods: [Period], observed: [Double], trend: [Double],
             seasonal: [Double], remainder: [Double], seasonallyAdjusted: [Double], weights: [Double],
             trendStrength: Double, seasonalStrength: Double, method: String, warnings: [String]) {
            self.key = key; self.parameters = parameters; self.periods = periods; self.observed = observed
            self.trend = trend; self.seasonal = seasonal; self.remainder = remainder
            self.seasonallyAdjusted = seasonallyAdjusted; self.weights = weights
            self.trendStrength = trendStrength; self.seasonalStrength = seasonalStrength
            self.method = method; self.warnings = warnings
        }

        /// NaN-aware equality (a missing value equals a missing value).
        public static func == (a: SeriesResult, b: SeriesResult) -> Bool {
            a.key == b.key && a.parameters == b.parameters && a.periods == b.periods
                && sameNumbers(a.observed, b.observed) && sameNumbers(a.trend, b.trend)
                && sameNumbers(a.seasonal, b.seasonal) && sameNumbers(a.remainder, b.remainder)
                && sameNumbers(a.seasonallyAdjusted, b.seasonallyAdjusted) && sameNumbers(a.weights, b.weights)
                && sameNumbers([a.trendStrength, a.seasonalStrength], [b.trendStrength, b.seasonalStrength])
                && a.method == b.method && a.warnings == b.warnings
        }
    }

    /// The decomposition of every series, in input order (JSON `{"series": […]}`).
    public struct Result: Sendable, Codable, Equatable {
        /// One entry per series, in input order.
        public var series: [SeriesResult]
        /// A value from its parts.
        public init(series: [SeriesResult]) { self.series = series }
    }

    /// Decomposes one series.
    /// - Throws: ``SettingsError``, ``SeriesAnalysisError`` wrapping the
    ///   numerics' ``StrataNumerics/DecompositionError`` message.
    /// - Complexity: as ``decompose(_:settings:)-([TimeSeries],_)``.
    public static func decompose(_ series: TimeSeries, settings: Settings) throws -> SeriesResult {
        guard let only = try decompose([series], settings: settings).series.first else {
            throw SeriesAnalysisError(key: series.key, message: "no result")
        }
        return only
    }

    /// Decomposes every series of a panel (see ``AnalysisInput/series(of:)`` for the spans).
    public static func decompose(_ panel: Panel, settings: Settings) throws -> Result {
        try decompose(AnalysisInput.series(of: panel), settings: settings)
    }

    /// Decomposes many series; equal-length series go through ``StrataNumerics/BatchSTL`` together.
    ///
    /// - Parameters:
    ///   - series: the series (NaN = missing).
    ///   - settings: the STL settings.
    /// - Returns: one result per series, in input order.
    /// - Throws: ``SettingsError`` for a setting out of bounds;
    ///   ``SeriesAnalysisError`` naming the first series that cannot be
    ///   decomposed (too short, infinite values, invalid windows); an error
    ///   that concerns a whole batch of several series has an empty key.
    /// - Complexity: per group of `k` series of length `n`, `O(n²·k)` flops in
    ///   two `dgemm`s on the operator path; otherwise as ``StrataNumerics/STL``, parallel.
    public static func decompose(_ series: [TimeSeries], settings: Settings) throws -> Result {
        try settings.validate()
        let parameters = settings.parameters
        var results = [SeriesResult?](repeating: nil, count: series.count)
        var byLength = [Int: [Int]]()
        for (i, s) in series.enumerated() { byLength[s.values.count, default: []].append(i) }
        for length in byLength.keys.sorted() {
            let members = byLength[length] ?? []
            let batch: BatchSTL.Result
            do {
                let matrix = try Matrix(columnArrays: members.map { series[$0].values })
                batch = try BatchSTL.decompose(matrix, parameters: parameters, transform: settings.transform)
            } catch let DecompositionError.inColumn(column, error) {
                let key = column < members.count ? series[members[column]].key : SeriesKey([])
                throw SeriesAnalysisError(key: key, message: error.description)
            } catch let error as DecompositionError {
                let key = members.count == 1 ? series[members[0]].key : SeriesKey([])
                throw SeriesAnalysisError(key: key, message: error.description)
            }
            let remainders = batch.remainder
            let adjusted = batch.seasonallyAdjusted
            let weights = batch.weights
            let resolved = Parameters(batch.parameters, transform: settings.transform)
            for (c, index) in members.enumerated() {
                let trend = batch.trend.column(c)
                let seasonal = batch.seasonal.column(c)
                let remainder = remainders.column(c)
                let s = series[index]
                results[index] = SeriesResult(
                    key: s.key, parameters: resolved, periods: s.periods, observed: s.values,
                    trend: trend, seasonal: seasonal, remainder: remainder,
                    seasonallyAdjusted: adjusted.column(c), weights: weights.column(c),
                    trendStrength: DecompositionFeatures.trendStrength(trend: trend, remainder: remainder),
                    seasonalStrength: DecompositionFeatures.seasonalStrength(seasonal: seasonal, remainder: remainder),
                    method: batch.methods[c].rawValue, warnings: batch.warnings[c])
            }
        }
        return Result(series: results.compactMap { $0 })
    }
}

/// `true` when the arrays have the same length and equal elements, counting NaN == NaN.
func sameNumbers(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
    return true
}
