import ArgumentParser
import Foundation
import StrataNumerics

/// `strata changepoints`: date level changes in one or many series.
struct ChangePoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Find the change points of one or many series, with the level of each segment.",
        discussion: """
            INPUT is a 'period,value' or 'series,period,value' CSV (or any file \
            'strata validate' reads; '-' is standard input). Missing values are \
            rejected with an error naming the index and period: fill or drop them first.

            --deseasonalize PERIOD removes a fixed seasonal pattern estimated by \
            robust periodic STL: with a count cost it enters as a multiplicative \
            offset (expected count = level × seasonal factor; factors from STL of \
            log1p(y), averaging 1 over a cycle), so levels are deseasonalised counts; \
            with a Gaussian cost the seasonally adjusted series y − S is segmented.

            --cost auto (default) uses a count model for non-negative integer data \
            (negbin when the difference-based dispersion index exceeds 1 + 3·sqrt(3/(n-1)), \
            else poisson) and normal-mean with a robust (MAD of differences) variance \
            otherwise; the output says which cost was used.

            --method pelt (default) is exact (Killick, Fearnhead & Eckley 2012); binseg is \
            binary segmentation; bocpd is Bayesian online detection (Adams & MacKay 2007, \
            hazard 1/100; poisson: Poisson-Gamma prior Gamma(1, 1/mean); negbin: negative \
            binomial with the estimated size r and a Beta(2, mean/r) prior; Gaussian \
            costs: Normal-Gamma prior scaled to the series; --penalty is \
            ignored) and also reports, per observation, the probability of a change in \
            the last 3 periods.

            --penalty mbic (default, as R changepoint) | bic | aic | hannan-quinn | NUMBER.

            Output (CSV): one row per segment, 'start,end,start_period,end_period,level,\
            lower,upper,ratio_to_previous' (with a leading 'series' column for many \
            series); start/end are 0-based and inclusive; lower/upper a 95% interval. \
            JSON (camelCase keys, as every strata command): {"cost", "method", \
            "penalty", "penaltyValue", "changepoints", "segments": [{"start", "end", \
            "startPeriod", "endPeriod", "level", "lower", "upper", "ratioToPrevious"}]} \
            (bocpd adds "changeProbability" and "changeProbabilityWindow"), or \
            {"series": [{"series": ID, ...}]} for many series. With many series a series that cannot be \
            analysed gets an "error" entry (JSON) or a message on standard error (CSV); \
            the command fails only when every series fails.
            """
    )

    enum CostOption: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto
        case normalMean = "normal-mean"
        case normalMeanVariance = "normal-meanvar"
        case poisson
        case negbin
        case l2
    }

    enum MethodOption: String, ExpressibleByArgument, CaseIterable, Sendable {
        case pelt, binseg, bocpd
    }

    @Argument(help: "A 'period,value' or 'series,period,value' CSV file.")
    var input: String

    @Option(help: "Segment cost: auto, normal-mean, normal-meanvar, poisson, negbin or l2.")
    var cost: CostOption = .auto

    @Option(help: "Search method: pelt, binseg or bocpd.")
    var method: MethodOption = .pelt

    @Option(help: "Penalty per change point: bic, mbic, aic, hannan-quinn or a non-negative number.")
    var penalty: String = "mbic"

    @Option(name: .customLong("min-size"), help: "Minimum segment length (observations).")
    var minSize: Int = 2

    @Option(help: ArgumentHelp(
        "Remove a seasonal pattern of this period first (12 for monthly data): a multiplicative offset for count costs, the seasonally adjusted series for Gaussian costs.",
        valueName: "period"))
    var deseasonalize: Int?

    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    func validate() throws {
        guard ChangePointPenalty(name: penalty) != nil else {
            throw ValidationError("--penalty must be bic, mbic, aic, hannan-quinn or a non-negative number; got '\(penalty)'")
        }
        guard minSize >= 1 else { throw ValidationError("--min-size must be at least 1; got \(minSize)") }
        if let p = deseasonalize, p < 2 {
            throw ValidationError("--deseasonalize must be a seasonal period of at least 2; got \(p)")
        }
    }

    func run() throws {
        let series = try SeriesInput.read(path: input)
        let settings = ChangePointAnalysis.Settings(
            cost: cost, method: method, penalty: ChangePointPenalty(name: penalty) ?? .mbic, minSize: minSize,
            deseasonalize: deseasonalize)
        let results = try Parallel.map(series.count) { i in
            ChangePointAnalysis.run(series[i], settings: settings, offsets: nil)
        }
        let multi = series.first?.id != nil
        if !multi, let only = results.first, case .failure(let message) = only.outcome {
            throw CommandFailure(message: message)
        }
        if results.allSatisfy({ if case .failure = $0.outcome { return true } else { return false } }) {
            throw CommandFailure(message: "no series could be analysed:\n" + results.map { r in
                if case .failure(let m) = r.outcome { return "  \(r.id ?? ""): \(m)" } else { return "" }
            }.joined(separator: "\n"))
        }
        for r in results {
            if case .failure(let m) = r.outcome {
                FileHandle.standardError.write(Data("series '\(r.id ?? "")': \(m)\n".utf8))
            }
        }
        switch format {
        case .json: print(try ChangePointAnalysis.json(results, multi: multi))
        case .csv: print(ChangePointAnalysis.csv(results, multi: multi), terminator: "")
        }
    }
}

