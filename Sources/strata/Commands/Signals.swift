import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics

/// `strata signals DATA [--reporter CODE] [--by DIM] [--format csv|json]`.
struct Signals: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Threat signals per route, border section or profile, as an INDICATORS table for `strata score`.",
        discussion: """
            Example (bundled data, from the repository root):
              strata signals datasets/synthetic_detections_monthly.csv --by route

            Reads a data file (any layout `strata validate` reads; '-' = standard input), sums it by --by \
            (default: every series is a unit) and derives, per unit, with p periods per year (12 monthly) \
            and S0, S1, S2 the totals of the last, previous and before-previous p periods: \
            recent_volume (S0), growth (growth rate per year of a negative-binomial log-linear trend with \
            seasonal indicators over the last 3p periods), acceleration (ln((S0+.5)/(S1+.5)) - ln((S1+.5)/(S2+.5))), \
            volatility (sd of ln((y_t+.5)/(y_t-p+.5)) over the last 3p periods), years_since_change (since the \
            last change point, found as changepoints --deseasonalize p finds them; the series length in years when there is none), \
            change_size (ln of the last segment level over the previous; 0 without a change), share_gained \
            (share of the units' total in the last p periods minus the previous p, as a fraction), \
            outlook_growth (ln((F+.5)/(S0+.5)), F the next p forecast means, --method). \
            CSV: unit,recent_volume,growth,acceleration,volatility,years_since_change,change_size,share_gained,outlook_growth \
            (empty = not computable; the reason is on standard error). Add vulnerability and impact columns \
            (0-10) in a spreadsheet, then: strata signals DATA --by route | strata score - --model datasets/models/default-risk-model.json
            """)

    @Argument(help: "The data file ('-' for standard input).")
    var data: String

    @Option(help: "Keep only this reporting country (a code of --reporter-dimension). Default: every reporter, summed.")
    var reporter: String?

    @Option(name: .customLong("reporter-dimension"), help: "The dimension that holds the reporting country.")
    var reporterDimension: String = "reporter"

    @Option(help: "Dimensions that define a unit, comma-separated (e.g. route); the others are summed over. Default: every dimension (one unit per series).")
    var by: String?

    @Option(help: "Outlook method: auto, ets, theta, snaive, naive or combo.")
    var method: ForecastMethod = .auto

    @Option(help: "Seed of the forecasts.")
    var seed: UInt64 = 42

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @OptionGroup var input: DataInputOptions

    func run() throws {
        try CommandOutput.run { out in
            let result = try input.load(data)
            let name = data == "-" ? "<stdin>" : data
            input.noteReadProblems(result, file: data)
            let dims = (by ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let signals: ThreatSignalTable
            do {
                signals = try ThreatSignals.compute(
                    result.panel,
                    options: ThreatSignalOptions(by: dims, reporter: reporter, reporterDimension: reporterDimension,
                                                 forecastMethod: method, seed: seed))
            } catch let error as ThreatSignalError {
                throw CommandFailure(message: "\(name): \(error.description)")
            }
            for note in signals.notes { StandardErrorStream.write("note: \(note)") }
            switch format {
            case .csv: try IndicatorsCSV.write(signals.table, to: out)
            case .json: try CommandOutput.writeJSON(SignalsJSON(signals), to: out)
            }
        }
    }

    /// The JSON shape of `strata signals --format json`.
    struct SignalsJSON: Encodable {
        struct Row: Encodable {
            var unit: String
            var signals: [String: Double]
        }
        var columns: [String]
        var lastPeriod: String?
        var periodsPerYear: Int
        var units: [Row]
        var notes: [String]

        init(_ s: ThreatSignalTable) {
            columns = s.table.indicators
            lastPeriod = s.lastPeriod
            periodsPerYear = s.periodsPerYear
            notes = s.notes
            units = s.table.units.enumerated().map { i, unit in
                var values: [String: Double] = [:]
                for (j, c) in s.table.indicators.enumerated() { values[c] = s.table.values[i, j] }
                return Row(unit: unit, signals: values)
            }
        }
    }
}
