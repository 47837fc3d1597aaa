import Foundation
import Testing
import StrataTestSupport

/// `strata score` and `strata signals` end to end.
@Suite struct ScoreCommandTests {
    static let informModel = """
        {"version":1,"indicators":[{"name":"t","normalisation":"none"},{"name":"v","normalisation":"none"},
         {"name":"i","normalisation":"none"}],
         "tree":{"name":"risk","aggregation":"geometric","children":[{"name":"threat","children":["t"]},"v","i"]}}
        """

    static func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Risk = ∛(t·v·i): (6, 5, 4) → ∛120 = 4.932424; (2, 5, 4) → ∛40 = 3.419952; ranked, no draws.
    @Test func csvIsRankedWithBands() throws {
        let model = try CLIRunner.temporaryFile(Self.informModel, suffix: ".json")
        let data = try CLIRunner.temporaryFile("unit,t,v,i\nlow,2,5,4\nhigh,6,5,4\n")
        let out = try CLIRunner.run(["score", data, "--model", model])
        #expect(out.status == 0, "\(out.stderr)")
        let r = Self.rows(out.stdout)
        #expect(r.first == ["unit", "score", "rank", "score_lo", "score_hi", "rank_lo", "rank_hi"])
        #expect(r.count == 3 && r[1][0] == "high" && r[2][0] == "low")
        #expect(abs((Double(r[1][1]) ?? 0) - 4.932424) < 1e-6 && abs((Double(r[2][1]) ?? 0) - 3.419952) < 1e-6)
        #expect(r[1][2] == "1" && r[1][3] == r[1][1] && r[1][4] == r[1][1] && r[1][5] == "1" && r[1][6] == "1")
    }

