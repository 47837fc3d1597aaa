import Foundation
import Testing
import ZIPFoundation
import StrataNumerics
@testable import StrataData

/// Hostile `.xlsx` input, each workbook written at test time with ZIPFoundation
/// (parts written out below, ECMA-376 Part 1 §18): large sheets, a
/// decompression bomb, bad cell references, shared-string indices out of range,
/// cells far apart, malformed XML. Every case must end in rows or a located
/// ``XLSXError``, never a crash, a hang or a silent substitution.
@Suite struct HostileXLSXTests {
    static let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    /// The fixed parts of a one-sheet workbook with the shared strings `strings`.
    static func parts(sheet: String, strings: [String] = ["series", "period", "value"]) -> [String: String] {
        [
            "xl/workbook.xml": """
                <?xml version="1.0" encoding="UTF-8"?><workbook \(ns)><sheets>\
                <sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """,
            "xl/sharedStrings.xml": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst \(ns)>"
                + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>",
            "xl/worksheets/sheet1.xml": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \(ns)><sheetData>"
                + sheet + "</sheetData></worksheet>",
        ]
    }

    /// Writes `parts` (and optional generated parts: path → (size, chunk maker)) to a new .xlsx.
    static func workbook(_ parts: [String: String], generated: [String: (Int64, (Int64, Int) -> Data)] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-hostile-\(UUID().uuidString).xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) where generated[path] == nil {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        for (path, (size, make)) in generated {
            try archive.addEntry(with: path, type: .file, uncompressedSize: size, compressionMethod: .deflate) { position, chunk in
                make(position, chunk)
            }
        }
        return url
    }

    static func rows(_ parts: [String: String], limits: XLSXLimits = .default) throws -> [TableRow] {
        let url = try workbook(parts)
        defer { try? FileManager.default.removeItem(at: url) }
        return try XLSXWorkbook(url: url, limits: limits).rows(ofSheet: nil).rows
    }

    /// The error thrown for `sheet`, or nil.
    static func error(sheet: String, strings: [String] = ["series", "period", "value"]) -> XLSXError? {
        do {
            _ = try rows(parts(sheet: sheet, strings: strings))
            return nil
        } catch let e as XLSXError {
            return e
        } catch {
            return nil
        }
    }

    /// 65,000 data rows (about 11 MB of sheet XML, above the 10 MB that a
    /// whole-document parse refused): all rows read, the last row's cells are
    /// the ones written.
    @Test func sixtyFiveThousandRowSheetReads() throws {
        var xml = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        xml.reserveCapacity(12_000_000)
        for i in 0..<65_000 {
            let r = i + 2
            let month = i % 240
            let period = "\(2000 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)"
            xml += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>route number \(i / 240)</t></is></c>"
                + "<c r=\"B\(r)\" t=\"inlineStr\"><is><t>\(period)</t></is></c><c r=\"C\(r)\"><v>\(i % 997)</v></c></row>"
        }
        #expect(xml.utf8.count > 10_000_000)
        let rows = try Self.rows(Self.parts(sheet: xml))
        #expect(rows.count == 65_001)
        // Last row: i = 64,999 → route 270, month 64,999 mod 240 = 199 → 2016-08, value 64,999 mod 997 = 194.
        #expect(rows.last?.cells == ["route number 270", "2016-08", "194"])
        #expect(rows.last?.line == 65_001)
    }

