import Foundation
import Testing
@testable import StrataNumerics

/// The NB2 maximum-likelihood fit (`.negativeBinomial(alpha: nil)`) against the
/// slow exact procedure written out here: the alternation of QR IRLS for β with
/// a full-precision bisection for `log α` on the score, summed observation by
/// observation, over [log 1e-10, log 1e4] (the procedure `CountTrend` used before
/// it switched to Brent's method, grouped digamma terms and normal-equation IRLS
/// steps). It checks the new root-finder and the fast alternation independently.
@Suite struct CountTrendMaximumLikelihoodTests {
    /// Gamma(shape ≥ 1, scale 1) by Marsaglia & Tsang (2000).
    static func gamma(_ shape: Double, _ g: inout SplitMix64) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = g.nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            if log(g.nextUniform()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// Poisson by inversion (means here are below 100).
    static func poisson(_ mean: Double, _ g: inout SplitMix64) -> Double {
        var k = 0.0, p = exp(-mean), cumulative = p
        let u = g.nextUniform()
        while u > cumulative && k < 10_000 {
            k += 1
            p *= mean / k
            cumulative += p
        }
        return k
    }

    /// NB2 counts (gamma–Poisson mixture, α = 0.3) with a trend and a monthly season.
    static func series(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        let alpha = 0.3
        return (0..<n).map { t in
            let mean = exp(2.5 + Double(t) / Double(n) + 0.4 * sin(2 * Double.pi * Double(t % 12) / 12))
            return poisson(mean * alpha * gamma(1 / alpha, &g), &g)
        }
    }

    /// ∂ℓ/∂α of NB2 at fixed means, term by term:
    /// r²(ψ(r) − ψ(y + r) + log(1 + αμ)) + y/α − (y + r)μ/(1 + αμ), r = 1/α,
    /// with ψ(r) − ψ(y + r) from ψ itself (`recurrence: false`, as the old code)
    /// or from −Σ_{k<y} 1/(r + k) (`recurrence: true`, accurate as α → 0).
    static func score(_ y: [Double], _ mu: [Double], alpha a: Double, recurrence: Bool) -> Double {
        let r = 1 / a
        var s = 0.0
        for i in y.indices {
            var difference = 0.0
            if recurrence {
                for k in 0..<Int(y[i]) { difference -= 1 / (r + Double(k)) }
            } else {
                difference = CountTrend.digamma(r) - CountTrend.digamma(y[i] + r)
            }
            s += r * r * (difference + log1p(a * mu[i])) + y[i] / a - (y[i] + r) * mu[i] / (1 + a * mu[i])
        }
        return s
    }

    /// Bisection on the score in `log α` until the midpoint equals an end.
    static func bisect(_ y: [Double], _ mu: [Double], recurrence: Bool) -> Double {
        func score(_ y: [Double], _ mu: [Double], alpha: Double) -> Double {
            Self.score(y, mu, alpha: alpha, recurrence: recurrence)
        }
        var lo = log(1e-10), hi = log(1e4)
        if score(y, mu, alpha: exp(lo)) <= 0 { return lo }
        if score(y, mu, alpha: exp(hi)) >= 0 { return hi }
        while true {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { return mid }
            if score(y, mu, alpha: exp(mid)) > 0 { lo = mid } else { hi = mid }
        }
    }

    /// The slow exact fit: returns (α, IRLS fit at α).
    static func slowFit(_ counts: [Double], periodsPerYear: Int, seasonalPeriod: Int?, recurrence: Bool) throws
        -> (alpha: Double, fit: CountTrend.IRLSFit)
    {
        let p = 2 + (seasonalPeriod.map { $0 - 1 } ?? 0)
        var x = Matrix(rows: counts.count, columns: p)
        for i in counts.indices {
            x[i, 0] = 1
            x[i, 1] = Double(i) / Double(periodsPerYear)
            if let period = seasonalPeriod, i % period != 0 { x[i, 1 + i % period] = 1 }
        }
        var current = try CountTrend.irls(x, counts, alpha: nil)
        // Method-of-moments start Σ((y − μ)² − y)/μ² / (n − p).
        var moment = 0.0
        for i in counts.indices {
            let (yi, mi) = (counts[i], current.mu[i])
            moment += ((yi - mi) * (yi - mi) - yi) / (mi * mi)
        }
        var logAlpha = log(max(moment / Double(counts.count - p), 1e-6))
        for _ in 0..<500 {
            current = try CountTrend.irls(x, counts, alpha: exp(logAlpha), start: current.beta)
            let next = bisect(counts, current.mu, recurrence: recurrence)
            let change = abs(next - logAlpha)
            logAlpha = next
            if change < 1e-11 { break }
        }
        let alpha = exp(logAlpha)
        return (alpha, try CountTrend.irls(x, counts, alpha: alpha, start: current.beta))
    }

    static func relativelyClose(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * abs(b)
    }

    func check(_ counts: [Double], seasonalPeriod: Int?, recurrence: Bool) throws {
        let slow = try Self.slowFit(counts, periodsPerYear: 12, seasonalPeriod: seasonalPeriod, recurrence: recurrence)
        let r = try CountTrend.fit(
            counts, periodsPerYear: 12, family: .negativeBinomial(alpha: nil), seasonalPeriod: seasonalPeriod)
        let alpha = try #require(r.alpha)
        #expect(Self.relativelyClose(alpha, slow.alpha), "α \(alpha) vs \(slow.alpha)")
        let covariance = try slow.fit.inverseInformation
        for j in slow.fit.beta.indices {
            #expect(Self.relativelyClose(r.coefficients[j], slow.fit.beta[j]), "β\(j)")
            #expect(Self.relativelyClose(r.standardErrors[j], covariance[j, j].squareRoot()), "se\(j)")
        }
        #expect(Self.relativelyClose(r.deviance, slow.fit.deviance))
        #expect(Self.relativelyClose(r.pearsonChiSquare, slow.fit.pearson))
    }

    @Test func seededSeriesMatchesBisection() throws {
        let counts = Self.series(5_000, seed: 20_261_129)
        try check(counts, seasonalPeriod: nil, recurrence: false)
        try check(counts, seasonalPeriod: 12, recurrence: false)
    }

    /// Underdispersed counts: the score is negative at α = 1e-10 (where ψ(r) −
    /// ψ(y + r) must come from the recurrence, ψ itself cancelling to noise), so
    /// both procedures stop at the lower bound.
    @Test func underdispersedSeriesStopsAtLowerBound() throws {
        let counts: [Double] = (0..<48).map { Double(10 + $0 / 12 + ($0 % 2)) }
        let slow = try Self.slowFit(counts, periodsPerYear: 12, seasonalPeriod: nil, recurrence: true)
        #expect(slow.alpha == exp(log(1e-10)))
        try check(counts, seasonalPeriod: nil, recurrence: true)
    }
}
