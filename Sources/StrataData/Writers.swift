import Foundation

/// Writes panels as long CSV or JSON, losslessly: reading the output back
/// gives an equal ``Panel`` (values including missing ones, flags, vintages
/// and revisions).
public enum PanelWriter {
    /// Formats a number as the shortest text that reads back to the same
    /// `Double`; integers without a decimal point; NaN as an empty cell
    /// (``CSVFormat/number(_:)``).
    public static func format(_ x: Double) -> String { CSVFormat.number(x) }

    /// Quotes a CSV field when its bytes hold a comma, quote, CR or LF
    /// (RFC 4180, ``CSVFormat/field(_:)``).
    public static func escape(_ s: String) -> String { CSVFormat.field(s) }

    /// The panel as long CSV: header `DIM…,period,value[,flag][,vintage]`,
    /// one row per cell of the calendar (a missing value is an empty cell,
    /// so that a series that is missing at its first or last period keeps its
    /// calendar), then one row per revision (earlier vintage).
    ///
    /// A dimension named `period`, `value`, `flag` or `vintage` would clash
    /// with the fixed columns; such dimensions are written with a trailing
    /// underscore (`period_`).
    ///
    /// - Parameter panel: the panel.
    /// - Returns: the CSV text, LF line endings.
    /// - Complexity: O(periods × series).
    public static func longCSV(_ panel: Panel) -> String {
        var out = ""
        write(panel) { out += $0 }
        return out
    }

    /// Streams the long CSV of ``longCSV(_:)`` to `sink` line by line (each with its LF).
    public static func write(_ panel: Panel, to sink: (String) -> Void) {
        let reserved: Set<String> = ["period", "value", "flag", "vintage"]
        let dims = panel.dimensions.map { reserved.contains($0.lowercased()) ? $0 + "_" : $0 }
        let hasFlags = !panel.flags.isEmpty
        let hasVintages = !panel.vintages.isEmpty || !panel.revisions.isEmpty
        var header = dims.map(escape) + ["period", "value"]
        if hasFlags { header.append("flag") }
        if hasVintages { header.append("vintage") }
        sink(header.joined(separator: ",") + "\n")
        guard let start = panel.start else { return }
        let T = panel.periodCount
        for s in 0..<panel.seriesCount {
            let prefix = (0..<panel.dimensions.count).map { escape(panel.code(series: s, dimension: $0)) }
            for t in 0..<T {
                let cell = s * T + t
                var row = prefix + [(start + t).description, format(panel.values[cell])]
                if hasFlags { row.append(escape(panel.flags[cell] ?? "")) }
                if hasVintages { row.append(escape(panel.vintages[cell] ?? "")) }
                sink(row.joined(separator: ",") + "\n")
            }
        }
        for r in panel.revisions where r.series >= 0 && r.series < panel.seriesCount {
            var row = (0..<panel.dimensions.count).map { escape(panel.code(series: r.series, dimension: $0)) }
            row += [r.period.description, format(r.value)]
            if hasFlags { row.append("") }
            row.append(escape(r.vintage))
            sink(row.joined(separator: ",") + "\n")
        }
    }

    /// The panel as JSON (its `Codable` form: dimensions, calendar, series
    /// with `null` for missing values, flags, vintages, revisions).
    /// - Throws: an `EncodingError` (not expected for a valid panel).
    public static func json(_ panel: Panel, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        return try encoder.encode(panel)
    }

    /// Reads the JSON written by ``json(_:pretty:)``.
    /// - Throws: a `DecodingError` when the JSON is not a panel.
    public static func panel(fromJSON data: Data) throws -> Panel {
        try JSONDecoder().decode(Panel.self, from: data)
    }
}
