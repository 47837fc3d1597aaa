import ArgumentParser
import StrataAnalysis
import Foundation
import StrataData

/// `strata validate FILE [--format long|sdmx|wide|xlsx]`: prints the validation report.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a data file and print what is wrong with it.",
        discussion: """
            Example (bundled data, from the repository root):
              strata validate datasets/frontex_ibc_monthly_2015-01_2025-04.csv

            Prints every rejected cell and row with file, sheet, line, column and reason; \
            duplicates, revisions, placeholders read as missing, calendar gaps, and totals that \
            disagree with the sum of their parts. Exits with status 1 when there are errors.
            """)

    @Argument(help: "The data file (CSV, SDMX-CSV or .xlsx).")
    var file: String

    @Option(help: "Input layout: long, sdmx, wide or xlsx (default: detected).")
    var format: DataFormat?

    @Option(name: .customLong("report-format"), help: "text or json.")
    var reportFormat: ReportFormat = .text

    @OptionGroup var input: DataInputOptions

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        var hasErrors = false
        try CommandOutput.run { out in
            let result = try input.load(file, formatOverride: format)
            switch reportFormat {
            case .text:
                let p = result.panel
                var summary = "series: \(p.seriesCount); periods: \(p.periodCount)"
                if let start = p.start { summary += " (\(p.frequency?.rawValue ?? ""), \(start) to \(start + (p.periodCount - 1)))" }
                if !p.dimensions.isEmpty { summary += "; dimensions: \(p.dimensions.joined(separator: ", "))" }
                try out.write(summary + "\n")
                try out.write(result.report.text + "\n")
            case .json:
                try CommandOutput.writeJSON(result.report, to: out)
            }
            hasErrors = result.report.hasErrors
        }
        if hasErrors { throw ExitCode(1) }
    }
}
