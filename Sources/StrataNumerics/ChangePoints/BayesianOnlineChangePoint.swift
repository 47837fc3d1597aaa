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
/// observation of the new run, so it is scored under the prior.) Run lengths
/// whose posterior probability falls below `truncation` are dropped and the
/// rest renormalised, so memory stays bounded by the number of plausible
/// run lengths; the mass dropped per step is at most `truncation ×` the
/// number of run lengths. Computations are in log space.
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
    private var index = -1
    private var runLengths: [Int] = []
    private var logProbabilities: [Double] = []
    private var stats: [(Double, Double, Double, Double)] = []

    /// A detector that has seen no data.
    ///
    /// - Parameters:
    ///   - model: the conjugate model and its prior.
    ///   - expectedRunLength: `λ = 1/h`, the prior mean segment length, > 1.
    ///   - truncation: posterior mass below which a run length is dropped, in [0, 0.01].
    /// - Throws: ``ChangePointError/invalidParameter(name:detail:)`` for an invalid prior or parameter.
    public init(model: OnlineChangePointModel, expectedRunLength: Double = 100, truncation: Double = 1e-10) throws {
        guard model.isValid else {
            throw ChangePointError.invalidParameter(name: "model", detail: "prior parameters must be finite and positive: \(model)")
        }
        guard expectedRunLength > 1, expectedRunLength.isFinite else {
            throw ChangePointError.invalidParameter(name: "expectedRunLength", detail: "must be finite and > 1, is \(expectedRunLength)")
        }
        guard truncation >= 0, truncation <= 0.01 else {
            throw ChangePointError.invalidParameter(name: "truncation", detail: "must be in [0, 0.01], is \(truncation)")
        }
        self.model = model
        self.expectedRunLength = expectedRunLength
        self.truncation = truncation
    }

    private var prior: (Double, Double, Double, Double) {
        switch model {
        case let .poissonGamma(a, b): return (a, b, 0, 0)
        case let .negativeBinomialBeta(r, a, b): return (a, b, r, 0)
        case let .normalGamma(m, k, a, b): return (m, k, a, b)
        }
    }

    private func logPredictive(_ x: Double, _ s: (Double, Double, Double, Double)) -> Double {
        switch model {
        case .poissonGamma:
            let (a, b, _, _) = s
            return lgamma(a + x) - lgamma(a) - lgamma(x + 1) + a * log(b / (b + 1)) - x * log(b + 1)
        case .negativeBinomialBeta:
            let (a, b, r, _) = s
            func logBeta(_ p: Double, _ q: Double) -> Double { lgamma(p) + lgamma(q) - lgamma(p + q) }
            return lgamma(r + x) - lgamma(x + 1) - lgamma(r) + logBeta(a + r, b + x) - logBeta(a, b)
        case .normalGamma:
            let (mu, kappa, a, b) = s
            let nu = 2 * a
            let scale2 = b * (kappa + 1) / (a * kappa)
            let z = (x - mu) * (x - mu) / (nu * scale2)
            return lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi * scale2) - (nu + 1) / 2 * log1p(z)
        }
    }

    private func updated(_ s: (Double, Double, Double, Double), _ x: Double) -> (Double, Double, Double, Double) {
        switch model {
        case .poissonGamma:
            return (s.0 + x, s.1 + 1, 0, 0)
        case .negativeBinomialBeta:
            return (s.0 + s.2, s.1 + x, s.2, 0)
        case .normalGamma:
            let (mu, kappa, a, b) = s
            return ((kappa * mu + x) / (kappa + 1), kappa + 1, a + 0.5, b + kappa * (x - mu) * (x - mu) / (2 * (kappa + 1)))
        }
    }

    /// Process the next observation and return the run-length posterior.
    ///
    /// - Parameter x: the observation (a non-negative count for the count models).
    /// - Returns: the posterior after `x`.
    /// - Throws: ``ChangePointError/missingValue(series:index:)`` for NaN,
    ///   ``ChangePointError/nonFinite(series:index:)``, ``ChangePointError/negativeCount(series:index:value:)``.
    /// - Complexity: O(number of run lengths kept).
    public mutating func update(_ x: Double) throws -> RunLengthPosterior {
        let t = index + 1
        if x.isNaN { throw ChangePointError.missingValue(series: 0, index: t) }
        if !x.isFinite { throw ChangePointError.nonFinite(series: 0, index: t) }
        switch model {
        case .poissonGamma, .negativeBinomialBeta:
            if x < 0 { throw ChangePointError.negativeCount(series: 0, index: t, value: x) }
        case .normalGamma: break
        }
        index = t
        if t == 0 {
            runLengths = [0]
            logProbabilities = [0]
            stats = [updated(prior, x)]
            return RunLengthPosterior(index: 0, runLengths: [0], probabilities: [1])
        }
        let h = 1 / expectedRunLength
        let logGrow = log1p(-h), logNew = log(h)
        var newRuns = [0], newLog = [logNew + logPredictive(x, prior)], newStats = [updated(prior, x)]
        newRuns.reserveCapacity(runLengths.count + 1)
        for i in runLengths.indices {
            newRuns.append(runLengths[i] + 1)
            newLog.append(logProbabilities[i] + logGrow + logPredictive(x, stats[i]))
            newStats.append(updated(stats[i], x))
        }
        // The change mass sums the old posterior (which is normalised) times h.
        normalise(&newLog)
        let logCut = truncation > 0 ? log(truncation) : -Double.infinity
        var maxIndex = 0
        for i in newLog.indices where newLog[i] > newLog[maxIndex] { maxIndex = i }
        var keepRuns: [Int] = [], keepLog: [Double] = [], keepStats: [(Double, Double, Double, Double)] = []
        for i in newLog.indices where newLog[i] >= logCut || i == maxIndex {
            keepRuns.append(newRuns[i])
            keepLog.append(newLog[i])
            keepStats.append(newStats[i])
        }
        normalise(&keepLog)
        runLengths = keepRuns
        logProbabilities = keepLog
        stats = keepStats
        return RunLengthPosterior(index: t, runLengths: keepRuns, probabilities: keepLog.map { exp($0) })
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
    /// The run-length posterior after each observation.
    public var posteriors: [RunLengthPosterior]
    /// `P(change within the last k periods)` after each observation.
    public var changeProbability: [Double]
    /// The `k` used for ``changeProbability``.
    public var window: Int
    /// Change points of the maximum-a-posteriori backtrack: from the last
    /// observation, take the most probable run length `r`, record a change at
    /// `t − r` (when > 0) and continue from `t − r − 1`.
    public var changepoints: [Int]
}

