import ArgumentParser
import Foundation
import StrataNumerics

/// `strata trend`: trend tests for one series or a panel.
struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Trend tests: Mann-Kendall, Hamed-Rao, seasonal Kendall, Sen's slope, count regression, changes.",
        discussion: """
            INPUT is a CSV with header 'period,value' or 'series,period,value' (empty value = missing). \
            Prints, per series, JSON with these keys (stable):
              series, count, period,
              mannKendall, hamedRao, seasonalKendall: {s, variance, z, pValue, tau, count, alpha,
                direction ('increasing'|'decreasing'|'no trend'), varianceCorrection},
              senSlope: {slope (per period), intercept, lower, upper, confidence},
              seasonalSenSlope: slope per cycle (per year for monthly data),
              poisson, negativeBinomial: log-linear count trends with seasonal indicators
                {growthRatePerYear, growthRateLower, growthRateUpper, confidence, slopePerYear,
                 standardError, dispersion, alpha, deviance, pearsonChiSquare, degreesOfFreedom}
                (null when the values are not non-negative integer counts),
              yearOnYear (last 'period' values against the 'period' before) and
              periodOnPeriod (last value against the one before):
                {previous, current, relativeChange, lower, upper, confidence},
              notes: why any of the above is null.
            A test that does not apply (too few values, not counts) is null and explained in notes. \
            With --format csv: one row per series and test, columns \
            series,test,estimate,lower,upper,statistic,p_value,direction.
            """
    )

    @Argument(help: "CSV file with 'period,value' or 'series,period,value'.")
    var input: String

    @Option(help: "Observations per year (12 for monthly data); seasons for the seasonal tests.")
    var period: Int

    @Option(help: "Significance level of the tests.")
    var alpha: Double = 0.05

    @Option(help: "Confidence level of the intervals.")
    var confidence: Double = 0.95

    @Option(help: "Hamed-Rao: highest autocorrelation lag examined (default: all).")
    var lag: Int?

    @Option(help: "Output format: json or csv.")
    var format: OutputFormat = .json

    func validate() throws {
        guard period >= 2 else { throw ValidationError("--period must be at least 2, got \(period)") }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be in (0, 1), got \(alpha)") }
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence must be in (0, 1), got \(confidence)")
        }
        if let lag, lag < 1 { throw ValidationError("--lag must be at least 1, got \(lag)") }
    }

    struct Report {
        var id: String?
        var count: Int
        var mannKendall: MannKendallResult
        var hamedRao: MannKendallResult?
        var seasonalKendall: MannKendallResult?
        var senSlope: SenSlopeResult?
        var seasonalSenSlope: Double?
        var poisson: CountTrendResult?
        var negativeBinomial: CountTrendResult?
        var yearOnYear: CountChangeResult?
        var periodOnPeriod: CountChangeResult?
        var notes: [String]
    }

    func run() throws {
        let allSeries = try SeriesInput.read(path: input)
        var reports: [Report] = []
        for s in allSeries {
            let name = s.id.map { "series '\($0)': " } ?? ""
            let observed = s.values.filter { !$0.isNaN }
            guard !observed.isEmpty else { throw CommandFailure(message: "\(name)every value is missing") }
            let mk: MannKendallResult
            do {
                mk = try TrendTest.mannKendall(s.values, alpha: alpha)
            } catch {
                throw CommandFailure(message: "\(name)\(error)")
            }
            var notes: [String] = []
            func attempt<T>(_ label: String, _ body: () throws -> T) -> T? {
                do { return try body() } catch {
                    notes.append("\(label): \(error)")
                    return nil
                }
            }
            let isCounts = observed.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
            let seasonal = period <= s.values.count / 2 ? period : nil
            var poisson: CountTrendResult?
            var nb: CountTrendResult?
            var yoy: CountChangeResult?
            var pop: CountChangeResult?
            if isCounts {
                poisson = attempt("poisson") {
                    try CountTrend.fit(s.values, periodsPerYear: period, seasonalPeriod: seasonal, confidence: confidence)
                }
                nb = attempt("negativeBinomial") {
                    try CountTrend.fit(
                        s.values, periodsPerYear: period, family: .negativeBinomial(alpha: nil),
                        seasonalPeriod: seasonal, confidence: confidence)
                }
                yoy = attempt("yearOnYear") { try CountChange.lastBlocks(s.values, window: period, confidence: confidence) }
                pop = attempt("periodOnPeriod") { try CountChange.lastBlocks(s.values, window: 1, confidence: confidence) }
            } else {
                notes.append("poisson, negativeBinomial, yearOnYear, periodOnPeriod: values are not non-negative integer counts")
            }
            reports.append(Report(
                id: s.id, count: observed.count, mannKendall: mk,
                hamedRao: attempt("hamedRao") { try TrendTest.hamedRao(s.values, alpha: alpha, lag: lag) },
                seasonalKendall: attempt("seasonalKendall") { try TrendTest.seasonalKendall(s.values, period: period, alpha: alpha) },
                senSlope: attempt("senSlope") { try TrendTest.senSlope(s.values, confidence: confidence) },
                seasonalSenSlope: attempt("seasonalSenSlope") { try TrendTest.seasonalSenSlope(s.values, period: period) },
                poisson: poisson, negativeBinomial: nb, yearOnYear: yoy, periodOnPeriod: pop, notes: notes))
        }
        let text: String
        switch format {
        case .json: text = json(reports) + "\n"
        case .csv: text = csv(reports)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func testJSON(_ r: MannKendallResult?) -> String {
        guard let r else { return "null" }
        return DecompositionJSON.object([
            ("s", DecompositionJSON.number(r.s)), ("variance", DecompositionJSON.number(r.variance)), ("z", DecompositionJSON.number(r.z)),
            ("pValue", DecompositionJSON.number(r.pValue)), ("tau", DecompositionJSON.number(r.tau)), ("count", "\(r.count)"),
            ("alpha", DecompositionJSON.number(r.alpha)), ("direction", DecompositionJSON.string(r.direction.rawValue)),
            ("varianceCorrection", DecompositionJSON.number(r.varianceCorrection)),
        ])
    }

    func countJSON(_ r: CountTrendResult?) -> String {
        guard let r else { return "null" }
        return DecompositionJSON.object([
            ("growthRatePerYear", DecompositionJSON.number(r.growthRatePerYear)),
            ("growthRateLower", DecompositionJSON.number(r.growthRateLower)),
            ("growthRateUpper", DecompositionJSON.number(r.growthRateUpper)),
            ("confidence", DecompositionJSON.number(r.confidence)),
            ("slopePerYear", DecompositionJSON.number(r.coefficients[1])),
            ("standardError", DecompositionJSON.number(r.standardErrors[1])),
            ("dispersion", DecompositionJSON.number(r.dispersion)),
            ("alpha", r.alpha.map(DecompositionJSON.number) ?? "null"),
            ("deviance", DecompositionJSON.number(r.deviance)),
            ("pearsonChiSquare", DecompositionJSON.number(r.pearsonChiSquare)),
            ("degreesOfFreedom", "\(r.degreesOfFreedom)"),
        ])
    }

    func changeJSON(_ r: CountChangeResult?) -> String {
        guard let r else { return "null" }
        return DecompositionJSON.object([
            ("previous", DecompositionJSON.number(r.previous)), ("current", DecompositionJSON.number(r.current)),
            ("relativeChange", DecompositionJSON.number(r.relativeChange)), ("lower", DecompositionJSON.number(r.lower)),
            ("upper", DecompositionJSON.number(r.upper)), ("confidence", DecompositionJSON.number(r.confidence)),
        ])
    }

    func json(_ reports: [Report]) -> String {
        let items = reports.map { r in
            DecompositionJSON.object([
                ("series", r.id.map(DecompositionJSON.string) ?? "null"),
                ("count", "\(r.count)"),
                ("period", "\(period)"),
                ("mannKendall", testJSON(r.mannKendall)),
                ("hamedRao", testJSON(r.hamedRao)),
                ("seasonalKendall", testJSON(r.seasonalKendall)),
                ("senSlope", r.senSlope.map { s in
                    DecompositionJSON.object([
                        ("slope", DecompositionJSON.number(s.slope)), ("intercept", DecompositionJSON.number(s.intercept)),
                        ("lower", DecompositionJSON.number(s.lower)), ("upper", DecompositionJSON.number(s.upper)),
                        ("confidence", DecompositionJSON.number(s.confidence)),
                    ])
                } ?? "null"),
                ("seasonalSenSlope", r.seasonalSenSlope.map(DecompositionJSON.number) ?? "null"),
                ("poisson", countJSON(r.poisson)),
                ("negativeBinomial", countJSON(r.negativeBinomial)),
                ("yearOnYear", changeJSON(r.yearOnYear)),
                ("periodOnPeriod", changeJSON(r.periodOnPeriod)),
                ("notes", DecompositionJSON.array(r.notes.map(DecompositionJSON.string))),
            ])
        }
        return DecompositionJSON.object([("series", DecompositionJSON.array(items))])
    }

    func csv(_ reports: [Report]) -> String {
        var out = "series,test,estimate,lower,upper,statistic,p_value,direction\n"
        func row(_ id: String?, _ test: String, _ values: [Double], _ direction: String) {
            out += CSVField.escape(id ?? "") + "," + test + ","
                + values.map(CSVNumber.format).joined(separator: ",") + "," + direction + "\n"
        }
        for r in reports {
            for (name, t) in [("mannKendall", r.mannKendall), ("hamedRao", r.hamedRao), ("seasonalKendall", r.seasonalKendall)] {
                if let t { row(r.id, name, [t.tau, .nan, .nan, t.z, t.pValue], t.direction.rawValue) }
            }
            if let s = r.senSlope { row(r.id, "senSlope", [s.slope, s.lower, s.upper, .nan, .nan], "") }
            if let s = r.seasonalSenSlope { row(r.id, "seasonalSenSlope", [s, .nan, .nan, .nan, .nan], "") }
            for (name, c) in [("poissonGrowthPerYear", r.poisson), ("negativeBinomialGrowthPerYear", r.negativeBinomial)] {
                if let c {
                    row(r.id, name, [c.growthRatePerYear, c.growthRateLower, c.growthRateUpper, .nan, .nan], "")
                }
            }
            for (name, c) in [("yearOnYear", r.yearOnYear), ("periodOnPeriod", r.periodOnPeriod)] {
                if let c { row(r.id, name, [c.relativeChange, c.lower, c.upper, .nan, .nan], "") }
            }
        }
        return out
    }
}
