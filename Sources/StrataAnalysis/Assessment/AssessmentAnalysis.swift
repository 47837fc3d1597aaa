import Foundation
import StrataData
import StrataNumerics

/// Everything a country situation assessment states, computed from a panel:
/// per-route levels, changes, trend tests and change points; shares;
/// profiles; outlook with probabilities; warnings with their false-alarm
/// rate on history; the track record of the outlook; data-quality facts; the
/// methods used. Disclosure control is applied here, before any text is
/// written, so prose, tables and charts agree.
///
/// ```swift
/// let read = DataReader.read(contentsOf: url, options: ReadOptions(fillAbsentWithZero: true))
/// let analysis = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: .init())
/// analysis.outlooks.first?.term.withBand   // "likely (55–75 %)"
/// ```
public struct AssessmentAnalysis: Sendable, Codable, Equatable {
    /// The reporter assessed (`nil`: the data have no reporter dimension).
    public var reporter: String?
    /// The dimension holding the routes.
    public var routeDimension: String
    /// The dimension holding the profiles (`nil`: none in the data).
    public var profileDimension: String?
    /// The indicator analysed (`nil`: no indicator dimension).
    public var indicator: String?
    /// The periods covered, in order.
    public var periods: [Period]
    /// Seasonal period used (12 monthly, 4 quarterly, 1 annual).
    public var seasonalPeriod: Int
    /// The total over all routes.
    public var total: RouteAnalysis
    /// Every route, by last-year volume, largest first.
    public var routes: [RouteAnalysis]
    /// Volumes per indicator (one row when there is no indicator dimension).
    public var indicators: [IndicatorVolume]
    /// Largest profiles of the last year.
    public var profiles: [ProfileRow]
    /// Outlook of the total, then of each main route.
    public var outlooks: [RouteOutlook]
    /// Warning indicators of the main routes.
    public var warnings: [WarningIndicator]
    /// Backtest entries (every origin, every main route).
    public var trackRecord: [TrackRecordEntry]
    /// Per-route summaries of the backtest.
    public var trackRecordSummaries: [TrackRecordSummary]
    /// Dated route shifts (section 3).
    public var shifts: [ShiftRow]
    /// Displacement around the configured events (section 3).
    public var displacements: [DisplacementRow]
    /// Emerging route × profile pairs (section 4).
    public var emerging: [EmergingRow]
    /// Notes of the shift analysis; ``shiftsAvailable`` is false when it could not run.
    public var shiftNotes: [String]
    public var shiftsAvailable: Bool
    /// Risk ranking of the routes (section 6).
    public var risk: [RiskRow]
    public var riskNotes: [String]
    public var riskAvailable: Bool
    /// Data quality.
    public var dataQuality: DataQualityFacts
    /// Methods annex.
    public var methods: [MethodNote]
    /// The configuration used.
    public var configuration: AssessmentConfiguration

    /// The confidence rule, as printed in the report.
    public static let confidenceRule = """
        Confidence is scored from three checks, one point each: (1) data: the route has no missing period in \
        the last two years and averages more than 20 detections a period over the last outlook window \
        (rates on 20 or fewer events are unstable); (2) model agreement: the direction of the outlook \
        (probability above or below 50 %) agrees with the sign of the negative-binomial growth rate over the \
        trend window, or the probability is within 40–60 % and that growth rate's interval includes zero; \
        (3) track record: on the rolling-origin backtest the 80 % interval of the outlook total held the \
        actual total at least 60 % of the time and the Brier score of the probability was at most 0.25. \
        Three points: high; two: moderate; one or none: low. Whatever the points, an outlook whose 80 % interval \
        for the total is more than twice as wide as its central forecast has low confidence: the model cannot say much.
        """

    // MARK: - Dimension detection

    /// Reporter dimension names recognised (case-insensitive).
    public static let reporterDimensionNames = ["reporter", "geo", "country"]
    /// Profile dimension names recognised (case-insensitive).
    public static let profileDimensionNames = ["citizenship", "nationality", "nat", "citizen"]

    /// The reporter dimension of `panel`, if any.
    public static func reporterDimension(of panel: Panel) -> String? {
        find(reporterDimensionNames, in: panel.dimensions)
    }

    /// The reporter codes of `panel` (sorted; empty without a reporter dimension).
    public static func reporters(in panel: Panel) -> [String] {
        guard let d = reporterDimension(of: panel), let i = panel.dimensions.firstIndex(of: d) else { return [] }
        return panel.codes[i].filter { !TotalCode.isTotal($0) }.sorted()
    }

    static func find(_ names: [String], in dimensions: [String]) -> String? {
        for name in names {
            if let d = dimensions.first(where: { $0.lowercased() == name }) { return d }
        }
        return nil
    }

    // MARK: - Run

