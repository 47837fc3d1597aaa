import Foundation
import Testing
@testable import StrataNumerics

@Suite struct TransformTests {
    /// Box-Cox by hand: λ = 0.5, x = 4 → (√4 − 1) / 0.5 = 2; λ = 0 is log.
    @Test func boxCoxByHand() throws {
        #expect(try Transform.boxCox(lambda: 0.5).apply([4]) == [2])
        #expect(Transform.boxCox(lambda: 0.5).invert([2]) == [4])
        #expect(try Transform.boxCox(lambda: 0).apply([M_E]) == [1])
        #expect(Transform.boxCox(lambda: 0.5).invert([-3])[0].isNaN)  // 0.5·(−3) + 1 < 0
    }

    @Test func logAndLog1pRoundTrip() throws {
        let x: [Double] = [0.5, 1, 10, .nan]
        for t in [Transform.log, .log1p, .none] {
            let back = t.invert(try t.apply(x))
            #expect(abs(back[2] - 10) < 1e-12 && back[3].isNaN)
        }
        #expect(try Transform.log1p.apply([0]) == [0])
    }

    @Test func domainErrorsNameTheTransform() {
        #expect(throws: DecompositionError.transformDomain(transform: "log", index: 1, value: 0)) {
            try Transform.log.apply([1, 0, 2])
        }
        #expect(throws: DecompositionError.transformDomain(transform: "log1p", index: 0, value: -1)) {
            try Transform.log1p.apply([-1])
        }
        #expect(DecompositionError.transformDomain(transform: "log", index: 1, value: 0).description
            .contains("parameter 'transform'"))
    }

    /// With a log transform the seasonally adjusted series is exp(log x − S).
    @Test func seasonallyAdjustedIsBackTransformed() throws {
        let x = (0..<48).map { (t: Int) -> Double in
            let level: Double = 100 * exp(0.01 * Double(t))
            let season: Double = 1 + 0.2 * sin(Double(t) * Double.pi / 6)
            return level * season
        }
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .periodic), transform: .log)
        for i in 0..<48 {
            #expect(abs(d.seasonallyAdjusted[i] - exp(log(x[i]) - d.seasonal[i])) < 1e-9)
            #expect(abs(d.trend[i] + d.seasonal[i] + d.remainder[i] - log(x[i])) < 1e-12)
        }
    }

    /// Strength by hand: T = (1, 2, 3, 4), R = (0.1, −0.1, 0.1, −0.1):
    /// Var(R) = 0.04 / 3, Var(T + R) = 4.64 / 3, F_T = 1 − 0.04 / 4.64.
    @Test func strengthByHand() {
        let f = DecompositionFeatures.trendStrength(trend: [1, 2, 3, 4], remainder: [0.1, -0.1, 0.1, -0.1])
        #expect(abs(f - (1 - 0.04 / 4.64)) < 1e-12)
        #expect(DecompositionFeatures.seasonalStrength(seasonal: [0, 0, 0], remainder: [0, 0, 0]).isNaN)
        // Remainder dominating: clamped at 0.
        #expect(DecompositionFeatures.trendStrength(trend: [0, 0, 0, 0], remainder: [1, -1, 1, -1]) == 0)
    }
}
