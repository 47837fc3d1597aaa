import ArgumentParser
import StrataAnalysis
import StrataData
import StrataNumerics

/// `strata trend`: trend tests for one series or a panel (``StrataAnalysis/TrendWorkflow``).
struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Trend tests: Mann-Kendall, Hamed-Rao, seasonal Kendall, Sen's slope, count regression, changes.",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route \\
                | strata trend - --period 12

            INPUT is any file 'strata validate' reads ('-' is standard input), e.g. a CSV with header \
            'period,value' or 'series,period,value'; periods are parsed and placed, a period with no \
            row or an empty value is missing. Prints, per series, JSON with these keys (stable):
              series, key, count, period,
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
            series,test,estimate,lower,upper,statistic,p_value,direction. \
            Bounds: --period 2…10000, --lag 1…1000000.
            """
    )

    @Argument(help: "Data file ('-' = standard input), e.g. 'period,value' or 'series,period,value' CSV.")
    var input: String

    @Option(parsing: .unconditional, help: "Observations per year (12 for monthly data); seasons for the seasonal tests. Required.")
    var period: Int

    @Option(parsing: .unconditional, help: "Significance level of the tests.")
    var alpha: Double = 0.05

    @Option(parsing: .unconditional, help: "Confidence level of the intervals.")
    var confidence: Double = 0.95

    @Option(parsing: .unconditional, help: "Hamed-Rao: highest autocorrelation lag examined (default: all).")
    var lag: Int?

    @Option(help: "Output format: json or csv.")
    var format: OutputFormat = .json

    @OptionGroup var console: ConsoleOptions

    static let optionNameMap = ["period": "--period", "alpha": "--alpha", "confidence": "--confidence", "lag": "--lag"]

    var settings: TrendWorkflow.Settings {
        TrendWorkflow.Settings(period: period, alpha: alpha, confidence: confidence, lag: lag)
    }

    func validate() throws {
        do { try settings.validate() } catch let e as SettingsError {
            throw ValidationError(optionNames(e.description, Self.optionNameMap))
        }
    }

    func run() throws {
        try CommandOutput.run { out in
            let panel = try AnalysisFile.load(input)
            let progress = console.reporter(total: panel.seriesCount, unit: "series")
            let result = try TrendWorkflow.analyse(panel, settings: settings) { progress.advance() }
            progress.finish()
            switch format {
            case .json: try CommandOutput.writeJSON(result, to: out)
            case .csv: try Self.writeCSV(result, to: out)
            }
        }
    }

    /// One row per series and test: `series,test,estimate,lower,upper,statistic,p_value,direction`.
    static func writeCSV(_ result: TrendWorkflow.Result, to out: OutputSink) throws {
        try out.write("series,test,estimate,lower,upper,statistic,p_value,direction\n")
        for r in result.series {
            let id = AnalysisInput.label(of: r.key) ?? ""
            func row(_ test: String, _ values: [Double], _ direction: String) throws {
                try out.writeCSVField(id)
                try out.write("," + test)
                for v in values {
                    try out.write(byte: 0x2C)
                    try out.writeNumber(v)
                }
                try out.write(byte: 0x2C)
                try out.writeCSVField(direction)
                try out.write(byte: 0x0A)
            }
            for (name, t) in [("mannKendall", r.mannKendall), ("hamedRao", r.hamedRao), ("seasonalKendall", r.seasonalKendall)] {
                if let t { try row(name, [t.tau, .nan, .nan, t.z, t.pValue], t.direction.rawValue) }
            }
            if let s = r.senSlope { try row("senSlope", [s.slope, s.lower, s.upper, .nan, .nan], "") }
            if let s = r.seasonalSenSlope { try row("seasonalSenSlope", [s, .nan, .nan, .nan, .nan], "") }
            for (name, c) in [("poissonGrowthPerYear", r.poisson), ("negativeBinomialGrowthPerYear", r.negativeBinomial)] {
                if let c { try row(name, [c.growthRatePerYear, c.growthRateLower, c.growthRateUpper, .nan, .nan], "") }
            }
            for (name, c) in [("yearOnYear", r.yearOnYear), ("periodOnPeriod", r.periodOnPeriod)] {
                if let c { try row(name, [c.relativeChange, c.lower, c.upper, .nan, .nan], "") }
            }
        }
    }
}
