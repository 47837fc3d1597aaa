import ArgumentParser
import Foundation
import StrataNumerics

/// `strata forecast`: point forecasts and prediction intervals.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast each series with prediction intervals.",
        discussion: """
            INPUT is a 'period,value' or 'series,period,value' CSV. Prints CSV with header \
            'period,mean,lo80,hi80,lo95,hi95' (one lo/hi pair per --level, in the order given; \
            80 and 95 when none is given); with several series a leading 'series' column is added \
            and the series are fitted in parallel. Future period labels continue the last input label \
            when it is a period the data layer reads (YYYY-MM, YYYY-Qn, YYYY, 2016-M03, Mar-2016, \
            2016-S1, 2016-03-15, ...), printed as YYYY-MM, YYYY-Qn, YYYY, YYYY-Sn or YYYY-MM-DD; \
            other labels continue as +1, +2, ... Notes (fallbacks, dropped missing \
            values, clipping of count data at 0) go to standard error. A series that cannot be \
            forecast is reported on standard error and the exit status is 1.
            """)

    @Argument(help: "Input CSV file.")
    var input: String

    @Option(name: .long, help: "Steps ahead to forecast.")
    var horizon: Int

    @OptionGroup var options: ForecastOptions

    @Option(name: .long, help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    func validate() throws {
        try ForecastOptions.validate(horizon: horizon)
        try options.validateCommon()
    }

    func run() throws {
        let input = try ForecastInput(path: self.input, options: options)
        let levels = options.levels
        let h = horizon, method = options.method, seed = options.seed
        let results = try input.fitEach({ values, period -> Forecast in
            try Forecaster.forecast(values, method: method, horizon: h, period: period, levels: levels, seed: seed)
        }, wrap: { ForecastError.invalidParameter(name: "series", detail: $0) })
        let multi = input.hasSeriesColumn
        var out = ""
        var json: [ForecastJSON] = []
        if format == .csv {
            var header = multi ? ["series", "period", "mean"] : ["period", "mean"]
            for l in levels { header += ["lo\(levelLabel(l))", "hi\(levelLabel(l))"] }
            out = header.joined(separator: ",") + "\n"
        }
        let failed = input.forEachFitted(results) { i, name, f in
            let s = input.series[i]
            for note in f.notes { StandardError.write("note: \(name): \(note)") }
            let labels = PeriodLabels.following(s.periods.last, count: h)
            if format == .csv {
                for k in 0..<h {
                    var row: [String] = multi ? [CSVField.escape(s.id ?? ""), labels[k]] : [labels[k]]
                    row.append(CSVNumber.format(f.mean[k]))
                    for pi in f.intervals { row += [CSVNumber.format(pi.lower[k]), CSVNumber.format(pi.upper[k])] }
                    out += row.joined(separator: ",") + "\n"
                }
            } else {
                json.append(ForecastJSON(series: s.id, method: f.method, periods: labels, mean: f.mean,
                                         intervals: f.intervals.map { .init(level: $0.level, lower: $0.lower, upper: $0.upper) },
                                         notes: f.notes))
            }
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            out = String(decoding: try encoder.encode(["forecasts": json]), as: UTF8.self) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if failed { throw ExitCode.failure }
    }
}

/// JSON shape of one series' forecast: keys `series`, `method`, `periods`, `mean`, `intervals` (`level`, `lower`, `upper`), `notes`.
struct ForecastJSON: Encodable {
    struct Interval: Encodable {
        var level: Double
        var lower: [Double]
        var upper: [Double]
    }
    var series: String?
    var method: String
    var periods: [String]
    var mean: [Double]
    var intervals: [Interval]
    var notes: [String]
}
