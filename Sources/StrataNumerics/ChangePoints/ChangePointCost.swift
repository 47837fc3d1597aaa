import Foundation

/// The segment model whose fit a change-point search trades against the penalty.
///
/// Every cost is twice the negative maximised log-likelihood of one segment,
/// up to terms that depend on the data only (and so add the same constant to
/// every segmentation), as in R's `changepoint` package (Killick & Eckley
/// 2014). Each is evaluated in O(1) per segment from cumulative sums.
///
/// | case | segment cost for `y[a..<b]`, `m = b − a` | parameters per segment |
/// | --- | --- | --- |
/// | ``normalMean(variance:)`` | `Σ(y − ȳ)² / σ²` | 1 |
/// | ``normalMeanVariance`` | `m (log 2π + log σ̂² + 1)`, `σ̂² = Σ(y − ȳ)²/m`; below the floor `v`: `m log 2π + m log v + RSS/v` | 2 |
/// | ``poisson`` | `2 (S − S log(S/F))`, `S = Σy`, `F = Σf` (0 when `S = 0`) | 1 |
/// | ``negativeBinomial(size:)`` | `2 (r F log(1 + λ/r) − S log(λ/(r + λ)))`, `λ = S/F` | 1 |
/// | ``l2`` | `Σ(y − ȳ)²` (ruptures' `CostL2`) | 1 |
/// | ``linearTrend(variance:)`` | `RSS / σ²` of a least-squares line through the segment | 2 |
///
/// `f` is the per-observation expected-count factor (the seasonal offset,
/// 1 when none is given): the counts of a segment with level `λ` have mean
/// `λ f_t`. For the negative binomial the factor scales the size as well
/// (`y_t ~ NB(mean λ f_t, size r f_t)`), so the variance-to-mean ratio
/// `1 + λ/r` is constant within a segment and the maximum-likelihood level is
/// still `λ = S/F`; without offsets this is the ordinary NB with size `r`
/// (variance `μ + μ²/r`).
public enum ChangePointCost: Sendable, Codable, Equatable, Hashable {
    /// Gaussian change in mean with a common variance `σ²`; `nil` estimates it
    /// robustly as `(1.4826 · MAD(Δy))² / 2` from the first differences `Δy`
    /// (falling back to `mean(Δy²)/2` when the MAD is 0), which
    /// level shifts barely affect.
    case normalMean(variance: Double? = nil)
    /// Gaussian change in mean and variance. The variance of a segment is
    /// floored at `v = 1e-8` times the series variance so that exactly flat
    /// stretches do not give `−∞`; a segment whose `σ̂² = RSS/m` is below the
    /// floor is charged the correctly minimised `−2 log L` under `σ² ≥ v`,
    /// `m log 2π + m log v + RSS/v`, so the cost stays a maximised likelihood
    /// and PELT stays exact. (R `changepoint` floors `σ̂²` at `1e-11` and charges
    /// `m(log 2π + log 1e-11 + 1)`, which is not a minimised likelihood.)
    case normalMeanVariance
    /// Poisson change in rate (counts; offsets allowed).
    case poisson
    /// Negative binomial change in mean with size (inverse dispersion) `r`;
    /// `nil` estimates it by ``ChangePointCost/estimatedNegativeBinomialSize(_:offsets:)``.
    case negativeBinomial(size: Double? = nil)
    /// Sum of squared deviations from the segment mean (ruptures `l2`).
    case l2
    /// Gaussian change in level and slope: each segment is fitted by its own
    /// least-squares line (not joined to its neighbours) and costs its
    /// residual sum of squares over `σ²`; `nil` estimates `σ²` robustly from
    /// the first differences as ``normalMean(variance:)`` does. Library only
    /// (not offered by the command line); used by the TCPD evaluation.
    case linearTrend(variance: Double? = nil)

    /// The name used on the command line and in JSON output
    /// (`normal-mean`, `normal-meanvar`, `poisson`, `negbin`, `l2`).
    public var name: String {
        switch self {
        case .normalMean: return "normal-mean"
        case .normalMeanVariance: return "normal-meanvar"
        case .poisson: return "poisson"
        case .negativeBinomial: return "negbin"
        case .l2: return "l2"
        case .linearTrend: return "linear-trend"
        }
    }

    /// Parameters that change at each change point (R `changepoint`'s
    /// `diffparam`): 2 for ``normalMeanVariance`` and ``linearTrend(variance:)``, 1 otherwise.
    public var parametersPerSegment: Int {
        switch self {
        case .normalMeanVariance, .linearTrend: return 2
        default: return 1
        }
    }