/// An error message for the user, printed by ArgumentParser as `Error: …`.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The per-series work of `strata changepoints`, kept apart from argument parsing.
enum ChangePointAnalysis {
    struct Settings: Sendable {
        var cost: ChangePoints.CostOption
        var method: ChangePoints.MethodOption
        var penalty: ChangePointPenalty
        var minSize: Int
        var deseasonalize: Int? = nil
    }

    struct Segment: Encodable, Sendable {
        var start: Int
        var end: Int
        var startPeriod: String
        var endPeriod: String
        var level: Double
        var lower: Double?
        var upper: Double?
        var ratioToPrevious: Double?

        enum CodingKeys: String, CodingKey {
            case start, end, level, lower, upper
            case startPeriod, endPeriod, ratioToPrevious
        }

        /// Every key is always present (null when undefined), so the shape is stable.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(startPeriod, forKey: .startPeriod)
            try c.encode(endPeriod, forKey: .endPeriod)
            try c.encode(level, forKey: .level)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
            try c.encode(ratioToPrevious, forKey: .ratioToPrevious)
        }
    }

    struct Success: Sendable {
        var cost: String
        var method: String
        var penalty: String
        var penaltyValue: Double?
        var changepoints: [Int]
        var segments: [Segment]
        var changeProbability: [Double]?
    }

    enum Outcome: Sendable {
        case success(Success)
        case failure(String)
    }

    struct SeriesResult: Sendable {
        var id: String?
        var outcome: Outcome
    }

    static let bocpdWindow = 3

    static func run(_ input: InputSeries, settings: Settings, offsets: [Double]?) -> SeriesResult {
        do {
            return SeriesResult(id: input.id, outcome: .success(try analyse(input, settings, offsets)))
        } catch let error as ChangePointError {
            return SeriesResult(id: input.id, outcome: .failure(describe(error, input)))
        } catch {
            return SeriesResult(id: input.id, outcome: .failure("\(error)"))
        }
    }

    static func describe(_ error: ChangePointError, _ input: InputSeries) -> String {
        func period(_ i: Int) -> String { input.periods.indices.contains(i) ? input.periods[i] : "?" }
        switch error {
        case let .missingValue(_, i):
            return "missing value at index \(i) (period \(period(i))); change-point detection needs a complete series: fill or drop missing values first"
        case let .nonFinite(_, i):
            return "value at index \(i) (period \(period(i))) is infinite"
        case let .negativeCount(_, i, v):
            return "value \(CSVNumber.format(v)) at index \(i) (period \(period(i))) is negative; the poisson and negbin costs need non-negative counts"
        case .constantSeries:
            return "the series is constant; there is nothing to segment"
        case let .tooShort(n, m):
            return "the series has \(n) observations, fewer than twice --min-size \(m)"
        default:
            return error.description
        }
    }

    static func analyse(_ input: InputSeries, _ s: Settings, _ givenOffsets: [Double]?) throws -> Success {
        var y = input.values
        var offsets = givenOffsets
        let cost: ChangePointCost
        switch s.cost {
        case .auto: cost = .automatic(for: y)
        case .normalMean: cost = .normalMean(variance: nil)
        case .normalMeanVariance: cost = .normalMeanVariance
        case .poisson: cost = .poisson
        case .negbin: cost = .negativeBinomial(size: nil)
        case .l2: cost = .l2
        }
        if let period = s.deseasonalize {
            // Counts keep their likelihood: the seasonal pattern is a
            // multiplicative offset. Gaussian costs see the adjusted series.
            if let i = y.firstIndex(where: \.isNaN) { throw ChangePointError.missingValue(series: 0, index: i) }
            if cost.isCountModel {
                if s.method == .bocpd {
                    throw CommandFailure(message: "--deseasonalize with --method bocpd needs a Gaussian cost (normal-mean or normal-meanvar): the online count models take no seasonal offset")
                }
                offsets = try ChangePointSeasonality.multiplicativeFactors(y, period: period)
            } else {
                y = try ChangePointSeasonality.additivelyAdjusted(y, period: period)
            }
        }
        let segmentation: Segmentation
        var probability: [Double]? = nil
        switch s.method {
        case .pelt:
            segmentation = try ChangePointSearch.pelt(
                y, cost: cost, penalty: s.penalty, minimumSegmentLength: s.minSize, offsets: offsets)
        case .binseg:
            segmentation = try ChangePointSearch.binarySegmentation(
                y, cost: cost, penalty: s.penalty, minimumSegmentLength: s.minSize, offsets: offsets)
        case .bocpd:
            // Validate exactly as the offline searches do (missing, negative, constant, length)
            // and resolve the estimated cost parameters, without running a search.
            let resolved = try ChangePointSearch.resolvedCost(
                y, cost: cost, minimumSegmentLength: s.minSize, offsets: offsets)
            var mean = 0.0
            for v in y { mean += v }
            mean /= Double(y.count)
            let model: OnlineChangePointModel
            if case .negativeBinomial(let size?) = resolved, size < ChangePointCost.maximumNegativeBinomialSize {
                // Overdispersed counts: NB with the estimated size, Beta(2, ȳ/r) prior (prior mean ȳ).
                model = .negativeBinomialBeta(size: size, alpha: 2, beta: max(mean / size, 1e-9))
            } else if cost.isCountModel {
                model = .poissonGamma(shape: 1, rate: 1 / max(mean, 1e-9))
            } else {
                var ss = 0.0
                for v in y { ss += (v - mean) * (v - mean) }
                model = .normalGamma(mean: mean, kappa: 1, shape: 1, rate: max(ss / Double(y.count - 1), 1e-12))
            }
            let online = try BayesianOnlineDetector.run(y, model: model, expectedRunLength: 100, window: bocpdWindow)
            probability = online.changeProbability
            segmentation = Segmentation(
                changepoints: online.changepoints, length: y.count, cost: resolved, penalty: 0, fitCost: .nan)
        }
        let summaries = try segmentation.summaries(of: y, offsets: offsets)
        func period(_ i: Int) -> String { input.periods.indices.contains(i) ? input.periods[i] : "" }
        let segments = summaries.map {
            Segment(
                start: $0.start, end: $0.end, startPeriod: period($0.start), endPeriod: period($0.end),
                level: $0.level, lower: $0.lower.isNaN ? nil : $0.lower, upper: $0.upper.isNaN ? nil : $0.upper,
                ratioToPrevious: $0.ratioToPrevious.flatMap { $0.isFinite ? $0 : nil })
        }
        return Success(
            cost: segmentation.cost.name, method: s.method.rawValue,
            penalty: s.method == .bocpd ? "none" : s.penalty.name,
            penaltyValue: s.method == .bocpd ? nil : segmentation.penalty,
            changepoints: segmentation.changepoints, segments: segments, changeProbability: probability)
    }

    struct JSONSeries: Encodable {
        var series: String?
        var cost: String?
        var method: String?
        var penalty: String?
        var penaltyValue: Double?
        var changepoints: [Int]?
        var segments: [Segment]?
        var changeProbability: [Double]?
        var changeProbabilityWindow: Int?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case series, cost, method, penalty, changepoints, segments, error
            case penaltyValue, changeProbability, changeProbabilityWindow
        }
    }

    struct JSONBatch: Encodable { var series: [JSONSeries] }

    static func jsonSeries(_ r: SeriesResult) -> JSONSeries {
        switch r.outcome {
        case .success(let s):
            return JSONSeries(
                series: r.id, cost: s.cost, method: s.method, penalty: s.penalty, penaltyValue: s.penaltyValue,
                changepoints: s.changepoints, segments: s.segments, changeProbability: s.changeProbability,
                changeProbabilityWindow: s.changeProbability == nil ? nil : bocpdWindow, error: nil)
        case .failure(let m):
            return JSONSeries(series: r.id, error: m)
        }
    }

    static func json(_ results: [SeriesResult], multi: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        if multi {
            data = try encoder.encode(JSONBatch(series: results.map(jsonSeries)))
        } else {
            data = try encoder.encode(results.map(jsonSeries).first)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func csv(_ results: [SeriesResult], multi: Bool) -> String {
        var out = (multi ? "series," : "") + "start,end,start_period,end_period,level,lower,upper,ratio_to_previous\n"
        for r in results {
            guard case .success(let s) = r.outcome else { continue }
            for g in s.segments {
                var fields: [String] = []
                if multi { fields.append(CSVField.escape(r.id ?? "")) }
                fields += [
                    String(g.start), String(g.end), CSVField.escape(g.startPeriod), CSVField.escape(g.endPeriod),
                    CSVNumber.format(g.level), CSVNumber.format(g.lower ?? .nan), CSVNumber.format(g.upper ?? .nan),
                    CSVNumber.format(g.ratioToPrevious ?? .nan),
                ]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
