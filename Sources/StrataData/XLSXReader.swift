import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why an `.xlsx` workbook could not be read.
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a ZIP archive.
    case notAZipArchive(String)
    /// A part the workbook needs is absent.
    case missingPart(String)
    /// A part is not well-formed XML.
    case malformedXML(part: String, message: String)
    /// No sheet has the requested name.
    case noSuchSheet(String, available: [String])
    /// A part is not well-formed XML at `line`, `column` (1-based).
    case xmlError(part: String, line: Int, column: Int, reason: String)
    /// A cell or row of a sheet is invalid (a bad cell reference, a shared-string
    /// index out of range, a duplicated cell, a row number out of range).
    case invalidCell(part: String, row: Int, reference: String, reason: String)
    /// A part exceeds one of the ``XLSXLimits``.
    case limitExceeded(part: String, limit: String, detail: String)

    public var description: String {
        switch self {
        case .notAZipArchive(let f): return "\(f) is not an .xlsx workbook (not a ZIP archive)"
        case .missingPart(let p): return "the workbook has no part \(p)"
        case .malformedXML(let p, let m): return "\(p) is not well-formed XML: \(m)"
        case .noSuchSheet(let s, let all): return "no sheet named '\(s)' (sheets: \(all.joined(separator: ", ")))"
        case let .xmlError(p, line, column, reason):
            return "\(p) line \(line), column \(column): not well-formed XML: \(reason)"
        case let .invalidCell(p, row, ref, reason):
            return "\(p) row \(row)\(ref.isEmpty ? "" : ", cell '\(ref)'"): \(reason)"
        case let .limitExceeded(p, limit, detail):
            return "\(p): \(detail) (limit XLSXLimits.\(limit); raise it with ReadOptions.xlsxLimits or XLSXWorkbook(url:limits:) if the file is trusted)"
        }
    }
}

/// Resource limits for reading an `.xlsx` workbook, which guard against
/// decompression bombs and sheets whose cells are far apart.
public struct XLSXLimits: Sendable, Equatable, Hashable {
    /// The most bytes one part (a sheet, the shared strings) may decompress to.
    /// Default 1 GiB.
    public var maxUncompressedBytes: UInt64
    /// The largest ratio of decompressed to compressed size of a part larger
    /// than ``ratioCheckMinimumBytes``. Default 200 (real sheets compress 5–50×;
    /// a zip bomb of 1 GB of XML in 3.6 MB is 280×).
    public var maxCompressionRatio: Double
    /// Parts up to this size are not subject to ``maxCompressionRatio``. Default 1 MiB.
    public var ratioCheckMinimumBytes: UInt64
    /// The most empty cells a sheet may need to pad its rows to their cells'
    /// columns, beyond 8 per cell present. Default 2²⁰. (Rows are returned
    /// dense, so a lone cell in column XFD costs 16,384 cells.)
    public var maxPaddingCells: Int

    /// Limits with the documented defaults.
    public init(
        maxUncompressedBytes: UInt64 = 1 << 30, maxCompressionRatio: Double = 200,
        ratioCheckMinimumBytes: UInt64 = 1 << 20, maxPaddingCells: Int = 1 << 20
    ) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckMinimumBytes = ratioCheckMinimumBytes
        self.maxPaddingCells = maxPaddingCells
    }

    /// The defaults.
    public static let `default` = XLSXLimits()
}

