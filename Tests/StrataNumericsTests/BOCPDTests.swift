import Foundation
import Testing
import StrataNumerics

@Suite struct BOCPDTests {
    /// Poisson–Gamma, prior Gamma(1, 1), h = 1/2, data (3, 5).
    /// After y₀ = 3 the single run has posterior Gamma(4, 2). For y₁ = 5:
    /// growth ∝ (1 − h) NB(5; 4, p = 2/3) = ½ · C(8,5)(2/3)⁴(1/3)⁵ = ½ · 896/19683,
    /// new run ∝ h NB(5; 1, p = 1/2) = ½ · 1/64, so
    /// P(r = 0) = (1/64)/(1/64 + 896/19683) = 0.25553377387149945
    /// (SciPy: `p=nbinom.pmf(5,1,0.5); g=nbinom.pmf(5,4,2/3); p/(p+g)`).
    @Test func poissonGammaByHand() throws {
        var d = try BayesianOnlineDetector(model: .poissonGamma(shape: 1, rate: 1), expectedRunLength: 2, truncation: 0)
        let first = try d.update(3)
        #expect(first.runLengths == [0] && first.probabilities == [1])
        #expect(first.probabilityOfChange(withinLast: 5) == 0)
        let second = try d.update(5)
        #expect(second.runLengths == [0, 1])
        #expect(abs(second.probabilities[0] - 0.25553377387149945) < 1e-12)
        #expect(abs(second.probabilities[1] - (1 - 0.25553377387149945)) < 1e-12)
        #expect(abs(second.probabilityOfChange(withinLast: 1) - 0.25553377387149945) < 1e-12)
    }

    /// Normal–Gamma prior (μ₀ = 0, κ = 1, α = 1, β = 1), h = 0.1, data (0, 2).
    /// After y₀ = 0: μ = 0, κ = 2, α = 1.5, β = 1; predictive t₃(0, 1).
    /// Prior predictive t₂(0, √2). P(r = 0) = 0.1 f₂ /(0.1 f₂ + 0.9 f₃) with
    /// SciPy `t.pdf(2,3,0,1)` = 0.06750966066389291, `t.pdf(2,2,0,sqrt(2))`
    /// = 0.08838834764831849, giving 0.1269992605458092.
    @Test func normalGammaByHand() throws {
        var d = try BayesianOnlineDetector(
            model: .normalGamma(mean: 0, kappa: 1, shape: 1, rate: 1), expectedRunLength: 10, truncation: 0)
        _ = try d.update(0)
        let second = try d.update(2)
        #expect(abs(second.probabilities[0] - 0.1269992605458092) < 1e-12)
    }

    /// Negative binomial–beta, size r = 2, prior Beta(2, 1), h = 1/4, data (3, 1).
    /// After y₀ = 3 the run's posterior is Beta(2 + 2, 1 + 3) = Beta(4, 4).
    /// Predictive of y₁ = 1: Γ(3)/(1! Γ(2)) B(6, 5)/B(4, 4) = 2 · (1/1260)/(1/140)
    /// = 2/9 under the run, 2 · B(4, 2)/B(2, 1) = 2 · (1/20)/(1/2) = 1/5 under
    /// the prior (SciPy `betanbinom.pmf(1, 2, 4, 4)`, `betanbinom.pmf(1, 2, 2, 1)`
    /// agree). P(r = 0) = ¼·⅕ / (¼·⅕ + ¾·2/9) = 3/13.
    @Test func negativeBinomialBetaByHand() throws {
        var d = try BayesianOnlineDetector(
            model: .negativeBinomialBeta(size: 2, alpha: 2, beta: 1), expectedRunLength: 4, truncation: 0)
        _ = try d.update(3)
        let second = try d.update(1)
        #expect(abs(second.probabilities[0] - 3.0 / 13) < 1e-12)
        #expect(throws: ChangePointError.self) { try d.update(-1) }
    }

    /// A clear level shift at 60 is dated there, and the probability of a
    /// change within the last 5 periods rises above 0.9 within 5 periods.
    @Test func detectsShift() throws {
        var rng = SplitMix64(seed: 21)
        let y = (0..<120).map { i in rng.poisson(i < 60 ? 4 : 20) }
        let r = try BayesianOnlineDetector.run(y, model: .poissonGamma(shape: 1, rate: 0.1), expectedRunLength: 100, window: 5)
        #expect(r.changepoints.contains { abs($0 - 60) <= 1 })
        #expect(r.changeProbability[64] > 0.9)
        #expect(r.changeProbability[30] < 0.1)
        for p in r.posteriors {
            #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-9)
        }
        // Truncation drops the run lengths reaching back before the shift.
        #expect((r.posteriors[119].runLengths.max() ?? 120) < 70)
        let g = (0..<100).map { i in (i < 50 ? 0.0 : 3.0) + rng.normal() }
        let rg = try BayesianOnlineDetector.run(
            g, model: .normalGamma(mean: 0, kappa: 1, shape: 1, rate: 1), expectedRunLength: 100, window: 3)
        #expect(rg.changepoints.contains { abs($0 - 50) <= 2 })
    }

    @Test func badInput() throws {
        #expect(throws: ChangePointError.self) {
            _ = try BayesianOnlineDetector(model: .poissonGamma(shape: 0, rate: 1))
        }
        #expect(throws: ChangePointError.self) {
            _ = try BayesianOnlineDetector(model: .poissonGamma(shape: 1, rate: 1), expectedRunLength: 1)
        }
        var d = try BayesianOnlineDetector(model: .poissonGamma(shape: 1, rate: 1))
        #expect(throws: ChangePointError.negativeCount(series: 0, index: 0, value: -2)) { try d.update(-2) }
        #expect(throws: ChangePointError.missingValue(series: 0, index: 0)) { try d.update(.nan) }
        _ = try d.update(1)
        #expect(throws: ChangePointError.missingValue(series: 0, index: 1)) { try d.update(.nan) }
        #expect(throws: ChangePointError.self) {
            try BayesianOnlineDetector.run([1, 2], model: .poissonGamma(shape: 1, rate: 1), window: 0)
        }
        #expect(throws: ChangePointError.noSeries) {
            try BayesianOnlineDetector.run([], model: .poissonGamma(shape: 1, rate: 1))
        }
    }
}
