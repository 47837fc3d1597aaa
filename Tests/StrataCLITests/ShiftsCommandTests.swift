import Foundation
import StrataTestSupport
import Testing

/// `strata shifts`: the toy panel of the library tests, through the binary.
@Suite struct ShiftsCommandTests {
    /// 48 months from 2015-01; A = 100 until 2018-01, then 0; B = 50, then 100; C = 20.
    static let toy: String = {
        var text = "route,period,value\n"
        for t in 0..<48 {
            let period = String(format: "%04d-%02d", 2015 + t / 12, t % 12 + 1)
            text += "A,\(period),\(t <= 36 ? 100 : 0)\n"
            text += "B,\(period),\(t <= 36 ? 50 : 100)\n"
            text += "C,\(period),20\n"
        }
        return text
    }()

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Hand calculation (see ShiftAnalysisTests.constantToy): counterfactuals are the constant
    /// levels, so the ratio is (900 − 450) / 900 = 0.5 and the WDQ with control C is −0.5.
    @Test func jsonByHand() throws {
        let path = try CLIRunner.temporaryFile(Self.toy)
        let out = try CLIRunner.run(["shifts", path, "--event", "2018-01:toy", "--control", "C", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let root = try Self.json(out.stdout)
        let shifts = try #require(root["shifts"] as? [[String: Any]])
        #expect(shifts.count == 1)
        let s = try #require(shifts.first)
        #expect(s["period"] as? String == "2018-02")
        #expect(s["periodRange"] as? [String] == ["2018-02", "2018-02"])
        #expect(s["kind"] as? String == "both")
        let losing = try #require(s["losing"] as? [[String: Any]])
        #expect(losing.first?["code"] as? String == "A")
        #expect(abs((losing.first?["shareBefore"] as? Double ?? 0) - 100.0 / 170) < 1e-12)
        let events = try #require(root["events"] as? [[String: Any]])
        let e = try #require(events.first)
        #expect(e["label"] as? String == "toy" && e["period"] as? String == "2018-01" && e["control"] as? String == "C")
        #expect(abs((e["displacementRatio"] as? Double ?? 0) - 0.5) < 1e-12)
        #expect(abs((e["wdq"] as? Double ?? 0) + 0.5) < 1e-12)
        for key in ["ratioLower", "ratioUpper", "routes"] { #expect(e[key] != nil) }
        let routes = try #require(e["routes"] as? [[String: Any]])
        #expect(Set(routes.compactMap { $0["code"] as? String }) == ["A", "B", "C"])
        for key in ["code", "observed", "counterfactual", "lower", "upper"] { #expect(routes.first?[key] != nil) }
        #expect(root["emerging"] is [Any])
    }

    @Test func standardInputGivesTheSameResult() throws {
        let path = try CLIRunner.temporaryFile(Self.toy)
        let a = try CLIRunner.run(["shifts", path, "--format", "json", "--event", "2018-01:toy"])
        let b = try CLIRunner.run(["shifts", "-", "--format", "json", "--event", "2018-01:toy"], stdin: Self.toy)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func csvRows() throws {
        let path = try CLIRunner.temporaryFile(Self.toy)
        let out = try CLIRunner.run(["shifts", path, "--event", "2018-01:toy"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "section,period,period_from,period_to,kind,label,code,role,share_before,share_after,observed,counterfactual,lower,upper,ratio,ratio_lower,ratio_upper,wdq,control")
        #expect(lines.contains { $0.hasPrefix("shift,2018-02,2018-02,2018-02,both,,A,losing,") })
        // A: observed 0 against 900 over 2018-02…2018-10
        #expect(lines.contains { $0.hasPrefix("event,2018-01,2018-02,2018-10,,toy,A,losing,,,0,") })
    }

    @Test func replayTable() throws {
        let path = try CLIRunner.temporaryFile(Self.toy)
        let out = try CLIRunner.run(["shifts", path, "--event", "2018-01:toy", "--replay"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "period,label,flagged_at,months_to_flag,flagged_period")
        // with data to 2018-02 (one month of the new regime) the latest admissible change is
        // 2017-12 (3-month minimum segment): A's last segment (100, 100, 0) already has a
        // material drop, so the event is flagged one month after it, dated 2017-12 (within ±3)
        #expect(lines.contains("2018-01,toy,2018-02,1,2017-12"))
        #expect(out.stderr.contains("replay: 13 months"))
    }

    @Test func badInput() throws {
        let single = try CLIRunner.temporaryFile("route,period,value\n" + (1...30).map { "A,20\(10 + $0 / 12)-\(String(format: "%02d", $0 % 12 + 1)),5\n" }.joined())
        var out = try CLIRunner.run(["shifts", single])
        #expect(out.status != 0 && out.stderr.contains("at least 2 routes"))
        let path = try CLIRunner.temporaryFile(Self.toy)
        out = try CLIRunner.run(["shifts", path, "--event", "2030-01:late"])
        #expect(out.status != 0 && out.stderr.contains("outside the data (2015-01 to 2018-12)"))
        out = try CLIRunner.run(["shifts", path, "--event", "2018-01:toy", "--control", "A"])
        #expect(out.status != 0 && out.stderr.contains("control route 'A' is also a losing"))
        out = try CLIRunner.run(["shifts", path, "--event", "March:toy"])
        #expect(out.status != 0 && out.stderr.contains("PERIOD:LABEL"))
        out = try CLIRunner.run(["shifts", path, "--control", "Z", "--event", "2018-01:toy"])
        #expect(out.status != 0 && out.stderr.contains("no route 'Z'"))
        out = try CLIRunner.run(["shifts", path, "--by", "border"])
        #expect(out.status != 0 && out.stderr.contains("no dimension 'border'"))
        let two = try CLIRunner.temporaryFile("reporter," + Self.toy.replacingOccurrences(of: "\nA,", with: "\nGRC,A,")
            .replacingOccurrences(of: "\nB,", with: "\nITA,B,").replacingOccurrences(of: "\nC,", with: "\nITA,C,"))
        out = try CLIRunner.run(["shifts", two])
        #expect(out.status != 0 && out.stderr.contains("choose one with --reporter"))
        out = try CLIRunner.run(["shifts", "/nonexistent/file.csv"])
        #expect(out.status != 0)
    }
}
