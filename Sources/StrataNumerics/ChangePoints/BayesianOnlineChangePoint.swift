import Foundation

/// The conjugate observation model of Bayesian online change-point detection.
public enum OnlineChangePointModel: Sendable, Codable, Equatable, Hashable {
    /// Counts `y ~ Poisson(λ)` with prior `λ ~ Gamma(shape, rate)` (prior mean
    /// `shape/rate`). The predictive is negative binomial.
    case poissonGamma(shape: Double, rate: Double)
    /// Gaussian `y ~ N(μ, 1/τ)` with the Normal–Gamma prior
    /// `τ ~ Gamma(shape, rate)`, `μ | τ ~ N(mean, 1/(kappa τ))`. The predictive
    /// is Student t with `2·shape` degrees of freedom (Murphy 2007, §8).
    case normalGamma(mean: Double, kappa: Double, shape: Double, rate: Double)
    /// Overdispersed counts `y ~ NB(size, p)` (`P(y) ∝ p^size (1 − p)^y`,
    /// mean `size (1 − p)/p`) with a known size and the conjugate prior
    /// `p ~ Beta(alpha, beta)`; the predictive is beta-negative-binomial and
    /// a run's posterior is `Beta(alpha + m·size, beta + Σy)`. With
    /// `alpha > 1` the prior mean count is `size · beta / (alpha − 1)`.
    case negativeBinomialBeta(size: Double, alpha: Double, beta: Double)

    var isValid: Bool {
        switch self {
        case let .poissonGamma(a, b): return a > 0 && b > 0 && a.isFinite && b.isFinite
        case let .negativeBinomialBeta(r, a, b):
            return r > 0 && a > 0 && b > 0 && r.isFinite && a.isFinite && b.isFinite
        case let .normalGamma(m, k, a, b):
            return m.isFinite && k > 0 && a > 0 && b > 0 && k.isFinite && a.isFinite && b.isFinite
        }
    }
}

/// The run-length posterior after one observation.
public struct RunLengthPosterior: Sendable, Codable, Equatable {
    /// 0-based index of the observation just processed.
    public var index: Int
    /// Run lengths with non-negligible posterior mass, ascending. Run length
    /// `r` means the current segment began at `index − r` (so `r = 0`: this
    /// observation is the first of a new segment).
    public var runLengths: [Int]
    /// `P(r_t = runLengths[i] | y_0…y_t)`, summing to 1.
    public var probabilities: [Double]
    /// Posterior mass removed by pruning at this step, before the kept run
    /// lengths were renormalised (0 when nothing was dropped).
    public var droppedMass: Double = 0

    /// The most probable run length.
    public var mostLikelyRunLength: Int {
        var best = 0, p = -1.0
        for (r, q) in zip(runLengths, probabilities) where q > p { best = r; p = q }
        return best
    }

    /// Probability that a change happened within the last `k` periods: that
    /// the current segment began at one of the indices `index − k + 1 … index`
    /// (a segment starting at index 0 is the series start, not a change).
    ///
    /// - Parameter k: window length, ≥ 1.
    /// - Returns: the probability (0 for `k < 1`).
    /// - Complexity: O(number of run lengths kept).
    public func probabilityOfChange(withinLast k: Int) -> Double {
        var p = 0.0
        for (r, q) in zip(runLengths, probabilities) where r < k && index - r >= 1 { p += q }
        return min(1, p)
    }
}

