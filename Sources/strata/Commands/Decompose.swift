import ArgumentParser
import Foundation
import StrataNumerics

/// `strata decompose`: STL decomposition of one series or a panel.
struct Decompose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompose",
        abstract: "Split series into trend, seasonal and remainder (STL, as R's stats::stl).",
        discussion: """
            INPUT is a CSV with header 'period,value' (one series) or 'series,period,value' \
            (many series, rows grouped by series); an empty value is missing. Output is CSV \
            'period,observed,trend,seasonal,remainder' (with a leading 'series' column for \
            panel input), rows in input order, or JSON with --format json.

            Defaults are R's stl() defaults for the given seasonal window, which R requires \
            and strata defaults to 7. With --transform, 'observed' is the input value and \
            trend, seasonal and remainder are on the transformed scale. Missing values are \
            skipped in every LOESS fit and estimated (stlplus); their remainder is empty. \
            Series of equal length are decomposed together as one matrix product when the \
            fit is not robust and they have no gaps. Warnings (for example a zero MAD in \
            robust fitting) go to standard error.
            """
    )

    @Argument(help: "CSV file with 'period,value' or 'series,period,value'.")
    var input: String

    @Option(help: "Observations per cycle (12 for monthly data).")
    var period: Int

    @Option(help: "Seasonal LOESS window: an odd number ≥ 3, or 'periodic'.")
    var seasonalWindow: SeasonalWindowArgument = SeasonalWindowArgument(window: .span(7))

    @Option(help: "Trend LOESS window (odd); default nextodd(ceil(1.5·period / (1 − 1.5/seasonal-window))).")
    var trendWindow: Int?

    @Option(help: "Low-pass LOESS window (odd); default nextodd(period).")
    var lowPassWindow: Int?

    @Option(help: "Degree of the seasonal LOESS: 0 or 1.")
    var seasonalDegree: Int = 0

    @Option(help: "Inner iterations; default 2, or 1 with --robust.")
    var inner: Int?

    @Option(help: "Outer (robustness) iterations; default 0, or 15 with --robust.")
    var outer: Int?

    @Flag(help: "Robust fitting (biweight robustness weights).")
    var robust = false

    @Option(help: "Transform before decomposing: none, log or log1p.")
    var transform: TransformArgument = .none

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    func run() throws {
        let allSeries = try SeriesInput.read(path: input)
        let parameters = STL.Parameters(
            period: period, seasonalWindow: seasonalWindow.window, seasonalDegree: seasonalDegree,
            trendWindow: trendWindow, lowPassWindow: lowPassWindow, robust: robust,
            innerIterations: inner, outerIterations: outer)
        let results = try Self.decompose(allSeries, parameters: parameters, transform: transform.transform)
        for (series, result) in zip(allSeries, results) {
            for warning in result.warnings {
                let name = series.id.map { "series '\($0)': " } ?? ""
                FileHandle.standardError.write(Data("warning: \(name)\(warning)\n".utf8))
            }
        }
        let hasSeries = allSeries.first?.id != nil
        var out = ""
        switch format {
        case .csv:
            out = (hasSeries ? "series," : "") + "period,observed,trend,seasonal,remainder\n"
            for (series, r) in zip(allSeries, results) {
                let prefix = series.id.map { CSVField.escape($0) + "," } ?? ""
                for i in series.values.indices {
                    out += prefix + CSVField.escape(series.periods[i]) + ","
                        + [series.values[i], r.trend[i], r.seasonal[i], r.remainder[i]]
                        .map(CSVNumber.format).joined(separator: ",") + "\n"
                }
            }
        case .json:
            out = Self.json(allSeries, results, transform: transform.transform) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// One series' decomposition as the command reports it.
    struct SeriesResult {
        var trend: [Double]
        var seasonal: [Double]
        var remainder: [Double]
        var seasonallyAdjusted: [Double]
        var weights: [Double]
        var trendStrength: Double
        var seasonalStrength: Double
        var method: String
        var warnings: [String]
        var parameters: STL.ResolvedParameters
    }

    /// Decompose every series; equal-length series go through ``BatchSTL`` together.
    static func decompose(
        _ allSeries: [InputSeries], parameters: STL.Parameters, transform: Transform
    ) throws -> [SeriesResult] {
        var results = [SeriesResult?](repeating: nil, count: allSeries.count)
        var byLength = [Int: [Int]]()
        for (i, s) in allSeries.enumerated() { byLength[s.values.count, default: []].append(i) }
        for length in byLength.keys.sorted() {
            let members = byLength[length] ?? []
            let batch: BatchSTL.Result
            do {
                let matrix = try Matrix(columnArrays: members.map { allSeries[$0].values })
                batch = try BatchSTL.decompose(matrix, parameters: parameters, transform: transform)
            } catch let DecompositionError.inColumn(column, error) {
                let id = allSeries[members[column]].id
                throw CommandFailure(message: (id.map { "series '\($0)': " } ?? "") + optionNames(error.description))
            } catch let error as DecompositionError {
                let id = members.count == 1 ? allSeries[members[0]].id : nil
                throw CommandFailure(message: (id.map { "series '\($0)': " } ?? "") + optionNames(error.description))
            }
            let remainders = batch.remainder
            let adjusted = batch.seasonallyAdjusted
            let weights = batch.weights
            for (c, index) in members.enumerated() {
                let trend = batch.trend.column(c)
                let seasonal = batch.seasonal.column(c)
                let remainder = remainders.column(c)
                results[index] = SeriesResult(
                    trend: trend, seasonal: seasonal, remainder: remainder,
                    seasonallyAdjusted: adjusted.column(c), weights: weights.column(c),
                    trendStrength: DecompositionFeatures.trendStrength(trend: trend, remainder: remainder),
                    seasonalStrength: DecompositionFeatures.seasonalStrength(seasonal: seasonal, remainder: remainder),
                    method: batch.methods[c].rawValue, warnings: batch.warnings[c], parameters: batch.parameters)
            }
        }
        return results.compactMap { $0 }
    }

    /// Replace the library's parameter names by the command's option names.
    static func optionNames(_ message: String) -> String {
        let names = [
            "'seasonalWindow'": "'--seasonal-window'", "'trendWindow'": "'--trend-window'",
            "'lowPassWindow'": "'--low-pass-window'", "'seasonalDegree'": "'--seasonal-degree'",
            "'period'": "'--period'", "'inner'": "'--inner'", "'outer'": "'--outer'",
            "'transform'": "'--transform'",
        ]
        var text = message
        for (from, to) in names { text = text.replacingOccurrences(of: from, with: to) }
        return text
    }

    /// JSON output: `{"parameters": {...}, "series": [{"series", "period", "observed", "trend",
    /// "seasonal", "remainder", "seasonallyAdjusted", "weights", "trendStrength",
    /// "seasonalStrength", "method", "warnings"}]}`; NaN is `null`.
    static func json(_ allSeries: [InputSeries], _ results: [SeriesResult], transform: Transform) -> String {
        var items: [String] = []
        for (s, r) in zip(allSeries, results) {
            let p = r.parameters
            let fields: [(String, String)] = [
                ("series", s.id.map(DecompositionJSON.string) ?? "null"),
                ("parameters", DecompositionJSON.object([
                    ("period", "\(p.period)"), ("periodic", "\(p.periodic)"),
                    ("seasonalWindow", "\(p.seasonalWindow)"), ("seasonalDegree", "\(p.seasonalDegree)"),
                    ("trendWindow", "\(p.trendWindow)"), ("trendDegree", "\(p.trendDegree)"),
                    ("lowPassWindow", "\(p.lowPassWindow)"), ("lowPassDegree", "\(p.lowPassDegree)"),
                    ("seasonalJump", "\(p.seasonalJump)"), ("trendJump", "\(p.trendJump)"),
                    ("lowPassJump", "\(p.lowPassJump)"), ("inner", "\(p.innerIterations)"),
                    ("outer", "\(p.outerIterations)"), ("transform", DecompositionJSON.string(transform.description)),
                ])),
                ("period", DecompositionJSON.array(s.periods.map(DecompositionJSON.string))),
                ("observed", DecompositionJSON.numbers(s.values)),
                ("trend", DecompositionJSON.numbers(r.trend)),
                ("seasonal", DecompositionJSON.numbers(r.seasonal)),
                ("remainder", DecompositionJSON.numbers(r.remainder)),
                ("seasonallyAdjusted", DecompositionJSON.numbers(r.seasonallyAdjusted)),
                ("weights", DecompositionJSON.numbers(r.weights)),
                ("trendStrength", DecompositionJSON.number(r.trendStrength)),
                ("seasonalStrength", DecompositionJSON.number(r.seasonalStrength)),
                ("method", DecompositionJSON.string(r.method)),
                ("warnings", DecompositionJSON.array(r.warnings.map(DecompositionJSON.string))),
            ]
            items.append(DecompositionJSON.object(fields))
        }
        return DecompositionJSON.object([("series", DecompositionJSON.array(items))])
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

/// Minimal JSON text building for `decompose` and `trend`: full-precision numbers, NaN as `null`, keys in a fixed order.
enum DecompositionJSON {
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func numbers(_ xs: [Double]) -> String { array(xs.map(number)) }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