    /// Analyses one reporter's data.
    ///
    /// - Parameters:
    ///   - panel: the data as read (any dimensions; monthly, quarterly or annual).
    ///   - report: the reader's validation report (its counts go into the data-quality section).
    ///   - configuration: the parameters (validated here).
    /// - Returns: the analysis.
    /// - Throws: ``AssessmentError`` for a reporter not in the data (or not chosen when
    ///   there are several), an unknown route or profile dimension, fewer than two periods,
    ///   no observation, or an invalid parameter.
    /// - Complexity: dominated by the forecasts: `(1 + mainRoutes) + mainRoutes × trackRecordOrigins`
    ///   forecaster calls, run in parallel; each series' STL, trend tests and PELT search are O(n)–O(n²).
    public static func run(
        _ panel: Panel, report: ValidationReport? = nil, configuration: AssessmentConfiguration = .init()
    ) throws -> AssessmentAnalysis {
        try configuration.validate()
        let config = configuration
        let dims = panel.dimensions
        var filters: [String: Set<String>] = [:]

        // Reporter.
        var reporter: String?
        if let rd = reporterDimension(of: panel) {
            let available = reporters(in: panel)
            if let wanted = config.reporter {
                guard available.contains(wanted) else { throw AssessmentError.reporterNotFound(wanted, available: available) }
                reporter = wanted
            } else if available.count == 1 {
                reporter = available[0]
            } else if available.count > 1 {
                throw AssessmentError.reporterRequired(available: available)
            }
            if let reporter { filters[rd] = [reporter] }
        } else if let wanted = config.reporter {
            throw AssessmentError.reporterNotFound(wanted, available: [])
        }

        // Route and profile dimensions.
        let routeDimension: String
        if let named = config.routeDimension {
            guard let d = dims.first(where: { $0.lowercased() == named.lowercased() }) else {
                throw AssessmentError.unknownDimension(named, parameter: "--by", available: dims)
            }
            routeDimension = d
        } else {
            guard let d = find(["route"], in: dims) else {
                throw AssessmentError.unknownDimension("route", parameter: "--by", available: dims)
            }
            routeDimension = d
        }
        var profileDimension: String?
        if let named = config.profileDimension {
            guard let d = dims.first(where: { $0.lowercased() == named.lowercased() }) else {
                throw AssessmentError.unknownDimension(named, parameter: "--profiles", available: dims)
            }
            profileDimension = d
        } else {
            profileDimension = find(profileDimensionNames, in: dims)
        }
        if profileDimension == routeDimension { profileDimension = nil }

        // Indicator.
        var indicator: String?
        var indicatorVolumes: [IndicatorVolume] = []
        let T = panel.periodCount
        guard T >= 2, let start = panel.start else { throw AssessmentError.tooFewPeriods(T) }
        let p = max(panel.frequency?.periodsPerYear ?? 1, 1)
        let threshold = config.disclosureThreshold
        if let idim = find(["indicator"], in: dims) {
            let byIndicator = try Aggregation.sum(panel, by: [idim], where: filters, completeness: .requireAll).panel
            var rows: [(String, [Double])] = []
            for s in 0..<byIndicator.seriesCount {
                let series = try byIndicator.series(at: s)
                rows.append((series.key[idim] ?? "", series.values))
            }
            rows.removeAll { TotalCode.isTotal($0.0) }
            if let wanted = config.indicator {
                guard rows.contains(where: { $0.0 == wanted }) else {
                    throw AssessmentError.invalidParameter(
                        name: "indicator", detail: "'\(wanted)' is not in the data; indicators: \(rows.map(\.0).joined(separator: ", "))")
                }
                indicator = wanted
            } else {
                indicator = rows.max { total($0.1) < total($1.1) || (total($0.1) == total($1.1) && $0.0 > $1.0) }?.0
            }
            if let indicator { filters[idim] = [indicator] }
            indicatorVolumes = rows.map { indicatorVolume($0.0, $0.1, p: p, threshold: threshold) }
        }

        // Routes.
        let byRoute = try Aggregation.sum(panel, by: [routeDimension], where: filters, completeness: .requireAll).panel
        var routeSeries: [(String, [Double])] = []
        for s in 0..<byRoute.seriesCount {
            let series = try byRoute.series(at: s)
            let code = series.key[routeDimension] ?? ""
            if TotalCode.isTotal(code) { continue }
            routeSeries.append((code, series.values))
        }
        guard !routeSeries.isEmpty, byRoute.periodCount == T else {
            throw AssessmentError.noData(reporter.map { "reporter '\($0)' has no route series" } ?? "no route series in the data")
        }
        var totalValues = [Double](repeating: 0, count: T)
        for (_, v) in routeSeries { for t in 0..<T { totalValues[t] += v[t] } }
        guard totalValues.contains(where: { $0.isFinite && $0 != 0 }) else {
            throw AssessmentError.noData("every value is zero or missing")
        }
        if indicatorVolumes.isEmpty {
            indicatorVolumes = [indicatorVolume("all detections", totalValues, p: p, threshold: threshold)]
        }
        let periods = (0..<T).map { start + $0 }

        // Last-year volumes decide the order and the main routes.
        let year = min(p == 1 ? 1 : p, T)
        let lastYearVolume = routeSeries.map { sum($0.1, (T - year)..<T) }
        let grand = lastYearVolume.filter(\.isFinite).reduce(0, +)
        let order = routeSeries.indices.sorted {
            let a = lastYearVolume[$0].isFinite ? lastYearVolume[$0] : -1
            let b = lastYearVolume[$1].isFinite ? lastYearVolume[$1] : -1
            return a != b ? a > b : routeSeries[$0].0 < routeSeries[$1].0
        }
        let ordered = order.map { routeSeries[$0] }
        var mainSet = Set<String>()
        for i in order.prefix(config.mainRoutes) where grand > 0 && lastYearVolume[i] / grand >= config.mainRouteMinimumShare {
            mainSet.insert(routeSeries[i].0)
        }

        // Trailing-year shares.
        let shareDenominator: [Double] = (0..<T).map { t in t + 1 >= year ? sum(totalValues, (t + 1 - year)..<(t + 1)) : .nan }

        // Descriptive analysis per route (parallel).
        let describeJobs: [(String, [Double])] = [("all routes", totalValues)] + ordered
        let mainRouteSet = mainSet
        let described = try Parallel.map(describeJobs.count) { i -> RouteAnalysis in
            let (name, y) = describeJobs[i]
            return describe(name, y, isMain: i == 0 || mainRouteSet.contains(name), p: p, config: config,
                            denominator: shareDenominator, isTotal: i == 0, start: start)
        }
        let totalAnalysis = described[0]
        let routes = Array(described.dropFirst())

        // Forecast jobs: outlook of the total and of each main route, and the backtest origins.
        let mains = ordered.filter { mainSet.contains($0.0) }
        let h = config.horizon
        struct Job: Sendable { var route: String; var y: [Double]; var origin: Int; var isOutlook: Bool }
        var jobs: [Job] = [Job(route: "all routes", y: totalValues, origin: T, isOutlook: true)]
        for (name, y) in mains { jobs.append(Job(route: name, y: y, origin: T, isOutlook: true)) }
        let lastOrigin = T - h
        let firstOrigin = max(lastOrigin - config.trackRecordOrigins + 1, 2 * p + 1, 3)
        if config.trackRecordOrigins > 0 && lastOrigin >= firstOrigin {
            for (name, y) in mains {
                for o in firstOrigin...lastOrigin { jobs.append(Job(route: name, y: y, origin: o, isOutlook: false)) }
            }
        }
        let allJobs = jobs
        let forecasts = try Parallel.map(allJobs.count) { i -> Result<Forecast, ForecastError> in
            let job = allJobs[i]
            do {
                let window = config.outlookWindowYears > 0 ? config.outlookWindowYears * p : job.origin
                return .success(try Forecaster.forecast(
                    Array(job.y[max(0, job.origin - window)..<job.origin]), method: config.forecastMethod, horizon: h, period: p,
                    levels: [80, 95], seed: config.seed))
            } catch let e as ForecastError {
                return .failure(e)
            } catch {
                return .failure(.invalidParameter(name: "series", detail: "\(error)"))
            }
        }

        // Track record.
        var trackRecord: [TrackRecordEntry] = []
        var summaries: [TrackRecordSummary] = []
        for (name, y) in mains {
            var entries: [TrackRecordEntry] = []
            for (i, job) in jobs.enumerated() where !job.isOutlook && job.route == name {
                guard case let .success(f) = forecasts[i] else { continue }
                let o = job.origin
                let dist = totalDistribution(f)
                let actual = sum(y, o..<(o + h))
                let yearEarlier = o + h - p - h >= 0 && p > 1 ? sum(y, (o - p)..<(o - p + h)) : sum(y, (o - h)..<o)
                guard actual.isFinite, yearEarlier.isFinite else { continue }
                entries.append(TrackRecordEntry(
                    route: name, issuedAfter: start + (o - 1), from: start + o, to: start + (o + h - 1),
                    forecastTotal: dist.mean, lower80: dist.lower80, upper80: dist.upper80,
                    probabilityAboveYearEarlier: dist.probabilityAbove(yearEarlier),
                    actualTotal: PublishedValue(actual, threshold: threshold),
                    withinInterval: actual >= dist.lower80 && actual <= dist.upper80,
                    exceeded: actual > yearEarlier, isHeadline: o == T - year))
            }
            if !entries.isEmpty {
                let n = Double(entries.count)
                let coverage = Double(entries.filter(\.withinInterval).count) / n
                let brier = entries.map { pow($0.probabilityAboveYearEarlier - ($0.exceeded ? 1 : 0), 2) }.reduce(0, +) / n
                var apes: [Double] = []
                for e in entries {
                    let o = e.from.index - start.index
                    let a = sum(y, o..<(o + h))
                    if a > 0 { apes.append(abs(e.forecastTotal - a) / a) }
                }
                summaries.append(TrackRecordSummary(
                    route: name, origins: entries.count, coverage80: coverage, brierScore: brier,
                    meanAbsolutePercentageError: apes.isEmpty ? .nan : apes.reduce(0, +) / Double(apes.count)))
            }
            trackRecord += entries
        }

        // Outlooks with confidence.
        var outlooks: [RouteOutlook] = []
        for (i, job) in jobs.enumerated() where job.isOutlook {
            let analysis = job.route == "all routes" ? totalAnalysis : routes.first { $0.route == job.route }
            switch forecasts[i] {
            case let .success(f):
                outlooks.append(outlook(
                    job.route, job.y, f, start: start, p: p, config: config, analysis: analysis,
                    summary: summaries.first { $0.route == job.route }, isTotal: job.route == "all routes",
                    routeSummaries: summaries))
            case .failure:
                continue
            }
        }

        // Warnings.
        let warnings = ([("all routes", totalValues)] + mains).compactMap { warning($0.0, $0.1, p: p, config: config) }

        // Profiles.
        var profiles: [ProfileRow] = []
        if let pd = profileDimension {
            let byProfile = try Aggregation.sum(panel, by: [pd], where: filters, completeness: .requireAll).panel
            var rows: [(String, Double, Double)] = []
            for s in 0..<byProfile.seriesCount {
                let series = try byProfile.series(at: s)
                let code = series.key[pd] ?? ""
                if TotalCode.isTotal(code) { continue }
                let last = sum(series.values, (T - year)..<T)
                let prev = T >= 2 * year ? sum(series.values, (T - 2 * year)..<(T - year)) : .nan
                rows.append((code, last, prev))
            }
            let all = rows.map(\.1).filter(\.isFinite).reduce(0, +)
            rows.sort { ($0.1.isFinite ? $0.1 : -1) != ($1.1.isFinite ? $1.1 : -1) ? ($0.1.isFinite ? $0.1 : -1) > ($1.1.isFinite ? $1.1 : -1) : $0.0 < $1.0 }
            for (code, last, prev) in rows.prefix(config.topProfiles) {
                let pl = PublishedValue(last, threshold: threshold), pp = PublishedValue(prev, threshold: threshold)
                let change = (pl.number != nil && (pp.number ?? 0) > 0) ? last / prev - 1 : .nan
                profiles.append(ProfileRow(
                    profile: code, lastYear: pl, previousYear: pp, change: change,
                    share: all > 0 && pl.number != nil ? last / all : .nan))
            }
        }

        // Shifts and risk, on the reporter's (and indicator's) routes × profiles.
        let filtered = try Aggregation.sum(
            panel, by: [routeDimension] + (profileDimension.map { [$0] } ?? []), where: filters, completeness: .requireAll).panel
        let shiftResult = shiftFacts(filtered, routeDimension: routeDimension, profileDimension: profileDimension, config: config)
        let routeOnly = try Aggregation.sum(panel, by: [routeDimension], where: filters, completeness: .requireAll).panel
        let riskResult = riskFacts(routeOnly, routeDimension: routeDimension, config: config)

        // Data quality.
        let quality = dataQuality(
            ordered, routes: routes, report: report, panel: panel, p: p, config: config, start: start)

        return AssessmentAnalysis(
            reporter: reporter, routeDimension: routeDimension, profileDimension: profileDimension, indicator: indicator,
            periods: periods, seasonalPeriod: p, total: totalAnalysis, routes: routes, indicators: indicatorVolumes,
            profiles: profiles, outlooks: outlooks, warnings: warnings, trackRecord: trackRecord,
            trackRecordSummaries: summaries, shifts: shiftResult.shifts, displacements: shiftResult.displacements,
            emerging: shiftResult.emerging, shiftNotes: shiftResult.notes, shiftsAvailable: shiftResult.available,
            risk: riskResult.rows, riskNotes: riskResult.notes, riskAvailable: riskResult.available, dataQuality: quality,
            methods: methodNotes(config: config, p: p, profileDimension: profileDimension), configuration: config)
    }

