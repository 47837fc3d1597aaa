import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData
import StrataReports
import StrataNumerics

/// `strata decompose`: STL decomposition of one series or a panel
/// (``StrataAnalysis/DecompositionWorkflow``).
struct Decompose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompose",
        abstract: "Split series into trend, seasonal and remainder (STL, as R's stats::stl).",
        discussion: """
            Example (bundled data, from the repository root):
              strata aggregate datasets/synthetic_detections_monthly.csv --by route \\
                | strata decompose - --period 12 --plot decomposition.html

            INPUT is any file 'strata validate' reads ('-' is standard input): a CSV with header \
            'period,value' (one series) or 'series,period,value' (many series), a long file with \
            dimension columns, SDMX-CSV, a wide table or .xlsx. Period labels are parsed (2016-03, \
            2016-Q1, 2016, ...) and rows are placed by period; a period with no row is missing; an \
            empty value is missing. Output is CSV 'period,observed,trend,seasonal,remainder' (with a \
            leading 'series' column when the series have identifying dimensions), series in file \
            order, or JSON with --format json (StrataAnalysis.DecompositionWorkflow.Result).

            Defaults are R's stl() defaults for the given seasonal window, which R requires \
            and strata defaults to 7. With --transform, 'observed' is the input value and \
            trend, seasonal and remainder are on the transformed scale. Missing values are \
            skipped in every LOESS fit and estimated (stlplus); their remainder is empty. \
            Series of equal length are decomposed together as one matrix product when the \
            fit is not robust and they have no gaps. Warnings (for example a zero MAD in \
            robust fitting) go to standard error. Bounds: --period ≤ 10000, windows ≤ 1000001, \
            --inner and --outer ≤ 1000.
            """
    )

    @Argument(help: "Data file ('-' = standard input), e.g. 'period,value' or 'series,period,value' CSV.")
    var input: String

    @Option(parsing: .unconditional, help: "Observations per cycle (12 for monthly data), 2…10000. Required.")
    var period: Int

    @Option(parsing: .unconditional, help: "Seasonal LOESS window: an odd number ≥ 3, or 'periodic'.")
    var seasonalWindow: SeasonalWindowArgument = SeasonalWindowArgument(window: .span(7))

    @Option(parsing: .unconditional, help: "Trend LOESS window (odd); default nextodd(ceil(1.5·period / (1 − 1.5/seasonal-window))).")
    var trendWindow: Int?

    @Option(parsing: .unconditional, help: "Low-pass LOESS window (odd); default nextodd(period).")
    var lowPassWindow: Int?

    @Option(parsing: .unconditional, help: "Degree of the seasonal LOESS: 0 or 1.")
    var seasonalDegree: Int = 0

    @Option(parsing: .unconditional, help: "Inner iterations (at most 1000); default 2, or 1 with --robust.")
    var inner: Int?

    @Option(parsing: .unconditional, help: "Outer (robustness) iterations (at most 1000); default 0, or 15 with --robust.")
    var outer: Int?

    @Flag(help: "Robust fitting (biweight robustness weights). Default: off, as R stl.")
    var robust = false

    @Option(help: "Transform before decomposing: none, log or log1p.")
    var transform: TransformArgument = .none

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @OptionGroup var plot: PlotOptions

    static let optionNameMap = [
        "seasonalWindow": "--seasonal-window", "trendWindow": "--trend-window",
        "lowPassWindow": "--low-pass-window", "seasonalDegree": "--seasonal-degree",
        "period": "--period", "inner": "--inner", "outer": "--outer", "transform": "--transform",
    ]

    var settings: DecompositionWorkflow.Settings {
        DecompositionWorkflow.Settings(
            period: period, seasonalWindow: seasonalWindow.window, seasonalDegree: seasonalDegree,
            trendWindow: trendWindow, lowPassWindow: lowPassWindow, robust: robust,
            innerIterations: inner, outerIterations: outer, transform: transform.transform)
    }

    func validate() throws {
        do { try settings.validate() } catch let e as SettingsError {
            throw ValidationError(optionNames(e.description, Self.optionNameMap))
        }
    }

    func run() throws {
        try CommandOutput.run { out in
            let panel = try AnalysisFile.load(input)
            let result: DecompositionWorkflow.Result
            do {
                result = try DecompositionWorkflow.decompose(panel, settings: settings)
            } catch let e as SeriesAnalysisError {
                throw CommandFailure(message: optionNames(e.description, Self.optionNameMap))
            } catch let e as SettingsError {
                throw CommandFailure(message: optionNames(e.description, Self.optionNameMap))
            }
            for s in result.series {
                for warning in s.warnings {
                    let name = AnalysisInput.label(of: s.key).map { "series '\($0)': " } ?? ""
                    StandardErrorStream.write("warning: \(name)\(warning)")
                }
            }
            try plot.write(result.series.map {
                AnalysisPlots.decomposition($0, title: AnalysisInput.label(of: $0.key) ?? "series")
            }, title: "STL decomposition")
            switch format {
            case .csv: try Self.writeCSV(result, hasSeries: !panel.dimensions.isEmpty, to: out)
            case .json: try CommandOutput.writeJSON(result, to: out)
            }
        }
    }

    /// CSV `[series,]period,observed,trend,seasonal,remainder`, one row per observation.
    static func writeCSV(_ result: DecompositionWorkflow.Result, hasSeries: Bool, to out: OutputSink) throws {
        try out.write((hasSeries ? "series," : "") + "period,observed,trend,seasonal,remainder\n")
        var labels: [Period: String] = [:]  // series share a calendar: each label is built once
        for s in result.series {
            let label = AnalysisInput.label(of: s.key) ?? ""
            for i in s.observed.indices {
                if hasSeries {
                    try out.writeCSVField(label)
                    try out.write(byte: 0x2C)
                }
                let p = s.periods[i]
                if let text = labels[p] {
                    try out.writeCSVField(text)
                } else {
                    let text = p.description
                    labels[p] = text
                    try out.writeCSVField(text)
                }
                try out.write(byte: 0x2C)
                try out.writeNumber(s.observed[i])
                try out.write(byte: 0x2C)
                try out.writeNumber(s.trend[i])
                try out.write(byte: 0x2C)
                try out.writeNumber(s.seasonal[i])
                try out.write(byte: 0x2C)
                try out.writeNumber(s.remainder[i])
                try out.write(byte: 0x0A)
            }
        }
    }
}

/// `--seasonal-window N|periodic`.
struct SeasonalWindowArgument: ExpressibleByArgument {
    var window: SeasonalWindow

    init(window: SeasonalWindow) { self.window = window }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "periodic" || text == "per" {
            window = .periodic
        } else if let n = Int(text) {
            window = .span(n)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { window.description }
}

/// `--transform none|log|log1p`.
enum TransformArgument: String, ExpressibleByArgument, CaseIterable {
    case none, log, log1p

    var transform: Transform {
        switch self {
        case .none: return .none
        case .log: return .log
        case .log1p: return .log1p
        }
    }
}
