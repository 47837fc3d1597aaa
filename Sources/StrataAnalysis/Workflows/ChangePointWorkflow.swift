import StrataData
import StrataNumerics

/// Change points of one series or a panel, with the level of each segment,
/// as `strata changepoints` prints them.
///
/// Methods: exact PELT (Killick, Fearnhead & Eckley 2012), binary
/// segmentation, or Bayesian online detection (Adams & MacKay 2007, hazard
/// 1/100), all from ``StrataNumerics/ChangePointSearch`` and
/// ``StrataNumerics/BayesianOnlineDetector``. Segment levels and 95 %
/// intervals come from ``StrataNumerics/Segmentation/summaries(of:offsets:)``
/// (Garwood intervals for counts), with the ratio of each level to the
/// previous one.
///
/// With ``Settings/deseasonalize`` a fixed seasonal pattern is removed first:
/// with a count cost it enters as a multiplicative offset (expected count =
/// level × seasonal factor, factors averaging 1 over a cycle), so levels are
/// deseasonalised counts. With the recommended cost the factors, count model
/// and change points are estimated together
/// (``StrataNumerics/ChangePointSeasonality/jointCountFit(_:period:penalty:minimumSegmentLength:maximumIterations:)``);
/// with an explicit count cost they come from robust periodic STL of
/// `log1p(y)`. With a Gaussian cost the seasonally adjusted series `y − S` is
/// segmented.
///
/// Missing values are refused with an error naming the index and period.
///
/// ```swift
/// let panel = try AnalysisInput.read(path: "routes.csv").panel
/// let result = try ChangePointWorkflow.detect(panel, settings: .init(deseasonalize: 12))
/// for s in result.series { print(s.key, s.outcome?.changepoints ?? [], s.error ?? "") }
/// ```
public enum ChangePointWorkflow {
    /// The largest minimum segment length accepted.
    public static let maximumMinimumSegmentLength = 1_000_000
    /// The largest seasonal period accepted by ``Settings/deseasonalize``.
    public static let maximumSeasonalPeriod = 10_000
    /// The window (in observations) of BOCPD's change probability: the probability of a change in the last 3 periods.
    public static let bocpdWindow = 3
    /// BOCPD's expected run length (hazard 1/100).
    public static let bocpdExpectedRunLength = 100.0

    /// The segment cost (command-line names as raw values).
    public enum Cost: String, Sendable, Codable, CaseIterable {
        /// A count model for non-negative integer data (negbin when the
        /// difference-based dispersion index exceeds `1 + 3·sqrt(3/(n−1))`,
        /// else poisson), normal-mean with a robust variance otherwise.
        case auto
        case normalMean = "normal-mean"
        case normalMeanVariance = "normal-meanvar"
        case poisson
        case negbin
        case l2
        /// StrataNumerics' recommended configuration,
        /// ``StrataNumerics/ChangePointSearch/Configuration/automatic(for:offsets:)``:
        /// the `auto` count costs for counts; for other data, on the series winsorised
        /// at 3 robust SDs from its running median, a linear-trend cost with the AR(1)
        /// long-run variance and a minimum segment of 3 (2 below 6 values). With
        /// ``Settings/deseasonalize`` it is
        /// ``StrataNumerics/ChangePointSeasonality/automaticSearch(_:period:penalty:minimumSegmentLength:)``
        /// (for counts the seasonal pattern, count cost and changes estimated together).
        case recommended
    }

    /// The search method (command-line names as raw values).
    public enum Method: String, Sendable, Codable, CaseIterable {
        case pelt, binseg, bocpd
    }

    /// What to search with. **The defaults live here and only here**
    /// (``defaultCost``, ``defaultMethod``, ``defaultPenalty``,
    /// ``defaultMinimumSegmentLength``); the CLI's option defaults are read
    /// from them.
    public struct Settings: Sendable, Codable, Equatable {
        /// The default cost: ``Cost/recommended`` — count costs for counts
        /// (chosen after deseasonalising when ``deseasonalize`` is set), and for
        /// other data a linear-trend cost whose noise variance allows for
        /// autocorrelation (issue 10: the plain `auto` normal-mean cost
        /// over-segments autocorrelated, trending series).
        public static let defaultCost = Cost.recommended
        /// The default method: ``Method/pelt``.
        public static let defaultMethod = Method.pelt
        /// The default penalty: MBIC, as R `changepoint`.
        public static let defaultPenalty = ChangePointPenalty.mbic
        /// The default minimum segment length: 2.
        public static let defaultMinimumSegmentLength = 2

