import Foundation
import StrataNumerics
import Testing

@Suite("Multivariate change points (Gaussian mean, robust scales, PELT)")
struct MultivariateChangePointTests {
    /// Three coordinates, n = 60: coordinate 0 steps +1 at 20, coordinate 1
    /// steps −1.5 at 41, coordinate 2 is +0.8 on [20, 41); plus a
    /// deterministic 0.3 sin(1.7 t + j) ripple.
    static var rippled: [[Double]] {
        (0..<3).map { j in
            (0..<60).map { t -> Double in
                var step = 0.0
                if j == 0, t >= 20 { step = 1 }
                if j == 1, t >= 41 { step = -1.5 }
                if j == 2, t >= 20, t < 41 { step = 0.8 }
                return step + 0.3 * Foundation.sin(Double(t) * 1.7 + Double(j))
            }
        }
    }

    /// ruptures 1.1.10 on the same data with unit scales:
    /// `rpt.Pelt(model="l2", min_size=2, jump=1).fit(X).predict(pen=P)` with X the
    /// 60×3 array above; pen 20 → [41, 60]; pen 0.2 → [20, 41, 60]; pen 0.05 →
    /// [2, 4, …, 28, 31, 33, …, 39, 41, 44, 46, …, 58, 60] (listed below);
    /// `min_size=4, pen=0.2` → [20, 41, 60].
    @Test("matches ruptures Pelt(model=\"l2\") on the same data", arguments: [
        (20.0, 2, [41]),
        (0.2, 2, [20, 41]),
        (0.2, 4, [20, 41]),
        (0.05, 2, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 31, 33, 35, 37, 39, 41, 44, 46, 48, 50, 52, 54, 56, 58]),
    ])
    func ruptures(penalty: Double, minimumSegmentLength: Int, expected: [Int]) throws {
        let s = try MultivariateChangePoints.pelt(Self.rippled, penalty: penalty, minimumSegmentLength: minimumSegmentLength,
                                                  scales: [1, 1, 1])
        #expect(s.changepoints == expected)
    }

    @Test("a hand-computed step: cost 0 + β beats 150")
    func handStep() throws {
        // x = (0,0,0,10,10,10), σ = 1: no change costs Σ(x − 5)² = 150; a change at 3 costs 0 + β
        let s = try MultivariateChangePoints.pelt([[0, 0, 0, 10, 10, 10]], penalty: 1, minimumSegmentLength: 1, scales: [1])
        #expect(s.changepoints == [3])
        #expect(s.fitCost == 0)
        #expect(s.segments == [0..<3, 3..<6])
        // with β = 151 one segment is cheaper (150 < 151)
        let none = try MultivariateChangePoints.pelt([[0, 0, 0, 10, 10, 10]], penalty: 151, minimumSegmentLength: 1, scales: [1])
        #expect(none.changepoints.isEmpty)
        #expect(none.fitCost == 150)
    }

    @Test("location profile of (0, 0, 1, 1): (∞, 2/3, 0, 2/3)")
    func profile() throws {
        let p = try MultivariateChangePoints.locationProfile([[0, 0, 1, 1]], range: 0..<4, minimumSegmentLength: 1, scales: [1])
        #expect(p[0] == .infinity)
        #expect(abs(p[1] - 2.0 / 3) < 1e-15 && p[2] == 0 && abs(p[3] - 2.0 / 3) < 1e-15)
    }

    @Test("robust scale: 1.4826 · MAD(Δx) / √2")
    func robustScale() {
        // x = (1, 2, 4, 7, 11): Δx = (1, 2, 3, 4), median 2.5, |Δx − 2.5| = (1.5, .5, .5, 1.5), MAD 1
        #expect(abs(MultivariateChangePoints.robustScale([1, 2, 4, 7, 11]) - 1.4826 / 2.0.squareRoot()) < 1e-12)
        #expect(MultivariateChangePoints.robustScale([3, 3, 3]) == 0)
    }

    @Test("PELT equals optimal partitioning (random multivariate series with steps)")
    func peltIsExact() throws {
        var rng = SplitMix64(seed: 2026)
        for trial in 0..<300 {
            let d = 1 + trial % 4, n = 8 + Int(rng.next() % 70)
            let m = 1 + trial % 3
            guard n >= 2 * m else { continue }
            var x = [[Double]](repeating: [], count: d)
            for j in 0..<d {
                var level = 0.0
                for _ in 0..<n {
                    if rng.nextUniform() < 0.08 { level += 3 * rng.nextNormal() }
                    x[j].append(level + rng.nextNormal())
                }
            }
            let penalty = [0.5, 3, 10, 30][trial % 4]
            let a = try MultivariateChangePoints.pelt(x, penalty: penalty, minimumSegmentLength: m)
            let b = try MultivariateChangePoints.optimalPartitioning(x, penalty: penalty, minimumSegmentLength: m)
            #expect(a.changepoints == b.changepoints, "trial \(trial)")
            #expect(abs(a.fitCost - b.fitCost) <= 1e-9 * max(1, b.fitCost))
        }
    }

    @Test("default penalty 3 d log n")
    func defaultPenalty() {
        #expect(abs(MultivariateChangePoints.defaultPenalty(length: 100, dimensions: 4) - 12 * Foundation.log(100.0)) < 1e-12)
    }

    @Test("bad input names the problem")
    func badInput() {
        #expect(throws: ChangePointError.noSeries) { try MultivariateChangePoints.pelt([]) }
        #expect(throws: ChangePointError.missingValue(series: 1, index: 2)) {
            try MultivariateChangePoints.pelt([[1, 2, 3, 4], [1, 2, .nan, 4]])
        }
        #expect(throws: ChangePointError.nonFinite(series: 0, index: 0)) { try MultivariateChangePoints.pelt([[.infinity, 1, 2, 3]]) }
        #expect(throws: ChangePointError.lengthMismatch(expected: 4, found: 3, series: 1)) {
            try MultivariateChangePoints.pelt([[1, 2, 3, 4], [1, 2, 3]])
        }
        #expect(throws: ChangePointError.tooShort(length: 3, minimumSegmentLength: 2)) { try MultivariateChangePoints.pelt([[1, 2, 3]]) }
        #expect(throws: ChangePointError.constantSeries(series: 0)) { try MultivariateChangePoints.pelt([[1, 1, 1, 1]]) }
        #expect(throws: ChangePointError.self) { try MultivariateChangePoints.pelt([[1, 2, 3, 5]], penalty: -1) }
        #expect(throws: ChangePointError.self) { try MultivariateChangePoints.pelt([[1, 2, 3, 5]], scales: [1, 2]) }
        #expect(throws: ChangePointError.self) {
            try MultivariateChangePoints.locationProfile([[1, 2, 3, 5]], range: 2..<9)
        }
    }
}