/// Reads worksheets of an Office Open XML workbook (`.xlsx`) as rows of text.
///
/// Uses ZIPFoundation to open the archive and FoundationXML's `XMLParser` for
/// `xl/workbook.xml`, its relationships, the shared-strings table, the cell
/// styles and each sheet. Each part is decompressed in chunks to a temporary
/// file (checked against ``XLSXLimits`` as it grows, so a decompression bomb
/// is refused after at most the limit's bytes) and parsed from a stream, so
/// memory holds the cells, not the XML: a 65,000-row sheet reads. Cell
/// references are checked (`A1` … `XFD1048576`); a bad reference, a
/// shared-string index out of range, a duplicated cell or an XML error is an
/// ``XLSXError`` naming the part and the row (or line and column). Shared strings (including rich
/// text runs), inline strings, numbers, booleans and formula results (the
/// cached value) are read; cells with a date number format become ISO dates
/// (`2015-08-26`, 1900 date system); error cells (`#N/A`) are returned as
/// their text. Merged cells keep their value in the top-left cell only, as
/// Excel stores them. Follows ECMA-376 Part 1, §18.
public struct XLSXWorkbook {
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    private let sheetPaths: [String]
    private let archive: Archive
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    /// The limits this workbook is read with.
    public let limits: XLSXLimits

