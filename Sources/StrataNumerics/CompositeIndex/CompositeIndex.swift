import Foundation

/// A composite index over a table of units × indicators: transforms,
/// normalisation, weights and a hierarchical aggregation tree, with missing-data
/// rules, coverage, driver contributions, Monte Carlo uncertainty and Sobol
/// sensitivity indices.
///
/// The construction follows the OECD/JRC *Handbook on Constructing Composite
/// Indicators* (2008) and the INFORM risk index (*INFORM Concept and
/// Methodology*, JRC 2017): every indicator is transformed, normalised and
/// oriented so that higher means worse; each node of the tree combines its
/// children with a weighted arithmetic, geometric, harmonic or INFORM
/// (inverted geometric) mean; the root's value is the score.
///
/// ## Missing data
/// A missing indicator value (NaN) is left out of its node and the weights of
/// the children present are rescaled to sum to one. When the share of
/// children present is below the node's `minimumCoverage` (default 0.5) the
/// node is missing for that unit, and so on up the tree. A unit with no
/// indicator at all is an error; every unit reports its ``CompositeUnitScore/coverage``.
///
/// ## Zeros and negatives
/// Geometric and harmonic means of inputs that include a 0 are 0 (the limit);
/// a negative input (for example a z-score) is an error naming the node and
/// unit. The INFORM mean needs inputs on 0–10.
///
/// ## Contributions
/// Each node's score is shared among its present children in proportion to
/// `wᵢ·xᵢ` (for INFORM nodes, `wᵢ·cᵢ`), and an indicator's contribution is its
/// share of its parent's share, down from the root; contributions sum to the
/// score. For arithmetic nodes this is the exact decomposition `wᵢxᵢ`; for
/// the other means it is a proportional apportionment, documented as such.
///
/// ```swift
/// let prepared = try CompositeIndex.prepare(table, specification: spec)
/// let result = try prepared.evaluate()
/// let mc = try prepared.uncertainty(CompositeUncertaintyOptions(draws: 1000, seed: 1))
/// ```
public enum CompositeIndex {
    /// Validate `specification` against `table` and prepare the evaluation
    /// (transforms and normalisations applied once).
    ///
    /// - Parameters:
    ///   - table: units × indicators.
    ///   - specification: indicators, tree and uncertain choices.
    /// - Returns: the prepared index.
    /// - Throws: ``CompositeIndexError`` for unknown or duplicate names,
    ///   cycles, empty nodes, invalid weights (negative, wrong count, not
    ///   summing to one within 1e-6), required indicators absent from the table,
    ///   zero-variance or all-missing indicators, all-missing units, values outside
    ///   a transform's domain, and invalid uncertainty choices.
    /// - Complexity: O(units × indicators) plus the transforms' sorting.
    public static func prepare(_ table: IndicatorTable, specification: CompositeSpecification) throws -> PreparedComposite {
        try PreparedComposite(table: table, specification: specification)
    }

    /// Evaluate `specification` on `table` (``prepare(_:specification:)`` then
    /// ``PreparedComposite/evaluate()``).
    public static func evaluate(_ table: IndicatorTable, specification: CompositeSpecification) throws -> CompositeResult {
        try prepare(table, specification: specification).evaluate()
    }

    /// Compare two evaluations of the same model (e.g. this year and last):
    /// per unit present in both, the change of score and rank and the change
    /// of every indicator's contribution and every node's score, largest
    /// absolute change first.
    ///
    /// - Complexity: O(units × (indicators + nodes) log).
    public static func changes(from previous: CompositeResult, to current: CompositeResult) -> [CompositeUnitChange] {
        var before: [String: CompositeUnitScore] = [:]
        for u in previous.units { before[u.unit] = u }
        var out: [CompositeUnitChange] = []
        for now in current.units {
            guard let old = before[now.unit] else { continue }
            func diffs(_ a: [String: Double], _ b: [String: Double]) -> [CompositeDriver] {
                Set(a.keys).union(b.keys).map { CompositeDriver(name: $0, change: (a[$0] ?? .nan) - (b[$0] ?? .nan)) }
                    .sorted { x, y in
                        let ax = x.change.isNaN ? -1 : abs(x.change), ay = y.change.isNaN ? -1 : abs(y.change)
                        return ax != ay ? ax > ay : x.name < y.name
                    }
            }
            out.append(CompositeUnitChange(
                unit: now.unit, score: now.score, previousScore: old.score, change: now.score - old.score,
                rank: now.rank, previousRank: old.rank,
                drivers: diffs(now.contributions, old.contributions),
                componentChanges: diffs(now.components, old.components)))
        }
        return out
    }

