import ArgumentParser
import Foundation
import StrataData

extension Frequency: ExpressibleByArgument {}

/// `strata aggregate DATA --by DIM[,DIM…] [--frequency …] [--where DIM=CODE]… [--format csv|json]`.
struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sum a data file over dimensions and to a lower frequency.",
        discussion: """
            Prints CSV with header DIM…,period,value (one row per group and period; an empty \
            value is missing). A total code (Total, _T) is never summed with its parts. A sum \
            is missing when any input is missing (a year with a missing month is missing) \
            unless --allow-incomplete. Problems found while reading are summarised on \
            standard error (see `strata validate`).
            """)

    @Argument(help: "The data file.")
    var data: String

    @Option(help: "Dimensions to keep, comma-separated (the others are summed over).")
    var by: String

    @Option(help: "Target frequency: monthly, quarterly, semiannual or annual (default: the file's).")
    var frequency: Frequency?

    @Option(name: .customLong("where"), parsing: .singleValue, help: ArgumentHelp("Keep only DIM=CODE (repeatable).", valueName: "DIM=CODE"))
    var filters: [String] = []

    @Flag(name: .customLong("allow-incomplete"), help: "Sum the inputs present; missing only when all are missing.")
    var allowIncomplete = false

    @Flag(help: "Print each group's share of the sum over all groups in each period (0…1) instead of its sum; a Total group gets no share.")
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
        let result = try input.load(data)
        let report = result.report
        if report.errorCount + report.warningCount > 0 {
            StandardError.write("note: \(report.errorCount) error(s), \(report.warningCount) warning(s) while reading \(data); run `strata validate` for details")
        }
        if report.counts.filledAbsent > 0 {
            StandardError.write("note: \(report.counts.filledAbsent) absent cell(s) filled with 0 (--absent-is-zero)")
        }
        let aggregated: AggregationResult
        do {
            aggregated = try Aggregation.sum(result.panel, by: by, where: whereCodes, to: frequency,
                                             completeness: allowIncomplete ? .allowIncomplete : .requireAll)
        } catch let error as AggregationError {
            throw ValidationError(error.description)
        }
        if aggregated.partsReplacedByTotals > 0 {
            StandardError.write("note: \(aggregated.partsReplacedByTotals) series replaced by their published total (never summed with it)")
        }
        if aggregated.incompleteCells > 0 {
            StandardError.write("note: \(aggregated.incompleteCells) output value(s) missing because an input was missing (use --allow-incomplete to sum what is present)")
        }
        let panel = share ? Aggregation.shares(aggregated.panel) : aggregated.panel
        let periods = panel.periods
        let names = panel.dimensions
        switch format {
        case .csv:
            var out = (names.map(CSVField.escape) + ["period", "value"]).joined(separator: ",") + "\n"
            for s in 0..<panel.seriesCount {
                let key = try panel.key(ofSeries: s)
                let prefix = key.components.map { CSVField.escape($0.code) }
                for (t, p) in periods.enumerated() {
                    out += (prefix + [p.description, CSVNumber.format(panel.values[s * panel.periodCount + t])]).joined(separator: ",") + "\n"
                }
            }
            print(out, terminator: "")
        case .json:
            var rows: [[String: JSONValue]] = []
            for s in 0..<panel.seriesCount {
                let key = try panel.key(ofSeries: s)
                for (t, p) in periods.enumerated() {
                    var row: [String: JSONValue] = [:]
                    for c in key.components { row[c.dimension] = .string(c.code) }
                    row["period"] = .string(p.description)
                    let v = panel.values[s * panel.periodCount + t]
                    row["value"] = v.isNaN ? .null : .number(v)
                    rows.append(row)
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        }
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
