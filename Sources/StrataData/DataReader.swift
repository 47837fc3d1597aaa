import Foundation

/// A panel read from a file, with the validation report of the reading.
public struct ReadResult: Sendable, Equatable, Codable {
    /// The observations that were accepted.
    public var panel: Panel
    /// Everything rejected, doubtful or noteworthy, with locations.
    public var report: ValidationReport
}

/// Reads long CSV, SDMX-CSV, wide CSV and `.xlsx` tables into a ``Panel``.
///
/// Reading never throws for problems in the file's content: each problem
/// becomes an entry of the ``ValidationReport`` (with file, sheet, line,
/// column and field), and the panel holds what could be read. Rejected
/// cells and rows are errors; placeholders (`..`, `...`, `:`, `n.a.`, `NA`,
/// `n/a`, `-`, `nan`, `null`, empty) are missing values counted per
/// placeholder; a numeric cell followed by a short flag (`123 p`, Eurostat
/// style) keeps the flag.
///
/// CSV input is read as bytes: a regular file is mapped into memory (other
/// inputs are read into one buffer), and the tokenizer records each field
/// as a byte range in it, so no cell becomes a `String`. Numbers are parsed
/// from the bytes (integers and decimals of up to 15 significant digits
/// exactly by Clinger's fast path, the rest by `strtod`; bit-identical to
/// `Double(String)`), dimension codes are interned by hashing their bytes
/// (a `String` is made once per distinct code), period labels are parsed
/// once per distinct label, and a row with the same key bytes as the row
/// before reuses its series. Memory is the file's pages, about 40 bytes per
/// observation until the panel is built, and the dense panel (bounded by
/// ``ReadOptions/maxPanelCells``). UTF-16 files (detected by their
/// byte-order mark or by zero bytes) are decoded to UTF-8 in memory
/// (reported as a warning; an odd byte count is an error naming the lost
/// byte). `.xlsx` parts are decompressed in chunks to a temporary file and
/// parsed as a stream, within ``ReadOptions/xlsxLimits``.
///
/// Limits that keep hostile files bounded, each reported with its location
/// and the option that raises it: ``ReadOptions/maxFieldsPerRow`` fields per
/// row, 16 MiB per field, ``ReadOptions/maxPanelCells`` cells per panel.
///
/// - Complexity: O(file bytes) time; O(file bytes + observations + periods × series) memory.
public enum DataReader {
    /// Reads a file.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - options: layout, column roles and conventions (see ``ReadOptions``).
    /// - Returns: the panel and the report; an unreadable file gives an empty
    ///   panel and an ``ValidationReport/Kind/unreadableFile`` error.
    public static func read(contentsOf url: URL, options: ReadOptions = ReadOptions()) -> ReadResult {
        var report = ValidationReport()
        let file = url.path
        let isZip: Bool = {
            guard let h = try? FileHandle(forReadingFrom: url) else { return false }
            defer { try? h.close() }
            let head = (try? h.read(upToCount: 4)) ?? Data()
            return head.count == 4 && Array(head) == [0x50, 0x4B, 0x03, 0x04]
        }()
        if options.format == .xlsx || (options.format == nil && (isZip || url.pathExtension.lowercased() == "xlsx")) {
            return readXLSX(url, options: options, report: &report)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            report.add(.error, .unreadableFile, at: .init(file: file), "this is a directory, not a file")
            return ReadResult(panel: emptyPanel, report: report)
        }
        guard let buffer = ByteBuffer.read(path: file) else {
            report.add(.error, .unreadableFile, at: .init(file: file),
                       FileManager.default.fileExists(atPath: file) ? "cannot read the file (permission?)" : "cannot open the file (no such file)")
            return ReadResult(panel: emptyPanel, report: report)
        }
        return readCSV(buffer, file: file, options: options, report: &report)
    }

    /// Reads CSV text held in memory (tests, standard input).
    public static func read(csv text: String, name: String = "<text>", options: ReadOptions = ReadOptions()) -> ReadResult {
        var report = ValidationReport()
        return readCSV(ByteBuffer(bytes: Array(text.utf8)), file: name, options: options, report: &report)
    }

    /// Reads CSV bytes held in memory (any encoding the file reader accepts).
    public static func read(csvBytes bytes: [UInt8], name: String = "<bytes>", options: ReadOptions = ReadOptions()) -> ReadResult {
        var report = ValidationReport()
        return readCSV(ByteBuffer(bytes: bytes), file: name, options: options, report: &report)
    }

    static var emptyPanel: Panel {
        Panel(dimensions: [], codes: [], seriesCodes: [], seriesCount: 0, start: nil, periodCount: 0, values: [])
    }

    // MARK: CSV

