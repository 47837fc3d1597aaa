import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import StrataTestSupport
import Testing

/// The documented route shifts in Frontex's monthly detections of irregular
/// border crossings (../shared/data/frontex_ibc, read with absent rows as
/// zero). The figures each test rests on are the published monthly totals by
/// route (summed over nationality and land/sea), quoted in issue 12 and
/// re-read from the file in `figures()`:
/// * EU–Turkey statement (18 March 2016): Eastern Mediterranean 27,343 in
///   March 2016, 4,324 in April; April–December 2016 against the same months
///   of 2015: Eastern Med −97 %, Central Med +13 % (a fall of 842,924 and a
///   rise of 18,906: about 2 % of the fall reappeared on the Central Med).
/// * Libya, July 2017: Central Med 23,461 (June), 11,460 (July), 3,914
///   (August); Western Med rising to 9,526 in October 2018; the log-ratio of
///   Western to Central Med changes sign.
/// * Western African route (Canary Islands) surge in 2020, peak 8,175 in November.
/// * Eastern land borders (Belarus), mid-2021: 42 in March, 147 in April,
///   601 in June, 3,236 in July 2021.
@Suite("Route shifts on the Frontex monthly detections")
struct ShiftFrontexTests {
    static let path = "data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv"
    static let eastMed = "Eastern Mediterranean Route", centralMed = "Central Mediterranean Route"
    static let westMed = "Western Mediterranean Route", westAfrica = "Western African Route"
    static let eastBorders = "Eastern Borders Route", balkans = "Western Balkan Route"

    static func panel() -> Panel? {
        guard let url = SharedData.file(path) else { return nil }
        return DataReader.read(contentsOf: url, options: ReadOptions(fillAbsentWithZero: true)).panel
    }

    static func month(_ text: String) -> Period { Period.parse(text) ?? Period(frequency: .monthly, index: 0) }

    static func value(_ c: RouteComposition, _ code: String, _ period: String) -> Double {
        guard let j = c.codes.firstIndex(of: code), let t = month(period).distance(from: c.start) else { return .nan }
        return c.counts[j][t]
    }

    @Test("the figures the tests rest on are those of the file")
    func figures() throws {
        guard let panel = Self.panel() else { return }
        let c = try RouteShiftAnalysis.composition(panel)
        #expect(Self.value(c, Self.eastMed, "2016-03") == 27_343)
        #expect(Self.value(c, Self.eastMed, "2016-04") == 4_324)
        #expect(Self.value(c, Self.centralMed, "2017-06") == 23_461)
        #expect(Self.value(c, Self.centralMed, "2017-07") == 11_460)
        #expect(Self.value(c, Self.centralMed, "2017-08") == 3_914)
        #expect(Self.value(c, Self.westMed, "2018-10") == 9_526)
        #expect(Self.value(c, Self.westAfrica, "2020-11") == 8_175)
        #expect(Self.value(c, Self.eastBorders, "2021-07") == 3_236)
    }

    static func shift(_ shifts: [RouteShift], from: String, to: String, where predicate: (RouteShift) -> Bool) -> RouteShift? {
        shifts.first { $0.period >= month(from) && $0.period <= month(to) && predicate($0) }
    }

    @Test("EU–Turkey 2016: a shift in April 2016 with the Eastern Med losing share")
    func euTurkeyShift() throws {
        guard let panel = Self.panel() else { return }
        let shifts = try RouteShiftAnalysis.analyze(panel).shifts
        let s = try #require(Self.shift(shifts, from: "2016-03", to: "2016-05") { s in s.losing.contains { $0.code == Self.eastMed } })
        #expect(s.kind != .volume)
        let east = try #require(s.losing.first { $0.code == Self.eastMed })
        // the Eastern Med's share falls to well under half of what it was (0.51 → 0.12 here)
        #expect(east.shareAfter < east.shareBefore / 2)
        #expect(s.gaining.contains { $0.code == Self.centralMed })
        #expect(s.periodRange[0] <= s.period && s.period <= s.periodRange[1])
        #expect(s.periodRange[0] >= Self.month("2016-02") && s.periodRange[1] <= Self.month("2016-06"))
    }

    @Test("EU–Turkey 2016: with the Central Med as gaining route, the displacement ratio is small")
    func euTurkeyRatio() throws {
        guard let panel = Self.panel() else { return }
        let c = try RouteShiftAnalysis.composition(panel)
        let event = ShiftEvent(period: Self.month("2016-03"), label: "EU-Turkey", losing: [Self.eastMed], gaining: [Self.centralMed])
        let d = try RouteShiftAnalysis.displacement(around: event, in: c)
        #expect(d.window == [Self.month("2016-04"), Self.month("2016-12")])
        let east = try #require(d.routes.first { $0.code == Self.eastMed })
        // observed April–December 2016 (28,310) far below its counterfactual interval
        #expect(east.observed == 28_310)
        #expect(east.excessUpper < 0)
        // the published comparison gives 18,906 / 842,924 ≈ 0.022; strata's counterfactual
        // ratio must be small, and its interval must not exclude small values (no claim of large displacement)
        #expect(d.displacementRatio >= 0 && d.displacementRatio < 0.1)
        #expect(d.ratioLower < 0.1)
        #expect(d.ratioLower <= d.displacementRatio && d.displacementRatio <= d.ratioUpper)
    }

