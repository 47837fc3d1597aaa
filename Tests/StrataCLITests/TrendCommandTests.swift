import Foundation
import Testing
import StrataTestSupport

/// `strata trend` end to end. Expected values: pymannkendall 1.4.3 and
/// statsmodels 0.15.0 on the synthetic counts below (same series and calls as
/// Tests/StrataNumericsTests/TrendTests.swift).
@Suite struct TrendCommandTests {
    static let counts: [Int] = [
        10, 7, 23, 44, 7, 7, 20, 12, 2, 6, 0, 9, 6, 19, 11, 30, 34, 17, 13, 14, 9, 7, 12, 7, 19, 20, 17, 17, 53, 43,
        13, 11, 15, 15, 5, 18, 5, 8, 51, 12, 34, 25, 6, 8, 11, 6, 21, 6, 35, 30, 34, 18, 29, 25, 16, 36, 34, 7, 17, 49,
    ]

    static func input(_ values: [String]) throws -> String {
        try CLIRunner.temporaryFile("period,value\n" + values.enumerated().map { "\(month($0.offset)),\($0.element)" }.joined(separator: "\n"))
    }

    @Test func jsonMatchesReferences() throws {
        let out = try CLIRunner.run(["trend", try Self.input(Self.counts.map(String.init)), "--period", "12"])
        #expect(out.status == 0, "\(out.stderr)")
        let root = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let s = try #require((root?["series"] as? [[String: Any]])?.first)
        for key in ["series", "count", "period", "mannKendall", "hamedRao", "seasonalKendall", "senSlope",
                    "seasonalSenSlope", "poisson", "negativeBinomial", "yearOnYear", "periodOnPeriod", "notes"] {
            #expect(s.keys.contains(key), "missing key \(key)")
        }
        let mk = try #require(s["mannKendall"] as? [String: Any])
        // mk.original_test(counts): z=2.2359006714641616, p=0.02535827832790294
        #expect(abs((mk["z"] as? Double ?? 0) - 2.2359006714641616) < 1e-8)
        #expect(abs((mk["pValue"] as? Double ?? 0) - 0.02535827832790294) < 1e-8)
        #expect(mk["direction"] as? String == "increasing")
        // Poisson GLM with 11 monthly indicators: slope per year 0.17582894512902808.
        let poisson = try #require(s["poisson"] as? [String: Any])
        #expect(abs((poisson["slopePerYear"] as? Double ?? 0) - 0.17582894512902808) < 1e-8)
        // Year on year by hand: last 12 values total 330, the 12 before 193.
        let yoy = try #require(s["yearOnYear"] as? [String: Any])
        #expect(yoy["current"] as? Double == 330 && yoy["previous"] as? Double == 193)
    }

    @Test func nonCountsSkipCountModelsWithNote() throws {
        let values = (0..<30).map { String(Double($0) * 0.5 + 0.25) }
        let out = try CLIRunner.run(["trend", try Self.input(values), "--period", "12"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("\"poisson\":null") && out.stdout.contains("not non-negative integer counts"))
    }

    @Test func badInput() throws {
        let allMissing = try CLIRunner.run(["trend", try Self.input(Array(repeating: "", count: 10)), "--period", "12"])
        #expect(allMissing.status != 0 && allMissing.stderr.contains("missing"))
        let inf = try CLIRunner.run(["trend", try Self.input(["1", "inf", "3"]), "--period", "12"])
        #expect(inf.status != 0 && inf.stderr.contains(":3 column 'value'"))
        let period = try CLIRunner.run(["trend", try Self.input(["1", "2", "3"]), "--period", "1"])
        #expect(period.status != 0 && period.stderr.contains("--period"))
        let short = try CLIRunner.run(["trend", try Self.input(["1", "2"]), "--period", "12"])
        #expect(short.status != 0 && short.stderr.contains("at least 3"))
    }
}
