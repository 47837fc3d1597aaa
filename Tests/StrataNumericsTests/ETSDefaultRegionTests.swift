import Foundation
import Testing
@testable import StrataNumerics

/// The default auto-ETS selects by AICc over forecast::ets's parameter region (β < α, no
/// 0.2/m cap); only a preset asked for by name restricts β.
@Suite struct ETSDefaultRegionTests {
    /// ETS(A,A,N) simulated by its state-space recursions (Hyndman et al. 2008, Table 2.1):
    /// ŷ_t = ℓ_{t−1} + b_{t−1}; y_t = ŷ_t + ε_t; ℓ_t = ŷ_t + α ε_t; b_t = b_{t−1} + β ε_t,
    /// α = 0.5, β = 0.3, ℓ₀ = 100, b₀ = 1, ε ~ N(0, 2²) from SplitMix64 seed 96, n = 96.
    static func simulated() -> [Double] {
        var rng = SplitMix64(seed: 96)
        var level = 100.0, slope = 1.0
        var y: [Double] = []
        for _ in 0..<96 {
            let u = max(rng.nextHalfOpenUniform(), 1e-300), v = rng.nextHalfOpenUniform()
            let e = 2 * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            let yhat = level + slope
            y.append(yhat + e)
            level = yhat + 0.5 * e
            slope += 0.3 * e
        }
        return y
    }

    /// Measured here: the default picks ETS(A,A,N), β 0.264, AICc 393.86; A,A,N by the thorough
    /// search over β < α: AICc 393.86, β 0.265; with the 0.2/m cap (β ≤ 0.01676) the best model
    /// has AICc 494.40. R `forecast::ets` was not available to record; the check is the issue's
    /// AICc comparison: the default's AICc is that of the unrestricted A,A,N fit, below the capped one.
    @Test func defaultSelectsByAICcOverTheFullRegion() throws {
        let y = Self.simulated()
        let chosen = try ExponentialSmoothing.fitAutomatic(y, period: 12, options: .recommended)
        // The AICc comparison of the issue: A,A,N fitted over the full region (β < α).
        let full = try ExponentialSmoothing.fit(y, model: ETSModel(.additive, .additive, .none), period: 12, options: .thorough)
        var capped = ExponentialSmoothing.Options.recommended
        capped.limitsTrendSmoothing = true
        let cappedChoice = try ExponentialSmoothing.fitAutomatic(y, period: 12, options: capped)
        #expect(!ExponentialSmoothing.Options.recommended.limitsTrendSmoothing)
        #expect(chosen.aicc <= full.aicc + 1e-6 * abs(full.aicc))
        #expect(full.aicc < cappedChoice.aicc)
        #expect(chosen.model == ETSModel(.additive, .additive, .none))
        #expect(chosen.parameters.beta > 0.2 / 12 + 1e-3)
    }
}
