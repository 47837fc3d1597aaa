import Testing
@testable import StrataAnalysis
import StrataData
import StrataNumerics
@testable import StrataReports

@Suite struct AnalysisPlotsTests {
    /// A series with one value, and one with only missing values, still
    /// give a well-formed chart: no NaN or infinite coordinate in the SVG.
    @Test func degenerateSeriesDrawWithoutNonFiniteCoordinates() throws {
        let start = try Period.month(1, of: 2020)
        let one = TimeSeries(key: SeriesKey([("route", "A")]), start: start, values: [7])
        let outcome = ChangePointWorkflow.Outcome(
            cost: "poisson", method: "pelt", penalty: "mbic", penaltyValue: nil, changepoints: [],
            segments: [ChangePointWorkflow.Segment(start: 0, end: 0, startPeriod: start, endPeriod: start, level: 7,
                                                   lower: nil, upper: nil, ratioToPrevious: nil)],
            changeProbability: nil)
        for figure in [AnalysisPlots.changePoints(one, outcome, title: "one value"),
                       AnalysisPlots.changePoints(TimeSeries(key: one.key, start: start, values: [.nan, .nan]),
                                                  outcome, title: "all missing")] {
            let svg = AnalysisPlots.document([figure], title: "t", format: .svg)
            #expect(svg.hasPrefix("<svg"))
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }

    /// The stacked SVG is as tall as its charts (their `height` attributes) plus
    /// the 10 px gaps and the 10 px top margin: 2 × 190 + 2 × 10 + 10 = 410 for
    /// two decomposition-sized panels without headings.
    @Test func stackedHeightIsTheSumOfTheCharts() {
        let panel = LineChart(title: "p", xLabels: ["a", "b"], yTitle: "v",
                              series: [ChartSeries(name: "s", values: [1, 2])], height: 190).svg
        #expect(AnalysisPlots.height(of: panel) == 190)
        let svg = AnalysisPlots.document([AnalysisFigure(title: "x", charts: [panel, panel])], title: "t", format: .svg)
        #expect(svg.contains("height=\"410\""))
    }
}
