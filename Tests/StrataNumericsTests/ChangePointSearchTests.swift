import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

/// Test-data draws on top of the project's ``SplitMix64``.
extension SplitMix64 {
    /// Standard normal by Box–Muller on half-open uniforms (the first clamped away from 0).
    mutating func normal() -> Double {
        let u = max(nextHalfOpenUniform(), 1e-300), v = nextHalfOpenUniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    /// Poisson by inversion (small means only).
    mutating func poisson(_ mean: Double) -> Double {
        let u = nextHalfOpenUniform()
        var k = 0.0, p = exp(-mean), c = p
        while u > c, k < 10_000 { k += 1; p *= mean / k; c += p }
        return k
    }
}

/// Piecewise-constant random series: a few random levels plus noise.
func randomSeries(_ rng: inout SplitMix64, length: Int, counts: Bool) -> [Double] {
    var y: [Double] = []
    var level = counts ? 1 + 10 * rng.nextHalfOpenUniform() : 3 * rng.normal()
    for _ in 0..<length {
        if rng.nextHalfOpenUniform() < 0.08 { level = counts ? 1 + 10 * rng.nextHalfOpenUniform() : 3 * rng.normal() }
        y.append(counts ? rng.poisson(level) : level + rng.normal())
    }
    if Set(y).count == 1 { y[0] += 1 }
    return y
}

/// Series that reach the edges of the costs: runs of zeros, exactly constant
/// stretches (floored variances for `normal-meanvar`), a high stretch then
/// mostly zeros, mixed with noisy stretches.
func edgeCaseSeries(_ rng: inout SplitMix64, length: Int, counts: Bool) -> [Double] {
    var y: [Double] = []
    while y.count < length {
        let run = 1 + Int(rng.next() % 12)
        let kind = rng.next() % 5
        let level = counts ? Double(rng.next() % 40) : 5 * rng.normal()
        let high = (1000 + 4000 * rng.nextHalfOpenUniform()).rounded()
        for _ in 0..<run where y.count < length {
            switch kind {
            case 0: y.append(0)
            case 1: y.append(counts ? level : level.rounded())
            case 2: y.append(counts ? rng.poisson(level / 4) : level + rng.normal())
            case 3: y.append(rng.next() % 9 == 0 ? 1 : 0)
            default: y.append(counts ? rng.poisson(high / 100) : (high + 30 * rng.normal()).rounded())
            }
        }
    }
    if Set(y).count == 1 { y[0] += 1 }
    return y
}

@Suite struct ChangePointSearchTests {
    // MARK: PELT equals optimal partitioning

    static let propertyCases: [(ChangePointCost, ChangePointPenalty, Int)] = [
        (.l2, .value(3), 1), (.l2, .bic, 2), (.l2, .value(0.5), 3),
        (.normalMean(variance: 1), .mbic, 1), (.normalMean(variance: 2), .aic, 2),
        (.normalMean(variance: nil), .hannanQuinn, 1),
        (.normalMeanVariance, .bic, 2), (.normalMeanVariance, .value(2), 3),
        (.poisson, .bic, 1), (.poisson, .mbic, 2), (.poisson, .value(1), 1),
        (.negativeBinomial(size: 3), .bic, 2), (.negativeBinomial(size: nil), .aic, 1),
        (.linearTrend(variance: 1), .bic, 2), (.linearTrend(variance: nil), .mbic, 3),
    ]

    /// 15 configurations × 160 seeded random series = 2080 comparisons of
    /// PELT with the unpruned dynamic program; both must agree exactly.
    @Test(arguments: 0..<propertyCases.count)
    func peltEqualsOptimalPartitioning(caseIndex: Int) throws {
        let (cost, penalty, minSize) = Self.propertyCases[caseIndex]
        var rng = SplitMix64(seed: 0xC0FFEE &+ UInt64(caseIndex))
        for trial in 0..<160 {
            let n = 2 * minSize + Int(rng.next() % 70)
            let y = randomSeries(&rng, length: n, counts: cost.isCountModel)
            let pelt = try ChangePointSearch.pelt(y, cost: cost, penalty: penalty, minimumSegmentLength: minSize)
            let op = try ChangePointSearch.optimalPartitioning(y, cost: cost, penalty: penalty, minimumSegmentLength: minSize)
            #expect(pelt.changepoints == op.changepoints, "trial \(trial), n \(n)")
            #expect(abs(pelt.fitCost - op.fitCost) <= 1e-9 * max(1, abs(op.fitCost)))
            let segments = pelt.segments
            #expect(segments.allSatisfy { $0.count >= minSize })
        }
    }