/// Bayesian online change-point detection (Adams & MacKay 2007) with a
/// constant hazard, one observation at a time.
///
/// For each observation `y_t` the run-length posterior is updated by the
/// message passing of Adams & MacKay: a run grows with probability
/// `(1 − h) π(y_t | run's posterior)` and a new run starts with probability
/// `h π(y_t | prior)`, `h = 1/expectedRunLength`. (Here `y_t` is the first
/// observation of the new run, so it is scored under the prior.) Computations
/// are in log space.
///
/// ## Pruning
/// The exact posterior has `t + 1` run lengths after `t + 1` observations, so
/// an unpruned pass costs O(n²). Two documented cuts keep it bounded, applied
/// after each update and followed by renormalisation of what is kept:
/// 1. run lengths whose posterior probability is below `truncation`
///    (default 10⁻¹⁰) are dropped (the most probable one is always kept);
/// 2. if more than `maxRunLengths` (default 100) remain, only the
///    `maxRunLengths` most probable are kept.
///
/// The mass removed at each step is reported
/// (``RunLengthPosterior/droppedMass``, ``OnlineChangePointResult/maxDroppedMass``),
/// so the approximation is visible: on 10⁶ Poisson counts with a level change
/// every 50,000 the largest mass dropped at one step was 0.005 (cap 100) and
/// 0.002 (cap 300); on short series (a few hundred points) the cap does not
/// bind and only the 10⁻¹⁰ truncation applies. This is the run-length pruning
/// Adams & MacKay (2007, §2.4) suggest.
///
/// ```swift
/// var detector = try BayesianOnlineDetector(model: .poissonGamma(shape: 1, rate: 0.01), expectedRunLength: 100)
/// for y in counts { let post = try detector.update(y); print(post.probabilityOfChange(withinLast: 3)) }
/// ```
public struct BayesianOnlineDetector: Sendable {
    /// The conjugate model and its prior.
    public let model: OnlineChangePointModel
    /// `λ = 1/h`, the prior mean segment length of the constant hazard.
    public let expectedRunLength: Double
    /// Posterior mass below which a run length is dropped.
    public let truncation: Double
    /// The largest number of run lengths kept after an update.
    public let maxRunLengths: Int
    /// The largest count the count models accept, 2⁵³ (larger doubles are not exact integers).
    public static let maximumCount: Double = 9_007_199_254_740_992
    /// The largest magnitude the Normal–Gamma model accepts, 10¹⁵⁰ (squares stay finite).
    public static let maximumMagnitude: Double = 1e150
    /// The upper bound of ``maxRunLengths``.
    public static let maxRunLengthsLimit = 1_000_000
    private var index = -1
    private var runLengths: [Int] = []
    private var logProbabilities: [Double] = []
    /// Per run: the sufficient statistics (model-specific) and a cached
    /// log-normaliser of its posterior (see `logPredictive`).
    private var stats: [Stats] = []
    /// Poisson–Gamma: `(log(b/(b+1)), log(b+1))` for `b = rate + m`, indexed by
    /// the run's observation count `m` (it depends on nothing else).
    private var poissonLogs: [(Double, Double)] = []

    private struct Stats: Sendable {
        var a: Double, b: Double, c: Double, d: Double
        /// Cached: Poisson–Gamma `lgamma(a)`; NB–Beta `logBeta(a, b)`; unused for Normal–Gamma.
        var cache: Double
    }

    /// A detector that has seen no data.
    ///
    /// - Parameters:
    ///   - model: the conjugate model and its prior.
    ///   - expectedRunLength: `λ = 1/h`, the prior mean segment length, > 1.
    ///   - truncation: posterior mass below which a run length is dropped, in [0, 0.01].
    ///   - maxRunLengths: the most run lengths kept, in 1…``maxRunLengthsLimit``.
    /// - Throws: ``ChangePointError/invalidParameter(name:detail:)`` for an invalid prior or parameter.
    public init(
        model: OnlineChangePointModel, expectedRunLength: Double = 100, truncation: Double = 1e-10,
        maxRunLengths: Int = 100
    ) throws {
        guard model.isValid else {
            throw ChangePointError.invalidParameter(name: "model", detail: "prior parameters must be finite and positive: \(model)")
        }
        guard expectedRunLength > 1, expectedRunLength.isFinite else {
            throw ChangePointError.invalidParameter(name: "expectedRunLength", detail: "must be finite and > 1, is \(expectedRunLength)")
        }
        guard truncation >= 0, truncation <= 0.01 else {
            throw ChangePointError.invalidParameter(name: "truncation", detail: "must be in [0, 0.01], is \(truncation)")
        }
        guard maxRunLengths >= 1, maxRunLengths <= Self.maxRunLengthsLimit else {
            throw ChangePointError.invalidParameter(
                name: "maxRunLengths", detail: "must be in 1...\(Self.maxRunLengthsLimit), is \(maxRunLengths)")
        }
        self.model = model
        self.expectedRunLength = expectedRunLength
        self.truncation = truncation
        self.maxRunLengths = maxRunLengths
    }

    private var prior: Stats {
        switch model {
        case let .poissonGamma(a, b): return Stats(a: a, b: b, c: 0, d: 0, cache: lgamma(a))  // d: observations
        case let .negativeBinomialBeta(r, a, b): return Stats(a: a, b: b, c: r, d: 0, cache: Self.logBeta(a, b))
        case let .normalGamma(m, k, a, b): return Stats(a: m, b: k, c: a, d: b, cache: 0)
        }
    }

    @inline(__always)
    private static func logBeta(_ p: Double, _ q: Double) -> Double {
        let lp: Double = lgamma(p), lq: Double = lgamma(q), lpq: Double = lgamma(p + q)
        return lp + lq - lpq
    }

