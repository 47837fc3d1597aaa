import Foundation
import Testing
import StrataNumerics

/// The composite-index engine (Sources/StrataNumerics/CompositeIndex): INFORM
/// construction by hand-checkable steps, the handbook's means and Copeland
/// outranking, normalisations, transforms, missing-data rules, contributions,
/// PCA weights and bad input. Every expected value is worked out by hand in
/// the comment next to it.
@Suite struct CompositeIndexTests {
    static func table(_ units: [String], _ indicators: [String], _ rows: [[Double]]) throws -> IndicatorTable {
        try IndicatorTable(units: units, indicators: indicators, rows: rows)
    }

    // MARK: - INFORM, step by step

    /// Min–max with fixed bounds 0…100 on 0–10: 0 ↦ 0, 25 ↦ 2.5, 50 ↦ 5, and
    /// 120 (beyond the bound) is clamped to 10, as INFORM does.
    @Test func minMaxWithFixedBounds() throws {
        let y = try IndicatorPreparation.normalise(
            [0, 25, 50, 120, .nan], .minMax(min: 0, max: 100), direction: .higherIsWorse, indicator: "x",
            units: ["a", "b", "c", "d", "e"])
        #expect(Array(y.prefix(4)) == [0, 2.5, 5, 10])
        #expect(y[4].isNaN)
        // Reversed (higher is better): 10 − y.
        let r = try IndicatorPreparation.normalise([25], .minMax(min: 0, max: 100), direction: .higherIsBetter, indicator: "x", units: ["a"])
        #expect(r == [7.5])
        // Fixed bounds go through the transform: log1p(0) = 0, log1p(99) = ln 100; x = 9 ↦ 10·ln 10 / ln 100 = 5.
        let l = try IndicatorPreparation.normalise(
            [log1p(9)], .minMax(min: 0, max: 99), direction: .higherIsWorse, transform: .log1p, indicator: "x", units: ["a"])
        #expect(abs(l[0] - 5) < 1e-12)
    }

    /// INFORM category aggregation: s = (10 − c)/10·9 + 1, D = (10 − (∏s)^(1/n))/9·10.
    /// c = 6, 2: s = 4.6, 8.2; ∏ = 37.72; √37.72 = 6.141661; D = 3.858339/0.9 = 4.287043.
    /// c = 10, 0: s = 1, 10; √10 = 3.162278; D = 6.837722/0.9 = 7.597469.
    @Test func informGeometricMeanOfInvertedScores() {
        #expect(abs(CompositeMeans.informGeometric([6, 2]) - 4.287) < 5e-4)
        #expect(abs(CompositeMeans.informGeometric([6, 2]) - 4.287043) < 1e-6)
        #expect(abs(CompositeMeans.informGeometric([10, 0]) - 7.5975) < 5e-5)
        #expect(CompositeMeans.invertedScore(0) == 10 && CompositeMeans.invertedScore(10) == 1)
        // Equal categories give the same value back: s = 10 − 0.9c, D = (10 − s)/0.9 = c.
        #expect(abs(CompositeMeans.informGeometric([3, 3, 3]) - 3) < 1e-12)
        #expect(CompositeMeans.informGeometric([11, 2]).isNaN)
    }

    /// Risk = geometric mean of the three dimensions: ∛(6·5·4) = ∛120 = 4.932424.
    @Test func riskIsTheGeometricMeanOfTheDimensions() {
        #expect(abs(CompositeMeans.geometric([6, 5, 4]) - 4.9324) < 5e-5)
    }

    /// The whole INFORM construction through the tree: two categories of raw
    /// indicators min–maxed on fixed bounds 0…100 (60 ↦ 6, 20 ↦ 2) combined by
    /// the inverted geometric mean into 4.287043; with vulnerability 5 and
    /// coping capacity 4 given on 0–10, risk = ∛(4.287043·5·4) = ∛85.74086 = 4.409567
    /// (4.4096³ = 85.7428, just above; 4.4095³ = 85.7370, just below).
    @Test func informTreeEndToEnd() throws {
        let t = try Self.table(["u"], ["c1", "c2", "v", "cc"], [[60, 20, 5, 4]])
        let fixed = Normalisation.minMax(min: 0, max: 100)
        let spec = CompositeSpecification(
            indicators: [
                IndicatorSpecification(name: "c1", normalisation: fixed), IndicatorSpecification(name: "c2", normalisation: fixed),
                IndicatorSpecification(name: "v", normalisation: .none), IndicatorSpecification(name: "cc", normalisation: .none),
            ],
            tree: CompositeNode(name: "risk", aggregation: .geometric, children: [
                .node(CompositeNode(name: "hazard", aggregation: .informGeometric, children: [.indicator("c1"), .indicator("c2")])),
                .indicator("v"), .indicator("cc"),
            ]))
        let r = try CompositeIndex.evaluate(t, specification: spec)
        let u = try #require(r.units.first)
        #expect(abs((u.components["hazard"] ?? 0) - 4.287043) < 1e-6)
        #expect(abs(u.score - 4.409567) < 1e-6)
        #expect(u.rank == 1 && u.coverage == 1)
        // Contributions add up to the score.
        #expect(abs(u.contributions.values.reduce(0, +) - u.score) < 1e-12)
    }