    // MARK: - Pieces

    /// `12,345` (whole number with thousands separators).
    static func grouped(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let digits = String(Int(abs(x).rounded()))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (x < 0 ? "−" : "") + out
    }

    static func total(_ v: [Double]) -> Double { v.filter(\.isFinite).reduce(0, +) }

    /// Sum over `range`; NaN when the range leaves the series or holds a missing value.
    static func sum(_ y: [Double], _ range: Range<Int>) -> Double {
        guard range.lowerBound >= 0, range.upperBound <= y.count, !range.isEmpty else { return .nan }
        var s = 0.0
        for i in range { s += y[i] }
        return s
    }

    static func indicatorVolume(_ name: String, _ y: [Double], p: Int, threshold: Int) -> IndicatorVolume {
        let T = y.count
        let year = min(p, T)
        let last = sum(y, (T - year)..<T)
        let prev = sum(y, (T - 2 * year)..<(T - year))
        let pl = PublishedValue(last, threshold: threshold), pp = PublishedValue(prev, threshold: threshold)
        return IndicatorVolume(
            indicator: name, latest: PublishedValue(y[T - 1], threshold: threshold),
            latestYearEarlier: T > p ? PublishedValue(y[T - 1 - p], threshold: threshold) : .missing,
            lastYear: pl, previousYear: pp,
            change: pl.number != nil && (pp.number ?? 0) > 0 ? last / prev - 1 : .nan)
    }

