import Foundation
import Testing
import StrataData
import StrataNumerics
@testable import StrataAnalysis

/// Builds the assessment fixture: routes A and B, 2020-01 to 2022-12.
/// A is 100 a month except the last three months (200); B is 50 a month
/// except 2021-06 (3, below the disclosure threshold of 5).
enum AssessmentFixture {
    static func csv(reporters: [String] = []) -> String {
        var rows = [reporters.isEmpty ? "route,citizenship,period,value" : "reporter,route,citizenship,period,value"]
        let start = Period(frequency: .monthly, index: 2020 * 12)
        for reporter in reporters.isEmpty ? [""] : reporters {
            for t in 0..<36 {
                let period = (start + t).description
                let a = t >= 33 ? 200 : 100
                let b = period == "2021-06" ? 3 : 50
                let prefix = reporter.isEmpty ? "" : reporter + ","
                rows.append("\(prefix)A,SYR,\(period),\(a)")
                rows.append("\(prefix)B,AFG,\(period),\(b)")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static func panel(reporters: [String] = []) -> ReadResult {
        DataReader.read(csv: csv(reporters: reporters))
    }
}

@Suite struct AssessmentAnalysisTests {
    @Test func levelsSharesAndDisclosureByHand() throws {
        let read = AssessmentFixture.panel()
        #expect(!read.report.hasErrors)
        var config = AssessmentConfiguration()
        config.trackRecordOrigins = 2
        let a = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: config)
        #expect(a.routes.map(\.route) == ["A", "B"])
        let routeA = try #require(a.routes.first)
        // Last year (2022): 9 × 100 + 3 × 200 = 1,500; B: 12 × 50 = 600; total 2,100.
        #expect(routeA.lastYear == .value(1500))
        #expect(a.total.lastYear == .value(2100))
        #expect(abs(routeA.shareLastYear - 1500.0 / 2100.0) < 1e-12)
        // Last 6 months: 3 × 100 + 3 × 200 = 900 against 600 a year earlier: +50 %.
        #expect(routeA.lastBlock == .value(900))
        #expect(routeA.lastBlockYearEarlier == .value(600))
        #expect(abs(routeA.lastBlockChange - 0.5) < 1e-12)
        // B's 3 in 2021-06 (index 17) is suppressed; so is nothing else.
        let b = try #require(a.routes.last)
        #expect(b.observed[17] == .suppressed(below: 5))
        #expect(b.observed.filter(\.isSuppressed).count == 1)
        #expect(a.dataQuality.suppressedCells == 1)
        // Profiles: SYR 1,500, AFG 600 in the last year.
        #expect(a.profiles.map(\.profile) == ["SYR", "AFG"])
        #expect(a.profiles.first?.lastYear == .value(1500))
    }

    @Test func warningOnAConstantSeriesThatDoubles() throws {
        let read = AssessmentFixture.panel()
        let a = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: AssessmentConfiguration())
        let w = try #require(a.warnings.first { $0.route == "A" })
        // Last 3 months 600 against 300 a year earlier: ratio 2 ≥ 1.5, red rise.
        #expect(w.current == .value(600))
        #expect(w.yearEarlier == .value(300))
        #expect(w.status == .red)
        #expect(w.direction == "rise")
        // Next 3 months (2023-01…03) against 2022-01…03 = 300: amber at 375, red at 450; falls at 240 and 200.
        #expect(abs(w.amberRiseThreshold - 375) < 1e-9)
        #expect(abs(w.redRiseThreshold - 450) < 1e-9)
        #expect(abs(w.amberFallThreshold - 240) < 1e-9)
        #expect(abs(w.redFallThreshold - 200) < 1e-9)
        // History: end months 14…29 can be scored (16); the ratio is 1 throughout, so no signal;
        // at month 29 the next six (300 + 600 = 900) rise 50 % on a year earlier (600) unsignalled.
        #expect(w.evaluatedPeriods == 16)
        #expect(w.signals == 0)
        #expect(w.falseAlarmRate.isNaN)
        #expect(w.missedChanges == 1)
    }

    @Test func comonotoneTotalProbability() {
        // Means 10 and 10; upper 95 % bounds 10 + 1.96·2 and 10 + 1.96·3 → sd of the total 2 + 3 = 5.
        let z = 1.959963984540054
        let f = Forecast(method: "test", mean: [10, 10], intervals: [
            PredictionInterval(level: 80, lower: [8, 7], upper: [12, 13]),
            PredictionInterval(level: 95, lower: [10 - z * 2, 10 - z * 3], upper: [10 + z * 2, 10 + z * 3]),
        ])
        let d = AssessmentAnalysis.totalDistribution(f)
        #expect(abs(d.mean - 20) < 1e-12)
        #expect(abs(d.sd - 5) < 1e-12)
        #expect(abs(d.lower80 - 15) < 1e-12)
        #expect(abs(d.upper80 - 25) < 1e-12)
        #expect(abs(d.probabilityAbove(20) - 0.5) < 1e-12)
        // 1 − Φ(1) = 0.158655253931457 (R: pnorm(1, lower.tail = FALSE)).
        #expect(abs(d.probabilityAbove(25) - 0.158655253931457) < 1e-12)
    }

    @Test func reporterRules() throws {
        let two = AssessmentFixture.panel(reporters: ["GRC", "ITA"])
        #expect(throws: AssessmentError.reporterRequired(available: ["GRC", "ITA"])) {
            try AssessmentAnalysis.run(two.panel)
        }
        var config = AssessmentConfiguration()
        config.reporter = "ESP"
        #expect(throws: AssessmentError.reporterNotFound("ESP", available: ["GRC", "ITA"])) {
            try AssessmentAnalysis.run(two.panel, configuration: config)
        }
        config.reporter = "ITA"
        config.trackRecordOrigins = 0
        let a = try AssessmentAnalysis.run(two.panel, configuration: config)
        #expect(a.reporter == "ITA")
        #expect(a.total.lastYear == .value(2100))
        #expect(AssessmentAnalysis.reporters(in: two.panel) == ["GRC", "ITA"])
    }

    @Test func singlePeriodAndUnknownDimension() throws {
        let one = DataReader.read(csv: "route,period,value\nA,2020-01,5\nB,2020-01,7\n")
        #expect(throws: AssessmentError.tooFewPeriods(1)) { try AssessmentAnalysis.run(one.panel) }
        var config = AssessmentConfiguration()
        config.routeDimension = "section"
        #expect(throws: AssessmentError.unknownDimension("section", parameter: "--by", available: ["route", "citizenship"])) {
            try AssessmentAnalysis.run(AssessmentFixture.panel().panel, configuration: config)
        }
    }

    @Test func configurationRejectsUnknownKeysAndBadValues() throws {
        let ok = try AssessmentConfiguration.decode(json: Data(#"{"language": "icd203", "disclosureThreshold": 10}"#.utf8))
        #expect(ok.language == .icd203)
        #expect(ok.disclosureThreshold == 10)
        #expect(ok.horizon == 6)
        #expect(throws: AssessmentError.unknownConfigurationKey("treshold", known: AssessmentConfiguration.CodingKeys.allCases.map(\.rawValue))) {
            try AssessmentConfiguration.decode(json: Data(#"{"treshold": 3}"#.utf8))
        }
        #expect(throws: AssessmentError.invalidParameter(name: "redChange", detail: "must be larger than amberChange (0.5), is 0.4")) {
            try AssessmentConfiguration.decode(json: Data(#"{"amberChange": 0.5, "redChange": 0.4}"#.utf8))
        }
        do {
            _ = try AssessmentConfiguration.decode(json: Data(#"{"horizon": "six"}"#.utf8))
            Issue.record("a string horizon was accepted")
        } catch let AssessmentError.invalidConfiguration(detail) {
            #expect(detail.contains("horizon"))
        }
        let event = try AssessmentEvent(parsing: "2016-03:EU-Turkey statement")
        #expect(event.period.description == "2016-03")
        #expect(event.label == "EU-Turkey statement")
        #expect(throws: AssessmentError.self) { try AssessmentEvent(parsing: "March:label") }
    }
}