    /// Competition ranks of `scores`, 1 = highest; ties share the best rank;
    /// NaN scores get `nil`.
    /// - Complexity: O(n log n).
    public static func ranks(_ scores: [Double]) -> [Int?] {
        let order = scores.indices.filter { !scores[$0].isNaN }.sorted { scores[$0] > scores[$1] }
        var out = [Int?](repeating: nil, count: scores.count)
        for (k, i) in order.enumerated() {
            if k > 0, scores[order[k - 1]] == scores[i], let r = out[order[k - 1]] { out[i] = r } else { out[i] = k + 1 }
        }
        return out
    }
}

/// A composite index validated against its table and ready to evaluate,
/// repeatedly and under varied choices. See ``CompositeIndex``.
public struct PreparedComposite: Sendable {
    enum Ref: Sendable, Equatable { case indicator(Int), node(Int) }

    struct Node: Sendable {
        var name: String
        var aggregation: AggregationMethod
        var children: [Ref]
        var weights: [Double]
        var weighting: WeightingMethod
        var minimumCoverage: Double
    }

    /// Unit names, in the table's order.
    public let units: [String]
    /// The indicators used (model order, absent optional ones left out).
    public let indicators: [String]
    /// Notes on what was left out or adjusted.
    public let notes: [String]
    /// The uncertain choices of the model, in factor order.
    public let factors: [UncertaintyFactor]

    let specs: [IndicatorSpecification]
    /// Transformed (not normalised) columns, one per used indicator.
    let transformed: [[Double]]
    /// Normalised columns with the model's own methods.
    let normalised: [[Double]]
    var nodes: [Node]
    let uncertainty: UncertaintySpecification
    /// Alternative normalisations (drawn per draw), as method names.
    let normalisationChoices: [String]
    /// Columns under each alternative normalisation.
    let alternativeColumns: [[[Double]]]
    /// Node index → alternative aggregations.
    let aggregationChoices: [(node: Int, methods: [AggregationMethod])]
    /// Indicator indices that may be excluded.
    let exclusionChoices: [Int]