    private static func readCSV(_ input: ByteBuffer, file: String, options: ReadOptions,
                                report: inout ValidationReport) -> ReadResult {
        var buffer = input
        var start = 0
        if buffer.count == 0 {
            report.add(.error, .emptyFile, at: .init(file: file), "the file is empty")
            return ReadResult(panel: emptyPanel, report: report)
        }
        let head = UnsafeBufferPointer(start: buffer.base, count: min(buffer.count, 4))
        let encoding = detectEncoding(head)
        switch encoding {
        case .utf8: break
        case .utf8WithBOM:
            start = 3
            report.add(.info, .byteOrderMark, at: .init(file: file, line: 1), "UTF-8 byte-order mark removed")
        case .utf16LE(let bom), .utf16BE(let bom):
            var little = false
            if case .utf16LE = encoding { little = true }
            let from = bom ? 2 : 0
            let all = UnsafeBufferPointer(start: buffer.base + from, count: buffer.count - from)
            var units: [UInt16] = []
            units.reserveCapacity(all.count / 2)
            var i = 0
            while i + 1 < all.count {
                units.append(little ? UInt16(all[i]) | UInt16(all[i + 1]) << 8 : UInt16(all[i]) << 8 | UInt16(all[i + 1]))
                i += 2
            }
            var text = String(decoding: units, as: UTF16.self)
            report.add(.warning, .encoding, at: .init(file: file),
                       "the file is UTF-16 (\(little ? "little" : "big")-endian\(bom ? ", with byte-order mark" : ", no byte-order mark")); decoded in memory — save it as UTF-8")
            var replaced = 0
            for u in text.unicodeScalars where u == "\u{FFFD}" { replaced += 1 }
            let original = units.filter { $0 == 0xFFFD }.count
            if replaced > original {
                report.add(.warning, .encoding, at: .init(file: file),
                           "\(replaced - original) invalid UTF-16 code unit(s) (unpaired surrogates) were replaced with U+FFFD")
            }
            if all.count % 2 == 1 {
                // An odd byte count: the last byte is half a character. Keep what can be kept
                // (an ASCII byte of a truncated little-endian file) and say so, with its line.
                let last = all[all.count - 1]
                let lines = text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                let kept = little && last >= 0x20 && last < 0x7F
                if kept { text.unicodeScalars.append(Unicode.Scalar(last)) }
                report.add(.error, .encoding, at: .init(file: file, line: lines, column: nil, field: nil),
                           "the UTF-16 file has an odd number of bytes (\(buffer.count)): its last byte 0x\(String(last, radix: 16, uppercase: true)) is half a character\(kept ? "; read as '\(Character(Unicode.Scalar(last)))' — check the end of the file" : " and was not read") (was the file truncated?)")
            }
            buffer = ByteBuffer(bytes: Array(text.utf8))
        }
        let delimiter: UInt8
        if let d = options.delimiter, let ascii = d.asciiValue {
            delimiter = ascii
        } else {
            delimiter = detectDelimiter(UnsafeBufferPointer(start: buffer.base + start, count: min(buffer.count - start, 65536)))
            if delimiter != 0x2C {
                report.add(.info, .delimiter, at: .init(file: file, line: 1),
                           "delimiter detected: \(delimiter == 0x09 ? "tab" : "';'")")
            }
        }
        let valid = buffer.isValidUTF8()
        var tokenizer = CSVTokenizer(buffer: buffer, start: start, delimiter: delimiter, maxFields: options.maxFieldsPerRow,
                                     checkUTF8: !valid)  // a class: its counters survive replays
        let panel = interpret(&tokenizer, file: file, sheet: nil, options: options, isXLSX: false, report: &report)
        if tokenizer.invalidUTF8Fields > 0 {
            report.add(.warning, .encoding, at: .init(file: file, line: tokenizer.firstInvalidUTF8Line),
                       "\(tokenizer.invalidUTF8Fields) field(s) are not valid UTF-8 (first on this line); their invalid bytes were replaced with U+FFFD — is the file Latin-1 or Windows-1252? Save it as UTF-8")
        }
        report.counts.blankLines += tokenizer.blankLines
        if tokenizer.blankLines > 0 {
            report.add(.info, .blankLines, at: .init(file: file), "\(tokenizer.blankLines) blank line(s) skipped")
        }
        return ReadResult(panel: panel, report: report)
    }

    // MARK: XLSX

    private static func readXLSX(_ url: URL, options: ReadOptions, report: inout ValidationReport) -> ReadResult {
        let file = url.path
        do {
            let workbook = try XLSXWorkbook(url: url, limits: options.xlsxLimits)
            let (sheet, rows) = try workbook.rows(ofSheet: options.sheet)
            var source = ArrayRowSource(rows: rows)
            let panel = interpret(&source, file: file, sheet: sheet, options: options, isXLSX: true, report: &report)
            return ReadResult(panel: panel, report: report)
        } catch let error as XLSXError {
            report.add(.error, .worksheet, at: .init(file: file, sheet: options.sheet), error.description)
        } catch {
            report.add(.error, .unreadableFile, at: .init(file: file), "\(error)")
        }
        return ReadResult(panel: emptyPanel, report: report)
    }

    struct ArrayRowSource: TableSource {
        var rows: [TableRow]
        var next = 0
        var current = StringRecord()
        mutating func nextRow() throws(TableSourceError) -> TableRow? {
            while next < rows.count {
                defer { next += 1 }
                if rows[next].cells.allSatisfy({ $0.trimmedSpaces().isEmpty }) { continue }
                return rows[next]
            }
            return nil
        }
        mutating func nextRecord() throws(TableSourceError) -> Bool {
            guard let row = try nextRow() else { return false }
            current.row = row
            return true
        }
        var recordLine: Int { current.row.line }
        var recordFieldCount: Int { current.row.cells.count }
        func withRecordField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { current.withField(i, body) }
        func recordString(_ i: Int) -> String { current.row.cells[i] }
    }

    // MARK: Layout

