import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import Testing

/// Acceptance on planted shifts (issue 12): the truth is the generator's
/// planted dates and ratios, not the detector's output.
@Suite("Shift scenarios (planted shifts)")
struct ShiftScenarioTests {
    struct Outcome: Sendable {
        var planted = 0, found = 0, falseShifts = 0
        var routeYears = 0.0
        var ratioRuns = 0, ratioCovered = 0
        var ratioRunsDefault = 0, ratioCoveredDefault = 0
    }

    static func run(seeds: Range<UInt64>, settings: ShiftScenario.Settings) throws -> Outcome {
        let outcomes = try Parallel.map(seeds.count) { i -> Outcome in
            let scenario = try ShiftScenario.generate(seed: seeds.lowerBound + UInt64(i), settings: settings)
            var o = Outcome()
            let options = ShiftOptions()
            let composition = try RouteShiftAnalysis.composition(scenario.panel, options: options)
            let shifts = try RouteShiftAnalysis.detectShifts(in: composition, options: options)
            let detected = shifts.compactMap { $0.period.distance(from: composition.start) }
            o.planted = scenario.shifts.count
            o.found = scenario.shifts.filter { p in detected.contains { abs($0 - p.index) <= 2 } }.count
            o.falseShifts = detected.filter { d in !scenario.shifts.contains { abs($0.index - d) <= 2 } }.count
            o.routeYears = Double(settings.routes * settings.months) / 12
            for p in scenario.shifts {
                // the analyst names the targeted (losing) route; gaining: every other route
                let named = try RouteShiftAnalysis.displacement(
                    around: ShiftEvent(period: p.period, label: "planted", losing: [p.losing]), in: composition, options: options)
                o.ratioRuns += 1
                if named.ratioLower <= p.ratio && p.ratio <= named.ratioUpper { o.ratioCovered += 1 }
                let automatic = try RouteShiftAnalysis.displacement(
                    around: ShiftEvent(period: p.period, label: "planted"), in: composition, options: options)
                o.ratioRunsDefault += 1
                if automatic.ratioLower <= p.ratio && p.ratio <= automatic.ratioUpper { o.ratioCoveredDefault += 1 }
            }
            return o
        }
        var total = Outcome()
        for o in outcomes {
            total.planted += o.planted; total.found += o.found; total.falseShifts += o.falseShifts
            total.routeYears += o.routeYears
            total.ratioRuns += o.ratioRuns; total.ratioCovered += o.ratioCovered
            total.ratioRunsDefault += o.ratioRunsDefault; total.ratioCoveredDefault += o.ratioCoveredDefault
        }
        return total
    }

    @Test("≥ 90% of planted shifts within ±2 months, ≤ 1 false per 20 route-years, ratio coverage ≥ 85%",
          arguments: [(UInt64(1000)..<1040, 5, 120, 1), (UInt64(5000)..<5020, 8, 180, 2)])
    func acceptance(seeds: Range<UInt64>, routes: Int, months: Int, shifts: Int) throws {
        var settings = ShiftScenario.Settings()
        settings.routes = routes
        settings.months = months
        settings.shifts = shifts
        let o = try Self.run(seeds: seeds, settings: settings)
        let foundRate = Double(o.found) / Double(o.planted)
        let falsePer20 = Double(o.falseShifts) / o.routeYears * 20
        let coverage = Double(o.ratioCovered) / Double(o.ratioRuns)
        let coverageDefault = Double(o.ratioCoveredDefault) / Double(o.ratioRunsDefault)
        print("scenarios \(seeds) routes \(routes) months \(months): found \(o.found)/\(o.planted) = \(foundRate); false \(o.falseShifts) in \(o.routeYears) route-years = \(falsePer20) per 20; ratio coverage (named losing) \(o.ratioCovered)/\(o.ratioRuns) = \(coverage); (automatic) \(o.ratioCoveredDefault)/\(o.ratioRunsDefault) = \(coverageDefault)")
        #expect(foundRate >= 0.9)
        #expect(falsePer20 <= 1)
        #expect(coverage >= 0.85)
    }

    @Test("the generator is reproducible and plants what it says")
    func generator() throws {
        let a = try ShiftScenario.generate(seed: 7)
        let b = try ShiftScenario.generate(seed: 7)
        let c = try ShiftScenario.generate(seed: 8)
        #expect(a == b)
        #expect(a.panel != c.panel)
        #expect(a.panel.seriesCount == 5 && a.panel.periodCount == 120)
        #expect(a.shifts.count == 1)
        let s = try #require(a.shifts.first)
        #expect(s.losing != s.gaining)
        #expect(s.index >= 36 && s.index < 120 - 18)
        // the losing route's mean count falls by about the planted fraction: compare the
        // 12 months before with the 12 months after (NB noise and seasonality: loose bound)
        let losing = try #require(a.panel.seriesIndex(of: SeriesKey([("route", s.losing)])))
        let y = try a.panel.series(at: losing).values
        let before = y[(s.index - 12)..<s.index].reduce(0, +), after = y[s.index..<(s.index + 12)].reduce(0, +)
        #expect(abs(after / before - (1 - s.loss)) < 0.25)
    }

    @Test("bad generator settings are refused, not crashed on")
    func badSettings() {
        var s = ShiftScenario.Settings()
        s.routes = 1
        #expect(throws: ShiftError.self) { try ShiftScenario.generate(seed: 1, settings: s) }
        s = ShiftScenario.Settings()
        s.months = 40
        #expect(throws: ShiftError.self) { try ShiftScenario.generate(seed: 1, settings: s) }
        s = ShiftScenario.Settings()
        s.shifts = 10
        #expect(throws: ShiftError.self) { try ShiftScenario.generate(seed: 1, settings: s) }
    }
}
