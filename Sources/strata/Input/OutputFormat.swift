import ArgumentParser
import StrataData

/// `--format csv|json`, shared by every command that writes a table.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case csv
    case json
}

/// Formatting of numbers in CSV output: the shortest text that reads back to
/// the same `Double` (full precision), integers without a decimal point, and
/// an empty cell for NaN (missing) — the data layer's `PanelWriter.format`,
/// so every table the CLI writes reads back the same way.
enum CSVNumber {
    static func format(_ x: Double) -> String { PanelWriter.format(x) }
}

/// Quote a CSV field when it contains a delimiter, quote or line break
/// (RFC 4180), as the data layer's `PanelWriter.escape`.
enum CSVField {
    static func escape(_ s: String) -> String { PanelWriter.escape(s) }
}
