import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import Testing

/// Hand-checked cases and bad input for ``RouteShiftAnalysis``.
@Suite("Route shifts: hand calculations and bad input")
struct ShiftAnalysisTests {
    static let start = Period(frequency: .monthly, index: 2015 * 12)

    static func panel(_ routes: [(String, [Double])], extra: [(String, String)] = []) throws -> Panel {
        try Panel(series: routes.map { code, values in
            TimeSeries(key: SeriesKey(extra + [("route", code)]), start: start, values: values)
        })
    }

    static func constant(_ v: Double, _ n: Int) -> [Double] { [Double](repeating: v, count: n) }

    /// 48 months; A = 100 until month 36, then 0; B = 50, then 100; C = 20 throughout.
    static func toy() throws -> Panel {
        let a = constant(100, 37) + constant(0, 11)
        let b = constant(50, 37) + constant(100, 11)
        return try panel([("A", a), ("B", b), ("C", constant(20, 48))])
    }

    @Test("displacement on constant series, by hand: ratio 0.5, WDQ −0.5")
    func constantToy() throws {
        // Event month 2018-01 (index 36); window = months 37…45 (9 months). Every route is
        // constant before the event, so its counterfactual is exactly its level with a zero-width
        // interval: A 9 × 100 = 900 (observed 0), B 9 × 50 = 450 (observed 900), C 180 (180).
        // Ratio = (900 − 450) / (900 − 0) = 0.5. WDQ with control C, before = the same months
        // a year earlier (A 900, B 450, C 180), after (A 0, B 900, C 180):
        // (900/180 − 450/180) / (0/180 − 900/180) = 2.5 / −5 = −0.5.
        let c = try RouteShiftAnalysis.composition(try Self.toy())
        var options = ShiftOptions()
        options.control = "C"
        let d = try RouteShiftAnalysis.displacement(around: ShiftEvent(period: Self.start + 36, label: "toy"), in: c, options: options)
        #expect(d.window == [Self.start + 37, Self.start + 45])
        #expect(d.losing == ["A"] && d.gaining == ["B"] && d.control == "C")
        let a = try #require(d.routes.first { $0.code == "A" })
        #expect(a.observed == 0 && abs(a.counterfactual - 900) < 1e-9 && abs(a.lower - 900) < 1e-9 && abs(a.upper - 900) < 1e-9)
        #expect(abs(d.displacementRatio - 0.5) < 1e-12)
        #expect(abs(d.ratioLower - 0.5) < 1e-12 && abs(d.ratioUpper - 0.5) < 1e-12)
        #expect(abs(d.wdq - -0.5) < 1e-12)
        // the same result again (seeded)
        #expect(try RouteShiftAnalysis.displacement(around: ShiftEvent(period: Self.start + 36, label: "toy"), in: c, options: options) == d)
    }

    @Test("the toy shift is found at month 37 as displacement with A losing and B gaining")
    func toyShift() throws {
        let shifts = try RouteShiftAnalysis.analyze(try Self.toy()).shifts
        let s = try #require(shifts.first)
        #expect(shifts.count == 1)
        #expect(s.period == Self.start + 37)
        #expect(s.losing.map(\.code) == ["A"])
        // shares before: A 100/170, B 50/170, C 20/170; after: A 0, B 100/120, C 20/120
        let a = try #require(s.losing.first)
        #expect(abs(a.shareBefore - 100.0 / 170) < 1e-12 && a.shareAfter == 0)
        let b = try #require(s.gaining.first { $0.code == "B" })
        #expect(abs(b.shareAfter - 100.0 / 120) < 1e-12)
        // the total falls from 170 to 120 (log ratio −0.35 ≥ 0.25): both kinds of change at once
        #expect(s.kind == .both)
    }

    @Test("zero shares are replaced by 0.5 / max(total, D)")
    func zeroReplacement() throws {
        // month 0: A 0, B 10 → δ = 0.5 / 10 = 0.05 → (0.05, 0.95); month 1: A 1, B 1 → (0.5, 0.5)
        let p = try Self.panel([("A", [0, 1] + Self.constant(5, 22)), ("B", [10, 1] + Self.constant(5, 22))])
        let c = try RouteShiftAnalysis.composition(p)
        #expect(abs(c.shares[0][0] - 0.05) < 1e-15 && abs(c.shares[1][0] - 0.95) < 1e-15)
        #expect(c.shares[0][1] == 0.5)
        #expect(c.totals[0] == 10)
    }