    private static func interpret<S: TableSource>(_ source: inout S, file: String, sheet: String?, options: ReadOptions,
                                                  isXLSX: Bool, report: inout ValidationReport) -> Panel {
        func loc(_ line: Int? = nil, _ column: String? = nil, _ field: String? = nil) -> ValidationReport.Location {
            .init(file: file, sheet: sheet, line: line, column: column, field: field)
        }
        // The header is the first row with at least two non-empty cells; rows
        // before it (a title above the table) are skipped and reported.
        var header: TableRow
        do {
            guard let h = try source.nextRow() else {
                report.add(.error, .emptyFile, at: loc(), "the file has no rows")
                return emptyPanel
            }
            header = h
            var titles: [TableRow] = []
            func filled(_ r: TableRow) -> Int { r.cells.filter { !$0.trimmedSpaces().isEmpty }.count }
            while filled(header) < 2, titles.count < 20, let next = try source.nextRow() {
                titles.append(header)
                header = next
            }
            if filled(header) < 2 {
                // A one-column file: its first row is the header; replay the rest.
                var replay = ReplaySource(pending: Array(titles.dropFirst()) + [header], base: source)
                header = titles.first ?? header
                if titles.isEmpty { replay.pending = [] }
                return interpretTable(&replay, header: header, file: file, sheet: sheet, options: options, isXLSX: isXLSX, report: &report)
            } else {
                for t in titles {
                    report.counts.skippedRows += 1
                    report.add(.info, .skippedRow, at: loc(t.line, nil, t.cells.first { !$0.isEmpty }),
                               "title row before the header skipped")
                }
            }
        } catch {
            report.add(.error, error.kind, at: loc(error.line), error.message)
            return emptyPanel
        }
        // A two-row header with merged year cells ("2016" over "Jan, Feb, …"): combine the rows.
        let mayBeWide = options.format == nil || options.format == .wide || options.format == .xlsx
        if mayBeWide, hasMergedYearCells(header.cells) {
            do {
                if let next = try source.nextRow() {
                    if let combined = combineHeaders(top: header.cells, bottom: next.cells) {
                        report.add(.info, .skippedRow, at: loc(header.line),
                                   "two-row header: the year row (merged cells) and the row below were combined into period labels")
                        return interpretTable(&source, header: TableRow(cells: combined, line: next.line), file: file, sheet: sheet,
                                              options: options, isXLSX: isXLSX, report: &report)
                    }
                    var replay = ReplaySource(pending: [next], base: source)
                    return interpretTable(&replay, header: header, file: file, sheet: sheet, options: options, isXLSX: isXLSX, report: &report)
                }
            } catch {
                report.add(.error, error.kind, at: loc(error.line), error.message)
                return emptyPanel
            }
        }
        return interpretTable(&source, header: header, file: file, sheet: sheet, options: options, isXLSX: isXLSX, report: &report)
    }

    /// The period of a year cell and a sub-period cell (`1`, `01`, `M01`, `Jan`, `January`, `Q1`, `S1`), or `nil`.
    static func combinePeriod(year: String, subperiod: String) -> Period? {
        guard year.utf8.count == 4, Int(year) != nil, !subperiod.isEmpty else { return nil }
        return ["\(year)-\(subperiod)", "\(year)-M\(subperiod)", "\(subperiod)-\(year)"].lazy
            .compactMap { Period.parse($0) }.first { $0.frequency != .daily && $0.frequency != .annual }
    }

    /// `true` when a row has a year cell followed by an empty cell (how merged cells look once exported).
    static func hasMergedYearCells(_ cells: [String]) -> Bool {
        let t = cells.map { $0.trimmedSpaces() }
        for i in t.indices.dropLast() where t[i].utf8.count == 4 && Int(t[i]) != nil && t[i + 1].isEmpty { return true }
        return false
    }

    /// Combines a year row (merged cells, so the year is only in the first cell of its span)
    /// with the sub-period row below (`Jan`, `January`, `Q1`, `S1`, `01`, `M01`) into period
    /// labels; other columns keep the lower row's text (or the upper's when the lower is empty).
    /// `nil` unless at least two periods result.
    static func combineHeaders(top: [String], bottom: [String]) -> [String]? {
        var out: [String] = []
        var year: String?
        var periods = 0
        for i in 0..<max(top.count, bottom.count) {
            let t = i < top.count ? top[i].trimmedSpaces() : ""
            let b = i < bottom.count ? bottom[i].trimmedSpaces() : ""
            if !t.isEmpty { year = t.utf8.count == 4 && Int(t) != nil ? t : nil }
            if let y = year, let p = combinePeriod(year: y, subperiod: b) {
                out.append(p.description)
                periods += 1
                continue
            }
            out.append(b.isEmpty ? t : b)
        }
        return periods >= 2 ? out : nil
    }