    /// Opens a workbook.
    /// - Parameters:
    ///   - url: the `.xlsx` file.
    ///   - limits: resource limits (see ``XLSXLimits``).
    /// - Throws: ``XLSXError``.
    /// - Complexity: O(size of the workbook, shared strings and styles parts);
    ///   memory O(shared strings).
    public init(url: URL, limits: XLSXLimits = .default) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw XLSXError.notAZipArchive(url.path)
        }
        self.archive = archive
        self.limits = limits
        let workbook = try Self.parse(archive, "xl/workbook.xml", required: true, limits: limits)
        let rels = try Self.parse(archive, "xl/_rels/workbook.xml.rels", required: true, limits: limits)
        var targets: [String: String] = [:]
        for e in rels where e.name == "Relationship" {
            if let id = e.attributes["Id"], let target = e.attributes["Target"] { targets[id] = target }
        }
        var names: [String] = [], paths: [String] = []
        for e in workbook where e.name == "sheet" {
            guard let name = e.attributes["name"],
                let rid = e.attributes["r:id"] ?? e.attributes.first(where: { $0.key.hasSuffix(":id") })?.value,
                let target = targets[rid]
            else { continue }
            names.append(name)
            paths.append(target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
        }
        sheetNames = names
        sheetPaths = paths
        sharedStrings = try Self.readSharedStrings(archive, limits: limits)
        dateStyles = try Self.readDateStyles(archive, limits: limits)
    }

    /// The rows of sheet `name` (or the first sheet), with 1-based row numbers;
    /// each row's cells are positioned by column (`A` = 0), gaps filled with "".
    /// - Throws: ``XLSXError``.
    /// - Complexity: O(sheet XML) time; memory O(cells, padded to their columns),
    ///   bounded by ``XLSXLimits/maxPaddingCells``.
    func rows(ofSheet name: String?) throws -> (sheet: String, rows: [TableRow]) {
        let index: Int
        if let name {
            guard let i = sheetNames.firstIndex(of: name) else { throw XLSXError.noSuchSheet(name, available: sheetNames) }
            index = i
        } else {
            guard !sheetNames.isEmpty else { throw XLSXError.missingPart("worksheet") }
            index = 0
        }
        let part = sheetPaths[index]
        let delegate = SheetDelegate(part: part, sharedStrings: sharedStrings, dateStyles: dateStyles, limits: limits)
        try Self.stream(archive, part, required: true, limits: limits, delegate: delegate)
        if let error = delegate.failure { throw error }
        guard delegate.complete else {
            throw XLSXError.malformedXML(part: part, message: "the sheet ends before </sheetData> (truncated or mismatched tags)")
        }
        return (sheetNames[index], delegate.rows)
    }

    // MARK: Parts

    private struct LimitError: Error { var error: XLSXError }

    /// Decompresses `path` to a temporary file, enforcing `limits`; `nil` when
    /// the part is absent and not required. The caller removes the file.
    private static func extract(_ archive: Archive, _ path: String, required: Bool, limits: XLSXLimits) throws -> URL? {
        guard let entry = archive[path] else {
            if required { throw XLSXError.missingPart(path) }
            return nil
        }
        func tooLarge(_ size: UInt64) -> XLSXError {
            .limitExceeded(
                part: path, limit: "maxUncompressedBytes",
                detail: "the part decompresses to more than \(limits.maxUncompressedBytes) bytes (\(size) or more)")
        }
        func ratio(_ size: UInt64) -> XLSXError {
            .limitExceeded(
                part: path, limit: "maxCompressionRatio",
                detail: "the part decompresses to \(size) or more bytes from \(entry.compressedSize), a ratio above \(limits.maxCompressionRatio)")
        }
        let compressed = max(entry.compressedSize, 1)
        func checkSize(_ size: UInt64) -> XLSXError? {
            if size > limits.maxUncompressedBytes { return tooLarge(size) }
            if size > limits.ratioCheckMinimumBytes && Double(size) > limits.maxCompressionRatio * Double(compressed) {
                return ratio(size)
            }
            return nil
        }
        // The sizes the archive declares are checked first (refused without decompressing) ...
        if let error = checkSize(entry.uncompressedSize) { throw error }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-xlsx-part-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw XLSXError.malformedXML(part: path, message: "cannot create a temporary file in \(FileManager.default.temporaryDirectory.path)")
        }
        var produced: UInt64 = 0
        var utf8 = UTF8Check()
        do {
            defer { try? handle.close() }
            // ... and the bytes actually produced, since the declared sizes may lie.
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                produced += UInt64(chunk.count)
                if let error = checkSize(produced) { throw LimitError(error: error) }
                if let bad = utf8.feed(chunk) { throw LimitError(error: bad.error(part: path)) }
                try handle.write(contentsOf: chunk)
            }
            if let bad = utf8.finish() { throw LimitError(error: bad.error(part: path)) }
        } catch let e as LimitError {
            try? FileManager.default.removeItem(at: url)
            throw e.error
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw XLSXError.malformedXML(part: path, message: "cannot decompress (\(error))")
        }
        return url
    }

    /// Decompresses `path` and runs `delegate` over it with a streaming parser.
    private static func stream(
        _ archive: Archive, _ path: String, required: Bool, limits: XLSXLimits, delegate: some PartDelegate
    ) throws {
        guard let url = try extract(archive, path, required: required, limits: limits) else { return }
        defer { try? FileManager.default.removeItem(at: url) }
        guard let input = InputStream(url: url) else { throw XLSXError.missingPart(path) }
        let parser = XMLParser(stream: input)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        if !ok || delegate.xmlFailure != nil {
            let (line, column, code) = delegate.xmlFailure
                ?? (parser.lineNumber, parser.columnNumber, (parser.parserError as NSError?)?.code ?? -1)
            throw XLSXError.xmlError(part: path, line: line, column: column, reason: xmlReason(code))
        }
    }

    /// A readable reason for an `XMLParser` error code (libxml2's `xmlParserErrors`).
    static func xmlReason(_ code: Int) -> String {
        switch code {
        case 4: return "the document is empty"
        case 5: return "the document ends before its elements are closed (truncated?)"
        case 9: return "a character that XML does not allow"
        case 26: return "an undeclared entity (&name;)"
        case 23, 24: return "a malformed entity or character reference"
        case 38, 39, 40, 41: return "a malformed attribute"
        case 42, 43: return "a malformed attribute value"
        case 64, 65: return "a malformed XML declaration"
        case 68: return "the start of a tag is malformed ('<' not followed by a name)"
        case 73: return "'>' expected: the tag is not closed"
        case 76: return "a closing tag does not match the open element (mismatched tags)"
        case 77: return "the end of an element is malformed"
        case 5_000...: return "the document is not valid XML (code \(code))"
        default: return "the document is not well-formed XML (libxml2 error \(code))"
        }
    }

    struct Element {
        var name: String
        var attributes: [String: String]
    }

    private static func parse(_ archive: Archive, _ path: String, required: Bool, limits: XLSXLimits) throws -> [Element] {
        let delegate = ElementCollector()
        try stream(archive, path, required: required, limits: limits, delegate: delegate)
        return delegate.elements
    }

    private static func readSharedStrings(_ archive: Archive, limits: XLSXLimits) throws -> [String] {
        let delegate = SharedStringsDelegate()
        try stream(archive, "xl/sharedStrings.xml", required: false, limits: limits, delegate: delegate)
        return delegate.strings
    }

    /// Indices into `cellXfs` whose number format is a date.
    private static func readDateStyles(_ archive: Archive, limits: XLSXLimits) throws -> Set<Int> {
        let elements = try parse(archive, "xl/styles.xml", required: false, limits: limits)
        var customDate = Set<Int>()
        for e in elements where e.name == "numFmt" {
            guard let id = e.attributes["numFmtId"].flatMap(Int.init), let code = e.attributes["formatCode"] else { continue }
            if isDateFormat(code) { customDate.insert(id) }
        }
        var result = Set<Int>()
        var inXfs = false
        var xfIndex = 0
        for e in elements {
            if e.name == "cellXfs" { inXfs = true; continue }
            if e.name == "cellStyles" || e.name == "dxfs" { inXfs = false }
            guard inXfs, e.name == "xf" else { continue }
            let fmt = e.attributes["numFmtId"].flatMap(Int.init) ?? 0
            if (14...22).contains(fmt) || (45...47).contains(fmt) || customDate.contains(fmt) { result.insert(xfIndex) }
            xfIndex += 1
        }
        return result
    }

    /// A number format is a date format when it has d, m or y outside quotes and brackets
    /// (and is not only elapsed time).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false
        for ch in code.lowercased() {
            if ch == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if ch == "[" { inBracket = true; continue }
            if ch == "]" { inBracket = false; continue }
            if inBracket { continue }
            if ch == "d" || ch == "y" || ch == "m" { return true }
        }
        return false
    }
}