    /// Whether the cost models counts (and so rejects negative values and accepts offsets).
    public var isCountModel: Bool {
        switch self {
        case .poisson, .negativeBinomial: return true
        default: return false
        }
    }

    /// The smallest segment the model can fit: 2 for ``normalMeanVariance``
    /// and ``linearTrend(variance:)``, 1 otherwise.
    public var smallestSegment: Int { parametersPerSegment == 2 ? 2 : 1 }

    /// Largest size used for the negative binomial; an estimate above it (no
    /// overdispersion) is capped here, where the cost equals the Poisson cost
    /// up to a constant within rounding.
    public static let maximumNegativeBinomialSize = 1e10

    /// Robust estimate of the size `r` of a negative binomial whose mean may shift.
    ///
    /// Working on `e_t = y_t / f_t` (the counts divided by their offsets, or
    /// the counts themselves), the first differences remove level shifts:
    /// `D = Σ(e_t − e_{t−1})² / (2(n − 1))` estimates the within-segment
    /// variance `μ + μ²/r`, `ē` the mean and `M = mean(e_t e_{t−1})` the
    /// squared mean `μ²`. The method-of-moments size is `r = M / (D − ē)`,
    /// capped at ``maximumNegativeBinomialSize`` when `D ≤ ē` (no
    /// overdispersion). With offsets the estimate ignores the factor's effect
    /// on the variance (approximate).
    ///
    /// - Parameters:
    ///   - counts: non-negative counts, at least 2, no NaN.
    ///   - offsets: optional positive expected-count factors, one per count.
    /// - Returns: the size `r > 0`.
    /// - Complexity: O(n), no allocation beyond the ratios.
    public static func estimatedNegativeBinomialSize(_ counts: [Double], offsets: [Double]? = nil) -> Double {
        var e = counts
        if let offsets, offsets.count == counts.count {
            for i in e.indices { e[i] /= offsets[i] }
        }
        guard e.count >= 2 else { return maximumNegativeBinomialSize }
        var d = 0.0, m = 0.0, mean = 0.0
        for i in e.indices { mean += e[i] }
        mean /= Double(e.count)
        for i in 1..<e.count {
            let diff = e[i] - e[i - 1]
            d += diff * diff
            m += e[i] * e[i - 1]
        }
        d /= 2 * Double(e.count - 1)
        m /= Double(e.count - 1)
        let excess = d - mean
        guard excess > 0, m > 0 else { return maximumNegativeBinomialSize }
        return min(max(m / excess, 1e-6), maximumNegativeBinomialSize)
    }

    /// Difference-based dispersion index `D / ē` of counts (see
    /// ``estimatedNegativeBinomialSize(_:offsets:)``): about 1 for Poisson
    /// counts whatever their level shifts, larger when overdispersed.
    ///
    /// - Complexity: O(n).
    public static func dispersionIndex(_ counts: [Double]) -> Double {
        guard counts.count >= 2 else { return .nan }
        var d = 0.0, mean = 0.0
        for v in counts { mean += v }
        mean /= Double(counts.count)
        for i in 1..<counts.count {
            let diff = counts[i] - counts[i - 1]
            d += diff * diff
        }
        d /= 2 * Double(counts.count - 1)
        return mean > 0 ? d / mean : .nan
    }

    /// Robust lag-one autocorrelation of the noise of a series with level
    /// shifts, from the ratio of the spreads of its lag-2 and lag-1 differences
    /// (Chakar, Lebarbier, Lévy-Leduc & Robin 2017, "A robust approach for
    /// estimating change-points in the mean of an AR(1) process", Bernoulli 23):
    /// for stationary AR(1) noise `Var(y_{t+2} − y_t) / Var(y_{t+1} − y_t) = 1 + ρ`,
    /// and level shifts barely move the medians, so
    /// `ρ̂ = (MAD(Δ₂y) / MAD(Δ₁y))² − 1`, clamped to `[0, 0.95]` (negative
    /// estimates are treated as no autocorrelation, so the correction never
    /// makes the penalty smaller; the upper clamp keeps the long-run variance finite).
    /// When a MAD is 0 the root mean squares of the centred differences are used instead.
    ///
    /// - Parameter y: the series; non-finite values are skipped in the differences.
    /// - Returns: `ρ̂` in `[0, 0.95]`; 0 for fewer than 4 values.
    /// - Complexity: O(n log n) (medians).
    public static func robustAutocorrelation(_ y: [Double]) -> Double {
        guard y.count >= 4 else { return 0 }
        func spread(_ lag: Int) -> Double {
            var d: [Double] = []
            d.reserveCapacity(y.count - lag)
            for i in lag..<y.count where y[i].isFinite && y[i - lag].isFinite { d.append(y[i] - y[i - lag]) }
            guard !d.isEmpty else { return 0 }
            let med = SampleStatistics.median(d)
            let mad = SampleStatistics.median(d.map { abs($0 - med) })
            if mad > 0 { return mad }
            var ss = 0.0
            for v in d { ss += (v - med) * (v - med) }
            return (ss / Double(d.count)).squareRoot()
        }
        let s1 = spread(1), s2 = spread(2)
        guard s1 > 0, s2.isFinite else { return 0 }
        let rho = (s2 / s1) * (s2 / s1) - 1
        return rho.isFinite ? min(max(rho, 0), 0.95) : 0
    }

