import Foundation

/// Which way an indicator points. The composite is oriented so that a higher
/// score means *more* of what is measured (more risk, more need), as in the
/// INFORM risk index: a `higherIsBetter` indicator is reversed during
/// normalisation.
public enum IndicatorDirection: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    /// Higher raw values raise the composite (e.g. detections for a risk index).
    case higherIsWorse = "higher-is-worse"
    /// Higher raw values lower the composite (e.g. coping capacity).
    case higherIsBetter = "higher-is-better"

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = IndicatorDirection(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown direction '\(raw)'; expected higher-is-worse or higher-is-better"))
        }
        self = value
    }
}

/// A transform applied to an indicator's raw values before normalisation
/// (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, §1.5 on
/// outliers; INFORM applies `log` to skewed indicators).
///
/// In a model file: `"transform": "none" | "log" | "log1p"`, or
/// `{"method": "winsorise", "lower": 0.05, "upper": 0.95}` (clamp at the given
/// sample quantiles, R type 7), or `{"method": "winsorise-skew", "skewness": 2,
/// "kurtosis": 3.5, "maxPoints": 5}` (the JRC COIN rule: while |skewness| >
/// 2 and excess kurtosis > 3.5, the most extreme value on the skewed side is
/// set to the next one, at most `maxPoints` times). Missing values stay missing.
public enum IndicatorTransform: Sendable, Equatable, Hashable, Codable {
    /// Values used as they are.
    case none
    /// Natural logarithm; every observed value must be positive.
    case log
    /// `log(1 + x)`; every observed value must exceed −1 (counts may be 0).
    case log1p
    /// Clamp at the `lower` and `upper` sample quantiles (type 7), `0 ≤ lower < upper ≤ 1`.
    case winsorise(lower: Double, upper: Double)
    /// Iterative winsorisation while `|skewness| > skewness` and `excess kurtosis > kurtosis`.
    case winsoriseBySkewness(skewness: Double, kurtosis: Double, maxPoints: Int)

    private enum Keys: String, CodingKey { case method, lower, upper, skewness, kurtosis, maxPoints }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let raw = try? single.decode(String.self) {
            switch raw {
            case "none": self = .none
            case "log": self = .log
            case "log1p": self = .log1p
            case "winsorise", "winsorize": self = .winsorise(lower: 0.05, upper: 0.95)
            case "winsorise-skew", "winsorize-skew": self = .winsoriseBySkewness(skewness: 2, kurtosis: 3.5, maxPoints: 5)
            default:
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown transform '\(raw)'; expected none, log, log1p, winsorise or winsorise-skew"))
            }
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        let method = try c.decode(String.self, forKey: .method)
        switch method {
        case "none": self = .none
        case "log": self = .log
        case "log1p": self = .log1p
        case "winsorise", "winsorize":
            self = .winsorise(lower: try c.decodeIfPresent(Double.self, forKey: .lower) ?? 0.05,
                              upper: try c.decodeIfPresent(Double.self, forKey: .upper) ?? 0.95)
        case "winsorise-skew", "winsorize-skew":
            self = .winsoriseBySkewness(skewness: try c.decodeIfPresent(Double.self, forKey: .skewness) ?? 2,
                                        kurtosis: try c.decodeIfPresent(Double.self, forKey: .kurtosis) ?? 3.5,
                                        maxPoints: try c.decodeIfPresent(Int.self, forKey: .maxPoints) ?? 5)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .method, in: c,
                debugDescription: "unknown transform '\(method)'; expected none, log, log1p, winsorise or winsorise-skew")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none, .log, .log1p:
            var c = encoder.singleValueContainer()
            try c.encode(self == .none ? "none" : self == .log ? "log" : "log1p")
        case let .winsorise(lower, upper):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("winsorise", forKey: .method)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
        case let .winsoriseBySkewness(s, k, m):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("winsorise-skew", forKey: .method)
            try c.encode(s, forKey: .skewness)
            try c.encode(k, forKey: .kurtosis)
            try c.encode(m, forKey: .maxPoints)
        }
    }
}

