import Foundation
import Testing
@testable import StrataNumerics

/// Reference values from Python 3.11.7 with pymannkendall 1.4.3, SciPy 1.17.1
/// and statsmodels 0.15.0, on the two synthetic series below (generated once
/// with numpy `default_rng(20261129)`: negative-binomial monthly counts with a
/// trend and season, and a decreasing continuous series), by:
///
///     import numpy as np, pymannkendall as mk, scipy.stats as st, statsmodels.api as sm
///     mk.original_test(x, alpha=0.05)
///     mk.hamed_rao_modification_test(x, alpha=0.05)
///     st.theilslopes(x, np.arange(len(x)), alpha=0.95)
///     mk.seasonal_test(counts, period=12, alpha=0.05)
///     X = np.column_stack([np.ones(n), np.arange(n) / 12.0])
///     sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-14)
///     sm.NegativeBinomial(y, X, loglike_method='nb2').fit(method='newton', maxiter=200, tol=1e-14, disp=0)
///     sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=0.25)).fit(tol=1e-14)
enum TrendReference {
    static let counts: [Double] = [
        10, 7, 23, 44, 7, 7, 20, 12, 2, 6, 0, 9, 6, 19, 11, 30, 34, 17, 13, 14, 9, 7, 12, 7, 19, 20, 17, 17, 53, 43,
        13, 11, 15, 15, 5, 18, 5, 8, 51, 12, 34, 25, 6, 8, 11, 6, 21, 6, 35, 30, 34, 18, 29, 25, 16, 36, 34, 7, 17, 49,
    ]
    static let continuous: [Double] = [
        9.92, 12.35, 9.02, 8.18, 7.72, 8.04, 6.63, 5.55, 9.17, 5.43, 7.21, 9.5, 5.82, 6.64, 5.1, 5.11, 5.87, 4.53, 1.1, 4.52,
    ]
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-8) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite struct TrendTests {
    @Test func mannKendallWithTiesMatchesPymannkendall() throws {
        // mk.original_test(counts): s=351, var_s=24503.666666666668, z=2.2359006714641616,
        // p=0.02535827832790294, Tau=0.19830508474576272, 'increasing'
        let r = try TrendTest.mannKendall(TrendReference.counts)
        #expect(r.s == 351)
        #expect(close(r.variance, 24503.666666666668))
        #expect(close(r.z, 2.2359006714641616))
        #expect(close(r.pValue, 0.02535827832790294))
        #expect(close(r.tau, 0.19830508474576272))
        #expect(r.direction == .increasing)
        // mk.original_test(continuous): s=-124, var_s=950, z=-3.9906469598167584, p=6.589330411754801e-05
        let c = try TrendTest.mannKendall(TrendReference.continuous)
        #expect(c.s == -124 && c.variance == 950)
        #expect(close(c.z, -3.9906469598167584))
        #expect(close(c.pValue, 6.589330411754801e-05))
        #expect(close(c.tau, -0.6526315789473685))
        #expect(c.direction == .decreasing)
    }

    @Test func hamedRaoMatchesPymannkendall() throws {
        // mk.hamed_rao_modification_test(counts): var_s=135.55081431694205, z=30.06193828451916, p=0.0
        let r = try TrendTest.hamedRao(TrendReference.counts)
        #expect(close(r.variance, 135.55081431694205))
        #expect(close(r.z, 30.06193828451916))
        #expect(abs(r.pValue - 0.0) < 1e-8)
        // continuous: no significant rank autocorrelation, var_s stays 950.
        let c = try TrendTest.hamedRao(TrendReference.continuous)
        #expect(close(c.variance, 950))
        #expect(close(c.pValue, 6.589330411754801e-05))
    }

    @Test func senSlopeMatchesPymannkendallAndScipy() throws {
        // theilslopes(counts): slope=0.18893421723610404, intercept=9.42644059153493, low=0.0, high=0.38461538461538464
        let r = try TrendTest.senSlope(TrendReference.counts)
        #expect(close(r.slope, 0.18893421723610404))
        #expect(close(r.intercept, 9.42644059153493))
        #expect(close(r.lower, 0.0))
        #expect(close(r.upper, 0.38461538461538464))
        // theilslopes(continuous): slope=-0.300051282051282, intercept=9.48548717948718,
        // low=-0.47583333333333333, high=-0.19125000000000003
        let c = try TrendTest.senSlope(TrendReference.continuous)
        #expect(close(c.slope, -0.300051282051282))
        #expect(close(c.intercept, 9.48548717948718))
        #expect(close(c.lower, -0.47583333333333333))
        #expect(close(c.upper, -0.19125000000000003))
    }

    @Test func seasonalKendallMatchesPymannkendall() throws {
        // mk.seasonal_test(counts, period=12): s=27, var_s=194.99999999999997, z=1.8618986725025255,
        // p=0.06261737421478708, Tau=0.225, slope=2.25, 'no trend'
        let r = try TrendTest.seasonalKendall(TrendReference.counts, period: 12)
        #expect(r.s == 27)
        #expect(close(r.variance, 194.99999999999997))
        #expect(close(r.z, 1.8618986725025255))
        #expect(close(r.pValue, 0.06261737421478708))
        #expect(close(r.tau, 0.225))
        #expect(r.direction == .noTrend)
        #expect(close(try TrendTest.seasonalSenSlope(TrendReference.counts, period: 12), 2.25))
    }

    /// scipy.stats.norm.ppf(0.975) = 1.959963984540054, ppf(0.01) = -2.3263478740408408,
    /// ppf(1e-10) = -6.361340902404056.
    @Test func normalQuantile() {
        #expect(close(StandardNormal.quantile(0.975), 1.959963984540054, 1e-14))
        #expect(close(StandardNormal.quantile(0.01), -2.3263478740408408, 1e-14))
        #expect(close(StandardNormal.quantile(1e-10), -6.361340902404056, 1e-13))
        #expect(StandardNormal.quantile(0).isNaN)
    }

    /// Hand calculation: x = (1, 2, 3): S = 3, Var = 3·2·11/18 = 11/3, z = 2/√(11/3).
    @Test func tinySeriesByHand() throws {
        let r = try TrendTest.mannKendall([1, .nan, 2, 3])
        #expect(r.s == 3 && r.count == 3)
        #expect(close(r.variance, 11.0 / 3))
        #expect(close(r.z, 2 / (11.0 / 3).squareRoot()))
        // Sen: slopes over true time distance: (2−1)/2, (3−1)/3, (3−2)/1 → median 2/3.
        #expect(close(try TrendTest.senSlope([1, .nan, 2, 3]).slope, 2.0 / 3))
    }

    @Test func badInput() {
        #expect(throws: TrendError.tooFewValues(observed: 2, minimum: 3)) { try TrendTest.mannKendall([1, .nan, 2]) }
        #expect(throws: TrendError.nonFiniteValue(index: 1)) { try TrendTest.mannKendall([1, .infinity, 2, 3]) }
        #expect(throws: TrendError.invalidParameter(name: "alpha", detail: "must be in (0, 1), got 1.5")) {
            try TrendTest.mannKendall([1, 2, 3], alpha: 1.5)
        }
        #expect(throws: TrendError.invalidParameter(name: "period", detail: "must be at least 2, got 1")) {
            try TrendTest.seasonalKendall([1, 2, 3], period: 1)
        }
        // Constant series: S = 0, every value tied, variance 0 → z = 0, no trend.
        let constant = try? TrendTest.mannKendall([4, 4, 4, 4])
        #expect(constant?.s == 0 && constant?.direction == .noTrend)
    }
}
