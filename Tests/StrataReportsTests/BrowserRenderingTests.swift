import Foundation
import Testing
import StrataAnalysis
import StrataData
import StrataTestSupport
@testable import StrataReports

/// Renders the assessment of the bundled real data in headless Chromium
/// (Debian's `chromium`): every chart's SVG is present and non-empty, the
/// console is silent, and a screenshot is saved to
/// `.build/test-artifacts/assessment/` (or `$STRATA_TEST_ARTIFACTS`).
/// Skips with a visible notice when Chromium is not installed.
@Suite struct BrowserRenderingTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static var artifacts: URL {
        if let dir = ProcessInfo.processInfo.environment["STRATA_TEST_ARTIFACTS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("assessment")
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/test-artifacts/assessment")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a full pipe cannot block the browser.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func reportRendersInHeadlessChromium() throws {
        guard let chromium = Self.chromium else {
            print("SKIP (chromium): headless Chromium is not installed; `apt-get install -y chromium` to run the browser test")
            return
        }
        let doc: CountryAssessment
        if let frontex = try ReportFixtures.frontex() {
            var config = AssessmentConfiguration()
            config.events = [AssessmentEvent(period: try Period(parsing: "2016-03"), label: "EU–Turkey statement")]
            doc = try ReportFixtures.document(file: frontex, absentIsZero: true, configuration: config)
        } else {
            SharedData.skipNotice("Frontex extract absent: rendering the synthetic panel (reporter ESP) instead")
            var config = AssessmentConfiguration()
            config.reporter = "ESP"
            doc = try ReportFixtures.document(file: ReportFixtures.synthetic, absentIsZero: false, configuration: config)
        }
        let html = HTMLReport.render(doc)
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        // No network: no external URL in any src/href, no script.
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("<script"))

        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2000"]
        let dom = try Self.run(chromium, common + ["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "chromium exited \(dom.status): \(dom.stderr.suffix(500))")
        let consoleLines = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") }
        #expect(consoleLines.isEmpty, "console messages: \(consoleLines.prefix(5))")
        // Every chart of the generated HTML is in the DOM the browser built, each with drawn content.
        let expected = html.components(separatedBy: "<svg ").count - 1
        #expect(expected >= 5, "expected at least five charts, found \(expected)")
        let svgs = dom.stdout.components(separatedBy: "<svg ").dropFirst()
        #expect(svgs.count == expected)
        for svg in svgs {
            let body = svg.components(separatedBy: "</svg>").first ?? ""
            #expect(body.contains("<path") || body.contains("<rect") || body.contains("<circle"), "an empty chart")
            #expect(body.contains("<text"), "a chart without labels")
        }
        let shot = Self.artifacts.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: shot)
        let screenshot = try Self.run(chromium, common + ["--screenshot=\(shot.path)", page.absoluteString])
        #expect(screenshot.status == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot missing or blank (\(size) bytes)")
        print("assessment screenshot: \(shot.path)")
    }
}
