import Testing
import StrataData
import StrataNumerics
@testable import StrataAnalysis

/// Issue 11: a series near 1e-300 is segmented as the same series at ordinary
/// magnitude (it used to be called constant), with levels scaled back.
@Suite struct ExtremeMagnitudeWorkflowTests {
    @Test func tinySeriesIsSegmentedLikeTheOrdinaryOne() throws {
        var random = SplitMix64(seed: 2026)
        var y = (0..<60).map { (_: Int) -> Double in 1 + 0.1 * random.nextNormal() }
        for t in 30..<60 { y[t] += 2 }
        let start = try Period.month(1, of: 2020)
        let settings = ChangePointWorkflow.Settings()  // the default (recommended) configuration
        let ordinary = try ChangePointWorkflow.detect(TimeSeries(key: SeriesKey([]), start: start, values: y), settings: settings)
        let tiny = try ChangePointWorkflow.detect(
            TimeSeries(key: SeriesKey([]), start: start, values: y.map { $0 * 0x1p-1000 }), settings: settings)
        #expect(ordinary.changepoints == [30])
        #expect(tiny.changepoints == ordinary.changepoints)
        for (t, o) in zip(tiny.segments, ordinary.segments) {
            #expect(abs(t.level / 0x1p-1000 - o.level) <= 1e-12 * abs(o.level))
        }
    }
}