        /// The segment cost; default ``defaultCost``.
        public var cost: Cost
        /// The search method; default ``defaultMethod``.
        public var method: Method
        /// The penalty per change point (ignored by BOCPD).
        public var penalty: ChangePointPenalty
        /// Minimum segment length, 1…``maximumMinimumSegmentLength``; `nil` =
        /// ``defaultMinimumSegmentLength``, or the recommended configuration's with ``Cost/recommended``.
        public var minimumSegmentLength: Int?
        /// Remove a seasonal pattern of this period first (2…``maximumSeasonalPeriod``); `nil` = no.
        public var deseasonalize: Int?

        /// Settings with the documented defaults.
        public init(cost: Cost = Settings.defaultCost, method: Method = Settings.defaultMethod,
                    penalty: ChangePointPenalty = Settings.defaultPenalty,
                    minimumSegmentLength: Int? = nil, deseasonalize: Int? = nil) {
            self.cost = cost
            self.method = method
            self.penalty = penalty
            self.minimumSegmentLength = minimumSegmentLength
            self.deseasonalize = deseasonalize
        }

        /// - Throws: ``SettingsError`` for a value out of range.
        public func validate() throws {
            if let minimumSegmentLength {
                try SettingsError.check(minimumSegmentLength, in: 1...ChangePointWorkflow.maximumMinimumSegmentLength,
                                        "minimumSegmentLength")
            }
            if let p = deseasonalize {
                try SettingsError.check(p, in: 2...ChangePointWorkflow.maximumSeasonalPeriod, "deseasonalize")
            }
            if case .value(let v) = penalty, !(v.isFinite && v >= 0) {
                throw SettingsError(parameter: "penalty", value: "\(v)", allowed: "a finite non-negative number")
            }
        }
    }

    /// One segment: 0-based inclusive `start`…`end`, its periods, level and 95 % interval.
    public struct Segment: Sendable, Codable, Equatable {
        /// First index of the segment (0-based, inclusive).
        public var start: Int
        /// Last index of the segment (0-based, inclusive).
        public var end: Int
        /// The period of `start`.
        public var startPeriod: Period
        /// The period of `end`.
        public var endPeriod: Period
        /// The segment level (mean; deseasonalised with seasonal offsets).
        public var level: Double
        /// Lower bound of the 95 % interval of the level (`nil` when undefined).
        public var lower: Double?
        /// Upper bound of the 95 % interval of the level (`nil` when undefined).
        public var upper: Double?
        /// `level / previous level`; `nil` for the first segment or when undefined.
        public var ratioToPrevious: Double?

        enum CodingKeys: String, CodingKey {
            case start, end, level, lower, upper, startPeriod, endPeriod, ratioToPrevious
        }

        /// Every key is always present (null when undefined), so the shape is stable.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(startPeriod, forKey: .startPeriod)
            try c.encode(endPeriod, forKey: .endPeriod)
            try c.encode(level, forKey: .level)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
            try c.encode(ratioToPrevious, forKey: .ratioToPrevious)
        }