    @Test("Libya 2017: the Central Med loses share from August 2017, the Western Med gains, their log-ratio changes sign")
    func libya() throws {
        guard let panel = Self.panel() else { return }
        let shifts = try RouteShiftAnalysis.analyze(panel).shifts
        let s = try #require(Self.shift(shifts, from: "2017-06", to: "2017-09") { s in s.losing.contains { $0.code == Self.centralMed } })
        #expect(s.gaining.contains { $0.code == Self.westMed })
        // log(West/Central) before the 2017 shift and after the last shift of 2017–2018 that moves them
        let central = try #require(s.losing.first { $0.code == Self.centralMed })
        let west = try #require(s.gaining.first { $0.code == Self.westMed })
        let before = Foundation.log(west.shareBefore / central.shareBefore)
        #expect(before < -1)
        let later = try #require(Self.shift(shifts, from: "2017-10", to: "2018-12") { s in
            s.gaining.contains { $0.code == Self.westMed } && s.losing.contains { $0.code == Self.centralMed }
        })
        let w2 = try #require(later.gaining.first { $0.code == Self.westMed })
        let c2 = try #require(later.losing.first { $0.code == Self.centralMed })
        #expect(Foundation.log(w2.shareAfter / c2.shareAfter) > 0)
    }

    @Test("Libya 2017: the Central Med falls below its counterfactual; the WDQ depends on the control")
    func libyaEvent() throws {
        guard let panel = Self.panel() else { return }
        let c = try RouteShiftAnalysis.composition(panel)
        let event = ShiftEvent(period: Self.month("2017-07"), label: "Libya", losing: [Self.centralMed], gaining: [Self.westMed])
        var options = ShiftOptions()
        options.control = Self.eastMed
        let a = try RouteShiftAnalysis.displacement(around: event, in: c, options: options)
        options.control = Self.balkans
        let b = try RouteShiftAnalysis.displacement(around: event, in: c, options: options)
        let central = try #require(a.routes.first { $0.code == Self.centralMed })
        #expect(central.excessUpper < 0)
        #expect(a.control == Self.eastMed && b.control == Self.balkans)
        #expect(a.wdq.isFinite && b.wdq.isFinite)
        #expect(a.wdq != b.wdq)
        // hand check of the WDQ from the published monthly figures (same months one year earlier)
        func total(_ code: String, _ from: String, _ to: String) -> Double {
            guard let j = c.codes.firstIndex(of: code), let lo = Self.month(from).distance(from: c.start),
                  let hi = Self.month(to).distance(from: c.start) else { return .nan }
            return c.counts[j][lo...hi].reduce(0, +)
        }
        let aB = total(Self.centralMed, "2016-08", "2017-04"), aA = total(Self.centralMed, "2017-08", "2018-04")
        let bB = total(Self.westMed, "2016-08", "2017-04"), bA = total(Self.westMed, "2017-08", "2018-04")
        let cB = total(Self.eastMed, "2016-08", "2017-04"), cA = total(Self.eastMed, "2017-08", "2018-04")
        let expected = (bA / cA - bB / cB) / (aA / cA - aB / cB)
        #expect(abs(a.wdq - expected) < 1e-12 * max(1, abs(expected)))
    }

    @Test("Western African route 2020 and Eastern land borders 2021: shifts with the route gaining")
    func westAfricaAndBelarus() throws {
        guard let panel = Self.panel() else { return }
        let shifts = try RouteShiftAnalysis.analyze(panel).shifts
        let wa = try #require(Self.shift(shifts, from: "2020-01", to: "2020-12") { s in
            s.gaining.contains { $0.code == Self.westAfrica && $0.shareAfter > 2 * $0.shareBefore }
        })
        #expect(wa.kind != .volume || !wa.gaining.isEmpty)
        let eb = try #require(Self.shift(shifts, from: "2021-03", to: "2021-09") { s in
            s.gaining.contains { $0.code == Self.eastBorders && $0.shareAfter > 2 * $0.shareBefore }
        })
        #expect(eb.period <= Self.month("2021-08"))
    }

    @Test("replay: months to flag for the four events")
    func replay() throws {
        guard let panel = Self.panel() else { return }
        var options = ShiftOptions()
        options.replay = true
        options.events = [
            ShiftEvent(period: Self.month("2016-03"), label: "EU-Turkey statement"),
            ShiftEvent(period: Self.month("2017-07"), label: "Libya"),
            ShiftEvent(period: Self.month("2020-08"), label: "Western African surge"),
            ShiftEvent(period: Self.month("2021-06"), label: "Eastern borders (Belarus)"),
        ]
        let c = try RouteShiftAnalysis.composition(panel, options: options)
        let r = try RouteShiftAnalysis.replay(c, events: options.events, options: options)
        for e in r.events.prefix(4) {
            print("replay \(e.label) \(e.period): flagged at \(e.flaggedAt?.description ?? "never") (shift dated \(e.flaggedPeriod?.description ?? "-")), months to flag \(e.monthsToFlag.map(String.init) ?? "-")")
        }
        print("replay: \(r.replayedMonths) months, \(r.flags) flags, \(r.falseFlags) false, \(r.falseFlagsPerRouteYear) per route-year")
        for e in r.events.prefix(4) {
            let m = try #require(e.monthsToFlag)
            // a regime change needs 3 months of data after it (minimum segment length) to be dated
            #expect(m >= 0 && m <= 6)
        }
        #expect(r.falseFlagsPerRouteYear < 0.25)
    }
}
