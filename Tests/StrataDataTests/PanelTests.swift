import Foundation
import Testing
@testable import StrataData

@Suite struct PanelTests {
    func key(_ route: String, _ nat: String) -> SeriesKey { SeriesKey([("route", route), ("nat", nat)]) }

    /// The layout contract numerics rely on: one contiguous column-major matrix,
    /// rows = periods, columns = series (written out by hand here).
    @Test func valuesAreColumnMajorPeriodsBySeries() throws {
        let jan = try Period(parsing: "2016-01")
        let panel = try Panel(series: [
            TimeSeries(key: key("A", "SYR"), start: jan, values: [1, 2, 3]),
            TimeSeries(key: key("B", "AFG"), start: jan + 1, values: [20, 30, 40]),
        ])
        #expect(panel.periodCount == 4)
        #expect(panel.seriesCount == 2)
        #expect(panel.start == jan)
        let expected: [Double] = [1, 2, 3, .nan, .nan, 20, 30, 40]
        #expect(panel.values.count == 8)
        for (x, y) in zip(panel.values, expected) { #expect(x == y || (x.isNaN && y.isNaN)) }
        #expect(panel.codes == [["A", "B"], ["SYR", "AFG"]])
        #expect(panel.value(series: 1, period: jan + 3) == 40)
        #expect(panel.value(series: 2, period: jan) == nil)
        #expect(try panel.key(ofSeries: 1) == key("B", "AFG"))
        #expect(panel.seriesIndex(of: key("B", "AFG")) == 1)
        #expect(throws: PanelError.seriesOutOfRange(5)) { try panel.series(at: 5) }
    }

    @Test func rejectsInconsistentSeries() throws {
        let jan = try Period(parsing: "2016-01")
        #expect(throws: PanelError.self) {
            try Panel(series: [TimeSeries(key: key("A", "X"), start: jan, values: [1]),
                               TimeSeries(key: key("A", "X"), start: jan, values: [2])])
        }
        #expect(throws: PanelError.self) {
            try Panel(series: [TimeSeries(key: key("A", "X"), start: jan, values: [1]),
                               TimeSeries(key: key("B", "X"), start: try Period(parsing: "2016-Q1"), values: [2])])
        }
        #expect(throws: PanelError.self) {
            try Panel(series: [TimeSeries(key: key("A", "X"), start: jan, values: [1]),
                               TimeSeries(key: SeriesKey([("route", "B")]), start: jan, values: [2])])
        }
    }

    @Test func jsonRoundTripKeepsMissingValues() throws {
        let q = try Period(parsing: "2016-Q1")
        let panel = try Panel(series: [TimeSeries(key: key("A", "SYR"), start: q, values: [1, .nan, 3.5])])
        let data = try PanelWriter.json(panel)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("[1,null,3.5]"))
        #expect(try PanelWriter.panel(fromJSON: data) == panel)
    }

    @Test func seriesKeyReadsAsPairs() {
        let k = key("Central Mediterranean Route", "SYR")
        #expect(k["nat"] == "SYR")
        #expect(k["sex"] == nil)
        #expect(k.description == "route=Central Mediterranean Route, nat=SYR")
        #expect(TotalCode.isTotal("Total") && TotalCode.isTotal("_T") && TotalCode.isTotal("TOTAL"))
        #expect(!TotalCode.isTotal("Totals") && !TotalCode.isTotal("SYR"))
    }
}
