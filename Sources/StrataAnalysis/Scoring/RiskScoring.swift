import Foundation
import StrataNumerics

/// Settings of ``RiskScoring/score(_:model:options:previous:)``.
public struct RiskScoringOptions: Sendable, Equatable {
    /// Monte Carlo draws; `nil` = 1000 when the model has uncertain choices, 0
    /// otherwise; 0 = no Monte Carlo (bands equal the point score).
    public var draws: Int?
    /// Seed of the draws (SplitMix64).
    public var seed: UInt64
    /// Estimate Sobol indices of the uncertain choices (costs `k + 2` times the draws).
    public var sobol: Bool

    /// Options.
    public init(draws: Int? = nil, seed: UInt64 = 1, sobol: Bool = true) {
        self.draws = draws
        self.seed = seed
        self.sobol = sobol
    }
}

/// One unit's risk score, with its uncertainty and drivers.
public struct RiskUnitScore: Sendable, Codable, Equatable {
    /// The unit (route, border section, profile…).
    public var unit: String
    /// The point score (the model's own choices), 0–10 for the default model; NaN when missing.
    public var score: Double
    /// Rank by `score`, 1 = highest risk; `nil` when the score is missing.
    public var rank: Int?
    /// Lower end of the 5–95 % Monte Carlo band of the score (the score itself without draws).
    public var scoreLo: Double
    /// Upper end of the band.
    public var scoreHi: Double
    /// Best rank in the 5–95 % rank interval.
    public var rankLo: Double
    /// Worst rank in the interval.
    public var rankHi: Double
    /// Median score over the draws (the score without draws).
    public var medianScore: Double
    /// Median rank over the draws.
    public var medianRank: Double
    /// Share of the model's indicators the unit has.
    public var coverage: Double
    /// Scores of the tree's nodes (`threat`, `vulnerability`, …) by name.
    public var components: [String: Double]
    /// Contribution of each indicator to the score (they sum to the score).
    public var contributions: [String: Double]
    /// The three largest contributions, largest first.
    public var topDrivers: [RiskDriver]
}

/// An indicator and its contribution to a unit's score.
public struct RiskDriver: Sendable, Codable, Equatable {
    /// The indicator.
    public var name: String
    /// Its contribution (see ``CompositeUnitScore/contributions``).
    public var contribution: Double

    /// A driver.
    public init(name: String, contribution: Double) {
        self.name = name
        self.contribution = contribution
    }
}

/// The uncertainty part of a ``RiskScoreReport``.
public struct RiskUncertaintySummary: Sendable, Codable, Equatable {
    /// Draws in the bands.
    public var draws: Int
    /// Seed.
    public var seed: UInt64
    /// Band probabilities.
    public var bandProbabilities: [Double]
    /// The uncertain choices varied.
    public var factors: [UncertaintyFactor]
    /// Sobol indices of the choices on the scores.
    public var sobol: [SobolIndex]
    /// Model evaluations made.
    public var evaluations: Int
}

/// The result of scoring an INDICATORS table with a risk model.
public struct RiskScoreReport: Sendable, Codable, Equatable {
    /// The model's name, if it has one.
    public var model: String?
    /// The model file's schema version.
    public var modelVersion: Int
    /// Units ranked (1 = highest risk first; missing scores last).
    public var units: [RiskUnitScore]
    /// The indicators used.
    public var indicators: [String]
    /// The tree as evaluated (children before parents, root last), with weights.
    public var nodes: [CompositeNodeSummary]
    /// Monte Carlo and Sobol results; `nil` when no draws were made.
    public var uncertainty: RiskUncertaintySummary?
    /// Change against the previous period's table, when one was given.
    public var changes: [CompositeUnitChange]?
    /// What was left out or assumed, and why.
    public var notes: [String]
}

