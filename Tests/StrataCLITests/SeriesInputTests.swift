import Foundation
import Testing
import StrataTestSupport

/// The analysis commands read `period,value` / `series,period,value` files
/// verbatim and any other layout through the data layer.
@Suite struct SeriesInputTests {
    /// A long file with a dimension column (as `strata aggregate` writes it):
    /// each route is one series; a level change from 10 to 50 at index 6 is
    /// found on route B only (hand-made data).
    @Test func longFileWithDimensionBecomesSeries() throws {
        var csv = "route,period,value\n"
        for m in 1...12 { csv += "A,2020-\(String(format: "%02d", m)),\(10 + (m % 2))\n" }
        for m in 1...12 { csv += "B,2020-\(String(format: "%02d", m)),\(m <= 6 ? 10 + (m % 2) : 50 + (m % 2))\n" }
        let path = try CLIRunner.temporaryFile(csv)
        let out = try CLIRunner.run(["changepoints", path, "--cost", "poisson", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let series = json?["series"] as? [[String: Any]] ?? []
        #expect(series.map { $0["series"] as? String } == ["A", "B"])
        #expect((series.first?["changepoints"] as? [Int]) == [])
        #expect((series.last?["changepoints"] as? [Int]) == [6])
    }

    /// Standard input via `-`, and a located error for text in a value cell.
    @Test func standardInputAndLocatedErrors() throws {
        let ok = try CLIRunner.run(["changepoints", "-", "--cost", "poisson"],
                                   stdin: "period,value\n2020-01,3\n2020-02,4\n2020-03,3\n2020-04,5\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        let bad = try CLIRunner.run(["changepoints", "-"], stdin: "period,value\n2020-01,3\n2020-02,abc\n")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains(":3") && bad.stderr.contains("value") && bad.stderr.contains("abc"))
        // A long file with a text cell goes through the data layer's report.
        let badLong = try CLIRunner.run(["changepoints", "-"], stdin: "route,period,value\nA,2020-01,3\nA,2020-02,x\n")
        #expect(badLong.status != 0)
        #expect(badLong.stderr.contains("error"))
    }
}