    /// Per-observation terms shared by every run: `lgamma(x + 1)` and, for the
    /// negative binomial, `lgamma(r + x) − lgamma(r)`.
    private func common(_ x: Double) -> Double {
        switch model {
        case .poissonGamma: return lgamma(x + 1)
        case let .negativeBinomialBeta(r, _, _): return lgamma(r + x) - lgamma(x + 1) - lgamma(r)
        case .normalGamma: return 0
        }
    }

    /// Log predictive of `x` under a run with statistics `s`, and the run's
    /// statistics after `x`.
    @inline(__always)
    private func step(_ x: Double, _ s: Stats, _ common: Double) -> (Double, Stats) {
        switch model {
        case .poissonGamma:
            let a2 = s.a + x
            let lgA2: Double = lgamma(a2)
            let m = Int(s.d)
            let (l1, l2) = m < poissonLogs.count ? poissonLogs[m] : (log(s.b / (s.b + 1)), log(s.b + 1))
            let lp = lgA2 - s.cache - common + s.a * l1 - x * l2
            return (lp, Stats(a: a2, b: s.b + 1, c: 0, d: s.d + 1, cache: lgA2))
        case .negativeBinomialBeta:
            let a2 = s.a + s.c, b2 = s.b + x
            let lb = Self.logBeta(a2, b2)
            return (common + lb - s.cache, Stats(a: a2, b: b2, c: s.c, d: 0, cache: lb))
        case .normalGamma:
            let mu = s.a, kappa = s.b, a = s.c, b = s.d
            let nu = 2 * a
            let scale2 = b * (kappa + 1) / (a * kappa)
            let z = (x - mu) * (x - mu) / (nu * scale2)
            let lp = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi * scale2) - (nu + 1) / 2 * log1p(z)
            let next = Stats(
                a: (kappa * mu + x) / (kappa + 1), b: kappa + 1, c: a + 0.5,
                d: b + kappa * (x - mu) * (x - mu) / (2 * (kappa + 1)), cache: 0)
            return (lp, next)
        }
    }

    /// Process the next observation and return the run-length posterior.
    ///
    /// - Parameter x: the observation (a non-negative count for the count models).
    /// - Returns: the posterior after `x`.
    /// - Throws: ``ChangePointError/missingValue(series:index:)`` for NaN,
    ///   ``ChangePointError/nonFinite(series:index:)``, ``ChangePointError/negativeCount(series:index:value:)``,
    ///   ``ChangePointError/invalidParameter(name:detail:)`` (name `series`) for a count above
    ///   ``maximumCount`` or a Normal–Gamma value beyond ±``maximumMagnitude``.
    /// - Complexity: O(R) with `R ≤ maxRunLengths` the run lengths kept
    ///   (O(R log R) on the steps where the cap applies).
    public mutating func update(_ x: Double) throws -> RunLengthPosterior {
        let dropped = try advance(x)
        return RunLengthPosterior(
            index: index, runLengths: runLengths, probabilities: logProbabilities.map { exp($0) }, droppedMass: dropped)
    }

    /// The update of ``update(_:)`` without building the posterior; returns the mass dropped.
    private mutating func advance(_ x: Double) throws -> Double {
        let t = index + 1
        if x.isNaN { throw ChangePointError.missingValue(series: 0, index: t) }
        if !x.isFinite { throw ChangePointError.nonFinite(series: 0, index: t) }
        switch model {
        case .poissonGamma, .negativeBinomialBeta:
            if x < 0 { throw ChangePointError.negativeCount(series: 0, index: t, value: x) }
            if x > Self.maximumCount {
                throw ChangePointError.invalidParameter(
                    name: "series",
                    detail: "value \(x) at index \(t) is above 2^53 = \(Self.maximumCount), the largest count a double holds exactly")
            }
        case .normalGamma:
            if abs(x) > Self.maximumMagnitude {
                throw ChangePointError.invalidParameter(
                    name: "series",
                    detail: "value \(x) at index \(t) is outside ±1e150, where its square overflows; rescale the series")
            }
        }
        // Extend the Poisson table to observation counts 0…t (amortised O(1) per step).
        if case let .poissonGamma(_, rate) = model, poissonLogs.count <= t {
            while poissonLogs.count <= t {
                let b = rate + Double(poissonLogs.count)
                poissonLogs.append((log(b / (b + 1)), log(b + 1)))
            }
        }
        index = t
        let shared = common(x)
        if t == 0 {
            runLengths = [0]
            logProbabilities = [0]
            stats = [step(x, prior, shared).1]
            return 0
        }
        let h = 1 / expectedRunLength
        let logGrow = log1p(-h), logNew = log(h)
        let count = runLengths.count + 1
        var newLog = [Double]()
        newLog.reserveCapacity(count)
        var newStats = [Stats]()
        newStats.reserveCapacity(count)
        let (lp0, s0) = step(x, prior, shared)
        newLog.append(logNew + lp0); newStats.append(s0)
        for i in runLengths.indices {
            let (lp, s) = step(x, stats[i], shared)
            newLog.append(logProbabilities[i] + logGrow + lp)
            newStats.append(s)
        }
        // A predictive that is not a number (an overflow in a run's statistics)
        // makes that run impossible rather than poisoning the normalisation.
        for i in newLog.indices where newLog[i].isNaN { newLog[i] = -.infinity }
        // The change mass sums the old posterior (which is normalised) times h.
        normalise(&newLog)
        var maxIndex = 0
        for i in newLog.indices where newLog[i] > newLog[maxIndex] { maxIndex = i }
        let logCut = truncation > 0 ? log(truncation) : -Double.infinity
        var keep = newLog.map { $0 >= logCut }
        keep[maxIndex] = true
        var survivors = 0
        for k in keep where k { survivors += 1 }
        let excess = survivors - maxRunLengths
        if excess > 0 && excess <= 4 {
            // The usual case once the cap binds: drop the least probable few.
            for _ in 0..<excess {
                var worst = -1
                for i in newLog.indices where keep[i] && i != maxIndex && (worst < 0 || newLog[i] < newLog[worst]) { worst = i }
                if worst >= 0 { keep[worst] = false }
            }
        } else if excess > 0 {
            let order = newLog.indices.sorted { newLog[$0] > newLog[$1] }
            var kept = 1
            for i in keep.indices { keep[i] = i == maxIndex }
            for i in order where i != maxIndex && kept < maxRunLengths && newLog[i] >= logCut { keep[i] = true; kept += 1 }
        }
        var keepRuns: [Int] = [], keepLog: [Double] = [], keepStats: [Stats] = []
        let kept = min(survivors, maxRunLengths)
        keepRuns.reserveCapacity(kept); keepLog.reserveCapacity(kept); keepStats.reserveCapacity(kept)
        var dropped = 0.0
        for i in newLog.indices {
            if keep[i] {
                keepRuns.append(i == 0 ? 0 : runLengths[i - 1] + 1)
                keepLog.append(newLog[i])
                keepStats.append(newStats[i])
            } else {
                dropped += exp(newLog[i])
            }
        }
        if dropped > 0 {
            // Renormalise what is kept: its mass is 1 − dropped.
            let shift = log1p(-min(dropped, 0.5))
            if dropped < 0.5 { for i in keepLog.indices { keepLog[i] -= shift } } else { normalise(&keepLog) }
        }
        runLengths = keepRuns
        logProbabilities = keepLog
        stats = keepStats
        return min(1, dropped)
    }

    private func normalise(_ logs: inout [Double]) {
        guard let top = logs.max(), top.isFinite else {
            let u = -log(Double(max(logs.count, 1)))
            for i in logs.indices { logs[i] = u }
            return
        }
        var sum = 0.0
        for v in logs { sum += exp(v - top) }
        let lse = top + log(sum)
        for i in logs.indices { logs[i] -= lse }
    }
}

