import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData

extension Frequency: ExpressibleByArgument {}

/// `strata aggregate DATA --by DIM[,DIM…] [--frequency …] [--where DIM=CODE]… [--format csv|json]`.
struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sum a data file over dimensions and to a lower frequency.",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route --frequency annual

            Prints CSV with header DIM…,period,value (one row per group and period; an empty \
            value is missing). A total code (Total, _T) is never summed with its parts. A sum \
            is missing when any input is missing (a year with a missing month is missing) \
            unless --allow-incomplete. Problems found while reading are summarised on \
            standard error (see `strata validate`).
            """)

    @Argument(help: "The data file.")
    var data: String

    @Option(help: "Dimensions to keep, comma-separated (the others are summed over). Default: none, the grand total.")
    var by: String

    @Option(help: "Target frequency: monthly, quarterly, semiannual or annual (default: the file's).")
    var frequency: Frequency?

    @Option(name: .customLong("where"), parsing: .singleValue, help: ArgumentHelp("Keep only DIM=CODE (repeatable). Default: every code.", valueName: "DIM=CODE"))
    var filters: [String] = []

    @Flag(name: .customLong("allow-incomplete"), help: "Sum the inputs present; missing only when all are missing. Default: off (a sum with a missing input is missing).")
    var allowIncomplete = false

    @Flag(help: "Print each group's share of the sum over all groups in each period (0…1) instead of its sum; a Total group gets no share. Default: off.")
    var share = false

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @OptionGroup var input: DataInputOptions

    func run() throws {
        let by = self.by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var whereCodes: [String: Set<String>] = [:]
        for f in filters {
            guard let eq = f.firstIndex(of: "=") else { throw ValidationError("--where expects DIM=CODE, got '\(f)'") }
            whereCodes[String(f[..<eq]), default: []].insert(String(f[f.index(after: eq)...]))
        }
        try CommandOutput.run { out in
            let result = try input.load(data)
            let report = result.report
            // A file that could not be read at all: say why, not "no dimension 'route'".
            if result.panel.seriesCount == 0 {
                let shown = report.entries.filter { $0.severity == .error }.prefix(AnalysisInput.quotedErrorLimit).map(\.description)
                throw CommandFailure(message: shown.isEmpty
                    ? "\(data): the file holds no observations"
                    : "\(data): the file could not be read (\(report.errorCount) error(s)):\n  " + shown.joined(separator: "\n  "))
            }
            input.noteReadProblems(result, file: data)
            let aggregated: AggregationResult
            do {
                aggregated = try Aggregation.sum(result.panel, by: by, where: whereCodes, to: frequency,
                                                 completeness: allowIncomplete ? .allowIncomplete : .requireAll)
            } catch let error as AggregationError {
                if case .overflow = error { throw CommandFailure(message: error.description) }
                throw ValidationError(error.description)
            }
            if aggregated.partsReplacedByTotals > 0 {
                StandardErrorStream.write("note: \(aggregated.partsReplacedByTotals) series replaced by their published total (never summed with it)")
            }
            let absent = aggregated.missingBecauseAbsent
            if absent > 0, !input.absentIsZero {
                StandardErrorStream.write("note: \(absent) output value(s) missing because rows are absent from the file; if the file omits zero cells, read it with --absent-is-zero (--allow-incomplete sums what is present)")
            } else if aggregated.incompleteCells > 0 {
                StandardErrorStream.write("note: \(aggregated.incompleteCells) output value(s) missing because an input was missing (use --allow-incomplete to sum what is present)")
            }
            let panel = share ? Aggregation.shares(aggregated.panel) : aggregated.panel
            switch format {
            case .csv: try Self.writeCSV(panel, to: out)
            case .json: try Self.writeJSON(panel, to: out)
            }
        }
    }

    /// CSV `DIM…,period,value`, one row per series and period (streamed).
    static func writeCSV(_ panel: Panel, to out: OutputSink) throws {
        try out.writeCSVRow(panel.dimensions + ["period", "value"])
        let labels = panel.periods.map(\.description)
        for s in 0..<panel.seriesCount {
            let key = try panel.key(ofSeries: s)
            for (t, p) in labels.enumerated() {
                for c in key.components {
                    try out.writeCSVField(c.code)
                    try out.write(byte: 0x2C)
                }
                try out.write(p)
                try out.write(byte: 0x2C)
                try out.writeNumber(panel.values[s * panel.periodCount + t])
                try out.write(byte: 0x0A)
            }
        }
    }

    /// JSON: an array of `{DIM: CODE, …, "period", "value"}` rows (value `null` when missing), one series at a time.
    static func writeJSON(_ panel: Panel, to out: OutputSink) throws {
        try out.write(byte: 0x5B)
        var first = true
        let labels = panel.periods.map(\.description)
        for s in 0..<panel.seriesCount {
            let key = try panel.key(ofSeries: s)
            var rows: [[String: JSONValue]] = []
            rows.reserveCapacity(labels.count)
            for (t, p) in labels.enumerated() {
                var row: [String: JSONValue] = [:]
                for c in key.components { row[c.dimension] = .string(c.code) }
                row["period"] = .string(p)
                let v = panel.values[s * panel.periodCount + t]
                row["value"] = v.isFinite ? .number(v) : .null
                rows.append(row)
            }
            let encoded = try StrataJSON.encode(rows).data
            guard encoded.count > 2 else { continue }
            if !first { try out.write(byte: 0x2C) }
            first = false
            try out.write(bytes: encoded.dropFirst().dropLast())
        }
        try out.write("]\n")
    }
}

/// A JSON scalar for row output.
enum JSONValue: Encodable {
    case string(String), number(Double), null
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let x): try c.encode(x)
        case .null: try c.encodeNil()
        }
    }
}