    /// Rows already read, then the rest of the source.
    struct ReplaySource<Base: TableSource>: TableSource {
        var pending: [TableRow]
        var base: Base
        var current: StringRecord?
        mutating func nextRow() throws(TableSourceError) -> TableRow? {
            if !pending.isEmpty { return pending.removeFirst() }
            return try base.nextRow()
        }
        mutating func nextRecord() throws(TableSourceError) -> Bool {
            if !pending.isEmpty {
                current = StringRecord(row: pending.removeFirst())
                return true
            }
            current = nil
            return try base.nextRecord()
        }
        var recordLine: Int { current?.row.line ?? base.recordLine }
        var recordFieldCount: Int { current?.row.cells.count ?? base.recordFieldCount }
        func withRecordField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if let current { return current.withField(i, body) }
            return base.withRecordField(i, body)
        }
        func recordString(_ i: Int) -> String { current?.row.cells[i] ?? base.recordString(i) }
    }

    private static func interpretTable<S: TableSource>(_ source: inout S, header: TableRow, file: String, sheet: String?,
                                                       options: ReadOptions, isXLSX: Bool, report: inout ValidationReport) -> Panel {
        let names = header.cells.map { $0.trimmedSpaces() }
        let lower = names.map { sdmxCode($0).lowercased() }
        let periodCells = names.filter { Period.parse($0) != nil }.count
        var format = options.format == .xlsx ? nil : options.format
        if format == nil {
            if lower.first == "dataflow" || lower.first == "structure" || (lower.contains("time_period") && lower.contains("obs_value")) {
                format = .sdmx
            } else if periodCells >= 2 {
                format = .wide
            } else {
                format = .long
            }
        }
        if format == .wide {
            return readWide(&source, header: header, file: file, sheet: sheet, options: options, report: &report)
        }
        return readLong(&source, header: header, sdmx: format == .sdmx, file: file, sheet: sheet,
                        options: options, padShortRows: isXLSX, report: &report)
    }

    /// The code of an SDMX-CSV "labels=both" cell: `M: Monthly` → `M`.
    static func sdmxCode(_ text: String) -> String {
        guard let r = text.range(of: ": ") else { return text }
        return String(text[..<r.lowerBound])
    }

    /// Column index of `name` (exact, then case-insensitive).
    private static func column(_ name: String, in names: [String]) -> Int? {
        names.firstIndex(of: name) ?? names.firstIndex { $0.lowercased() == name.lowercased() }
    }

    private static func readLong<S: TableSource>(_ source: inout S, header: TableRow, sdmx: Bool, file: String, sheet: String?,
                                                 options: ReadOptions, padShortRows: Bool, report: inout ValidationReport) -> Panel {
        func loc(_ line: Int? = nil, _ column: String? = nil, _ field: String? = nil) -> ValidationReport.Location {
            .init(file: file, sheet: sheet, line: line, column: column, field: field)
        }
        // SDMX-CSV with labels ("FREQ: Frequency", cells "M: Monthly"): keep the codes.
        let labelled = sdmx && header.cells.contains { $0.contains(": ") }
        let names = header.cells.map { labelled ? sdmxCode($0.trimmedSpaces()) : $0.trimmedSpaces() }
        if labelled {
            report.add(.info, .ignoredColumn, at: loc(header.line), "SDMX-CSV with labels: codes kept, labels ('CODE: Label') dropped")
        }
        let lower = names.map { $0.lowercased() }
        // Two columns with the same name: which is the value, which a dimension? Refuse to guess.
        var firstWithName: [String: Int] = [:]
        for (i, n) in lower.enumerated() where !n.isEmpty {
            if let j = firstWithName[n] {
                report.add(.error, .missingColumn, at: loc(header.line, names[i]),
                           "columns \(j + 1) ('\(names[j])') and \(i + 1) ('\(names[i])') have the same name; rename one so that each column's role is clear")
                return emptyPanel
            }
            firstWithName[n] = i
        }
        let m = options.columns
        var used = Set<Int>()
        func find(_ explicit: String?, _ candidates: [String], role: String, required: Bool) -> Int?? {
            if let explicit {
                guard let i = column(explicit, in: names) else {
                    report.add(.error, .missingColumn, at: loc(header.line, explicit),
                               "no \(role) column named '\(explicit)' (header: \(names.joined(separator: ", ")))")
                    return .none
                }
                return .some(i)
            }
            for c in candidates {
                if let i = lower.firstIndex(of: c), !used.contains(i) { return .some(i) }
            }
            if required {
                var hint = ""
                if names.count == 1, let only = names.first {
                    for (d, label) in [(";", "';'"), ("\t", "tab"), (",", "','"), ("|", "'|'")] where only.contains(d) {
                        hint = "; the header is one column containing \(label): is the delimiter \(label)?"
                        break
                    }
                }
                report.add(.error, .missingColumn, at: loc(header.line),
                           "no \(role) column found (looked for \(candidates.prefix(6).joined(separator: ", "))…; header: \(names.joined(separator: ", "))); name it with --column \(role)=NAME\(hint)")
                return .none
            }
            return .some(nil)
        }
        // A period split over two columns: "YEAR+SUBPERIOD" (e.g. "Arrival Year+Arrival Month").
        var subperiodColumn: Int?
        var periodSpec = m.period
        if let spec = m.period, column(spec, in: names) == nil, let plus = spec.firstIndex(of: "+") {
            let yearName = String(spec[..<plus]).trimmedSpaces()
            let subName = String(spec[spec.index(after: plus)...]).trimmedSpaces()
            guard let j = column(subName, in: names) else {
                report.add(.error, .missingColumn, at: loc(header.line, subName),
                           "no period column named '\(subName)' (header: \(names.joined(separator: ", ")))")
                return emptyPanel
            }
            subperiodColumn = j
            used.insert(j)
            periodSpec = yearName
        }
        guard case .some(let pc) = find(periodSpec, sdmx ? ["time_period"] + ColumnMapping.periodNames : ColumnMapping.periodNames,
                                         role: "period", required: true), let periodColumn = pc
        else { return emptyPanel }
        used.insert(periodColumn)
        let periodName = subperiodColumn.map { "\(names[periodColumn])+\(names[$0])" } ?? names[periodColumn]
        var valueColumns: [Int] = []
        if m.values.isEmpty {
            guard case .some(let vc) = find(nil, sdmx ? ["obs_value"] + ColumnMapping.valueNames : ColumnMapping.valueNames,
                                            role: "value", required: true), let v = vc
            else { return emptyPanel }
            valueColumns = [v]
        } else {
            for name in m.values {
                guard case .some(let vc) = find(name, [], role: "value", required: true), let v = vc else { return emptyPanel }
                valueColumns.append(v)
            }
        }
        used.formUnion(valueColumns)
        guard case .some(let flagColumn) = find(m.flag, ColumnMapping.flagNames, role: "flag", required: false) else { return emptyPanel }
        if let flagColumn { used.insert(flagColumn) }
        guard case .some(let vintageColumn) = find(m.vintage, ColumnMapping.vintageNames, role: "vintage", required: false) else {
            return emptyPanel
        }
        if let vintageColumn { used.insert(vintageColumn) }
        var ignored = Set(m.ignored.compactMap { column($0, in: names) })
        if sdmx {
            for (i, n) in lower.enumerated() where !used.contains(i)
                && (ColumnMapping.sdmxStructural.contains(n) || ColumnMapping.sdmxAttributes.contains(n)) {
                ignored.insert(i)
            }
        }
        var dimensionColumns: [Int] = []
        // Several value columns (a table with one column per series): no other column is a
        // dimension unless named; the value column's name is the series dimension.
        let explicitDimensions = m.dimensions ?? (valueColumns.count > 1 ? [] : nil)
        if let dims = explicitDimensions {
            for d in dims {
                guard let i = column(d, in: names) else {
                    report.add(.error, .missingColumn, at: loc(header.line, d), "no dimension column named '\(d)' (header: \(names.joined(separator: ", ")))")
                    return emptyPanel
                }
                dimensionColumns.append(i)
            }
            for i in names.indices where !used.contains(i) && !dimensionColumns.contains(i) { ignored.insert(i) }
        } else {
            dimensionColumns = names.indices.filter { !used.contains($0) && !ignored.contains($0) }
        }
        for i in ignored.sorted() where !used.contains(i) {
            report.add(.info, .ignoredColumn, at: loc(header.line, names[i]), "column not used (not a dimension)")
        }
        var dimensionNames = dimensionColumns.map { names[$0].isEmpty ? "column\($0 + 1)" : names[$0] }
        if valueColumns.count > 1 { dimensionNames.append(options.seriesDimension) }
        var builder = PanelBuilder(dimensions: dimensionNames, file: file, sheet: sheet)
        if let csv = source as? CSVTokenizer { builder.reserve(csv.estimatedRemainingRows * valueColumns.count) }
        let width = names.count
        var values = ValueParser(options: options)
        let dimensionCount = dimensionNames.count
        let multi = valueColumns.count > 1
        var codeIndices = [Int32](repeating: 0, count: dimensionCount)
        var valueNameCodes: [Int32] = []
        // The previous row's dimension cells (bytes) and series, per value column:
        // rows grouped by series skip the code lookups.
        var lastKeyBytes: [UInt8] = []
        var lastKeyEnds: [Int] = []
        var lastSeries: [Int32] = []
        var keyBytes: [UInt8] = []
        var keyEnds: [Int] = []
        // Periods by their text: a file has few distinct period labels.
        var periodTexts = ByteInterner()
        var periodValues: [Period?] = []
        // Order check: the previous period of each series.
        var lastPeriodOfSeries: [Int] = []
        var unsorted = 0, firstUnsortedLine = 0

        /// `body` with the trimmed bytes of field `i` (empty when absent, SDMX code when labelled).
        func withTrimmed<R>(_ i: Int, code: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if i >= source.recordFieldCount { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            let sdmx = code && labelled
            return source.withRecordField(i) { raw in
                if !sdmx, let t = trimmedASCII(raw) { return body(t) }
                var text = String(decoding: raw, as: UTF8.self).trimmedSpaces()
                if sdmx { text = sdmxCode(text) }
                return text.withUTF8(body)
            }
        }
        func text(_ i: Int) -> String { i < source.recordFieldCount ? source.recordString(i) : "" }

        while source.nextRecord(reportingTo: &report, file: file, sheet: sheet) {
            report.counts.rows += 1
            let line = source.recordLine
            var count = source.recordFieldCount
            if count > width {
                var extraEmpty = true
                for i in width..<count where !withTrimmed(i, { $0.isEmpty }) { extraEmpty = false; break }
                if extraEmpty { count = width }
            }
            if count < width, padShortRows { count = width }
            guard count == width else {
                report.counts.rejected += 1
                report.add(.error, .fieldCount, at: loc(line, nil, text(count - 1)),
                           count < width
                           ? "row has \(count) field(s), the header has \(width): truncated row rejected"
                           : "row has \(count) field(s), the header has \(width): row rejected (unquoted delimiter in a field?)")
                continue
            }
            let parsedPeriod: Period?
            if let j = subperiodColumn {
                let year = text(periodColumn).trimmedSpaces()
                parsedPeriod = combinePeriod(year: year, subperiod: text(j).trimmedSpaces())
            } else {
                parsedPeriod = withTrimmed(periodColumn) { b -> Period? in
                    let (k, isNew) = periodTexts.intern(b)
                    if isNew { periodValues.append(Period.parse(String(decoding: b, as: UTF8.self))) }
                    return periodValues[Int(k)]
                }
            }
            guard let period = parsedPeriod else {
                var periodText = text(periodColumn).trimmedSpaces()
                if let j = subperiodColumn { periodText = "\(periodText)+\(text(j).trimmedSpaces())" }
                report.counts.rejected += 1
                report.add(.error, .unparseablePeriod, at: loc(line, periodName, periodText),
                           periodText.isEmpty ? "period is empty; row rejected" : "\(PeriodError.unparseable(periodText)); row rejected")
                continue
            }
            guard builder.accepts(period) else {
                var periodText = text(periodColumn).trimmedSpaces()
                if let j = subperiodColumn { periodText = "\(periodText)+\(text(j).trimmedSpaces())" }
                report.counts.rejected += 1
                report.add(.error, .mixedFrequency, at: loc(line, periodName, periodText),
                           "period is \(period.frequency.rawValue) but the file's first period is \(builder.frequency?.rawValue ?? "?"); row rejected")
                continue
            }
            // The key: the same bytes as the row before → the same series.
            var sameKey = !lastSeries.isEmpty
            if sameKey {
                var from = 0
                for (k, c) in dimensionColumns.enumerated() {
                    let to = lastKeyEnds[k]
                    let equal = withTrimmed(c, code: true) { b -> Bool in
                        guard b.count == to - from else { return false }
                        guard b.count > 0, let q = b.baseAddress else { return true }
                        return lastKeyBytes.withUnsafeBufferPointer { all in
                            guard let a = all.baseAddress else { return false }
                            return memcmp(a + from, q, b.count) == 0
                        }
                    }
                    if !equal { sameKey = false; break }
                    from = to
                }
            }
            if !sameKey {
                keyBytes.removeAll(keepingCapacity: true)
                keyEnds.removeAll(keepingCapacity: true)
                for c in dimensionColumns {
                    withTrimmed(c, code: true) { keyBytes.append(contentsOf: $0) }
                    keyEnds.append(keyBytes.count)
                }
                lastSeries.removeAll(keepingCapacity: true)
                keyBytes.withUnsafeBufferPointer { all in
                    var from = 0
                    for k in 0..<dimensionColumns.count {
                        codeIndices[k] = builder.code(k, UnsafeBufferPointer(rebasing: all[from..<keyEnds[k]]))
                        from = keyEnds[k]
                    }
                }
                if multi {
                    if valueNameCodes.isEmpty {
                        for v in valueColumns {
                            var name = names[v]
                            valueNameCodes.append(name.withUTF8 { builder.code(dimensionCount - 1, $0) })
                        }
                    }
                    for code in valueNameCodes {
                        codeIndices[dimensionCount - 1] = code
                        lastSeries.append(builder.series(codeIndices: codeIndices))
                    }
                } else {
                    lastSeries.append(builder.series(codeIndices: codeIndices))
                }
                swap(&lastKeyBytes, &keyBytes)
                swap(&lastKeyEnds, &keyEnds)
            }
            let flagIndex = flagColumn.map { f in withTrimmed(f) { builder.flag($0) } } ?? -1
            let vintageIndex = vintageColumn.map { v in withTrimmed(v) { builder.vintage($0) } } ?? -1
            for (k, v) in valueColumns.enumerated() {
                let series = lastSeries[k]
                if options.unsortedRows != nil {
                    let s = Int(series)
                    if s >= lastPeriodOfSeries.count {
                        lastPeriodOfSeries.append(contentsOf: repeatElement(Int.min, count: s + 1 - lastPeriodOfSeries.count))
                    }
                    if period.index < lastPeriodOfSeries[s] {
                        unsorted += 1
                        if firstUnsortedLine == 0 { firstUnsortedLine = line }
                    }
                    lastPeriodOfSeries[s] = period.index
                }
                // A rejected cell is kept as a missing observation: the row existed.
                let cell: (value: Double, flag: String?) = v < source.recordFieldCount
                    ? source.withRecordField(v) { raw in
                        values.parse(bytes: raw, location: { loc(line, names[v], String(decoding: raw, as: UTF8.self)) },
                                     report: &report) } ?? (.nan, nil)
                    : values.parse("", location: loc(line, names[v], ""), report: &report) ?? (.nan, nil)
                var flag = flagIndex
                if var inline = cell.flag, !inline.isEmpty { flag = inline.withUTF8 { builder.flag($0) } }
                builder.add(series: series, period: period, value: cell.value, flag: flag, vintage: vintageIndex, line: line)
                report.counts.observations += 1
            }
        }
        if unsorted > 0 {
            report.add(.info, .skippedRow, at: loc(firstUnsortedLine),
                       "\(unsorted) row(s) come earlier in time than the row before in their series (first on this line); rows are placed by their period, not by their order in the file")
        }
        if report.counts.rows == 0 {
            report.add(.error, .headerOnly, at: loc(header.line), "the file has a header but no data rows")
        }
        values.finish(file: file, sheet: sheet, report: &report)
        return builder.build(options: options, report: &report)
    }

    private static func readWide<S: TableSource>(_ source: inout S, header firstRow: TableRow, file: String, sheet: String?,
                                                 options: ReadOptions, report: inout ValidationReport) -> Panel {
        func loc(_ line: Int? = nil, _ column: String? = nil, _ field: String? = nil) -> ValidationReport.Location {
            .init(file: file, sheet: sheet, line: line, column: column, field: field)
        }
        // Title rows before the header: the header is the first row with at least two period labels.
        var header = firstRow
        var scanned = 0
        while header.cells.filter({ Period.parse($0) != nil }).count < 2 {
            report.counts.skippedRows += 1
            report.add(.info, .skippedRow, at: loc(header.line, nil, header.cells.first { !$0.isEmpty }),
                       "title row before the header skipped")
            scanned += 1
            do {
                guard scanned < 50, let next = try source.nextRow() else {
                    report.add(.error, .missingColumn, at: loc(), "no header row with period labels (e.g. 2016-01, 2016-Q1, 2016) found")
                    return emptyPanel
                }
                header = next
            } catch {
                report.add(.error, error.kind, at: loc(error.line), error.message)
                return emptyPanel
            }
        }
        let names = header.cells.map { $0.trimmedSpaces() }
        let parsed = names.map { Period.parse($0) }
        var frequencyCounts: [Frequency: Int] = [:]
        for p in parsed.compactMap({ $0 }) { frequencyCounts[p.frequency, default: 0] += 1 }
        let frequency = frequencyCounts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? .annual
        guard let firstPeriodColumn = parsed.firstIndex(where: { $0?.frequency == frequency }) else { return emptyPanel }
        let dimensionColumns = Array(0..<firstPeriodColumn).filter { !options.columns.ignored.contains(names[$0]) }
        var periodColumns: [(Int, Period)] = []
        for (i, p) in parsed.enumerated() where i >= firstPeriodColumn {
            if let p, p.frequency == frequency {
                periodColumns.append((i, p))
            } else if !names[i].isEmpty {
                report.add(.info, .ignoredColumn, at: loc(header.line, names[i]),
                           p == nil ? "column is not a period (a totals or note column?); not read"
                                    : "column is a \(p?.frequency.rawValue ?? "") period in a \(frequency.rawValue) table; not read")
            }
        }
        var seenDimension: [String: Int] = [:]
        for i in dimensionColumns where !names[i].isEmpty {
            if let j = seenDimension[names[i].lowercased()] {
                report.add(.error, .missingColumn, at: loc(header.line, names[i]),
                           "columns \(j + 1) ('\(names[j])') and \(i + 1) ('\(names[i])') have the same name; rename one so that each column's role is clear")
                return emptyPanel
            }
            seenDimension[names[i].lowercased()] = i
        }
        let dimensionNames = dimensionColumns.map { names[$0].isEmpty ? "column\($0 + 1)" : names[$0] }
        var builder = PanelBuilder(dimensions: dimensionNames, file: file, sheet: sheet)
        _ = builder.accepts(periodColumns[0].1)
        var values = ValueParser(options: options)
        var previousCodes = [String](repeating: "", count: dimensionColumns.count)
        var filledDown = 0
        while let row = source.nextRow(reportingTo: &report, file: file, sheet: sheet) {
            let cells = row.cells
            func cell(_ i: Int) -> String { i < cells.count ? cells[i].trimmedSpaces() : "" }
            let periodTexts = periodColumns.map { cell($0.0) }
            if periodTexts.allSatisfy(\.isEmpty) {
                if cells.allSatisfy({ $0.trimmedSpaces().isEmpty }) { continue }
                report.counts.skippedRows += 1
                report.add(.info, .skippedRow, at: loc(row.line, nil, cells.first { !$0.isEmpty }),
                           "row has no values in any period column (note or footnote); skipped")
                continue
            }
            report.counts.rows += 1
            if cells.count > names.count, cells[names.count...].contains(where: { !$0.trimmedSpaces().isEmpty }) {
                report.counts.rejected += 1
                report.add(.error, .fieldCount, at: loc(row.line), "row has \(cells.count) fields, the header has \(names.count); row rejected")
                continue
            }
            var codes = dimensionColumns.map(cell)
            for k in codes.indices where codes[k].isEmpty && !previousCodes[k].isEmpty {
                codes[k] = previousCodes[k]
                filledDown += 1
            }
            previousCodes = codes
            for ((i, period), text) in zip(periodColumns, periodTexts) {
                let v = values.parse(text, location: loc(row.line, names[i], text), report: &report) ?? (.nan, nil)
                builder.add(codes: codes, period: period, value: v.value, flag: v.flag, vintage: nil, line: row.line)
                report.counts.observations += 1
            }
        }
        if filledDown > 0 {
            report.add(.info, .skippedRow, at: loc(), "\(filledDown) empty dimension cell(s) filled from the row above (merged cells)")
        }
        if report.counts.rows == 0 {
            report.add(.error, .headerOnly, at: loc(header.line), "the table has a header but no data rows")
        }
        values.finish(file: file, sheet: sheet, report: &report)
        return builder.build(options: options, report: &report)
    }
}