    static func describe(
        _ name: String, _ y: [Double], isMain: Bool, p: Int, config: AssessmentConfiguration,
        denominator: [Double], isTotal: Bool, start: Period
    ) -> RouteAnalysis {
        let T = y.count
        let thr = config.disclosureThreshold
        let h = min(config.horizon, T)
        let year = min(p, T)
        var notes: [String] = []
        var trend: [Double] = [], adjusted: [Double] = []
        if p > 1 {
            do {
                let d = try STL.decompose(y, parameters: STL.Parameters(period: p, seasonalWindow: .span(13), robust: true))
                trend = d.trend
                adjusted = zip(y, d.seasonal).map { $0 - $1 }
            } catch {
                notes.append("seasonal adjustment not available: \(error)")
            }
        } else {
            trend = y
            adjusted = y
        }
        // Change points on deseasonalised counts.
        var changePoints: [ChangePointFact] = []
        if y.allSatisfy(\.isFinite), T >= max(4 * p, 8) {
            do {
                // As `strata changepoints --deseasonalize p`: for counts the seasonal pattern,
                // count model and changes fitted together.
                let search = try ChangePointWorkflow.recommendedSearch(y, period: p, minimumSegmentLength: max(2, p / 2))
                if !search.converged {
                    notes.append("change points: the seasonal pattern and the changes did not settle; the last search is shown")
                }
                let summaries = try search.summaries()
                for k in summaries.indices.dropFirst() {
                    let before = summaries[k - 1], after = summaries[k]
                    changePoints.append(ChangePointFact(
                        period: start + after.start, levelBefore: before.level, levelAfter: after.level,
                        ratio: before.level > 0 ? after.level / before.level : .nan))
                }
            } catch {
                notes.append("change-point search not available: \(error)")
            }
        } else {
            notes.append("change-point search needs a complete series of at least \(max(4 * p, 8)) periods")
        }
        // Trend tests over the window.
        var trendFacts: TrendFacts?
        let window = min(T, config.trendWindowYears * p)
        let w = Array(y[(T - window)..<T])
        if p > 1, window >= 2 * p {
            do {
                let sk = try TrendTest.seasonalKendall(w, period: p)
                let sen = try TrendTest.seasonalSenSlope(w, period: p)
                let nb = try negativeBinomialTrend(w, p: p, seasonal: true)
                trendFacts = TrendFacts(
                    from: start + (T - window), to: start + (T - 1),
                    pValue: sk.pValue, tau: sk.tau, direction: sk.direction, senSlopePerYear: sen,
                    growthRatePerYear: nb.growthRatePerYear, growthRateLower: nb.growthRateLower,
                    growthRateUpper: nb.growthRateUpper)
            } catch {
                notes.append("trend tests not available: \(error)")
            }
        } else if window >= 3 {
            do {
                let mk = try TrendTest.mannKendall(w)
                let sen = try TrendTest.senSlope(w)
                let nb = try negativeBinomialTrend(w, p: p, seasonal: false)
                trendFacts = TrendFacts(
                    from: start + (T - window), to: start + (T - 1),
                    pValue: mk.pValue, tau: mk.tau, direction: mk.direction, senSlopePerYear: sen.slope * Double(p),
                    growthRatePerYear: nb.growthRatePerYear, growthRateLower: nb.growthRateLower,
                    growthRateUpper: nb.growthRateUpper)
            } catch {
                notes.append("trend tests not available: \(error)")
            }
        }
        let last = sum(y, (T - h)..<T)
        let lastYE = sum(y, (T - h - p)..<(T - p))
        let pl = PublishedValue(last, threshold: thr), pe = PublishedValue(lastYE, threshold: thr)
        var change = Double.nan, lo = Double.nan, hi = Double.nan
        if pl.number != nil, let prev = pe.number, prev > 0, let c = try? CountChange.compare(current: last, previous: prev) {
            change = c.relativeChange
            lo = c.lowerOrNaN
            hi = c.upperOrNaN
        }
        let ly = sum(y, (T - year)..<T), py = sum(y, (T - 2 * year)..<(T - year))
        let dLast = denominator[T - 1]
        let dPrev = T - 1 - year >= 0 ? denominator[T - 1 - year] : .nan
        let share: [Double] = (0..<T).map { t in
            guard t + 1 >= year else { return .nan }
            let s = sum(y, (t + 1 - year)..<(t + 1))
            return denominator[t] > 0 ? s / denominator[t] : .nan
        }
        return RouteAnalysis(
            route: name, isMain: isMain, observed: y.map { PublishedValue($0, threshold: thr) },
            trend: trend, seasonallyAdjusted: adjusted, trailingShare: isTotal ? [] : share,
            changePoints: changePoints,
            latest: PublishedValue(y[T - 1], threshold: thr),
            latestYearEarlier: T > p ? PublishedValue(y[T - 1 - p], threshold: thr) : .missing,
            lastBlock: pl, lastBlockYearEarlier: pe, lastBlockChange: change, lastBlockChangeLower: lo,
            lastBlockChangeUpper: hi, lastYear: PublishedValue(ly, threshold: thr),
            previousYear: PublishedValue(py, threshold: thr),
            shareLastYear: isTotal ? 1 : (dLast > 0 ? ly / dLast : .nan),
            sharePreviousYear: isTotal ? 1 : (dPrev > 0 ? py / dPrev : .nan),
            trendTest: trendFacts, notes: notes)
    }