extension BayesianOnlineDetector {
    /// Run the detector over `series`.
    ///
    /// - Parameters:
    ///   - series: observations, no NaN.
    ///   - model: the conjugate model and prior.
    ///   - expectedRunLength: `1/h`.
    ///   - window: `k` for the change probability, ≥ 1.
    ///   - truncation: see ``init(model:expectedRunLength:truncation:)``.
    /// - Returns: posteriors, change probabilities and the MAP change points.
    /// - Throws: as ``update(_:)`` and ``init(model:expectedRunLength:truncation:)``;
    ///   ``ChangePointError/invalidParameter(name:detail:)`` for `window < 1` or an empty series.
    /// - Complexity: O(n · R) with `R` the number of run lengths kept (≤ n).
    public static func run(
        _ series: [Double], model: OnlineChangePointModel, expectedRunLength: Double = 100,
        window: Int = 1, truncation: Double = 1e-10
    ) throws -> OnlineChangePointResult {
        guard window >= 1 else {
            throw ChangePointError.invalidParameter(name: "window", detail: "must be ≥ 1, is \(window)")
        }
        guard !series.isEmpty else { throw ChangePointError.noSeries }
        var detector = try BayesianOnlineDetector(model: model, expectedRunLength: expectedRunLength, truncation: truncation)
        var posteriors: [RunLengthPosterior] = []
        posteriors.reserveCapacity(series.count)
        for x in series { posteriors.append(try detector.update(x)) }
        var cps: [Int] = []
        var t = series.count - 1
        while t >= 0 {
            let start = t - posteriors[t].mostLikelyRunLength
            if start > 0 { cps.append(start) }
            t = start - 1
        }
        return OnlineChangePointResult(
            posteriors: posteriors, changeProbability: posteriors.map { $0.probabilityOfChange(withinLast: window) },
            window: window, changepoints: cps.reversed())
    }
}
