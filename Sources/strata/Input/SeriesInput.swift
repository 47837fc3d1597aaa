import Foundation
import StrataData

/// One series read from a `period,value` or `series,period,value` CSV file.
struct InputSeries: Sendable {
    /// The series identifier (`nil` for a single-series `period,value` file).
    var id: String?
    /// Period labels exactly as written in the file, in file order.
    var periods: [String]
    /// Values in file order; an empty cell is NaN (missing).
    var values: [Double]
}

/// A located error in a command's input file.
struct InputError: Error, CustomStringConvertible {
    var file: String
    var line: Int?
    var column: String?
    var message: String

    var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += " (column '\(column)')" }
        return "\(location): \(message)"
    }
}

/// Reader for the series files the analysis commands take
/// (`decompose`, `trend`, `changepoints`, `forecast`, `backtest`).
///
/// Two ways in:
/// * **Series CSV** — header exactly `period,value` or `series,period,value`
///   (case-insensitive; spaces and a UTF-8 byte-order mark ignored). Period
///   labels are kept verbatim and rows keep their file order. An empty value
///   cell, `NA` or `NaN` is a missing value (NaN); any other non-numeric value
///   is an error naming the line and column. Rows of one series must be
///   contiguous.
/// * **Any other file the data layer reads** (a long CSV with dimension
///   columns such as the output of `strata aggregate`, SDMX-CSV, a wide table,
///   an `.xlsx` workbook): it is read with `DataReader` (format detected), each
///   series of the panel becomes one input series on the panel's calendar
///   (a period with no row is missing), and its identifier is its dimension
///   codes joined with `|` in column order. A file whose validation report
///   has errors is refused with the first errors listed.
///
/// `-` reads standard input.
enum SeriesInput {
    static func read(path: String) throws -> [InputSeries] {
        let data: Data
        do {
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            throw InputError(file: path, line: nil, column: nil, message: "cannot read file (\(error.localizedDescription))")
        }
        if let text = String(data: data, encoding: .utf8) {
            var body = Substring(text)
            if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
            let firstLine = body.prefix { $0 != "\n" && $0 != "\r" }
            let header = firstLine.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            if header == ["period", "value"] || header == ["series", "period", "value"] {
                return try parse(String(body), file: path)
            }
        }
        return try readThroughDataLayer(data, file: path)
    }

    /// Read any layout StrataData understands and flatten its panel into series.
    static func readThroughDataLayer(_ data: Data, file: String) throws -> [InputSeries] {
        let name = file == "-" ? "<stdin>" : file
        let result: ReadResult
        if file != "-", file.lowercased().hasSuffix(".xlsx") {
            result = DataReader.read(contentsOf: URL(fileURLWithPath: file), options: ReadOptions(valuesAreCounts: false))
        } else {
            result = DataReader.read(csvBytes: [UInt8](data), name: name, options: ReadOptions(valuesAreCounts: false))
        }
        if result.report.hasErrors {
            let shown = result.report.entries.filter { $0.severity == .error }.prefix(5).map(\.description)
            throw InputError(
                file: name, line: nil, column: nil,
                message: "the file has \(result.report.errorCount) error(s); run 'strata validate' for the full report:\n  "
                    + shown.joined(separator: "\n  "))
        }
        let panel = result.panel
        guard panel.seriesCount > 0, panel.periodCount > 0 else {
            throw InputError(file: name, line: nil, column: nil, message: "the file holds no observations")
        }
        let labels = panel.periods.map(\.description)
        var out: [InputSeries] = []
        out.reserveCapacity(panel.seriesCount)
        for j in 0..<panel.seriesCount {
            let key = try panel.key(ofSeries: j)
            let id = key.components.isEmpty ? nil : key.components.map(\.code).joined(separator: "|")
            let start = j * panel.periodCount
            out.append(InputSeries(id: id, periods: labels, values: Array(panel.values[start..<(start + panel.periodCount)])))
        }
        if out.count > 1, out.contains(where: { $0.id == nil }) {
            throw InputError(file: name, line: nil, column: nil, message: "several series without identifying dimensions")
        }
        return out
    }

    static func parse(_ text: String, file: String) throws -> [InputSeries] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw InputError(file: file, line: nil, column: nil, message: "file is empty; expected a header 'period,value' or 'series,period,value'")
        }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let hasSeries: Bool
        switch header {
        case ["period", "value"]: hasSeries = false
        case ["series", "period", "value"]: hasSeries = true
        default:
            throw InputError(
                file: file, line: 1, column: nil,
                message: "header is '\(headerLine)'; expected 'period,value' or 'series,period,value'")
        }
        let names = hasSeries ? ["series", "period", "value"] : ["period", "value"]
        var result: [InputSeries] = []
        var seen = Set<String>()
        for (offset, rawLine) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            if rawLine.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InputError(file: file, line: lineNumber, column: nil, message: "empty line inside the data")
            }
            let fields = rawLine.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == names.count else {
                throw InputError(
                    file: file, line: lineNumber, column: nil,
                    message: "expected \(names.count) fields (\(names.joined(separator: ","))), found \(fields.count)")
            }
            let id: String? = hasSeries ? fields[0] : nil
            let period = fields[hasSeries ? 1 : 0]
            let valueText = fields[hasSeries ? 2 : 1]
            if hasSeries, fields[0].isEmpty {
                throw InputError(file: file, line: lineNumber, column: "series", message: "series identifier is empty")
            }
            if period.isEmpty {
                throw InputError(file: file, line: lineNumber, column: "period", message: "period is empty")
            }
            let value: Double
            switch valueText.lowercased() {
            case "", "na", "nan": value = .nan
            default:
                guard let v = Double(valueText), !v.isNaN else {
                    throw InputError(
                        file: file, line: lineNumber, column: "value",
                        message: "'\(valueText)' is not a number (leave the cell empty for a missing value)")
                }
                guard v.isFinite else {
                    throw InputError(file: file, line: lineNumber, column: "value", message: "value '\(valueText)' is infinite")
                }
                value = v
            }
            if result.isEmpty || result[result.count - 1].id != id {
                if let id {
                    guard seen.insert(id).inserted else {
                        throw InputError(
                            file: file, line: lineNumber, column: "series",
                            message: "rows of series '\(id)' are not contiguous; group the rows by series")
                    }
                }
                result.append(InputSeries(id: id, periods: [], values: []))
            }
            result[result.count - 1].periods.append(period)
            result[result.count - 1].values.append(value)
        }
        guard !result.isEmpty else {
            throw InputError(file: file, line: nil, column: nil, message: "file has a header but no data rows")
        }
        return result
    }
}
