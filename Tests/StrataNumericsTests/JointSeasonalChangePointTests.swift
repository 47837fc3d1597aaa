import Foundation
import Testing
@testable import StrataNumerics

/// Negative binomial draws for the seasonal surge generator (SplitMix64 only).
private extension SplitMix64 {
    /// Gamma(shape ≥ 1, scale) by Marsaglia & Tsang (2000), "A simple method for
    /// generating gamma variables", ACM TOMS 26:363–372.
    mutating func surgeGamma(shape: Double, scale: Double) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let v0 = 1 + c * x
            guard v0 > 0 else { continue }
            let v = v0 * v0 * v0
            let u = nextUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v * scale }
        }
    }

    /// Poisson by inversion in pieces of mean at most 20 (a sum of independent
    /// Poisson draws is Poisson with the summed mean), so `exp(−mean)` never underflows.
    mutating func surgePoisson(_ mean: Double) -> Double {
        var remaining = mean, total = 0.0
        while remaining > 0 {
            let m = min(remaining, 20)
            remaining -= m
            let u = nextHalfOpenUniform()
            var k = 0.0, p = exp(-m), c = p
            while u > c, k < 1_000 { k += 1; p *= m / k; c += p }
            total += k
        }
        return total
    }

    /// NB with mean `mu` and size `size` (variance `μ + μ²/size`) as a gamma–Poisson mixture.
    mutating func surgeNegativeBinomial(mean mu: Double, size: Double) -> Double {
        surgePoisson(surgeGamma(shape: size, scale: mu / size))
    }
}

/// ``ChangePointSeasonality/jointCountFit(_:period:penalty:minimumSegmentLength:maximumIterations:)``
/// and the count path of ``ChangePointSeasonality/automaticSearch(_:period:penalty:minimumSegmentLength:)`` (issue 10, item 8).
@Suite struct JointSeasonalChangePointTests {
    /// One seeded series of the class the fix is for: 10 years of monthly counts, a strong
    /// season (factors `2^cos(2π(k − 10)/12)` scaled to average 1: about 0.5 in May to 2 in
    /// November), six years at level 3 (many zeros) then a rise to 60 at month 72, and,
    /// when `surge`, the level tripled for the four months September–December of year 7 or 8
    /// (depending on the seed): in the high season. Negative binomial noise with size 8
    /// (variance `μ + μ²/8`), a different dispersion law from the cost's (size `r f`).
    static func series(
        seed: UInt64, surge: Bool, multiplier: Double = 3, size: Double = 8, low: Double = 3
    ) -> (y: [Double], surgeStart: Int) {
        var rng = SplitMix64(seed: seed)
        let raw = (0..<12).map { k in pow(2, cos(2 * Double.pi * Double(k - 10) / 12)) }
        let mean = raw.reduce(0, +) / 12
        let year = 7 + Int(seed % 2)
        let start = year * 12 + 8
        var y: [Double] = []
        for t in 0..<120 {
            var level = t < 72 ? low : 60.0
            if surge, t >= start, t < start + 4 { level *= multiplier }
            y.append(rng.surgeNegativeBinomial(mean: level * raw[t % 12] / mean, size: size))
        }
        return (y, start)
    }

