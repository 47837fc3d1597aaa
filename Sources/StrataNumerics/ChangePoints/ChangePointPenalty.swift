import Foundation

/// The price of one more segment in a penalised change-point search.
///
/// The formulas are R `changepoint`'s (Killick & Eckley 2014, version 2.2.4,
/// `R/penalty_decision.R`), with `n` the series length and `p` R's `diffparam`,
/// the number of parameters that change at a change point:
/// ``ChangePointCost/parametersPerSegment`` times the number of series in a
/// multivariate search. The `+1` counts the change point's location.
///
/// | case | penalty per change point | R `penalty=` |
/// | --- | --- | --- |
/// | ``bic`` | `(p + 1) log n` (Schwarz) | `"BIC"` / `"SIC"` |
/// | ``mbic`` | `(p + 2) log n`, and each segment's cost gets `+ log(length)` (Zhang & Siegmund 2007) | `"MBIC"` (R's default) |
/// | ``aic`` | `2 (p + 1)` | `"AIC"` |
/// | ``hannanQuinn`` | `2 (p + 1) log log n` (0 when `n < 3`) | `"Hannan-Quinn"` |
/// | ``value(_:)`` | the number given | `"Manual"` |
///
/// The MBIC segment-length term is R's too: with `penalty = "MBIC"` R switches
/// the cost to its `*.mbic` variant (`src/cost_general_functions.c`, e.g.
/// `mbic_mean` = `RSS + log(n_segment)`), so every segment, the first included,
/// pays `log(length)`; strata adds the same term (once per segment in a
/// multivariate search, where R only has univariate MBIC).
public enum ChangePointPenalty: Sendable, Codable, Equatable, Hashable {
    /// Schwarz's criterion, `(p + 1) log n`.
    case bic
    /// Modified BIC, `(p + 2) log n` plus `log(length)` per segment (R changepoint's default).
    case mbic
    /// Akaike's criterion, `2 (p + 1)`.
    case aic
    /// Hannan–Quinn, `2 (p + 1) log log n`.
    case hannanQuinn
    /// A fixed penalty per change point (finite, non-negative).
    case value(Double)

    /// The name used on the command line (`bic`, `mbic`, `aic`, `hannan-quinn`, or the number).
    public var name: String {
        switch self {
        case .bic: return "bic"
        case .mbic: return "mbic"
        case .aic: return "aic"
        case .hannanQuinn: return "hannan-quinn"
        case .value(let v): return "\(v)"
        }
    }

    /// Parse `bic`, `mbic`, `aic`, `hannan-quinn` (or `hq`) or a non-negative number.
    public init?(name: String) {
        switch name.lowercased() {
        case "bic", "sic": self = .bic
        case "mbic": self = .mbic
        case "aic": self = .aic
        case "hannan-quinn", "hq": self = .hannanQuinn
        default:
            guard let v = Double(name), v.isFinite, v >= 0 else { return nil }
            self = .value(v)
        }
    }

    /// Whether the penalty adds `log(segment length)` to each segment's cost (MBIC only).
    public var usesSegmentLengthTerm: Bool { self == .mbic }

    /// The numeric penalty per change point.
    ///
    /// - Parameters:
    ///   - length: the series length `n`.
    ///   - parameters: `p`, the parameters that change at a change point.
    /// - Returns: the penalty, never negative.
    /// - Throws: ``ChangePointError/invalidParameter(name:detail:)`` for a
    ///   negative or non-finite ``value(_:)``.
    public func value(length: Int, parameters: Int) throws -> Double {
        let n = Double(max(length, 1)), p = Double(parameters)
        switch self {
        case .bic: return (p + 1) * log(n)
        case .mbic: return (p + 2) * log(n)
        case .aic: return 2 * (p + 1)
        case .hannanQuinn: return max(0, 2 * (p + 1) * log(log(n)))
        case .value(let v):
            guard v.isFinite, v >= 0 else {
                throw ChangePointError.invalidParameter(name: "penalty", detail: "must be a finite non-negative number, is \(v)")
            }
            return v
        }
    }
}
