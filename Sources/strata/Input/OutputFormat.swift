import ArgumentParser

/// `--format csv|json`, shared by every command that writes a table.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case csv
    case json
}

/// Formatting of numbers in CSV output: the shortest text that reads back to
/// the same `Double` (full precision), and an empty cell for NaN (missing).
enum CSVNumber {
    static func format(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// Quote a CSV field when it contains a delimiter, quote or line break (RFC 4180).
enum CSVField {
    static func escape(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
