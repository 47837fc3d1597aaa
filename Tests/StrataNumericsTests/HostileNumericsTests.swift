import Foundation
import Testing
@testable import StrataNumerics

/// Brute force written for the tests: all pairwise slopes `(x_j − x_i)/(j − i)`
/// of the observed values (true time distance), sorted.
private func bruteForceSlopes(_ values: [Double]) -> [Double] {
    let positions = values.indices.filter { !values[$0].isNaN }
    var slopes: [Double] = []
    for a in 0..<positions.count {
        for b in (a + 1)..<positions.count {
            let i = positions[a], j = positions[b]
            slopes.append((values[j] - values[i]) / Double(j - i))
        }
    }
    return slopes.sorted()
}

/// Brute-force Kendall score of the observed values.
private func bruteForceScore(_ values: [Double]) -> Double {
    let x = values.filter { !$0.isNaN }
    var s = 0
    for i in 0..<x.count {
        for j in (i + 1)..<x.count {
            if x[j] > x[i] { s += 1 } else if x[j] < x[i] { s -= 1 }
        }
    }
    return Double(s)
}

private func bruteMedian(_ sorted: [Double]) -> Double {
    let m = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m])
}

/// Sen's interval ranks (Sen 1968 eq. 2.6, as SciPy `theilslopes`), written out:
/// `round((N ∓ z σ)/2)` with z = Φ⁻¹(0.025) = −1.959963984540054 and σ the
/// square root of the tie-corrected variance of S.
private func senRanks(count n: Int, tieGroups: [Int], pairs: Int) -> (lower: Int, upper: Int) {
    var v = Double(n) * Double(n - 1) * Double(2 * n + 5)
    for t in tieGroups { v -= Double(t) * Double(t - 1) * Double(2 * t + 5) }
    let sigma = (v / 18).squareRoot()
    let z = -1.959963984540054
    let nt = Double(pairs)
    return (max(Int(((nt + z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0),
            min(Int(((nt - z * sigma) / 2).rounded(.toNearestOrEven)), pairs - 1))
}

@Suite struct HostileTrendTests {
    /// Random series of 2,000 (and 700) values with many ties (rounded to 0.5) and
    /// 5 % missing: S, the Sen median and both interval ends equal a brute-force
    /// O(n²) listing.
    @Test(arguments: [(UInt64(1), 2000), (2, 700), (3, 700)])
    func largeRandomSeriesEqualsBruteForce(seed: UInt64, n: Int) throws {
        var rng = SplitMix64(seed: seed)
        let values: [Double] = (0..<n).map { i in
            if rng.nextUniform() < 0.05 { return .nan }
            return ((Double(i) * 0.01 + 20 * rng.nextUniform()) * 2).rounded() / 2
        }
        let sorted = bruteForceSlopes(values)
        let mk = try TrendTest.mannKendall(values)
        #expect(mk.s == bruteForceScore(values))
        let sen = try TrendTest.senSlope(values)
        #expect(sen.slope == bruteMedian(sorted))
        let x = values.filter { !$0.isNaN }.sorted()
        var groups: [Int] = []
        var i = 0
        while i < x.count {
            var j = i
            while j + 1 < x.count && x[j + 1] == x[i] { j += 1 }
            groups.append(j - i + 1)
            i = j + 1
        }
        let ranks = senRanks(count: x.count, tieGroups: groups, pairs: sorted.count)
        #expect(sen.lower == sorted[ranks.lower])
        #expect(sen.upper == sorted[ranks.upper])
    }

    /// Continuous random values (no ties) at several scales, n = 800: the
    /// Sen median equals the brute-force median bit for bit, including values
    /// scaled by 2⁶⁰⁰ and 2⁻¹⁰⁰⁰ (beyond the ±2⁵⁰⁰ rescaling thresholds).
    @Test(arguments: [0, 600, -1000])
    func scaledSeriesEqualsBruteForce(exponent: Int) throws {
        var rng = SplitMix64(seed: 77)
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        let values = (0..<800).map { i in (Double(i).squareRoot() + rng.normal()) * scale }
        let sorted = bruteForceSlopes(values)
        let sen = try TrendTest.senSlope(values)
        #expect(sen.slope == bruteMedian(sorted))
        #expect(try TrendTest.mannKendall(values).s == bruteForceScore(values))
    }

    /// x_t = t² for t = 0 … 99,999: every value is exact, S = N = n(n−1)/2 and the
    /// pairwise slopes are (j² − i²)/(j − i) = i + j. The pairs with i + j = s
    /// number ⌊(s+1)/2⌋ for s ≤ n − 1 and the distribution of i + j is symmetric
    /// about n − 1, so the median slope is n − 1 = 99,999 (50,000 pairs have that
    /// sum, so both middle order statistics are 99,999). The lower end of Sen's
    /// interval is the smallest s whose cumulative count exceeds its rank.
    @Test func hundredThousandPointParabola() throws {
        let n = 100_000
        let values = (0..<n).map { Double($0) * Double($0) }
        let pairs = n * (n - 1) / 2
        let mk = try TrendTest.mannKendall(values)
        #expect(mk.s == Double(pairs))
        let sen = try TrendTest.senSlope(values)
        #expect(sen.slope == 99_999)
        let ranks = senRanks(count: n, tieGroups: [], pairs: pairs)
        var cumulative = 0, s = 0
        while cumulative <= ranks.lower { s += 1; cumulative += (s + 1) / 2 }
        #expect(sen.lower == Double(s))
        // By symmetry the upper end is 2(n − 1) minus the value of rank N − 1 − upper.
        cumulative = 0; s = 0
        while cumulative <= pairs - 1 - ranks.upper { s += 1; cumulative += (s + 1) / 2 }
        #expect(sen.upper == Double(2 * (n - 1) - s))
    }

    /// A straight line of 30,000 points: every slope is exactly 3, S = N (the
    /// selection's path for a cluster of equal slopes).
    @Test func longLine() throws {
        let n = 30_000
        let values = (0..<n).map { 3 * Double($0) + 1 }
        #expect(try TrendTest.mannKendall(values).s == Double(n * (n - 1) / 2))
        let sen = try TrendTest.senSlope(values)
        #expect(sen.slope == 3 && sen.lower == 3 && sen.upper == 3)
        // Seasonal: within each of 12 seasons the slope per cycle is 36.
        #expect(try TrendTest.seasonalSenSlope(values, period: 12) == 36)
        let seasonal = try TrendTest.seasonalKendall(values, period: 12)
        var expectedS = 0.0
        for season in 0..<12 {
            let m = Double(stride(from: season, to: n, by: 12).underestimatedCount)
            expectedS += m * (m - 1) / 2
        }
        #expect(seasonal.s == expectedS)
    }

    /// Seasonal Sen slope on 3,000 random values with gaps equals the brute-force
    /// median of the within-season slopes (per cycle).
    @Test func seasonalSenEqualsBruteForce() throws {
        var rng = SplitMix64(seed: 9)
        let values: [Double] = (0..<3000).map { i in rng.nextUniform() < 0.1 ? .nan : (Double(i) * 0.3 + 50 * rng.nextUniform()).rounded() }
        var slopes: [Double] = []
        for season in 0..<12 {
            let idx = Array(stride(from: season, to: values.count, by: 12))
            for a in 0..<idx.count {
                for b in (a + 1)..<idx.count where !values[idx[a]].isNaN && !values[idx[b]].isNaN {
                    slopes.append((values[idx[b]] - values[idx[a]]) / Double(b - a))
                }
            }
        }
        slopes.sort()
        #expect(try TrendTest.seasonalSenSlope(values, period: 12) == bruteMedian(slopes))
        var s = 0.0
        for season in 0..<12 {
            s += bruteForceScore(stride(from: season, to: values.count, by: 12).map { values[$0] })
        }
        #expect(try TrendTest.seasonalKendall(values, period: 12).s == s)
    }

    /// The autocorrelations of the Hamed–Rao correction for long series come
    /// from an FFT: on 3,000 values with all lags they equal the direct sums
    /// `Σ_{t<n−k} y_t y_{t+k} / Σ y_t²` (written out here) to 1e-12.
    @Test func fftAutocorrelationsEqualDirectSums() throws {
        var rng = SplitMix64(seed: 12)
        let x = (0..<3000).map { i in Double(i % 17) + 5 * rng.nextUniform() }
        let rho = TrendTest.rankAutocorrelations(x, maxLag: 2999)
        #expect(rho.count == 3000)
        let mean = x.reduce(0, +) / 3000
        let y = x.map { $0 - mean }
        let c0 = y.reduce(0) { $0 + $1 * $1 }
        var worst = 0.0
        for k in stride(from: 0, to: 3000, by: 7) {
            var c = 0.0
            for t in 0..<(3000 - k) { c += y[t] * y[t + k] }
            worst = max(worst, abs(rho[k] - c / c0))
        }
        #expect(worst < 1e-12)
        // Hamed–Rao over all lags of a 10,000-point series runs (by FFT) and
        // finds the trend of a noisy line.
        let long = (0..<10_000).map { i in Double(i) * 0.001 + 10 * rng.nextUniform() }
        let hr = try TrendTest.hamedRao(long)
        #expect(hr.direction == .increasing && hr.varianceCorrection.isFinite)
    }

    /// Extreme values: huge and tiny magnitudes, constant series, n = 1, 2, all NaN.
    @Test func extremeValues() throws {
        // ±1e308 alternating: the differences overflow a naive computation.
        // By hand, the pairs (i, j) have slopes (0,1) −2e308, (0,2) 0, (0,3) −2e308/3,
        // (1,2) 2e308, (1,3) 0, (2,3) −2e308; sorted, the middle two are −2e308/3
        // and 0, so the median is −1e308/3 (finite), and S = −1 + 0 − 1 + 1 + 0 − 1 = −2.
        let big: [Double] = [1e308, -1e308, 1e308, -1e308]
        let sen = try TrendTest.senSlope(big)
        #expect(sen.slope.isFinite)
        #expect(abs(sen.slope - (-1e308 / 3)) <= 1e-15 * 1e308)
        #expect(try TrendTest.mannKendall(big).s == -2)
        // Tiny: x_t = t·1e-300; every slope is 1e-300 up to rounding of the values.
        let tiny = (0..<50).map { Double($0) * 1e-300 }
        #expect(abs(try TrendTest.senSlope(tiny).slope - 1e-300) <= 1e-300 * 1e-14)
        #expect(try TrendTest.mannKendall(tiny).direction == .increasing)
        // Constant: S = 0, slope 0.
        let constant = [Double](repeating: 7, count: 5000)
        #expect(try TrendTest.mannKendall(constant).s == 0)
        #expect(try TrendTest.senSlope(constant).slope == 0)
        // n = 1, 2 and all-NaN: typed errors (Sen needs 2 values, Mann–Kendall 3).
        #expect(throws: TrendError.tooFewValues(observed: 1, minimum: 2)) { try TrendTest.senSlope([1]) }
        #expect(try TrendTest.senSlope([1, 4]).slope == 3)
        #expect(throws: TrendError.tooFewValues(observed: 2, minimum: 3)) { try TrendTest.mannKendall([1, 4]) }
        #expect(throws: TrendError.tooFewValues(observed: 0, minimum: 3)) {
            try TrendTest.mannKendall([Double](repeating: .nan, count: 10))
        }
        #expect(throws: TrendError.tooFewValues(observed: 0, minimum: 2)) {
            try TrendTest.senSlope([Double](repeating: .nan, count: 10))
        }
        #expect(throws: TrendError.self) { try TrendTest.seasonalSenSlope([Double](repeating: .nan, count: 30), period: 12) }
        #expect(throws: TrendError.self) { try TrendTest.hamedRao([1, .nan, .nan]) }
        #expect(throws: TrendError.invalidParameter(name: "period", detail: "must be at least 2, got \(Int.min)")) {
            try TrendTest.seasonalKendall([1, 2, 3], period: .min)
        }
        // A period above the length leaves no pair in any season: an error, not 2·Int.max.
        #expect(throws: TrendError.self) { try TrendTest.seasonalKendall([1, 2, 3, 4], period: .max) }
    }
}

