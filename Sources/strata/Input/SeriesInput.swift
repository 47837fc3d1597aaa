import Foundation

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

/// Reader for the simple series files the analysis commands take
/// (`decompose`, `trend`, `changepoints`, `forecast`, `backtest`).
///
/// The header must be `period,value` or `series,period,value` (case-insensitive;
/// surrounding spaces and a UTF-8 byte-order mark are ignored). An empty value
/// cell, `NA` or `NaN` is a missing value (NaN); any other non-numeric value is
/// an error naming the line and column. Rows of one series must be contiguous.
enum SeriesInput {
    static func read(path: String) throws -> [InputSeries] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, line: nil, column: nil, message: "cannot read file (\(error.localizedDescription))")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, line: nil, column: nil, message: "file is not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, file: path)
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