    /// Robust long-run (autocorrelation-corrected) noise variance of a series
    /// with level shifts, under AR(1) noise:
    /// `σ²_LR = σ² (1 + ρ) / (1 − ρ) = v (1 + ρ) / (1 − ρ)²`, with
    /// `v = ` ``robustVariance(_:)`` (which estimates `Var(Δy)/2 = σ²(1 − ρ)`) and
    /// `ρ = ` ``robustAutocorrelation(_:)``.
    ///
    /// The variance of the mean of `m` autocorrelated observations is about
    /// `σ²_LR / m`, not `σ² / m`, so a Gaussian change-in-mean (or level-and-slope)
    /// cost scaled by `σ²_LR` gives a likelihood-ratio statistic with its
    /// nominal null behaviour under AR(1) noise, and the usual penalties keep
    /// their meaning (Lavielle & Moulines 2000, J. Time Ser. Anal. 21; Chakar et
    /// al. 2017). With `ρ = 0` it equals ``robustVariance(_:)``.
    ///
    /// - Parameters:
    ///   - y: the series.
    ///   - maximumAutocorrelation: an upper clamp on `ρ̂` (below the `0.95` of
    ///     ``robustAutocorrelation(_:)``; values above 0.95 have no effect). A smooth
    ///     seasonal or trending component inflates `ρ̂` toward its clamp, and the factor
    ///     `(1 + ρ)/(1 − ρ)²` grows without bound (780 at 0.95, 11.3 at 0.7).
    /// - Returns: the variance (0 only for a constant series).
    /// - Complexity: O(n log n).
    public static func robustLongRunVariance(_ y: [Double], maximumAutocorrelation: Double = 0.95) -> Double {
        let finite = y.filter(\.isFinite)
        let v = robustVariance(finite)
        let cap = maximumAutocorrelation.isFinite ? max(maximumAutocorrelation, 0) : 0.95
        let rho = min(robustAutocorrelation(y), cap)
        return v * (1 + rho) / ((1 - rho) * (1 - rho))
    }

    /// Difference-based noise variance of a series with level shifts: half the sample
    /// variance of the first differences (after Rice 1984, "Bandwidth choice for
    /// nonparametric regression", Ann. Statist. 12, whose `Σ(Δy)²/(2(n − 1))` this centres, so
    /// that a trend's slope is not counted as noise), which estimates `Var(Δy)/2`, i.e.
    /// `σ²(1 − ρ)` for stationary noise with variance `σ²` and lag-one autocorrelation `ρ`.
    /// A few isolated abrupt breaks are set aside first (``isolatedBreaks(_:)``: a Bonferroni
    /// outlier test on the differences, generalised ESD, Rosner 1983, at most `⌊√m⌋` of the `m`
    /// differences, and none when more would go, because then the extremes are a heavy tail,
    /// not breaks).
    ///
    /// Unlike ``robustVariance(_:)`` (the MAD of the differences), it is consistent whatever
    /// the shape of the noise: the MAD measures `σ` only for Gaussian noise, and is far too
    /// small for heavy tails, volatility clusters or a series that mostly stays put and moves
    /// in jumps (for noise that is 0 in 70 % of steps and Gaussian otherwise it is about 300
    /// times too small), which makes a Gaussian cost treat every large move as a change. The
    /// penalties' calibration (the invariance principle behind the likelihood-ratio statistic)
    /// needs the variance itself.
    ///
    /// - Parameter y: the series; pairs with a non-finite value are skipped.
    /// - Returns: the variance; 0 for fewer than 2 finite pairs or a constant series.
    /// - Complexity: O(n log n).
    public static func differenceVariance(_ y: [Double]) -> Double {
        differenceSpread(y, lag: 1, excluding: isolatedBreaks(y)) / 2
    }

