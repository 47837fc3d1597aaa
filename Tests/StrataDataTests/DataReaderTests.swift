import Foundation
import Testing
@testable import StrataData
import StrataNumerics

/// Reads CSV text and returns the result.
func readCSV(_ text: String, _ options: ReadOptions = ReadOptions()) -> ReadResult {
    DataReader.read(csv: text, name: "test.csv", options: options)
}

extension Array {
    /// The element at `i`, or `nil` (so a wrong result fails a test instead of crashing the run).
    func at(_ i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

func kinds(_ r: ReadResult) -> [ValidationReport.Kind] { r.report.entries.map(\.kind) }

/// The catalogue of bad files from issue 3's acceptance list. Each case
/// states the report entry it must give (kind, severity, line); none may crash.
@Suite struct BadFileCatalogueTests {
    @Test func truncatedRow() {
        let r = readCSV("route,period,value\nA,2016-01,5\nA,2016-02\nA,2016-03,7\n")
        let e = r.report.entries(of: .fieldCount)
        #expect(e.count == 1)
        #expect(e.first?.severity == .error)
        #expect(e.first?.location.line == 3)
        #expect(r.report.counts.rejected == 1)
        #expect(r.report.counts.observations == 2)
        #expect(r.panel.value(series: 0, period: try! Period(parsing: "2016-02"))?.isNaN == true)
    }

    @Test func semicolonDelimiterIsDetected() {
        let r = readCSV("route;period;value\nA;2016-01;5\nA;2016-02;6\n")
        #expect(r.report.entries(of: .delimiter).first?.severity == .info)
        #expect(!r.report.hasErrors)
        #expect(r.panel.observedCount == 2)
    }

    @Test func wrongDelimiterForcedGivesAHint() {
        let r = readCSV("route;period;value\nA;2016-01;5\n", ReadOptions(delimiter: ","))
        let e = r.report.entries(of: .missingColumn)
        #expect(e.count == 1)
        #expect(e.first?.message.contains("is the delimiter ';'?") == true)
        #expect(r.panel.seriesCount == 0)
    }

    @Test func tabDelimiter() {
        let r = readCSV("period\tvalue\n2016\t5\n2017\t6\n")
        #expect(r.panel.observedCount == 2)
        #expect(r.report.entries(of: .delimiter).first?.message.contains("tab") == true)
    }

    @Test func utf8ByteOrderMarkIsRemoved() {
        let r = readCSV("\u{FEFF}period,value\n2016-01,5\n")
        #expect(r.report.entries(of: .byteOrderMark).count == 1)
        #expect(!r.report.hasErrors)
        #expect(r.panel.values == [5])
    }

    @Test(arguments: [true, false])
    func utf16IsDecodedAndReported(littleEndian: Bool) {
        let text = "route,period,value\nÉvros,2016-01,5\n"
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : []  // BOM only for LE: BE case is detected from zero bytes
        for u in text.utf16 {
            bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        let r = DataReader.read(csvBytes: bytes, name: "utf16.csv")
        #expect(r.report.entries(of: .encoding).first?.severity == .warning)
        #expect(r.panel.codes == [["Évros"]])
        #expect(r.panel.values == [5])
    }

    /// "Évros" in Latin-1 (É = 0xC9) is not valid UTF-8.
    @Test func latin1IsReportedNotSilentlyMangled() {
        let bytes = Array("route,period,value\nA,2016-01,1\n".utf8) + [0xC9] + Array("vros,2016-01,5\n".utf8)
        let r = DataReader.read(csvBytes: bytes, name: "latin1.csv")
        let e = r.report.entries(of: .encoding)
        #expect(e.count == 1 && e.first?.severity == .warning && e.first?.location.line == 3)
        #expect(r.panel.values == [1, 5])
    }

    /// Daily periods from year 1 to 9999 across two series: 7.3 million cells is fine, but 40 series
    /// spanning 3.65 million days each would exceed the 2^28-cell limit and must be refused, not allocated.
    @Test func hugeCalendarIsRefused() {
        var text = "id,period,value\n"
        for i in 0..<80 { text += "s\(i),0001-01-01,1\ns\(i),9999-12-31,1\n" }
        let r = readCSV(text)
        #expect(r.report.entries(of: .panelTooLarge).count == 1)
        #expect(r.panel.seriesCount == 0)
    }

    @Test func quotedNewlinesAndQuotes() throws {
        let r = readCSV("route,period,value\n\"Central\nMed\",2016-01,5\n\"A \"\"quoted\"\", route\",2016-01,7\nB,2016-02,bad\n")
        #expect(r.panel.codes == [["Central\nMed", "A \"quoted\", route", "B"]])
        let e = r.report.entries(of: .textInValue)
        #expect(e.count == 1)
        #expect(e.first?.location.line == 5)  // header 1, record spanning 2–3, record 4, record 5
        #expect(e.first?.location.column == "value")
        #expect(e.first?.location.field == "bad")
    }

    @Test func unterminatedQuoteStopsWithItsLine() {
        let r = readCSV("route,period,value\nA,2016-01,5\n\"B,2016-02,6\n")
        let e = r.report.entries(of: .unterminatedQuote)
        #expect(e.count == 1 && e.first?.location.line == 3 && e.first?.severity == .error)
        #expect(r.panel.observedCount == 1)
    }

    /// The same in a wide table: the rows before the broken one are kept, the error names line 3.
    @Test func unterminatedQuoteInAWideTableStopsWithItsLine() {
        let r = readCSV("route,2016-01,2016-02\nA,5,6\n\"B,7,8\n")
        let e = r.report.entries(of: .unterminatedQuote)
        #expect(e.count == 1 && e.first?.location.line == 3 && e.first?.severity == .error)
        #expect(r.panel.observedCount == 2)
    }

    @Test func identicalDuplicateCountedOnce() {
        let r = readCSV("route,period,value\nA,2016-01,5\nA,2016-01,5\n")
        #expect(r.report.entries(of: .identicalDuplicate).first?.severity == .warning)
        #expect(r.report.entries(of: .identicalDuplicate).first?.location.line == 3)
        #expect(r.report.counts.identicalDuplicates == 1)
        #expect(r.panel.values == [5])
    }

    @Test func conflictingDuplicateIsAnErrorAndMissing() {
        let r = readCSV("route,period,value\nA,2016-01,5\nA,2016-01,6\nA,2016-02,1\n")
        let e = r.report.entries(of: .conflictingDuplicate)
        #expect(e.count == 1 && e.first?.severity == .error && e.first?.location.line == 3)
        #expect(e.first?.message.contains("line 2") == true)
        #expect(r.panel.values.at(0)?.isNaN == true)
        #expect(r.panel.values.at(1) == 1)
    }

    @Test func vintageColumnTurnsDuplicatesIntoRevisions() throws {
        let r = readCSV("period,value,report_date\n2020-01-01,10,2020-01-15\n2020-01-01,12,2020-02-15\n2020-01-01,11,2020-01-31\n")
        #expect(!r.report.hasErrors)
        #expect(r.panel.values == [12])
        #expect(r.panel.vintages[0] == "2020-02-15")
        #expect(r.report.counts.revisions == 2)
        let kept = Set(r.panel.revisions.map { "\($0.vintage)=\(Int($0.value))" })
        #expect(kept == ["2020-01-15=10", "2020-01-31=11"])
    }

    /// A row without a vintage is older than any dated one, in either order.
    @Test func rowWithoutVintageIsTheOldest() {
        let a = readCSV("period,value,vintage\n2020,10,\n2020,12,2021-01-01\n")
        let b = readCSV("period,value,vintage\n2020,12,2021-01-01\n2020,10,\n")
        #expect(a.panel.values == [12] && b.panel.values == [12])
        #expect(a.panel.revisions.map(\.value) == [10] && b.panel.revisions.map(\.value) == [10])
    }

    @Test func duplicatesSummedWhenAsked() {
        let r = readCSV("region,year,dead\nMed,2015,3\nMed,2015,4\n",
                        ReadOptions(columns: ColumnMapping(period: "year", values: ["dead"]), duplicates: .sum))
        #expect(r.panel.values == [7])
        #expect(r.report.counts.summedDuplicates == 1)
        #expect(!r.report.hasErrors)
    }

    @Test func textInValueCellIsRejectedWithLocation() {
        let r = readCSV("route,period,value\nA,2016-01,12a\nA,2016-02,\"1,022\"\nA,2016-03,3\n")
        let e = r.report.entries(of: .textInValue)
        #expect(e.map(\.location.line) == [2, 3])
        #expect(e.map(\.location.field) == ["12a", "1,022"])
        #expect(e.last?.message.contains("thousands separator") == true)
        #expect(r.report.counts.rejected == 2)
        // Rejected cells are missing observations: the rows existed, so the calendar starts at 2016-01.
        #expect(r.panel.periodCount == 3)
        #expect(r.panel.values.prefix(2).allSatisfy { $0.isNaN })
        #expect(r.panel.values.last == 3)
    }

    /// `..` `:` `n.a.` `NA` `-` and empty are missing values, counted per placeholder, not errors.
    @Test func placeholdersAreMissingAndCounted() {
        let r = readCSV("period,value\n2016-01,..\n2016-02,:\n2016-03,n.a.\n2016-04,NA\n2016-05,-\n2016-06,\n2016-07,..\n2016-08,4\n")
        #expect(!r.report.hasErrors)
        #expect(r.report.counts.placeholders == ["..": 2, ":": 1, "n.a.": 1, "NA": 1, "-": 1, "": 1])
        #expect(r.panel.values.prefix(7).allSatisfy { $0.isNaN })
        #expect(r.panel.values.at(7) == 4)
        #expect(r.report.counts.observations == 8)
    }

    @Test func eurostatStyleInlineFlags() {
        let r = readCSV("period,value\n2015,123 p\n2016,: c\n")
        #expect(r.panel.values.at(0) == 123)
        #expect(r.panel.flags == [0: "p", 1: "c"])
        #expect(r.report.counts.placeholders == [":": 1])
    }

    @Test func emptyFile() {
        let r = readCSV("")
        #expect(kinds(r) == [.emptyFile])
        #expect(r.report.hasErrors)
        #expect(readCSV("\n\n\n").report.entries(of: .emptyFile).count == 1)
    }

    @Test func headerOnly() {
        let r = readCSV("route,period,value\n")
        #expect(r.report.entries(of: .headerOnly).count == 1)
        #expect(r.panel.seriesCount == 0)
    }

    @Test func millionCharacterField() {
        let long = String(repeating: "x", count: 1_000_000)
        let r = readCSV("route,period,value\n\(long),2016-01,5\nA,2016-01,\(long)\n")
        #expect(r.panel.codes.first?.first?.count == 1_000_000)
        let e = r.report.entries(of: .textInValue)
        #expect(e.count == 1 && e.first?.location.line == 3)
        #expect((e.first?.location.field?.count ?? 0) <= 60)
    }

    @Test func negativeAndFractionalCounts() {
        let r = readCSV("period,value\n2016,-3\n2017,2.5\n2018,4\n")
        #expect(r.report.entries(of: .negativeCount).first?.location.line == 2)
        #expect(r.report.entries(of: .nonIntegerCount).first?.location.line == 3)
        let relaxed = readCSV("period,value\n2016,-3\n2017,2.5\n", ReadOptions(valuesAreCounts: false))
        #expect(!relaxed.report.hasErrors)
        #expect(relaxed.panel.values == [-3, 2.5])
    }

    @Test func infiniteValuesAreRejected() {
        let r = readCSV("period,value\n2016,1e400\n2017,inf\n2018,0x10\n2019,7\n")
        #expect(r.report.entries(of: .nonFiniteValue).map(\.location.line) == [2, 3])
        #expect(r.report.entries(of: .textInValue).map(\.location.line) == [4])  // hexadecimal is not accepted
        #expect(r.panel.values.last == 7)
    }

    @Test func badPeriodsAndMixedFrequencies() {
        let r = readCSV("period,value\n2016-01,1\n2016-13,2\n2016-Q2,3\n,4\n")
        #expect(r.report.entries(of: .unparseablePeriod).map(\.location.line) == [3, 5])
        #expect(r.report.entries(of: .mixedFrequency).map(\.location.line) == [4])
        #expect(r.panel.values == [1])
    }

    @Test func gapsAreReportedNotFilled() {
        let r = readCSV("route,period,value\nA,2016-01,1\nA,2016-04,4\n")
        let e = r.report.entries(of: .calendarGap).filter { $0.severity == .warning }
        #expect(e.count == 1 && e.first?.message.contains("2 period(s) absent") == true)
        #expect(r.report.entries(of: .calendarGap).first?.message.contains("--absent-is-zero") == true)
        #expect(r.panel.values.at(1)?.isNaN == true && r.panel.values.at(2)?.isNaN == true)
    }

    /// Frontex-style sparse file: absent rows become 0 only on request, counted.
    @Test func absentCellsFilledOnlyWhenAsked() {
        let text = "route,nat,period,value\nA,SYR,2016-01,1\nA,SYR,2016-03,3\nA,AFG,2016-02,5\n"
        let strict = readCSV(text)
        #expect(strict.panel.values.filter(\.isNaN).count == 3)
        let filled = readCSV(text, ReadOptions(fillAbsentWithZero: true))
        #expect(filled.report.counts.filledAbsent == 3)
        #expect(filled.panel.values == [1, 0, 3, 0, 5, 0])
        // A placeholder is a value reported missing, not an absent row: it stays missing.
        let placeholder = readCSV("period,value\n2016-01,1\n2016-02,..\n2016-03,3\n", ReadOptions(fillAbsentWithZero: true))
        #expect(placeholder.panel.values.at(1)?.isNaN == true)
    }

    /// Parts 3 + 4 = 7 but the total says 8 (hand calculation).
    @Test func totalsDisagreeingWithPartsAreReported() {
        let r = readCSV("geo,citizen,period,value\nDE,SY,2015,3\nDE,AF,2015,4\nDE,Total,2015,8\nFR,SY,2016,1\nFR,Total,2016,1\n")
        #expect(r.report.entries(of: .totalMismatch).first?.severity == .info)  // "dimension has total code(s) 'Total'"
        let e = r.report.entries(of: .totalMismatch).filter { $0.severity == .warning }
        #expect(e.count == 1)
        #expect(e.first?.message.contains("total 8, parts sum to 7") == true)
        #expect(e.first?.severity == .warning)
    }

    @Test func missingFile() {
        let r = DataReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/strata/file.csv"))
        #expect(kinds(r) == [.unreadableFile])
    }
}

@Suite struct LayoutTests {
    @Test func longColumnsAreRecognisedAndOverridable() {
        let r = readCSV("Month,Route,Count\n2016-01,A,5\n")
        #expect(r.panel.dimensions == ["Route"])
        #expect(r.panel.values == [5])
        let o = readCSV("when,route,how_many,note\n2016,A,5,x\n",
                        ReadOptions(columns: ColumnMapping(period: "when", values: ["how_many"], ignored: ["note"])))
        #expect(o.panel.dimensions == ["route"])
        #expect(o.report.entries(of: .ignoredColumn).first?.location.column == "note")
        let bad = readCSV("period,value\n2016,5\n", ReadOptions(columns: ColumnMapping(period: "month")))
        #expect(bad.report.entries(of: .missingColumn).count == 1)
    }

    @Test func periodSplitOverYearAndMonthColumns() {
        let r = readCSV("Country,Arrival Month,Arrival Year,Number\nSYR,1,2016,5\nSYR,Feb,2016,6\nSYR,13,2016,7\n",
                        ReadOptions(columns: ColumnMapping(period: "Arrival Year+Arrival Month", values: ["Number"])))
        #expect(r.panel.dimensions == ["Country"])
        #expect(r.panel.periods.map(\.description) == ["2016-01", "2016-02"])
        #expect(r.panel.values == [5, 6])
        let e = r.report.entries(of: .unparseablePeriod)
        #expect(e.count == 1 && e.first?.location.line == 4 && e.first?.location.column == "Arrival Year+Arrival Month")
        #expect(e.first?.location.field == "2016+13")
    }

    @Test func severalValueColumnsBecomeSeries() {
        let r = readCSV("month-year,month,italy_all,greece_all\nJan-2014,1,2171,955\nFeb-2014,2,3335,NA\n",
                        ReadOptions(columns: ColumnMapping(period: "month-year", values: ["italy_all", "greece_all"])))
        #expect(r.panel.dimensions == ["series"])
        #expect(r.panel.codes == [["italy_all", "greece_all"]])
        #expect(r.panel.values.at(0) == 2171 && r.panel.values.at(2) == 955 && r.panel.values.at(3)?.isNaN == true)
    }

    @Test func sdmxCSVVersion1() throws {
        let text = """
            DATAFLOW,FREQ,GEO,CITIZEN,TIME_PERIOD,OBS_VALUE,OBS_FLAG
            ESTAT:MIGR_EIPRE(1.0),A,DE,SY,2015,100,p
            ESTAT:MIGR_EIPRE(1.0),A,DE,SY,2016,,c
            ESTAT:MIGR_EIPRE(1.0),A,DE,AF,2015,7,

            """
        let r = readCSV(text)
        #expect(r.panel.dimensions == ["FREQ", "GEO", "CITIZEN"])
        #expect(r.panel.flags == [0: "p", 1: "c"])
        #expect(r.panel.values.at(0) == 100 && r.panel.values.at(1)?.isNaN == true && r.panel.values.at(2) == 7)
        #expect(r.report.entries(of: .ignoredColumn).map(\.location.column) == ["DATAFLOW"])
    }

    @Test func sdmxCSVVersion2() {
        let text = """
            STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS
            dataflow,ESTAT:X(1.0),I,M,IT,2016-01,5,E,F
            dataflow,ESTAT:X(1.0),I,M,IT,2016-02,6,,F

            """
        let r = readCSV(text)
        #expect(r.panel.dimensions == ["FREQ", "REF_AREA"])
        #expect(r.panel.flags == [0: "E"])
        #expect(r.panel.values == [5, 6])
        #expect(Set(r.report.entries(of: .ignoredColumn).compactMap(\.location.column)) == ["STRUCTURE", "STRUCTURE_ID", "ACTION", "CONF_STATUS"])
    }

    /// SDMX-CSV 2.0 written with labels=both (the format Eurostat's SDMX 3.0 API returns on request).
    @Test func sdmxCSVWithLabels() {
        let text = """
            STRUCTURE,STRUCTURE_ID,ACTION,freq: Time frequency,geo: Geopolitical entity,TIME_PERIOD: Time,OBS_VALUE: Observation value,OBS_FLAG: Observation flag
            DATAFLOW,ESTAT:MIGR_EIPRE(1.0),I,A: Annual,DE: Germany,2015,376435,
            DATAFLOW,ESTAT:MIGR_EIPRE(1.0),I,A: Annual,FR: France,2015,109720,p

            """
        let r = readCSV(text)
        #expect(r.panel.dimensions == ["freq", "geo"])
        #expect(r.panel.codes == [["A"], ["DE", "FR"]])
        #expect(r.panel.values == [376435, 109720])
        #expect(r.panel.flags == [1: "p"])
    }

    /// A wide table as agencies publish it: a title row, a totals column, merged
    /// (empty) dimension cells, a totals row and a footnote.
    @Test func wideTableWithTitleTotalsAndFootnotes() throws {
        let text = """
            Detections of illegal border crossings,,,,
            route,nat,2016-01,2016-02,Total
            Central Med,SYR,1,2,3
            ,AFG,..,4,4
            Central Med,Total,1,6,7
            Source: agency. Data as of June.,,,,

            """
        let r = readCSV(text)
        #expect(r.panel.dimensions == ["route", "nat"])
        #expect(r.panel.keys.map { $0["nat"] } == ["SYR", "AFG", "Total"])
        #expect(r.panel.keys.dropFirst().first?["route"] == "Central Med")  // merged cell filled down
        #expect(r.report.counts.skippedRows == 2)  // title + footnote
        #expect(r.report.entries(of: .ignoredColumn).first?.location.column == "Total")
        #expect(r.report.counts.placeholders == ["..": 1])
        #expect(r.panel.values.at(2)?.isNaN == true)
        // Totals check: January has a missing part (skipped); February 2 + 4 = 6 agrees.
        #expect(r.report.entries(of: .totalMismatch).filter { $0.severity == .warning }.isEmpty)
        #expect(r.report.entries(of: .totalMismatch).first?.message.contains("'Total'") == true)
    }

    /// Spreadsheet export with the year in merged cells above the months, and a Total column per year.
    @Test func wideTableWithMergedYearHeader() {
        let text = """
            ,,2016,,,2017,,
            route,nat,Jan,Feb,Total,Jan,Feb,Total
            Central Med,SYR,1,2,3,4,5,9

            """
        let r = readCSV(text)
        #expect(r.panel.dimensions == ["route", "nat"])
        #expect(r.panel.periods.map(\.description).first == "2016-01")
        #expect(r.panel.periodCount == 14)  // 2016-01 … 2017-02
        #expect(r.panel.values.first == 1 && r.panel.values.last == 5)
        #expect(r.panel.values.at(12) == 4)
        #expect(r.report.entries(of: .ignoredColumn).count == 2)  // the two Total columns
        #expect(r.report.entries(of: .skippedRow).first?.message.contains("two-row header") == true)
        // An ordinary annual header is not mistaken for a merged one.
        let annual = readCSV("route,2015,2016\nA,1,2\n")
        #expect(annual.panel.frequency == .annual && annual.panel.values == [1, 2])
    }

    @Test func wideWithoutHeaderIsAnError() {
        let r = readCSV("a,b\n1,2\n", ReadOptions(format: .wide))
        #expect(r.report.entries(of: .missingColumn).count == 1)
    }
}

@Suite struct RoundTripTests {
    /// long CSV → Panel → long CSV → Panel is identical, including missing values, flags and vintages.
    @Test func longCSVRoundTrip() throws {
        let text = """
            reporter,route,citizenship,period,value,flag,vintage
            GRC,"Eastern Med, sea",SYR,2016-01,10,p,2016-02-01
            GRC,"Eastern Med, sea",SYR,2016-02,..,,2016-03-01
            GRC,"Eastern Med, sea",SYR,2016-03,12.5,e,2016-04-01
            GRC,"Eastern Med, sea",SYR,2016-03,11,,2016-03-15
            ITA,Central Med,ERI,2016-02,7,,2016-03-01

            """
        let options = ReadOptions(valuesAreCounts: false)
        let first = readCSV(text, options)
        #expect(!first.report.hasErrors)
        #expect(first.panel.revisions.count == 1)
        let written = PanelWriter.longCSV(first.panel)
        let second = readCSV(written, options)
        #expect(second.panel == first.panel)
        #expect(PanelWriter.longCSV(second.panel) == written)
        // Values, flags, vintages and the revision are the ones in the text.
        let p = first.panel
        #expect(p.value(series: 0, period: try Period(parsing: "2016-03")) == 12.5)
        #expect(p.flag(series: 0, period: try Period(parsing: "2016-01")) == "p")
        #expect(p.value(series: 0, period: try Period(parsing: "2016-02"))?.isNaN == true)
        #expect(p.value(series: 1, period: try Period(parsing: "2016-01"))?.isNaN == true)
        #expect(p.revisions.first?.value == 11)
        // JSON too.
        #expect(try PanelWriter.panel(fromJSON: try PanelWriter.json(p)) == p)
    }

    @Test func roundTripOfSeriesMissingAtBothEnds() throws {
        let panel = try Panel(series: [
            TimeSeries(key: SeriesKey([("route", "A")]), start: try Period(parsing: "2016-Q1"), values: [.nan, 2, .nan]),
            TimeSeries(key: SeriesKey([("route", "B")]), start: try Period(parsing: "2016-Q1"), values: [.nan, .nan, .nan]),
        ])
        let back = readCSV(PanelWriter.longCSV(panel))
        #expect(back.panel == panel)
    }
}

/// Seeded random garbage (delimiters, quotes, line breaks, digits, placeholders,
/// periods, BOMs, NUL bytes, invalid UTF-8): the reader must never crash, and
/// the panel it returns must be consistent with its shape.
@Suite struct RobustnessTests {
    @Test func randomBytesNeverCrashTheReader() {
        var rng = SplitMix64(seed: 2024)
        let pieces: [[UInt8]] = [",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "\r", "period", "value", "route", "2016-01",
                                 "2016-Q1", "2016", "..", ":", "n.a.", "-", "12", "3.5", "-4", "Total", "x", " ", "\u{FEFF}"]
            .map { Array($0.utf8) } + [[0x00], [0xFF, 0xFE], [0xC9], [0xE2, 0x82]]
        for _ in 0..<300 {
            var bytes = Array("route,period,value\n".utf8)
            if rng.next() % 4 == 0 { bytes = [] }
            for _ in 0..<(rng.next() % 60) { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let r = DataReader.read(csvBytes: bytes, name: "random.csv")
            let p = r.panel
            #expect(p.values.count == p.periodCount * p.seriesCount)
            #expect(p.seriesCodes.count == p.seriesCount * p.dimensions.count)
            #expect(p.flags.keys.allSatisfy { $0 >= 0 && $0 < p.values.count })
            #expect(r.report.counts.rejected <= r.report.counts.rows + r.report.counts.observations)
        }
    }
}
