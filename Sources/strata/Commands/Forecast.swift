import ArgumentParser
import StrataAnalysis
import StrataData
import StrataReports
import StrataNumerics

extension ForecastMethod: ExpressibleByArgument {}

/// Shared options of `forecast` and `backtest`.
struct ForecastOptions: ParsableArguments {
    @Option(name: .long, help: "Forecasting method: auto (the combination, with fallbacks), ets (automatic ETS by AICc), theta, snaive, naive, naive2, damped or combo.")
    var method: ForecastMethod = .auto

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp("Prediction interval level in percent; repeat for several (default: 80 and 95).", valueName: "level"))
    var level: [Double] = []

    @Option(name: .long, parsing: .unconditional, help: "Seasonal period, 1…1000 (default: 12 for monthly data, 4 for quarterly, otherwise 1).")
    var period: Int?

    @Option(name: .long, parsing: .unconditional, help: "Seed of simulated intervals and optimiser restarts.")
    var seed: UInt64 = 42

    var levels: [Double] { level.isEmpty ? [80, 95] : level }

    static let optionNameMap = ["horizon": "--horizon", "origins": "--origins", "level": "--level", "period": "--period"]

    func settings(horizon: Int) -> ForecastWorkflow.Settings {
        ForecastWorkflow.Settings(horizon: horizon, method: method, levels: levels, period: period, seed: seed)
    }
}

/// Column label of a level: `80` for 80, `99.5` for 99.5.
func levelLabel(_ level: Double) -> String {
    level == level.rounded() && abs(level) < 1e15 ? String(Int(level)) : "\(level)"
}

/// `strata forecast`: point forecasts and prediction intervals (``StrataAnalysis/ForecastWorkflow``).
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast each series with prediction intervals.",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route \\
                | strata forecast - --horizon 12 --plot outlook.html

            INPUT is any file 'strata validate' reads ('-' is standard input), e.g. a 'period,value' \
            or 'series,period,value' CSV; periods are parsed and placed, a period with no row is \
            missing. Prints CSV with header \
            'period,mean,lo80,hi80,lo95,hi95' (one lo/hi pair per --level, in the order given; \
            80 and 95 when none is given); when the series have identifying dimensions a leading \
            'series' column is added and the series are fitted in parallel. Future periods continue \
            the last period (YYYY-MM, YYYY-Qn, YYYY, YYYY-Sn or YYYY-MM-DD). Notes (fallbacks, dropped \
            missing values, clipping of count data at 0) go to standard error. A series that cannot be \
            forecast is reported on standard error (and under "failures" in JSON) and the exit status \
            is 1. --horizon is 1…10000.
            """)

    @Argument(help: "Data file ('-' = standard input).")
    var input: String

    @Option(name: .long, parsing: .unconditional, help: "Steps ahead to forecast (1…10000). Required.")
    var horizon: Int

    @OptionGroup var options: ForecastOptions

    @Option(name: .long, help: "Output format: csv or json (default: csv).")
    var format: OutputFormat = .csv

    @OptionGroup var console: ConsoleOptions

    @OptionGroup var plot: PlotOptions

    func validate() throws {
        do { try options.settings(horizon: horizon).validate() } catch let e as SettingsError {
            throw ValidationError(optionNames(e.description, ForecastOptions.optionNameMap))
        }
    }

    func run() throws {
        var failed = false
        try CommandOutput.run { out in
            let panel = try AnalysisFile.load(input)
            let settings = options.settings(horizon: horizon)
            let progress = console.reporter(total: panel.seriesCount, unit: "series")
            let result = try ForecastWorkflow.forecast(panel, settings: settings) { progress.advance() }
            progress.finish()
            let multi = !panel.dimensions.isEmpty
            var notes = NoteReport(seriesCount: panel.seriesCount)
            for f in result.forecasts {
                let name = AnalysisInput.label(of: f.key) ?? "series"
                for note in f.notes { notes.add(forecastNote: note, series: name) }
            }
            notes.print(verbose: console.verbose, quiet: console.quiet)
            for e in result.failures {
                StandardErrorStream.write("error: \(AnalysisInput.label(of: e.key) ?? "series"): \(e.error)")
            }
            failed = !result.failures.isEmpty
            try plot.write(Self.figures(panel, result), title: "Forecasts")
            switch format {
            case .json: try CommandOutput.writeJSON(result, to: out)
            case .csv: try Self.writeCSV(result, levels: settings.levels, multi: multi, to: out)
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// CSV `[series,]period,mean,lo…,hi…`, one row per series and step.
    static func writeCSV(_ result: ForecastWorkflow.Result, levels: [Double], multi: Bool, to out: OutputSink) throws {
        var header = multi ? ["series", "period", "mean"] : ["period", "mean"]
        for l in levels { header += ["lo\(levelLabel(l))", "hi\(levelLabel(l))"] }
        try out.writeCSVRow(header)
        for f in result.forecasts {
            let label = AnalysisInput.label(of: f.key) ?? ""
            for k in f.mean.indices {
                if multi {
                    try out.writeCSVField(label)
                    try out.write(byte: 0x2C)
                }
                try out.writeCSVField(f.periods[k].description)
                try out.write(byte: 0x2C)
                try out.writeNumber(f.mean[k])
                for pi in f.intervals {
                    try out.write(byte: 0x2C)
                    try out.writeNumber(k < pi.lower.count ? pi.lower[k] : .nan)
                    try out.write(byte: 0x2C)
                    try out.writeNumber(k < pi.upper.count ? pi.upper[k] : .nan)
                }
                try out.write(byte: 0x0A)
            }
        }
    }

    /// One fan chart per forecast series, with its history.
    static func figures(_ panel: Panel, _ result: ForecastWorkflow.Result) -> [AnalysisFigure] {
        var byKey: [SeriesKey: TimeSeries] = [:]
        for s in AnalysisInput.series(of: panel) { byKey[s.key] = s }
        return result.forecasts.compactMap { f in
            guard let history = byKey[f.key] else { return nil }
            return AnalysisPlots.forecast(history, f, title: AnalysisInput.label(of: f.key) ?? "series")
        }
    }
}
