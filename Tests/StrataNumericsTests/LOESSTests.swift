import Foundation
import Testing
@testable import StrataNumerics

/// R 4.2.2 (Debian r-base-core), on the 20 values below:
///
///     y <- c(3.1, 4.5, 2.2, 5.8, 6.1, 4.9, 7.3, 8.0, 6.6, 9.2, 10.1, 8.7, 11.5, 12.2, 10.9, 13.8, 14.1, 12.6, 15.9, 16.4)
///     x <- seq_along(y)
///     fitted(loess(y ~ x, span = 7/20, degree = deg, family = "gaussian", surface = "direct"))
///
/// (window of 7 points, tricube weights, exact local fits at every x).
enum LOESSReference {
    static let y: [Double] = [
        3.1, 4.5, 2.2, 5.8, 6.1, 4.9, 7.3, 8.0, 6.6, 9.2, 10.1, 8.7, 11.5, 12.2, 10.9, 13.8, 14.1, 12.6, 15.9, 16.4,
    ]
    static let degree1: [Double] = [
        3.0459508365872319, 3.6142555161106591, 4.226994661840707, 4.7338088778025753, 5.4452759179029373,
        6.2232039443933891, 6.6740419821160266, 7.2714877540005523, 8.0457689670765671, 8.5940527766837302,
        9.3001998453751096, 10.177035286566596, 10.7614823567167, 11.497126311029419, 12.357024491998892,
        12.85324639330153, 13.498430411506426, 14.416247219614039, 15.267200104313607, 16.175203043687659,
    ]
    static let degree2: [Double] = [
        3.3247117528265093, 3.4976072524593493, 4.0543414148169781, 4.9492154951280414, 5.8447646485384137,
        5.7043780773334882, 6.9210141751024912, 7.4972637016665686, 7.5126597415899186, 8.805545365922999,
        9.5508572741280986, 9.6900037874873703, 11.004998106256314, 11.728201320025548, 11.905472596666861,
        13.212185251179374, 13.651404533794786, 14.118694819438256, 15.089373234191402, 16.576908070560698,
    ]
}

@Suite struct LOESSTests {
    @Test(arguments: [1, 2])
    func matchesRLoessDirect(_ degree: Int) throws {
        let fit = try LOESS.smooth(LOESSReference.y, window: 7, degree: degree)
        let expected = degree == 1 ? LOESSReference.degree1 : LOESSReference.degree2
        #expect(maxAbsDifference(fit, expected) < 1e-12)
    }

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
