import StrataData
import StrataNumerics

/// The trend report of `strata trend`: Mann–Kendall (Mann 1945, Kendall
/// 1975), Hamed–Rao's autocorrelation correction (1998), seasonal Kendall
/// (Hirsch, Slack & Smith 1982), Sen's slope (Sen 1968) and its seasonal
/// form, Poisson and negative-binomial log-linear growth rates with seasonal
/// indicators, and year-on-year and period-on-period changes with intervals.
///
/// Matches pymannkendall 1.4.3 and statsmodels 0.15 GLM / NegativeBinomial
/// to 1e-8 (see StrataNumerics' tests). Missing values (NaN) are skipped by
/// the rank tests; the count models need non-negative integers, so for any
/// other data they are `nil` with a note, as is every test that does not
/// apply (too few values).
///
/// ```swift
/// let series = AnalysisInput.series(of: try AnalysisInput.read(path: "route.csv").panel)
/// let report = try TrendWorkflow.analyse(series[0], settings: .init(period: 12))
/// print(report.mannKendall.direction, report.poisson?.growthRatePerYear ?? .nan)
/// ```
public enum TrendWorkflow {
    /// The largest `period` accepted.
    public static let maximumPeriod = 10_000
    /// The largest Hamed–Rao `lag` accepted.
    public static let maximumLag = 1_000_000

    /// What to test with.
    public struct Settings: Sendable, Codable, Equatable {
        /// Observations per year (12 for monthly data), the seasons of the
        /// seasonal tests; 2…``maximumPeriod``.
        public var period: Int
        /// Significance level of the tests (default 0.05), in (0, 1).
        public var alpha: Double
        /// Confidence level of the intervals (default 0.95), in (0, 1).
        public var confidence: Double
        /// Hamed–Rao: the highest autocorrelation lag examined (`nil` = all), 1…``maximumLag``.
        public var lag: Int?

        /// Settings with the documented defaults.
        public init(period: Int, alpha: Double = 0.05, confidence: Double = 0.95, lag: Int? = nil) {
            self.period = period
            self.alpha = alpha
            self.confidence = confidence
            self.lag = lag
        }

        /// - Throws: ``SettingsError`` for a value out of range.
        public func validate() throws {
            try SettingsError.check(period, in: 2...TrendWorkflow.maximumPeriod, "period")
            guard alpha > 0, alpha < 1 else {
                throw SettingsError(parameter: "alpha", value: "\(alpha)", allowed: "in (0, 1)")
            }
            guard confidence > 0, confidence < 1 else {
                throw SettingsError(parameter: "confidence", value: "\(confidence)", allowed: "in (0, 1)")
            }
            if let lag { try SettingsError.check(lag, in: 1...TrendWorkflow.maximumLag, "lag") }
        }
    }

    /// A count regression's growth summary (JSON keys as `strata trend`).
    public struct CountTrendSummary: Sendable, Codable, Equatable {
        /// Growth per year, `exp(slope) − 1`.
        public var growthRatePerYear: Double
        /// Lower bound of the growth rate's interval.
        public var growthRateLower: Double
        /// Upper bound of the growth rate's interval.
        public var growthRateUpper: Double
        /// Confidence level of the interval.
        public var confidence: Double
        /// The log-linear slope per year (the time coefficient).
        public var slopePerYear: Double
        /// Its standard error.
        public var standardError: Double
        /// Pearson χ² / degrees of freedom.
        public var dispersion: Double
        /// The negative-binomial α (`nil` for Poisson).
        public var alpha: Double?
        /// Residual deviance.
        public var deviance: Double
        /// Pearson χ² statistic.
        public var pearsonChiSquare: Double
        /// Residual degrees of freedom.
        public var degreesOfFreedom: Int

        init(_ r: CountTrendResult) {
            growthRatePerYear = r.growthRatePerYear
            growthRateLower = r.growthRateLower
            growthRateUpper = r.growthRateUpper
            confidence = r.confidence
            slopePerYear = r.coefficients.count > 1 ? r.coefficients[1] : .nan
            standardError = r.standardErrors.count > 1 ? r.standardErrors[1] : .nan
            dispersion = r.dispersion
            alpha = r.alpha
            deviance = r.deviance
            pearsonChiSquare = r.pearsonChiSquare
            degreesOfFreedom = r.degreesOfFreedom
        }
    }