    /// The planted surge (start and end, each within ±1 month) is found in at least
    /// `minimumHits` of 20 seeds; without the surge, at most 3 of 20 seeds report any change
    /// other than the planted rise at month 72 (±1). Truth from the generator, not from the code.
    ///
    /// Measured on these seeds (2026-11-30), joint fit against the fixed pattern it replaces
    /// (robust STL on `log1p(y)` with the plain moment size around it:
    /// ``ChangePointSeasonality/multiplicativeFactors(_:period:)`` with
    /// ``ChangePointSearch/Configuration/automatic(for:offsets:)``): surge ×3, 16 against 13 of
    /// 20 found, 1 against 0 spurious nulls; surge ×4, 19 against 17, 1 against 0. The bounds
    /// (16 and 18) fail before the fix. A tripling for four months under size-8 noise is near
    /// the edge of what MBIC can see: in seed 1 the realised surge is 3.4, 2.2, 1.6 and 1.4
    /// times the expected counts, and neither method splits it.
    @Test(arguments: [(3.0, 16), (4.0, 18)])
    func plantedHighSeasonSurgeIsItsOwnSegment(multiplier: Double, minimumHits: Int) throws {
        var hits = 0, spurious = 0, notConverged = 0
        var misses: [String] = []
        for seed in UInt64(1)...20 {
            let (y, start) = Self.series(seed: seed, surge: true, multiplier: multiplier)
            let search = try ChangePointSeasonality.automaticSearch(y, period: 12)
            let found = try search.configuration.segment(search.series, offsets: search.offsets).changepoints
            let fit = try ChangePointSeasonality.jointCountFit(y, period: 12)
            if !fit.converged { notConverged += 1 }
            #expect(fit.changepoints == found, "the configuration reproduces the fit (seed \(seed))")
            if found.contains(where: { abs($0 - start) <= 1 }) && found.contains(where: { abs($0 - (start + 4)) <= 1 }) {
                hits += 1
            } else {
                misses.append("seed \(seed): surge \(start)..<\(start + 4), found \(found)")
            }
            let (null, _) = Self.series(seed: seed, surge: false)
            let nullSearch = try ChangePointSeasonality.automaticSearch(null, period: 12)
            let nullFound = try nullSearch.configuration.segment(nullSearch.series, offsets: nullSearch.offsets).changepoints
            if nullFound.contains(where: { abs($0 - 72) > 1 }) { spurious += 1 }
        }
        #expect(hits >= minimumHits, "found \(hits) of 20; \(misses)")
        #expect(spurious <= 3, "spurious changes in \(spurious) of 20 null series")
        #expect(notConverged <= 2, "\(notConverged) of 20 fits did not reach a fixed point")
    }

