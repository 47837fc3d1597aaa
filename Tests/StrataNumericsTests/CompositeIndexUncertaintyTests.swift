import Foundation
import Testing
import StrataNumerics

/// Monte Carlo uncertainty and Sobol sensitivity of the composite index
/// (CompositeUncertainty.swift, SobolSensitivity.swift).
@Suite struct CompositeIndexUncertaintyTests {
    /// Sobol indices of y = x₁ + 0.5·x₂ + x₁x₂, xᵢ ~ U(0, 1) independent, derived by hand
    /// (ANOVA/Hoeffding decomposition):
    ///   E[y] = ½ + ¼ + ¼ = 1.
    ///   f₁(x₁) = E[y | x₁] − 1 = x₁ + ¼ + ½x₁ − 1 = 1.5x₁ − 0.75,   V₁ = 1.5²/12 = 0.1875.
    ///   f₂(x₂) = E[y | x₂] − 1 = ½ + ½x₂ + ½x₂ − 1 = x₂ − ½,        V₂ = 1/12 = 0.083333.
    ///   f₁₂ = y − 1 − f₁ − f₂ = (x₁ − ½)(x₂ − ½),                   V₁₂ = (1/12)² = 1/144.
    ///   V = 27/144 + 12/144 + 1/144 = 40/144.
    ///   S₁ = 27/40 = 0.675, S₂ = 12/40 = 0.300, S_T1 = 28/40 = 0.700, S_T2 = 13/40 = 0.325.
    /// With N = 200,000 the estimators' standard errors are about 0.003 (first
    /// order) and 0.002 (total); the tolerance 0.015 is five of them.
    @Test func sobolOnAKnownFunction() throws {
        let r = try SobolSensitivity.analyse(factorDimensions: [1, 1], samples: 200_000, seed: 11) { x in
            try Matrix(rows: 1, columns: x.rows, columnMajor: (0..<x.rows).map { x[$0, 0] + 0.5 * x[$0, 1] + x[$0, 0] * x[$0, 1] })
        }
        #expect(abs(r.firstOrder[0] - 0.675) < 0.015)
        #expect(abs(r.firstOrder[1] - 0.300) < 0.015)
        #expect(abs(r.total[0] - 0.700) < 0.015)
        #expect(abs(r.total[1] - 0.325) < 0.015)
        #expect(r.evaluations == 800_000)
        #expect(r.firstOrder.reduce(0, +) <= 1 + 0.02)
    }

    static let units = ["a", "b", "c", "d", "e"]
    static let rows: [[Double]] = [[10, 3, 200, 0.5], [25, 1, 150, 0.9], [5, 8, 400, 0.2], [40, 6, 50, 0.4], [15, 2, 300, 0.7]]

    static func spec(_ uncertainty: UncertaintySpecification?, root: AggregationMethod = .arithmetic) -> CompositeSpecification {
        CompositeSpecification(
            indicators: [
                IndicatorSpecification(name: "x1"), IndicatorSpecification(name: "x2", direction: .higherIsBetter),
                IndicatorSpecification(name: "x3", transform: .log), IndicatorSpecification(name: "x4"),
            ],
            tree: CompositeNode(name: "risk", aggregation: root, children: [
                .node(CompositeNode(name: "a", children: [.indicator("x1"), .indicator("x2")], weights: [0.6, 0.4])),
                .node(CompositeNode(name: "b", children: [.indicator("x3"), .indicator("x4")])),
            ]),
            uncertainty: uncertainty)
    }