    /// NB2 trend with α estimated by maximum likelihood; when that does not
    /// converge (large counts with a few extreme months), α is fixed at the
    /// moment estimate `(φ − 1) / ȳ` from the Poisson fit's Pearson dispersion φ.
    static func negativeBinomialTrend(_ w: [Double], p: Int, seasonal: Bool) throws -> CountTrendResult {
        let season: Int? = seasonal ? p : nil
        do {
            return try CountTrend.fit(w, periodsPerYear: p, family: .negativeBinomial(alpha: nil), seasonalPeriod: season)
        } catch TrendError.noConvergence {
            let poisson = try CountTrend.fit(w, periodsPerYear: p, family: .poisson, seasonalPeriod: season)
            let observed = w.filter(\.isFinite)
            let mean = observed.reduce(0, +) / Double(max(observed.count, 1))
            let alpha = max((poisson.dispersion - 1) / max(mean, 1e-9), 1e-8)
            return try CountTrend.fit(w, periodsPerYear: p, family: .negativeBinomial(alpha: alpha), seasonalPeriod: season)
        }
    }

    /// The distribution of the total of a forecast's periods under the
    /// comonotone assumption (forecast errors perfectly correlated across
    /// the horizon): its quantiles are the sums of the per-period quantiles.
    struct TotalDistribution {
        var mean: Double
        var lower80: Double
        var upper80: Double
        /// Normal approximation: standard deviation = Σ (upper95 − mean) / 1.96.
        var sd: Double