    /// Lag-one autocorrelation of the noise from the variances of its lag-2 and lag-1
    /// differences: for stationary AR(1) noise `Var(Δ₂y) / Var(Δ₁y) = 1 + ρ`, so
    /// `ρ̂ = Var(Δ₂y) / Var(Δ₁y) − 1`, clamped to `[0, 0.95]`, both variances without the
    /// differences across the ``isolatedBreaks(_:)`` (as in ``differenceVariance(_:)``) (the moment counterpart of
    /// ``robustAutocorrelation(_:)``, Chakar et al. 2017, which uses MADs and shares their
    /// Gaussian-only calibration).
    ///
    /// - Parameter y: the series; pairs with a non-finite value are skipped.
    /// - Returns: `ρ̂` in `[0, 0.95]`; 0 for fewer than 4 values or a constant series.
    /// - Complexity: O(n log n).
    public static func differenceAutocorrelation(_ y: [Double]) -> Double {
        guard y.count >= 4 else { return 0 }
        let breaks = isolatedBreaks(y)
        let s1 = differenceSpread(y, lag: 1, excluding: breaks), s2 = differenceSpread(y, lag: 2, excluding: breaks)
        guard s1 > 0, s1.isFinite, s2.isFinite else { return 0 }
        let rho = s2 / s1 - 1
        return rho.isFinite ? min(max(rho, 0), 0.95) : 0
    }

    /// Long-run (autocorrelation-corrected) noise variance from the differences' variances,
    /// under AR(1) noise: `σ²_LR = v (1 + ρ) / (1 − ρ)²` with `v = ` ``differenceVariance(_:)``
    /// and `ρ = ` ``differenceAutocorrelation(_:)`` clamped at `maximumAutocorrelation`
    /// (Lavielle & Moulines 2000; the variance of the mean of `m` AR(1) observations is about
    /// `σ²_LR / m`). The moment counterpart of ``robustLongRunVariance(_:maximumAutocorrelation:)``,
    /// and the one ``ChangePointSearch/Configuration/automatic(for:offsets:)`` uses, on the
    /// winsorised series (see ``ChangePointSearch/winsorized(_:threshold:)``).
    ///
    /// - Parameters:
    ///   - y: the series.
    ///   - maximumAutocorrelation: the upper clamp on `ρ̂` (at most 0.95).
    ///   - changepoints: known change points (segment starts); differences across them are
    ///     left out. Empty by default.
    /// - Returns: the variance (0 only for a constant series).
    /// - Complexity: O(n log n).
    public static func longRunVariance(
        _ y: [Double], maximumAutocorrelation: Double = 0.95, changepoints: [Int] = []
    ) -> Double {
        let breaks = changepoints + isolatedBreaks(y)
        let s1 = differenceSpread(y, lag: 1, excluding: breaks)
        let s2 = differenceSpread(y, lag: 2, excluding: breaks)
        let v = s1 / 2
        guard s1 > 0, s1.isFinite else { return v.isFinite ? v : 0 }
        let cap = maximumAutocorrelation.isFinite ? min(max(maximumAutocorrelation, 0), 0.95) : 0.95
        let raw = s2 / s1 - 1
        let rho = raw.isFinite && y.count >= 4 ? min(max(raw, 0), cap) : 0
        return v * (1 + rho) / ((1 - rho) * (1 - rho))
    }

    /// Sample variance (centred, divisor `m − 1`, so a trend's slope is not counted as noise)
    /// of the `m` differences `y[t] − y[t − lag]` over the pairs where both are finite and no
    /// break `c` (a segment start) lies in `(t − lag, t]`; 0 for fewer than 2 pairs.
    static func differenceSpread(_ y: [Double], lag: Int, excluding breaks: [Int] = []) -> Double {
        guard lag > 0, y.count > lag else { return 0 }
        var differences: [Double] = []
        differences.reserveCapacity(y.count - lag)
        var next = 0
        let starts = breaks.sorted()
        for i in lag..<y.count where y[i].isFinite && y[i - lag].isFinite {
            while next < starts.count && starts[next] <= i - lag { next += 1 }
            if next < starts.count && starts[next] <= i { continue }
            differences.append(y[i] - y[i - lag])
        }
        guard differences.count >= 2 else { return 0 }
        let mean = differences.reduce(0, +) / Double(differences.count)
        var ss = 0.0
        for d in differences { ss += (d - mean) * (d - mean) }
        return ss / Double(differences.count - 1)
    }