/// Offline use of ``BayesianOnlineDetector`` over a whole series.
public struct OnlineChangePointResult: Sendable, Codable, Equatable {
    /// The run-length posteriors of the last `min(n, storedPosteriors)`
    /// observations (all of them for a series no longer than
    /// `storedPosteriors`); each carries its ``RunLengthPosterior/index``.
    public var posteriors: [RunLengthPosterior]
    /// `P(change within the last k periods)` after each observation.
    public var changeProbability: [Double]
    /// The `k` used for ``changeProbability``.
    public var window: Int
    /// Change points of the maximum-a-posteriori backtrack: from the last
    /// observation `t`, take the most probable run length `r` among those
    /// that give a segment of at least `minimumSegmentLength` observations
    /// and leave either nothing or at least `minimumSegmentLength`
    /// observations before it, record a change at `t − r` (when > 0) and
    /// continue from `t − r − 1`. When no kept run length qualifies, the
    /// segment reaches back to the series start.
    public var changepoints: [Int]
    /// The minimum segment length the backtrack honoured.
    public var minimumSegmentLength: Int = 1
    /// The largest posterior mass dropped by pruning at any one step.
    public var maxDroppedMass: Double = 0
}

extension BayesianOnlineDetector {
    /// The default number of posteriors ``run(_:model:expectedRunLength:window:truncation:maxRunLengths:minimumSegmentLength:storedPosteriors:)`` keeps.
    public static let defaultStoredPosteriors = 10_000

