import Foundation
import Testing
@testable import StrataNumerics

@Suite struct ChangePointSegmentTests {
    /// Quantiles and CDFs against SciPy 1.17.1 (`scipy.stats`), e.g.
    /// `stats.t.ppf(0.975, 4)`, `stats.gamma.ppf(0.025, 10)`, `stats.gamma.cdf(3.2, 4.5)`.
    @Test func distributionsMatchSciPy() {
        func close(_ a: Double, _ b: Double, _ tol: Double = 1e-10) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }
        #expect(close(Distributions.studentTQuantile(0.975, 1), 12.706204736174694))
        #expect(close(Distributions.studentTQuantile(0.975, 4), 2.7764451051977934))
        #expect(close(Distributions.studentTQuantile(0.975, 29), 2.045229642132703))
        #expect(close(Distributions.studentTQuantile(0.05, 2.5), -2.5582186141359364))
        #expect(close(Distributions.gammaQuantile(0.025, shape: 10), 4.7953886961324335))
        #expect(close(Distributions.gammaQuantile(0.975, shape: 11), 18.39035604201778))
        #expect(close(Distributions.gammaQuantile(0.975, shape: 1), 3.6888794541139354))
        #expect(close(Distributions.gammaQuantile(0.5, shape: 0.3), 0.07313113586695198))
        #expect(close(Distributions.gammaQuantile(0.025, shape: 2500), 2402.952365431124))
        #expect(close(Distributions.studentTCDF(1.3, 7), 0.8826160823038114))
        // Large shapes (segment sums of big counts): `gamma.ppf(0.025, 1e6)` etc.
        #expect(close(Distributions.gammaQuantile(0.025, shape: 1e4), 9804.952467260184, 1e-9))
        #expect(close(Distributions.gammaQuantile(0.975, shape: 1e6 + 1), 1001961.9119454322, 1e-9))
        #expect(close(Distributions.gammaQuantile(0.025, shape: 1e6), 998040.9833402939, 1e-9))
        #expect(close(Distributions.gammaQuantile(0.975, shape: 123457.5), 124147.10978988181, 1e-9))
        #expect(close(Distributions.gammaQuantile(0.025, shape: 1e8), 99980401.30732474, 1e-9))
        #expect(close(Distributions.gammaQuantile(0.975, shape: 1e9), 1000061980.450378, 1e-9))
        #expect(close(Distributions.gammaP(4.5, 3.2), 0.3006874291335919))
        #expect(close(Distributions.gammaP(4.5, 12), 0.9956986891564992))
    }

    /// Poisson segment with S = 10 counts over F = 1: the exact Garwood
    /// interval is (4.795389, 18.390356) — R `poisson.test(10)$conf.int`,
    /// here from SciPy `gamma.ppf(0.025, 10)`, `gamma.ppf(0.975, 11)`.
    /// Zero counts: lower 0, upper `gamma.ppf(0.975, 1)` = 3.6888794541139354.
    @Test func poissonGarwoodInterval() throws {
        let s = Segmentation(changepoints: [1], length: 2, cost: .poisson, penalty: 0, fitCost: 0)
        let sum = try s.summaries(of: [10, 0])
        #expect(sum[0].level == 10)
        #expect(abs(sum[0].lower - 4.7953886961324335) < 1e-9)
        #expect(abs(sum[0].upper - 18.39035604201778) < 1e-9)
        #expect(sum[1].lower == 0)
        #expect(abs(sum[1].upper - 3.6888794541139354) < 1e-9)
        #expect(sum[1].ratioToPrevious == 0)
        #expect(sum[0].ratioToPrevious == nil)
        #expect(sum[0].start == 0 && sum[0].end == 0 && sum[1].start == 1 && sum[1].end == 1)
    }

    /// Negative binomial, S = 40 over F = 4 (λ = 10), size 5: φ = 3, so the
    /// Garwood interval of 40/3 counts over 4/3:
    /// `gamma.ppf(0.025, 40/3)/(4/3)` = 5.373620260958492,
    /// `gamma.ppf(0.975, 40/3 + 1)/(4/3)` = 16.988363941441378.
    @Test func negativeBinomialScaledInterval() throws {
        let s = Segmentation(changepoints: [], length: 4, cost: .negativeBinomial(size: 5), penalty: 0, fitCost: 0)
        let sum = try s.summaries(of: [8, 12, 9, 11])
        #expect(sum[0].level == 10)
        #expect(abs(sum[0].lower - 5.373620260958492) < 1e-9)
        #expect(abs(sum[0].upper - 16.988363941441378) < 1e-9)
    }

    /// Gaussian: y = (3, 5, 4, 6, 2), mean 4, s = √2.5, t_{4, 0.975} = 2.7764451051977934:
    /// SciPy gives (2.036756838522443, 5.963243161477557).
    /// Known variance 4, segment of 4 ones: 1 ± 1.959963984540054 · 2/2.
    @Test func gaussianIntervals() throws {
        let t = Segmentation(changepoints: [], length: 5, cost: .l2, penalty: 0, fitCost: 0)
        let sum = try t.summaries(of: [3, 5, 4, 6, 2])
        #expect(abs(sum[0].lower - 2.036756838522443) < 1e-9)
        #expect(abs(sum[0].upper - 5.963243161477557) < 1e-9)
        let z = Segmentation(changepoints: [4], length: 5, cost: .normalMean(variance: 4), penalty: 0, fitCost: 0)
        let zs = try z.summaries(of: [1, 1, 1, 1, 3])
        #expect(abs(zs[0].lower - (1 - 1.959963984540054)) < 1e-9)
        #expect(abs(zs[1].level - 3) < 1e-12)
        #expect(abs((zs[1].ratioToPrevious ?? 0) - 3) < 1e-12)
        // One observation under a t interval: undefined.
        let one = Segmentation(changepoints: [4], length: 5, cost: .normalMeanVariance, penalty: 0, fitCost: 0)
        #expect(try one.summaries(of: [1, 2, 1, 2, 3])[1].lower.isNaN)
    }

    @Test func summaryBadInput() {
        let s = Segmentation(changepoints: [], length: 3, cost: .poisson, penalty: 0, fitCost: 0)
        #expect(throws: ChangePointError.self) { try s.summaries(of: [1, 2]) }
        #expect(throws: ChangePointError.self) { try s.summaries(of: [1, 2, 3], offsets: [1]) }
        #expect(throws: ChangePointError.self) { try s.summaries(of: [1, 2, 3], confidence: 1.5) }
    }
}
