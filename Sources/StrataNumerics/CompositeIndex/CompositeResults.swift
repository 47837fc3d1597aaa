/// One unit's composite score with its components and drivers.
public struct CompositeUnitScore: Sendable, Codable, Equatable {
    /// The unit's name.
    public var unit: String
    /// The composite (root) score; NaN when the root is missing (too few indicators).
    public var score: Double
    /// Rank, 1 = highest score (ties share the best rank); `nil` when the score is missing.
    public var rank: Int?
    /// Share of the model's indicators that the unit has (0…1).
    public var coverage: Double
    /// Score of every node of the tree (root included), by node name; NaN = missing.
    public var components: [String: Double]
    /// Normalised, oriented value of every indicator (0–10 for min–max, rank, none); NaN = missing.
    public var normalised: [String: Double]
    /// Contribution of every indicator to the score; they sum to the score
    /// (see ``CompositeIndex`` for how they are apportioned through non-arithmetic nodes).
    public var contributions: [String: Double]
}

/// A node of the tree as evaluated: its method and the weights used.
public struct CompositeNodeSummary: Sendable, Codable, Equatable {
    /// The node's name.
    public var name: String
    /// Its aggregation.
    public var aggregation: AggregationMethod
    /// Its children (indicator or node names) after optional indicators absent
    /// from the table were left out.
    public var children: [String]
    /// The weights used, in the order of `children`, summing to one.
    public var weights: [Double]
    /// How the weights were chosen.
    public var weighting: WeightingMethod
    /// The minimum share of children a unit needs for the node to have a value.
    public var minimumCoverage: Double
}

/// The point evaluation of a composite index.
public struct CompositeResult: Sendable, Codable, Equatable {
    /// One entry per unit, in the table's order.
    public var units: [CompositeUnitScore]
    /// The indicators used, in model order.
    public var indicators: [String]
    /// The nodes, children before parents; the root is last.
    public var nodes: [CompositeNodeSummary]
    /// What was left out or adjusted and why.
    public var notes: [String]

    /// The units ordered by rank (missing scores last, then by name).
    public var ranked: [CompositeUnitScore] {
        units.sorted { a, b in
            switch (a.rank, b.rank) {
            case let (x?, y?): return x != y ? x < y : a.unit < b.unit
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.unit < b.unit
            }
        }
    }
}

/// One indicator's or node's share in a unit's change of score.
public struct CompositeDriver: Sendable, Codable, Equatable {
    /// Indicator or node name.
    public var name: String
    /// Its contribution now minus its contribution in the previous period.
    public var change: Double

    /// A driver.
    public init(name: String, change: Double) {
        self.name = name
        self.change = change
    }
}

/// A unit's change of score against a previous period and what drove it.
public struct CompositeUnitChange: Sendable, Codable, Equatable {
    /// The unit.
    public var unit: String
    /// Score now and before (NaN when missing in that period).
    public var score: Double
    /// The previous score.
    public var previousScore: Double
    /// `score − previousScore`.
    public var change: Double
    /// Rank now and before.
    public var rank: Int?
    /// The previous rank.
    public var previousRank: Int?
    /// Indicator drivers: change of contribution, largest absolute change first.
    public var drivers: [CompositeDriver]
    /// Node drivers: change of each node's score, largest absolute change first.
    public var componentChanges: [CompositeDriver]
}

/// Monte Carlo results for one unit.
public struct CompositeUnitUncertainty: Sendable, Codable, Equatable {
    /// The unit.
    public var unit: String
    /// Median score over the draws.
    public var medianScore: Double
    /// Lower end of the score band (5th percentile by default).
    public var scoreLow: Double
    /// Upper end of the score band (95th percentile by default).
    public var scoreHigh: Double
    /// Median rank over the draws.
    public var medianRank: Double
    /// Lower end of the rank interval (best rank, 5th percentile).
    public var rankLow: Double
    /// Upper end of the rank interval (worst rank, 95th percentile).
    public var rankHigh: Double
    /// Draws in which the unit's score was missing (left out of its band).
    public var missingDraws: Int
}

/// First-order and total Sobol indices of one uncertain choice.
public struct SobolIndex: Sendable, Codable, Equatable {
    /// The factor (``UncertaintyFactor/name``).
    public var factor: String
    /// First-order index `S_i` (Saltelli et al. 2010 estimator).
    public var firstOrder: Double
    /// Total index `S_Ti` (Jansen 1999 estimator).
    public var total: Double
}

/// One uncertain choice of the analyst, a factor of the sensitivity analysis.
public struct UncertaintyFactor: Sendable, Codable, Equatable {
    /// `weights`, `normalisation`, `aggregation` or `exclusion`.
    public var name: String
    /// Number of uniform variates the factor uses per draw.
    public var dimension: Int
    /// What the factor varies, for people.
    public var detail: String
}

/// The Monte Carlo uncertainty and sensitivity analysis of a composite index.
public struct CompositeUncertaintyResult: Sendable, Codable, Equatable {
    /// Number of draws in the bands.
    public var draws: Int
    /// The seed.
    public var seed: UInt64
    /// Probability of the lower and upper band ends (0.05 and 0.95 by default).
    public var bandProbabilities: [Double]
    /// The uncertain choices varied.
    public var factors: [UncertaintyFactor]
    /// One entry per unit, in the table's order.
    public var units: [CompositeUnitUncertainty]
    /// Sobol indices of the factors on the scores (variance-weighted over units,
    /// Gamboa et al. 2014); empty when there are no factors or they were not requested.
    public var sobol: [SobolIndex]
    /// Model evaluations used (bands and Sobol design).
    public var evaluations: Int
    /// Notes on the analysis.
    public var notes: [String]
}
