import ArgumentParser
import Foundation
import StrataNumerics

extension ForecastMethod: ExpressibleByArgument {}

/// Shared options of `forecast` and `backtest`.
struct ForecastOptions: ParsableArguments {
    @Option(name: .long, help: "Forecasting method: auto (the combination, with fallbacks), ets (automatic ETS by AICc), theta, snaive, naive, naive2, damped or combo.")
    var method: ForecastMethod = .auto

    @Option(name: .long, help: ArgumentHelp("Prediction interval level in percent; repeat for several (default: 80 and 95).", valueName: "level"))
    var level: [Double] = []

    @Option(name: .long, help: "Seasonal period (default: 12 for YYYY-MM labels, 4 for YYYY-Qn, otherwise 1).")
    var period: Int?

    @Option(name: .long, help: "Seed of simulated intervals and optimiser restarts.")
    var seed: UInt64 = 42

    var levels: [Double] { level.isEmpty ? [80, 95] : level }

    func validateCommon() throws {
        for l in level where !(l > 0 && l < 100) {
            throw ValidationError("--level must be strictly between 0 and 100, got \(l)")
        }
        if let period, !(1...1000).contains(period) {
            throw ValidationError("--period must be between 1 and 1000, got \(period)")
        }
    }

    func period(for series: InputSeries) -> Int { period ?? PeriodLabels.inferredPeriod(series.periods.last) }
}

/// Column label of a level: `80` for 80, `99.5` for 99.5.
func levelLabel(_ level: Double) -> String {
    level == level.rounded() ? String(Int(level)) : "\(level)"
}

/// `strata forecast`: point forecasts and prediction intervals.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast each series with prediction intervals.",
        discussion: """
            INPUT is a 'period,value' or 'series,period,value' CSV. Prints CSV with header \
            'period,mean,lo80,hi80,lo95,hi95' (one lo/hi pair per --level, in the order given; \
            80 and 95 when none is given); with several series a leading 'series' column is added \
            and the series are fitted in parallel. Future period labels continue YYYY-MM, YYYY-Qn \
            and YYYY labels (others continue as +1, +2, ...). Notes (fallbacks, dropped missing \
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
        guard (1...10_000).contains(horizon) else { throw ValidationError("--horizon must be between 1 and 10000, got \(horizon)") }
        try options.validateCommon()
    }

    func run() throws {
        let series: [InputSeries]
        do { series = try SeriesInput.read(path: input) } catch let e as InputError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode.failure
        }
        let levels = options.levels
        let h = horizon, method = options.method, seed = options.seed
        let periods = series.map { options.period(for: $0) }
        let results = try Parallel.map(series.count) { i -> Result<Forecast, ForecastError> in
            do {
                return .success(try Forecaster.forecast(series[i].values, method: method, horizon: h, period: periods[i],
                                                        levels: levels, seed: seed))
            } catch let e as ForecastError {
                return .failure(e)
            } catch {
                return .failure(.invalidParameter(name: "series", detail: "\(error)"))
            }
        }
        let multi = series.count > 1 || series.first?.id != nil
        var failed = false
        var out = ""
        var json: [ForecastJSON] = []
        if format == .csv {
            var header = multi ? ["series", "period", "mean"] : ["period", "mean"]
            for l in levels { header += ["lo\(levelLabel(l))", "hi\(levelLabel(l))"] }
            out = header.joined(separator: ",") + "\n"
        }
        for (i, s) in series.enumerated() {
            let name = s.id ?? "series"
            switch results[i] {
            case .failure(let e):
                failed = true
                FileHandle.standardError.write(Data("error: \(name): \(e)\n".utf8))
            case .success(let f):
                for note in f.notes { FileHandle.standardError.write(Data("note: \(name): \(note)\n".utf8)) }
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