    /// The 15 configurations above and three more `normal-meanvar` ones × 160 seeded series
    /// built from runs of zeros, constant stretches, sparse ones next to high
    /// values (floored `normal-meanvar` variances) and noisy stretches: 2880 more
    /// comparisons; PELT must equal optimal partitioning.
    static let edgeCases: [(ChangePointCost, ChangePointPenalty, Int)] = propertyCases + [
        (.normalMeanVariance, .mbic, 2), (.normalMeanVariance, .aic, 2), (.normalMeanVariance, .hannanQuinn, 4),
    ]

    @Test(arguments: 0..<edgeCases.count)
    func peltEqualsOptimalPartitioningOnZerosAndConstantStretches(caseIndex: Int) throws {
        let (cost, penalty, minSize) = Self.edgeCases[caseIndex]
        var rng = SplitMix64(seed: 0xF100D &+ UInt64(caseIndex))
        for trial in 0..<160 {
            let n = 2 * minSize + Int(rng.next() % 60)
            let y = edgeCaseSeries(&rng, length: n, counts: cost.isCountModel)
            let pelt = try ChangePointSearch.pelt(y, cost: cost, penalty: penalty, minimumSegmentLength: minSize)
            let op = try ChangePointSearch.optimalPartitioning(y, cost: cost, penalty: penalty, minimumSegmentLength: minSize)
            let penalised = { (s: Segmentation) in s.fitCost + Double(s.changepoints.count) * s.penalty }
            #expect(abs(penalised(pelt) - penalised(op)) <= 1e-9 * max(1, abs(penalised(op))), "trial \(trial), n \(n), \(y)")
            #expect(pelt.changepoints == op.changepoints, "trial \(trial), n \(n)")
        }
    }

    /// The `normal-meanvar` cost of a floored segment is the minimised −2 log L under σ² ≥ v.
    /// y = (1, 1, 1, 1, 3, 5): mean 2, population variance (3·1 + 0 + 1 + 9)/6... written out:
    /// deviations −1,−1,−1,−1,1,3 → Σ = 14, σ² = 14/6, floor v = 1e-8 · 14/6.
    /// Segment 0..<4 (RSS = 0): 4 log 2π + 4 log v + 0/v.
    /// Segment 3..<5 (1, 3; RSS = 2, σ̂² = 1 ≥ v): 2 (log 2π + log 1 + 1).
    @Test func flooredMeanVarianceCostByHand() throws {
        let y: [Double] = [1, 1, 1, 1, 3, 5]
        let c = try PreparedCost(series: [y], cost: .normalMeanVariance, offsets: nil, lengthTerm: false)
        let v = 1e-8 * 14.0 / 6.0
        let flat = 4 * log(2 * Double.pi) + 4 * log(v)
        #expect(abs(c.cost(0, 4) - flat) < 1e-9 * abs(flat))
        #expect(abs(c.cost(3, 5) - 2 * (log(2 * Double.pi) + 1)) < 1e-12)
    }