    @Test("emerging profiles: a series rising from zero is flagged, a tiny intermittent one is not")
    func emerging() throws {
        // X/AAA = 1000 throughout; X/BBB = 0 for 24 months, then 200; X/CCC = 3 in even months, 0 in odd ones.
        let n = 40
        let series = [
            TimeSeries(key: SeriesKey([("route", "X"), ("citizenship", "AAA")]), start: Self.start, values: Self.constant(1000, n)),
            TimeSeries(key: SeriesKey([("route", "X"), ("citizenship", "BBB")]), start: Self.start,
                       values: Self.constant(0, 24) + Self.constant(200, n - 24)),
            TimeSeries(key: SeriesKey([("route", "X"), ("citizenship", "CCC")]), start: Self.start,
                       values: (0..<n).map { $0 % 2 == 0 ? 3 : 0 }),
        ]
        let e = try RouteShiftAnalysis.emergingProfiles(try Panel(series: series))
        #expect(e.count == 1)
        let p = try #require(e.first)
        #expect(p.codes == ["X", "BBB"] && p.code == "X / BBB")
        #expect(p.period == Self.start + 24)
        // months 24, 25, 26: shares 200/1203, 200/1200, 200/1203
        #expect(abs(p.share - (2 * 200.0 / 1203 + 200.0 / 1200) / 3) < 1e-15)
        #expect(p.count == 200)
    }

    @Test("event parsing")
    func events() throws {
        let e = try ShiftEvent(parsing: "2016-03:EU-Turkey statement")
        #expect(e.period == Period.parse("2016-03") && e.label == "EU-Turkey statement")
        #expect(try ShiftEvent(parsing: "2017-07").label == "2017-07")
        #expect(throws: ShiftError.self) { try ShiftEvent(parsing: "March:EU") }
    }

    @Test("JSON keys are the issue's, with null for absent values")
    func json() throws {
        var options = ShiftOptions()
        options.events = [ShiftEvent(period: Self.start + 36, label: "toy")]
        let report = try RouteShiftAnalysis.analyze(try Self.toy(), options: options)
        let text = String(decoding: try StrataJSON.encode(report).data, as: UTF8.self)
        for key in ["\"shifts\":", "\"period\":\"2018-02\"", "\"periodRange\":[", "\"kind\":\"both\"", "\"losing\":[{\"code\":\"A\"",
                    "\"shareBefore\":", "\"shareAfter\":", "\"gaining\":", "\"events\":[", "\"routes\":[", "\"observed\":",
                    "\"counterfactual\":", "\"lower\":", "\"upper\":", "\"displacementRatio\":", "\"ratioLower\":",
                    "\"ratioUpper\":", "\"wdq\":null", "\"control\":null", "\"emerging\":[]", "\"replay\":null"] {
            #expect(text.contains(key), "missing \(key)")
        }
        // reads back, null numbers as NaN (Equatable compares NaN as unequal: compare fields)
        let decoded = try JSONDecoder().decode(ShiftReport.self, from: Data(text.utf8))
        #expect(decoded.shifts == report.shifts)
        #expect(decoded.events.first?.wdq.isNaN == true && decoded.events.first?.control == nil)
        #expect(decoded.events.first?.routes == report.events.first?.routes)
        #expect(abs((decoded.events.first?.displacementRatio ?? 0) - 0.5) < 1e-12)
    }

    // MARK: - bad input

    @Test("a single route")
    func singleRoute() throws {
        let p = try Self.panel([("A", Self.constant(5, 30))])
        #expect(throws: ShiftError.tooFewRoutes(found: ["A"], allZero: [])) { try RouteShiftAnalysis.analyze(p) }
    }

    @Test("routes with an all-zero history are left out with a note, or refused when fewer than two remain")
    func allZero() throws {
        let p = try Self.panel([("A", Self.constant(5, 30)), ("B", Self.constant(0, 30)), ("C", Self.constant(0, 30))])
        #expect(throws: ShiftError.tooFewRoutes(found: ["A"], allZero: ["B", "C"])) { try RouteShiftAnalysis.analyze(p) }
        let q = try Self.panel([("A", Self.constant(5, 30)), ("B", Self.constant(0, 30)), ("C", Self.constant(7, 30))])
        let r = try RouteShiftAnalysis.analyze(q)
        #expect(r.routes == ["A", "C"])
        #expect(r.notes.contains { $0.contains("all-zero history: B") })
        let message = ShiftError.tooFewRoutes(found: ["A"], allZero: ["B", "C"]).description
        #expect(message.contains("at least 2 routes") && message.contains("B, C"))
    }