    /// With no uncertain choice the band is the point score and the rank
    /// interval the rank, exactly; with the choices present but every draw at
    /// the centre of its range (uniform ½: weight multipliers 1) the vectorised
    /// dgemm evaluation equals the scalar point evaluation to rounding.
    @Test func bandCollapsesWhenAllChoicesAreFixed() throws {
        let table = try IndicatorTable(units: Self.units, indicators: ["x1", "x2", "x3", "x4"], rows: Self.rows)
        let fixed = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(weightRange: 0, normalisations: ["minmax"])))
        #expect(fixed.factors.isEmpty)
        let point = try fixed.evaluate()
        let mc = try fixed.uncertainty(.init(draws: 500, seed: 3))
        for (p, u) in zip(point.units, mc.units) {
            #expect(u.scoreLow == p.score && u.scoreHigh == p.score && u.medianScore == p.score)
            #expect(u.rankLow == Double(p.rank ?? 0) && u.rankHigh == Double(p.rank ?? 0))
        }
        let varied = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(weightRange: 0.5)))
        let centre = Matrix(rows: 3, columns: varied.drawDimension, repeating: 0.5)
        let s = try varied.scores(uniforms: centre)
        for i in 0..<Self.units.count {
            for d in 0..<3 { #expect(abs(s[i, d] - point.units[i].score) < 1e-12) }
        }
        // The same for a geometric root (log-space dgemm).
        let g = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(weightRange: 0.5), root: .geometric))
        let gs = try g.scores(uniforms: Matrix(rows: 2, columns: g.drawDimension, repeating: 0.5))
        let gp = try g.evaluate()
        for i in 0..<Self.units.count { #expect(abs(gs[i, 0] - gp.units[i].score) < 1e-12) }
    }

    /// With weights, normalisation and exclusion varied, the first-order Sobol
    /// indices sum to at most one (up to Monte Carlo error), each first-order
    /// index is at most its total index, and the first-order indices match a
    /// brute-force double-loop estimate Var(E[Y | Xᵢ]) / Var(Y) (variance-weighted
    /// over units, as the Saltelli estimator is aggregated) within Monte Carlo error.
    @Test func sobolOfTheChoicesMatchesBruteForce() throws {
        let table = try IndicatorTable(units: Self.units, indicators: ["x1", "x2", "x3", "x4"], rows: Self.rows)
        let p = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(
            weightRange: 0.8, normalisations: ["minmax", "rank"], exclude: ["x1", "x4"])))
        #expect(p.factors.map(\.name) == ["weights", "normalisation", "exclusion"])
        let mc = try p.uncertainty(.init(draws: 20_000, seed: 5))
        let first = mc.sobol.map(\.firstOrder), total = mc.sobol.map(\.total)
        #expect(first.reduce(0, +) <= 1.02)
        for i in first.indices { #expect(first[i] <= total[i] + 0.02) }

        // Brute force: for factor i, M outer values of its uniforms, K inner draws of the others.
        let dims = p.factors.map(\.dimension)
        let offsets = dims.indices.map { dims[..<$0].reduce(0, +) }
        let d = p.drawDimension, m = 300, k = 100
        var rng = SplitMix64(seed: 99)
        // Total variance per unit from an independent sample.
        var big = [Double](repeating: 0, count: 20_000 * d)
        for j in big.indices { big[j] = rng.nextHalfOpenUniform() }
        let ys = try p.scores(uniforms: Matrix(rows: 20_000, columns: d, columnMajor: big))
        var totalVariance = 0.0
        for u in 0..<Self.units.count {
            let row = (0..<ys.columns).map { ys[u, $0] }
            let mean = row.reduce(0, +) / Double(row.count)
            totalVariance += row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
        }
        for (f, dim) in dims.enumerated() {
            var u = [Double](repeating: 0, count: m * k * d)   // (m·k) × d, column-major
            for outer in 0..<m {
                let fixed = (0..<dim).map { _ in rng.nextHalfOpenUniform() }
                for inner in 0..<k {
                    let r = outer * k + inner
                    for c in 0..<d {
                        let inFactor = c >= offsets[f] && c < offsets[f] + dim
                        u[r + c * m * k] = inFactor ? fixed[c - offsets[f]] : rng.nextHalfOpenUniform()
                    }
                }
            }
            let y = try p.scores(uniforms: Matrix(rows: m * k, columns: d, columnMajor: u))
            var explained = 0.0
            for unit in 0..<Self.units.count {
                var means: [Double] = [], within = 0.0
                for outer in 0..<m {
                    let block = (0..<k).map { y[unit, outer * k + $0] }
                    let mu = block.reduce(0, +) / Double(k)
                    means.append(mu)
                    within += block.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(k - 1)
                }
                let grand = means.reduce(0, +) / Double(m)
                let between = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(m - 1)
                // Remove the inner-sampling noise E[Var_inner]/K from the variance of the inner means.
                explained += between - within / Double(m) / Double(k)
            }
            let brute = explained / totalVariance
            #expect(abs(brute - first[f]) < 0.04, "factor \(p.factors[f].name): brute force \(brute), Saltelli \(first[f])")
        }
    }

    /// The bands and rank intervals equal a naive computation on the same
    /// draws: the draws are regenerated here as `uncertainty` documents them
    /// (SplitMix64, draw by draw), each unit's scores sorted, type 7 quantiles
    /// `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])` with `h = (N − 1)p`, and ranks
    /// counted as 1 + the number of units with a strictly higher score.
    /// Unit f repeats unit a, so the two tie in every draw and share the best rank.
    @Test func bandsMatchANaiveComputation() throws {
        let units = Self.units + ["f"]
        let table = try IndicatorTable(units: units, indicators: ["x1", "x2", "x3", "x4"], rows: Self.rows + [Self.rows[0]])
        let p = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(
            weightRange: 0.9, normalisations: ["minmax", "rank", "zscore"])))
        let n = 777, d = p.drawDimension
        let mc = try p.uncertainty(.init(draws: n, seed: 21, sobol: false))
        var rng = SplitMix64(seed: 21)
        var u = [Double](repeating: 0, count: n * d)
        for r in 0..<n { for c in 0..<d { u[r + c * n] = rng.nextHalfOpenUniform() } }
        let s = try p.scores(uniforms: Matrix(rows: n, columns: d, columnMajor: u))
        func q(_ x: [Double], _ prob: Double) -> Double {
            let y = x.sorted(), h = Double(y.count - 1) * prob, lo = Int(h)
            return lo + 1 < y.count ? y[lo] + (h - Double(lo)) * (y[lo + 1] - y[lo]) : y[lo]
        }
        for (i, unit) in mc.units.enumerated() {
            let scores = (0..<n).map { s[i, $0] }
            let ranks = (0..<n).map { dr in Double(1 + (0..<units.count).filter { s[$0, dr] > s[i, dr] }.count) }
            #expect(unit.scoreLow == q(scores, 0.05) && unit.medianScore == q(scores, 0.5) && unit.scoreHigh == q(scores, 0.95))
            #expect(unit.rankLow == q(ranks, 0.05) && unit.medianRank == q(ranks, 0.5) && unit.rankHigh == q(ranks, 0.95))
        }
        #expect(mc.units[0].medianRank == mc.units[5].medianRank && mc.units[0].rankHigh == mc.units[5].rankHigh)
    }

    /// Bands contain the point score when the choices vary symmetrically
    /// around the model's weights, ranks stay in 1…n, and the same seed gives
    /// the same result.
    @Test func bandsAreSeededAndSane() throws {
        let table = try IndicatorTable(units: Self.units, indicators: ["x1", "x2", "x3", "x4"], rows: Self.rows)
        let p = try CompositeIndex.prepare(table, specification: Self.spec(UncertaintySpecification(weightRange: 0.3)))
        let a = try p.uncertainty(.init(draws: 2000, seed: 1))
        let b = try p.uncertainty(.init(draws: 2000, seed: 1))
        #expect(a == b)
        let point = try p.evaluate()
        for (u, q) in zip(a.units, point.units) {
            #expect(u.scoreLow <= q.score + 1e-9 && q.score <= u.scoreHigh + 1e-9)
            #expect(u.rankLow >= 1 && u.rankHigh <= Double(Self.units.count) && u.missingDraws == 0)
        }
        #expect(a.evaluations == 2000 * 3)
        // Bad options.
        #expect(throws: CompositeIndexError.self) { try p.uncertainty(.init(draws: 1)) }
        #expect(throws: CompositeIndexError.self) { try p.scores(uniforms: Matrix(rows: 2, columns: 1)) }
        #expect(throws: CompositeIndexError.self) { try p.scores(uniforms: Matrix(rows: 1, columns: p.drawDimension, repeating: -0.5)) }
        #expect(throws: CompositeIndexError.self) { try p.scores(uniforms: Matrix(rows: 1, columns: p.drawDimension, repeating: .nan)) }
        #expect(throws: CompositeIndexError.self) { try p.uncertainty(.init(draws: 10_000_001, sobol: true)) }
    }
}
