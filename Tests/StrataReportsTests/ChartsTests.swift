import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import StrataReports

@Suite struct ChartsTests {
    @Test func niceTicksByHand() {
        // Range 95 → nice 100; step nice(100 / 4 = 25, rounded) = 20 (2.5 < 3 → 2); 0…100 by 20.
        #expect(ChartGeometry.ticks(0, 95) == [0, 20, 40, 60, 80, 100])
        // Range 0.37 → nice 0.5; step nice(0.125) = 0.1 (1.25 < 1.5 → 1); 0…0.4.
        let t = ChartGeometry.ticks(0, 0.37)
        #expect(t.count == 5)
        #expect(abs(t[4] - 0.4) < 1e-12)
    }

    @Test func numberFormats() {
        #expect(ChartNumberFormat.count.format(1500) == "1,500")
        #expect(ChartNumberFormat.count.format(15000) == "15k")
        #expect(ChartNumberFormat.count.format(2_500_000) == "2.5M")
        #expect(ChartNumberFormat.percent.format(0.25) == "25 %")
        #expect(ReportNumber.estimate(123_456) == "123,000")
        #expect(ReportNumber.estimate(987) == "987")
        #expect(ReportNumber.count(1_234_567) == "1,234,567")
        #expect(ReportNumber.change(0.234) == "+23 %")
        #expect(ReportNumber.change(-0.08) == "−8 %")
        #expect(ReportNumber.percent(0.675) == "68 %")
    }

    @Test func yearTicksForMonthlyLabels() {
        let labels = (0..<36).map { String(format: "%04d-%02d", 2020 + $0 / 12, $0 % 12 + 1) }
        let ticks = ChartGeometry.xTicks(labels)
        #expect(ticks.map(\.0) == [0, 12, 24])
        #expect(ticks.map(\.1) == ["2020", "2021", "2022"])
    }

    @Test func hostileLabelsAreEscapedInEveryChart() {
        let evil = "<script>alert('x')</script>&\"quoted\""
        let labels = ["2020-01", "2020-02", "2020-03"]
        let charts: [any SVGChart] = [
            LineChart(title: evil, xLabels: labels, yTitle: evil, series: [ChartSeries(name: evil, values: [1, .nan, 3])],
                      markers: [ChartMarker(position: 1, label: evil, dashed: true)]),
            FanChart(title: evil, historyLabels: labels, history: [1, 2, 3], forecastLabels: ["2020-04"], mean: [3],
                     bands: [.init(level: 80, lower: [2], upper: [4])], yTitle: evil),
            RankingChart(title: evil, items: [.init(label: evil, value: 0.2, lower: -0.1, upper: 0.5)], xTitle: evil),
        ]
        for chart in charts {
            let svg = chart.svg
            #expect(!svg.contains("<script"))
            #expect(!svg.contains("\"quoted\""))
            #expect(svg.contains("&lt;script&gt;"))
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>"))
            // Parses as XML.
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "chart SVG is not well-formed XML")
        }
    }

    @Test func lineChartLeavesGapsAtMissingValues() {
        let chart = LineChart(title: "t", xLabels: ["a", "b", "c", "d"], yTitle: "y",
                              series: [ChartSeries(name: "s", values: [1, 2, .nan, 4])])
        let svg = chart.svg
        // Two sub-paths: M…L… then a new M after the gap.
        let path = svg.components(separatedBy: "<path d=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
        #expect(path.filter { $0 == "M" }.count == 2)
        #expect(path.filter { $0 == "L" }.count == 1)
    }
}
