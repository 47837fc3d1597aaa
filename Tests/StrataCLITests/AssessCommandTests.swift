import Foundation
import Testing
import StrataTestSupport

@Suite struct AssessCommandTests {
    static var synthetic: String {
        SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-assess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesTheReportAndSaysWhere() throws {
        let dir = try Self.temporaryDirectory()
        let out = dir.appendingPathComponent("esp.html").path
        let r = try CLIRunner.run(["assess", Self.synthetic, "--reporter", "ESP", "--out", out, "--event", "2020-03:COVID-19 border closures"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Report written to \(out)"))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("1. Key judgements"))
        #expect(html.contains("COVID-19 border closures"))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["esp.html"])
    }

    @Test func jsonFormatFromTheExtensionIsByteIdenticalTwice() throws {
        let dir = try Self.temporaryDirectory()
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        #expect(try CLIRunner.run(["assess", Self.synthetic, "--reporter", "ITA", "--out", a]).status == 0)
        #expect(try CLIRunner.run(["assess", Self.synthetic, "--reporter", "ITA", "--out", b, "--format", "json"]).status == 0)
        let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(da == db)
        let object = try JSONSerialization.jsonObject(with: da) as? [String: Any]
        #expect(object?["schemaVersion"] as? Int == 1)
    }

    @Test func reporterNotInTheData() throws {
        let dir = try Self.temporaryDirectory()
        let out = dir.appendingPathComponent("x.html").path
        let r = try CLIRunner.run(["assess", Self.synthetic, "--reporter", "FRA", "--out", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("reporter 'FRA' is not in the data; reporters present: ESP, GRC, HUN, ITA"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func severalReportersNeedAChoice() throws {
        let dir = try Self.temporaryDirectory()
        let r = try CLIRunner.run(["assess", Self.synthetic, "--out", dir.appendingPathComponent("x.html").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--reporter CODE or use --all-reporters"))
    }

    @Test func singlePeriodIsRefused() throws {
        let path = try CLIRunner.temporaryFile("route,period,value\nA,2020-01,5\nB,2020-01,7\n")
        let dir = try Self.temporaryDirectory()
        let out = dir.appendingPathComponent("x.html").path
        let r = try CLIRunner.run(["assess", path, "--out", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("the data cover 1 period"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func configWithUnknownKeyIsRefused() throws {
        let config = try CLIRunner.temporaryFile(#"{"language": "phia", "treshold": 10}"#, suffix: ".json")
        let dir = try Self.temporaryDirectory()
        let out = dir.appendingPathComponent("x.html").path
        let r = try CLIRunner.run(["assess", Self.synthetic, "--reporter", "ESP", "--config", config, "--out", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown key 'treshold'"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputPathIsRefusedBeforeAnyWork() throws {
        let r = try CLIRunner.run(["assess", Self.synthetic, "--reporter", "ESP", "--out", "/nonexistent-strata-dir/report.html"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("directory '/nonexistent-strata-dir': it does not exist"))
    }

    @Test func allReportersWritesOneReportEachWithPlainProgress() throws {
        let dir = try Self.temporaryDirectory()
        let r = try CLIRunner.run(["assess", Self.synthetic, "--all-reporters", "--out-dir", dir.path, "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["assessment-ESP.md", "assessment-GRC.md", "assessment-HUN.md", "assessment-ITA.md"])
        // Not a terminal: one plain line per reporter (reporters run two at a time, so in completion order).
        for code in ["ESP", "GRC", "HUN", "ITA"] { #expect(r.stderr.contains("] \(code): \(dir.path)/assessment-\(code).md")) }
        #expect(r.stderr.contains("[1/4] "))
        #expect(r.stderr.contains("[4/4] "))
        #expect(r.stdout.contains("Wrote 4 of 4 reports to \(dir.path)"))
        let md = try String(contentsOfFile: dir.appendingPathComponent("assessment-GRC.md").path, encoding: .utf8)
        #expect(md.contains("## 1. Key judgements"))
    }

    @Test func allReportersNeedsAnOutputDirectory() throws {
        let r = try CLIRunner.run(["assess", Self.synthetic, "--all-reporters"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--all-reporters needs --out-dir DIR"))
    }
}
