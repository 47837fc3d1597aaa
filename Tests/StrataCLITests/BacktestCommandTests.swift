import Foundation
import Testing
import StrataTestSupport

@Suite struct BacktestCommandTests {
    /// y = 1, 2, …, 20 on annual labels (period 1), naive, 3 origins of horizon 1.
    static let line: String = "period,value\n" + (1...20).map { "\(2000 + $0),\($0)\n" }.joined()

    /// Hand calculation: the origins forecast 18, 19, 20 by 17, 18, 19, so every error is 1.
    /// sMAPE = (200/35 + 200/37 + 200/39)/3 = 5.415965415965416 %; the in-sample naive MAE is 1, so
    /// MASE = 1; σ² (mean squared naive residual, R forecast::naive) = 1, so the 80 % interval is
    /// f ± qnorm(0.9) = f ± 1.2815515655446008 (R), which holds f + 1: coverage 1, Winkler score =
    /// width = 2.5631031310892016, MSIS = width / scale 1.
    @Test func naiveOnALineByHand() throws {
        let path = try CLIRunner.temporaryFile(Self.line)
        let out = try CLIRunner.run(["backtest", path, "--horizon", "1", "--origins", "3", "--method", "naive", "--level", "80"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "method,origins,failed,smape,mase,coverage80,winkler80,msis80")
        #expect(lines.count == 2)
        let row = lines.count > 1 ? lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : []
        #expect(row.count == 8)
        guard row.count == 8 else { return }
        #expect(row[0] == "naive" && row[1] == "3" && row[2] == "0")
        let numbers = row[3...].map { Double($0) ?? .nan }
        let expected = [5.415965415965416, 1, 1, 2.5631031310892016, 2.5631031310892016]
        for (got, want) in zip(numbers, expected) { #expect(abs(got - want) < 1e-12, "got \(got), want \(want)") }
    }

    /// Default levels give one coverage/winkler/msis triple each for 80 and 95; a series that is too
    /// short is reported on standard error by name, the others are still printed, and the status is 1.
    @Test func severalSeriesWithOneTooShort() throws {
        var text = "series,period,value\n"
        for t in 1...20 { text += "up,\(2000 + t),\(t)\n" }
        for t in 1...3 { text += "short,\(2000 + t),\(t)\n" }
        let path = try CLIRunner.temporaryFile(text)
        let out = try CLIRunner.run(["backtest", path, "--horizon", "1", "--origins", "3", "--method", "naive"])
        #expect(out.status == 1)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "series,method,origins,failed,smape,mase,coverage80,winkler80,msis80,coverage95,winkler95,msis95")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("up,naive,3,0,") == true)
        #expect(out.stderr.contains("error: short:"))
    }

    @Test func badInputIsRefusedWithoutACrash() throws {
        let path = try CLIRunner.temporaryFile(Self.line)
        for arguments in [["--horizon", "0", "--origins", "1"], ["--horizon", "1", "--origins", "0"],
                          ["--horizon", "1", "--origins", "1", "--level", "100"], ["--horizon", "1", "--origins", "1", "--period", "0"]] {
            let out = try CLIRunner.run(["backtest", path] + arguments)
            #expect(out.status != 0, "\(arguments)")
            #expect(out.stdout.isEmpty, "\(arguments)")
        }
        let garbage = try CLIRunner.temporaryFile("period,value\n2020,abc\n")
        let out = try CLIRunner.run(["backtest", garbage, "--horizon", "1", "--origins", "1"])
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("error: "))
    }
}
