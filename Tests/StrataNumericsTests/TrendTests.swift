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

@Suite struct CountTrendTests {
    // statsmodels 0.15.0, X = [1, t/12], t = 0…59:
    // GLM(y, X, family=Poisson()).fit(tol=1e-14): params [2.5283289788513574, 0.14412143521790574],
    // bse [0.06580665933890557, 0.02121147099282682], pearson_chi2 503.87801347395, df_resid 58,
    // deviance 466.5051507614619
    @Test func poissonMatchesStatsmodelsGLM() throws {
        let r = try CountTrend.fit(TrendReference.counts, periodsPerYear: 12)
        #expect(close(r.coefficients[0], 2.5283289788513574))
        #expect(close(r.coefficients[1], 0.14412143521790574))
        #expect(close(r.standardErrors[0], 0.06580665933890557))
        #expect(close(r.standardErrors[1], 0.02121147099282682))
        #expect(close(r.pearsonChiSquare, 503.87801347395))
        #expect(close(r.deviance, 466.5051507614619))
        #expect(r.degreesOfFreedom == 58)
        #expect(close(r.dispersion, 503.87801347395 / 58))
        #expect(close(r.growthRatePerYear, expm1(0.14412143521790574)))
        #expect(close(r.growthRateLower, expm1(0.14412143521790574 - 1.959963984540054 * 0.02121147099282682)))
    }

    // GLM(y, X, family=NegativeBinomial(alpha=0.25)).fit(tol=1e-14): params [2.5400219613040504,
    // 0.13964222346402827], bse [0.1436773189189362, 0.04961863178354209], deviance 93.36819682161814,
    // pearson_chi2 94.4128978537557
    @Test func negativeBinomialFixedAlphaMatchesStatsmodelsGLM() throws {
        let r = try CountTrend.fit(TrendReference.counts, periodsPerYear: 12, family: .negativeBinomial(alpha: 0.25))
        #expect(close(r.coefficients[0], 2.5400219613040504))
        #expect(close(r.coefficients[1], 0.13964222346402827))
        #expect(close(r.standardErrors[0], 0.1436773189189362))
        #expect(close(r.standardErrors[1], 0.04961863178354209))
        #expect(close(r.deviance, 93.36819682161814))
        #expect(close(r.pearsonChiSquare, 94.4128978537557))
    }

    // NegativeBinomial(y, X, loglike_method='nb2').fit(method='newton', tol=1e-14):
    // params [2.5407876287497784, 0.13934866247456087, alpha 0.39568424297329313];
    // GLM NB(alpha=that) bse [0.17355273202643554, 0.060237893274425934].
    // With 11 monthly indicators (D = [X, 1{t mod 12 = k}, k = 1…11]): alpha 0.23457028060409968,
    // params[:2] [2.2369951630737583, 0.19703767570308145]; Poisson GLM on D: params[:2]
    // [2.325681072071494, 0.17582894512902808], bse[:2] [0.12629609929882762, 0.021797850477265415],
    // pearson_chi2 307.75386520453435, df 47.
    @Test func negativeBinomialMLMatchesStatsmodels() throws {
        let r = try CountTrend.fit(TrendReference.counts, periodsPerYear: 12, family: .negativeBinomial(alpha: nil))
        #expect(close(try #require(r.alpha), 0.39568424297329313, 1e-8))
        #expect(close(r.coefficients[1], 0.13934866247456087, 1e-8))
        #expect(close(r.standardErrors[1], 0.060237893274425934, 1e-8))
        let s = try CountTrend.fit(
            TrendReference.counts, periodsPerYear: 12, family: .negativeBinomial(alpha: nil), seasonalPeriod: 12)
        #expect(close(try #require(s.alpha), 0.23457028060409968, 1e-8))
        #expect(close(s.coefficients[0], 2.2369951630737583, 1e-8))
        #expect(close(s.coefficients[1], 0.19703767570308145, 1e-8))
        let ps = try CountTrend.fit(TrendReference.counts, periodsPerYear: 12, seasonalPeriod: 12)
        #expect(close(ps.coefficients[0], 2.325681072071494))
        #expect(close(ps.coefficients[1], 0.17582894512902808))
        #expect(close(ps.standardErrors[1], 0.021797850477265415))
        #expect(close(ps.pearsonChiSquare, 307.75386520453435))
        #expect(ps.degreesOfFreedom == 47)
    }

    @Test func badCounts() {
        #expect(throws: TrendError.invalidCount(index: 1, value: 2.5)) { try CountTrend.fit([1, 2.5, 3, 4], periodsPerYear: 12) }
        #expect(throws: TrendError.invalidCount(index: 0, value: -1)) { try CountTrend.fit([-1, 2, 3, 4], periodsPerYear: 12) }
        #expect(throws: TrendError.self) { try CountTrend.fit([0, 0, 0, 0, 0], periodsPerYear: 12) }
        #expect(throws: TrendError.tooFewValues(observed: 2, minimum: 3)) { try CountTrend.fit([1, .nan, 2], periodsPerYear: 12) }
    }
}

@Suite struct CountChangeTests {
    /// By hand: 120 against 100 → +20 %; interval exp(log 1.2 ± z·√(1/120 + 1/100)) − 1,
    /// z = 1.959963984540054 (scipy.stats.norm.ppf(0.975)).
    @Test func waldIntervalByHand() throws {
        let r = try CountChange.compare(current: 120, previous: 100)
        let se = (1.0 / 120 + 1.0 / 100).squareRoot()
        #expect(close(r.relativeChange, 0.2, 1e-14))
        #expect(close(r.lower, expm1(log(1.2) - 1.959963984540054 * se), 1e-12))
        #expect(close(r.upper, expm1(log(1.2) + 1.959963984540054 * se), 1e-12))
        let zero = try CountChange.compare(current: 5, previous: 0)
        #expect(zero.relativeChange.isNaN && zero.lower.isNaN)
    }

    @Test func blocksAndLags() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let r = try CountChange.lastBlocks(x, window: 3)
        #expect(r.previous == 6 && r.current == 15)
        let lagged = try CountChange.lagged([10, .nan, 20, 30], lag: 2)
        #expect(lagged.count == 2 && close(lagged[0].relativeChange, 1, 1e-14) && lagged[1].relativeChange.isNaN)
        #expect(throws: TrendError.self) { try CountChange.lastBlocks([1, 2, 3], window: 2) }
        #expect(throws: TrendError.self) { try CountChange.compare(current: -1, previous: 2) }
    }
}
