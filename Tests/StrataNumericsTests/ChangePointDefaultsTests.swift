import Foundation
import Testing
@testable import StrataNumerics

/// The recommended change-point configuration and its pieces (issue 10, items 6 and 8).
@Suite struct ChangePointDefaultsTests {
    /// AR(1) noise ε_t = ρ ε_{t−1} + u_t, u ~ N(0, 1), ρ = 0.6, n = 20 000, plus three level shifts
    /// of 10. Theory: the long-run variance is σ_u² / (1 − ρ)² = 1 / 0.16 = 6.25 and the MAD of
    /// first differences alone estimates σ²(1 − ρ) = (1/(1 − ρ²))(1 − ρ) = 0.625 (ten times too small).
    @Test func longRunVarianceOfAR1WithShifts() {
        var rng = SplitMix64(seed: 0xA1)
        var e = 0.0
        var y: [Double] = []
        for t in 0..<20_000 {
            e = 0.6 * e + rng.normal()
            let shift = Double(t / 5000) * 10
            y.append(shift + e)
        }
        let rho = ChangePointCost.robustAutocorrelation(y)
        #expect(abs(rho - 0.6) < 0.05, "ρ̂ = \(rho)")
        let lrv = ChangePointCost.robustLongRunVariance(y)
        // (1 + ρ)/(1 − ρ)² has slope 56 at ρ = 0.6: a sampling error of 0.03 in ρ̂ (a MAD ratio
        // from 20 000 values) moves σ²_LR by about 17%; 25% still separates it from 0.625.
        #expect(abs(lrv - 6.25) < 0.25 * 6.25, "σ²_LR = \(lrv)")
        #expect(abs(ChangePointCost.robustVariance(y) - 0.625) < 0.1 * 0.625)
        // White noise: ρ̂ ≈ 0 (clamped at 0 from below), the long-run variance ≈ 1.
        let white = (0..<20_000).map { _ in rng.normal() }
        #expect(ChangePointCost.robustAutocorrelation(white) < 0.05)
        #expect(abs(ChangePointCost.robustLongRunVariance(white) - 1) < 0.1)
    }

    /// Hand calculation: counts (3, 4, 6), offsets (1, 2, 3): λ̂ = 13/6; t = 1: r = 2,
    /// (4 − 2·3)² / (2·3) = 4/6; t = 2: r = 1.5, (6 − 1.5·4)² = 0. Mean 1/3, index (1/3)/(13/6) = 2/13.
    @Test func dispersionIndexWithOffsetsByHand() {
        #expect(abs(ChangePointCost.dispersionIndex([3, 4, 6], offsets: [1, 2, 3]) - 2.0 / 13) < 1e-12)
        // Without offsets it is Σ(Δy)²/(2(n − 1))/ȳ: (1 + 4)/4 / (13/3) = 15/52.
        #expect(abs(ChangePointCost.dispersionIndex([3, 4, 6], offsets: nil) - 15.0 / 52) < 1e-12)
    }

    /// Pure Poisson counts around a strong season (mean 50 × factor, no overdispersion):
    /// from the raw counts `--cost auto` would say negbin; measured around the seasonal
    /// offsets (what deseasonalising uses) it must say poisson.
    @Test func deseasonalisedAutoCostIsChosenAroundTheSeason() throws {
        var rng = SplitMix64(seed: 12)
        let season = [0.4, 0.5, 0.8, 1.1, 1.4, 1.7, 1.8, 1.6, 1.2, 0.8, 0.5, 0.2]
        let y = (0..<120).map { t -> Double in
            // Poisson by inversion of the CDF (mean up to 90).
            let mean = 50 * season[t % 12]
            let u = rng.nextHalfOpenUniform()
            var k = 0.0, p = exp(-mean), c = p
            while u > c, k < 1000 { k += 1; p *= mean / k; c += p }
            return k
        }
        #expect(ChangePointCost.automatic(for: y) == .negativeBinomial(size: nil))
        let (series, offsets, config, converged) = try ChangePointSeasonality.automaticSearch(y, period: 12)
        #expect(converged)
        #expect(series == y && offsets?.count == 120)
        #expect(config.cost == .poisson)
        #expect(config.method == .pelt && config.penalty == .mbic)
    }