    init(table: IndicatorTable, specification spec: CompositeSpecification) throws {
        try spec.validate()
        var notes: [String] = []
        // Indicator names: unique, non-empty.
        var indicatorIndex: [String: Int] = [:]
        for (k, ind) in spec.indicators.enumerated() {
            guard !ind.name.isEmpty else { throw CompositeIndexError.invalidParameter(name: "indicators[\(k)].name", detail: "is empty") }
            guard indicatorIndex[ind.name] == nil else { throw CompositeIndexError.duplicateName(name: ind.name) }
            indicatorIndex[ind.name] = k
        }
        // Node names: unique and distinct from indicators.
        var nodeNames = Set<String>()
        func collect(_ node: CompositeNode) throws {
            guard !node.name.isEmpty else { throw CompositeIndexError.invalidParameter(name: "tree", detail: "has a node with an empty name") }
            guard indicatorIndex[node.name] == nil, nodeNames.insert(node.name).inserted else {
                throw CompositeIndexError.duplicateName(name: node.name)
            }
            for case let .node(child) in node.children { try collect(child) }
        }
        try collect(spec.tree)

        // Which indicators are available.
        var available = [Bool](repeating: true, count: spec.indicators.count)
        for (k, ind) in spec.indicators.enumerated() where !table.indicators.contains(ind.name) {
            if ind.optional {
                available[k] = false
                notes.append("indicator '\(ind.name)' is not in the table: left out (it is optional); no value was assumed for it")
            } else {
                throw CompositeIndexError.missingIndicator(name: ind.name)
            }
        }
        if let extra = table.indicators.first(where: { indicatorIndex[$0] == nil }) {
            notes.append("column '\(extra)' of the table is not an indicator of the model: ignored")
        }

        // Resolve the tree (post-order), checking names, cycles and weights.
        var usedIndicatorOrder: [Int] = []   // spec index, in order of first use
        var seenIndicators = Set<Int>()
        var nodes: [Node] = []
        var nodeIndexByName: [String: Int] = [:]
        func resolve(_ node: CompositeNode, path: [String]) throws -> Int? {
            let (weighting, coverage) = try node.checkedSettings()
            var refs: [Ref] = []
            var weights: [Double] = []
            var childNames = Set<String>()
            for (c, child) in node.children.enumerated() {
                guard childNames.insert(child.name).inserted else { throw CompositeIndexError.duplicateName(name: child.name) }
                let w = node.weights?[c] ?? 1
                switch child {
                case let .indicator(name):
                    if let k = indicatorIndex[name] {
                        guard seenIndicators.insert(k).inserted else { throw CompositeIndexError.duplicateName(name: name) }
                        if available[k] {
                            usedIndicatorOrder.append(k)
                            refs.append(.indicator(k))
                            weights.append(w)
                        }
                    } else if path.contains(name) || name == node.name {
                        throw CompositeIndexError.cycle(path: path + [node.name, name])
                    } else if nodeNames.contains(name) {
                        throw CompositeIndexError.duplicateName(name: name)
                    } else {
                        throw CompositeIndexError.unknownName(name: name, node: node.name)
                    }
                case let .node(sub):
                    if let idx = try resolve(sub, path: path + [node.name]) {
                        refs.append(.node(idx))
                        weights.append(w)
                    }
                }
            }
            if refs.isEmpty {
                notes.append("node '\(node.name)' has none of its indicators in the table: left out")
                return nil
            }
            if refs.count < node.children.count {
                notes.append("node '\(node.name)': \(refs.count) of \(node.children.count) children available; weights rescaled over them")
            }
            let total = weights.reduce(0, +)
            guard total > 0 else {
                throw CompositeIndexError.invalidWeights(node: node.name, detail: "the available children all have weight 0")
            }
            nodes.append(Node(name: node.name, aggregation: node.aggregation, children: refs,
                              weights: weights.map { $0 / total }, weighting: weighting, minimumCoverage: coverage))
            nodeIndexByName[node.name] = nodes.count - 1
            return nodes.count - 1
        }
        guard try resolve(spec.tree, path: []) != nil else {
            throw CompositeIndexError.invalidTable(detail: "none of the model's indicators is in the table")
        }
        for (k, ind) in spec.indicators.enumerated() where !seenIndicators.contains(k) {
            notes.append("indicator '\(ind.name)' is defined but not used in the tree: ignored")
        }

        // Renumber the used indicators 0..<m in order of use.
        var newIndex: [Int: Int] = [:]
        for (m, k) in usedIndicatorOrder.enumerated() { newIndex[k] = m }
        for n in nodes.indices {
            nodes[n].children = nodes[n].children.map { ref in
                if case let .indicator(k) = ref, let m = newIndex[k] { return .indicator(m) }
                return ref
            }
        }
        let specs = usedIndicatorOrder.map { spec.indicators[$0] }

        // Transform and normalise.
        var transformed: [[Double]] = []
        var normalised: [[Double]] = []
        for s in specs {
            guard let raw = table.column(named: s.name) else { throw CompositeIndexError.missingIndicator(name: s.name) }
            let t = try IndicatorPreparation.transform(raw, s.transform, indicator: s.name, units: table.units)
            transformed.append(t)
            normalised.append(try IndicatorPreparation.normalise(
                t, s.normalisation, direction: s.direction, transform: s.transform, indicator: s.name, units: table.units))
        }
        for (i, unit) in table.units.enumerated() where transformed.allSatisfy({ $0[i].isNaN }) {
            throw CompositeIndexError.allMissingUnit(unit: unit)
        }

        // Uncertain choices.
        let u = spec.uncertainty ?? UncertaintySpecification()
        var factors: [UncertaintyFactor] = []
        if let r = u.weightRange {
            guard r >= 0, r <= 1 else { throw CompositeIndexError.invalidParameter(name: "uncertainty.weightRange", detail: "must be in [0, 1], got \(r)") }
            if r > 0 {
                let slots = nodes.reduce(0) { $0 + $1.children.count }
                factors.append(UncertaintyFactor(name: "weights", dimension: slots,
                                                 detail: "each weight × U(\(1 - r), \(1 + r)), rescaled per node"))
            }
        }
        var altColumns: [[[Double]]] = []
        let normChoices = u.normalisations ?? []
        for name in normChoices {
            guard let method = Normalisation(methodName: name) else {
                throw CompositeIndexError.invalidParameter(
                    name: "uncertainty.normalisations", detail: "'\(name)' is not one of minmax, zscore, rank, none")
            }
            var cols: [[Double]] = []
            for (k, s) in specs.enumerated() {
                var m = method
                if case .none = s.normalisation { m = .none }
                if case .minMax = method, case .minMax = s.normalisation { m = s.normalisation }
                cols.append(try IndicatorPreparation.normalise(
                    transformed[k], m, direction: s.direction, transform: s.transform, indicator: s.name, units: table.units))
            }
            altColumns.append(cols)
        }
        if normChoices.count > 1 {
            factors.append(UncertaintyFactor(name: "normalisation", dimension: 1, detail: normChoices.joined(separator: " | ")))
        }
        var aggChoices: [(node: Int, methods: [AggregationMethod])] = []
        for (name, methods) in (u.aggregations ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let n = nodeIndexByName[name] else {
                throw CompositeIndexError.unknownName(name: name, node: "uncertainty.aggregations")
            }
            guard !methods.isEmpty else {
                throw CompositeIndexError.invalidParameter(name: "uncertainty.aggregations.\(name)", detail: "is an empty list")
            }
            aggChoices.append((n, methods))
        }
        if aggChoices.contains(where: { $0.methods.count > 1 }) {
            factors.append(UncertaintyFactor(
                name: "aggregation", dimension: aggChoices.count,
                detail: aggChoices.map { "\(nodes[$0.node].name): \($0.methods.map(\.rawValue).joined(separator: " | "))" }.joined(separator: "; ")))
        }
        var exclusions: [Int] = []
        for name in u.exclude ?? [] {
            guard let k = specs.firstIndex(where: { $0.name == name }) else {
                if spec.indicators.contains(where: { $0.name == name }) {
                    notes.append("uncertainty.exclude: '\(name)' is not in the table; not varied")
                    continue
                }
                throw CompositeIndexError.unknownName(name: name, node: "uncertainty.exclude")
            }
            guard let parent = nodes.first(where: { $0.children.contains(.indicator(k)) }), parent.children.count > 1 else {
                throw CompositeIndexError.invalidParameter(
                    name: "uncertainty.exclude", detail: "'\(name)' is the only child of its node and cannot be left out")
            }
            exclusions.append(k)
        }
        if !exclusions.isEmpty {
            factors.append(UncertaintyFactor(
                name: "exclusion", dimension: 1,
                detail: "none or one of: " + exclusions.map { specs[$0].name }.joined(separator: ", ")))
        }

        self.units = table.units
        self.indicators = specs.map(\.name)
        self.specs = specs
        self.transformed = transformed
        self.normalised = normalised
        self.nodes = nodes
        self.uncertainty = u
        self.normalisationChoices = normChoices
        self.alternativeColumns = altColumns
        self.aggregationChoices = aggChoices
        self.exclusionChoices = exclusions
        self.factors = factors
        self.notes = notes

        // PCA weights are computed once, from the point evaluation's inputs.
        try computePCAWeights()
    }

