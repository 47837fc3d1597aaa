import Foundation
import Testing
@testable import StrataNumerics

@Suite struct LOESSTests {
    /// Hand calculation, window 3, degree 0, y = (1, 2, 4) at positions 1, 2, 3.
    /// Position 1: neighbours 1…3, h = 2; tricube weights 1, (1 − 0.5³)³ = 0.669921875, 0
    /// (distance 2 > 0.999·h). Position 2: h = 1, only the centre has weight.
    @Test func tricubeHandCalculation() throws {
        let w = 0.669921875
        let fit = try LOESS.smooth([1, 2, 4], window: 3, degree: 0)
        #expect(abs(fit[0] - (1 + w * 2) / (1 + w)) < 1e-15)
        #expect(abs(fit[1] - 2) < 1e-15)
        #expect(abs(fit[2] - (4 + w * 2) / (1 + w)) < 1e-15)
    }

    @Test(arguments: [0, 1, 2])
    func reproducesPolynomialsOfItsDegree(_ degree: Int) throws {
        let y = (1...40).map { t -> Double in
            let x = Double(t)
            return degree == 0 ? 3 : degree == 1 ? 2 + 0.5 * x : 1 - 0.3 * x + 0.02 * x * x
        }
        for jump in [1, 3] {
            let fit = try LOESS.smooth(y, window: 9, degree: degree, jump: jump)
            // Interpolation between jumps is linear, so exact for degree ≤ 1 only.
            if degree < 2 || jump == 1 { #expect(maxAbsDifference(fit, y) < 1e-9) }
        }
    }

    @Test func missingValuesAreEstimated() throws {
        var y = (1...20).map { 2 + 0.5 * Double($0) }
        y[4] = .nan
        let fit = try LOESS.smooth(y, window: 5, degree: 1)
        #expect(abs(fit[4] - 4.5) < 1e-12)
    }

    @Test func robustnessWeightsDownweightOutlier() throws {
        var y = [Double](repeating: 1, count: 11)
        y[5] = 100
        var rw = [Double](repeating: 1, count: 11)
        rw[5] = 0
        let fit = try LOESS.smooth(y, window: 5, degree: 1, robustnessWeights: rw)
        #expect(fit.allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test func badArgumentsAreNamed() {
        #expect(throws: DecompositionError.invalidParameter(name: "degree", detail: "must be 0, 1 or 2, got 3")) {
            try LOESS.smooth([1, 2, 3], window: 3, degree: 3)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "jump", detail: "must be at least 1, got 0")) {
            try LOESS.smooth([1, 2, 3], window: 3, jump: 0)
        }
        #expect(throws: DecompositionError.nonFiniteValue(index: 1)) {
            try LOESS.smooth([1, .infinity, 3], window: 3)
        }
    }
}
