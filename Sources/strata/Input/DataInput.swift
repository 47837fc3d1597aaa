import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData

extension DataFormat: ExpressibleByArgument {}

/// Options shared by every command that reads a data file (long CSV,
/// SDMX-CSV, wide CSV, `.xlsx`) into a panel.
///
/// Use as `@OptionGroup var input: DataInputOptions` and call
/// ``load(_:formatOverride:)``.
struct DataInputOptions: ParsableArguments {
    @Option(name: .customLong("input-format"),
            help: "Input layout: long, sdmx, wide or xlsx (default: detected from the file).")
    var inputFormat: DataFormat?

    @Option(name: .customLong("column"), parsing: .singleValue,
            help: ArgumentHelp(
                "Column role: period=NAME, value=NAME (repeatable for several value columns), flag=NAME, vintage=NAME, dimension=NAME (repeatable; only these are dimensions) or ignore=NAME. Default: roles found by column name (period/date/month…, value/count…; every other column is a dimension).",
                valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "Worksheet of an .xlsx file (default: the first).")
    var sheet: String?

    @Option(help: "CSV delimiter: ',', ';' or 'tab' (default: detected from the header).")
    var delimiter: String?

    @Flag(name: .customLong("absent-is-zero"),
          help: "The file omits zero cells: fill cells with no row with 0 (reported). Default: off, an absent row is missing.")
    var absentIsZero = false

    @Flag(name: .customLong("not-counts"), help: "Values are not counts: accept negative and fractional values. Default: off (counts).")
    var notCounts = false

    @Flag(name: .customLong("sum-duplicates"),
          help: "Sum rows with the same key and period (incident-level files) instead of reporting them. Default: off (reported).")
    var sumDuplicates = false

    /// The read options these arguments describe.
    func readOptions(formatOverride: DataFormat? = nil) throws -> ReadOptions {
        var mapping = ColumnMapping()
        var dimensions: [String] = []
        for spec in columns {
            guard let eq = spec.firstIndex(of: "=") else {
                throw ValidationError("--column expects ROLE=NAME (e.g. period=month), got '\(spec)'")
            }
            let role = spec[..<eq].lowercased()
            let name = String(spec[spec.index(after: eq)...])
            guard !name.isEmpty else { throw ValidationError("--column \(role)= needs a column name") }
            switch role {
            case "period": mapping.period = name
            case "value": mapping.values.append(name)
            case "flag": mapping.flag = name
            case "vintage": mapping.vintage = name
            case "dimension", "dim": dimensions.append(name)
            case "ignore": mapping.ignored.append(name)
            default:
                throw ValidationError("--column role '\(role)' is not one of period, value, flag, vintage, dimension, ignore")
            }
        }
        if !dimensions.isEmpty { mapping.dimensions = dimensions }
        var d: Character?
        if let delimiter {
            switch delimiter {
            case ",": d = ","
            case ";": d = ";"
            case "tab", "\\t", "\t": d = "\t"
            default: throw ValidationError("--delimiter must be ',', ';' or 'tab', got '\(delimiter)'")
            }
        }
        return ReadOptions(format: formatOverride ?? inputFormat, columns: mapping, delimiter: d, sheet: sheet,
                           fillAbsentWithZero: absentIsZero, valuesAreCounts: !notCounts,
                           duplicates: sumDuplicates ? .sum : .reject)
    }

    /// Reads `path` (`-` = standard input) into a panel and its validation report.
    ///
    /// Content problems are in the report (the caller decides); a path that
    /// is missing, unreadable, a directory or a device throws
    /// ``StrataAnalysis/AnalysisInputError``.
    func load(_ path: String, formatOverride: DataFormat? = nil) throws -> ReadResult {
        let options = try readOptions(formatOverride: formatOverride)
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return DataReader.read(csvBytes: [UInt8](data), name: "<stdin>", options: options)
        }
        try AnalysisInput.checkReadable(path)
        return DataReader.read(contentsOf: URL(fileURLWithPath: path), options: options)
    }
}

extension DataInputOptions {
    /// The notes every command that reads a data file prints about it: how many
    /// errors and warnings the reader reported (details in `strata validate`),
    /// and how many absent cells `--absent-is-zero` filled.
    func noteReadProblems(_ result: ReadResult, file: String) {
        let report = result.report
        let name = file == "-" ? "<stdin>" : file
        if report.errorCount + report.warningCount > 0 {
            StandardErrorStream.write("note: \(report.errorCount) error(s), \(report.warningCount) warning(s) while reading \(name); run `strata validate` for details")
        }
        if report.counts.filledAbsent > 0 {
            StandardErrorStream.write("note: \(report.counts.filledAbsent) absent cell(s) filled with 0 (--absent-is-zero)")
        }
    }
}

/// The input of the analysis commands: INPUT read through StrataData by
/// ``StrataAnalysis/AnalysisInput`` (values need not be counts; periods parsed
/// and checked; any reader error refuses the file with located messages).
enum AnalysisFile {
    static func load(_ path: String) throws -> Panel {
        try AnalysisInput.read(path: path).panel
    }
}