        public init(start: Int, end: Int, startPeriod: Period, endPeriod: Period, level: Double,
                    lower: Double?, upper: Double?, ratioToPrevious: Double?) {
            self.start = start; self.end = end; self.startPeriod = startPeriod; self.endPeriod = endPeriod
            self.level = level; self.lower = lower; self.upper = upper; self.ratioToPrevious = ratioToPrevious
        }
    }

    /// The segmentation of a series.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The cost used (`auto` resolved: e.g. `poisson`).
        public var cost: String
        /// The method used.
        public var method: String
        /// The penalty's name, `none` for BOCPD.
        public var penalty: String
        /// The numeric penalty per change point (`nil` for BOCPD).
        public var penaltyValue: Double?
        /// 0-based indices where a new segment starts.
        public var changepoints: [Int]
        /// The segments, in time order.
        public var segments: [Segment]
        /// BOCPD: per observation, the probability of a change in the last ``bocpdWindow`` periods.
        public var changeProbability: [Double]?
        /// With ``Settings/deseasonalize`` and the recommended cost on counts: whether the
        /// joint fit of the seasonal pattern and the changes reached a fixed point
        /// (``StrataNumerics/ChangePointSeasonality/JointCountFit/converged``); `false`
        /// means it cycled or hit its bound and the result is its last search's. `nil`
        /// otherwise.
        public var seasonalFitConverged: Bool? = nil
    }

    /// One series' result: an outcome or the reason it could not be analysed.
    ///
    /// JSON (as `strata changepoints`): `series`, `key`, then the outcome's
    /// keys (`cost`, `method`, `penalty`, `penaltyValue`, `changepoints`,
    /// `segments`, for BOCPD `changeProbability`, `changeProbabilityWindow`, and
    /// for a joint seasonal fit `seasonalFitConverged`), or `error`.
    public struct SeriesResult: Sendable, Codable, Equatable {
        /// The series' identity.
        public var key: SeriesKey
        /// The segmentation, `nil` when the series could not be analysed.
        public var outcome: Outcome?
        /// Why the series could not be analysed (e.g. `the series is constant; …`).
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case series, key, cost, method, penalty, penaltyValue, changepoints, segments
            case changeProbability, changeProbabilityWindow, seasonalFitConverged, error
        }

        public init(key: SeriesKey, outcome: Outcome?, error: String?) {
            self.key = key
            self.outcome = outcome
            self.error = error
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(SeriesKey.self, forKey: .key)
            error = try c.decodeIfPresent(String.self, forKey: .error)
            if let cost = try c.decodeIfPresent(String.self, forKey: .cost) {
                outcome = Outcome(
                    cost: cost, method: try c.decode(String.self, forKey: .method),
                    penalty: try c.decode(String.self, forKey: .penalty),
                    penaltyValue: try c.decodeIfPresent(Double.self, forKey: .penaltyValue),
                    changepoints: try c.decode([Int].self, forKey: .changepoints),
                    segments: try c.decode([Segment].self, forKey: .segments),
                    changeProbability: try c.decodeIfPresent([Double].self, forKey: .changeProbability),
                    seasonalFitConverged: try c.decodeIfPresent(Bool.self, forKey: .seasonalFitConverged))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try SeriesIdentity.encode(key, into: &c, series: .series, keyField: .key)
            if let o = outcome {
                try c.encode(o.cost, forKey: .cost)
                try c.encode(o.method, forKey: .method)
                try c.encode(o.penalty, forKey: .penalty)
                try c.encodeIfPresent(o.penaltyValue, forKey: .penaltyValue)
                try c.encode(o.changepoints, forKey: .changepoints)
                try c.encode(o.segments, forKey: .segments)
                if let p = o.changeProbability {
                    try c.encode(p, forKey: .changeProbability)
                    try c.encode(ChangePointWorkflow.bocpdWindow, forKey: .changeProbabilityWindow)
                }
                try c.encodeIfPresent(o.seasonalFitConverged, forKey: .seasonalFitConverged)
            }
            try c.encodeIfPresent(error, forKey: .error)
        }
    }

    /// Every series' result, in input order (JSON `{"series": […]}`).
    public struct Result: Sendable, Codable, Equatable {
        /// One entry per series, in input order.
        public var series: [SeriesResult]
        /// A value from its parts.
        public init(series: [SeriesResult]) { self.series = series }
    }

    /// Why a single series could not be analysed.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        public var description: String { message }
    }

    /// Segments one series.
    ///
    /// - Parameters:
    ///   - series: the series (no missing values).
    ///   - settings: cost, method, penalty, minimum segment length, deseasonalising period.
    /// - Returns: the change points and segment summaries.
    /// - Throws: ``SettingsError``; ``Failure`` with a message naming the
    ///   index and period of a missing, infinite or negative value, a
    ///   constant series, a series shorter than twice the minimum segment
    ///   length, or `deseasonalize` with BOCPD and a count cost.
    /// - Complexity: PELT expected O(n) cost evaluations with changes spread
    ///   through the series, O(n²) worst case; BinSeg O(n log n); BOCPD as
    ///   ``StrataNumerics/BayesianOnlineDetector``.
    public static func detect(_ series: TimeSeries, settings: Settings) throws -> Outcome {
        try settings.validate()
        do {
            return try analyse(series, settings)
        } catch let error as ChangePointError {
            throw Failure(message: describe(error, series))
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(message: "\(error)")
        }
    }

    /// Segments many series, in parallel over series. A series that cannot
    /// be analysed gets an `error` instead of an outcome; the call does not throw for it.
    /// - Parameter progress: called once per finished series, from any thread.
    /// - Throws: ``SettingsError`` only.
    public static func detect(_ series: [TimeSeries], settings: Settings,
                              progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try settings.validate()
        let results = try Parallel.map(series.count) { i -> SeriesResult in
            defer { progress?() }
            do {
                return SeriesResult(key: series[i].key, outcome: try detect(series[i], settings: settings), error: nil)
            } catch {
                return SeriesResult(key: series[i].key, outcome: nil, error: "\(error)")
            }
        }
        return Result(series: results)
    }

    /// Segments every series of a panel (see ``AnalysisInput/series(of:)``).
    public static func detect(_ panel: Panel, settings: Settings,
                              progress: (@Sendable () -> Void)? = nil) throws -> Result {
        try detect(AnalysisInput.series(of: panel), settings: settings, progress: progress)
    }

    static func describe(_ error: ChangePointError, _ series: TimeSeries) -> String {
        func period(_ i: Int) -> String { series.values.indices.contains(i) ? (series.start + i).description : "?" }
        switch error {
        case let .missingValue(_, i):
            return "missing value at index \(i) (period \(period(i))); change-point detection needs a complete series: fill or drop missing values first"
        case let .nonFinite(_, i):
            return "value at index \(i) (period \(period(i))) is infinite"
        case let .negativeCount(_, i, v):
            return "value \(CSVFormat.number(v)) at index \(i) (period \(period(i))) is negative; the poisson and negbin costs need non-negative counts"
        case .constantSeries:
            return "the series is constant; there is nothing to segment"
        case let .tooShort(n, m):
            return "the series has \(n) observations, fewer than twice --min-size \(m)"
        default:
            return error.description
        }
    }

    static func analyse(_ input: TimeSeries, _ s: Settings) throws -> Outcome {
        var y = input.values
        // Magnitudes near 1e±300 would overflow or underflow the costs' squares:
        // segment the series times an exact power of two, scale levels back.
        let scale = MagnitudeScaling.factor(for: y)
        if scale != 1 { y = y.map { $0 * scale } }
        var offsets: [Double]? = nil
        var seasonalFitConverged: Bool? = nil
        let cost: ChangePointCost
        var minimumLength = s.minimumSegmentLength ?? Settings.defaultMinimumSegmentLength
        // The recommended configuration may winsorise what the search sees; levels stay those of `y`.
        var recommended: ChangePointSearch.Configuration? = nil
        switch s.cost {
        case .auto: cost = .automatic(for: y)
        case .normalMean: cost = .normalMean(variance: nil)
        case .normalMeanVariance: cost = .normalMeanVariance
        case .poisson: cost = .poisson
        case .negbin: cost = .negativeBinomial(size: nil)
        case .l2: cost = .l2
        case .recommended:
            let configuration: ChangePointSearch.Configuration
            if let period = s.deseasonalize {
                let search = try ChangePointSeasonality.automaticSearch(
                    y, period: period, penalty: s.penalty, minimumSegmentLength: s.minimumSegmentLength ?? 2)
                y = search.series
                offsets = search.offsets
                configuration = search.configuration
                if offsets != nil { seasonalFitConverged = search.converged }
                if offsets != nil, s.method == .bocpd {
                    throw Failure(message: "--deseasonalize with --method bocpd needs a Gaussian cost (normal-mean or normal-meanvar): the online count models take no seasonal offset")
                }
            } else {
                configuration = .automatic(for: y)
            }
            cost = configuration.cost
            minimumLength = s.minimumSegmentLength ?? configuration.minimumSegmentLength
            recommended = configuration
        }
        if let period = s.deseasonalize, s.cost != .recommended {
            // Counts keep their likelihood: the seasonal pattern is a
            // multiplicative offset. Gaussian costs see the adjusted series.
            if let i = y.firstIndex(where: \.isNaN) { throw ChangePointError.missingValue(series: 0, index: i) }
            if cost.isCountModel {
                if s.method == .bocpd {
                    throw Failure(message: "--deseasonalize with --method bocpd needs a Gaussian cost (normal-mean or normal-meanvar): the online count models take no seasonal offset")
                }
                offsets = try ChangePointSeasonality.multiplicativeFactors(y, period: period)
            } else {
                y = try ChangePointSeasonality.additivelyAdjusted(y, period: period)
            }
        }
        let searched = recommended?.searchSeries(y) ?? y
        let segmentation: Segmentation
        var probability: [Double]? = nil
        switch s.method {
        case .pelt:
            segmentation = try ChangePointSearch.pelt(
                searched, cost: cost, penalty: s.penalty, minimumSegmentLength: minimumLength, offsets: offsets)
        case .binseg:
            segmentation = try ChangePointSearch.binarySegmentation(
                searched, cost: cost, penalty: s.penalty, minimumSegmentLength: minimumLength, offsets: offsets)
        case .bocpd:
            // Validate exactly as the offline searches do (missing, negative, constant, length)
            // and resolve the estimated cost parameters, without running a search.
            let resolved = try ChangePointSearch.resolvedCost(
                y, cost: cost, minimumSegmentLength: minimumLength, offsets: offsets)
            var mean = 0.0
            for v in y { mean += v }
            mean /= Double(y.count)
            let model: OnlineChangePointModel
            if case .negativeBinomial(let size?) = resolved, size < ChangePointCost.maximumNegativeBinomialSize {
                // Overdispersed counts: NB with the estimated size, Beta(2, ȳ/r) prior (prior mean ȳ).
                model = .negativeBinomialBeta(size: size, alpha: 2, beta: max(mean / size, 1e-9))
            } else if cost.isCountModel {
                model = .poissonGamma(shape: 1, rate: 1 / max(mean, 1e-9))
            } else {
                var ss = 0.0
                for v in y { ss += (v - mean) * (v - mean) }
                model = .normalGamma(mean: mean, kappa: 1, shape: 1, rate: max(ss / Double(y.count - 1), 1e-12))
            }
            // BOCPD honours an explicit minimum segment length; without one it
            // places change points wherever the MAP run lengths say (length 1).
            let online = try BayesianOnlineDetector.run(
                searched, model: model, expectedRunLength: bocpdExpectedRunLength, window: bocpdWindow,
                minimumSegmentLength: s.minimumSegmentLength ?? 1)
            probability = online.changeProbability
            segmentation = Segmentation(
                changepoints: online.changepoints, length: y.count, cost: resolved, penalty: 0, fitCost: .nan)
        }
        let summaries = try segmentation.summaries(of: y, offsets: offsets)
        let segments = summaries.map {
            Segment(
                start: $0.start, end: $0.end, startPeriod: input.start + $0.start, endPeriod: input.start + $0.end,
                level: $0.level / scale, lower: $0.lower.isNaN ? nil : $0.lower / scale,
                upper: $0.upper.isNaN ? nil : $0.upper / scale,
                ratioToPrevious: $0.ratioToPrevious.flatMap { $0.isFinite ? $0 : nil })
        }
        return Outcome(
            cost: segmentation.cost.name, method: s.method.rawValue,
            penalty: s.method == .bocpd ? "none" : s.penalty.name,
            penaltyValue: s.method == .bocpd ? nil : segmentation.penalty,
            changepoints: segmentation.changepoints, segments: segments, changeProbability: probability,
            seasonalFitConverged: seasonalFitConverged)
    }
}