/// A streaming UTF-8 check of a part (FoundationXML's `XMLParser` traps on
/// element or attribute names that are not valid UTF-8, so parts are checked
/// before parsing). Parts that start with a UTF-16 byte-order mark or declare
/// another encoding are left to the parser, which converts them.
struct UTF8Check {
    struct Failure {
        var line: Int, column: Int, byte: UInt8?
        func error(part: String) -> XLSXError {
            .xmlError(
                part: part, line: line, column: column,
                reason: byte.map { "invalid UTF-8 (byte 0x\(String($0, radix: 16, uppercase: true)))" } ?? "the part ends inside a UTF-8 character")
        }
    }
    private var needed = 0
    private var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
    private var line = 1, column = 0
    private var seen = 0
    private var head: [UInt8] = []
    private var skip = false

    /// Checks the next bytes; the first failure, if any.
    mutating func feed(_ chunk: Data) -> Failure? {
        if skip { return nil }
        for b in chunk {
            if seen < 200 {
                head.append(b)
                seen += 1
                if seen == 2 && (head == [0xFF, 0xFE] || head == [0xFE, 0xFF]) { skip = true; return nil }
                if b == 0x3E && seen < 200 && declaresOtherEncoding() { skip = true; return nil }
            }
            if needed > 0 {
                guard b >= lower && b <= upper else { return Failure(line: line, column: column, byte: b) }
                lower = 0x80; upper = 0xBF
                needed -= 1
                continue
            }
            column += 1
            switch b {
            case 0x0A: line += 1; column = 0
            case 0x00...0x7F: break
            case 0xC2...0xDF: needed = 1
            case 0xE0: needed = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: needed = 2
            case 0xED: needed = 2; upper = 0x9F
            case 0xF0: needed = 3; lower = 0x90
            case 0xF1...0xF3: needed = 3
            case 0xF4: needed = 3; upper = 0x8F
            default: return Failure(line: line, column: column, byte: b)
            }
        }
        return nil
    }

    /// The failure for a part that ends inside a character.
    func finish() -> Failure? { !skip && needed > 0 ? Failure(line: line, column: column, byte: nil) : nil }

