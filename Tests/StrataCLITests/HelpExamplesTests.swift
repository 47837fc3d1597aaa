import Foundation
import Testing
import StrataTestSupport

/// Issue 15: `strata help COMMAND` leads with one example on the bundled
/// data, and that example runs; every option names its default (or says it
/// is required); the overview lists only commands that exist.
@Suite struct HelpExamplesTests {
    static let commands = ["validate", "aggregate", "decompose", "trend", "changepoints", "forecast", "backtest",
                           "shifts", "signals", "score", "assess"]

    /// The example: the indented lines after "Example (bundled data, …):", joined at trailing backslashes.
    static func example(inHelp help: String) -> String? {
        let lines = help.components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.hasPrefix("Example (bundled data") }) else { return nil }
        var command = ""
        for line in lines[(i + 1)...] {
            guard line.hasPrefix("  ") else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") { command += text.dropLast() } else { command += text; break }
        }
        return command.isEmpty ? nil : command
    }

    @Test(arguments: commands)
    func helpLeadsWithARunnableExample(_ command: String) throws {
        let help = try CLIRunner.run(["help", command])
        #expect(help.status == 0)
        // The overview paragraph, a blank line, then the discussion.
        let body = help.stdout.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        #expect(body.hasPrefix("Example (bundled data"), "help \(command) does not lead with an example")
        let example = try #require(Self.example(inHelp: help.stdout))
        #expect(example.contains("datasets/"))
        guard let exe = CLIRunner.executable?.path else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("strata-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Run from the repository root, with output files written to a scratch folder.
        var shell = example.replacingOccurrences(of: "strata ", with: "'\(exe)' ")
        for file in ["decomposition.html", "changes.svg", "outlook.html", "ranking.svg", "report.html"] {
            shell = shell.replacingOccurrences(of: " \(file)", with: " '\(scratch.path)/\(file)'")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "set -e; " + shell.replacingOccurrences(of: " | ", with: " | ") + " > /dev/null"]
        process.currentDirectoryURL = SharedData.repositoryRoot
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the example of help \(command) failed: \(example)")
    }

    @Test(arguments: commands)
    func everyOptionNamesItsDefault(_ command: String) throws {
        let help = try CLIRunner.run(["help", command]).stdout
        guard let options = help.components(separatedBy: "OPTIONS:").last else { return }
        let blocks = ("\n" + options).components(separatedBy: "\n  -").dropFirst()
        for block in blocks {
            let name = block.split(separator: " ").first.map(String.init) ?? ""
            if ["-version", "h,"].contains(name) { continue }
            let text = block.lowercased()
            #expect(text.contains("default") || text.contains("required"), "help \(command): -\(name) names no default")
        }
    }

    @Test func overviewListsExactlyTheCommands() throws {
        let help = try CLIRunner.run(["--help"]).stdout
        let section = help.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        let listed = section.components(separatedBy: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            // Command names are indented two spaces; wrapped descriptions more.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = t.split(separator: " ").first else { return nil }
            return String(first)
        }.filter { !$0.hasPrefix("See") && $0 != "help" }
        #expect(Set(listed) == Set(Self.commands))
    }
}
