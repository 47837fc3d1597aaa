import Foundation
import Testing
@testable import StrataData

/// `period,value` and `series,period,value` files read through the same
/// reader as long tables (ReadOptions.seriesFile()): rows placed by their
/// period, duplicates, gaps and mixed frequencies reported.
@Suite struct SeriesFileTests {
    let options = ReadOptions.seriesFile()
    func month(_ y: Int, _ m: Int) -> Period { Period(frequency: .monthly, index: y * 12 + m - 1) }

    @Test func periodValueFileHasOneSeriesWithoutDimensions() {
        let r = readCSV("period,value\n2016-01,1.5\n2016-02,2\n2016-03,-3\n", options)
        #expect(r.panel.dimensions.isEmpty)
        #expect(r.panel.seriesCount == 1)
        #expect(r.panel.start == month(2016, 1))
        #expect(r.panel.values == [1.5, 2, -3])  // not counts: fractions and negatives accepted
        #expect(!r.report.hasErrors)
    }

    @Test func unsortedRowsArePlacedByPeriodAndCounted() {
        let r = readCSV("period,value\n2016-03,3\n2016-01,1\n2016-02,2\n", options)
        #expect(r.panel.start == month(2016, 1))
        #expect(r.panel.values == [1, 2, 3])
        let e = r.report.entries.filter { $0.message.contains("earlier in time") }
        #expect(e.count == 1)
        #expect(e.first?.location.line == 3)
        #expect(e.first?.message.hasPrefix("1 row(s)") == true)
    }

    @Test func repeatedPeriodsAreReportedNotReadAsConsecutive() {
        // Twelve rows all labelled 2016-01: one period, eleven duplicates, conflicting values → missing.
        var text = "period,value\n"
        for i in 1...12 { text += "2016-01,\(i)\n" }
        let r = readCSV(text, options)
        #expect(r.panel.periodCount == 1)
        #expect(r.report.counts.conflictingDuplicates == 11)
        #expect(r.panel.values.first?.isNaN == true)
        let same = readCSV("period,value\n2016-01,5\n2016-01,5\n2016-02,6\n", options)
        #expect(same.report.counts.identicalDuplicates == 1)
        #expect(same.panel.values == [5, 6])
    }

    @Test func gapsAreMissingNotAdjacent() {
        let r = readCSV("period,value\n2016-01,1\n2016-04,4\n", options)
        #expect(r.panel.periodCount == 4)
        #expect(r.panel.values[0] == 1 && r.panel.values[3] == 4)
        #expect(r.panel.values[1].isNaN && r.panel.values[2].isNaN)
        #expect(r.report.entries(of: .calendarGap).contains { $0.severity == .warning })
    }

    @Test func mixedFrequenciesAreReportedRowByRow() {
        let r = readCSV("period,value\n2016-01,1\n2016-Q2,4\n2016-02,2\n", options)
        let e = r.report.entries(of: .mixedFrequency)
        #expect(e.count == 1)
        #expect(e.first?.location.line == 3)
        #expect(r.panel.values == [1, 2])
    }

    @Test func seriesPeriodValueFileKeepsQuotedIdsWithoutTheirQuotes() throws {
        let text = "series,period,value\n\"Route, \"\"A\"\"\",2016-01,1\n\"Route, \"\"A\"\"\",2016-02,2\nB é,2016-01,3\n"
        let r = readCSV(text, options)
        #expect(r.panel.dimensions == ["series"])
        #expect(r.panel.codes == [["Route, \"A\"", "B é"]])
        #expect(try r.panel.series(at: 0).values == [1, 2])
        let b = try r.panel.series(at: 1).values
        #expect(b.count == 2 && b[0] == 3 && b[1].isNaN)
    }

    @Test func lineEndingsDoNotChangeTheResult() {
        let lf = "series,period,value\nA,2016-02,2\nA,2016-01,1\nB,2016-01,7\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = lf.replacingOccurrences(of: "\n", with: "\r")
        let a = readCSV(lf, options), b = readCSV(crlf, options), c = readCSV(cr, options)
        #expect(a.panel == b.panel && b.panel == c.panel)
        #expect(a.report.entries.map(\.message) == b.report.entries.map(\.message))
        #expect(a.panel.values.count == 4)
        #expect(a.panel.values.prefix(3) == [1, 2, 7] && a.panel.values.last?.isNaN == true)
    }

    @Test func dailyDatesAndSemicolonsRead() {
        let r = readCSV("date;count\n2024-01-01;3\n2024-01-03;5\n", options)
        #expect(r.panel.frequency == .daily)
        #expect(r.panel.periodCount == 3)
        #expect(r.panel.values[0] == 3 && r.panel.values[1].isNaN && r.panel.values[2] == 5)
    }
}
