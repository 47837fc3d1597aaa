import Foundation
import StrataData
import StrataNumerics

/// A problem in an INDICATORS file, located by file, line and column.
public struct IndicatorsFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `<stdin>`).
    public var source: String
    /// 1-based line of the problem (0 when the whole file is concerned).
    public var line: Int
    /// 1-based column (field) number (0 when a whole line is concerned).
    public var column: Int
    /// The column's header name, when known.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// An error.
    public init(source: String, line: Int, column: Int, field: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = source
        if line > 0 { location += ":\(line)" }
        if column > 0 { location += ":\(column)" }
        if let field { location += " (column '\(field)')" }
        return "\(location): \(message)"
    }
}

/// Reads and writes the INDICATORS table of `strata score` and `strata signals`:
/// a CSV (RFC 4180: fields may be quoted with `"`, a quote inside a quoted
/// field is doubled, quoted fields may hold commas and line breaks) with a
/// header whose first column is `unit`, then one column per indicator; one
/// row per unit. An empty cell is a missing value; any other cell must be a
/// finite number (`.` as the decimal mark). A UTF-8 byte-order mark and CRLF
/// line ends are accepted; blank lines are skipped. The delimiter is `,`, or
/// `;` / tab when the header line has one of those and no comma.
public enum IndicatorsCSV {
    /// Parse an INDICATORS file.
    ///
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8).
    ///   - source: the name used in errors.
    /// - Returns: the table (units in file order).
    /// - Throws: ``IndicatorsFileError`` for a missing `unit` header, an
    ///   empty or duplicate column name, a duplicate or empty unit, a row with
    ///   the wrong number of fields, an unterminated quote, a non-numeric or
    ///   infinite cell, or no rows.
    /// - Complexity: O(size of the file).
    public static func read(_ data: Data, source: String) throws -> IndicatorTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let headerEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let headerLine = bytes[0..<headerEnd]
        var delimiter = UInt8(ascii: ",")
        if !headerLine.contains(UInt8(ascii: ",")) {
            if headerLine.contains(UInt8(ascii: ";")) { delimiter = UInt8(ascii: ";") } else if headerLine.contains(0x09) { delimiter = 0x09 }
        }
        let records = try tokenize(bytes, delimiter: delimiter, source: source)
        guard let (headerLineNumber, header) = records.first else {
            throw IndicatorsFileError(source: source, line: 0, column: 0, message: "the file is empty; expected a header 'unit,INDICATOR,…'")
        }
        guard header.first?.trimmingCharacters(in: .whitespaces).lowercased() == "unit" else {
            throw IndicatorsFileError(source: source, line: headerLineNumber, column: 1, field: header.first,
                                      message: "the first column must be 'unit'")
        }
        var names: [String] = []
        var seen = Set<String>()
        for (c, raw) in header.enumerated().dropFirst() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw IndicatorsFileError(source: source, line: headerLineNumber, column: c + 1, message: "empty column name")
            }
            guard seen.insert(name).inserted else {
                throw IndicatorsFileError(source: source, line: headerLineNumber, column: c + 1, field: name, message: "duplicate column name")
            }
            names.append(name)
        }
        var units: [String] = []
        var unitLines: [String: Int] = [:]
        var rows: [[Double]] = []
        for (line, fields) in records.dropFirst() {
            guard fields.count == header.count else {
                throw IndicatorsFileError(source: source, line: line, column: 0,
                                          message: "has \(fields.count) fields, the header has \(header.count)")
            }
            let unit = fields[0].trimmingCharacters(in: .whitespaces)
            guard !unit.isEmpty else {
                throw IndicatorsFileError(source: source, line: line, column: 1, field: "unit", message: "empty unit name")
            }
            if let first = unitLines[unit] {
                throw IndicatorsFileError(source: source, line: line, column: 1, field: "unit",
                                          message: "unit '\(unit)' appears again (first on line \(first))")
            }
            unitLines[unit] = line
            var row: [Double] = []
            for (c, raw) in fields.enumerated().dropFirst() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { row.append(.nan); continue }
                guard let x = Double(text), x.isFinite else {
                    throw IndicatorsFileError(source: source, line: line, column: c + 1, field: names[c - 1],
                                              message: "'\(text)' is not a finite number (leave the cell empty for a missing value)")
                }
                row.append(x)
            }
            units.append(unit)
            rows.append(row)
        }
        guard !units.isEmpty else {
            throw IndicatorsFileError(source: source, line: 0, column: 0, message: "the file has a header but no unit rows")
        }
        do {
            return try IndicatorTable(units: units, indicators: names, rows: rows)
        } catch let error as CompositeIndexError {
            throw IndicatorsFileError(source: source, line: 0, column: 0, message: error.description)
        }
    }

    /// Read an INDICATORS file from a path (`-` = standard input).
    /// - Throws: ``IndicatorsFileError``.
    public static func read(path: String) throws -> IndicatorTable {
        if path == "-" {
            return try read(FileHandle.standardInput.readDataToEndOfFile(), source: "<stdin>")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndicatorsFileError(source: path, line: 0, column: 0, message: "cannot read the file")
        }
        return try read(data, source: path)
    }

    /// Write a table as an INDICATORS CSV (`unit` then the indicators; NaN as
    /// an empty cell; numbers with the shortest round-trip digits).
    /// - Throws: ``OutputError`` from the sink.
    public static func write(_ table: IndicatorTable, to sink: OutputSink) throws {
        try sink.writeCSVRow(["unit"] + table.indicators)
        for (i, unit) in table.units.enumerated() {
            try sink.writeCSVField(unit)
            for j in 0..<table.indicators.count {
                try sink.write(byte: UInt8(ascii: ","))
                try sink.writeNumber(table.values[i, j])
            }
            try sink.write(byte: 0x0A)
        }
    }

    /// RFC 4180 records with the 1-based line each starts on; blank lines skipped.
    static func tokenize(_ bytes: [UInt8], delimiter: UInt8, source: String) throws -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var i = 0
        var inQuotes = false, quoteLine = 0, quoteColumn = 0
        var fieldWasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append((recordLine, fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    i += 1
                    // Only a delimiter or a line end may follow a closing quote.
                    if i < bytes.count, bytes[i] != delimiter, bytes[i] != 0x0A, bytes[i] != 0x0D {
                        throw IndicatorsFileError(source: source, line: line, column: fields.count + 1,
                                                  message: "unexpected character after a closing quote")
                    }
                    continue
                }
                if b == 0x0A { line += 1 }
                field.append(b)
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if field.allSatisfy({ $0 == 0x20 }) && !fieldWasQuoted {
                    field.removeAll()
                    inQuotes = true
                    fieldWasQuoted = true
                    quoteLine = line
                    quoteColumn = fields.count + 1
                } else {
                    throw IndicatorsFileError(source: source, line: line, column: fields.count + 1,
                                              message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
            case delimiter:
                endField()
            case 0x0D:
                break
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw IndicatorsFileError(source: source, line: quoteLine, column: quoteColumn, message: "a quoted field is not closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