    /// The isolated abrupt breaks of a series: the positions `t` whose first difference
    /// `y[t] − y[t − 1]` a Bonferroni outlier test sets aside (the generalised ESD procedure
    /// of Rosner 1983, Technometrics 25, with normal critical values): while the difference
    /// furthest from the mean of the `m` kept lies more than `z(1 − 0.05/(2m))` sample SDs from
    /// it, it is set aside, at most `⌊√m⌋` of them. If the test would set aside more, the
    /// extremes are a heavy tail rather than a few breaks, and none is returned.
    ///
    /// Why: in the differences of a quiet series an abrupt break is one huge value that a
    /// plain variance would count as noise (a break of `δ` adds `δ²/(n − 1)`, which in a short
    /// quiet series can hide the break itself), while in a series that moves in frequent jumps
    /// or has heavy tails the extremes *are* the noise, and the plain variance is the right
    /// scale (see ``differenceVariance(_:)``). The same positions are left out of the lag-1
    /// and lag-2 differences, so `ρ̂` is estimated from the same stretches as the variance.
    ///
    /// - Parameter y: the series; pairs with a non-finite value are skipped.
    /// - Returns: the break positions, ascending.
    /// - Complexity: O(n log n).
    static func isolatedBreaks(_ y: [Double]) -> [Int] {
        var pairs: [(difference: Double, at: Int)] = []
        pairs.reserveCapacity(max(y.count - 1, 0))
        for t in 1..<max(y.count, 1) where y[t].isFinite && y[t - 1].isFinite { pairs.append((y[t] - y[t - 1], t)) }
        guard pairs.count >= 3 else { return [] }
        pairs.sort { $0.difference < $1.difference }
        let cap = Int(Double(pairs.count).squareRoot())
        var low = 0, high = pairs.count - 1  // the kept differences are pairs[low...high]
        var sum = 0.0, squares = 0.0
        for p in pairs { sum += p.difference; squares += p.difference * p.difference }
        var breaks: [Int] = []
        while high - low + 1 >= 3 {
            let m = Double(high - low + 1)
            let mean = sum / m
            let sd = max((squares - m * mean * mean) / (m - 1), 0).squareRoot()
            guard sd > 0, sd.isFinite else { break }
            let takeHigh = abs(pairs[high].difference - mean) >= abs(pairs[low].difference - mean)
            let extreme = takeHigh ? pairs[high] : pairs[low]
            guard abs(extreme.difference - mean) > NormalDistribution.quantile(1 - 0.05 / (2 * m)) * sd else { break }
            if breaks.count == cap { return [] }  // more extremes than breaks: a heavy tail
            breaks.append(extreme.at)
            if takeHigh { high -= 1 } else { low += 1 }
            sum -= extreme.difference
            squares -= extreme.difference * extreme.difference
        }
        return breaks.sorted()
    }

    /// Robust noise variance of a series with level shifts:
    /// `(1.4826 · MAD(Δy))² / 2`, or `mean(Δy²)/2` when the MAD is 0
    /// (0 only for a constant series).
    ///
    /// - Complexity: O(n log n) (a median).
    public static func robustVariance(_ y: [Double]) -> Double {
        guard y.count >= 2 else { return 0 }
        var diffs = [Double]()
        diffs.reserveCapacity(y.count - 1)
        for i in 1..<y.count { diffs.append(y[i] - y[i - 1]) }
        let med = SampleStatistics.median(diffs)
        let mad = SampleStatistics.median(diffs.map { abs($0 - med) })
        let sigma = 1.4826 * mad
        if sigma > 0 { return sigma * sigma / 2 }
        var ss = 0.0
        for d in diffs { ss += d * d }
        return ss / Double(diffs.count) / 2
    }
}

/// A cost prepared for one (possibly multivariate) series: cumulative sums
/// and resolved parameters, so that any segment costs O(d).
struct PreparedCost: Sendable {
    enum Kind: Sendable { case normalMean, meanVariance, poisson, negativeBinomial, l2, linearTrend }
    let kind: Kind
    let length: Int
    let dimensions: Int
    /// Per dimension, `length + 1` prefix sums of y (centred for Gaussian costs).
    let sum1: [[Double]]
    /// Gaussian: prefix sums of y²; count costs: prefix sums of the factors.
    let sum2: [[Double]]
    /// normal mean and linear trend: 1/σ²; negative binomial: size r; meanvar: variance floor.
    let parameter: [Double]
    /// Linear trend only: per dimension prefix sums of t·y, and prefix sums
    /// of t and t² (t centred on the middle of the series).
    let sumTY: [[Double]]
    let sumT: [Double]
    let sumTT: [Double]
    /// Adds `log(b − a)` per segment (the MBIC segment-length term).
    let lengthTerm: Bool
    /// The cost with every estimated parameter filled in.
    let resolved: ChangePointCost
    /// `log(m)` for `m = 0…n` when the MBIC length term is used (empty otherwise).
    let logLength: [Double]

