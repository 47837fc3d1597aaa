import Foundation
import Testing
import ZIPFoundation
@testable import StrataData

/// Builds small workbooks by hand (the XML parts written out below, following
/// ECMA-376 Part 1 §18) and reads them back, so the xlsx reader is tested
/// without ../shared.
@Suite struct XLSXReaderTests {
    static let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    func workbook(_ parts: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-xlsx-\(UUID().uuidString).xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return url
    }

    var parts: [String: String] {
        [
            "xl/workbook.xml": """
                <?xml version="1.0" encoding="UTF-8"?><workbook \(Self.ns)><sheets>\
                <sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="Wide" sheetId="2" r:id="rId2"/>\
                <sheet name="Daily" sheetId="3" r:id="rId3"/></sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>\
                <Relationship Id="rId3" Type="worksheet" Target="worksheets/sheet3.xml"/>\
                <Relationship Id="rId9" Type="sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """,
            // 0 route, 1 "Central Med" as two rich-text runs, 2 2016-01, 3 2016-02, 4 title, 5 date, 6 value
            "xl/sharedStrings.xml": """
                <?xml version="1.0" encoding="UTF-8"?><sst \(Self.ns) count="7" uniqueCount="7">\
                <si><t>route</t></si><si><r><t>Central </t></r><r><t>Med</t></r></si><si><t>2016-01</t></si>\
                <si><t>2016-02</t></si><si><t>Detections by route</t></si><si><t>date</t></si><si><t>value</t></si></sst>
                """,
            "xl/styles.xml": """
                <?xml version="1.0" encoding="UTF-8"?><styleSheet \(Self.ns)>\
                <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
                <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>
                """,
            "xl/worksheets/sheet1.xml": """
                <?xml version="1.0" encoding="UTF-8"?><worksheet \(Self.ns)><sheetData>\
                <row r="1"><c r="A1" t="inlineStr"><is><t>Read me</t></is></c></row></sheetData></worksheet>
                """,
            // Title row, header, a row with a gap (C3 absent) and an inline string, a row with text in a value cell.
            "xl/worksheets/sheet2.xml": """
                <?xml version="1.0" encoding="UTF-8"?><worksheet \(Self.ns)><sheetData>\
                <row r="1"><c r="A1" t="s"><v>4</v></c></row>\
                <row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c></row>\
                <row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>120</v></c></row>\
                <row r="5"><c r="A5" t="inlineStr"><is><t>Eastern Med</t></is></c><c r="B5"><v>7</v></c>\
                <c r="C5" t="str"><f>B5*2</f><v>14</v></c></row>\
                <row r="6"><c r="A6" t="inlineStr"><is><t>Western Med</t></is></c><c r="B6" t="e"><v>#N/A</v></c><c r="C6"><v>3</v></c></row>\
                </sheetData></worksheet>
                """,
            // Dates stored as serial numbers with a date style: 42370 = 2016-01-01, 42371 = 2016-01-02 (1900 date system).
            "xl/worksheets/sheet3.xml": """
                <?xml version="1.0" encoding="UTF-8"?><worksheet \(Self.ns)><sheetData>\
                <row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1" t="s"><v>6</v></c></row>\
                <row r="2"><c r="A2" s="1"><v>42370</v></c><c r="B2"><v>5</v></c></row>\
                <row r="3"><c r="A3" s="2"><v>42371</v></c><c r="B3"><v>6</v></c></row>\
                </sheetData></worksheet>
                """,
        ]
    }

    @Test func readsAWideSheetWithSharedAndInlineStrings() throws {
        let url = try workbook(parts)
        let wb = try XLSXWorkbook(url: url)
        #expect(wb.sheetNames == ["Notes", "Wide", "Daily"])
        let r = DataReader.read(contentsOf: url, options: ReadOptions(sheet: "Wide"))
        #expect(r.panel.dimensions == ["route"])
        #expect(r.panel.codes == [["Central Med", "Eastern Med", "Western Med"]])
        #expect(r.panel.periods.map(\.description) == ["2016-01", "2016-02"])
        // Column-major: Central Med [120, missing], Eastern Med [7, 14], Western Med [rejected, 3].
        let v = r.panel.values
        #expect(v.count == 6)
        #expect(v.at(0) == 120 && v.at(1)?.isNaN == true && v.at(2) == 7 && v.at(3) == 14 && v.at(4)?.isNaN == true && v.at(5) == 3)
        #expect(r.report.counts.skippedRows == 1)  // the title row
        let rejected = r.report.entries(of: .textInValue)
        #expect(rejected.count == 1)
        #expect(rejected.first?.location.sheet == "Wide")
        #expect(rejected.first?.location.line == 6)
        #expect(rejected.first?.location.column == "2016-01")
        #expect(rejected.first?.location.field == "#N/A")
    }

    @Test func dateStyledCellsBecomeISODates() throws {
        let url = try workbook(parts)
        let r = DataReader.read(contentsOf: url, options: ReadOptions(sheet: "Daily"))
        #expect(r.panel.frequency == .daily)
        #expect(r.panel.start?.description == "2016-01-01")
        #expect(r.panel.values == [5, 6])
    }

    @Test func firstSheetByDefaultAndMissingSheets() throws {
        let url = try workbook(parts)
        let first = DataReader.read(contentsOf: url)
        #expect(first.report.hasErrors)  // "Read me" is not a table
        let missing = DataReader.read(contentsOf: url, options: ReadOptions(sheet: "Monthly"))
        #expect(missing.report.entries(of: .worksheet).first?.message.contains("no sheet named 'Monthly'") == true)
    }

    @Test func brokenWorkbooksAreReportedNotFatal() throws {
        var p = parts
        p["xl/worksheets/sheet2.xml"] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row>"
        let malformed = DataReader.read(contentsOf: try workbook(p), options: ReadOptions(sheet: "Wide"))
        #expect(malformed.report.entries(of: .worksheet).first?.message.contains("not well-formed") == true, "\(malformed.report.text)")
        p = parts
        p.removeValue(forKey: "xl/workbook.xml")
        let noWorkbook = DataReader.read(contentsOf: try workbook(p))
        #expect(noWorkbook.report.entries(of: .worksheet).first?.message.contains("xl/workbook.xml") == true)
        let notZip = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).xlsx")
        try Data("route,period,value\n".utf8).write(to: notZip)
        let r = DataReader.read(contentsOf: notZip)
        #expect(r.report.entries(of: .worksheet).first?.message.contains("not a ZIP archive") == true)
        #expect(XLSXWorkbook.isDateFormat("dd/mm/yyyy") && XLSXWorkbook.isDateFormat("[$-409]mmm-yy"))
        #expect(!XLSXWorkbook.isDateFormat("#,##0") && !XLSXWorkbook.isDateFormat("0.00\"d\""))
    }
}