    /// One series' trend report. Every key is always present in JSON (null
    /// when a test does not apply; `notes` says why).
    public struct Report: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// Observed (non-missing) values.
        public var count: Int
        /// The `period` setting.
        public var period: Int
        /// The Mann–Kendall test.
        public var mannKendall: MannKendallResult
        /// Mann–Kendall with Hamed–Rao's variance correction for autocorrelation.
        public var hamedRao: MannKendallResult?
        /// The seasonal Kendall test.
        public var seasonalKendall: MannKendallResult?
        /// Sen's slope per period with its interval.
        public var senSlope: SenSlopeResult?
        /// Seasonal Sen slope per cycle (per year for monthly data).
        public var seasonalSenSlope: Double?
        public var poisson: CountTrendSummary?
        public var negativeBinomial: CountTrendSummary?
        /// The last `period` values against the `period` before.
        public var yearOnYear: CountChangeResult?
        /// The last value against the one before.
        public var periodOnPeriod: CountChangeResult?
        /// Why any of the above is null.
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case series, key, count, period, mannKendall, hamedRao, seasonalKendall, senSlope, seasonalSenSlope
            case poisson, negativeBinomial, yearOnYear, periodOnPeriod, notes
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            count = try c.decode(Int.self, forKey: .count)
            period = try c.decode(Int.self, forKey: .period)
            mannKendall = try c.decode(MannKendallResult.self, forKey: .mannKendall)
            hamedRao = try c.decodeIfPresent(MannKendallResult.self, forKey: .hamedRao)
            seasonalKendall = try c.decodeIfPresent(MannKendallResult.self, forKey: .seasonalKendall)
            senSlope = try c.decodeIfPresent(SenSlopeResult.self, forKey: .senSlope)
            seasonalSenSlope = try c.decodeIfPresent(Double.self, forKey: .seasonalSenSlope)
            poisson = try c.decodeIfPresent(CountTrendSummary.self, forKey: .poisson)
            negativeBinomial = try c.decodeIfPresent(CountTrendSummary.self, forKey: .negativeBinomial)
            yearOnYear = try c.decodeIfPresent(CountChangeResult.self, forKey: .yearOnYear)
            periodOnPeriod = try c.decodeIfPresent(CountChangeResult.self, forKey: .periodOnPeriod)
            notes = try c.decode([String].self, forKey: .notes)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            try c.encode(count, forKey: .count)
            try c.encode(period, forKey: .period)
            try c.encode(mannKendall, forKey: .mannKendall)
            try c.encode(hamedRao, forKey: .hamedRao)
            try c.encode(seasonalKendall, forKey: .seasonalKendall)
            try c.encode(senSlope, forKey: .senSlope)
            try c.encode(seasonalSenSlope, forKey: .seasonalSenSlope)
            try c.encode(poisson, forKey: .poisson)
            try c.encode(negativeBinomial, forKey: .negativeBinomial)
            try c.encode(yearOnYear, forKey: .yearOnYear)
            try c.encode(periodOnPeriod, forKey: .periodOnPeriod)
            try c.encode(notes, forKey: .notes)
        }

        init(key: SeriesKey, count: Int, period: Int, mannKendall: MannKendallResult, hamedRao: MannKendallResult?,
             seasonalKendall: MannKendallResult?, senSlope: SenSlopeResult?, seasonalSenSlope: Double?,
             poisson: CountTrendSummary?, negativeBinomial: CountTrendSummary?, yearOnYear: CountChangeResult?,
             periodOnPeriod: CountChangeResult?, notes: [String]) {
            self.key = key; self.count = count; self.period = period; self.mannKendall = mannKendall
            self.hamedRao = hamedRao; self.seasonalKendall = seasonalKendall; self.senSlope = senSlope
            self.seasonalSenSlope = seasonalSenSlope; self.poisson = poisson; self.negativeBinomial = negativeBinomial
            self.yearOnYear = yearOnYear; self.periodOnPeriod = periodOnPeriod; self.notes = notes
        }
    }

    /// Reports of every series, in input order (JSON `{"series": […]}`).
    public struct Result: Sendable, Codable, Equatable {
        /// One report per series, in input order.
        public var series: [Report]
        /// A value from its parts.
        public init(series: [Report]) { self.series = series }
    }

    /// The trend report of one series.
    ///
    /// - Throws: ``SettingsError``; ``SeriesAnalysisError`` when every value
    ///   is missing or the Mann–Kendall test cannot run (fewer than 3 values).
    /// - Complexity: dominated by the rank tests, O(n²) for n observations.
    public static func analyse(_ series: TimeSeries, settings: Settings) throws -> Report {
        try settings.validate()
        let values = series.values
        let period = settings.period, alpha = settings.alpha, confidence = settings.confidence
        let observed = values.filter { !$0.isNaN }
        guard !observed.isEmpty else { throw SeriesAnalysisError(key: series.key, message: "every value is missing") }
        let mk: MannKendallResult
        do {
            mk = try TrendTest.mannKendall(values, alpha: alpha)
        } catch {
            throw SeriesAnalysisError(key: series.key, message: "\(error)")
        }
        var notes: [String] = []
        func attempt<T>(_ label: String, _ body: () throws -> T) -> T? {
            do { return try body() } catch {
                notes.append("\(label): \(error)")
                return nil
            }
        }
        let isCounts = observed.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
        let seasonal = period <= values.count / 2 ? period : nil
        var poisson: CountTrendResult?
        var nb: CountTrendResult?
        var yoy: CountChangeResult?
        var pop: CountChangeResult?
        if isCounts {
            poisson = attempt("poisson") {
                try CountTrend.fit(values, periodsPerYear: period, seasonalPeriod: seasonal, confidence: confidence)
            }
            nb = attempt("negativeBinomial") {
                try CountTrend.fit(
                    values, periodsPerYear: period, family: .negativeBinomial(alpha: nil),
                    seasonalPeriod: seasonal, confidence: confidence)
            }
            yoy = attempt("yearOnYear") { try CountChange.lastBlocks(values, window: period, confidence: confidence) }
            pop = attempt("periodOnPeriod") { try CountChange.lastBlocks(values, window: 1, confidence: confidence) }
        } else {
            notes.append("poisson, negativeBinomial, yearOnYear, periodOnPeriod: values are not non-negative integer counts")
        }
        let hamedRao = attempt("hamedRao") { try TrendTest.hamedRao(values, alpha: alpha, lag: settings.lag) }
        let seasonalKendall = attempt("seasonalKendall") { try TrendTest.seasonalKendall(values, period: period, alpha: alpha) }
        let sen = attempt("senSlope") { try TrendTest.senSlope(values, confidence: confidence) }
        let seasonalSen = attempt("seasonalSenSlope") { try TrendTest.seasonalSenSlope(values, period: period) }
        return Report(
            key: series.key, count: observed.count, period: period, mannKendall: mk,
            hamedRao: hamedRao, seasonalKendall: seasonalKendall, senSlope: sen, seasonalSenSlope: seasonalSen,
            poisson: poisson.map(CountTrendSummary.init), negativeBinomial: nb.map(CountTrendSummary.init),
            yearOnYear: yoy, periodOnPeriod: pop, notes: notes)
    }

    /// Reports for many series, in parallel over series.
    /// - Parameter progress: called once per finished series, from any thread.
    /// - Throws: the first error in input order (see ``analyse(_:settings:)-(TimeSeries,_)``).
    public static func analyse(_ series: [TimeSeries], settings: Settings,
                               progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try settings.validate()
        let outcomes = try Parallel.map(series.count) { i -> Swift.Result<Report, SeriesAnalysisError> in
            defer { progress?() }
            do { return .success(try analyse(series[i], settings: settings)) } catch let e as SeriesAnalysisError {
                return .failure(e)
            } catch {
                return .failure(SeriesAnalysisError(key: series[i].key, message: "\(error)"))
            }
        }
        return Result(series: try outcomes.map { try $0.get() })
    }

    /// Reports for every series of a panel (see ``AnalysisInput/series(of:)``).
    public static func analyse(_ panel: Panel, settings: Settings,
                               progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try analyse(AnalysisInput.series(of: panel), settings: settings, progress: progress)
    }
}