    /// Brute force over every segmentation of a short series (2^(n−1)
    /// subsets) confirms the dynamic program itself, independently of PELT.
    @Test func optimalPartitioningMatchesBruteForce() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<40 {
            let n = 9
            let y = randomSeries(&rng, length: n, counts: false)
            let beta = 2.0
            var bestValue = Double.infinity
            var bestCps: [Int] = []
            for mask in 0..<(1 << (n - 1)) {
                let cps = (1..<n).filter { mask & (1 << ($0 - 1)) != 0 }
                let cuts = [0] + cps + [n]
                var value = 0.0
                for i in 0..<(cuts.count - 1) {
                    let seg = y[cuts[i]..<cuts[i + 1]]
                    let mean = seg.reduce(0, +) / Double(seg.count)
                    value += seg.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } + beta
                }
                if value < bestValue - 1e-12 { bestValue = value; bestCps = cps }
            }
            let op = try ChangePointSearch.optimalPartitioning(y, cost: .l2, penalty: .value(beta), minimumSegmentLength: 1)
            #expect(op.changepoints == bestCps)
        }
    }

    // MARK: ruptures golden outputs on TCPD

    struct TCPDSeries {
        var name: String
        var dimensions: [[Double]]
        var hasMissing: Bool
    }

    static func loadTCPD(_ name: String, folder: URL) -> TCPDSeries? {
        for sub in ["series", "unverified"] {
            let url = folder.appendingPathComponent(sub).appendingPathComponent("\(name).json")
            guard let data = try? Data(contentsOf: url),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let series = object["series"] as? [[String: Any]]
            else { continue }
            var dims: [[Double]] = []
            var missing = false
            for s in series {
                guard let raw = s["raw"] as? [Any] else { return nil }
                dims.append(raw.map { v in
                    if let d = v as? Double { return d }
                    if let i = v as? Int { return Double(i) }
                    missing = true
                    return .nan
                })
            }
            return TCPDSeries(name: name, dimensions: dims, hasMissing: missing)
        }
        return nil
    }

    /// z-score with the sample standard deviation (n − 1). The golden file
    /// was made this way: re-running ruptures 1.1.10 here reproduces every
    /// entry with `ddof=1`, while with `ddof=0` bank and construction (l2_bic) differ.
    static func zScored(_ y: [Double]) -> [Double] {
        let mean = y.reduce(0, +) / Double(y.count)
        let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count - 1)).squareRoot()
        return y.map { ($0 - mean) / sd }
    }

    /// ruptures 1.1.10 `Pelt(model="l2", min_size=2, jump=1).fit(z).predict(pen)`
    /// on every TCPD series, for the two penalties stored in
    /// `tcpd/ruptures_golden.json` (`l2_bic`, `l2_mbic3`). uk_coal_employ has
    /// missing values, which strata rejects, so it is skipped.
    @Test func peltMatchesRupturesOnTCPD() throws {
        guard let goldenURL = SharedData.file("data/tcpd/ruptures_golden.json") else { return }
        let folder = goldenURL.deletingLastPathComponent()
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: goldenURL)) as? [String: Any])
        var compared = 0
        for name in golden.keys.sorted() {
            guard let entry = golden[name] as? [String: Any] else { continue }
            guard let series = Self.loadTCPD(name, folder: folder) else {
                Issue.record("cannot read TCPD series \(name)")
                continue
            }
            if series.hasMissing { continue }
            let z = series.dimensions.map(Self.zScored)
            for config in ["l2_bic", "l2_mbic3"] {
                guard let run = entry[config] as? [String: Any], let pen = run["pen"] as? Double,
                    let expected = run["raw_cps"] as? [Int]
                else {
                    Issue.record("golden entry \(name)/\(config) malformed")
                    continue
                }
                let got = try ChangePointSearch.pelt(
                    multivariate: z, cost: .l2, penalty: .value(pen), minimumSegmentLength: 2)
                #expect(got.changepoints == expected, "\(name) \(config)")
                compared += 1
            }
        }
        #expect(compared >= 78)
    }

    // MARK: Costs by hand

    /// Poisson with offsets, y = (2, 4, 6), f = (1, 2, 3): S = 12, F = 6,
    /// λ̂ = 2, cost = 2(S − S log(S/F)) = 24 − 24 ln 2 = 7.364467666561314.
    /// Also checked against −2 Σ [y log(λ̂ f) − λ̂ f] + 2 Σ y log f (the full
    /// log-likelihood without the log y! terms, which add a constant).
    @Test func poissonOffsetCostByHand() throws {
        let y = [2.0, 4, 6], f = [1.0, 2, 3]
        let c = try PreparedCost(series: [y], cost: .poisson, offsets: [f], lengthTerm: false)
        #expect(abs(c.cost(0, 3) - 7.364467666561314) < 1e-12)
        var direct = 0.0
        for i in 0..<3 { direct += -2 * (y[i] * log(2 * f[i]) - 2 * f[i]) + 2 * y[i] * log(f[i]) }
        #expect(abs(c.cost(0, 3) - direct) < 1e-12)
        // The level maximises the likelihood: any other λ gives a larger −2 log L.
        for lambda in [1.9, 2.1] {
            var other = 0.0
            for i in 0..<3 { other += -2 * (y[i] * log(lambda * f[i]) - lambda * f[i]) + 2 * y[i] * log(f[i]) }
            #expect(other > direct)
        }
        // Sub-segment y = (4, 6), f = (2, 3): S = 10, F = 5, cost = 20 − 20 ln 2.
        #expect(abs(c.cost(1, 3) - (20 - 20 * log(2.0))) < 1e-12)
    }

    /// Negative binomial, y = (1, 3), size r = 2, no offsets: μ̂ = 2 and
    /// −2 Σ [r log(r/(r+μ)) + y log(μ/(r+μ))] = −2 (2 + 2·2... ) = 16 ln 2.
    /// With offsets f = (1, 3) and y = (1, 3): S = 4, F = 4, λ = 1, sizes r f,
    /// −2 [r F log(r/(r+λ)) + S log(λ/(r+λ))] = −2 [8 ln(2/3) + 4 ln(1/3)].
    @Test func negativeBinomialCostByHand() throws {
        let c = try PreparedCost(series: [[1, 3]], cost: .negativeBinomial(size: 2), offsets: nil, lengthTerm: false)
        #expect(abs(c.cost(0, 2) - 16 * log(2.0)) < 1e-12)
        let o = try PreparedCost(series: [[1, 3]], cost: .negativeBinomial(size: 2), offsets: [[1, 3]], lengthTerm: false)
        #expect(abs(o.cost(0, 2) - (-2 * (8 * log(2.0 / 3) + 4 * log(1.0 / 3)))) < 1e-12)
    }

    /// Gaussian costs on y = (1, 2, 6): mean 3, Σ(y − ȳ)² = 4 + 1 + 9 = 14.
    /// normal mean with σ² = 2: 7; meanvar: 3 (ln 2π + ln(14/3) + 1);
    /// l2: 14; MBIC length term adds ln 3.
    @Test func gaussianCostsByHand() throws {
        let y = [1.0, 2, 6, 0]
        let l2 = try PreparedCost(series: [y], cost: .l2, offsets: nil, lengthTerm: false)
        #expect(abs(l2.cost(0, 3) - 14) < 1e-12)
        let nm = try PreparedCost(series: [y], cost: .normalMean(variance: 2), offsets: nil, lengthTerm: true)
        #expect(abs(nm.cost(0, 3) - (7 + log(3.0))) < 1e-12)
        let mv = try PreparedCost(series: [y], cost: .normalMeanVariance, offsets: nil, lengthTerm: false)
        #expect(abs(mv.cost(0, 3) - 3 * (log(2 * Double.pi) + log(14.0 / 3) + 1)) < 1e-12)
    }

    /// Linear trend, y = (1, 3, 2, 5) at t = 0…3: t̄ = 1.5, ȳ = 2.75,
    /// Stt = 5, Sty = 2.625 − 0.125 − 0.375 + 3.375 = 5.5, Syy = 8.75,
    /// RSS = 8.75 − 5.5²/5 = 2.7, over σ² = 2: 1.35. Segment (3, 2, 5):
    /// Stt = 2, Sty = 1/3 + 5/3 = 2, Syy = 42/9, RSS = 14/3 − 2 = 8/3.
    /// Any two points lie on a line: RSS 0.
    @Test func linearTrendCostByHand() throws {
        let c = try PreparedCost(series: [[1, 3, 2, 5]], cost: .linearTrend(variance: 2), offsets: nil, lengthTerm: false)
        #expect(abs(c.cost(0, 4) - 1.35) < 1e-12)
        #expect(abs(c.cost(1, 4) - 8.0 / 6) < 1e-12)
        #expect(abs(c.cost(2, 4)) < 1e-12)
        // A broken line is split where the slope changes.
        var y: [Double] = []
        for t in 0..<40 {
            let line: Double = t < 20 ? Double(t) : 20 - 2 * Double(t - 20)
            let jitter: Double = t % 2 == 0 ? 0.1 : -0.1
            y.append(line + jitter)
        }
        let s = try ChangePointSearch.pelt(y, cost: .linearTrend(variance: 0.01), penalty: .bic)
        #expect(s.changepoints == [20] || s.changepoints == [21])
    }

    /// Robust variance of y = (0, 1, 0, 1, 10, 11, 10, 11): differences
    /// (1, −1, 1, 9, 1, −1, 1), median 1, absolute deviations
    /// (0, 2, 0, 8, 0, 2, 0), MAD 0 → fallback mean(Δy²)/2 = (6·1 + 81)/7/2 = 87/14.
    @Test func robustVarianceByHand() {
        let v = ChangePointCost.robustVariance([0, 1, 0, 1, 10, 11, 10, 11])
        #expect(abs(v - 87.0 / 14) < 1e-12)
        // One difference: Δ = 3, MAD 0, fallback 9/2.
        #expect(ChangePointCost.robustVariance([1, 4]) == 4.5)
        // y = (0, 1, 3, 6, 10, 15): Δ = (1, 2, 3, 4, 5), median 3, MAD = median(2,1,0,1,2) = 1,
        // σ = 1.4826, variance 1.4826²/2.
        #expect(abs(ChangePointCost.robustVariance([0, 1, 3, 6, 10, 15]) - 1.4826 * 1.4826 / 2) < 1e-12)
    }

    // MARK: Seasonal offsets

    /// Counts that follow a seasonal pattern exactly (y = 20 f) have no level
    /// change once the pattern is an offset; ignoring it, PELT splits the seasons.
    @Test func seasonalOffsetsRemoveSpuriousChanges() throws {
        let pattern = [0.5, 0.5, 0.5, 1.5, 1.5, 1.5]
        let f = (0..<48).map { pattern[$0 % 6] }
        let y = f.map { 20 * $0 }
        let with = try ChangePointSearch.pelt(y, cost: .poisson, penalty: .bic, offsets: f)
        #expect(with.changepoints.isEmpty)
        let without = try ChangePointSearch.pelt(y, cost: .poisson, penalty: .bic)
        #expect(!without.changepoints.isEmpty)
        // A doubling of the level at index 24 is found with the offsets.
        let stepped = y.indices.map { $0 < 24 ? y[$0] : 2 * y[$0] }
        let step = try ChangePointSearch.pelt(stepped, cost: .poisson, penalty: .bic, offsets: f)
        #expect(step.changepoints == [24])
        let summary = try step.summaries(of: stepped, offsets: f)
        #expect(abs(summary[0].level - 20) < 1e-12)
        #expect(abs(summary[1].level - 40) < 1e-12)
        #expect(abs((summary[1].ratioToPrevious ?? 0) - 2) < 1e-12)
    }

    // MARK: Penalties

    /// R changepoint 2.2.4 `penalty_decision` (R/penalty_decision.R), `diffparam` = p:
    /// BIC `(diffparam+1)*log(n)`, MBIC `(diffparam+2)*log(n)`, AIC `2*(diffparam+1)`,
    /// Hannan-Quinn `2*(diffparam+1)*log(log(n))`. Evaluated in R 4.2.2 for n = 100:
    /// `for (p in 1:2) sprintf("%.17g", c((p+1)*log(n), (p+2)*log(n), 2*(p+1), 2*(p+1)*log(log(n))))`
    /// p = 1: 9.2103403719761836 13.815510557964275 4 6.1087185032316045
    /// p = 2: 13.815510557964275 18.420680743952367 6 9.1630777548474072
    @Test func penaltyFormulas() throws {
        let expected: [Int: [Double]] = [
            1: [9.2103403719761836, 13.815510557964275, 4, 6.1087185032316045],
            2: [13.815510557964275, 18.420680743952367, 6, 9.1630777548474072],
        ]
        for p in 1...2 {
            let penalties: [ChangePointPenalty] = [.bic, .mbic, .aic, .hannanQuinn]
            for (k, penalty) in penalties.enumerated() {
                let got = try penalty.value(length: 100, parameters: p)
                #expect(abs(got - (expected[p]?[k] ?? .nan)) < 1e-12, "\(penalty.name) p = \(p)")
            }
        }
        // normal-meanvar with the default MBIC: R cpt.meanvar uses (2+2)·log(n), not 6·log(n).
        var rng = SplitMix64(seed: 3)
        let y = (0..<100).map { _ in rng.normal() }
        let s = try ChangePointSearch.pelt(y, cost: .normalMeanVariance, penalty: .mbic)
        #expect(abs(s.penalty - 18.420680743952367) < 1e-12)
        #expect(try ChangePointPenalty.value(7.5).value(length: 100, parameters: 1) == 7.5)
        #expect(throws: ChangePointError.self) { try ChangePointPenalty.value(-1).value(length: 10, parameters: 1) }
        #expect(ChangePointPenalty(name: "hannan-quinn") == .hannanQuinn)
        #expect(ChangePointPenalty(name: "12.5") == .value(12.5))
        #expect(ChangePointPenalty(name: "-3") == nil)
        #expect(ChangePointPenalty(name: "abc") == nil)
    }

    // MARK: Binary segmentation

    /// y = (0,0,0,0,10,10,10,10), l2: the whole-series cost is 8·25 = 200 and
    /// the split at 4 costs 0, gain 200 > β = 1: one change at 4, then no
    /// split reduces the cost.
    @Test func binarySegmentationByHand() throws {
        let y: [Double] = [0, 0, 0, 0, 10, 10, 10, 10]
        let s = try ChangePointSearch.binarySegmentation(y, cost: .l2, penalty: .value(1), minimumSegmentLength: 1)
        #expect(s.changepoints == [4])
        #expect(s.fitCost == 0)
        // Two steps: Q = 1 keeps only the larger one (gain 0→20 at 6 is larger).
        let z: [Double] = [0, 0, 0, 1, 1, 1, 21, 21, 21]
        let q1 = try ChangePointSearch.binarySegmentation(z, cost: .l2, penalty: .value(0.1), minimumSegmentLength: 1, maximumChangepoints: 1)
        #expect(q1.changepoints == [6])
        let q2 = try ChangePointSearch.binarySegmentation(z, cost: .l2, penalty: .value(0.1), minimumSegmentLength: 1)
        #expect(q2.changepoints == [3, 6])
    }

    // MARK: CROPS

    /// CROPS must list exactly the segmentations PELT returns on a dense grid
    /// of penalties, each optimal over its stated penalty range.
    @Test func cropsMatchesPenaltyGrid() throws {
        var rng = SplitMix64(seed: 11)
        let levels = [0.0, 3, 1, 5]
        let y = (0..<120).map { levels[$0 / 30] + rng.normal() }
        let path = try ChangePointSearch.crops(y, cost: .normalMean(variance: 1), penalties: 1...400)
        #expect(path.count >= 3)
        let counts = path.map(\.changepoints.count)
        #expect(counts == counts.sorted(by: >))
        for beta in stride(from: 1.0, through: 400, by: 3.7) {
            let pelt = try ChangePointSearch.pelt(y, cost: .normalMean(variance: 1), penalty: .value(beta))
            let entry = path.first { beta >= $0.penaltyLower - 1e-9 && beta <= $0.penaltyUpper + 1e-9 }
            #expect(entry?.changepoints == pelt.changepoints, "β = \(beta)")
        }
        #expect(path.first?.penaltyLower == 1)
        #expect(path.last?.penaltyUpper == 400)
    }

    // MARK: Multivariate

    /// A change in only one of two series is found by the joint search, and
    /// the joint cost is the sum of the per-series costs.
    @Test func multivariateSharedChange() throws {
        var rng = SplitMix64(seed: 5)
        let a = (0..<60).map { ($0 < 30 ? 0.0 : 4.0) + rng.normal() }
        let b = (0..<60).map { _ in rng.normal() }
        let s = try ChangePointSearch.pelt(multivariate: [a, b], cost: .normalMean(variance: 1), penalty: .bic)
        #expect(s.changepoints == [30])
        let ca = try PreparedCost(series: [a], cost: .l2, offsets: nil, lengthTerm: false)
        let cb = try PreparedCost(series: [b], cost: .l2, offsets: nil, lengthTerm: false)
        let cab = try PreparedCost(series: [a, b], cost: .l2, offsets: nil, lengthTerm: false)
        #expect(abs(cab.cost(3, 41) - ca.cost(3, 41) - cb.cost(3, 41)) < 1e-9)
        #expect(throws: ChangePointError.lengthMismatch(expected: 60, found: 59, series: 1)) {
            try ChangePointSearch.pelt(multivariate: [a, Array(b.dropLast())], cost: .l2, penalty: .bic)
        }
    }

    // MARK: Automatic cost

    @Test func automaticCostChoice() {
        var rng = SplitMix64(seed: 3)
        let poisson = (0..<200).map { _ in rng.poisson(5) }
        #expect(ChangePointCost.automatic(for: poisson) == .poisson)
        // Overdispersed: Poisson with a gamma-distributed (exponential) mean per observation.
        let over = (0..<200).map { _ in rng.poisson(-8 * log(max(rng.nextHalfOpenUniform(), 1e-12))) }
        #expect(ChangePointCost.automatic(for: over) == .negativeBinomial(size: nil))
        #expect(ChangePointCost.automatic(for: [1.5, 2, 3]) == .normalMean(variance: nil))
        #expect(ChangePointCost.automatic(for: [-1, 2, 3]) == .normalMean(variance: nil))
    }

    // MARK: Bad input

    @Test func badInputIsRejected() {
        #expect(throws: ChangePointError.missingValue(series: 0, index: 2)) {
            try ChangePointSearch.pelt([1, 2, .nan, 4, 5], cost: .l2, penalty: .bic)
        }
        #expect(throws: ChangePointError.nonFinite(series: 0, index: 1)) {
            try ChangePointSearch.pelt([1, .infinity, 3, 4], cost: .l2, penalty: .bic)
        }
        #expect(throws: ChangePointError.negativeCount(series: 0, index: 3, value: -1)) {
            try ChangePointSearch.pelt([1, 2, 3, -1, 5], cost: .poisson, penalty: .bic)
        }
        #expect(throws: ChangePointError.constantSeries(series: 0)) {
            try ChangePointSearch.pelt([4, 4, 4, 4, 4], cost: .normalMean(), penalty: .bic)
        }
        #expect(throws: ChangePointError.tooShort(length: 5, minimumSegmentLength: 3)) {
            try ChangePointSearch.pelt([1, 2, 3, 4, 5], cost: .l2, penalty: .bic, minimumSegmentLength: 3)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4, 5], cost: .l2, penalty: .bic, minimumSegmentLength: 0)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4, 5], cost: .normalMeanVariance, penalty: .bic, minimumSegmentLength: 1)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4], cost: .l2, penalty: .bic, offsets: [1, 1, 1, 1])
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4], cost: .poisson, penalty: .bic, offsets: [1, 0, 1, 1])
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.pelt([1, 2, 3, 4], cost: .normalMean(variance: -1), penalty: .bic)
        }
        #expect(throws: ChangePointError.noSeries) {
            try ChangePointSearch.pelt(multivariate: [], cost: .l2, penalty: .bic)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.binarySegmentation([1, 2, 3, 4], cost: .l2, penalty: .bic, maximumChangepoints: -1)
        }
        #expect(throws: ChangePointError.self) {
            try ChangePointSearch.crops([1, 2, 3, 4], cost: .l2, penalties: -1...3)
        }
    }
}
