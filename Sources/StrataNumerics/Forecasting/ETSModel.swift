import Foundation

/// One exponential smoothing state-space model of the Hyndman et al. (2002, 2008)
/// taxonomy, ETS(error, trend, season).
///
/// Multiplicative trends are not offered (they are excluded from forecast::ets's
/// default search too, and rarely help on count data).
public struct ETSModel: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// How the error enters: added to, or multiplying, the one-step forecast.
    public enum ErrorType: String, Sendable, Codable, CaseIterable { case additive, multiplicative }
    /// The trend component.
    public enum TrendType: String, Sendable, Codable, CaseIterable { case none, additive, damped }
    /// The seasonal component.
    public enum SeasonType: String, Sendable, Codable, CaseIterable { case none, additive, multiplicative }

    /// The error type.
    public var error: ErrorType
    /// The trend type.
    public var trend: TrendType
    /// The season type.
    public var season: SeasonType

    /// Creates a model, e.g. `ETSModel(.multiplicative, .damped, .multiplicative)` for ETS(M,Ad,M).
    public init(_ error: ErrorType, _ trend: TrendType, _ season: SeasonType) {
        self.error = error
        self.trend = trend
        self.season = season
    }

    /// The usual short name, e.g. `ETS(A,Ad,N)`.
    public var description: String {
        let e = error == .additive ? "A" : "M"
        let t = trend == .none ? "N" : (trend == .additive ? "A" : "Ad")
        let s = season == .none ? "N" : (season == .additive ? "A" : "M")
        return "ETS(\(e),\(t),\(s))"
    }

    /// Parses `"AAN"`, `"MAdM"`, `"ETS(M,Ad,M)"` and the like (case-insensitive).
    public init?(parsing text: String) {
        var s = text.uppercased().replacingOccurrences(of: "ETS", with: "")
        s = s.filter { "ANMD".contains($0) }
        guard let e = s.first else { return nil }
        s.removeFirst()
        let err: ErrorType
        switch e {
        case "A": err = .additive
        case "M": err = .multiplicative
        default: return nil
        }
        let tr: TrendType
        if s.hasPrefix("AD") { tr = .damped; s.removeFirst(2) }
        else if s.hasPrefix("A") { tr = .additive; s.removeFirst() }
        else if s.hasPrefix("N") { tr = .none; s.removeFirst() }
        else { return nil }
        let se: SeasonType
        switch s {
        case "N": se = .none
        case "A": se = .additive
        case "M": se = .multiplicative
        default: return nil
        }
        self.init(err, tr, se)
    }

    /// Class 1 of Hyndman et al. (2008, ch. 6): additive error and no
    /// multiplicative component, so forecast variances have a closed form.
    public var isLinear: Bool { error == .additive && season != .multiplicative }

    /// Class 2: multiplicative error, no multiplicative season (closed-form variance, §6.3).
    var isClassTwo: Bool { error == .multiplicative && season != .multiplicative }

    /// Whether the model needs strictly positive data.
    public var requiresPositiveData: Bool { error == .multiplicative || season == .multiplicative }

    /// The number of free parameters counted for the information criteria:
    /// smoothing parameters, damping, initial level, slope and `period − 1`
    /// seasonal states, plus the error variance.
    public func parameterCount(period: Int) -> Int {
        var k = 2 + 1  // alpha, level, sigma
        if trend != .none { k += 2 }
        if trend == .damped { k += 1 }
        if season != .none { k += period }  // gamma + (m − 1) states
        return k
    }
}

/// The parameters and initial states of a fitted ETS model, in the
/// parameterisation of R `forecast::ets` (β and γ are the non-starred
/// smoothing parameters: `b_t = φ b_{t−1} + β e_t` in the additive-error form).
public struct ETSParameters: Sendable, Codable, Equatable {
    /// Level smoothing α.
    public var alpha: Double
    /// Trend smoothing β (0 without trend).
    public var beta: Double
    /// Seasonal smoothing γ (0 without season).
    public var gamma: Double
    /// Damping φ (1 for an undamped or absent trend).
    public var phi: Double
    /// Initial level `l₀`.
    public var initialLevel: Double
    /// Initial slope `b₀` (0 without trend).
    public var initialSlope: Double
    /// Initial seasonal states by position: element `p` is the seasonal state
    /// used at every observation `t` (from 0) with `t mod period == p` in the first cycle.
    /// Empty without season.
    public var initialSeasonal: [Double]

    /// Creates a parameter set.
    public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1,
                initialLevel: Double, initialSlope: Double = 0, initialSeasonal: [Double] = []) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
        self.initialLevel = initialLevel
        self.initialSlope = initialSlope
        self.initialSeasonal = initialSeasonal
    }
}

/// A fitted ETS model: parameters, fit criteria and the final state needed to forecast.
public struct ETSFit: Sendable, Codable, Equatable {
    /// The model.
    public var model: ETSModel
    /// The seasonal period used (1 without season).
    public var period: Int
    /// Estimated parameters and initial states.
    public var parameters: ETSParameters
    /// The Gaussian log-likelihood at the estimate, with σ² profiled out
    /// (the statsmodels `ETSModel` convention; R `forecast::ets` reports
    /// the same quantity without the constant `−n/2·(1 + log 2π − log n)`).
    public var logLikelihood: Double
    /// Akaike's criterion `−2 log L + 2k`.
    public var aic: Double
    /// The small-sample corrected AIC used for selection.
    public var aicc: Double
    /// Schwarz's criterion.
    public var bic: Double
    /// Residual variance `Σ e² / (n − k + 1)` as R `forecast::ets` (relative errors for multiplicative error).
    public var sigma2: Double
    /// Number of observations fitted.
    public var observationCount: Int
    /// Final level `l_n`.
    public var finalLevel: Double
    /// Final slope `b_n`.
    public var finalSlope: Double
    /// Final seasonal states for the next cycle: element `k` applies to
    /// steps ahead `h` with `(h − 1) mod period == k`.
    public var finalSeasonal: [Double]
    /// Notes on the fit (models excluded, fallbacks).
    public var notes: [String]
}
