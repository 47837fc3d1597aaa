import Foundation
import Testing
import StrataTestSupport

/// Issue 15: notes that inform (routine notes summarised once per kind,
/// per-series detail with --verbose, nothing with --quiet) and progress on a
/// terminal only.
@Suite struct ConsoleOutputTests {
    static var synthetic: String {
        SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
    }

    static func noteLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("note: ") }
    }

    @Test func routineNotesAreSummarisedOncePerKind() throws {
        let r = try CLIRunner.run(["forecast", Self.synthetic, "--horizon", "3"])
        #expect(r.status == 0)
        let lines = Self.noteLines(r.stderr)
        #expect(!lines.isEmpty)
        // Every line is a summary "… for N of 20 series", and each kind appears once.
        for line in lines { #expect(line.contains(" of 20 series")) }
        let kinds = lines.map { $0.components(separatedBy: " for ").first ?? $0 }
        #expect(Set(kinds).count == kinds.count)
        // 20 series: the clipping of count forecasts is a routine event, summarised.
        #expect(lines.contains { $0.hasPrefix("note: forecasts clipped at 0 (count data) for ") })
        // Standard output is untouched by notes: header plus 20 series × 3 steps.
        #expect(r.stdout.split(separator: "\n").count == 61)
    }

    @Test func verboseGivesEverySeriesAndQuietNothing() throws {
        let verbose = try CLIRunner.run(["forecast", Self.synthetic, "--horizon", "3", "--verbose"])
        let perSeries = Self.noteLines(verbose.stderr).filter { !$0.contains(" of 20 series") }
        // The synthetic series are labelled reporter|route|citizenship|indicator.
        #expect(perSeries.count >= 20)
        #expect(perSeries.allSatisfy { $0.split(separator: "|").count >= 4 })
        let quiet = try CLIRunner.run(["forecast", Self.synthetic, "--horizon", "3", "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
        let both = try CLIRunner.run(["forecast", Self.synthetic, "--horizon", "3", "--quiet", "--verbose"])
        #expect(both.status != 0)
    }

    @Test func plainProgressLinesOnlyWhenAsked() throws {
        let silent = try CLIRunner.run(["changepoints", Self.synthetic, "--quiet"])
        #expect(silent.stderr.isEmpty)
        let plain = try CLIRunner.run(["changepoints", Self.synthetic, "--progress", "plain"])
        #expect(plain.stderr.contains("progress: 20/20 series"))
        #expect(!plain.stdout.contains("progress"))
    }

    /// A pseudo-terminal from util-linux `script`: the bar is drawn on the
    /// terminal (carriage return, erase-line, bracketed bar, count).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func barOnATerminal() throws {
        guard let exe = CLIRunner.executable?.path else { return }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pty-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(exe)' trend '\(Self.synthetic)' --period 12 > '\(out)'", "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(terminal.contains("\r\u{1B}[2K["))
        #expect(terminal.contains("/20 series"))
        // The result went to the file, without a trace of the bar.
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!written.contains("\u{1B}"))
        #expect(written.contains("\"series\""))
    }
}