/// How an indicator's (transformed) values are put on a common scale.
///
/// In a model file: `"normalisation": "minmax" | "zscore" | "rank" | "none"`,
/// or `{"method": "minmax", "min": 0, "max": 100000}` (fixed bounds, in the
/// indicator's *raw* units: they go through the same transform as the values),
/// or `{"method": "distance", "reference": "UNIT"}`.
public enum Normalisation: Sendable, Equatable, Hashable, Codable {
    /// Min–max to 0–10 (INFORM): `10 · (x − min) / (max − min)`, with the data's
    /// range or fixed bounds; with fixed bounds values outside are clamped to 0–10.
    case minMax(min: Double?, max: Double?)
    /// Standard score `(x − mean) / sd` (sample standard deviation, `n − 1`).
    case zScore
    /// Percentile rank on 0–10: `10 · (r − 1) / (n − 1)`, `r` the average rank
    /// among the units with a value (ties share their average rank).
    case rank
    /// The value as given; it must already be on 0–10.
    case none
    /// Relative distance to a reference unit: `(x − x_ref) / |x_ref|` (handbook §1.6).
    case distance(reference: String)

    /// The method's name as written in a model file.
    public var methodName: String {
        switch self {
        case .minMax: return "minmax"
        case .zScore: return "zscore"
        case .rank: return "rank"
        case .none: return "none"
        case .distance: return "distance"
        }
    }

    /// The normalisation named `name` with default parameters (`minmax` uses
    /// the data's range); `nil` for an unknown name or `distance` (which needs a reference).
    public init?(methodName name: String) {
        switch name {
        case "minmax", "min-max": self = .minMax(min: nil, max: nil)
        case "zscore", "z-score": self = .zScore
        case "rank": self = .rank
        case "none": self = .none
        default: return nil
        }
    }

    private enum Keys: String, CodingKey { case method, min, max, reference }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let raw = try? single.decode(String.self) {
            guard let value = Normalisation(methodName: raw) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown normalisation '\(raw)'; expected minmax, zscore, rank or none (distance needs an object with a reference)"))
            }
            self = value
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        let method = try c.decode(String.self, forKey: .method)
        switch method {
        case "minmax", "min-max":
            self = .minMax(min: try c.decodeIfPresent(Double.self, forKey: .min), max: try c.decodeIfPresent(Double.self, forKey: .max))
        case "zscore", "z-score": self = .zScore
        case "rank": self = .rank
        case "none": self = .none
        case "distance": self = .distance(reference: try c.decode(String.self, forKey: .reference))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .method, in: c,
                debugDescription: "unknown normalisation '\(method)'; expected minmax, zscore, rank, none or distance")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(methodName, forKey: .method)
        switch self {
        case let .minMax(lo, hi):
            try c.encodeIfPresent(lo, forKey: .min)
            try c.encodeIfPresent(hi, forKey: .max)
        case let .distance(reference): try c.encode(reference, forKey: .reference)
        case .zScore, .rank, .none: break
        }
    }
}

/// How a node combines its children (handbook §1.8; INFORM methodology).
public enum AggregationMethod: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    /// Weighted arithmetic mean `Σ wᵢxᵢ / Σ wᵢ` (fully compensatory).
    case arithmetic
    /// Weighted geometric mean `(∏ xᵢ^wᵢ)^(1/Σwᵢ)`; inputs must be ≥ 0, and a
    /// zero input gives 0 (the limit of the product).
    case geometric
    /// Weighted harmonic mean `Σ wᵢ / Σ (wᵢ/xᵢ)`; inputs must be ≥ 0, and a
    /// zero input gives 0 (the limit).
    case harmonic
    /// INFORM's geometric mean of inverted scores for 0–10 inputs:
    /// `sᵢ = (10 − cᵢ)/10 · 9 + 1`, `D = (10 − (∏ sᵢ^wᵢ)^(1/Σwᵢ)) / 9 · 10`
    /// (INFORM Global Risk Index methodology, JRC 2017, “category aggregation”).
    case informGeometric = "inform-geometric"

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = AggregationMethod(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown aggregation '\(raw)'; expected arithmetic, geometric, harmonic or inform-geometric"))
        }
        self = value
    }
}

/// One indicator of a composite model: the column it reads and how its values
/// are oriented, transformed and normalised.
public struct IndicatorSpecification: Sendable, Codable, Equatable, Hashable {
    /// Column name in the indicators table.
    public var name: String
    /// Orientation (default ``IndicatorDirection/higherIsWorse``).
    public var direction: IndicatorDirection
    /// Transform before normalisation (default ``IndicatorTransform/none``).
    public var transform: IndicatorTransform
    /// Normalisation (default min–max on the data's range).
    public var normalisation: Normalisation
    /// When `true` and the table has no such column, the indicator is left out
    /// of the tree (with a note) instead of failing; nothing is invented for it.
    public var optional: Bool
    /// Free text for people.
    public var description: String?

