import ArgumentParser
import StrataAnalysis
import StrataData
import StrataReports
import StrataNumerics

extension ChangePointWorkflow.Cost: ExpressibleByArgument {}
extension ChangePointWorkflow.Method: ExpressibleByArgument {}

/// `strata changepoints`: date level changes in one or many series
/// (``StrataAnalysis/ChangePointWorkflow``).
struct ChangePoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Find the change points of one or many series, with the level of each segment.",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route \\
                | strata changepoints - --deseasonalize 12 --plot changes.svg

            INPUT is a 'period,value' or 'series,period,value' CSV (or any file \
            'strata validate' reads; '-' is standard input). Periods are parsed and rows \
            placed by period; a period with no row is missing. Missing values are \
            rejected with an error naming the index and period: fill or drop them first.

            --deseasonalize PERIOD removes a fixed seasonal pattern: with a count cost it \
            enters as a multiplicative offset (expected count = level × seasonal factor, \
            factors averaging 1 over a cycle), so levels are deseasonalised counts. With \
            the default cost the factors, the count model and the change points are \
            estimated together (factors fitted against the segment levels, alternating \
            with the search until the changes are stable); with an explicit count cost \
            the factors come from robust periodic STL of log1p(y). With a Gaussian cost \
            the seasonally adjusted series y − S (robust periodic STL) is segmented.

            --cost recommended (default) is StrataNumerics' \
            ChangePointSearch.Configuration.automatic: for non-negative integer data a count \
            model (negbin when the dispersion index exceeds 1 + 3·sqrt(3/(n-1)), else poisson; \
            with --deseasonalize the dispersion is measured around the seasonal pattern), \
            and for other data a linear-trend cost whose noise variance is an AR(1) \
            long-run variance from the variances of the differences (a few isolated breaks \
            set aside), so autocorrelation, trend and heavy tails are not read as changes, \
            searched on the series winsorised at \
            3 robust SDs from its 5-point running median (a single spike is not a segment; \
            levels are those of the data), with a minimum segment of 3. --cost auto is the earlier rule: the same count models, \
            but normal-mean with a robust (MAD of differences) variance for other data. \
            The output says which cost was used.

            --method pelt (default) is exact (Killick, Fearnhead & Eckley 2012); binseg is \
            binary segmentation; bocpd is Bayesian online detection (Adams & MacKay 2007, \
            hazard 1/100; poisson: Poisson-Gamma prior Gamma(1, 1/mean); negbin: negative \
            binomial with the estimated size r and a Beta(2, mean/r) prior; Gaussian \
            costs: Normal-Gamma prior scaled to the series; --penalty is \
            ignored) and also reports, per observation, the probability of a change in \
            the last 3 periods.

            --penalty mbic (default, as R changepoint) | bic | aic | hannan-quinn | NUMBER. \
            --min-size is at most 1000000, --deseasonalize at most 10000.

            Output (CSV): one row per segment, 'start,end,start_period,end_period,level,\
            lower,upper,ratio_to_previous' (with a leading 'series' column for many \
            series); start/end are 0-based and inclusive; lower/upper a 95% interval. \
            JSON (camelCase keys, as every strata command): {"series", "key", "cost", "method", \
            "penalty", "penaltyValue", "changepoints", "segments": [{"start", "end", \
            "startPeriod", "endPeriod", "level", "lower", "upper", "ratioToPrevious"}]} \
            (bocpd adds "changeProbability" and "changeProbabilityWindow"), or \
            {"series": [{"series": ID, ...}]} for many series. With many series a series that cannot be \
            analysed gets an "error" entry (JSON) or a message on standard error (CSV); \
            the command fails only when every series fails.
            """
    )

    @Argument(help: "A 'period,value' or 'series,period,value' CSV file ('-' = standard input).")
    var input: String

    @Option(help: "Segment cost: recommended (default), auto, normal-mean, normal-meanvar, poisson, negbin or l2.")
    var cost: ChangePointWorkflow.Cost = ChangePointWorkflow.Settings.defaultCost

    @Option(help: "Search method: pelt, binseg or bocpd.")
    var method: ChangePointWorkflow.Method = ChangePointWorkflow.Settings.defaultMethod

    @Option(help: "Penalty per change point: bic, mbic, aic, hannan-quinn or a non-negative number.")
    var penalty: String = ChangePointWorkflow.Settings.defaultPenalty.name

    @Option(name: .customLong("min-size"), parsing: .unconditional,
            help: "Minimum segment length (observations), 1…1000000 (default: 2; with --cost recommended, the recommended configuration's: 3, or 2 below 6 values).")
    var minSize: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Remove a seasonal pattern of this period first (12 for monthly data): a multiplicative offset for count costs, the seasonally adjusted series for Gaussian costs. Default: none.",
        valueName: "period"))
    var deseasonalize: Int?

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @OptionGroup var console: ConsoleOptions

    @OptionGroup var plot: PlotOptions

    static let optionNameMap = ["minimumSegmentLength": "--min-size", "deseasonalize": "--deseasonalize", "penalty": "--penalty"]

    func validate() throws {
        guard let p = ChangePointPenalty(name: penalty) else {
            throw ValidationError("--penalty must be bic, mbic, aic, hannan-quinn or a non-negative number; got '\(penalty)'")
        }
        let settings = ChangePointWorkflow.Settings(
            cost: cost, method: method, penalty: p, minimumSegmentLength: minSize, deseasonalize: deseasonalize)
        do { try settings.validate() } catch let e as SettingsError {
            throw ValidationError(optionNames(e.description, Self.optionNameMap))
        }
    }

    func run() throws {
        try CommandOutput.run { out in
            let panel = try AnalysisFile.load(input)
            let settings = ChangePointWorkflow.Settings(
                cost: cost, method: method, penalty: ChangePointPenalty(name: penalty) ?? .mbic,
                minimumSegmentLength: minSize, deseasonalize: deseasonalize)
            let progress = console.reporter(total: panel.seriesCount, unit: "series")
            let result = try ChangePointWorkflow.detect(panel, settings: settings) { progress.advance() }
            progress.finish()
            let multi = !panel.dimensions.isEmpty
            if !multi, let only = result.series.first, let message = only.error {
                throw CommandFailure(message: message)
            }
            if result.series.allSatisfy({ $0.error != nil }) {
                throw CommandFailure(message: "no series could be analysed:\n" + result.series.map {
                    "  \(AnalysisInput.label(of: $0.key) ?? ""): \($0.error ?? "")"
                }.joined(separator: "\n"))
            }
            for r in result.series {
                if let m = r.error { StandardErrorStream.write("series '\(AnalysisInput.label(of: r.key) ?? "")': \(m)") }
                if r.outcome?.seasonalFitConverged == false {
                    StandardErrorStream.write(
                        "series '\(AnalysisInput.label(of: r.key) ?? "")': note: the seasonal pattern and the change points "
                            + "did not settle (the alternation cycled or reached its bound of "
                            + "\(ChangePointSeasonality.defaultMaximumJointIterations)); the result is its last search's")
                }
            }
            try plot.write(Self.figures(panel, result), title: "Change points")
            switch format {
            case .json:
                if multi {
                    try CommandOutput.writeJSON(result, to: out)
                } else if let only = result.series.first {
                    try CommandOutput.writeJSON(only, to: out)
                }
            case .csv: try Self.writeCSV(result, multi: multi, to: out)
            }
        }
    }

    /// CSV `[series,]start,end,start_period,end_period,level,lower,upper,ratio_to_previous`.
    static func writeCSV(_ result: ChangePointWorkflow.Result, multi: Bool, to out: OutputSink) throws {
        try out.write((multi ? "series," : "") + "start,end,start_period,end_period,level,lower,upper,ratio_to_previous\n")
        for r in result.series {
            guard let o = r.outcome else { continue }
            let label = AnalysisInput.label(of: r.key) ?? ""
            for g in o.segments {
                if multi {
                    try out.writeCSVField(label)
                    try out.write(byte: 0x2C)
                }
                try out.write("\(g.start),\(g.end),")
                try out.writeCSVField(g.startPeriod.description)
                try out.write(byte: 0x2C)
                try out.writeCSVField(g.endPeriod.description)
                for v in [g.level, g.lower ?? .nan, g.upper ?? .nan, g.ratioToPrevious ?? .nan] {
                    try out.write(byte: 0x2C)
                    try out.writeNumber(v)
                }
                try out.write(byte: 0x0A)
            }
        }
    }

    /// One chart per series that could be analysed: the series, its segment levels and intervals.
    static func figures(_ panel: Panel, _ result: ChangePointWorkflow.Result) -> [AnalysisFigure] {
        var byKey: [SeriesKey: TimeSeries] = [:]
        for s in AnalysisInput.series(of: panel) { byKey[s.key] = s }
        return result.series.compactMap { r in
            guard let outcome = r.outcome, let series = byKey[r.key] else { return nil }
            return AnalysisPlots.changePoints(series, outcome, title: AnalysisInput.label(of: r.key) ?? "series")
        }
    }
}