    /// `true` when the XML declaration names an encoding other than UTF-8.
    private func declaresOtherEncoding() -> Bool {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard text.hasPrefix("<?xml"), let range = text.range(of: "encoding=") else { return false }
        let value = text[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
        return !(value == "utf-8" || value == "utf8")
    }
}

/// A parser delegate that records the first XML error with its position.
private class PartDelegate: NSObject, XMLParserDelegate {
    /// Line, column and libxml2 code of the first XML error.
    var xmlFailure: (Int, Int, Int)?
    /// A semantic error found by the delegate (the parse was aborted).
    var failure: XLSXError?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if xmlFailure == nil, failure == nil {
            xmlFailure = (parser.lineNumber, parser.columnNumber, (parseError as NSError).code)
        }
    }

    // The callbacks are declared here and overridden by the subclasses: on
    // Linux the protocol witnesses are bound to this class's methods.
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}

    func fail(_ parser: XMLParser, _ error: XLSXError) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// The local name of a possibly prefixed element name (`x:row` → `row`).
    static func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }
}

/// Collects every element's name and attributes (small parts only).
private final class ElementCollector: PartDelegate {
    var elements: [XLSXWorkbook.Element] = []
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append(XLSXWorkbook.Element(name: String(Self.local(elementName)), attributes: attributeDict))
    }
}

private final class SharedStringsDelegate: PartDelegate {
    var strings: [String] = []
    private var current = ""
    private var inT = false
    private var inPhonetic = false
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch Self.local(elementName) {
        case "si": current = ""
        case "t": inT = true
        case "rPh": inPhonetic = true
        default: break
        }
    }
    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch Self.local(elementName) {
        case "si": strings.append(current)
        case "t": inT = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inT, !inPhonetic { current += string }
    }
}

private final class SheetDelegate: PartDelegate {
    let part: String
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let limits: XLSXLimits
    var rows: [TableRow] = []
    /// The current row's cells, sparse: (column, value), in document order.
    private var cells: [(Int, String)] = []
    private var rowNumber = 0
    private var cellColumn = 0
    private var cellReference = ""
    private var cellType = ""
    private var cellStyle = 0
    private var text = ""
    private var collecting = false
    private var inPhonetic = false
    private var presentCells = 0
    private var paddedCells = 0
    /// `true` once `</sheetData>` was seen.
    var complete = false

    init(part: String, sharedStrings: [String], dateStyles: Set<Int>, limits: XLSXLimits) {
        self.part = part
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.limits = limits
    }

    /// Excel's limits: columns A…XFD, rows 1…1,048,576.
    static let maxColumns = 16_384
    static let maxRows = 1_048_576

    enum Reference { case success((Int, Int)), failure(String) }

    /// Parses a cell reference `A1` … `XFD1048576` (letters, then a row
    /// number without leading zeros): (0-based column, row) or a reason.
    static func parseReference(_ ref: String) -> Reference {
        var column = 0, letters = 0, row = 0, digits = 0
        for u in ref.utf8 {
            if digits == 0, (0x41...0x5A).contains(u) || (0x61...0x7A).contains(u) {
                letters += 1
                if letters > 3 { return .failure("more than 3 column letters (the last column is XFD)") }
                column = column * 26 + Int((u | 0x20) - 0x60)
            } else if (0x30...0x39).contains(u) {
                if letters == 0 { return .failure("the column letters must come before the row number") }
                if digits == 0 && u == 0x30 { return .failure("the row number is 0 or has a leading zero") }
                digits += 1
                if digits > 7 { return .failure("the row number is beyond 1048576") }
                row = row * 10 + Int(u - 0x30)
            } else {
                return .failure("unexpected character in the cell reference")
            }
        }
        if letters == 0 { return .failure("no column letters") }
        if digits == 0 { return .failure("no row number") }
        if column > maxColumns { return .failure("the column is beyond XFD (16384)") }
        if row > maxRows { return .failure("the row number is beyond 1048576") }
        return .success((column - 1, row))
    }

