import Foundation
import StrataTestSupport
import Testing

/// Issue 11, the command-line classes: failing outputs, bounded options,
/// inputs that are not files, and messages that say what and where.
@Suite struct HostileInputCLITests {
    static let series = "period,value\n" + (0..<36).map { "\(month($0)),\(10 + $0 % 12 + ($0 > 20 ? 30 : 0))" }.joined(separator: "\n") + "\n"

    /// Every command that writes a table, writing to a full disk: a message naming
    /// standard output and the reason, and status 1 — never a trap, never 0.
    @Test(arguments: [
        ["forecast", "IN", "--horizon", "3"], ["decompose", "IN", "--period", "12"], ["trend", "IN", "--period", "12"],
        ["backtest", "IN", "--horizon", "2", "--origins", "2", "--method", "naive"], ["changepoints", "IN"],
        ["aggregate", "IN", "--by", ""], ["validate", "IN"],
    ])
    func fullDiskIsAnErrorWithStatusOne(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full"), let exe = CLIRunner.executable else { return }
        let path = try CLIRunner.temporaryFile(Self.series)
        let args = arguments.map { $0 == "IN" ? path : $0 }
        let (status, stderr) = try Self.shell("'\(exe.path)' \(args.map { "'\($0)'" }.joined(separator: " ")) > /dev/full")
        #expect(status == 1, "\(args): \(stderr)")
        #expect(stderr.contains("strata: cannot write to <stdout>: No space left on device"), "\(stderr)")
        #expect(!stderr.contains("Fatal error"))
    }

    /// A reader that closes the pipe after one byte: the write fails with EPIPE (SIGPIPE
    /// is ignored), reported with status 1. The output (5 series × 10,000 rows) is far
    /// larger than a pipe's buffer, so the failure cannot be missed.
    @Test func closedPipeIsAnErrorWithStatusOne() throws {
        guard let exe = CLIRunner.executable else { return }
        let data = SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
        let agg = try CLIRunner.run(["aggregate", data, "--by", "route"])
        let path = try CLIRunner.temporaryFile(agg.stdout)
        let (out, stderr) = try Self.shell(
            "'\(exe.path)' forecast '\(path)' --horizon 10000 --method naive 2>\"$ERR\" | head -c1 >/dev/null; echo \"${PIPESTATUS[0]}\"; cat \"$ERR\" >&2")
        #expect(out == 0)
        #expect(stderr.hasPrefix("1\n"), "\(stderr)")
        #expect(stderr.contains("cannot write to <stdout>: Broken pipe"), "\(stderr)")
    }

    @Test func directoriesAndDevicesAreClearErrors() throws {
        for (input, expected) in [(NSTemporaryDirectory(), "is a directory"), ("/dev/zero", "is a device")] {
            for args in [["changepoints", input], ["decompose", input, "--period", "12"], ["validate", input], ["aggregate", input, "--by", "x"]] {
                let out = try CLIRunner.run(args)
                #expect(out.status != 0 && out.stderr.contains(expected), "\(args): \(out.stderr)")
            }
        }
    }

    /// Integer options: negative values are reported as given; values above the
    /// documented bound are refused before any arithmetic, naming option and bound.
    @Test(arguments: [
        (["changepoints", "IN", "--min-size", "4611686018427387904"], "'--min-size' must be between 1 and 1000000, got 4611686018427387904"),
        (["changepoints", "IN", "--deseasonalize", "-1"], "'--deseasonalize' must be between 2 and 10000, got -1"),
        (["decompose", "IN", "--period", "-1"], "'--period' must be between 1 and 10000, got -1"),
        (["decompose", "IN", "--period", "12", "--inner", "100000000"], "'--inner' must be between 0 and 1000, got 100000000"),
        (["decompose", "IN", "--period", "12", "--outer", "100000000"], "'--outer' must be between 0 and 1000, got 100000000"),
        (["trend", "IN", "--period", "-1"], "'--period' must be between 2 and 10000, got -1"),
        (["trend", "IN", "--period", "12", "--lag", "9223372036854775807"], "'--lag' must be between 1 and 1000000"),
        (["forecast", "IN", "--horizon", "-3"], "'--horizon' must be between 1 and 10000, got -3"),
        (["forecast", "IN", "--horizon", "2", "--period", "-1"], "'--period' must be between 1 and 1000, got -1"),
        (["backtest", "IN", "--horizon", "1", "--origins", "100001"], "'--origins' must be between 1 and 100000, got 100001"),
    ])
    func integerOptionsAreBounded(_ arguments: [String], _ expected: String) throws {
        let path = try CLIRunner.temporaryFile(Self.series)
        let out = try CLIRunner.run(arguments.map { $0 == "IN" ? path : $0 })
        #expect(out.status != 0 && out.stdout.isEmpty)
        #expect(out.stderr.contains(expected), "\(out.stderr)")
        #expect(!out.stderr.contains("Missing value"))
    }

    /// `aggregate` on a file it cannot read prints the read error, not "no dimension".
    @Test func aggregateReportsTheReadError() throws {
        let path = try CLIRunner.temporaryFile("route;when;how many\nA;2016-01;1\n")
        let out = try CLIRunner.run(["aggregate", path, "--by", "route", "--delimiter", ","])
        #expect(out.status != 0)
        #expect(out.stderr.contains("no period column found"), "\(out.stderr)")
        #expect(!out.stderr.contains("no dimension"))
    }

    /// Route B has no row for 2016-02: the quarterly sum is missing and the note
    /// says that one input cell is absent and names --absent-is-zero.
    @Test func absentRowsAreNamedWithTheFlag() throws {
        let path = try CLIRunner.temporaryFile("route,period,value\nA,2016-01,1\nA,2016-02,2\nA,2016-03,3\nB,2016-01,100\nB,2016-03,100\n")
        let out = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "quarterly"])
        #expect(out.status == 0)
        #expect(out.stdout == "route,period,value\nA,2016-Q1,6\nB,2016-Q1,\n")
        #expect(out.stderr.contains("1 output value(s) missing because rows are absent") && out.stderr.contains("--absent-is-zero"))
        #expect(out.stderr.contains("--absent-is-zero"))
    }

    /// Unsorted rows give the same segments as sorted ones (rows are placed by period).
    @Test func unsortedRowsArePlacedByPeriod() throws {
        let rows = Self.series.split(separator: "\n").dropFirst().map(String.init)
        let shuffled = "period,value\n" + (rows.enumerated().sorted { ($0.offset * 7) % rows.count < ($1.offset * 7) % rows.count }.map(\.element)).joined(separator: "\n") + "\n"
        #expect(shuffled != Self.series)
        let a = try CLIRunner.run(["changepoints", try CLIRunner.temporaryFile(Self.series)])
        let b = try CLIRunner.run(["changepoints", try CLIRunner.temporaryFile(shuffled)])
        #expect(a.status == 0 && a.stdout == b.stdout)
        // The step after index 20 (2001-09) is found, starting at 2001-10.
        #expect(a.stdout.contains("\n21,35,2001-10,2002-12,"), "\(a.stdout)")
    }

    /// Runs `command` with bash; returns the status and standard error.
    static func shell(_ command: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        var env = ProcessInfo.processInfo.environment
        env["ERR"] = FileManager.default.temporaryDirectory.appendingPathComponent("strata-err-\(UUID().uuidString)").path
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