    /// The number of uniform variates one draw uses (sum of the factors' dimensions).
    public var drawDimension: Int { factors.reduce(0) { $0 + $1.dimension } }

    /// Evaluate the index with the model's own choices.
    ///
    /// - Returns: scores, ranks, coverage, node scores and contributions per unit.
    /// - Throws: ``CompositeIndexError/invalidMeanInput(node:unit:value:detail:)``
    ///   when a geometric, harmonic or INFORM node receives a value outside its domain.
    /// - Complexity: O(units × (indicators + nodes)).
    public func evaluate() throws -> CompositeResult {
        let n = units.count
        var nodeValues = [[Double]](repeating: [Double](repeating: .nan, count: n), count: nodes.count)
        for (j, node) in nodes.enumerated() {
            for i in 0..<n {
                let x = node.children.map { value(of: $0, unit: i, nodeValues: nodeValues) }
                nodeValues[j][i] = try Self.aggregate(
                    node.aggregation, x, weights: node.weights, included: nil, minimumCoverage: node.minimumCoverage,
                    node: node.name, unit: units[i])
            }
        }
        let root = nodes.count - 1
        let scores = nodeValues[root]
        let ranks = CompositeIndex.ranks(scores)
        var out: [CompositeUnitScore] = []
        for i in 0..<n {
            var components: [String: Double] = [:]
            for (j, node) in nodes.enumerated() { components[node.name] = nodeValues[j][i] }
            var normalisedValues: [String: Double] = [:]
            for (k, name) in indicators.enumerated() { normalisedValues[name] = normalised[k][i] }
            var contributions: [String: Double] = [:]
            for name in indicators { contributions[name] = scores[i].isNaN ? .nan : 0 }
            if !scores[i].isNaN { distribute(node: root, amount: scores[i], unit: i, nodeValues: nodeValues, into: &contributions) }
            let present = transformed.reduce(0) { $0 + ($1[i].isNaN ? 0 : 1) }
            out.append(CompositeUnitScore(
                unit: units[i], score: scores[i], rank: ranks[i], coverage: Double(present) / Double(max(indicators.count, 1)),
                components: components, normalised: normalisedValues, contributions: contributions))
        }
        return CompositeResult(units: out, indicators: indicators, nodes: nodeSummaries, notes: notes)
    }