        func probabilityAbove(_ x: Double) -> Double {
            guard x.isFinite else { return .nan }
            guard sd > 0 else { return mean > x ? 1 : 0 }
            return NormalDistribution.upperTail((x - mean) / sd)
        }
    }

    static func totalDistribution(_ f: Forecast) -> TotalDistribution {
        let mean = f.mean.reduce(0, +)
        let i80 = f.interval(level: 80), i95 = f.interval(level: 95)
        let lower = i80?.lower.reduce(0, +) ?? .nan
        let upper = i80?.upper.reduce(0, +) ?? .nan
        var sd = 0.0
        if let i95 {
            for h in 0..<f.mean.count { sd += max(i95.upper[h] - f.mean[h], 0) / 1.959963984540054 }
        }
        return TotalDistribution(mean: mean, lower80: lower, upper80: upper, sd: sd)
    }

    static func outlook(
        _ name: String, _ y: [Double], _ f: Forecast, start: Period, p: Int, config: AssessmentConfiguration,
        analysis: RouteAnalysis?, summary: TrackRecordSummary?, isTotal: Bool, routeSummaries: [TrackRecordSummary]
    ) -> RouteOutlook {
        let T = y.count
        let h = f.horizon
        let thr = config.disclosureThreshold
        let dist = totalDistribution(f)
        let last = sum(y, (T - h)..<T)
        let yearEarlier = p > 1 ? sum(y, (T - p)..<(T - p + h)) : last
        let pLast = dist.probabilityAbove(last)
        let pYear = dist.probabilityAbove(yearEarlier)
        let i80 = f.interval(level: 80), i95 = f.interval(level: 95)
        // Confidence rule.
        var points = 0
        var reasons: [String] = []
        let recent = Array(y.suffix(min(T, 2 * max(p, 1))))
        let mean = last / Double(h)
        if recent.allSatisfy(\.isFinite) && mean > 20 {
            points += 1
            reasons.append("data: complete for the last two years and \(grouped(mean)) detections a period on average")
        } else if !recent.allSatisfy(\.isFinite) {
            reasons.append("data: missing periods in the last two years")
        } else {
            reasons.append("data: 20 or fewer detections a period on average, so rates are unstable")
        }
        if let t = analysis?.trendTest, pYear.isFinite {
            let agrees = (pYear > 0.5 && t.growthRatePerYear > 0) || (pYear < 0.5 && t.growthRatePerYear < 0)
                || (abs(pYear - 0.5) <= 0.1 && t.growthRateLower <= 0 && t.growthRateUpper >= 0)
            if agrees {
                points += 1
                reasons.append("models: the outlook agrees with the trend over the last \(config.trendWindowYears) years")
            } else {
                reasons.append("models: the outlook and the trend over the last \(config.trendWindowYears) years point different ways")
            }
        } else {
            reasons.append("models: no trend test to compare with")
        }
        // The total is scored on the pooled record of the main routes.
        let record: TrackRecordSummary? = isTotal && !routeSummaries.isEmpty
            ? TrackRecordSummary(
                route: name, origins: routeSummaries.map(\.origins).reduce(0, +),
                coverage80: routeSummaries.map { $0.coverage80 * Double($0.origins) }.reduce(0, +) / Double(max(routeSummaries.map(\.origins).reduce(0, +), 1)),
                brierScore: routeSummaries.map { $0.brierScore * Double($0.origins) }.reduce(0, +) / Double(max(routeSummaries.map(\.origins).reduce(0, +), 1)),
                meanAbsolutePercentageError: .nan)
            : summary
        if let s = record, s.origins >= 4 {
            if s.coverage80 >= 0.6 && s.brierScore <= 0.25 {
                points += 1
                reasons.append("track record: \(Int((s.coverage80 * 100).rounded())) % of past 80 % intervals held the outcome (Brier \(String(format: "%.2f", s.brierScore)))")
            } else {
                reasons.append("track record: weak (80 % intervals held \(Int((s.coverage80 * 100).rounded())) % of outcomes; Brier \(String(format: "%.2f", s.brierScore)))")
            }
        } else {
            reasons.append("track record: too few past outlooks to score")
        }
        var confidence: ConfidenceLevel = points >= 3 ? .high : points == 2 ? .moderate : .low
        let width = dist.upper80 - dist.lower80
        if dist.mean > 0, width > 2 * dist.mean {
            confidence = .low
            reasons.append("precision: the 80 % interval of the total is \(String(format: "%.1f", width / dist.mean)) times the central forecast, too wide to say much")
        }
        let k = min(3, h)
        let cpLower = (i80?.lower.prefix(k).reduce(0, +)) ?? .nan
        let cpUpper = (i80?.upper.prefix(k).reduce(0, +)) ?? .nan
        return RouteOutlook(
            route: name, method: f.method, periods: (0..<h).map { start + (T + $0) }, mean: f.mean,
            lower80: i80?.lower ?? [], upper80: i80?.upper ?? [], lower95: i95?.lower ?? [], upper95: i95?.upper ?? [],
            lastBlock: PublishedValue(last, threshold: thr), yearEarlierBlock: PublishedValue(yearEarlier, threshold: thr),
            totalMean: dist.mean, totalLower80: dist.lower80, totalUpper80: dist.upper80,
            probabilityAboveLastBlock: pLast, probabilityAboveYearEarlier: pYear,
            term: EstimativeLanguage.term(for: pYear, on: config.language),
            termAboveLastBlock: EstimativeLanguage.term(for: pLast, on: config.language),
            checkpointFrom: start + T, checkpointTo: start + (T + k - 1), checkpointLower80: cpLower,
            checkpointUpper80: cpUpper, confidence: confidence, confidenceReasons: reasons, notes: f.notes)
    }