    /// A decompression bomb: 128 MB of repeated rows deflated to well under 2 MB.
    /// Refused from its declared size (ratio above 200) before decompressing, and
    /// the error names the limit and how to raise it.
    @Test func zipBombIsRefused() throws {
        let unit = Data("<row><c><v>1</v></c></row>".utf8)
        let head = Data("<?xml version=\"1.0\"?><worksheet \(Self.ns)><sheetData>".utf8)
        let size: Int64 = 128 << 20
        // A periodic block longer than any chunk, sliced at the right phase.
        let block = Data(repeatElement(unit, count: (1 << 20) / unit.count + 1).joined())
        // The sheet: the head, then units; it is never closed (it is refused before parsing).
        let make: (Int64, Int) -> Data = { position, count in
            var out = Data(capacity: count)
            var p = Int(position)
            while out.count < count {
                if p < head.count {
                    let n = min(head.count - p, count - out.count)
                    out.append(head.subdata(in: p..<(p + n))); p += n
                } else {
                    let k = (p - head.count) % unit.count
                    let n = min(block.count - k, count - out.count)
                    out.append(block.subdata(in: k..<(k + n))); p += n
                }
            }
            return out
        }
        let url = try Self.workbook(Self.parts(sheet: ""), generated: ["xl/worksheets/sheet1.xml": (size, make)])
        defer { try? FileManager.default.removeItem(at: url) }
        let compressed = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        #expect(compressed < 2_000_000)
        #expect {
            try XLSXWorkbook(url: url).rows(ofSheet: nil)
        } throws: { e in
            guard case let .limitExceeded(part, limit, _) = e as? XLSXError else { return false }
            return part == "xl/worksheets/sheet1.xml" && limit == "maxCompressionRatio"
                && (e as? XLSXError)?.description.contains("raise it") == true
        }
        // With the ratio check lifted, the size cap still applies.
        #expect {
            try XLSXWorkbook(url: url, limits: XLSXLimits(maxUncompressedBytes: 8 << 20, maxCompressionRatio: .infinity))
                .rows(ofSheet: nil)
        } throws: { e in
            guard case let .limitExceeded(_, limit, _) = e as? XLSXError else { return false }
            return limit == "maxUncompressedBytes"
        }
        // Through the data reader: an error, not a hang.
        let r = DataReader.read(contentsOf: url)
        #expect(r.report.hasErrors)
        #expect(r.report.text.contains("maxCompressionRatio"))
    }

    /// Invalid cell references are located errors, not the next free column.
    @Test(arguments: ["XFE2", "AAAAA2", "1A", "A0", "A02", "B", "2", "A-2", "A2000000", "C3"])
    func invalidCellReferences(reference: String) throws {
        let sheet = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"\(reference)\"><v>5</v></c></row>"
        let e = Self.error(sheet: sheet)
        guard case let .invalidCell(part, row, ref, _) = e else {
            Issue.record("\(reference): expected invalidCell, got \(String(describing: e))")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml" && row == 2 && ref == reference)
    }

    /// Valid extreme references read at their columns: XFD is column 16,384.
    @Test func validExtremeReferences() throws {
        let rows = try Self.rows(Self.parts(sheet: "<row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c><c r=\"XFD1048576\"><v>2</v></c></row>"))
        #expect(rows.count == 1 && rows[0].line == 1_048_576)
        #expect(rows[0].cells.count == 16_384 && rows[0].cells[16_383] == "2" && rows[0].cells[0] == "1")
        // Cells without references follow the previous one.
        let plain = try Self.rows(Self.parts(sheet: "<row><c><v>1</v></c><c r=\"C1\"><v>3</v></c><c><v>4</v></c></row>"))
        #expect(plain[0].cells == ["1", "", "3", "4"])
        // Duplicated or backwards cells and rows are errors.
        for sheet in [
            "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>",
            "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row><row r=\"1\"><c r=\"A1\"><v>2</v></c></row>",
            "<row r=\"x\"><c><v>1</v></c></row>",
        ] {
            guard case .invalidCell = Self.error(sheet: sheet) else { Issue.record("accepted: \(sheet)"); continue }
        }
    }

    /// A shared-string index out of range (or not a number) is an error naming
    /// the cell and the table size, never the number read as a value.
    @Test(arguments: ["3", "-1", "99999999999999999999", "x", ""])
    func sharedStringIndexOutOfRange(index: String) throws {
        let e = Self.error(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>\(index)</v></c></row>")
        guard case let .invalidCell(_, row, ref, reason) = e else {
            Issue.record("index \(index): got \(String(describing: e))")
            return
        }
        #expect(row == 1 && ref == "B1")
        #expect(reason.contains("shared-string"))
    }

    /// Cells in column XFD on 20,000 rows would pad 327 million cells: refused
    /// with the padding limit, quickly; a single far cell is fine.
    @Test func farApartCellsAreBounded() throws {
        var xml = ""
        for r in 1...20_000 { xml += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>1</v></c><c r=\"XFD\(r)\"><v>2</v></c></row>" }
        guard case let .limitExceeded(_, limit, detail) = Self.error(sheet: xml) else {
            Issue.record("XFD rows were not refused")
            return
        }
        #expect(limit == "maxPaddingCells" && detail.contains("row "))
    }

    /// Malformed XML gives the line, the column and a reason.
    @Test func xmlErrorsAreLocated() throws {
        let cases: [(String, String)] = [
            ("<row r=\"1\"><c r=\"A1\"><v>1</v></row>", "mismatched"),
            ("<row r=\"1\">\n<c r=\"A1\"><v>1</v></c>\n<c r=\"B1\" <v>2</v></c></row>", "line"),
            ("<row r=\"1\"><c r=\"A1\"><v>&bogus;</v></c></row>", "entity"),
        ]
        for (sheet, word) in cases {
            let e = Self.error(sheet: sheet)
            guard case let .xmlError(part, line, column, reason)? = e else {
                Issue.record("\(sheet): got \(String(describing: e))")
                continue
            }
            #expect(part == "xl/worksheets/sheet1.xml" && line >= 1 && column >= 1)
            #expect((e?.description ?? "").contains(word) || reason.contains(word), "\(e?.description ?? "")")
        }
        // A truncated sheet (no </sheetData>) is an error too.
        var p = Self.parts(sheet: "")
        p["xl/worksheets/sheet1.xml"] = "<worksheet \(Self.ns)><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
        #expect(throws: XLSXError.self) { try Self.rows(p) }
    }

    /// Bytes that are not UTF-8 in an element name, an attribute or a text
    /// (found by the fuzzer: FoundationXML's parser traps on such a name) are a
    /// located XML error, before the parser sees them.
    @Test(arguments: [
        [UInt8]("<row r=\"1\"><c r=\"A1\"><v".utf8) + [0xEC, 0xC5] + Array(",P\u{1A}q#></c></row>".utf8),
        [UInt8]("<row r=\"1\"><c r=\"A".utf8) + [0xFF] + Array("1\"><v>1</v></c></row>".utf8),
        [UInt8]("<row r=\"1\">\n<c r=\"A1\" t=\"inlineStr\"><is><t>".utf8) + [0xED, 0xA0, 0x80] + Array("</t></is></c></row>".utf8),
        [UInt8]("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>".utf8) + [0xE2, 0x82],
    ])
    func invalidUTF8IsALocatedError(sheet: [UInt8]) throws {
        let head = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \(Self.ns)><sheetData>".utf8)
        let bytes = Data(head + sheet + Array("</sheetData></worksheet>".utf8))
        let url = try Self.workbook(
            Self.parts(sheet: ""),
            generated: ["xl/worksheets/sheet1.xml": (Int64(bytes.count), { p, n in bytes.subdata(in: Int(p)..<(Int(p) + n)) })])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try XLSXWorkbook(url: url).rows(ofSheet: nil)
        } throws: { e in
            guard case let .xmlError(part, line, column, reason) = e as? XLSXError else { return false }
            return part == "xl/worksheets/sheet1.xml" && line >= 1 && column >= 1 && reason.contains("UTF-8")
        }
    }

    /// Seeded random sheets built from valid and invalid pieces: each read ends
    /// in rows or an `XLSXError` that names the sheet part (no crash, no other error).
    @Test func seededRandomSheets() throws {
        var rng = SplitMix64(seed: 20261129)
        let refs = ["A", "B", "Z", "AA", "XFD", "XFE", "AAAA", "1", "", "a"]
        let values = ["<v>1</v>", "<v>1e308</v>", "<v>-0</v>", "<v>\u{0}</v>", "<v>&#0;</v>", "<is><t>x</t></is>", "<v>0</v>", "<v>7</v>", "", "<v>"]
        let types = ["", " t=\"s\"", " t=\"n\"", " t=\"b\"", " t=\"inlineStr\"", " t=\"e\"", " t=\"str\""]
        for _ in 0..<60 {
            var xml = ""
            var r = 0
            for _ in 0..<(1 + Int(rng.next() % 5)) {
                r += Int(rng.next() % 3)
                xml += "<row r=\"\(r)\">"
                for _ in 0..<Int(rng.next() % 4) {
                    let ref = refs[Int(rng.next() % UInt64(refs.count))]
                    let refAttr = ref.isEmpty ? "" : " r=\"\(ref)\(rng.next() % 4 == 0 ? r + 1 : r)\""
                    xml += "<c\(refAttr)\(types[Int(rng.next() % UInt64(types.count))])>\(values[Int(rng.next() % UInt64(values.count))])</c>"
                }
                xml += "</row>"
            }
            do {
                _ = try Self.rows(Self.parts(sheet: xml, strings: ["a", "b"]))
            } catch let e as XLSXError {
                switch e {
                case .invalidCell(let part, _, _, _), .xmlError(let part, _, _, _), .malformedXML(let part, _):
                    #expect(part == "xl/worksheets/sheet1.xml", "\(e)")
                default: Issue.record("unexpected \(e) for \(xml)")
                }
            }
        }
    }
}