    /// The nodes as evaluated (children before parents, root last).
    public var nodeSummaries: [CompositeNodeSummary] {
        nodes.map { node in
            CompositeNodeSummary(
                name: node.name, aggregation: node.aggregation,
                children: node.children.map { ref in
                    switch ref {
                    case let .indicator(k): return indicators[k]
                    case let .node(j): return nodes[j].name
                    }
                },
                weights: node.weights, weighting: node.weighting, minimumCoverage: node.minimumCoverage)
        }
    }

    func value(of ref: Ref, unit i: Int, nodeValues: [[Double]]) -> Double {
        switch ref {
        case let .indicator(k): return normalised[k][i]
        case let .node(j): return nodeValues[j][i]
        }
    }

    /// Share `amount` among the node's present children in proportion to w·x.
    private func distribute(node j: Int, amount: Double, unit i: Int, nodeValues: [[Double]], into out: inout [String: Double]) {
        let node = nodes[j]
        let x = node.children.map { value(of: $0, unit: i, nodeValues: nodeValues) }
        var parts = [Double](repeating: 0, count: x.count)
        var total = 0.0, weightTotal = 0.0
        for c in x.indices where !x[c].isNaN && node.weights[c] > 0 {
            parts[c] = node.weights[c] * x[c]
            total += parts[c]
            weightTotal += node.weights[c]
        }
        for c in x.indices where !x[c].isNaN && node.weights[c] > 0 {
            let share = total != 0 ? parts[c] / total : node.weights[c] / weightTotal
            let part = amount * share
            switch node.children[c] {
            case let .indicator(k): out[indicators[k], default: 0] += part
            case let .node(sub): distribute(node: sub, amount: part, unit: i, nodeValues: nodeValues, into: &out)
            }
        }
    }

    /// One node's value for one unit.
    static func aggregate(
        _ method: AggregationMethod, _ x: [Double], weights: [Double], included: [Bool]?, minimumCoverage: Double,
        node: String, unit: String
    ) throws -> Double {
        var includedCount = 0, presentCount = 0
        var w = weights
        for c in x.indices {
            if let included, !included[c] { w[c] = 0; continue }
            includedCount += 1
            if x[c].isNaN { continue }
            presentCount += 1
            switch method {
            case .arithmetic: break
            case .geometric, .harmonic:
                if x[c] < 0 {
                    throw CompositeIndexError.invalidMeanInput(
                        node: node, unit: unit, value: x[c],
                        detail: "is negative: a \(method.rawValue) mean needs non-negative inputs (use min-max or rank normalisation, or arithmetic aggregation)")
                }
            case .informGeometric:
                if x[c] < 0 || x[c] > 10 {
                    throw CompositeIndexError.invalidMeanInput(
                        node: node, unit: unit, value: x[c], detail: "is outside 0–10, which the INFORM mean of inverted scores needs")
                }
            }
        }
        guard includedCount > 0, presentCount > 0,
              Double(presentCount) / Double(includedCount) >= minimumCoverage - 1e-12 else { return .nan }
        return CompositeMeans.mean(method, x, weights: w)
    }

    private mutating func computePCAWeights() throws {
        for j in nodes.indices where nodes[j].weighting == .pca {
            let node = nodes[j]
            guard node.children.count >= 2 else {
                throw CompositeIndexError.pcaWeights(node: node.name, detail: "needs at least two children")
            }
            // Child values for the units that have all of them (nodes below are already weighted).
            var nodeValues = [[Double]](repeating: [Double](repeating: .nan, count: units.count), count: nodes.count)
            for (q, sub) in nodes.enumerated() where q < j {
                for i in units.indices {
                    let x = sub.children.map { value(of: $0, unit: i, nodeValues: nodeValues) }
                    nodeValues[q][i] = try Self.aggregate(
                        sub.aggregation, x, weights: sub.weights, included: nil, minimumCoverage: sub.minimumCoverage,
                        node: sub.name, unit: units[i])
                }
            }
            let columns = node.children.map { ref in units.indices.map { value(of: ref, unit: $0, nodeValues: nodeValues) } }
            let complete = units.indices.filter { i in columns.allSatisfy { !$0[i].isNaN } }
            do {
                nodes[j].weights = try PrincipalComponentWeights.firstComponentWeights(
                    columns.map { col in complete.map { col[$0] } })
            } catch let error as CompositeIndexError {
                if case let .pcaWeights(_, detail) = error { throw CompositeIndexError.pcaWeights(node: node.name, detail: detail) }
                throw error
            }
        }
    }
}