    // MARK: - Handbook means and Copeland

    /// x = (2, 8): arithmetic 5, geometric √16 = 4, harmonic 2/(1/2 + 1/8) = 3.2.
    /// Weights (¼, ¾): arithmetic 0.5 + 6 = 6.5; geometric 2^¼·8^¾ = 2^(¼ + 9/4) = 2^2.5 = 5.656854;
    /// harmonic 1/(¼/2 + ¾/8) = 1/0.21875 = 4.571429.
    @Test func handbookMeans() {
        #expect(CompositeMeans.arithmetic([2, 8]) == 5)
        #expect(abs(CompositeMeans.geometric([2, 8]) - 4) < 1e-12)
        #expect(abs(CompositeMeans.harmonic([2, 8]) - 3.2) < 1e-12)
        let w = [0.25, 0.75]
        #expect(abs(CompositeMeans.arithmetic([2, 8], weights: w) - 6.5) < 1e-12)
        #expect(abs(CompositeMeans.geometric([2, 8], weights: w) - 5.656854) < 1e-6)
        #expect(abs(CompositeMeans.harmonic([2, 8], weights: w) - 4.571429) < 1e-6)
        // Missing values are left out and the weights rescaled.
        #expect(CompositeMeans.arithmetic([2, .nan, 8]) == 5)
        // Zeros: the limit 0 (documented rule); negatives have no geometric mean.
        #expect(CompositeMeans.geometric([0, 8]) == 0 && CompositeMeans.harmonic([0, 8]) == 0)
        #expect(CompositeMeans.geometric([-1, 8]).isNaN)
    }

    /// Copeland (handbook §6.2.3). A = (3,1,2), B = (1,2,3), C = (2,3,1), D = (4,4,4).
    /// Equal weights: B beats A (2 indicators to 1), C beats B, A beats C — a
    /// Condorcet cycle — and D beats everyone: scores A, B, C = 1 − 2 = −1, D = 3.
    /// Weights (0.6, 0.2, 0.2): A beats B (0.6 vs 0.4) and C (0.8 vs 0.2), C beats B
    /// (0.8 vs 0.2): A = 2 − 1 = 1, B = −3, C = 1 − 2 = −1, D = 3.
    @Test func copelandOutranking() throws {
        let x = try Matrix(rowArrays: [[3, 1, 2], [1, 2, 3], [2, 3, 1], [4, 4, 4]])
        #expect(try CompositeMeans.copeland(x) == [-1, -1, -1, 3])
        #expect(try CompositeMeans.copeland(x, weights: [0.6, 0.2, 0.2]) == [1, -3, -1, 3])
        // Ties count half to each: two equal units neither win nor lose.
        #expect(try CompositeMeans.copeland(try Matrix(rowArrays: [[1, 2], [1, 2]])) == [0, 0])
        #expect(throws: CompositeIndexError.self) { try CompositeMeans.copeland(x, weights: [1, 1]) }
    }

    // MARK: - Normalisations and transforms