    /// Noise-free counts `λ_j s_k` (period 4, s = 0.5, 1, 1.5, 1; level 10 then 40 from t = 8):
    /// the factors are recovered exactly, the cost is Poisson (no dispersion at all: every
    /// within-segment difference of `y/f` is 0) and the one change is at 8.
    @Test func exactPatternAndChangeOnNoiseFreeCounts() throws {
        let s = [0.5, 1, 1.5, 1]
        let y = (0..<16).map { t in (t < 8 ? 10.0 : 40.0) * s[t % 4] }
        let fit = try ChangePointSeasonality.jointCountFit(y, period: 4)
        #expect(fit.changepoints == [8])
        #expect(fit.cost == .poisson)
        #expect(fit.converged)
        for k in 0..<4 { #expect(abs(fit.seasonalFactors[k] - s[k]) < 1e-9, "s[\(k)] = \(fit.seasonalFactors[k])") }
        #expect(fit.offsets.count == 16 && abs(fit.offsets[6] - 1.5) < 1e-9)
    }

    /// Hand calculations of the clipped scale equation
    /// `Σ λ_t² [min(q_t / v, c²) − E_c] = 0`, `v = λ(1 + λ/r)`, `q_t = (e_t − e_{t−1})² / (1/f_t + 1/f_{t−1})`.
    /// With one segment `λ` is common, so `Σ min(q_t / v, 9) = N E_c`. `E_c = E min(Z², 9)
    /// = 2Φ(3) − 1 − 6φ(3) + 18(1 − Φ(3))` with the normal-table values Φ(3) = 0.998650102,
    /// φ(3) = 0.004431848: E_c = 0.997300204 − 0.026591088 + 0.024298164 = 0.99500728.
    @Test func sizeByHand() {
        let ec = 0.99500728
        // (0, 10, 20, 40), one segment: λ = 17.5, q = 50, 50, 200, none clipped at the root:
        // v = 300 / (3 E_c) = 100.5018, r = λ² / (v − λ).
        let whole = ChangePointSeasonality.negativeBinomialSize([0, 10, 20, 40], offsets: [1, 1, 1, 1], changepoints: [])
        let v1 = 300 / (3 * ec)
        #expect(abs(whole / (17.5 * 17.5 / (v1 - 17.5)) - 1) < 1e-7, "r = \(whole)")
        // Offsets (0.5, 1.5), counts (1, 9): λ = 10/2 = 5, e = (2, 6), q = 16/(2 + 2/3) = 6,
        // v = 6 / E_c, r = 25 / (v − 5).
        let withOffsets = ChangePointSeasonality.negativeBinomialSize([1, 9], offsets: [0.5, 1.5], changepoints: [])
        #expect(abs(withOffsets / (25 / (6 / ec - 5)) - 1) < 1e-7, "r = \(withOffsets)")
        // 20, 40, 20, 40, … (20 values) then 200: λ = 800/21; 19 pairs with q = 20²/2 = 200, one
        // with q = 160²/2 = 12 800. At the root the big pair is clipped (12 800/v > 9):
        // 19·200/v + 9 = 20 E_c, v = 3800 / (20 E_c − 9) = 348.6; r = λ² / (v − λ) = 4.673.
        // Unclipped (the plain moment equation) the one jump would give v = 16 600/20 = 830, r = 1.9.
        let y = (0..<20).map { $0 % 2 == 0 ? 20.0 : 40.0 } + [200]
        let clipped = ChangePointSeasonality.negativeBinomialSize(y, offsets: [Double](repeating: 1, count: 21), changepoints: [])
        let lambda = 800.0 / 21, v3 = 3800 / (20 * ec - 9)
        #expect(abs(clipped / (lambda * lambda / (v3 - lambda)) - 1) < 1e-7, "r = \(clipped)")
        // Levels come from the change points: (0, 10 | 20, 40) has levels 5 and 30, so the
        // estimate differs from the one-segment one.
        let split = ChangePointSeasonality.negativeBinomialSize([0, 10, 20, 40], offsets: [1, 1, 1, 1], changepoints: [2])
        #expect(abs(split - whole) > 0.1)
        // No overdispersion (every q/λ well below E_c) gives the cap; mismatched offsets too.
        #expect(ChangePointSeasonality.negativeBinomialSize([5, 6, 5, 6], offsets: [1, 1, 1, 1], changepoints: [])
            == ChangePointCost.maximumNegativeBinomialSize)
        #expect(ChangePointSeasonality.negativeBinomialSize([5, 6], offsets: [1], changepoints: [])
            == ChangePointCost.maximumNegativeBinomialSize)
    }

    /// Bad input is named, never a crash.
    @Test func badInputIsNamed() {
        let y = (0..<30).map { Double($0 % 5) }
        #expect(throws: DecompositionError.seriesTooShort(length: 24, minimum: 25, parameter: "period")) {
            try ChangePointSeasonality.jointCountFit(Array(y.prefix(24)), period: 12)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "period", detail: "must be at least 2, got 1")) {
            try ChangePointSeasonality.jointCountFit(y, period: 1)
        }
        var withNaN = y
        withNaN[3] = .nan
        #expect(throws: ChangePointError.missingValue(series: 0, index: 3)) {
            try ChangePointSeasonality.jointCountFit(withNaN, period: 4)
        }
        var negative = y
        negative[5] = -1
        #expect(throws: ChangePointError.negativeCount(series: 0, index: 5, value: -1)) {
            try ChangePointSeasonality.jointCountFit(negative, period: 4)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSeasonality.jointCountFit(y, period: 4, maximumIterations: 0)
        }
        #expect(throws: ChangePointError.constantSeries(series: 0)) {
            try ChangePointSeasonality.jointCountFit([Double](repeating: 0, count: 30), period: 4)
        }
    }
}
