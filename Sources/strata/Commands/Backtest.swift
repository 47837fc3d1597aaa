import ArgumentParser
import Foundation
import StrataAnalysis
import StrataNumerics

/// `strata backtest`: rolling-origin accuracy of a forecasting method.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin backtest: how accurate past forecasts would have been.",
        discussion: """
            For each of the last N origins (one step apart, each leaving H values to compare), \
            fits the method on the data up to the origin and forecasts H steps. Prints one CSV row \
            per series with columns \
            'method,origins,failed,smape,mase,coverage80,winkler80,msis80,coverage95,winkler95,msis95' \
            (one coverage/winkler/msis triple per --level, in the order given), with a leading \
            'series' column when the input has one. smape is in percent; mase and msis are scaled \
            by the in-sample seasonal naive MAE at --period; coverage is a fraction (0-1); winkler \
            is the interval score in the data's units. All are means over the origins that could be \
            forecast; 'failed' counts the others.
            """)

    @Argument(help: "Input CSV file.")
    var input: String

    @Option(name: .long, help: "Steps ahead per origin.")
    var horizon: Int

    @Option(name: .long, help: "Number of forecast origins.")
    var origins: Int

    @OptionGroup var options: ForecastOptions

    func validate() throws {
        try ForecastOptions.validate(horizon: horizon)
        guard (1...100_000).contains(origins) else { throw ValidationError("--origins must be between 1 and 100000, got \(origins)") }
        try options.validateCommon()
    }

    func run() throws {
        let input = try ForecastInput(path: self.input, options: options)
        let levels = options.levels
        let h = horizon, n = origins, method = options.method, seed = options.seed
        // One series: parallelise over its origins instead of over the series.
        let single = input.series.count == 1
        let results = try input.fitEach({ values, period -> BacktestResult in
            try RollingOriginBacktest.run(
                values, method: method, horizon: h, origins: n, period: period, levels: levels, seed: seed, parallel: single)
        }, wrap: { BacktestError.invalidParameter(name: "series", detail: $0) })
        let multi = input.hasSeriesColumn
        var header = multi ? ["series"] : []
        header += ["method", "origins", "failed", "smape", "mase"]
        for l in levels { header += ["coverage\(levelLabel(l))", "winkler\(levelLabel(l))", "msis\(levelLabel(l))"] }
        var out = header.joined(separator: ",") + "\n"
        let anyFailed = input.forEachFitted(results) { i, name, r in
            let failures = r.origins.filter { $0.failure != nil }
            for f in failures.prefix(3) {
                StandardError.write("note: \(name): origin \(f.origin) failed: \(f.failure ?? "")")
            }
            var row = multi ? [CSVField.escape(input.series[i].id ?? "")] : []
            row += [method.rawValue, String(r.origins.count), String(failures.count),
                    CSVNumber.format(r.meanSMAPE), CSVNumber.format(r.meanMASE)]
            let cov = r.meanCoverage, wink = r.meanWinkler, msis = r.meanMSIS
            for k in levels.indices { row += [CSVNumber.format(cov[k]), CSVNumber.format(wink[k]), CSVNumber.format(msis[k])] }
            out += row.joined(separator: ",") + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if anyFailed { throw ExitCode.failure }
    }
}