    /// Validate the data and build the cumulative sums.
    init(
        series: [[Double]], cost: ChangePointCost, offsets: [[Double]]?, lengthTerm: Bool
    ) throws {
        guard let first = series.first else { throw ChangePointError.noSeries }
        let n = first.count
        for (s, y) in series.enumerated() {
            guard y.count == n else { throw ChangePointError.lengthMismatch(expected: n, found: y.count, series: s) }
            for (i, v) in y.enumerated() {
                if v.isNaN { throw ChangePointError.missingValue(series: s, index: i) }
                if !v.isFinite { throw ChangePointError.nonFinite(series: s, index: i) }
                if cost.isCountModel, v < 0 { throw ChangePointError.negativeCount(series: s, index: i, value: v) }
            }
            if let v0 = y.first, y.allSatisfy({ $0 == v0 }) { throw ChangePointError.constantSeries(series: s) }
        }
        if let offsets {
            guard cost.isCountModel else {
                throw ChangePointError.invalidParameter(
                    name: "offsets",
                    detail: "apply to count costs (poisson, negbin) only; pass the seasonally adjusted series to a Gaussian cost")
            }
            guard offsets.count == series.count else {
                throw ChangePointError.invalidParameter(
                    name: "offsets", detail: "has \(offsets.count) series, expected \(series.count)")
            }
            for f in offsets {
                guard f.count == n else {
                    throw ChangePointError.invalidParameter(name: "offsets", detail: "has length \(f.count), expected \(n)")
                }
                guard f.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                    throw ChangePointError.invalidParameter(name: "offsets", detail: "must be finite and positive")
                }
            }
        }
        length = n
        dimensions = series.count
        self.lengthTerm = lengthTerm
        logLength = lengthTerm ? (0...n).map { log(Double($0)) } : []
        var s1 = [[Double]](), s2 = [[Double]](), par = [Double]()
        var sty = [[Double]](), st = [Double](), stt = [Double]()
        if case .linearTrend = cost {
            let mid = Double(n - 1) / 2
            st = [Double](repeating: 0, count: n + 1)
            stt = st
            for i in 0..<n {
                let t = Double(i) - mid
                st[i + 1] = st[i] + t
                stt[i + 1] = stt[i] + t * t
            }
            for y in series {
                var mean = 0.0
                for v in y { mean += v }
                mean /= Double(n)
                var a = [Double](repeating: 0, count: n + 1)
                for i in 0..<n { a[i + 1] = a[i] + (Double(i) - mid) * (y[i] - mean) }
                sty.append(a)
            }
        }
        sumTY = sty
        sumT = st
        sumTT = stt
        switch cost {
        case .normalMean, .normalMeanVariance, .l2, .linearTrend:
            for y in series {
                var mean = 0.0
                for v in y { mean += v }
                mean /= Double(n)
                var a = [Double](repeating: 0, count: n + 1)
                var b = [Double](repeating: 0, count: n + 1)
                for i in 0..<n {
                    let c = y[i] - mean
                    a[i + 1] = a[i] + c
                    b[i + 1] = b[i] + c * c
                }
                s1.append(a)
                s2.append(b)
            }
        case .poisson, .negativeBinomial:
            for (k, y) in series.enumerated() {
                var a = [Double](repeating: 0, count: n + 1)
                var b = [Double](repeating: 0, count: n + 1)
                for i in 0..<n {
                    a[i + 1] = a[i] + y[i]
                    b[i + 1] = b[i] + (offsets?[k][i] ?? 1)
                }
                s1.append(a)
                s2.append(b)
            }
        }
        switch cost {
        case .normalMean(let variance), .linearTrend(let variance):
            if case .linearTrend = cost { kind = .linearTrend } else { kind = .normalMean }
            if let variance {
                guard variance.isFinite, variance > 0 else {
                    throw ChangePointError.invalidParameter(name: "variance", detail: "must be finite and positive, is \(variance)")
                }
                par = Array(repeating: 1 / variance, count: series.count)
                resolved = cost
            } else {
                var variances = [Double]()
                for (s, y) in series.enumerated() {
                    let v = ChangePointCost.robustVariance(y)
                    guard v > 0 else { throw ChangePointError.constantSeries(series: s) }
                    variances.append(v)
                }
                par = variances.map { 1 / $0 }
                // The reported variance is the first series' (all of them for d = 1).
                resolved = kind == .linearTrend ? .linearTrend(variance: variances[0]) : .normalMean(variance: variances[0])
            }
        case .normalMeanVariance:
            kind = .meanVariance
            par = (0..<series.count).map { k in max(s2[k][n] / Double(n), .leastNormalMagnitude) * 1e-8 }
            resolved = cost
        case .l2:
            kind = .l2
            par = Array(repeating: 0, count: series.count)
            resolved = cost
        case .poisson:
            kind = .poisson
            par = Array(repeating: 0, count: series.count)
            resolved = cost
        case .negativeBinomial(let size):
            kind = .negativeBinomial
            if let size {
                guard size.isFinite, size > 0 else {
                    throw ChangePointError.invalidParameter(name: "size", detail: "must be finite and positive, is \(size)")
                }
                par = Array(repeating: min(size, ChangePointCost.maximumNegativeBinomialSize), count: series.count)
                resolved = cost
            } else {
                par = series.indices.map { k in
                    ChangePointCost.estimatedNegativeBinomialSize(series[k], offsets: offsets?[k])
                }
                resolved = .negativeBinomial(size: par[0])
            }
        }
        sum1 = s1
        sum2 = s2
        parameter = par
    }

    /// The cost of the half-open segment `a..<b` (summed over dimensions).
    @inline(__always)
    func cost(_ a: Int, _ b: Int) -> Double {
        var total = 0.0
        let m = Double(b - a)
        for k in 0..<dimensions {
            let x = sum1[k][b] - sum1[k][a]
            let z = sum2[k][b] - sum2[k][a]
            switch kind {
            case .l2:
                total += max(z - x * x / m, 0)
            case .normalMean:
                total += max(z - x * x / m, 0) * parameter[k]
            case .linearTrend:
                let syy = max(z - x * x / m, 0)
                let t1 = sumT[b] - sumT[a]
                let stt = sumTT[b] - sumTT[a] - t1 * t1 / m
                let sty = sumTY[k][b] - sumTY[k][a] - t1 * x / m
                let rss = stt > 0 ? syy - sty * sty / stt : syy
                total += max(rss, 0) * parameter[k]
            case .meanVariance:
                // −2 log L minimised over the mean and over σ² ≥ floor: at σ̂² = RSS/m when
                // that is above the floor, else at the floor, where it is m log v + RSS/v + m log 2π
                // (not m(log 2π + log v + 1), which overcharges and breaks PELT's pruning).
                let rss = max(z - x * x / m, 0)
                let floor = parameter[k]
                if rss >= m * floor {
                    total += m * (log(2 * Double.pi) + log(rss / m) + 1)
                } else {
                    total += m * (log(2 * Double.pi) + log(floor)) + rss / floor
                }
            case .poisson:
                if x > 0 { total += 2 * (x - x * log(x / z)) }
            case .negativeBinomial:
                if x > 0 {
                    let r = parameter[k]
                    let lambda = x / z
                    total += 2 * (r * z * log1p(lambda / r) - x * (log(lambda) - log(r + lambda)))
                }
            }
        }
        if lengthTerm { total += logLength[b - a] }
        return total
    }

    /// The costs of `τ..<b` for every `τ` in `starts`, written to `out` (cleared first);
    /// each value equals ``cost(_:_:)`` bit for bit. A univariate fast path hoists the
    /// cost switch and the prefix sums of `b` out of the loop (the hot loop of PELT).
    func costs(from starts: [Int], to b: Int, into out: inout [Double]) {
        out.removeAll(keepingCapacity: true)
        guard dimensions == 1 else {
            for tau in starts { out.append(cost(tau, b)) }
            return
        }
        let a1 = sum1[0], a2 = sum2[0], p = parameter[0]
        let xb = a1[b], zb = a2[b]
        let useLog = lengthTerm
        a1.withUnsafeBufferPointer { s1 in
            a2.withUnsafeBufferPointer { s2 in
                logLength.withUnsafeBufferPointer { lg in
                    switch kind {
                    case .normalMean, .l2:
                        let scale = kind == .l2 ? 1.0 : p
                        for tau in starts {
                            let m = Double(b - tau)
                            let x = xb - s1[tau], z = zb - s2[tau]
                            var total = 0.0
                            total += kind == .l2 ? max(z - x * x / m, 0) : max(z - x * x / m, 0) * scale
                            if useLog { total += lg[b - tau] }
                            out.append(total)
                        }
                    case .poisson:
                        for tau in starts {
                            let x = xb - s1[tau], z = zb - s2[tau]
                            var total = 0.0
                            if x > 0 { total += 2 * (x - x * log(x / z)) }
                            if useLog { total += lg[b - tau] }
                            out.append(total)
                        }
                    case .linearTrend:
                        let ty = sumTY[0], tb = sumT[b], ttb = sumTT[b], tyb = ty[b]
                        for tau in starts {
                            let m = Double(b - tau)
                            let x = xb - s1[tau], z = zb - s2[tau]
                            let syy = max(z - x * x / m, 0)
                            let t1 = tb - sumT[tau]
                            let stt = ttb - sumTT[tau] - t1 * t1 / m
                            let sty = tyb - ty[tau] - t1 * x / m
                            let rss = stt > 0 ? syy - sty * sty / stt : syy
                            var total = 0.0
                            total += max(rss, 0) * p
                            if useLog { total += lg[b - tau] }
                            out.append(total)
                        }
                    default:
                        for tau in starts { out.append(cost(tau, b)) }
                    }
                }
            }
        }
    }
}