    static func warning(_ name: String, _ y: [Double], p: Int, config: AssessmentConfiguration) -> WarningIndicator? {
        let T = y.count
        let k = 3
        guard p > 1, T >= p + k else { return nil }
        let thr = config.disclosureThreshold
        let a = config.amberChange, r = config.redChange
        func status(_ ratio: Double) -> (WarningStatus, String) {
            guard ratio.isFinite else { return (.green, "none") }
            if ratio >= 1 + r { return (.red, "rise") }
            if ratio <= 1 / (1 + r) { return (.red, "fall") }
            if ratio >= 1 + a { return (.amber, "rise") }
            if ratio <= 1 / (1 + a) { return (.amber, "fall") }
            return (.green, "none")
        }
        func ratioAt(_ t: Int) -> Double {  // blocks ending at t (inclusive)
            let cur = sum(y, (t - k + 1)..<(t + 1)), prev = sum(y, (t - k + 1 - p)..<(t + 1 - p))
            return prev > 0 ? cur / prev : .nan
        }
        let current = sum(y, (T - k)..<T), prev = sum(y, (T - k - p)..<(T - p))
        let pc = PublishedValue(current, threshold: thr), pp = PublishedValue(prev, threshold: thr)
        let ratio = pc.number != nil && (pp.number ?? 0) > 0 ? current / prev : .nan
        let (st, dir) = status(prev > 0 ? current / prev : .nan)
        // Thresholds for the next three periods, against the same periods a year earlier.
        let nextBase = sum(y, (T - p)..<(T - p + k))
        // History.
        var evaluated = 0, signals = 0, falseAlarms = 0, missed = 0
        let horizon = 6
        if T >= k + p + horizon {
            for t in (k - 1 + p)..<(T - horizon) {
                let (s, d) = status(ratioAt(t))
                let after = sum(y, (t + 1)..<(t + 1 + horizon)), afterYE = sum(y, (t + 1 - p)..<(t + 1 - p + horizon))
                guard after.isFinite, afterYE.isFinite, afterYE > 0 else { continue }
                evaluated += 1
                let moved = after / afterYE
                if s != .green {
                    signals += 1
                    if (d == "rise" && moved <= 1) || (d == "fall" && moved >= 1) { falseAlarms += 1 }
                } else if moved >= 1 + r || moved <= 1 / (1 + r) {
                    missed += 1
                }
            }
        }
        return WarningIndicator(
            route: name, current: pc, yearEarlier: pp, ratio: ratio, status: pc.isSuppressed || pp.isSuppressed ? .green : st,
            direction: pc.isSuppressed || pp.isSuppressed ? "none" : dir,
            amberRiseThreshold: nextBase * (1 + a), redRiseThreshold: nextBase * (1 + r),
            amberFallThreshold: nextBase / (1 + a), redFallThreshold: nextBase / (1 + r),
            evaluatedPeriods: evaluated, signals: signals, falseAlarms: falseAlarms,
            falseAlarmRate: signals > 0 ? Double(falseAlarms) / Double(signals) : .nan, missedChanges: missed)
    }

    static func dataQuality(
        _ ordered: [(String, [Double])], routes: [RouteAnalysis], report: ValidationReport?, panel: Panel, p: Int,
        config: AssessmentConfiguration, start: Period
    ) -> DataQualityFacts {
        let T = panel.periodCount
        var missing = 0, suppressed = 0
        var withMissing: [String] = [], unstable: [String] = [], late: [String] = []
        for (name, y) in ordered {
            let m = y.filter(\.isNaN).count
            missing += m
            if m > 0 { withMissing.append(name) }
            suppressed += y.filter { $0 > 0 && $0 < Double(config.disclosureThreshold) }.count
            let h = min(config.horizon, T)
            let recent = sum(y, (T - h)..<T) / Double(h)
            if !(recent > 20) { unstable.append(name) }
            if let first = y.firstIndex(where: { $0 > 0 }), first >= max(p, 1) { late.append(name) }
        }
        let lastPeriod = start + (T - 1)
        var caveats = [
            "The figures count detections (events), not persons: the same person may be detected several times, on one route or on two, and is then counted each time.",
            "Detections depend on enforcement effort and reporting: a fall in detections is not by itself a fall in crossings.",
            "The latest period (\(lastPeriod)) is provisional and may be revised.",
        ]
        if let report, report.counts.filledAbsent > 0 {
            caveats.append("The file omits zero cells; \(report.counts.filledAbsent) absent cells were read as zero, as its publisher's convention declares.")
        }
        if config.disclosureThreshold > 1 {
            caveats.append("Counts from 1 to \(config.disclosureThreshold - 1) are suppressed in tables, charts and text (shown as <\(config.disclosureThreshold)); models use the unsuppressed data.")
        }
        if !late.isEmpty {
            caveats.append("Series starting late (possible break or new route): \(late.joined(separator: ", ")).")
        }
        return DataQualityFacts(
            periods: T, missingCells: missing, routesWithMissing: withMissing, suppressedCells: suppressed,
            unstableRoutes: unstable, lateStarts: late, flaggedCells: panel.flags.count, revisions: panel.revisions.count,
            filledAbsent: report?.counts.filledAbsent ?? 0, validationErrors: report?.errorCount ?? 0,
            validationWarnings: report?.warningCount ?? 0, calendarGaps: report?.count(of: .calendarGap) ?? 0,
            caveats: caveats)
    }