    /// Run the detector over `series`.
    ///
    /// - Parameters:
    ///   - series: observations, no NaN.
    ///   - model: the conjugate model and prior.
    ///   - expectedRunLength: `1/h`.
    ///   - window: `k` for the change probability, ≥ 1.
    ///   - truncation: see ``init(model:expectedRunLength:truncation:maxRunLengths:)``.
    ///   - maxRunLengths: see ``init(model:expectedRunLength:truncation:maxRunLengths:)``.
    ///   - minimumSegmentLength: the shortest segment the MAP backtrack may
    ///     return, in 1…n (a larger value gives one segment).
    ///   - storedPosteriors: how many of the last posteriors to return, ≥ 0
    ///     (memory is O(storedPosteriors · maxRunLengths) for them).
    /// - Returns: posteriors, change probabilities and the MAP change points.
    /// - Throws: as ``update(_:)`` and ``init(model:expectedRunLength:truncation:maxRunLengths:)``;
    ///   ``ChangePointError/invalidParameter(name:detail:)`` for `window < 1`,
    ///   `minimumSegmentLength < 1` or `storedPosteriors < 0`; ``ChangePointError/noSeries``
    ///   for an empty series.
    /// - Complexity: O(n · R) time with `R ≤ maxRunLengths` the run lengths kept
    ///   (measured: 10⁶ Poisson counts in about 3.5 s of CPU with the default cap of 100
    ///   in a release build, 80 MB peak),
    ///   O(n + storedPosteriors · R) memory.
    public static func run(
        _ series: [Double], model: OnlineChangePointModel, expectedRunLength: Double = 100,
        window: Int = 1, truncation: Double = 1e-10, maxRunLengths: Int = 100,
        minimumSegmentLength: Int = 1, storedPosteriors: Int = defaultStoredPosteriors
    ) throws -> OnlineChangePointResult {
        guard window >= 1 else {
            throw ChangePointError.invalidParameter(name: "window", detail: "must be ≥ 1, is \(window)")
        }
        guard minimumSegmentLength >= 1 else {
            throw ChangePointError.invalidParameter(
                name: "minimumSegmentLength", detail: "must be ≥ 1, is \(minimumSegmentLength)")
        }
        guard storedPosteriors >= 0 else {
            throw ChangePointError.invalidParameter(name: "storedPosteriors", detail: "must be ≥ 0, is \(storedPosteriors)")
        }
        guard !series.isEmpty else { throw ChangePointError.noSeries }
        var detector = try BayesianOnlineDetector(
            model: model, expectedRunLength: expectedRunLength, truncation: truncation, maxRunLengths: maxRunLengths)
        let n = series.count
        let keepFrom = storedPosteriors >= n ? 0 : n - storedPosteriors
        let m = minimumSegmentLength
        var posteriors: [RunLengthPosterior] = []
        posteriors.reserveCapacity(n - keepFrom)
        var changeProbability = [Double](repeating: 0, count: n)
        // Per t: the best admissible run length, or −1 when none is kept.
        var best = [Int](repeating: -1, count: n)
        var maxDropped = 0.0
        for (t, x) in series.enumerated() {
            let dropped: Double
            if t >= keepFrom {
                let post = try detector.update(x)
                posteriors.append(post)
                dropped = post.droppedMass
            } else {
                dropped = try detector.advance(x)
            }
            maxDropped = max(maxDropped, dropped)
            // Read the kept run lengths in log space (no exp per run length).
            var change = 0.0
            var p = -Double.infinity
            for (r, q) in zip(detector.runLengths, detector.logProbabilities) {
                let start = t - r
                if r < window && start >= 1 { change += exp(q) }
                if q > p && r + 1 >= m && (start == 0 || start >= m) { best[t] = r; p = q }
            }
            changeProbability[t] = min(1, change)
        }
        var cps: [Int] = []
        var t = n - 1
        while t >= 0 {
            let start = best[t] >= 0 ? t - best[t] : 0
            if start > 0 { cps.append(start) }
            t = start - 1
        }
        return OnlineChangePointResult(
            posteriors: posteriors, changeProbability: changeProbability,
            window: window, changepoints: cps.reversed(), minimumSegmentLength: m, maxDroppedMass: maxDropped)
    }
}
