import Foundation

/// The aggregation rules of the OECD/JRC *Handbook on Constructing Composite
/// Indicators* (2008, §1.8, §6.2) and the INFORM risk index, on one unit's
/// values.
///
/// All means are weighted; weights need not sum to one (they are divided by
/// their sum). Missing values (NaN) and zero weights are left out and the
/// remaining weights rescaled; with nothing left the result is NaN.
///
/// ```swift
/// CompositeMeans.informGeometric([6, 2])      // 4.287…
/// CompositeMeans.geometric([6, 5, 4])         // 4.932…
/// ```
public enum CompositeMeans {
    /// Weighted arithmetic mean `Σ wᵢxᵢ / Σ wᵢ`.
    /// - Complexity: O(n).
    public static func arithmetic(_ x: [Double], weights: [Double]? = nil) -> Double {
        var num = 0.0, den = 0.0
        for (i, v) in x.enumerated() where !v.isNaN {
            let w = weights?[i] ?? 1
            guard w > 0 else { continue }
            num += w * v
            den += w
        }
        return den > 0 ? num / den : .nan
    }

    /// Weighted geometric mean `exp(Σ wᵢ ln xᵢ / Σ wᵢ)`.
    ///
    /// A zero input gives 0 (the limit of the product); a negative input has
    /// no geometric mean and gives NaN (``CompositeIndex`` reports it as an error).
    /// - Complexity: O(n).
    public static func geometric(_ x: [Double], weights: [Double]? = nil) -> Double {
        var num = 0.0, den = 0.0, zero = false
        for (i, v) in x.enumerated() where !v.isNaN {
            let w = weights?[i] ?? 1
            guard w > 0 else { continue }
            if v < 0 { return .nan }
            if v == 0 { zero = true } else { num += w * Foundation.log(v) }
            den += w
        }
        guard den > 0 else { return .nan }
        return zero ? 0 : Foundation.exp(num / den)
    }

    /// Weighted harmonic mean `Σ wᵢ / Σ (wᵢ/xᵢ)`; a zero input gives 0 (the
    /// limit), a negative one NaN.
    /// - Complexity: O(n).
    public static func harmonic(_ x: [Double], weights: [Double]? = nil) -> Double {
        var num = 0.0, den = 0.0, zero = false
        for (i, v) in x.enumerated() where !v.isNaN {
            let w = weights?[i] ?? 1
            guard w > 0 else { continue }
            if v < 0 { return .nan }
            if v == 0 { zero = true } else { den += w / v }
            num += w
        }
        guard num > 0 else { return .nan }
        return zero ? 0 : num / den
    }

    /// INFORM's aggregation of 0–10 scores by the geometric mean of inverted
    /// scores: `sᵢ = (10 − cᵢ)/10 · 9 + 1` (so 0 ↦ 10 and 10 ↦ 1), then
    /// `D = (10 − G(s)) / 9 · 10` with `G` the weighted geometric mean.
    ///
    /// Categories 6 and 2 give `s = 4.6, 8.2`, `G = √37.72 = 6.14166`,
    /// `D = 4.287`; categories 10 and 0 give `G = √10`, `D = 7.5975`
    /// (INFORM Global Risk Index, *Concept and Methodology*, JRC 2017).
    /// Inputs outside 0–10 give NaN.
    /// - Complexity: O(n).
    public static func informGeometric(_ x: [Double], weights: [Double]? = nil) -> Double {
        var s: [Double] = []
        s.reserveCapacity(x.count)
        for v in x {
            if v.isNaN { s.append(.nan); continue }
            guard v >= 0, v <= 10 else { return .nan }
            s.append(invertedScore(v))
        }
        let g = geometric(s, weights: weights)
        return g.isNaN ? .nan : (10 - g) / 9 * 10
    }

    /// INFORM's inverted score `(10 − c)/10 · 9 + 1`.
    @inlinable public static func invertedScore(_ c: Double) -> Double { (10 - c) / 10 * 9 + 1 }

    /// The mean `method` of `x`.
    public static func mean(_ method: AggregationMethod, _ x: [Double], weights: [Double]? = nil) -> Double {
        switch method {
        case .arithmetic: return arithmetic(x, weights: weights)
        case .geometric: return geometric(x, weights: weights)
        case .harmonic: return harmonic(x, weights: weights)
        case .informGeometric: return informGeometric(x, weights: weights)
        }
    }

    /// Copeland scores of the handbook's non-compensatory multi-criteria
    /// aggregation (handbook §1.8.3 and §6.2.3, Munda & Nardo 2005).
    ///
    /// The outranking matrix is `e_ab = Σᵢ wᵢ·[x_ai > x_bi] + ½ Σᵢ wᵢ·[x_ai = x_bi]`
    /// over the indicators both units have (higher = worse, as everywhere in
    /// the engine); unit `a` beats `b` when `e_ab > e_ba`. The Copeland score is
    /// the number of wins minus the number of losses; a pair with no common
    /// indicator counts as neither.
    ///
    /// - Parameters:
    ///   - values: units × indicators, normalised and oriented; NaN = missing.
    ///   - weights: one non-negative weight per indicator (default equal).
    /// - Returns: one score per unit, in `−(n−1)…(n−1)`.
    /// - Throws: ``CompositeIndexError/invalidWeights(node:detail:)`` when the
    ///   weights do not match the indicators.
    /// - Complexity: O(units² × indicators).
    public static func copeland(_ values: Matrix, weights: [Double]? = nil) throws -> [Double] {
        let n = values.rows, k = values.columns
        let w = weights ?? [Double](repeating: 1, count: k)
        guard w.count == k, w.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw CompositeIndexError.invalidWeights(node: "copeland", detail: "need \(k) non-negative finite weights, got \(w.count)")
        }
        var score = [Double](repeating: 0, count: n)
        for a in 0..<n {
            for b in (a + 1)..<max(n, a + 1) {
                var eab = 0.0, eba = 0.0
                for i in 0..<k {
                    let xa = values[a, i], xb = values[b, i]
                    if xa.isNaN || xb.isNaN { continue }
                    if xa > xb { eab += w[i] } else if xb > xa { eba += w[i] } else { eab += w[i] / 2; eba += w[i] / 2 }
                }
                if eab > eba { score[a] += 1; score[b] -= 1 } else if eba > eab { score[b] += 1; score[a] -= 1 }
            }
        }
        return score
    }
}
