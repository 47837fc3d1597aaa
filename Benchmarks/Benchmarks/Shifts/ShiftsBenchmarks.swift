// Route-shift benchmarks (issue 12): 30 reporters × 10 routes × 200 months
// from the seeded ShiftScenario generator (2 planted shifts per reporter),
// all shifts and two events per reporter (counterfactuals, ratio intervals
// with 2,000 draws, WDQ), reporters in parallel; and the month-by-month
// replay of one reporter.
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target ShiftsBenchmarks
import Benchmark
import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics

/// 30 reporters (`P01`…`P30`), each a ShiftScenario with 10 routes × 200 months (seed = reporter number).
func shiftPanel(reporters: Int = 30, routes: Int = 10, months: Int = 200) throws -> Panel {
    var settings = ShiftScenario.Settings()
    settings.routes = routes
    settings.months = months
    settings.shifts = 2
    var series: [TimeSeries] = []
    for r in 1...reporters {
        let scenario = try ShiftScenario.generate(seed: UInt64(r), settings: settings)
        for s in 0..<scenario.panel.seriesCount {
            let one = try scenario.panel.series(at: s)
            let route = one.key["route"] ?? "?"
            series.append(TimeSeries(key: SeriesKey([("reporter", String(format: "P%02d", r)), ("route", route)]),
                                     start: one.start, values: one.values))
        }
    }
    return try Panel(series: series)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 10)

    guard let panel = try? shiftPanel(), let start = panel.start else { return }
    var options = ShiftOptions()
    options.events = [ShiftEvent(period: start + 80, label: "event 1"), ShiftEvent(period: start + 150, label: "event 2")]
    options.control = nil

    Benchmark("shifts + 2 events, 30 reporters × 10 routes × 200 months") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try RouteShiftAnalysis.analyzeEachReporter(panel, options: options))
        }
    }

    var one = ShiftOptions()
    one.reporter = "P01"
    Benchmark("replay, 1 reporter × 10 routes × 200 months (165 detections)") { benchmark in
        for _ in benchmark.scaledIterations {
            let composition = try RouteShiftAnalysis.composition(panel, options: one)
            blackHole(try RouteShiftAnalysis.replay(composition, events: [], options: one))
        }
    }
}
