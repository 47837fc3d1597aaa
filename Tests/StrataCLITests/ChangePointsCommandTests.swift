import Foundation
import Testing
import StrataTestSupport

@Suite struct ChangePointsCommandTests {
    /// Ten monthly counts with a jump after May.
    static let step = """
        period,value
        2020-01,5
        2020-02,7
        2020-03,4
        2020-04,6
        2020-05,5
        2020-06,30
        2020-07,28
        2020-08,33
        2020-09,31
        2020-10,29

        """

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `--cost auto` on these counts: differences (2, −3, 2, −1, 25, −2, 5, −2, −2),
    /// Σ Δ² / (2·9) = 680/18 = 37.8, mean 17.8, dispersion index 2.12 below the
    /// threshold 1 + 3√(3/9) = 2.73, so Poisson. Segment levels are the means
    /// 27/5 = 5.4 and 151/5 = 30.2; Garwood intervals from SciPy
    /// `gamma.ppf(0.025, 27)/5` = 3.558634026352955, `gamma.ppf(0.975, 28)/5`
    /// = 7.856716489032427, `gamma.ppf(0.025, 151)/5` = 25.575247132199383.
    @Test func singleSeriesJSON() throws {
        let path = try CLIRunner.temporaryFile(Self.step)
        let out = try CLIRunner.run(["changepoints", path, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let j = try json(out.stdout)
        #expect(j["cost"] as? String == "poisson")
        #expect(j["method"] as? String == "pelt")
        #expect(j["penalty"] as? String == "mbic")
        #expect(j["changepoints"] as? [Int] == [5])
        let segments = try #require(j["segments"] as? [[String: Any]])
        #expect(segments.count == 2)
        #expect(segments[0]["start"] as? Int == 0 && segments[0]["end"] as? Int == 4)
        #expect(segments[1]["start"] as? Int == 5 && segments[1]["end"] as? Int == 9)
        #expect(segments[1]["startPeriod"] as? String == "2020-06")
        #expect(abs((segments[0]["level"] as? Double ?? 0) - 5.4) < 1e-12)
        #expect(abs((segments[1]["level"] as? Double ?? 0) - 30.2) < 1e-12)
        #expect(abs((segments[0]["lower"] as? Double ?? 0) - 3.558634026352955) < 1e-9)
        #expect(abs((segments[0]["upper"] as? Double ?? 0) - 7.856716489032427) < 1e-9)
        #expect(abs((segments[1]["lower"] as? Double ?? 0) - 25.575247132199383) < 1e-9)
        #expect(abs((segments[1]["ratioToPrevious"] as? Double ?? 0) - 30.2 / 5.4) < 1e-12)
        #expect(segments[0]["ratioToPrevious"] is NSNull)
    }

    @Test func csvOutput() throws {
        let path = try CLIRunner.temporaryFile(Self.step)
        let out = try CLIRunner.run(["changepoints", path, "--cost", "normal-mean", "--penalty", "bic"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.first == "start,end,start_period,end_period,level,lower,upper,ratio_to_previous")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("0,4,2020-01,2020-05,5.4,"))
    }

    @Test(arguments: ["pelt", "binseg", "bocpd"])
    func everyMethodFindsTheStep(method: String) throws {
        let path = try CLIRunner.temporaryFile(Self.step)
        let out = try CLIRunner.run(["changepoints", path, "--method", method, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let j = try json(out.stdout)
        #expect(j["changepoints"] as? [Int] == [5])
        if method == "bocpd" {
            #expect((j["changeProbability"] as? [Double])?.count == 10)
        }
    }

    @Test(arguments: ["auto", "normal-mean", "normal-meanvar", "poisson", "negbin", "l2"])
    func everyCostRuns(cost: String) throws {
        let path = try CLIRunner.temporaryFile(Self.step)
        for penalty in ["bic", "mbic", "aic", "hannan-quinn", "12.5"] {
            let out = try CLIRunner.run(["changepoints", path, "--cost", cost, "--penalty", penalty, "--format", "json"])
            #expect(out.status == 0, "\(cost) \(penalty): \(out.stderr)")
            let j = try json(out.stdout)
            #expect(j["cost"] as? String == (cost == "auto" ? "poisson" : cost))
        }
    }

    /// Many series: one entry per series in file order, in parallel; a series
    /// that cannot be analysed gets an "error" entry.
    @Test func manySeries() throws {
        let text = """
            series,period,value
            A,2020-01,1
            A,2020-02,2
            A,2020-03,1
            A,2020-04,9
            A,2020-05,10
            A,2020-06,9
            B,2020-01,3
            B,2020-02,3
            B,2020-03,3
            B,2020-04,3
            C,2020-01,0
            C,2020-02,0
            C,2020-03,1
            C,2020-04,30
            C,2020-05,31
            C,2020-06,29

            """
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["changepoints", path, "--cost", "l2", "--penalty", "1", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let entries = try #require(try json(out.stdout)["series"] as? [[String: Any]])
        #expect(entries.map { $0["series"] as? String } == ["A", "B", "C"])
        #expect(entries[0]["changepoints"] as? [Int] == [3])
        #expect((entries[1]["error"] as? String)?.contains("constant") == true)
        #expect(entries[2]["changepoints"] as? [Int] == [3])
        #expect(out.stderr.contains("'B'"))
    }

    @Test func badInputErrors() throws {
        let missing = try CLIRunner.temporaryFile("period,value\n2020-01,1\n2020-02,\n2020-03,4\n2020-04,5\n")
        var out = try CLIRunner.run(["changepoints", missing])
        #expect(out.status != 0)
        #expect(out.stderr.contains("missing value at index 1 (period 2020-02)"))

        let negative = try CLIRunner.temporaryFile("period,value\n2020-01,1\n2020-02,-2\n2020-03,4\n2020-04,5\n")
        out = try CLIRunner.run(["changepoints", negative, "--cost", "poisson"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("negative"))

        let constant = try CLIRunner.temporaryFile("period,value\n2020-01,3\n2020-02,3\n2020-03,3\n2020-04,3\n")
        out = try CLIRunner.run(["changepoints", constant])
        #expect(out.status != 0)
        #expect(out.stderr.contains("constant"))

        let short = try CLIRunner.temporaryFile("period,value\n2020-01,3\n2020-02,4\n2020-03,5\n")
        out = try CLIRunner.run(["changepoints", short, "--min-size", "2"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("fewer than twice --min-size 2"))

        let ok = try CLIRunner.temporaryFile(Self.step)
        out = try CLIRunner.run(["changepoints", ok, "--penalty", "lots"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("--penalty"))
        out = try CLIRunner.run(["changepoints", ok, "--min-size", "0"])
        #expect(out.status != 0)
        out = try CLIRunner.run(["changepoints", ok, "--cost", "median"])
        #expect(out.status != 0)
        out = try CLIRunner.run(["changepoints", "/nonexistent/file.csv"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("cannot read file"))
    }
}
