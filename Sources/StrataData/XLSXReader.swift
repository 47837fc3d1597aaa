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

    public var description: String {
        switch self {
        case .notAZipArchive(let f): return "\(f) is not an .xlsx workbook (not a ZIP archive)"
        case .missingPart(let p): return "the workbook has no part \(p)"
        case .malformedXML(let p, let m): return "\(p) is not well-formed XML: \(m)"
        case .noSuchSheet(let s, let all): return "no sheet named '\(s)' (sheets: \(all.joined(separator: ", ")))"
        }
    }
}

/// Reads worksheets of an Office Open XML workbook (`.xlsx`) as rows of text.
///
/// Uses ZIPFoundation to open the archive and FoundationXML's streaming
/// `XMLParser` for `xl/workbook.xml`, its relationships, the shared-strings
/// table, the cell styles and each sheet. Shared strings (including rich
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

    /// Opens a workbook.
    /// - Throws: ``XLSXError``.
    public init(url: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw XLSXError.notAZipArchive(url.path)
        }
        self.archive = archive
        let workbook = try Self.parse(archive, "xl/workbook.xml", required: true)
        let rels = try Self.parse(archive, "xl/_rels/workbook.xml.rels", required: true)
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
        sharedStrings = try Self.readSharedStrings(archive)
        dateStyles = try Self.readDateStyles(archive)
    }

    /// The rows of sheet `name` (or the first sheet), with 1-based row numbers;
    /// each row's cells are positioned by column (`A` = 0), gaps filled with "".
    /// - Throws: ``XLSXError``.
    func rows(ofSheet name: String?) throws -> (sheet: String, rows: [TableRow]) {
        let index: Int
        if let name {
            guard let i = sheetNames.firstIndex(of: name) else { throw XLSXError.noSuchSheet(name, available: sheetNames) }
            index = i
        } else {
            guard !sheetNames.isEmpty else { throw XLSXError.missingPart("worksheet") }
            index = 0
        }
        let data = try Self.extract(archive, sheetPaths[index], required: true) ?? Data()
        let delegate = SheetDelegate(sharedStrings: sharedStrings, dateStyles: dateStyles)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), delegate.error == nil else {
            throw XLSXError.malformedXML(part: sheetPaths[index],
                                         message: delegate.error ?? parser.parserError.map { "\($0)" } ?? "parse failed")
        }
        guard delegate.complete else {
            throw XLSXError.malformedXML(part: sheetPaths[index], message: "the sheet ends before </sheetData> (truncated or mismatched tags)")
        }
        return (sheetNames[index], delegate.rows)
    }

    // MARK: Parts

    private static func extract(_ archive: Archive, _ path: String, required: Bool) throws -> Data? {
        guard let entry = archive[path] else {
            if required { throw XLSXError.missingPart(path) }
            return nil
        }
        var out = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
        } catch {
            throw XLSXError.malformedXML(part: path, message: "cannot decompress (\(error))")
        }
        return out
    }

    struct Element {
        var name: String
        var attributes: [String: String]
    }

    private static func parse(_ archive: Archive, _ path: String, required: Bool) throws -> [Element] {
        guard let data = try extract(archive, path, required: required) else { return [] }
        let delegate = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw XLSXError.malformedXML(part: path, message: parser.parserError.map { "\($0)" } ?? "parse failed")
        }
        return delegate.elements
    }

    private static func readSharedStrings(_ archive: Archive) throws -> [String] {
        guard let data = try extract(archive, "xl/sharedStrings.xml", required: false) else { return [] }
        let delegate = SharedStringsDelegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw XLSXError.malformedXML(part: "xl/sharedStrings.xml", message: parser.parserError.map { "\($0)" } ?? "parse failed")
        }
        return delegate.strings
    }

    /// Indices into `cellXfs` whose number format is a date.
    private static func readDateStyles(_ archive: Archive) throws -> Set<Int> {
        let elements = try parse(archive, "xl/styles.xml", required: false)
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

/// Collects every element's name and attributes (small parts only).
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [XLSXWorkbook.Element] = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append(XLSXWorkbook.Element(name: elementName, attributes: attributeDict))
    }
}

private final class SharedStringsDelegate: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inT = false
    private var inPhonetic = false
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch elementName {
        case "si": current = ""
        case "t": inT = true
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch elementName {
        case "si": strings.append(current)
        case "t": inT = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inT, !inPhonetic { current += string }
    }
}

private final class SheetDelegate: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    var rows: [TableRow] = []
    private var cells: [String] = []
    private var rowNumber = 0
    private var cellColumn = 0
    private var cellType = ""
    private var cellStyle = 0
    private var text = ""
    private var collecting = false
    /// `true` once `</sheetData>` was seen.
    var complete = false
    var error: String?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil { error = "\(parseError)" }
    }

    init(sharedStrings: [String], dateStyles: Set<Int>) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
    }

    static func columnIndex(_ ref: String) -> Int? {
        var v = 0
        var any = false
        for u in ref.utf8 {
            if u >= 0x41, u <= 0x5A { v = v * 26 + Int(u - 0x40); any = true } else if u >= 0x61, u <= 0x7A {
                v = v * 26 + Int(u - 0x60); any = true
            } else { break }
            if v > 16384 { return nil }
        }
        return any ? v - 1 : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch elementName {
        case "row":
            rowNumber = attributeDict["r"].flatMap(Int.init) ?? (rowNumber + 1)
            cells = []
        case "c":
            cellColumn = attributeDict["r"].flatMap(Self.columnIndex) ?? cells.count
            cellType = attributeDict["t"] ?? "n"
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch elementName {
        case "v", "t": collecting = false
        case "c":
            var value: String
            switch cellType {
            case "s":
                if let i = Int(text), i >= 0, i < sharedStrings.count { value = sharedStrings[i] } else { value = text }
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
            if cellColumn >= 0, cellColumn < 16384 {
                if cells.count <= cellColumn { cells.append(contentsOf: repeatElement("", count: cellColumn + 1 - cells.count)) }
                cells[cellColumn] = value
            }
        case "row":
            rows.append(TableRow(cells: cells, line: rowNumber))
        case "sheetData":
            complete = true
        default: break
        }
    }
}