    /// z-score of (1, 2, 3): mean 2, sd 1 → (−1, 0, 1). Rank of (10, 30, 20):
    /// ranks 1, 3, 2 → 10·(r − 1)/2 = (0, 10, 5). Distance to unit b (x_ref = 20)
    /// of (10, 20, 30): (x − 20)/20 = (−0.5, 0, 0.5).
    @Test func normalisations() throws {
        let units = ["a", "b", "c"]
        #expect(try IndicatorPreparation.normalise([1, 2, 3], .zScore, direction: .higherIsWorse, indicator: "x", units: units) == [-1, 0, 1])
        #expect(try IndicatorPreparation.normalise([10, 30, 20], .rank, direction: .higherIsWorse, indicator: "x", units: units) == [0, 10, 5])
        #expect(try IndicatorPreparation.normalise([10, 30, 20], .rank, direction: .higherIsBetter, indicator: "x", units: units) == [10, 0, 5])
        #expect(try IndicatorPreparation.normalise([10, 20, 30], .distance(reference: "b"), direction: .higherIsWorse, indicator: "x", units: units) == [-0.5, 0, 0.5])
        // Data-range min–max: (10, 20, 30) ↦ (0, 5, 10).
        #expect(try IndicatorPreparation.normalise([10, 20, 30], .minMax(min: nil, max: nil), direction: .higherIsWorse, indicator: "x", units: units) == [0, 5, 10])
        // none: values as given, must be on 0–10.
        #expect(throws: CompositeIndexError.self) {
            try IndicatorPreparation.normalise([1, 12], .none, direction: .higherIsWorse, indicator: "x", units: ["a", "b"])
        }
    }

    /// Winsorisation at the 10 % and 90 % quantiles of 1…10 (type 7):
    /// h = 9·0.1 = 0.9 → 1 + 0.9 = 1.9; h = 8.1 → 9 + 0.1 = 9.1.
    /// The skewness rule on nine 1s and one 100: skewness 3.16 > 2 and excess
    /// kurtosis 10 > 3.5, so 100 is set to the next value, 1; then all values
    /// are equal and it stops.
    @Test func transforms() throws {
        let x = (1...10).map(Double.init)
        let w = try IndicatorPreparation.transform(x, .winsorise(lower: 0.1, upper: 0.9), indicator: "x", units: [])
        #expect(abs(w[0] - 1.9) < 1e-12 && abs(w[9] - 9.1) < 1e-12 && w[4] == 5)
        let s = try IndicatorPreparation.transform(
            [Double](repeating: 1, count: 9) + [100], .winsoriseBySkewness(skewness: 2, kurtosis: 3.5, maxPoints: 5),
            indicator: "x", units: [])
        #expect(s == [Double](repeating: 1, count: 10))
        #expect(try IndicatorPreparation.transform([0, .nan, 9], .log1p, indicator: "x", units: []).enumerated()
            .allSatisfy { $0.offset == 1 ? $0.element.isNaN : $0.element == log1p([0, 0, 9][$0.offset]) })
        #expect(throws: CompositeIndexError.self) { try IndicatorPreparation.transform([0, 1], .log, indicator: "x", units: ["a", "b"]) }
    }

    // MARK: - Missing data, coverage, contributions

    /// Four indicators, all normalised with fixed bounds 0…10 (values as they
    /// are). minimumCoverage 0.5: unit b has 2 of 4 → mean of 4 and 6 = 5;
    /// unit c has 1 of 4 → missing. Coverage a = 1, b = 0.5, c = 0.25.
    /// Arithmetic contributions are wᵢxᵢ: for a = (2, 4, 6, 8) with equal
    /// weights: 0.5, 1, 1.5, 2 (score 5).
    @Test func missingDataCoverageAndContributions() throws {
        let nan = Double.nan
        let t = try Self.table(["a", "b", "c"], ["w", "x", "y", "z"], [[2, 4, 6, 8], [nan, 4, 6, nan], [nan, nan, 6, nan]])
        let spec = CompositeSpecification(
            indicators: ["w", "x", "y", "z"].map { IndicatorSpecification(name: $0, normalisation: .minMax(min: 0, max: 10)) },
            tree: CompositeNode(name: "root", children: ["w", "x", "y", "z"].map { .indicator($0) }, minimumCoverage: 0.5))
        let r = try CompositeIndex.evaluate(t, specification: spec)
        #expect(r.units[0].score == 5 && r.units[1].score == 5 && r.units[2].score.isNaN)
        #expect(r.units.map(\.coverage) == [1, 0.5, 0.25])
        #expect(r.units[0].contributions == ["w": 0.5, "x": 1, "y": 1.5, "z": 2])
        #expect(r.units[2].rank == nil && r.units[0].rank == 1 && r.units[1].rank == 1)
        #expect(r.ranked.last?.unit == "c")
    }

    /// Contributions through a two-level tree sum to the score for every mean.
    @Test func contributionsSumToScore() throws {
        let t = try Self.table(["a", "b", "c"], ["p", "q", "r"], [[1, 5, 9], [3, 2, 7], [8, 8, 1]])
        for method in AggregationMethod.allCases {
            let spec = CompositeSpecification(
                indicators: ["p", "q", "r"].map { IndicatorSpecification(name: $0, normalisation: .minMax(min: 0, max: 10)) },
                tree: CompositeNode(name: "root", aggregation: method, children: [
                    .node(CompositeNode(name: "pq", aggregation: .arithmetic, children: [.indicator("p"), .indicator("q")], weights: [0.3, 0.7])),
                    .indicator("r"),
                ]))
            for u in try CompositeIndex.evaluate(t, specification: spec).units {
                #expect(abs(u.contributions.values.reduce(0, +) - u.score) < 1e-12, "\(method)")
            }
        }
    }

    /// Change against a previous period: unit a goes from (2, 4) to (6, 4), equal
    /// weights, values as given: score 3 → 5, change +2, driven by x (+2), y (0).
    @Test func changesAndDrivers() throws {
        let spec = CompositeSpecification(
            indicators: ["x", "y"].map { IndicatorSpecification(name: $0, normalisation: .none) },
            tree: CompositeNode(name: "root", children: [.indicator("x"), .indicator("y")]))
        let before = try CompositeIndex.evaluate(try Self.table(["a"], ["x", "y"], [[2, 4]]), specification: spec)
        let now = try CompositeIndex.evaluate(try Self.table(["a"], ["x", "y"], [[6, 4]]), specification: spec)
        let c = try #require(CompositeIndex.changes(from: before, to: now).first)
        #expect(c.score == 5 && c.previousScore == 3 && c.change == 2)
        #expect(c.drivers.first == CompositeDriver(name: "x", change: 2))
    }

    // MARK: - PCA weights

    /// Two positively correlated indicators: the correlation matrix
    /// [[1, r], [r, 1]] has leading eigenvector (1, 1)/√2, so the weights are ½, ½
    /// whatever r. dsyevr and dgesdd give the same weights on any data.
    @Test func pcaWeights() throws {
        let a = [1.0, 2, 3, 4, 5, 6], b = [2.0, 1, 4, 3, 6, 5]
        let w = try PrincipalComponentWeights.firstComponentWeights([a, b])
        #expect(abs(w[0] - 0.5) < 1e-12 && abs(w[1] - 0.5) < 1e-12)
        var rng = SplitMix64(seed: 3)
        let cols = (0..<4).map { _ in (0..<30).map { _ in rng.nextNormal() } }
        let we = try PrincipalComponentWeights.firstComponentWeights(cols)
        let ws = try PrincipalComponentWeights.firstComponentWeightsBySVD(cols)
        #expect(abs(we.reduce(0, +) - 1) < 1e-12)
        for i in 0..<4 { #expect(abs(we[i] - ws[i]) < 1e-10) }
        #expect(throws: CompositeIndexError.self) { try PrincipalComponentWeights.firstComponentWeights([a, [1, 1, 1, 1, 1, 1]]) }
        // In a tree: weighting "pca" on the node.
        let t = try Self.table((0..<6).map { "u\($0)" }, ["a", "b"], (0..<6).map { [a[$0], b[$0]] })
        let spec = CompositeSpecification(
            indicators: [IndicatorSpecification(name: "a"), IndicatorSpecification(name: "b")],
            tree: CompositeNode(name: "root", children: [.indicator("a"), .indicator("b")], weighting: .pca))
        let r = try CompositeIndex.evaluate(t, specification: spec)
        #expect(r.nodes.last.map { abs($0.weights[0] - 0.5) < 1e-12 } == true)
    }

    // MARK: - Bad input: clear errors, never a crash

    @Test func badInput() throws {
        let t = try Self.table(["a", "b"], ["x", "y"], [[1, 5], [1, 7]])
        let ind = ["x", "y"].map { IndicatorSpecification(name: $0) }
        func spec(_ tree: CompositeNode, _ indicators: [IndicatorSpecification]? = nil) -> CompositeSpecification {
            CompositeSpecification(indicators: indicators ?? ind, tree: tree)
        }
        // Zero variance (x is 1 for both units) under data-range min–max.
        #expect(throws: CompositeIndexError.zeroVariance(indicator: "x")) {
            try CompositeIndex.evaluate(t, specification: spec(CompositeNode(name: "r", children: [.indicator("x"), .indicator("y")])))
        }
        // All-missing unit.
        let missing = try Self.table(["a", "b", "c"], ["x", "y"], [[1, 5], [2, 7], [.nan, .nan]])
        #expect(throws: CompositeIndexError.allMissingUnit(unit: "c")) {
            try CompositeIndex.evaluate(missing, specification: spec(CompositeNode(name: "r", children: [.indicator("x"), .indicator("y")])))
        }
        // Weights that do not sum to one.
        #expect(throws: CompositeIndexError.invalidWeights(node: "r", detail: "they sum to 0.9, not 1")) {
            try spec(CompositeNode(name: "r", children: [.indicator("x"), .indicator("y")], weights: [0.5, 0.4])).validate()
        }
        // Unknown name, cycle, duplicate use.
        #expect(throws: CompositeIndexError.unknownName(name: "z", node: "r")) {
            try spec(CompositeNode(name: "r", children: [.indicator("x"), .indicator("z")])).validate()
        }
        #expect(throws: CompositeIndexError.cycle(path: ["r", "inner", "r"])) {
            try spec(CompositeNode(name: "r", children: [.node(CompositeNode(name: "inner", children: [.indicator("x"), .indicator("r")]))])).validate()
        }
        #expect(throws: CompositeIndexError.duplicateName(name: "x")) {
            try spec(CompositeNode(name: "r", children: [.indicator("x"), .node(CompositeNode(name: "n", children: [.indicator("x")]))])).validate()
        }
        #expect(throws: CompositeIndexError.emptyNode(name: "r")) { try spec(CompositeNode(name: "r", children: [])).validate() }
        // A required indicator absent from the table.
        let onlyY = try Self.table(["a", "b"], ["y"], [[5], [7]])
        #expect(throws: CompositeIndexError.missingIndicator(name: "x")) {
            try CompositeIndex.evaluate(onlyY, specification: spec(CompositeNode(name: "r", children: [.indicator("x"), .indicator("y")])))
        }
        // Geometric aggregation: zeros give 0 (documented), negatives (z-scores) are an error.
        let z = try Self.table(["a", "b", "c"], ["x", "y"], [[0, 5], [5, 7], [10, 9]])
        let fixed = ["x", "y"].map { IndicatorSpecification(name: $0, normalisation: .minMax(min: 0, max: 10)) }
        let g = try CompositeIndex.evaluate(z, specification: spec(CompositeNode(name: "r", aggregation: .geometric, children: [.indicator("x"), .indicator("y")]), fixed))
        #expect(g.units[0].score == 0 && abs(g.units[1].score - 35.0.squareRoot()) < 1e-12)
        let zs = ["x", "y"].map { IndicatorSpecification(name: $0, normalisation: .zScore) }
        #expect(throws: CompositeIndexError.self) {
            try CompositeIndex.evaluate(z, specification: spec(CompositeNode(name: "r", aggregation: .geometric, children: [.indicator("x"), .indicator("y")]), zs))
        }
        // Malformed tables.
        #expect(throws: CompositeIndexError.self) { try IndicatorTable(units: ["a", "a"], indicators: ["x"], rows: [[1], [2]]) }
        #expect(throws: CompositeIndexError.self) { try IndicatorTable(units: ["a"], indicators: ["x"], rows: [[.infinity]]) }
        #expect(throws: CompositeIndexError.self) { try IndicatorTable(units: ["a"], indicators: ["x", "y"], rows: [[1]]) }
    }

    /// An optional indicator absent from the table is left out with a note; nothing is invented.
    @Test func optionalIndicatorLeftOutWithNote() throws {
        let t = try Self.table(["a", "b"], ["x"], [[2], [6]])
        let spec = CompositeSpecification(
            indicators: [IndicatorSpecification(name: "x", normalisation: .none), IndicatorSpecification(name: "v", normalisation: .none, optional: true)],
            tree: CompositeNode(name: "risk", aggregation: .geometric, children: [
                .node(CompositeNode(name: "threat", children: [.indicator("x")])), .indicator("v"),
            ]))
        let r = try CompositeIndex.evaluate(t, specification: spec)
        #expect(r.units.map(\.score) == [2, 6])
        #expect(r.notes.contains { $0.contains("'v' is not in the table") })
        #expect(r.nodes.last?.children == ["threat"])
    }
}
