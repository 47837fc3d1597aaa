import Foundation
import Testing
import StrataTestSupport

/// `strata changepoints --deseasonalize` on the project's synthetic panel,
/// whose true changes are documented in datasets/synthetic_detections_monthly.md
/// (generator parameters, not output of the code under test): Central
/// Mediterranean × 0.4 from 2017-08; from 2020-03 70 % of the Eastern
/// Mediterranean flow moves to the Western Balkans; the other routes are stable.
@Suite struct DeseasonalizeTests {
    static var dataset: String {
        SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
    }

    func routeTotals() throws -> String {
        let agg = try CLIRunner.run(["aggregate", Self.dataset, "--by", "route"])
        #expect(agg.status == 0, "\(agg.stderr)")
        return agg.stdout
    }

    @Test func countCostWithSeasonalOffsetsFindsTheTrueChanges() throws {
        let out = try CLIRunner.run(["changepoints", "-", "--deseasonalize", "12", "--format", "json"], stdin: try routeTotals())
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        var found: [String: [Int]] = [:]
        var ratios: [String: Double] = [:]
        for s in json?["series"] as? [[String: Any]] ?? [] {
            let id = s["series"] as? String ?? ""
            found[id] = s["changepoints"] as? [Int]
            // The joint fit of pattern and changes reached a fixed point, and says so.
            #expect(s["seasonalFitConverged"] as? Bool == true, "\(id)")
            if let segs = s["segments"] as? [[String: Any]], segs.count == 2 {
                ratios[id] = segs[1]["ratioToPrevious"] as? Double
            }
        }
        // Index 31 = 2017-08 and 62 = 2020-03 on a calendar starting 2015-01.
        #expect(found["Central Mediterranean"] == [31])
        #expect(found["Eastern Mediterranean"] == [62])
        #expect(found["Western Balkans"] == [62])
        #expect(found["Western Mediterranean"] == [])
        #expect(found["Western African"] == [])
        // True ratios: 0.4 (Central Med) and 0.3 (Eastern Med); sampling noise allows ±0.05.
        #expect(abs((ratios["Central Mediterranean"] ?? 0) - 0.4) < 0.05)
        #expect(abs((ratios["Eastern Mediterranean"] ?? 0) - 0.3) < 0.05)
    }

    @Test func withoutDeseasonalizingTheSeasonIsMistakenForChanges() throws {
        let out = try CLIRunner.run(["changepoints", "-", "--format", "json"], stdin: try routeTotals())
        #expect(out.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let stable = (json?["series"] as? [[String: Any]] ?? []).first { ($0["series"] as? String) == "Western African" }
        #expect(((stable?["changepoints"] as? [Int]) ?? []).count > 2)
    }

    @Test func gaussianCostUsesAdjustedSeriesAndBadPeriodIsNamed() throws {
        let out = try CLIRunner.run(["changepoints", "-", "--deseasonalize", "12", "--cost", "normal-meanvar", "--format", "json"],
                                    stdin: try routeTotals())
        #expect(out.status == 0, "\(out.stderr)")
        let bad = try CLIRunner.run(["changepoints", "-", "--deseasonalize", "1"], stdin: try routeTotals())
        #expect(bad.status != 0 && bad.stderr.contains("--deseasonalize"))
        let bocpd = try CLIRunner.run(["changepoints", "-", "--deseasonalize", "12", "--method", "bocpd", "--cost", "poisson"],
                                      stdin: try routeTotals())
        #expect(bocpd.status != 0 && bocpd.stderr.contains("bocpd"))
    }
}