/// Risk scoring: a ``RiskModel`` applied to an INDICATORS table through the
/// composite-index engine (``CompositeIndex``), with Monte Carlo bands over
/// the model's uncertain choices and the Sobol indices of those choices.
///
/// The default model (``RiskModel/defaultRisk``, also shipped as
/// `datasets/models/default-risk-model.json`) follows the common integrated
/// risk analysis model's reading of risk as a function of threat,
/// vulnerability and impact: risk is the geometric mean of the three, each on
/// 0–10. Threat is built from the signals of ``ThreatSignals``; vulnerability
/// and impact are analyst-supplied 0–10 columns `vulnerability` and `impact`.
/// When a table has no such column, that dimension is left out (it is
/// optional) and a note says so: the score is then the geometric mean of the
/// dimensions present — with neither, risk is the threat score alone. No value
/// is ever invented for a missing dimension.
public enum RiskScoring {
    /// Score `table` with `model`.
    ///
    /// - Parameters:
    ///   - table: units × indicators (INDICATORS CSV).
    ///   - model: the validated model.
    ///   - options: draws, seed, Sobol on/off.
    ///   - previous: the same table for a previous period, to report changes and their drivers.
    /// - Returns: ranked scores with bands, components, drivers and notes.
    /// - Throws: ``CompositeIndexError`` (names the indicator, node or unit).
    /// - Complexity: that of ``PreparedComposite/uncertainty(_:)``.
    public static func score(
        _ table: IndicatorTable, model: RiskModel, options: RiskScoringOptions = .init(), previous: IndicatorTable? = nil
    ) throws -> RiskScoreReport {
        let prepared = try CompositeIndex.prepare(table, specification: model.specification)
        let point = try prepared.evaluate()
        var notes = point.notes
        // Say plainly which top-level dimensions the score combines.
        if let root = point.nodes.last {
            let declared = model.tree.children.map(\.name)
            if root.children.count < declared.count {
                notes.append("the score '\(root.name)' combines only \(root.children.joined(separator: ", ")) (\(root.aggregation.rawValue) mean); not supplied: \(declared.filter { !root.children.contains($0) }.joined(separator: ", "))")
            }
        }
        let draws = options.draws ?? (prepared.factors.isEmpty ? 0 : 1000)
        if draws < 0 { throw CompositeIndexError.invalidParameter(name: "draws", detail: "must be ≥ 0, got \(draws)") }
        var mc: CompositeUncertaintyResult?
        if draws > 0 {
            if prepared.factors.isEmpty {
                notes.append("the model has no uncertain choices ('uncertainty' section): bands equal the point scores")
            } else {
                let r = try prepared.uncertainty(CompositeUncertaintyOptions(draws: draws, seed: options.seed, sobol: options.sobol))
                notes += r.notes
                mc = r
            }
        }
        var units: [RiskUnitScore] = []
        for (i, u) in point.units.enumerated() {
            let rank: Double = u.rank.map { Double($0) } ?? .nan
            var drivers: [RiskDriver] = []
            for (name, value) in u.contributions where !value.isNaN { drivers.append(RiskDriver(name: name, contribution: value)) }
            drivers.sort { (a: RiskDriver, b: RiskDriver) -> Bool in
                a.contribution != b.contribution ? a.contribution > b.contribution : a.name < b.name
            }
            var entry = RiskUnitScore(
                unit: u.unit, score: u.score, rank: u.rank, scoreLo: u.score, scoreHi: u.score, rankLo: rank, rankHi: rank,
                medianScore: u.score, medianRank: rank, coverage: u.coverage, components: u.components,
                contributions: u.contributions, topDrivers: Array(drivers.prefix(3)))
            if let band = mc?.units[i] {
                entry.scoreLo = band.scoreLow
                entry.scoreHi = band.scoreHigh
                entry.rankLo = band.rankLow
                entry.rankHi = band.rankHigh
                entry.medianScore = band.medianScore
                entry.medianRank = band.medianRank
            }
            units.append(entry)
        }
        let order = point.ranked.map(\.unit)
        var byUnit: [String: RiskUnitScore] = [:]
        for u in units { byUnit[u.unit] = u }
        var changes: [CompositeUnitChange]?
        if let previous {
            let before = try CompositeIndex.evaluate(previous, specification: model.specification)
            changes = CompositeIndex.changes(from: before, to: point)
        }
        return RiskScoreReport(
            model: model.name, modelVersion: model.version, units: order.compactMap { byUnit[$0] },
            indicators: point.indicators, nodes: point.nodes,
            uncertainty: mc.map {
                RiskUncertaintySummary(draws: $0.draws, seed: $0.seed, bandProbabilities: $0.bandProbabilities,
                                       factors: $0.factors, sobol: $0.sobol, evaluations: $0.evaluations)
            },
            changes: changes, notes: notes)
    }
}