    /// A smooth seasonal series (period 12, amplitude 3, noise SD 0.3) drives the lag-2/lag-1
    /// ratio ρ̂ to its 0.95 clamp (for the sinusoid alone the mean squares of the lag-2 and
    /// lag-1 differences are 9·(2 sin(π/6))²/2 = 4.5 and 9·(2 sin(π/12))²/2 = 1.21, ratio 3.7);
    /// the default clamps it at 0.7 instead, so its variance is v (1 + 0.7)/(1 − 0.7)² = v · 1.7/0.09
    /// (hand formula) with v half the variance of the differences of the searched (winsorised)
    /// series, the break left out, not v · 1.95/0.0025 = 780 v, which hid the level shift of 8 at t = 120.
    @Test func smoothSeasonalSeriesClampsAutocorrelation() throws {
        var rng = SplitMix64(seed: 12)
        let y = (0..<240).map { t in
            3 * sin(2 * Double.pi * Double(t) / 12) + 0.3 * rng.normal() + (t >= 120 ? 8 : 0)
        }
        #expect(ChangePointCost.robustAutocorrelation(y) >= 0.7)
        #expect(ChangePointCost.differenceAutocorrelation(y) >= 0.7)
        let config = ChangePointSearch.Configuration.automatic(for: y)
        guard case .linearTrend(let v?) = config.cost else {
            Issue.record("expected a linear-trend cost, got \(config.cost)")
            return
        }
        // The shift of 8 is about 7 SDs of the differences (sinusoid and noise, SD ≈ 1.1): an
        // isolated break, left out of the variance.
        let w = config.searchSeries(y)
        #expect(ChangePointCost.isolatedBreaks(w) == [120])
        let d = (1..<w.count).filter { $0 != 120 }.map { w[$0] - w[$0 - 1] }
        let mean = d.reduce(0, +) / Double(d.count)
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)
        let expected = variance / 2 * 1.7 / 0.09
        #expect(abs(v - expected) < 1e-9 * expected)
        let s = try config.segment(y)
        #expect(s.changepoints.contains { abs($0 - 120) <= 2 }, "\(s.changepoints)")
        // With the old 0.95 clamp the shift is not found at all.
        let old = try ChangePointSearch.pelt(
            y, cost: .linearTrend(variance: ChangePointCost.robustLongRunVariance(y)), penalty: .mbic,
            minimumSegmentLength: 3)
        #expect(old.changepoints.isEmpty, "\(old.changepoints)")
    }

    /// Non-count data get the linear-trend cost with the long-run variance of the winsorised
    /// series, MBIC, min size 3.
    @Test func automaticConfigurationForContinuousData() throws {
        var rng = SplitMix64(seed: 5)
        let y = (0..<200).map { t in 0.05 * Double(t) + rng.normal() + (t >= 100 ? 6 : 0) }
        let config = ChangePointSearch.Configuration.automatic(for: y)
        #expect(config.penalty == .mbic && config.minimumSegmentLength == 3 && config.method == .pelt)
        guard case .linearTrend(let v?) = config.cost else {
            Issue.record("expected a linear-trend cost, got \(config.cost)")
            return
        }
        #expect(config.winsorizingThreshold == 3)
        #expect(abs(v - ChangePointCost.longRunVariance(ChangePointSearch.winsorized(y, threshold: 3), maximumAutocorrelation: 0.7)) < 1e-12)
        // A steady trend with one level shift: one change, at 100 (± 2), not a staircase.
        let s = try config.segment(y)
        #expect(s.changepoints.count == 1)
        #expect(abs((s.changepoints.first ?? 0) - 100) <= 2)
        // Fewer than 6 values: minimum segment 2, so the search can still run.
        #expect(ChangePointSearch.Configuration.automatic(for: [1.5, 2.5, 1.0, 7.5, 8.0]).minimumSegmentLength == 2)
        // Counts keep the count rule.
        let counts = (0..<60).map { Double($0 < 30 ? 3 : 9) + Double($0 % 3) }
        #expect(ChangePointSearch.Configuration.automatic(for: counts).cost.isCountModel)
    }

    /// `2 · minimumSegmentLength` cannot overflow: a huge minimum is a typed error.
    @Test func hugeMinimumSegmentLengthIsATypedError() {
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4], cost: .l2, penalty: .bic, minimumSegmentLength: Int.max)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.binarySegmentation([1, 2, 3, 4], cost: .l2, penalty: .bic, minimumSegmentLength: Int.max / 2 + 1)
        }
    }
}
