import Foundation
import Testing
@testable import StrataData

/// Hostile CSV input (issue 11): each class gives a located finding or the
/// right values, never a crash, a hang or memory in proportion to a span.
@Suite struct HostileCSVTests {
    func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func nulByteInsideANumberIsAnError() throws {
        let url = try temporaryFile("nul.csv", Array("route,period,value\nA,2016-01,5\u{0} 7\nA,2016-02,6\n".utf8))
        let r = DataReader.read(contentsOf: url)
        let e = r.report.entries(of: .textInValue)
        #expect(e.count == 1)
        #expect(e.first?.location.line == 2)
        #expect(e.first?.location.column == "value")
        #expect(r.panel.value(series: 0, period: try Period(parsing: "2016-01"))?.isNaN == true)  // not 5
        #expect(r.panel.value(series: 0, period: try Period(parsing: "2016-02")) == 6)
    }

    @Test func nulByteInAValueOfTheTextPathIsAnErrorToo() {
        // Through the text rules (a flag-like tail): still rejected, not read as 5.
        let r = readCSV("route,period,value\nA,2016-01,5\u{0}7 p\n")
        #expect(r.report.entries(of: .textInValue).count == 1)
        #expect(r.report.counts.rejected == 1)
    }

    func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        var out: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in text.utf16 {
            if littleEndian { out += [UInt8(u & 0xFF), UInt8(u >> 8)] } else { out += [UInt8(u >> 8), UInt8(u & 0xFF)] }
        }
        return out
    }

    @Test func oddLengthUTF16LittleEndianKeepsTheLastCharacterAndSaysSo() {
        // "…2016-02,78" with the high byte of the final '8' cut off: the last byte is 0x38.
        var bytes = utf16("period,value\n2016-01,5\n2016-02,78", littleEndian: true)
        bytes.removeLast()
        let r = DataReader.read(csvBytes: bytes, name: "odd16.csv")
        let e = r.report.entries(of: .encoding).filter { $0.severity == .error }
        #expect(e.count == 1)
        #expect(e.first?.location.line == 3)
        #expect(e.first?.message.contains("odd number of bytes") == true)
        #expect(r.panel.value(series: 0, period: Period(frequency: .monthly, index: 2016 * 12 + 1)) == 78)
    }

    @Test func oddLengthUTF16BigEndianReportsTheLostByte() {
        // Big-endian: the cut final character '8' leaves its zero high byte 0x00.
        var bytes = utf16("period,value\n2016-01,5\n2016-02,78", littleEndian: false)
        bytes.removeLast()
        let r = DataReader.read(csvBytes: bytes, name: "odd16be.csv")
        let e = r.report.entries(of: .encoding).filter { $0.severity == .error }
        #expect(e.count == 1)
        #expect(e.first?.message.contains("not read") == true)
        #expect(r.report.hasErrors)
    }

    @Test func duplicatedHeaderNameIsAnErrorNamingBothColumns() {
        let r = readCSV("route,value,period,value\nA,1,2016-01,2\n")
        let e = r.report.entries(of: .missingColumn)
        #expect(e.count == 1)
        #expect(e.first?.message.contains("columns 2 ('value') and 4 ('value')") == true)
        #expect(r.panel.seriesCount == 0)
        // Case-insensitively too.
        #expect(readCSV("Route,route,period,value\nA,B,2016-01,2\n").report.entries(of: .missingColumn).count == 1)
        // A wide table's dimension columns too.
        let wide = readCSV("route,route,2016-01,2016-02\nA,B,1,2\n")
        #expect(wide.report.entries(of: .missingColumn).first?.message.contains("columns 1 ('route') and 2 ('route')") == true)
    }

    @Test func extremeSpanIsRejectedWithTheLimitNamed() {
        // 2,200 series, each with one observation at 0001-01 and one at 9999-12:
        // 119,988 months × 2,200 series = 264 M cells (2 GB of values) for 4,400 rows.
        var text = "id,period,value\n"
        for i in 0..<2200 { text += "s\(i),0001-01,1\ns\(i),9999-12,2\n" }
        let r = readCSV(text)
        let e = r.report.entries(of: .panelTooLarge)
        #expect(e.count == 1)
        #expect(e.first?.message.contains("ReadOptions.maxPanelCells") == true)
        #expect(e.first?.message.contains("0001-01 to 9999-12") == true)
        #expect(r.panel.seriesCount == 0)
        #expect(r.report.hasErrors)
    }

    @Test func panelLimitCanBeRaisedOrLowered() {
        let text = "id,period,value\na,2016-01,1\na,2016-12,2\nb,2016-06,3\n"  // 12 periods × 2 series = 24 cells
        #expect(readCSV(text, ReadOptions(maxPanelCells: 23)).report.entries(of: .panelTooLarge).count == 1)
        let ok = readCSV(text, ReadOptions(maxPanelCells: 24))
        #expect(ok.report.entries(of: .panelTooLarge).isEmpty)
        #expect(ok.panel.seriesCount == 2)
    }

    @Test func lineOfDelimitersIsRejectedWithALocatedError() throws {
        // 4 MB of commas (more fields than the default limit of 131,072) after a header.
        var bytes = Array("route,period,value\nA,2016-01,5\n".utf8)
        bytes += [UInt8](repeating: 0x2C, count: 4 << 20)
        bytes += Array("\nA,2016-02,6\n".utf8)
        let url = try temporaryFile("commas.csv", bytes)
        let r = DataReader.read(contentsOf: url)
        let e = r.report.entries(of: .fieldCount)
        #expect(e.count == 1)
        #expect(e.first?.location.line == 3)
        #expect(e.first?.message.contains("maxFieldsPerRow") == true)
        #expect(r.report.hasErrors)
    }

    @Test func lineOfDelimitersAsTheWholeFileDoesNotValidateClean() {
        let r = DataReader.read(csvBytes: [UInt8](repeating: 0x2C, count: 300_000), name: "commas-only.csv")
        #expect(r.report.hasErrors)
        #expect(r.report.entries.contains { $0.severity == .error && $0.location.line == 1 })
    }

    @Test func fewerDelimitersThanTheLimitGiveAFieldCountError() {
        let commas = String(repeating: ",", count: 1000)
        let r = readCSV("route,period,value\n\(commas)\nA,2016-01,5\n", ReadOptions(maxFieldsPerRow: 500))
        #expect(r.report.entries(of: .fieldCount).first?.location.line == 2)
        let wide = readCSV("route,period,value\n\(commas)\nA,2016-01,5\n")
        // Trailing empty fields are tolerated, so the row is rejected for its empty period, on its line.
        #expect(wide.report.entries(of: .unparseablePeriod).first?.location.line == 2)
        let dense = readCSV("route,period,value\n\(String(repeating: "x,", count: 1000))\nA,2016-01,5\n")
        #expect(dense.report.entries(of: .fieldCount).first?.message.contains("1001 field(s)") == true)
        #expect(dense.report.entries(of: .fieldCount).first?.location.line == 2)
        #expect(wide.panel.value(series: 0, period: Period(frequency: .monthly, index: 2016 * 12)) == 5)
    }

    /// Twelve series, each with two months absent in the middle of 2016, every present value positive.
    var sparseZeroFile: String {
        var text = "route,period,value\n"
        for s in 0..<12 {
            for m in 1...12 where m != 4 && m != 9 { text += "R\(s),2016-\(m < 10 ? "0" : "")\(m),\(s + m)\n" }
        }
        return text
    }

    @Test func fileOmittingZeroCellsIsRecognised() {
        let r = readCSV(sparseZeroFile)
        #expect(r.report.counts.likelyOmitsZeroCells)
        #expect(r.report.counts.absentInside == 24)
        #expect(r.report.entries(of: .calendarGap).contains { $0.severity == .warning && $0.message.contains("--absent-is-zero") })
        #expect(r.panel.absentCount == 24)
        #expect(r.panel.isAbsent(series: 0, offset: 3))
        #expect(!r.panel.isAbsent(series: 0, offset: 2))
    }

    @Test func fileWithZerosPresentIsNotTakenForASparseZeroFile() {
        let r = readCSV(sparseZeroFile.replacingOccurrences(of: "R0,2016-01,1\n", with: "R0,2016-01,0\n"))
        #expect(!r.report.counts.likelyOmitsZeroCells)
        #expect(r.report.counts.absentInside == 24)
    }

    @Test func aggregateCountsValuesMissingBecauseRowsAreAbsent() throws {
        let r = readCSV(sparseZeroFile)
        // Monthly totals over the 12 routes: months 4 and 9 have every route absent → 2 missing,
        // both because rows are absent; the annual total is missing (1) for the same reason.
        let monthly = try Aggregation.sum(r.panel, by: [])
        #expect(monthly.missingBecauseAbsent == 2)
        let annual = try Aggregation.sum(r.panel, by: [], to: .annual)
        #expect(annual.missingBecauseAbsent == 1)
        // With the convention declared, nothing is missing.
        let filled = readCSV(sparseZeroFile, ReadOptions(fillAbsentWithZero: true))
        let total = try Aggregation.sum(filled.panel, by: [], to: .annual)
        #expect(total.missingBecauseAbsent == 0)
        // Hand sum: route s has values s + m for m in {1..12} \ {4, 9}: 10 s + (78 − 13) = 10 s + 65;
        // over s = 0…11: 10 × 66 + 12 × 65 = 1,440.
        #expect(total.panel.values == [1440])
        // A placeholder is present, not absent: not counted.
        let placeholder = readCSV("route,period,value\nA,2016-01,..\nA,2016-02,3\n")
        #expect(try Aggregation.sum(placeholder.panel, by: []).missingBecauseAbsent == 0)
    }

    @Test func directoryIsSaidToBeADirectory() {
        let r = DataReader.read(contentsOf: FileManager.default.temporaryDirectory)
        #expect(r.report.entries(of: .unreadableFile).first?.message.contains("directory") == true)
    }
}
