import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData
import StrataReports
import StrataNumerics

/// `strata score INDICATORS.csv --model MODEL.(json|yaml) [--draws N] [--seed S] [--format csv|json]`.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank units by a composite risk score, with Monte Carlo bands and Sobol indices.",
        discussion: """
            Example (bundled data, from the repository root):
              strata signals datasets/synthetic_detections_monthly.csv --by route \\
                | strata score - --model datasets/models/default-risk-model.json \\
                --plot ranking.svg

            INDICATORS is a CSV with a 'unit' column and one column per indicator (empty cell = missing), \
            e.g. the output of `strata signals`, with columns added in a spreadsheet; '-' reads standard input. \
            MODEL is a JSON or YAML model file, version 1 (see datasets/models/default-risk-model.json and \
            datasets/README.md): indicators (direction higher-is-worse|higher-is-better, transform \
            none|log|log1p|winsorise|winsorise-skew, normalisation minmax [min,max]|zscore|rank|none|distance), \
            a tree of nodes (aggregation arithmetic|geometric|harmonic|inform-geometric, optional weights \
            summing to 1, weighting equal|given|pca, minimumCoverage) and optional uncertain choices \
            (weightRange, normalisations, aggregations, exclude). \
            Method: OECD/JRC Handbook on Constructing Composite Indicators (2008) and the INFORM risk index \
            (JRC 2017); uncertainty by Monte Carlo over the uncertain choices (default 1000 draws when the model \
            has any), Sobol first-order (Saltelli 2010) and total (Jansen 1999) indices. \
            CSV output, ranked (1 = highest risk; missing scores last with empty rank): \
            unit,score,rank,score_lo,score_hi,rank_lo,rank_hi (5-95 % band of score and rank over the draws; \
            equal to the point score and rank when no draws are made). \
            JSON output (camelCase): {model, modelVersion, indicators, nodes:[{name, aggregation, children, weights, \
            weighting, minimumCoverage}], units:[{unit, score, rank, scoreLo, scoreHi, rankLo, rankHi, medianScore, \
            medianRank, coverage, components:{node: score}, contributions:{indicator: part of the score}, \
            topDrivers:[{name, contribution}]}], uncertainty:{draws, seed, bandProbabilities, factors, \
            sobol:[{factor, firstOrder, total}], evaluations}, changes (with --previous), notes}. \
            Notes (indicators left out, units with missing scores) go to standard error.
            """)

    @Argument(help: "The INDICATORS CSV ('-' for standard input).")
    var indicators: String

    @Option(help: "The model file (.json, .yaml or .yml), e.g. datasets/models/default-risk-model.json. Required.")
    var model: String

    @Option(help: "Monte Carlo draws (0 = none; default 1000 when the model has uncertain choices).")
    var draws: Int?

    @Option(help: "Seed of the draws.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-sobol"), help: "Skip the Sobol indices (the band then costs N model evaluations instead of N·(k+2)). Default: off.")
    var noSobol = false

    @Option(help: "INDICATORS CSV of a previous period: report the change of each unit's score and its drivers (JSON). Default: none.")
    var previous: String?

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @OptionGroup var plot: PlotOptions

    func validate() throws {
        if let draws, draws < 0 || draws == 1 || draws > 10_000_000 {
            throw ValidationError("--draws must be 0 or between 2 and 10000000, got \(draws)")
        }
    }

    func run() throws {
        let report: RiskScoreReport
        do {
            let riskModel = try RiskModel.load(path: model)
            let table = try IndicatorsCSV.read(path: indicators)
            let before = try previous.map { try IndicatorsCSV.read(path: $0) }
            report = try RiskScoring.score(
                table, model: riskModel, options: RiskScoringOptions(draws: draws, seed: seed, sobol: !noSobol), previous: before)
        } catch let error as RiskModelError {
            throw CommandFailure(message: error.description)
        } catch let error as IndicatorsFileError {
            throw CommandFailure(message: error.description)
        } catch let error as CompositeIndexError {
            throw CommandFailure(message: "\(indicators): \(error.description)")
        }
        for note in report.notes { StandardErrorStream.write("note: \(note)") }
        let missing = report.units.filter { $0.score.isNaN }.map(\.unit)
        if !missing.isEmpty {
            StandardErrorStream.write("note: no score for \(missing.count) unit(s) (too few indicators present for the model's minimumCoverage): \(missing.joined(separator: ", "))")
        }
        if previous != nil, format == .csv {
            StandardErrorStream.write("note: --previous: the changes and their drivers are in the JSON output (--format json); the CSV has the current scores only")
        }
        do {
            try plot.write([AnalysisPlots.ranking(report, title: "Risk ranking (5–95 % bands)")], title: "Risk ranking")
        } catch let error as CommandFailure {
            StandardErrorStream.write("error: \(error.message)")
            throw ExitCode.failure
        }
        OutputSink.ignoreBrokenPipeSignal()
        let out = OutputSink.standardOutput()
        do {
            switch format {
            case .csv:
                try out.write("unit,score,rank,score_lo,score_hi,rank_lo,rank_hi\n")
                for u in report.units {
                    try out.writeCSVField(u.unit)
                    for x in [u.score, u.rank.map(Double.init) ?? .nan, u.scoreLo, u.scoreHi, u.rankLo, u.rankHi] {
                        try out.write(byte: UInt8(ascii: ","))
                        try out.writeNumber(x)
                    }
                    try out.write(byte: 0x0A)
                }
            case .json:
                try StrataJSON.write(report, to: out)
            }
            try out.close()
        } catch let error as OutputError {
            throw CommandFailure(message: error.description)
        }
    }
}