    /// An indicator specification.
    public init(name: String, direction: IndicatorDirection = .higherIsWorse, transform: IndicatorTransform = .none,
                normalisation: Normalisation = .minMax(min: nil, max: nil), optional: Bool = false, description: String? = nil) {
        self.name = name
        self.direction = direction
        self.transform = transform
        self.normalisation = normalisation
        self.optional = optional
        self.description = description
    }

    private enum Keys: String, CodingKey { case name, direction, transform, normalisation, optional, description }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        name = try c.decode(String.self, forKey: .name)
        direction = try c.decodeIfPresent(IndicatorDirection.self, forKey: .direction) ?? .higherIsWorse
        transform = try c.decodeIfPresent(IndicatorTransform.self, forKey: .transform) ?? .none
        normalisation = try c.decodeIfPresent(Normalisation.self, forKey: .normalisation) ?? .minMax(min: nil, max: nil)
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional) ?? false
        description = try c.decodeIfPresent(String.self, forKey: .description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(direction, forKey: .direction)
        try c.encode(transform, forKey: .transform)
        try c.encode(normalisation, forKey: .normalisation)
        if optional { try c.encode(true, forKey: .optional) }
        try c.encodeIfPresent(description, forKey: .description)
    }
}

/// How a node's weights are chosen.
public enum WeightingMethod: String, Sendable, Codable, Equatable, Hashable {
    /// All children weigh the same (default when no weights are given).
    case equal
    /// The node's `weights` (the default when `weights` is present).
    case given
    /// Squared loadings of the first principal component of the correlation
    /// matrix of the children's normalised scores (LAPACK `dsyevr`), which sum
    /// to one (handbook §1.7.1, PCA weighting with a single retained factor).
    case pca
}

/// A child of a node: an indicator (by name) or a nested node.
public indirect enum CompositeChild: Sendable, Equatable, Hashable, Codable {
    /// An indicator, by its name.
    case indicator(String)
    /// A nested node.
    case node(CompositeNode)

    /// The child's name.
    public var name: String {
        switch self {
        case let .indicator(name): return name
        case let .node(node): return node.name
        }
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self = .indicator(name)
        } else {
            self = .node(try CompositeNode(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .indicator(name):
            var c = encoder.singleValueContainer()
            try c.encode(name)
        case let .node(node): try node.encode(to: encoder)
        }
    }
}

/// A node of the composite's tree (a dimension, category or component).
public struct CompositeNode: Sendable, Equatable, Hashable, Codable {
    /// The node's name (unique among nodes and indicators).
    public var name: String
    /// How the children are combined (default arithmetic).
    public var aggregation: AggregationMethod
    /// Children in order.
    public var children: [CompositeChild]
    /// Weights in the order of `children`, non-negative, summing to one; `nil` for equal weights.
    public var weights: [Double]?
    /// How the weights are chosen (default: `given` when `weights` is set, else `equal`).
    public var weighting: WeightingMethod?
    /// Minimum share of the (included) children that must be present for the
    /// node to have a value for a unit; below it the node is missing. Default 0.5.
    public var minimumCoverage: Double?

    /// A node.
    public init(name: String, aggregation: AggregationMethod = .arithmetic, children: [CompositeChild],
                weights: [Double]? = nil, weighting: WeightingMethod? = nil, minimumCoverage: Double? = nil) {
        self.name = name
        self.aggregation = aggregation
        self.children = children
        self.weights = weights
        self.weighting = weighting
        self.minimumCoverage = minimumCoverage
    }

    private enum Keys: String, CodingKey { case name, aggregation, children, weights, weighting, minimumCoverage }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        name = try c.decode(String.self, forKey: .name)
        aggregation = try c.decodeIfPresent(AggregationMethod.self, forKey: .aggregation) ?? .arithmetic
        children = try c.decode([CompositeChild].self, forKey: .children)
        weighting = try c.decodeIfPresent(WeightingMethod.self, forKey: .weighting)
        minimumCoverage = try c.decodeIfPresent(Double.self, forKey: .minimumCoverage)
        // Weights: an array in the order of the children, or an object child name → weight.
        if let list = try? c.decodeIfPresent([Double].self, forKey: .weights) {
            weights = list
        } else if let map = try c.decodeIfPresent([String: Double].self, forKey: .weights) {
            var list: [Double] = []
            for child in children {
                guard let w = map[child.name] else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .weights, in: c, debugDescription: "no weight for child '\(child.name)' of node '\(name)'")
                }
                list.append(w)
            }
            if let extra = map.keys.sorted().first(where: { key in !children.contains { $0.name == key } }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .weights, in: c, debugDescription: "weight for '\(extra)', which is not a child of node '\(name)'")
            }
            weights = list
        } else {
            weights = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(aggregation, forKey: .aggregation)
        try c.encode(children, forKey: .children)
        try c.encodeIfPresent(weights, forKey: .weights)
        try c.encodeIfPresent(weighting, forKey: .weighting)
        try c.encodeIfPresent(minimumCoverage, forKey: .minimumCoverage)
    }
}

