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

    @Option(name: .long, help: "Seasonal period (default: 12 for monthly labels such as YYYY-MM, 4 for quarterly ones such as YYYY-Qn, otherwise 1).")
    var period: Int?

    @Option(name: .long, help: "Seed of simulated intervals and optimiser restarts.")
    var seed: UInt64 = 42

    var levels: [Double] { level.isEmpty ? [80, 95] : level }

    /// Checks `--horizon` (shared by both commands, declared by each so that it stays next to INPUT in the help).
    static func validate(horizon: Int) throws {
        guard (1...10_000).contains(horizon) else { throw ValidationError("--horizon must be between 1 and 10000, got \(horizon)") }
    }

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

/// The input of `forecast` and `backtest`: the series of INPUT with the
/// seasonal period each is fitted with.
struct ForecastInput {
    var series: [InputSeries]
    var periods: [Int]

    /// Reads INPUT; a bad file is reported as `error: …` on standard error
    /// and the command exits with status 1.
    init(path: String, options: ForecastOptions) throws {
        do { series = try SeriesInput.read(path: path) } catch let e as InputError {
            StandardError.write("error: \(e)")
            throw ExitCode.failure
        }
        periods = series.map { options.period(for: $0) }
    }

    /// Whether output rows start with a `series` column: several series, or one with an identifier.
    var hasSeriesColumn: Bool { series.count > 1 || series.first?.id != nil }

    /// The name of series `i` in messages.
    func name(_ i: Int) -> String { series[i].id ?? "series" }

    /// Fits every series in parallel (one series per core).
    ///
    /// - Parameters:
    ///   - fit: the work for one series' values and period.
    ///   - wrap: turns an error of another type than `E` into an `E`.
    /// - Returns: one result per series, in input order.
    func fitEach<T: Sendable, E: Error & Sendable>(
        _ fit: @Sendable (_ values: [Double], _ period: Int) throws -> T,
        wrap: @Sendable (String) -> E
    ) throws -> [Result<T, E>] {
        let series = series, periods = periods
        return try Parallel.map(series.count) { i -> Result<T, E> in
            do {
                return .success(try fit(series[i].values, periods[i]))
            } catch let e as E {
                return .failure(e)
            } catch {
                return .failure(wrap("\(error)"))
            }
        }
    }

    /// Walks the results in input order: a failed series is reported as
    /// `error: NAME: …` on standard error, a fitted one is handed to `body`.
    /// - Returns: whether any series failed (the command then exits with status 1).
    func forEachFitted<T, E>(
        _ results: [Result<T, E>], _ body: (_ index: Int, _ name: String, _ fitted: T) throws -> Void
    ) rethrows -> Bool {
        var failed = false
        for (i, result) in results.enumerated() {
            switch result {
            case .failure(let e):
                failed = true
                StandardError.write("error: \(name(i)): \(e)")
            case .success(let fitted):
                try body(i, name(i), fitted)
            }
        }
        return failed
    }
}
