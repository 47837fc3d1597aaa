import Foundation
import Testing
import StrataNumerics

/// The shared standard normal (Sources/StrataNumerics/Distributions/NormalDistribution.swift).
@Suite struct NormalDistributionTests {
    struct QuantileCase: Sendable, CustomTestStringConvertible {
        var p: Double
        var x: Double
        var testDescription: String { "p = \(p)" }
    }

    /// R 4.x, `p <- c(1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.7,
    /// 0.9, 0.975, 0.999, 1-1e-10); cat(sprintf("(%.17g, %.17g),\n", p, qnorm(p)), sep="")`.
    /// (Earlier SciPy checks agree: `norm.ppf(0.975) = 1.959963984540054`, `ppf(0.001) = -3.090232306167813`.)
    static let quantiles: [QuantileCase] = [
        (1e-300, -37.047096299361201),
        (1e-100, -21.273453560965319),
        (9.9999999999999995e-21, -9.2623400897984052),
        (1e-10, -6.3613409024040557),
        (1.0000000000000001e-05, -4.2648907939228256),
        (0.001, -3.0902323061678132),
        (0.01, -2.3263478740408408),
        (0.024250000000000001, -1.9729610513118845),
        (0.10000000000000001, -1.2815515655446008),
        (0.29999999999999999, -0.52440051270804067),
        (0.5, 0),
        (0.69999999999999996, 0.52440051270804067),
        (0.90000000000000002, 1.2815515655446008),
        (0.97499999999999998, 1.9599639845400536),
        (0.999, 3.0902323061678132),
        (0.99999999989999999, 6.3613408896974208),
    ].map { QuantileCase(p: $0.0, x: $0.1) }

    @Test(arguments: quantiles) func quantileMatchesR(_ c: QuantileCase) {
        let x = NormalDistribution.quantile(c.p)
        #expect(abs(x - c.x) <= 1e-15 * max(1, abs(c.x)), "got \(x)")
    }

    /// Φ(qnorm(p)) = p: the 95 % multiplier is R's `qnorm(0.975)`.
    @Test func centralMultiplierIsTheUpperQuantile() {
        #expect(abs(NormalDistribution.centralMultiplier(level: 95) - 1.9599639845400536) < 1e-15)
        #expect(abs(NormalDistribution.centralMultiplier(level: 80) - 1.2815515655446008) < 1e-15)
    }

    /// R 4.x: `z <- c(-10, -3, -1.5, 0, 0.5, 2, 8.5); cat(sprintf("(%.17g, %.17g, %.17g),\n", z,
    /// pnorm(z), pnorm(z, lower.tail=FALSE)), sep="")`.
    @Test func cdfAndUpperTailMatchR() {
        let cases: [(z: Double, lower: Double, upper: Double)] = [
            (-10, 7.6198530241605269e-24, 1),
            (-3, 0.0013498980316300946, 0.9986501019683699),
            (-1.5, 0.066807201268858071, 0.93319279873114191),
            (0, 0.5, 0.5),
            (0.5, 0.69146246127401301, 0.30853753872598694),
            (2, 0.97724986805182079, 0.022750131948179212),
            (8.5, 1, 9.4795348222033192e-18),
        ]
        for c in cases {
            #expect(abs(NormalDistribution.cdf(c.z) - c.lower) <= 1e-14 * c.lower, "Φ(\(c.z))")
            #expect(abs(NormalDistribution.upperTail(c.z) - c.upper) <= 1e-14 * c.upper, "1 − Φ(\(c.z))")
        }
    }

    @Test func quantileEdgesAndBadInput() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
        #expect(NormalDistribution.cdf(.nan).isNaN)
    }

    /// Symmetry: 1 − p is exact for p in [1/2, 1], so the two quantiles are exact negatives.
    @Test func quantileIsSymmetric() {
        for p in stride(from: 0.5, to: 1, by: 0.0173) {
            #expect(NormalDistribution.quantile(p) == -NormalDistribution.quantile(1 - p))
        }
    }
}
