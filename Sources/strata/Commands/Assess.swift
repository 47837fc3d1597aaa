import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import StrataReports

/// `strata assess DATA [--reporter CODE] [--out FILE] [--format html|markdown|json] …`:
/// the country situation assessment.
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a country situation assessment (HTML, Markdown or JSON) from detection statistics.",
        discussion: """
            Example (bundled data, from the repository root):
              strata assess datasets/frontex_ibc_monthly_2015-01_2025-04.csv \\
                --absent-is-zero --event "2016-03:EU-Turkey statement" --out report.html

            One report per reporter: key judgements in calibrated estimative language (UK PHIA yardstick \
            or US ICD 203), the situation by route and citizenship, the outlook with its probabilities, \
            warning indicators with their false-alarm rate, the track record of the outlook on the same \
            data, data quality and a methods annex. Counts below the disclosure threshold (default 5) \
            are suppressed. The routes are the values of the `route` dimension (or --by DIM); the \
            profiles those of citizenship/nationality/nat (or --profiles DIM). The report is written to \
            a temporary file and renamed, so a failed run never leaves a half-written report.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, markdown, json
        var fileExtension: String { self == .markdown ? "md" : rawValue }
    }

    @Argument(help: "The data file (long CSV, SDMX-CSV, wide CSV or .xlsx).")
    var data: String

    @Option(help: "Reporter code. Default: the only reporter (may be left out when the data hold one reporter or none).")
    var reporter: String?

    @Option(help: "Dimension whose codes are the routes or border sections (default: route).")
    var by: String?

    @Option(help: "Dimension of the profiles (default: citizenship, nationality, nat or citizen).")
    var profiles: String?

    @Option(help: "Output file (default: assessment.html, .md or .json in the current directory).")
    var out: String?

    @Option(help: "Report format: html, markdown or json (default: from --out's extension, else html).")
    var format: Format?

    @Option(help: "JSON file of assessment parameters (unknown keys are an error). Default: none, the documented defaults.")
    var config: String?

    @Option(name: .customLong("event"), parsing: .singleValue,
            help: ArgumentHelp("A dated event to mark and to measure displacement around (repeatable). Default: none.", valueName: "PERIOD:LABEL"))
    var events: [String] = []

    @Option(help: "Estimative language: phia (UK yardstick) or icd203 (default: phia, or the config's).")
    var language: String?

    @Flag(name: .customLong("all-reporters"), help: "One report per reporter in the data, into --out-dir. Default: off.")
    var allReporters = false

    @Option(name: .customLong("out-dir"), help: "Directory for --all-reporters (created if absent). Required with --all-reporters.")
    var outDir: String?

    @OptionGroup var input: DataInputOptions

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        if allReporters {
            guard outDir != nil else { throw ValidationError("--all-reporters needs --out-dir DIR") }
            guard reporter == nil else { throw ValidationError("--all-reporters and --reporter exclude each other") }
            guard out == nil else { throw ValidationError("--all-reporters writes into --out-dir; --out is for one report") }
        } else if outDir != nil {
            throw ValidationError("--out-dir is for --all-reporters; use --out FILE for one report")
        }
        if let language, EstimativeScale(rawValue: language) == nil {
            throw ValidationError("--language must be phia or icd203, got '\(language)'")
        }
    }

    func run() throws {
        do {
            try execute()
        } catch let e as AssessmentError {
            StandardErrorStream.write("error: \(e.description)")
            throw ExitCode.failure
        } catch let e as CommandFailure {
            StandardErrorStream.write("error: \(e.message)")
            throw ExitCode.failure
        }
    }

    func execute() throws {
        var configuration = AssessmentConfiguration()
        if let config {
            guard let bytes = FileManager.default.contents(atPath: config) else {
                throw CommandFailure(message: "cannot read the configuration file '\(config)'")
            }
            do {
                configuration = try AssessmentConfiguration.decode(json: bytes)
            } catch let e as AssessmentError {
                throw CommandFailure(message: "\(config): \(e.description)")
            }
        }
        if let by { configuration.routeDimension = by }
        if let profiles { configuration.profileDimension = profiles }
        if let language, let scale = EstimativeScale(rawValue: language) { configuration.language = scale }
        for e in events { configuration.events.append(try AssessmentEvent(parsing: e)) }
        if let reporter { configuration.reporter = reporter }
        try configuration.validate()

        let fmt = format ?? out.flatMap { path -> Format? in
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "md", "markdown": return .markdown
            case "json": return .json
            case "html", "htm": return .html
            default: return nil
            }
        } ?? .html

        // Check the destination before the work, so a bad path fails fast.
        if allReporters, let outDir {
            do {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(message: "cannot create the output directory '\(outDir)': \(error.localizedDescription)")
            }
            try AtomicFile.checkWritable(directory: outDir)
        } else {
            let path = out ?? "assessment.\(fmt.fileExtension)"
            try AtomicFile.checkWritable(directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }

        let read = try input.load(data)
        if read.report.hasErrors {
            StandardErrorStream.write(read.report.text)
            throw CommandFailure(message: "'\(data)' has \(read.report.errorCount) error(s); fix them (see `strata validate`) before assessing")
        }
        var options: [String] = []
        if input.absentIsZero { options.append("absent cells read as zero (--absent-is-zero)") }
        if input.sumDuplicates { options.append("duplicate rows summed (--sum-duplicates)") }
        if input.notCounts { options.append("values are not counts (--not-counts)") }
        let source: DataSource
        do {
            source = try DataSource(file: URL(fileURLWithPath: data), readOptions: options)
        } catch {
            throw CommandFailure(message: "cannot hash '\(data)': \(error.localizedDescription)")
        }

        @Sendable func render(_ c: AssessmentConfiguration) throws -> Data {
            let analysis = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: c)
            let doc = CountryAssessment(analysis: analysis, sources: [source], strataVersion: StrataVersion.string)
            switch fmt {
            case .html: return Data(HTMLReport.render(doc).utf8)
            case .markdown: return Data(MarkdownReport.render(doc).utf8)
            case .json: return try doc.json()
            }
        }

        if allReporters, let outDir {
            let codes = AssessmentAnalysis.reporters(in: read.panel)
            guard !codes.isEmpty else {
                throw CommandFailure(message: "--all-reporters: the data have no reporter dimension (reporter, geo or country)")
            }
            // A bar on a terminal, plain lines otherwise (unless --progress says else).
            let mode = console.progress == .auto && !StandardErrorStream.isTerminal ? .plain : console.progress
            let progress = ProgressReporter(total: codes.count, unit: "reports", mode: console.quiet ? .none : mode)
            let base = configuration
            // Reporters two at a time (each analysis is mostly serial); every report is written whole, in any order.
            let failures = try Parallel.map(codes.count, maxConcurrency: 2) { i -> String? in
                let code = codes[i]
                var c = base
                c.reporter = code
                let path = URL(fileURLWithPath: outDir).appendingPathComponent("assessment-\(AtomicFile.safeName(code)).\(fmt.fileExtension)").path
                var failure: String?
                do {
                    try AtomicFile.write(try render(c), to: path)
                } catch {
                    failure = "\(code): \(error)"
                }
                progress.advance(item: failure.map { "FAILED: \($0)" } ?? "\(code): \(path)")
                return failure
            }.compactMap { $0 }
            progress.finish()
            try CommandOutput.run { out in
                try out.write("Wrote \(codes.count - failures.count) of \(codes.count) reports to \(outDir)\n")
            }
            if !failures.isEmpty {
                throw CommandFailure(message: "\(failures.count) report(s) failed:\n" + failures.joined(separator: "\n"))
            }
        } else {
            let path = out ?? "assessment.\(fmt.fileExtension)"
            try AtomicFile.write(try render(configuration), to: path)
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            try CommandOutput.run { out in
                try out.write("Report written to \(absolute)\n")
                if fmt == .html { try out.write("Open it in a browser: file://\(absolute)\n") }
            }
        }
    }
}