/// The analyst's uncertain choices, varied by Monte Carlo (handbook §1.9,
/// Saisana, Saltelli & Tarantola 2005).
///
/// In a model file: `"uncertainty": {"weightRange": 0.25, "normalisations":
/// ["minmax", "rank"], "aggregations": {"risk": ["geometric", "arithmetic"]},
/// "exclude": ["volatility", "acceleration"]}`. Each key is one factor of the
/// sensitivity analysis; an absent key is a fixed choice.
public struct UncertaintySpecification: Sendable, Codable, Equatable, Hashable {
    /// Each weight is drawn uniformly in `[w(1 − r), w(1 + r)]`, then each
    /// node's weights are rescaled to sum to one; `0 ≤ r ≤ 1`. `nil` or 0: fixed.
    public var weightRange: Double?
    /// Alternative normalisation methods (`minmax`, `zscore`, `rank`, `none`),
    /// one drawn per draw and applied to every indicator whose own method is
    /// not `none` (fixed `minmax` bounds are kept when `minmax` is drawn).
    public var normalisations: [String]?
    /// Node name → alternative aggregation methods, one drawn per draw (all
    /// listed nodes form one factor).
    public var aggregations: [String: [AggregationMethod]]?
    /// Indicators that may be left out: each draw leaves out none or one of
    /// them, with equal probability (`1 + count` outcomes).
    public var exclude: [String]?

    /// An uncertainty specification.
    public init(weightRange: Double? = nil, normalisations: [String]? = nil,
                aggregations: [String: [AggregationMethod]]? = nil, exclude: [String]? = nil) {
        self.weightRange = weightRange
        self.normalisations = normalisations
        self.aggregations = aggregations
        self.exclude = exclude
    }
}

/// A complete composite-index model: indicators and the aggregation tree.
public struct CompositeSpecification: Sendable, Codable, Equatable, Hashable {
    /// The indicators, each read from the table column of the same name.
    public var indicators: [IndicatorSpecification]
    /// The root of the tree; its value is the composite score.
    public var tree: CompositeNode
    /// The uncertain choices (none by default).
    public var uncertainty: UncertaintySpecification?

    /// A specification.
    public init(indicators: [IndicatorSpecification], tree: CompositeNode, uncertainty: UncertaintySpecification? = nil) {
        self.indicators = indicators
        self.tree = tree
        self.uncertainty = uncertainty
    }
}

