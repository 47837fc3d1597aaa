/// A table of units × indicators (NaN = missing), the input of a composite index.
///
/// ```swift
/// let table = try IndicatorTable(units: ["A", "B"], indicators: ["x", "y"],
///                                rows: [[1, 2], [3, .nan]])
/// ```
public struct IndicatorTable: Sendable, Equatable, Codable {
    /// Unit names (rows), unique.
    public private(set) var units: [String]
    /// Indicator names (columns), unique.
    public private(set) var indicators: [String]
    /// Values, `units.count × indicators.count`, column-major; NaN = missing.
    public private(set) var values: Matrix

    /// A table from its rows.
    ///
    /// - Parameters:
    ///   - units: unique unit names.
    ///   - indicators: unique indicator names.
    ///   - rows: one row per unit, one value per indicator; NaN = missing.
    /// - Throws: ``CompositeIndexError/invalidTable(detail:)`` for duplicate
    ///   names, ragged rows or infinite values.
    /// - Complexity: O(units × indicators).
    public init(units: [String], indicators: [String], rows: [[Double]]) throws {
        guard rows.count == units.count else {
            throw CompositeIndexError.invalidTable(detail: "\(units.count) unit names but \(rows.count) rows")
        }
        var m = Matrix(rows: units.count, columns: indicators.count)
        for (i, row) in rows.enumerated() {
            guard row.count == indicators.count else {
                throw CompositeIndexError.invalidTable(
                    detail: "row of unit '\(units[i])' has \(row.count) values, expected \(indicators.count)")
            }
            for (j, v) in row.enumerated() { m[i, j] = v }
        }
        try self.init(units: units, indicators: indicators, values: m)
    }

    /// A table from a column-major matrix.
    /// - Throws: ``CompositeIndexError/invalidTable(detail:)`` for a shape
    ///   mismatch, duplicate names or infinite values.
    public init(units: [String], indicators: [String], values: Matrix) throws {
        guard values.rows == units.count, values.columns == indicators.count else {
            throw CompositeIndexError.invalidTable(
                detail: "values are \(values.rows)×\(values.columns) but there are \(units.count) units and \(indicators.count) indicators")
        }
        if let d = Self.firstDuplicate(units) { throw CompositeIndexError.invalidTable(detail: "unit '\(d)' appears more than once") }
        if let d = Self.firstDuplicate(indicators) {
            throw CompositeIndexError.invalidTable(detail: "indicator '\(d)' appears more than once")
        }
        for j in 0..<values.columns {
            for i in 0..<values.rows where values[i, j].isInfinite {
                throw CompositeIndexError.invalidValue(
                    indicator: indicators[j], unit: units[i], value: values[i, j], detail: "is infinite")
            }
        }
        self.units = units
        self.indicators = indicators
        self.values = values
    }

    /// The column of `indicator`, or `nil` when the table has none.
    public func column(named indicator: String) -> [Double]? {
        indicators.firstIndex(of: indicator).map { values.column($0) }
    }

    private static func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        for n in names where !seen.insert(n).inserted { return n }
        return nil
    }
}