    static func methodNotes(config: AssessmentConfiguration, p: Int, profileDimension: String?) -> [MethodNote] {
        [
            MethodNote(
                name: "Seasonal-trend decomposition (STL)", purpose: "seasonally adjusted series and trend line of each route",
                reference: "Cleveland, Cleveland, McRae & Terpenning (1990), J. Official Statistics 6(1); matches R stats::stl",
                parameters: ["period": "\(p)", "s.window": "13", "robust": "true"]),
            MethodNote(
                name: "Change points (PELT)", purpose: "dates of changes of level in each route, on deseasonalised counts",
                reference: "Killick, Fearnhead & Eckley (2012), JASA 107(500); seasonal pattern, count model and changes fitted together as in BFAST (Verbesselt et al. 2010, Remote Sensing of Environment 114)",
                parameters: ["cost": "automatic (Poisson or negative binomial by the dispersion around the seasonal pattern)", "penalty": "MBIC", "minimum segment": "\(max(2, p / 2))"]),
            MethodNote(
                name: "Seasonal Kendall test and Sen slope", purpose: "is there a monotone trend over the trend window",
                reference: "Hirsch & Slack (1984), Water Resources Research 20(6); matches pymannkendall seasonal_test",
                parameters: ["window (years)": "\(config.trendWindowYears)", "alpha": "0.05"]),
            MethodNote(
                name: "Negative-binomial growth rate", purpose: "growth per year with a 95 % interval",
                reference: "Cameron & Trivedi (2013), Regression Analysis of Count Data, NB2; matches statsmodels NegativeBinomial",
                parameters: ["seasonal effects": p > 1 ? "\(p - 1) dummies" : "none", "interval": "95 % Wald"]),
            MethodNote(
                name: "Forecast (outlook)", purpose: "next \(config.horizon) periods per main route with 80 % and 95 % intervals",
                reference: "Hyndman et al. (2008) ETS; Assimakopoulos & Nikolopoulos (2000) Theta; combination as in Makridakis et al. M4 (2020)",
                parameters: ["method": config.forecastMethod.rawValue, "horizon": "\(config.horizon)", "seed": "\(config.seed)", "levels": "80, 95",
                             "fitted on (years)": config.outlookWindowYears > 0 ? "the last \(config.outlookWindowYears)" : "all"]),
            MethodNote(
                name: "Probability of a rise", purpose: "P(next total > a baseline total) from the forecast distribution",
                reference: "analytic: the total's distribution is the comonotone sum of the per-period forecast distributions (quantiles add), approximated as normal with sd = Σ (upper95 − mean) / 1.96",
                parameters: ["baselines": "the same periods a year earlier; the last \(config.horizon) periods"]),
            MethodNote(
                name: "Estimative language", purpose: "words for the probabilities",
                reference: config.language == .phia ? "UK PHIA probability yardstick (2023); values in its gaps take the nearer band, ties to the band nearer 50 %" : "US ICD 203 (2015); shared band ends go to the band nearer 50 %",
                parameters: ["scale": config.language.rawValue]),
            MethodNote(
                name: "Warning indicators", purpose: "red/amber/green status of each main route",
                reference: "year-on-year ratio of 3-period totals (a control chart without a model); false alarms scored on the same history",
                parameters: ["amber": "±\(Int((config.amberChange * 100).rounded())) %", "red": "±\(Int((config.redChange * 100).rounded())) %", "confirmation window": "6 periods"]),
            MethodNote(
                name: "Track record (rolling-origin backtest)", purpose: "how past outlooks fared",
                reference: "Tashman (2000), Int. J. Forecasting 16(4); Brier (1950)",
                parameters: ["origins": "\(config.trackRecordOrigins)", "horizon": "\(config.horizon)", "method": config.forecastMethod.rawValue]),
            MethodNote(
                name: "Route shifts and displacement", purpose: "dated changes of the route composition; displacement around events; emerging profiles",
                reference: "Aitchison (1986) log-ratios; Killick et al. (2012) PELT; counterfactual by seeded simulation; WDQ of Bowers & Johnson (2003) (see RouteShiftAnalysis)",
                parameters: ["seed": "\(config.seed)", "events": "\(config.events.count)"]),
            MethodNote(
                name: "Risk scoring", purpose: "ranking of the routes by threat with uncertainty bands and drivers",
                reference: "default risk model (INFORM-style composite: threat signals min–max normalised and weighted; Monte Carlo over weights and normalisation), see RiskScoring",
                parameters: ["model": "default-risk-model.json", "seed": "\(config.seed)", "band": "5–95 %"]),
            MethodNote(
                name: "Statistical disclosure control", purpose: "no small count is published",
                reference: "primary suppression of cells below a threshold (OECD glossary; Eurostat practice)",
                parameters: ["threshold": "\(config.disclosureThreshold)"]),
        ]
    }
}

extension CountChangeResult {
    var lowerOrNaN: Double { lower }
    var upperOrNaN: Double { upper }
}