    @Test("a total missing where parts exist, and a missing part")
    func missing() throws {
        var total = Self.constant(10, 30)
        total[7] = .nan
        let p = try Self.panel([("A", Self.constant(5, 30)), ("B", Self.constant(5, 30)), ("Total", total)])
        #expect(throws: ShiftError.totalMissing(period: Self.start + 7)) { try RouteShiftAnalysis.analyze(p) }
        var a = Self.constant(5, 30)
        a[9] = .nan
        let q = try Self.panel([("A", a), ("B", Self.constant(5, 30))])
        #expect(throws: ShiftError.missingValue(code: "A", period: Self.start + 9)) { try RouteShiftAnalysis.analyze(q) }
        #expect(ShiftError.missingValue(code: "A", period: Self.start + 9).description.contains("--absent-is-zero"))
    }

    @Test("events outside the data range, too early or at the last month")
    func eventsOutside() throws {
        let c = try RouteShiftAnalysis.composition(try Self.toy())
        for period in [Self.start + 100, Self.start - 3, Self.start + 5, Self.start + 47] {
            #expect(throws: ShiftError.self) {
                try RouteShiftAnalysis.displacement(around: ShiftEvent(period: period, label: "x"), in: c)
            }
        }
        let yearly = ShiftEvent(period: Period(frequency: .annual, index: 2016), label: "yearly")
        #expect(throws: ShiftError.eventOutsideData(event: "yearly", period: yearly.period, detail: "is not a month")) {
            try RouteShiftAnalysis.replay(c, events: [yearly])
        }
        do {
            _ = try RouteShiftAnalysis.displacement(around: ShiftEvent(period: Self.start + 100, label: "late"), in: c)
        } catch let e as ShiftError {
            #expect(e.description.contains("outside the data (2015-01 to 2018-12)"))
        }
    }

    @Test("a control route that is also a losing route, and unknown routes")
    func control() throws {
        let c = try RouteShiftAnalysis.composition(try Self.toy())
        var options = ShiftOptions()
        options.control = "A"
        let named = ShiftEvent(period: Self.start + 36, label: "toy", losing: ["A"])
        #expect(throws: ShiftError.controlInEvent(control: "A", event: "toy", role: "losing")) {
            try RouteShiftAnalysis.displacement(around: named, in: c, options: options)
        }
        // automatic losing routes: A falls below its interval, so it cannot be the control
        #expect(throws: ShiftError.self) {
            try RouteShiftAnalysis.displacement(around: ShiftEvent(period: Self.start + 36, label: "toy"), in: c, options: options)
        }
        options.control = "Z"
        #expect(throws: ShiftError.unknownRoute("Z", parameter: "control", available: ["A", "B", "C"])) {
            try RouteShiftAnalysis.displacement(around: ShiftEvent(period: Self.start + 36, label: "toy"), in: c, options: options)
        }
    }

    @Test("reporters, frequency, length and parameters")
    func otherBadInput() throws {
        let two = try Panel(series: [
            TimeSeries(key: SeriesKey([("reporter", "GRC"), ("route", "A")]), start: Self.start, values: Self.constant(5, 30)),
            TimeSeries(key: SeriesKey([("reporter", "ITA"), ("route", "A")]), start: Self.start, values: Self.constant(5, 30)),
        ])
        #expect(throws: ShiftError.reporterRequired(dimension: "reporter", available: ["GRC", "ITA"])) { try RouteShiftAnalysis.analyze(two) }
        var options = ShiftOptions()
        options.reporter = "ESP"
        #expect(throws: ShiftError.unknownReporter("ESP", available: ["GRC", "ITA"])) { try RouteShiftAnalysis.analyze(two, options: options) }
        options = ShiftOptions()
        options.by = "border"
        #expect(throws: ShiftError.unknownDimension("border", available: ["reporter", "route"])) { try RouteShiftAnalysis.analyze(two, options: options) }
        let annual = try Panel(series: [
            TimeSeries(key: SeriesKey([("route", "A")]), start: Period(frequency: .annual, index: 2000), values: [1, 2, 3]),
            TimeSeries(key: SeriesKey([("route", "B")]), start: Period(frequency: .annual, index: 2000), values: [1, 2, 3]),
        ])
        #expect(throws: ShiftError.notMonthly(.annual)) { try RouteShiftAnalysis.analyze(annual) }
        let short = try Self.panel([("A", Self.constant(5, 20)), ("B", Self.constant(3, 20))])
        #expect(throws: ShiftError.tooShort(months: 20, minimum: 24, purpose: "shift detection (seasonal adjustment)")) {
            try RouteShiftAnalysis.analyze(short)
        }
        options = ShiftOptions()
        options.level = 1.5
        #expect(throws: ShiftError.self) { try RouteShiftAnalysis.analyze(try Self.toy(), options: options) }
        options = ShiftOptions()
        options.draws = 0
        #expect(throws: ShiftError.self) { try RouteShiftAnalysis.analyze(try Self.toy(), options: options) }
        let empty = try Panel(series: [])
        #expect(throws: ShiftError.self) { try RouteShiftAnalysis.analyze(empty) }
    }
}