extension ChangePointCost {
    /// Difference-based dispersion index of counts whose expected value is
    /// `λ f_t` (seasonal offsets `f`): about 1 for Poisson counts around any
    /// seasonal pattern and level shifts, larger when overdispersed.
    ///
    /// For consecutive counts in one segment, with `r = f_t / f_{t−1}`,
    /// `y_t − r y_{t−1}` has mean 0 and, under Poisson, variance
    /// `λ f_t (1 + r)`; the index is the mean of `(y_t − r y_{t−1})² / (f_t (1 + r))`
    /// divided by `λ̂ = Σy / Σf`. Without offsets (`f = 1`) this is
    /// ``dispersionIndex(_:)``: `Σ(Δy)² / (2(n − 1)) / ȳ`.
    ///
    /// - Parameters:
    ///   - counts: non-negative counts, no NaN.
    ///   - offsets: positive factors, one per count (`nil`: all 1).
    /// - Returns: the index; NaN for fewer than 2 counts, a zero mean or bad offsets.
    /// - Complexity: O(n).
    public static func dispersionIndex(_ counts: [Double], offsets: [Double]?) -> Double {
        guard let f = offsets else { return dispersionIndex(counts) }
        guard counts.count >= 2, f.count == counts.count, f.allSatisfy({ $0.isFinite && $0 > 0 }) else { return .nan }
        var sy = 0.0, sf = 0.0
        for i in counts.indices { sy += counts[i]; sf += f[i] }
        guard sy > 0 else { return .nan }
        let lambda = sy / sf
        var d = 0.0
        for t in 1..<counts.count {
            let r = f[t] / f[t - 1]
            let e = counts[t] - r * counts[t - 1]
            d += e * e / (f[t] * (1 + r))
        }
        return d / Double(counts.count - 1) / lambda
    }