@Suite struct HostileBOCPDTests {
    /// A tiny truncation and an unbinding cap give exactly the unpruned
    /// posterior of the by-hand case in BOCPDTests (P(r = 0) = 0.25553377387149945).
    @Test func pruningAtTinyThresholdChangesNothing() throws {
        var d = try BayesianOnlineDetector(
            model: .poissonGamma(shape: 1, rate: 1), expectedRunLength: 2, truncation: 1e-300, maxRunLengths: 1000)
        _ = try d.update(3)
        let second = try d.update(5)
        #expect(abs(second.probabilities[0] - 0.25553377387149945) < 1e-12)
        #expect(second.droppedMass == 0)
    }

    /// The cap bounds the run lengths kept and the dropped mass is reported:
    /// with a cap of 5 on 200 stable counts, at most 5 run lengths remain, the
    /// probabilities still sum to 1 and some mass was dropped.
    @Test func capBoundsRunLengthsAndReportsDroppedMass() throws {
        var rng = SplitMix64(seed: 4)
        let y = (0..<200).map { _ in (rng.nextUniform() * 10).rounded() }
        let r = try BayesianOnlineDetector.run(
            y, model: .poissonGamma(shape: 1, rate: 0.2), expectedRunLength: 20, maxRunLengths: 5)
        for p in r.posteriors {
            #expect(p.runLengths.count <= 5)
            #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-9)
        }
        #expect(r.maxDroppedMass > 0 && r.maxDroppedMass < 1)
        #expect(throws: ChangePointError.self) {
            try BayesianOnlineDetector(model: .poissonGamma(shape: 1, rate: 1), maxRunLengths: 0)
        }
    }

    /// The minimum segment length is honoured: level shifts at 30, 33 and 80
    /// (a 3-point blip) with minimumSegmentLength 10 give no segment shorter than
    /// 10, while the default finds the change at 80.
    @Test func minimumSegmentLengthIsHonoured() throws {
        let y = [Double](repeating: 2, count: 30) + [Double](repeating: 40, count: 3)
            + [Double](repeating: 2, count: 47) + [Double](repeating: 30, count: 40)
        let model = OnlineChangePointModel.poissonGamma(shape: 1, rate: 0.2)
        let free = try BayesianOnlineDetector.run(y, model: model, expectedRunLength: 50)
        #expect(free.changepoints.contains(80))
        for m in [1, 5, 10, 25] {
            let r = try BayesianOnlineDetector.run(y, model: model, expectedRunLength: 50, minimumSegmentLength: m)
            let bounds = [0] + r.changepoints + [y.count]
            for (a, b) in zip(bounds, bounds.dropFirst()) { #expect(b - a >= m, "m = \(m): segment \(a)..<\(b)") }
        }
        let one = try BayesianOnlineDetector.run(y, model: model, minimumSegmentLength: 1000)
        #expect(one.changepoints.isEmpty)
        #expect(throws: ChangePointError.self) { try BayesianOnlineDetector.run(y, model: model, minimumSegmentLength: 0) }
    }

    /// 40,000 counts run with bounded memory: only the last posteriors are
    /// stored, each with at most the cap of run lengths, and the change at
    /// 20,000 is found.
    @Test func longSeriesIsBounded() throws {
        var rng = SplitMix64(seed: 8)
        let n = 40_000
        let y = (0..<n).map { i in (rng.nextUniform() * (i < 20_000 ? 4 : 40)).rounded() }
        let r = try BayesianOnlineDetector.run(
            y, model: .poissonGamma(shape: 1, rate: 0.1), expectedRunLength: 1000, maxRunLengths: 20, storedPosteriors: 50)
        #expect(r.posteriors.count == 50 && r.posteriors.first?.index == n - 50)
        #expect(r.changeProbability.count == n)
        #expect(r.changepoints.contains { abs($0 - 20_000) <= 2 })
    }

    /// Extreme values: huge Gaussian values, n = 1 and n = 2, and non-finite input.
    @Test func extremeValues() throws {
        let model = OnlineChangePointModel.normalGamma(mean: 0, kappa: 1, shape: 1, rate: 1)
        // Counts above 2^53 and Gaussian values beyond ±1e150 are refused by name.
        #expect(throws: ChangePointError.invalidParameter(
            name: "series", detail: "value 1e+308 at index 1 is above 2^53 = 9007199254740992.0, the largest count a double holds exactly")) {
            try BayesianOnlineDetector.run([5, 1e308], model: .poissonGamma(shape: 1, rate: 1))
        }
        #expect(throws: ChangePointError.self) {
            try BayesianOnlineDetector.run([5, 1e300], model: .negativeBinomialBeta(size: 2, alpha: 2, beta: 1))
        }
        #expect(throws: ChangePointError.self) { try BayesianOnlineDetector.run([0, -1e200], model: model) }
        // Counts at the top of the accepted range, tiny values and a constant series:
        // the posteriors stay probabilities (finite, summing to 1).
        for (series, m) in [
            ([9e15, 5, 9e15, 1e12, 0], OnlineChangePointModel.poissonGamma(shape: 1, rate: 1)),
            ([9e15, 5, 9e15, 0], .negativeBinomialBeta(size: 2, alpha: 2, beta: 1)),
            ([1e150, -1e150, 1e150, 3], model),
            ([1e-300, 2e-300, 1e-300, 3e-300], model),
            ([Double](repeating: 4, count: 300), model),
        ] {
            let r = try BayesianOnlineDetector.run(series, model: m)
            for p in r.posteriors {
                #expect(p.probabilities.allSatisfy { $0.isFinite && $0 >= 0 }, "\(series.prefix(4)) \(m)")
                #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-9, "\(series.prefix(4)) \(m)")
            }
        }
        #expect(try BayesianOnlineDetector.run([5], model: .poissonGamma(shape: 1, rate: 1)).changepoints.isEmpty)
        #expect(try BayesianOnlineDetector.run([5, 5], model: .poissonGamma(shape: 1, rate: 1)).changeProbability.count == 2)
        #expect(throws: ChangePointError.nonFinite(series: 0, index: 1)) {
            try BayesianOnlineDetector.run([1, .infinity], model: .poissonGamma(shape: 1, rate: 1))
        }
        #expect(throws: ChangePointError.missingValue(series: 0, index: 0)) {
            try BayesianOnlineDetector.run([.nan, .nan], model: model)
        }
    }
}