    static func columnIndex(_ ref: String) -> Int? {
        if case let .success((c, _)) = parseReference(ref) { return c }
        return nil
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        switch Self.local(elementName) {
        case "row":
            if let r = attributeDict["r"] {
                guard let n = Int(r), n >= 1, n <= Self.maxRows else {
                    return fail(parser, .invalidCell(
                        part: part, row: rowNumber + 1, reference: "",
                        reason: "the row number '\(r)' is not an integer in 1...\(Self.maxRows)"))
                }
                if n <= rowNumber {
                    return fail(parser, .invalidCell(
                        part: part, row: n, reference: "", reason: "row \(n) comes after row \(rowNumber) (rows must ascend)"))
                }
                rowNumber = n
            } else {
                guard rowNumber < Self.maxRows else {
                    return fail(parser, .invalidCell(part: part, row: rowNumber + 1, reference: "", reason: "more than \(Self.maxRows) rows"))
                }
                rowNumber += 1
            }
            cells = []
        case "c":
            let next = (cells.last?.0 ?? -1) + 1
            if let r = attributeDict["r"] {
                switch Self.parseReference(r) {
                case .failure(let reason):
                    return fail(parser, .invalidCell(part: part, row: rowNumber, reference: r, reason: "invalid cell reference: \(reason)"))
                case .success(let (column, row)):
                    if row != rowNumber {
                        return fail(parser, .invalidCell(
                            part: part, row: rowNumber, reference: r, reason: "the cell reference names row \(row), but it is in row \(rowNumber)"))
                    }
                    if column < next {
                        return fail(parser, .invalidCell(
                            part: part, row: rowNumber, reference: r, reason: "the cell repeats or precedes an earlier cell of the row"))
                    }
                    cellColumn = column
                }
                cellReference = r
            } else {
                guard next < Self.maxColumns else {
                    return fail(parser, .invalidCell(part: part, row: rowNumber, reference: "", reason: "more than 16384 cells in the row"))
                }
                cellColumn = next
                cellReference = ""
            }
            cellType = attributeDict["t"] ?? "n"
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        case "rPh":
            inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting && !inPhonetic { text += string }
    }

    private func reference() -> String {
        cellReference.isEmpty ? "column \(cellColumn + 1)" : cellReference
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        switch Self.local(elementName) {
        case "v", "t": collecting = false
        case "rPh": inPhonetic = false
        case "c":
            var value: String
            switch cellType {
            case "s":
                guard let i = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    return fail(parser, .invalidCell(
                        part: part, row: rowNumber, reference: reference(),
                        reason: "a shared-string cell holds '\(text.prefix(40))', not an index"))
                }
                guard i >= 0, i < sharedStrings.count else {
                    return fail(parser, .invalidCell(
                        part: part, row: rowNumber, reference: reference(),
                        reason: "shared-string index \(i) is out of range (the table has \(sharedStrings.count) strings)"))
                }
                value = sharedStrings[i]
            case "b": value = text == "1" ? "TRUE" : "FALSE"
            case "n":
                value = text
                if dateStyles.contains(cellStyle), let serial = Double(text), serial >= 1, serial < 2_958_466 {
                    // 1900 date system: serial 25569 = 1970-01-01 (Excel's 1900 leap-year bug is before March 1900).
                    let days = Int(serial.rounded(.down)) - 25569
                    value = Period(frequency: .daily, index: days).description
                }
            default: value = text  // str, inlineStr, e
            }
            cells.append((cellColumn, value))
        case "row":
            let width = (cells.last?.0 ?? -1) + 1
            presentCells += cells.count
            paddedCells += width - cells.count
            if paddedCells > limits.maxPaddingCells + 8 * presentCells {
                return fail(parser, .limitExceeded(
                    part: part, limit: "maxPaddingCells",
                    detail: "row \(rowNumber): the cells are so far apart (the last in column \(width)) that the sheet needs "
                        + "\(paddedCells) empty cells for \(presentCells) present"))
            }
            var dense = [String](repeating: "", count: width)
            for (c, v) in cells { dense[c] = v }
            rows.append(TableRow(cells: dense, line: rowNumber))
        case "sheetData":
            complete = true
        default: break
        }
    }
}