    /// The cost `--cost auto` picks for a series.
    ///
    /// * Non-negative integers (counts): ``negativeBinomial(size:)`` (size
    ///   estimated) when overdispersed, else ``poisson``. Overdispersed means
    ///   the difference-based dispersion index ``dispersionIndex(_:offsets:)``
    ///   exceeds `1 + 3 √(3/(n − 1))`: under a Poisson model with a large mean
    ///   the index is ≈ 1 with variance ≈ 3/(n − 1) (squared differences are
    ///   χ²₁-like with lag-one correlation 1/4), so the threshold is three
    ///   standard errors. With seasonal `offsets` (deseasonalising) the
    ///   dispersion is measured around the seasonal pattern, so Poisson counts
    ///   with a strong season are not mistaken for overdispersed ones.
    /// * Anything else: ``normalMean(variance:)`` with the robust (MAD of
    ///   differences) variance estimate — the change in mean of R
    ///   `changepoint`'s default `cpt.mean`, made robust to the unknown scale.
    ///   (The recommended default for such data is
    ///   ``ChangePointSearch/Configuration/automatic(for:offsets:)``, which also
    ///   accounts for autocorrelation and trend.)
    ///
    /// - Parameters:
    ///   - series: the observations (NaN makes the series non-count; the
    ///     search itself rejects NaN).
    ///   - offsets: the seasonal expected-count factors the count cost will use, if any.
    /// - Returns: the chosen cost.
    /// - Complexity: O(n).
    public static func automatic(for series: [Double], offsets: [Double]? = nil) -> ChangePointCost {
        guard isCountSeries(series) else { return .normalMean(variance: nil) }
        let index = dispersionIndex(series, offsets: offsets)
        let threshold = 1 + 3 * (3 / Double(series.count - 1)).squareRoot()
        return index > threshold ? .negativeBinomial(size: nil) : .poisson
    }

    /// Whether every value is a finite non-negative integer (and there are at least 2).
    public static func isCountSeries(_ series: [Double]) -> Bool {
        series.count >= 2 && series.allSatisfy { $0.isFinite && $0 >= 0 && $0 == $0.rounded() }
    }
}
