import Foundation
import Testing
import StrataTestSupport

/// Issue 15: `--plot` on every analysis command, rendered in headless
/// Chromium: the SVG holds the expected series and axis labels, the console
/// is silent, a label with markup is escaped, and a screenshot is saved to
/// `.build/test-artifacts/plots/` (or `$STRATA_TEST_ARTIFACTS/plots`).
@Suite(.serialized) struct PlotCommandTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var artifacts: URL {
        if let dir = ProcessInfo.processInfo.environment["STRATA_TEST_ARTIFACTS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("plots")
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/test-artifacts/plots")
    }

    static func dataset(_ name: String) -> String {
        SharedData.repositoryRoot.appendingPathComponent("datasets/\(name)").path
    }

    /// Two monthly series, one labelled with markup, ten years each with a level change.
    static func seriesFile() throws -> String {
        var csv = "series,period,value\n"
        for (label, base) in [("\"North <script>alert(1)</script>\"", 100.0), ("South & East", 40.0)] {
            for t in 0..<120 {
                let month = String(format: "%04d-%02d", 2015 + t / 12, t % 12 + 1)
                let season = 1 + 0.3 * sin(2 * Double.pi * Double(t) / 12)
                let level = t < 60 ? base : base * 0.5
                csv += "\(label),\(month),\(Int((level * season + Double((t * 37) % 11)).rounded()))\n"
            }
        }
        return try CLIRunner.temporaryFile(csv)
    }

    /// Runs a command with `--plot`, checks the file, renders it, returns the plot's text.
    func plot(_ name: String, _ arguments: [String], expect labels: [String]) throws -> String? {
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let file = Self.artifacts.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: file)
        let r = try CLIRunner.run(arguments + ["--plot", file.path])
        #expect(r.status == 0, "\(arguments.first ?? ""): \(r.stderr.suffix(400))")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("<svg"))
        #expect(!text.contains("<script"), "markup from the data must be escaped")
        #expect(!text.lowercased().contains("nan\"") && !text.contains("inf\""), "non-finite coordinates")
        for label in labels { #expect(text.contains(label), "\(name) lacks '\(label)'") }
        guard let chromium = Self.chromium else {
            print("SKIP (chromium): headless Chromium is not installed; the plot files were checked as text only")
            return text
        }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1400"]
        let dom = try Self.browser(chromium, common + ["--enable-logging=stderr", "--v=0", "--dump-dom", file.absoluteString])
        #expect(!dom.contains("CONSOLE"), "console messages while rendering \(name)")
        let shot = Self.artifacts.appendingPathComponent(name + ".png")
        _ = try Self.browser(chromium, common + ["--screenshot=\(shot.path)", file.absoluteString])
        let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 5_000, "screenshot of \(name) missing or blank")
        return text
    }

    /// Standard error of a Chromium run (read fully before waiting).
    static func browser(_ chromium: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyAnalysisCommandDraws() throws {
        let series = try Self.seriesFile()
        let escaped = "North &lt;script&gt;alert(1)&lt;/script&gt;"
        _ = try plot("decompose.html", ["decompose", series, "--period", "12"],
                     expect: [escaped, "South &amp; East", "trend", "seasonal", "remainder", "period"])
        _ = try plot("changepoints.svg", ["changepoints", series, "--deseasonalize", "12"],
                     expect: [escaped, "segment level", "95% interval", "value per period", "period"])
        _ = try plot("forecast.html", ["forecast", series, "--horizon", "12", "--quiet"],
                     expect: [escaped, "value per period"])
        _ = try plot("backtest.svg", ["backtest", series, "--horizon", "6", "--origins", "4", "--quiet"],
                     expect: ["steps ahead", "mean absolute scaled error (MASE)", "h=6"])
        _ = try plot("shifts.svg", ["shifts", Self.dataset("frontex_ibc_monthly_2015-01_2025-04.csv"), "--absent-is-zero"],
                     expect: ["share of the total", "period", "Central Mediterranean Route", "D displacement"])
        let signals = try CLIRunner.run(["signals", Self.dataset("synthetic_detections_monthly.csv"), "--by", "route"])
        let indicators = try CLIRunner.temporaryFile(signals.stdout)
        _ = try plot("score.svg", ["score", indicators, "--model", Self.dataset("models/default-risk-model.json")],
                     expect: ["score (0–10)", "Western Balkans"])
    }

    @Test func unwritablePlotIsAnErrorNotACrash() throws {
        let series = try Self.seriesFile()
        let r = try CLIRunner.run(["changepoints", series, "--plot", "/nonexistent-dir/plot.svg"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot write '/nonexistent-dir/plot.svg'"))
        let bad = try CLIRunner.run(["changepoints", series, "--plot", "plot.png"])
        #expect(bad.status != 0 && bad.stderr.contains("--plot must name a .svg or .html file"))
    }
}
