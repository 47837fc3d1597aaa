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
/// CSV input is streamed: the file is read in 1 MiB chunks and turned into
/// observations row by row, so memory is the panel plus about 40 bytes per
/// observation, not the file's size. UTF-16 files (detected by their
/// byte-order mark or by zero bytes) are the exception: they are decoded in
/// memory (reported as a warning). `.xlsx` sheets are decompressed in memory.
///
/// - Complexity: O(rows × columns) time; O(observations + periods × series) memory.
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
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            report.add(.error, .unreadableFile, at: .init(file: file), "cannot open the file")
            return ReadResult(panel: emptyPanel, report: report)
        }
        return readCSV(ByteSource(handle: handle), file: file, options: options, report: &report)
    }

    /// Reads CSV text held in memory (tests, standard input).
    public static func read(csv text: String, name: String = "<text>", options: ReadOptions = ReadOptions()) -> ReadResult {
        var report = ValidationReport()
        return readCSV(ByteSource(bytes: Array(text.utf8)), file: name, options: options, report: &report)
    }

    /// Reads CSV bytes held in memory (any encoding the file reader accepts).
    public static func read(csvBytes bytes: [UInt8], name: String = "<bytes>", options: ReadOptions = ReadOptions()) -> ReadResult {
        var report = ValidationReport()
        return readCSV(ByteSource(bytes: bytes), file: name, options: options, report: &report)
    }

    static var emptyPanel: Panel {
        Panel(dimensions: [], codes: [], seriesCodes: [], seriesCount: 0, start: nil, periodCount: 0, values: [])
    }

    // MARK: CSV

    private static func readCSV(_ source: ByteSource, file: String, options: ReadOptions,
                                report: inout ValidationReport) -> ReadResult {
        var source = source
        let head = source.prefix(4096)
        if head.isEmpty {
            report.add(.error, .emptyFile, at: .init(file: file), "the file is empty")
            return ReadResult(panel: emptyPanel, report: report)
        }
        switch detectEncoding(head) {
        case .utf8: break
        case .utf8WithBOM:
            source.skip(3)
            report.add(.info, .byteOrderMark, at: .init(file: file, line: 1), "UTF-8 byte-order mark removed")
        case .utf16LE(let bom), .utf16BE(let bom):
            let little: Bool
            if case .utf16LE = detectEncoding(head) { little = true } else { little = false }
            var all: [UInt8] = []
            while let b = source.next() { all.append(b) }
            if bom { all.removeFirst(2) }
            if all.count % 2 == 1 { all.removeLast() }
            var units: [UInt16] = []
            units.reserveCapacity(all.count / 2)
            var i = 0
            while i + 1 < all.count {
                units.append(little ? UInt16(all[i]) | UInt16(all[i + 1]) << 8 : UInt16(all[i]) << 8 | UInt16(all[i + 1]))
                i += 2
            }
            let text = String(decoding: units, as: UTF16.self)
            report.add(.warning, .encoding, at: .init(file: file),
                       "the file is UTF-16 (\(little ? "little" : "big")-endian\(bom ? ", with byte-order mark" : ", no byte-order mark")); decoded in memory — save it as UTF-8 for streaming")
            source = ByteSource(bytes: Array(text.utf8))
        }
        let delimiter: UInt8
        if let d = options.delimiter, let ascii = d.asciiValue {
            delimiter = ascii
        } else {
            delimiter = detectDelimiter(source.prefix(65536))
            if delimiter != 0x2C {
                report.add(.info, .delimiter, at: .init(file: file, line: 1),
                           "delimiter detected: \(delimiter == 0x09 ? "tab" : "';'")")
            }
        }
        var tokenizer = CSVTokenizer(source: source, delimiter: delimiter)  // a class: its counters survive replays
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
            let workbook = try XLSXWorkbook(url: url)
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
        mutating func nextRow() throws(TableSourceError) -> TableRow? {
            while next < rows.count {
                defer { next += 1 }
                if rows[next].cells.allSatisfy({ $0.trimmedSpaces().isEmpty }) { continue }
                return rows[next]
            }
            return nil
        }
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
        mutating func nextRow() throws(TableSourceError) -> TableRow? {
            if !pending.isEmpty { return pending.removeFirst() }
            return try base.nextRow()
        }
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
        var codes = [String](repeating: "", count: dimensionNames.count)
        let width = names.count
        var values = ValueParser(options: options)
        while let row = source.nextRow(reportingTo: &report, file: file, sheet: sheet) {
            report.counts.rows += 1
            var cells = row.cells
            if cells.count > width, cells[width...].allSatisfy({ $0.trimmedSpaces().isEmpty }) {
                cells.removeLast(cells.count - width)
            }
            if cells.count < width, padShortRows {
                cells.append(contentsOf: repeatElement("", count: width - cells.count))
            }
            guard cells.count == width else {
                report.counts.rejected += 1
                report.add(.error, .fieldCount, at: loc(row.line, nil, cells.last),
                           cells.count < width
                           ? "row has \(cells.count) field(s), the header has \(width): truncated row rejected"
                           : "row has \(cells.count) field(s), the header has \(width): row rejected (unquoted delimiter in a field?)")
                continue
            }
            var periodText = cells[periodColumn].trimmedSpaces()
            var parsedPeriod: Period?
            if let j = subperiodColumn {
                let sub = cells[j].trimmedSpaces()
                parsedPeriod = combinePeriod(year: periodText, subperiod: sub)
                periodText = "\(periodText)+\(sub)"
            } else {
                parsedPeriod = Period.parse(periodText)
            }
            guard let period = parsedPeriod else {
                report.counts.rejected += 1
                report.add(.error, .unparseablePeriod, at: loc(row.line, periodName, periodText),
                           periodText.isEmpty ? "period is empty; row rejected" : "\(PeriodError.unparseable(periodText)); row rejected")
                continue
            }
            guard builder.accepts(period) else {
                report.counts.rejected += 1
                report.add(.error, .mixedFrequency, at: loc(row.line, periodName, periodText),
                           "period is \(period.frequency.rawValue) but the file's first period is \(builder.frequency?.rawValue ?? "?"); row rejected")
                continue
            }
            for (k, c) in dimensionColumns.enumerated() {
                codes[k] = labelled ? sdmxCode(cells[c].trimmedSpaces()) : cells[c].trimmedSpaces()
            }
            let flagText = flagColumn.map { cells[$0].trimmedSpaces() }
            let vintageText = vintageColumn.map { cells[$0].trimmedSpaces() }
            for v in valueColumns {
                if valueColumns.count > 1 { codes[codes.count - 1] = names[v] }
                // A rejected cell is kept as a missing observation: the row existed.
                let cell = values.parse(cells[v], location: loc(row.line, names[v], cells[v]), report: &report) ?? (.nan, nil)
                let flag = [cell.flag, flagText].compactMap { $0 }.first { !$0.isEmpty }
                builder.add(codes: codes, period: period, value: cell.value, flag: flag,
                            vintage: vintageText.flatMap { $0.isEmpty ? nil : $0 }, line: row.line)
                report.counts.observations += 1
            }
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

    /// `nil` when the cell is rejected (reported); otherwise the value (NaN for a placeholder) and an inline flag.
    mutating func parse(_ raw: String, location: ValidationReport.Location,
                        report: inout ValidationReport) -> (value: Double, flag: String?)? {
        let text = raw.trimmedSpaces()
        // Fast path: a plain number.
        if let first = text.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2E,
            !text.utf8.contains(where: { $0 == 0x78 || $0 == 0x58 || $0 == 0x5F || $0 == 0x20 }), let v = Double(text), v.isFinite {
            return checkedCount(v, location: location, report: &report).map { ($0, nil) }
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
        return checkedCount(v, location: location, report: &report).map { ($0, flag) }
    }

    /// `v`, or `nil` (reported) when counts are expected and `v` is negative or fractional.
    private func checkedCount(_ v: Double, location: ValidationReport.Location, report: inout ValidationReport) -> Double? {
        guard counts else { return v }
        if v < 0 {
            report.counts.rejected += 1
            report.add(.error, .negativeCount, at: location, "a count cannot be negative; cell rejected")
            return nil
        }
        if v != v.rounded() {
            report.counts.rejected += 1
            report.add(.error, .nonIntegerCount, at: location, "a count must be a whole number; cell rejected")
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