extension ChangePointWorkflow {
    /// A recommended change-point search on one series, as the assessment and the threat
    /// signals run it: ``Cost/recommended`` with the seasonal pattern of `period` taken out
    /// exactly as `strata changepoints --deseasonalize PERIOD` does
    /// (``StrataNumerics/ChangePointSeasonality/automaticSearch(_:period:penalty:minimumSegmentLength:)``:
    /// for counts the pattern, count model and changes fitted together), MBIC, and a
    /// minimum segment of at least `minimumSegmentLength`. Series too short for the seasonal
    /// fit (or `period` < 2) are searched as they are with
    /// ``StrataNumerics/ChangePointSearch/Configuration/automatic(for:offsets:)``.
    struct RecommendedSearch {
        /// The segmentation.
        var segmentation: Segmentation
        /// The series searched (seasonally adjusted for non-count data).
        var series: [Double]
        /// The seasonal offsets (counts with a seasonal fit), else `nil`.
        var offsets: [Double]?
        /// Whether the joint seasonal fit reached a fixed point (`true` when there was none).
        var converged: Bool

        /// The segments' levels, intervals and ratios (deseasonalised).
        func summaries() throws -> [SegmentSummary] { try segmentation.summaries(of: series, offsets: offsets) }
    }

    /// Runs ``RecommendedSearch``.
    ///
    /// - Throws: the errors of the seasonal fit and of the search.
    static func recommendedSearch(_ y: [Double], period: Int, minimumSegmentLength: Int) throws -> RecommendedSearch {
        var series = y, offsets: [Double]? = nil, converged = true
        var configuration: ChangePointSearch.Configuration
        if period >= 2, y.count > 2 * period {
            let search = try ChangePointSeasonality.automaticSearch(
                y, period: period, penalty: .mbic, minimumSegmentLength: minimumSegmentLength)
            series = search.series
            offsets = search.offsets
            configuration = search.configuration
            converged = search.converged
        } else {
            configuration = .automatic(for: y)
        }
        configuration.minimumSegmentLength = max(configuration.minimumSegmentLength, minimumSegmentLength)
        let segmentation = try configuration.segment(series, offsets: offsets)
        return RecommendedSearch(segmentation: segmentation, series: series, offsets: offsets, converged: converged)
    }
}