    /// `strata signals DATA --by route | strata score - --model default` on the bundled synthetic panel.
    @Test func signalsPipeIntoScore() throws {
        let root = SharedData.repositoryRoot
        let data = root.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
        let model = root.appendingPathComponent("datasets/models/default-risk-model.json").path
        let signals = try CLIRunner.run(["signals", data, "--by", "route"])
        #expect(signals.status == 0, "\(signals.stderr)")
        let s = Self.rows(signals.stdout)
        #expect(s.first == ["unit", "recent_volume", "growth", "acceleration", "volatility", "years_since_change",
                            "change_size", "share_gained", "outlook_growth"])
        #expect(s.count == 6)
        let scored = try CLIRunner.run(["score", "-", "--model", model, "--draws", "300", "--seed", "4"], stdin: signals.stdout)
        #expect(scored.status == 0, "\(scored.stderr)")
        let r = Self.rows(scored.stdout)
        #expect(r.count == 6)
        #expect(r.dropFirst().map { $0[2] } == ["1", "2", "3", "4", "5"])
        for row in r.dropFirst() {
            let v = row.dropFirst().map { Double($0) ?? .nan }
            #expect(v[2] <= v[3] && v[4] <= v[5] && v[4] >= 1 && v[5] <= 5)
        }
        #expect(scored.stderr.contains("combines only threat"))
        // The same seed gives the same output.
        let again = try CLIRunner.run(["score", "-", "--model", model, "--draws", "300", "--seed", "4"], stdin: signals.stdout)
        #expect(again.stdout == scored.stdout)
        // JSON: camelCase, components, drivers, Sobol indices.
        let json = try CLIRunner.run(["score", "-", "--model", model, "--draws", "300", "--format", "json"], stdin: signals.stdout)
        let root2 = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let first = try #require((root2["units"] as? [[String: Any]])?.first)
        for key in ["unit", "score", "rank", "scoreLo", "scoreHi", "rankLo", "rankHi", "components", "contributions", "topDrivers", "coverage"] {
            #expect(first.keys.contains(key), "missing \(key)")
        }
        let sobol = try #require((root2["uncertainty"] as? [String: Any])?["sobol"] as? [[String: Any]])
        #expect(sobol.map { $0["factor"] as? String } == ["weights", "normalisation", "exclusion"])
    }

    /// --previous: unit a's threat goes from 2 to 6 with v = 5, i = 4 unchanged:
    /// risk ∛40 = 3.419952 → ∛120 = 4.932424, change +1.512472, driven by t.
    @Test func changesAgainstAPreviousPeriod() throws {
        let model = try CLIRunner.temporaryFile(Self.informModel, suffix: ".json")
        let before = try CLIRunner.temporaryFile("unit,t,v,i\na,2,5,4\n")
        let now = try CLIRunner.temporaryFile("unit,t,v,i\na,6,5,4\n")
        let out = try CLIRunner.run(["score", now, "--model", model, "--previous", before, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let change = try #require((root["changes"] as? [[String: Any]])?.first)
        #expect(abs((change["change"] as? Double ?? 0) - 1.512472) < 1e-6)
        #expect(((change["drivers"] as? [[String: Any]])?.first?["name"] as? String) == "t")
    }

    @Test func yamlModel() throws {
        let model = try CLIRunner.temporaryFile("""
            version: 1
            indicators: [{name: t, normalisation: none}, {name: v, normalisation: none}]
            tree: {name: risk, aggregation: geometric, children: [t, v]}
            """, suffix: ".yaml")
        let data = try CLIRunner.temporaryFile("unit,t,v\na,4,9\n")
        let out = try CLIRunner.run(["score", data, "--model", model])
        #expect(out.status == 0, "\(out.stderr)")
        // √(4·9) = 6.
        #expect(Self.rows(out.stdout).last == ["a", "6", "1", "6", "6", "1", "1"])
    }

    @Test func badInputGivesClearErrors() throws {
        let model = try CLIRunner.temporaryFile(Self.informModel, suffix: ".json")
        let good = try CLIRunner.temporaryFile("unit,t,v,i\na,2,5,4\n")
        let badCell = try CLIRunner.temporaryFile("unit,t,v,i\na,2,5,4\nb,x,5,4\n")
        var out = try CLIRunner.run(["score", badCell, "--model", model])
        #expect(out.status != 0 && out.stderr.contains(":3:2 (column 't')"))
        let unknownKey = try CLIRunner.temporaryFile(Self.informModel.replacingOccurrences(of: "\"version\":1,", with: "\"version\":1,\"wieghts\":1,"), suffix: ".json")
        out = try CLIRunner.run(["score", good, "--model", unknownKey])
        #expect(out.status != 0 && out.stderr.contains("'wieghts' is not a known key"))
        let badWeights = try CLIRunner.temporaryFile(
            Self.informModel.replacingOccurrences(of: "\"children\":[{", with: "\"weights\":[0.5,0.2,0.2],\"children\":[{"), suffix: ".json")
        out = try CLIRunner.run(["score", good, "--model", badWeights])
        #expect(out.status != 0 && out.stderr.contains("sum to 0.9"))
        let outOfRange = try CLIRunner.temporaryFile("unit,t,v,i\na,12,5,4\n")
        out = try CLIRunner.run(["score", outOfRange, "--model", model])
        #expect(out.status != 0 && out.stderr.contains("outside 0–10"))
        let missingColumn = try CLIRunner.temporaryFile("unit,t,v\na,2,5\n")
        out = try CLIRunner.run(["score", missingColumn, "--model", model])
        #expect(out.status != 0 && out.stderr.contains("no column 'i'"))
        out = try CLIRunner.run(["score", good, "--model", model, "--draws", "-3"])
        #expect(out.status != 0 && out.stderr.contains("--draws"))
        out = try CLIRunner.run(["score", good, "--model", "/nonexistent/model.json"])
        #expect(out.status != 0 && out.stderr.contains("cannot read"))
        out = try CLIRunner.run(["signals", SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path, "--by", "border"])
        #expect(out.status != 0 && out.stderr.contains("no dimension 'border'"))
    }
}