extension CompositeSpecification {
    /// Check the model on its own, without a table: indicator and node names
    /// unique and non-empty, every child a known indicator or a nested node,
    /// no cycle, no indicator used twice, weights valid (one per child,
    /// finite, non-negative, summing to one within 1e-6), coverage in (0, 1],
    /// and the uncertain choices naming known nodes and indicators.
    ///
    /// ``CompositeIndex/prepare(_:specification:)`` runs the same checks and
    /// then those that need the data.
    ///
    /// - Throws: the first ``CompositeIndexError`` found.
    /// - Complexity: O(nodes + indicators).
    public func validate() throws {
        var indicatorNames = Set<String>()
        for (k, ind) in indicators.enumerated() {
            guard !ind.name.isEmpty else { throw CompositeIndexError.invalidParameter(name: "indicators[\(k)].name", detail: "is empty") }
            guard indicatorNames.insert(ind.name).inserted else { throw CompositeIndexError.duplicateName(name: ind.name) }
        }
        var nodeNames = Set<String>()
        func collect(_ node: CompositeNode) throws {
            guard !node.name.isEmpty else { throw CompositeIndexError.invalidParameter(name: "tree", detail: "has a node with an empty name") }
            guard !indicatorNames.contains(node.name), nodeNames.insert(node.name).inserted else {
                throw CompositeIndexError.duplicateName(name: node.name)
            }
            for case let .node(child) in node.children { try collect(child) }
        }
        try collect(tree)
        var used = Set<String>()
        func check(_ node: CompositeNode, path: [String]) throws {
            _ = try node.checkedSettings()
            var childNames = Set<String>()
            for child in node.children {
                guard childNames.insert(child.name).inserted else { throw CompositeIndexError.duplicateName(name: child.name) }
                switch child {
                case let .indicator(name):
                    if indicatorNames.contains(name) {
                        guard used.insert(name).inserted else { throw CompositeIndexError.duplicateName(name: name) }
                    } else if path.contains(name) || name == node.name {
                        throw CompositeIndexError.cycle(path: path + [node.name, name])
                    } else if nodeNames.contains(name) {
                        throw CompositeIndexError.duplicateName(name: name)
                    } else {
                        throw CompositeIndexError.unknownName(name: name, node: node.name)
                    }
                case let .node(sub): try check(sub, path: path + [node.name])
                }
            }
        }
        try check(tree, path: [])
        if let u = uncertainty {
            if let r = u.weightRange, !(r >= 0 && r <= 1) {
                throw CompositeIndexError.invalidParameter(name: "uncertainty.weightRange", detail: "must be in [0, 1], got \(r)")
            }
            for name in u.normalisations ?? [] where Normalisation(methodName: name) == nil {
                throw CompositeIndexError.invalidParameter(
                    name: "uncertainty.normalisations", detail: "'\(name)' is not one of minmax, zscore, rank, none")
            }
            for (name, methods) in u.aggregations ?? [:] {
                guard nodeNames.contains(name) else { throw CompositeIndexError.unknownName(name: name, node: "uncertainty.aggregations") }
                guard !methods.isEmpty else {
                    throw CompositeIndexError.invalidParameter(name: "uncertainty.aggregations.\(name)", detail: "is an empty list")
                }
            }
            for name in u.exclude ?? [] where !indicatorNames.contains(name) {
                throw CompositeIndexError.unknownName(name: name, node: "uncertainty.exclude")
            }
        }
    }
}

extension CompositeNode {
    /// The node's own checks, shared by ``CompositeSpecification/validate()`` and
    /// ``CompositeIndex/prepare(_:specification:)``: at least one child; weights, if given,
    /// one per child, finite, non-negative and summing to one within 1e-6; the weighting
    /// consistent with them; the minimum coverage in (0, 1].
    ///
    /// - Returns: the weighting (given weights imply `given`, none `equal`) and the coverage (0.5 by default).
    /// - Throws: ``CompositeIndexError`` naming the node.
    /// - Complexity: O(children).
    func checkedSettings() throws -> (weighting: WeightingMethod, coverage: Double) {
        guard !children.isEmpty else { throw CompositeIndexError.emptyNode(name: name) }
        if let w = weights {
            guard w.count == children.count else {
                throw CompositeIndexError.invalidWeights(node: name, detail: "\(w.count) weights for \(children.count) children")
            }
            if let bad = w.first(where: { !($0.isFinite && $0 >= 0) }) {
                throw CompositeIndexError.invalidWeights(node: name, detail: "weight \(bad) is not a finite non-negative number")
            }
            let sum = w.reduce(0, +)
            guard abs(sum - 1) <= 1e-6 else {
                throw CompositeIndexError.invalidWeights(node: name, detail: "they sum to \(String(format: "%.10g", sum)), not 1")
            }
        }
        let weighting = self.weighting ?? (weights == nil ? .equal : .given)
        if weighting == .given && weights == nil {
            throw CompositeIndexError.invalidWeights(node: name, detail: "weighting 'given' needs a 'weights' list")
        }
        if weighting != .given && weights != nil {
            throw CompositeIndexError.invalidWeights(
                node: name, detail: "weights are given but weighting is '\(weighting.rawValue)'; remove one of them")
        }
        let coverage = minimumCoverage ?? 0.5
        guard coverage > 0, coverage <= 1 else {
            throw CompositeIndexError.invalidParameter(name: "minimumCoverage", detail: "of node '\(name)' must be in (0, 1], got \(coverage)")
        }
        return (weighting, coverage)
    }
}
