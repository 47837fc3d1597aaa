import Foundation
import Testing
import StrataTestSupport

@Suite struct ForecastCommandTests {
    static let single = "period,value\n2020-01,5\n2020-02,7\n2020-03,6\n2020-04,8\n2020-05,9\n"

    /// Naive by hand (see ForecastMethodsTests.naiveByHand): mean 9, σ² = 2.5; labels continue 2020-06…
    @Test func singleSeriesCSVContract() throws {
        let path = try CLIRunner.temporaryFile(Self.single)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "2", "--method", "naive"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "period,mean,lo80,hi80,lo95,hi95")
        #expect(lines.count == 3)
        let row = lines[1].split(separator: ",").map(String.init)
        #expect(row[0] == "2020-06" && row[1] == "9")
        let hi95 = Double(row[5]) ?? .nan
        #expect(abs(hi95 - (9 + 1.959963984540054 * 2.5.squareRoot())) < 1e-9)
        #expect(lines[2].hasPrefix("2020-07,9,"))
    }

    @Test func jsonOutputKeys() throws {
        let path = try CLIRunner.temporaryFile(Self.single)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "2", "--method", "naive", "--format", "json"])
        #expect(out.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let first = (object?["forecasts"] as? [[String: Any]])?.first
        #expect(first?["method"] as? String == "naive")
        #expect(first?["periods"] as? [String] == ["2020-06", "2020-07"])
        #expect(first?["mean"] as? [Double] == [9, 9])
        #expect((first?["intervals"] as? [[String: Any]])?.map { $0["level"] as? Double } == [80, 95])
    }

    @Test func levelsInTheOrderGiven() throws {
        let path = try CLIRunner.temporaryFile(Self.single)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "1", "--method", "naive", "--level", "95", "--level", "50"])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("period,mean,lo95,hi95,lo50,hi50\n"))
    }

    @Test func manySeriesGainASeriesColumn() throws {
        let text = "series,period,value\nA,2019-Q1,5\nA,2019-Q2,6\nA,2019-Q3,7\nB,2001-Q1,3\nB,2001-Q2,4\nB,2001-Q3,5\n"
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "2", "--method", "naive"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "series,period,mean,lo80,hi80,lo95,hi95")
        #expect(lines[1].hasPrefix("A,2019-Q4,7,"))
        #expect(lines[2].hasPrefix("A,2020-Q1,7,"))
        #expect(lines[3].hasPrefix("B,2001-Q4,5,"))
    }

    @Test func periodLabelsRollOverAndFallBack() throws {
        let monthly = try CLIRunner.temporaryFile("period,value\n2020-11,4\n2020-12,5\n")
        let a = try CLIRunner.run(["forecast", monthly, "--horizon", "2", "--method", "naive"])
        #expect(a.stdout.contains("\n2021-01,5,") && a.stdout.contains("\n2021-02,5,"))
        let quarterly = try CLIRunner.temporaryFile("period,value\n2020-Q3,4\n2020-Q4,5\n")
        let b = try CLIRunner.run(["forecast", quarterly, "--horizon", "1", "--method", "naive"])
        #expect(b.stdout.contains("\n2021-Q1,5,"))
        // A label that is not a period is refused with its line (one input path: periods are parsed).
        let weekly = try CLIRunner.temporaryFile("period,value\nweek 1,4\nweek 2,5\n")
        let c = try CLIRunner.run(["forecast", weekly, "--horizon", "2", "--method", "naive"])
        #expect(c.status != 0 && c.stdout.isEmpty)
        #expect(c.stderr.contains(":2 column 'period' field 'week 1'"), "\(c.stderr)")
    }

    /// Labels in the data layer's other period forms continue by period arithmetic in ISO-like form.
    @Test(arguments: [
        ("2020-M11", "2020-M12", ["2021-01", "2021-02"]),
        ("Nov-2020", "Dec-2020", ["2021-01", "2021-02"]),
        ("2020-S1", "2020-S2", ["2021-S1", "2021-S2"]),
        ("2020-12-30", "2020-12-31", ["2021-01-01", "2021-01-02"]),
        ("2998", "2999", ["3000", "3001"]),
    ])
    func otherPeriodFormsContinue(_ first: String, _ last: String, _ expected: [String]) throws {
        let path = try CLIRunner.temporaryFile("period,value\n\(first),4\n\(last),5\n")
        let out = try CLIRunner.run(["forecast", path, "--horizon", "2", "--method", "naive"])
        #expect(out.status == 0)
        let labels = out.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(labels == expected)
    }

    /// A monthly label in another form (2019-M01 …) implies period 12: seasonal naive on
    /// y = 1 … 13 (2019-M01 … 2020-M01) forecasts y(2020-02) = y(2019-02) = 2 and y(2020-03) = 3
    /// (with period 1 it would be 13, 13).
    @Test func otherMonthlyFormsImplyPeriodTwelve() throws {
        var text = "period,value\n"
        for m in 1...12 { text += "2019-M\(m < 10 ? "0" : "")\(m),\(m)\n" }
        text += "2020-M01,13\n"
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "2", "--method", "snaive"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.dropFirst().first?.hasPrefix("2020-02,2,") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("2020-03,3,") == true)
    }

    @Test func defaultMethodRunsOnTextbookData() throws {
        guard let url = SharedData.file("data/textbook_ts/AirPassengers.csv") else { return }
        let raw = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var text = "period,value\n"
        for (i, line) in raw.enumerated() {
            guard let v = line.split(separator: ",").last else { continue }
            text += "\(1949 + i / 12)-\(String(format: "%02d", i % 12 + 1)),\(v)\n"
        }
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["forecast", path, "--horizon", "12"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 13)
        #expect(lines[1].hasPrefix("1961-01,"))
        // Every row: lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95.
        for line in lines.dropFirst() {
            let v = line.split(separator: ",").dropFirst().compactMap { Double($0) }
            #expect(v.count == 5)
            #expect(v[3] <= v[1] && v[1] <= v[0] && v[0] <= v[2] && v[2] <= v[4])
        }
    }

    @Test func badInputGivesMessagesNotCrashes() throws {
        let trailing = try CLIRunner.temporaryFile("period,value\n2020,1\n2021,2\n2022,\n")
        let a = try CLIRunner.run(["forecast", trailing, "--horizon", "2"])
        #expect(a.status != 0)
        #expect(a.stderr.contains("missing"))
        let garbage = try CLIRunner.temporaryFile("period,value\n2020,abc\n")
        let b = try CLIRunner.run(["forecast", garbage, "--horizon", "2"])
        #expect(b.status != 0)
        #expect(b.stderr.contains(":2"))
        let c = try CLIRunner.run(["forecast", trailing, "--horizon", "0"])
        #expect(c.status != 0)
        let d = try CLIRunner.run(["forecast", trailing, "--horizon", "2", "--level", "120"])
        #expect(d.status != 0)
        let zeros = try CLIRunner.temporaryFile("period,value\n2020-01,0\n2020-02,0\n2020-03,0\n")
        let e = try CLIRunner.run(["forecast", zeros, "--horizon", "2"])
        #expect(e.status == 0)
        #expect(e.stdout.contains("2020-04,0,0,0,0,0"))
        #expect(e.stderr.contains("constant"))
    }

    /// Backtest of naive on y = 1…20 (see RollingOriginBacktestTests.naiveOnALineByHand): MASE 2.
    @Test func backtestTableContract() throws {
        var text = "period,value\n"
        for t in 0..<20 { text += "\(2000 + t),\(t + 1)\n" }
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["backtest", path, "--horizon", "3", "--origins", "4", "--method", "naive"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "method,origins,failed,smape,mase,coverage80,winkler80,msis80,coverage95,winkler95,msis95")
        let row = lines[1].split(separator: ",").map(String.init)
        #expect(row[0] == "naive" && row[1] == "4" && row[2] == "0")
        #expect(abs((Double(row[4]) ?? .nan) - 2) < 1e-12)
        let short = try CLIRunner.run(["backtest", path, "--horizon", "10", "--origins", "15"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("at least"))
    }
}
