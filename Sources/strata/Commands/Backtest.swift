import ArgumentParser
import StrataAnalysis
import StrataData
import StrataReports
import StrataNumerics

/// `strata backtest`: rolling-origin accuracy of a forecasting method (``StrataAnalysis/BacktestWorkflow``).
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin backtest: how accurate past forecasts would have been.",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route \\
                | strata backtest - --horizon 12 --origins 12

            For each of the last N origins (one step apart, each leaving H values to compare), \
            fits the method on the data up to the origin and forecasts H steps. Prints one CSV row \
            per series with columns \
            'method,origins,failed,smape,mase,coverage80,winkler80,msis80,coverage95,winkler95,msis95' \
            (one coverage/winkler/msis triple per --level, in the order given), with a leading \
            'series' column when the series have identifying dimensions. smape is in percent; mase and msis are scaled \
            by the in-sample seasonal naive MAE at --period; coverage is a fraction (0-1); winkler \
            is the interval score in the data's units. All are means over the origins that could be \
            forecast; 'failed' counts the others. INPUT is read as by 'strata forecast'. \
            --horizon is 1…10000, --origins 1…100000.
            """)

    @Argument(help: "Data file ('-' = standard input).")
    var input: String

    @Option(name: .long, parsing: .unconditional, help: "Steps ahead per origin (1…10000). Required.")
    var horizon: Int

    @Option(name: .long, parsing: .unconditional, help: "Number of forecast origins (1…100000). Required.")
    var origins: Int

    @OptionGroup var options: ForecastOptions

    @OptionGroup var console: ConsoleOptions

    @OptionGroup var plot: PlotOptions

    var settings: BacktestWorkflow.Settings {
        BacktestWorkflow.Settings(horizon: horizon, origins: origins, method: options.method, levels: options.levels,
                                  period: options.period, seed: options.seed)
    }

    func validate() throws {
        do { try settings.validate() } catch let e as SettingsError {
            throw ValidationError(optionNames(e.description, ForecastOptions.optionNameMap))
        }
    }

    func run() throws {
        var failed = false
        try CommandOutput.run { out in
            let panel = try AnalysisFile.load(input)
            let settings = self.settings
            let progress = console.reporter(total: panel.seriesCount, unit: "series")
            let result = try BacktestWorkflow.backtest(panel, settings: settings) { progress.advance() }
            progress.finish()
            try plot.write(result.series.map {
                AnalysisPlots.backtest($0, title: AnalysisInput.label(of: $0.key) ?? "series")
            }, title: "Backtest: error by horizon")
            var notes = NoteReport(seriesCount: panel.seriesCount)
            let multi = !panel.dimensions.isEmpty
            var header = multi ? ["series"] : []
            header += ["method", "origins", "failed", "smape", "mase"]
            for l in settings.forecast.levels {
                header += ["coverage\(levelLabel(l))", "winkler\(levelLabel(l))", "msis\(levelLabel(l))"]
            }
            try out.writeCSVRow(header)
            for s in result.series {
                let name = AnalysisInput.label(of: s.key) ?? "series"
                let r = s.backtest
                for f in r.origins where f.failure != nil {
                    notes.material(series: name, "origin \(f.origin) failed: \(f.failure ?? "")")
                }
                if multi {
                    try out.writeCSVField(AnalysisInput.label(of: s.key) ?? "")
                    try out.write(byte: 0x2C)
                }
                try out.write("\(s.method.rawValue),\(r.origins.count),\(s.failedOrigins)")
                var numbers = [r.meanSMAPE, r.meanMASE]
                let cov = r.meanCoverage, wink = r.meanWinkler, msis = r.meanMSIS
                for k in settings.forecast.levels.indices { numbers += [cov[k], wink[k], msis[k]] }
                for v in numbers {
                    try out.write(byte: 0x2C)
                    try out.writeNumber(v)
                }
                try out.write(byte: 0x0A)
            }
            notes.print(verbose: console.verbose, quiet: console.quiet)
            for e in result.failures {
                StandardErrorStream.write("error: \(AnalysisInput.label(of: e.key) ?? "series"): \(e.error)")
            }
            failed = !result.failures.isEmpty
        }
        if failed { throw ExitCode.failure }
    }
}
