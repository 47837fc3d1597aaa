import Foundation
import Testing
import StrataAnalysis
import StrataData
import StrataNumerics

/// Threat signals (ThreatSignals.swift) on series whose signals can be worked out by hand.
@Suite struct ScoringSignalsTests {
    /// 24 months at 10, then 24 months at 100 (a tenfold step at month 25).
    /// recent_volume = 12·100 = 1200.
    /// acceleration = ln(1200.5/1200.5) − ln(1200.5/120.5) = −ln 9.962656 = −2.298844.
    /// volatility: the seasonal log changes over the last 36 months are 12 × 0,
    /// 12 × ln(100.5/10.5) = 2.258782, 12 × 0; their sd (n − 1) is 1.079905.
    /// The last change point is at month 25, 24 months = 2 years before the end;
    /// its size is ln 10 = 2.302585 (levels Σy/Σf with seasonal factors f
    /// estimated from the data, hence the tolerance 0.05).
    @Test func stepSeries() {
        let y = [Double](repeating: 10, count: 24) + [Double](repeating: 100, count: 24)
        let (s, notes) = ThreatSignals.unitSignals(y, periodsPerYear: 12)
        #expect(s.count == 7)
        #expect(s[0] == 1200)
        #expect(abs(s[2] - -2.298844) < 1e-6)
        #expect(abs(s[3] - 1.079905) < 1e-6)
        #expect(s[4] == 2)
        #expect(abs(s[5] - log(10)) < 0.05)
        #expect(s[1] > 0, "growth over a series that stepped up must be positive")
        #expect(s[6].isFinite)
        #expect(notes.isEmpty, "\(notes)")
    }

    /// Too short and gappy series: missing signals with a reason, never a crash.
    @Test func shortAndGappySeries() {
        let (s, notes) = ThreatSignals.unitSignals([3, 4, 5], periodsPerYear: 12)
        #expect(s.allSatisfy { $0.isNaN })
        #expect(notes.contains { $0.hasPrefix("recent_volume: needs 12 periods") })
        let (g, gNotes) = ThreatSignals.unitSignals([1, .nan] + [Double](repeating: 5, count: 30), periodsPerYear: 12)
        #expect(g[0] == 60 && gNotes.first?.contains("missing value at period 2") == true)
        let (t, tNotes) = ThreatSignals.unitSignals([Double](repeating: 5, count: 30) + [.nan], periodsPerYear: 12)
        #expect(t.allSatisfy { $0.isNaN } && tNotes.first?.contains("last 1 period(s) are missing") == true)
        let (f, fNotes) = ThreatSignals.unitSignals((0..<36).map { 1.5 + Double($0 % 5) }, periodsPerYear: 12)
        #expect(f[1].isNaN && fNotes.contains { $0.contains("not non-negative integer counts") })
    }

    /// Share gained: route A has 5 a month in 2020 and 15 in 2021, route B 15
    /// both years. Shares 2020: 60/240 = 0.25 and 0.75; 2021: 180/360 = 0.5 each.
    /// A gains +0.25, B −0.25. The panel also has two citizenships per route,
    /// which --by route sums (each half of the counts above).
    @Test func shareGainedAndUnits() throws {
        func series(_ route: String, _ nat: String, _ first: Double, _ second: Double) throws -> TimeSeries {
            TimeSeries(key: SeriesKey([("reporter", "ITA"), ("route", route), ("citizenship", nat)]),
                       start: try Period.month(1, of: 2020),
                       values: [Double](repeating: first, count: 12) + [Double](repeating: second, count: 12))
        }
        let panel = try Panel(series: [
            try series("A", "SYR", 2, 7), try series("A", "AFG", 3, 8),
            try series("B", "SYR", 7, 7), try series("B", "AFG", 8, 8),
        ])
        let r = try ThreatSignals.compute(panel, options: ThreatSignalOptions(by: ["route"]))
        #expect(r.table.units == ["A", "B"] && r.table.indicators == ThreatSignals.columns)
        let share = try #require(r.table.indicators.firstIndex(of: "share_gained"))
        #expect(abs(r.table.values[0, share] - 0.25) < 1e-15 && abs(r.table.values[1, share] + 0.25) < 1e-15)
        #expect(r.table.values[0, 0] == 180 && r.periodsPerYear == 12 && r.lastPeriod == "2021-12")
        // Errors name what is wrong.
        #expect(throws: ThreatSignalError.unknownDimension(name: "border", available: ["reporter", "route", "citizenship"])) {
            try ThreatSignals.compute(panel, options: ThreatSignalOptions(by: ["border"]))
        }
        #expect(throws: ThreatSignalError.self) {
            try ThreatSignals.compute(panel, options: ThreatSignalOptions(by: ["route"], reporter: "GRC"))
        }
        // Units = series when no --by.
        #expect(try ThreatSignals.compute(panel).table.units.first == "ITA | A | SYR")
    }
}