/// Turns value cells into numbers, placeholders (missing) or rejections.
struct ValueParser {
    let counts: Bool
    private var placeholders: [String: Int] = [:]

    init(options: ReadOptions) { counts = options.valuesAreCounts }

    /// Lower-cased placeholder texts read as missing.
    static let placeholderTexts: Set<String> = ["", "..", "...", ":", "n.a.", "n.a", "na", "n/a", "-", "nan", "null"]

    /// ``parse(_:location:report:)`` on the bytes of a cell: a plain decimal
    /// number is parsed from the bytes (``DecimalParser``, bit-identical to
    /// `Double(String)`); anything else (placeholders, flags, text) goes
    /// through the text rules. `location` is evaluated only for a finding.
    @inline(__always)
    mutating func parse(bytes raw: UnsafeBufferPointer<UInt8>, location: () -> ValidationReport.Location,
                        report: inout ValidationReport) -> (value: Double, flag: String?)? {
        if let t = trimmedASCII(raw), let v = DecimalParser.parse(t), v.isFinite {
            return checkedCount(v, location: location, report: &report).map { ($0, nil) }
        }
        return parse(String(decoding: raw, as: UTF8.self), location: location(), report: &report)
    }

    /// `nil` when the cell is rejected (reported); otherwise the value (NaN for a placeholder) and an inline flag.
    ///
    /// A cell containing a NUL byte or another control character (other
    /// than tab) is rejected: `Double(String)` would stop at the NUL and
    /// read `5\0 7` as 5.
    mutating func parse(_ raw: String, location: ValidationReport.Location,
                        report: inout ValidationReport) -> (value: Double, flag: String?)? {
        let text = raw.trimmedSpaces()
        if text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 }) {
            report.counts.rejected += 1
            report.add(.error, .textInValue, at: location,
                       "not a number (contains a control character such as a NUL byte); cell rejected")
            return nil
        }
        // Fast path: a plain number.
        if let first = text.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2E,
            !text.utf8.contains(where: { $0 == 0x78 || $0 == 0x58 || $0 == 0x5F || $0 == 0x20 }), let v = Double(text), v.isFinite {
            return checkedCount(v, location: { location }, report: &report).map { ($0, nil) }
        }
        if Self.placeholderTexts.contains(text.lowercased()) {
            placeholders[text, default: 0] += 1
            return (.nan, nil)
        }
        var number = text
        var flag: String?
        // "123 p", ": c" — a value (or ':') followed by a short lower-case flag.
        if let space = text.lastIndex(of: " ") {
            let tail = text[text.index(after: space)...]
            if (1...3).contains(tail.count), tail.allSatisfy({ $0.isLetter && $0.isLowercase }) {
                number = String(text[..<space]).trimmedSpaces()
                flag = String(tail)
                if Self.placeholderTexts.contains(number.lowercased()) {
                    placeholders[number, default: 0] += 1
                    return (.nan, flag)
                }
            }
        }
        guard !number.contains(where: { $0 == "x" || $0 == "X" || $0 == "_" }), let v = Double(number), !v.isNaN else {
            var hint = "not a number"
            if number.contains(","), Double(number.replacingOccurrences(of: ",", with: "")) != nil {
                hint = "not a number (thousands separator or decimal comma? write plain digits)"
            }
            report.counts.rejected += 1
            report.add(.error, .textInValue, at: location, "\(hint); cell rejected")
            return nil
        }
        guard v.isFinite else {
            report.counts.rejected += 1
            report.add(.error, .nonFiniteValue, at: location, "value is infinite; cell rejected")
            return nil
        }
        return checkedCount(v, location: { location }, report: &report).map { ($0, flag) }
    }

    /// `v`, or `nil` (reported) when counts are expected and `v` is negative or fractional.
    @inline(__always)
    private func checkedCount(_ v: Double, location: () -> ValidationReport.Location, report: inout ValidationReport) -> Double? {
        guard counts else { return v }
        if v < 0 {
            report.counts.rejected += 1
            report.add(.error, .negativeCount, at: location(), "a count cannot be negative; cell rejected")
            return nil
        }
        if v != v.rounded() {
            report.counts.rejected += 1
            report.add(.error, .nonIntegerCount, at: location(), "a count must be a whole number; cell rejected")
            return nil
        }
        return v
    }

    /// Adds one info entry per placeholder with its count.
    func finish(file: String, sheet: String?, report: inout ValidationReport) {
        for (text, n) in placeholders.sorted(by: { $0.key < $1.key }) {
            report.counts.placeholders[text, default: 0] += n
            report.add(.info, .placeholder, at: .init(file: file, sheet: sheet),
                       "\(n) cell(s) '\(text)' read as missing")
        }
    }
}

extension TableSource {
    /// Moves to the next row of a table's body for byte access; `false` at
    /// the end, or after a read error, which is added to `report` as an error
    /// (reading stops there).
    fileprivate mutating func nextRecord(reportingTo report: inout ValidationReport, file: String, sheet: String?) -> Bool {
        do {
            return try nextRecord()
        } catch {
            report.add(.error, error.kind, at: .init(file: file, sheet: sheet, line: error.line, column: nil, field: nil), error.message)
            return false
        }
    }

    /// The next row of a table's body; `nil` at the end, or after a read
    /// error, which is added to `report` as an error (reading stops there).
    fileprivate mutating func nextRow(reportingTo report: inout ValidationReport, file: String, sheet: String?) -> TableRow? {
        do {
            return try nextRow()
        } catch {
            report.add(.error, error.kind, at: .init(file: file, sheet: sheet, line: error.line, column: nil, field: nil), error.message)
            return nil
        }
    }
}
